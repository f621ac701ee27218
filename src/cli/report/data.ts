/**
 * What the HTML report's page draws, as one JSON document embedded in the page: per operation its
 * kind, text, tables, clients (outcome, time span, lock, faults), violations, the table's state after
 * it and, for a violating operation, its row diff; the violations with their shrunk scenarios; the
 * final state. Only what the page shows is kept (no step list: a 10^4-operation history has 10^5
 * steps), so the file stays a few hundred bytes per operation.
 */
import type { Op } from '../../simulator/Scenario.js'
import * as Sc from '../../simulator/Scenario.js'
import type { SimResult } from '../../simulator/Simulation.js'
import type { FinalState, Summary } from '../summary.js'

export interface FaultMark {
  readonly at: number
  readonly crash: boolean
  readonly label: string
}

export interface ClientData {
  readonly kind: string
  readonly outcome: string
  readonly message: string
  readonly from: number
  readonly to: number
  readonly lock: boolean
  readonly steps: number
  readonly backupId?: string
  readonly targets: ReadonlyArray<string>
  readonly faults: ReadonlyArray<FaultMark>
}

export interface OpData {
  readonly text: string
  readonly kind: string
  readonly start: number
  readonly end: number
  readonly fault: boolean
  readonly tables: ReadonlyArray<string>
  readonly clients: ReadonlyArray<ClientData>
  readonly violations: ReadonlyArray<{ readonly invariant: string; readonly message: string }>
  readonly lock: string
  readonly sessions: Readonly<Record<string, number>>
  readonly incr: ReadonlyArray<string>
  readonly diff?: {
    readonly removed: ReadonlyArray<string>
    readonly added: ReadonlyArray<string>
    readonly unchanged: number
  }
  /** The doctor's findings in the table after the operation (`simulate --doctor`). */
  readonly findings?: ReadonlyArray<{ readonly kind: string; readonly severity: string }>
}

export interface ReportData {
  readonly title: string
  readonly meta: string
  readonly clockStart: number
  readonly tables: ReadonlyArray<string>
  readonly kinds: ReadonlyArray<string>
  readonly ops: ReadonlyArray<OpData>
  readonly violations: Summary['violations']
  readonly final: FinalState
  readonly tableName: string
}

const messageOf = (o: SimResult['ops'][number]['clients'][number]['outcome']): string => {
  switch (o._tag) {
    case 'Completed':
      return o.detail
    case 'Rejected':
      return o.reason
    default:
      return o.error
  }
}

const clientOps = (op: Op | undefined): ReadonlyArray<Op> =>
  op === undefined ? [] : op._tag === 'Race' ? op.clients : [op]

export const reportData = (r: SimResult, s: Summary, tableName: string): ReportData => {
  // the tables of each session, as the run last saw them, for the "by table" filter of delete/merge
  const sessionTables = new Map<string, ReadonlyArray<string>>()
  for (const ss of s.final.sessions) sessionTables.set(ss.backupId, ss.tables)
  const allTables = new Set<string>()
  let incr: ReadonlyArray<string> = []
  const ops = r.ops.map((o, i): OpData => {
    const scenarioOp = r.scenario.ops[i]
    const cops = clientOps(scenarioOp)
    const clients = o.clients.map((c, j): ClientData => {
      const cop = cops[j]
      return {
        kind: cop === undefined ? o.kind : Sc.kindOf(cop),
        outcome: c.outcome._tag,
        message: messageOf(c.outcome),
        from: c.from,
        to: c.to,
        lock: c.lockAcquired,
        steps: c.stepCount,
        ...(c.backupId === undefined ? {} : { backupId: c.backupId }),
        targets: c.targets,
        faults: c.steps
          .filter((st) => st.result === 'injected' || st.result === 'crash')
          .map((st) => ({ at: st.at, crash: st.result === 'crash', label: `step ${st.id}: ${st.label}` }))
      }
    })
    const tables = new Set<string>()
    for (const cop of cops) {
      if (cop._tag === 'Full') for (const t of cop.tables) tables.add(t)
      if (cop._tag === 'BulkLoad') tables.add(cop.table)
      if (cop._tag === 'Incremental') for (const t of incr) tables.add(t)
    }
    for (const c of clients)
      for (const id of [...c.targets, ...(c.backupId === undefined ? [] : [c.backupId])])
        for (const t of sessionTables.get(id) ?? []) tables.add(t)
    for (const t of tables) allTables.add(t)
    incr = o.state.incrementalSet
    for (const t of incr) allTables.add(t)
    return {
      text: o.text,
      kind: o.kind,
      start: o.start,
      end: o.end,
      fault: scenarioOp !== undefined && cops.some((c) => Sc.faultOf(c) !== undefined),
      tables: [...tables].sort(),
      clients,
      violations: o.violations.map((v) => ({ invariant: v.invariant, message: v.message })),
      lock: o.state.lock,
      sessions: o.state.sessions,
      incr: o.state.incrementalSet,
      ...(o.diff === undefined ? {} : { diff: o.diff }),
      ...(o.findings === undefined ? {} : { findings: o.findings })
    }
  })
  const c = s.config
  return {
    title: `hbase-backup-meta simulation — seed ${c.seed}, ${c.mode}`,
    meta: `seed ${c.seed} · ${s.operations.toLocaleString('en-US')} operations · mode ${c.mode} · ${c.tables} tables · ${c.servers} region servers · store ${s.store} · ${(s.wallMs / 1000).toFixed(2)} s wall (${s.operationsPerSecond} operations/s) · ${s.storeOperations.toLocaleString('en-US')} system-table calls`,
    clockStart: r.clock.start,
    tables: [...allTables].sort(),
    kinds: [...new Set(ops.map((o) => o.kind))].sort(),
    ops,
    violations: s.violations,
    final: s.final,
    tableName
  }
}
