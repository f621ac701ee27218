/**
 * What a simulation run tells its user, as one JSON-able record: the configuration, speed,
 * operations by kind and outcome, faults injected, invariant violations with their minimal
 * scenario, and the final state of the system table. `--json` prints it as is; the text summary and
 * the HTML report render it.
 */
import type * as F from '../simulator/Fault.js'
import { invariants, viewInvariant } from '../simulator/Invariants.js'
import type { Config } from '../simulator/Scenario.js'
import * as Sc from '../simulator/Scenario.js'
import type { SimResult } from '../simulator/Simulation.js'
import type { TableView } from '../simulator/TableView.js'
import { problems } from '../simulator/TableView.js'

export interface SessionSummary {
  readonly backupId: string
  readonly type: string
  readonly state: string
  readonly phase: string
  readonly tables: ReadonlyArray<string>
  readonly startTs: number
  readonly completeTs: number
  readonly failedMessage?: string
}

export interface FinalState {
  readonly lock: string
  readonly snapshot: string
  readonly deleteMarker: ReadonlyArray<string>
  readonly mergeMarker: ReadonlyArray<string>
  readonly sessionsByState: Readonly<Record<string, number>>
  readonly sessions: ReadonlyArray<SessionSummary>
  readonly incrementalSet: ReadonlyArray<string>
  readonly startCode: number | null
  readonly walFiles: number
  readonly bulkLoadRows: number
  readonly serverLogRolls: Readonly<Record<string, number>>
  readonly tableLogRolls: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly backupSets: ReadonlyArray<string>
  readonly problems: ReadonlyArray<string>
}

export interface ViolationSummary {
  readonly invariant: string
  readonly doc: string
  readonly count: number
  readonly first: { readonly opIndex: number; readonly op: string; readonly message: string }
  /** The shrunk history, in the scenario format (absent when shrinking was off). */
  readonly minimalScenario?: string
}

export interface Summary {
  readonly config: Config
  readonly store: string
  readonly operations: number
  readonly wallMs: number
  readonly operationsPerSecond: number
  readonly storeOperations: number
  readonly virtualMs: number
  readonly byKind: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly faults: Readonly<Record<string, number>>
  readonly invariantsChecked: number
  readonly violations: ReadonlyArray<ViolationSummary>
  readonly final: FinalState
}

export const finalState = (v: TableView): FinalState => {
  const byState: Record<string, number> = {}
  for (const s of v.sessions) byState[s.state ?? 'NONE'] = (byState[s.state ?? 'NONE'] ?? 0) + 1
  return {
    lock: v.lock,
    snapshot: v.snapshot === undefined ? 'unknown' : v.snapshot ? 'present' : 'absent',
    deleteMarker: v.deleteMarker ?? [],
    mergeMarker: v.mergeInProgress ? (v.mergeMarker ?? []) : [],
    sessionsByState: byState,
    sessions: v.sessions.map((s) => ({
      backupId: s.backupId,
      type: s.type,
      state: s.state ?? 'NONE',
      phase: s.phase,
      tables: s.tables.map((t) => t.table),
      startTs: s.startTs,
      completeTs: s.completeTs,
      ...(s.failedMessage === undefined ? {} : { failedMessage: s.failedMessage })
    })),
    incrementalSet: v.incrementalSet,
    startCode: v.startCode ?? null,
    walFiles: v.walFiles,
    bulkLoadRows: v.bulkLoads.length,
    serverLogRolls: v.serverLogRolls,
    tableLogRolls: v.tableLogRolls,
    backupSets: v.backupSets,
    problems: problems(v)
  }
}

export const summarize = (
  r: SimResult,
  wallMs: number,
  store: string,
  minimal: ReadonlyMap<string, string>
): Summary => {
  const byKind: Record<string, Record<string, number>> = {}
  const faults: Record<string, number> = { throw: 0, crash: 0, 'throw+handler': 0 }
  const countFault = (f: F.Fault | undefined): void => {
    if (f === undefined) return
    const k = f._tag === 'Throw' ? 'throw' : f._tag === 'Crash' ? 'crash' : 'throw+handler'
    faults[k] = (faults[k] ?? 0) + 1
  }
  const bump = (kind: string, outcome: string): void => {
    const k = (byKind[kind] ??= {})
    k[outcome] = (k[outcome] ?? 0) + 1
  }
  for (const [i, op] of r.scenario.ops.entries()) {
    if (i >= r.ops.length) break
    const report = r.ops[i]
    if (op._tag === 'Race') {
      for (const c of op.clients) countFault(Sc.faultOf(c))
    }
    countFault(Sc.faultOf(op))
    if (report === undefined) continue
    if (report.clients.length === 0) bump(report.kind, 'Completed')
    const clientOps: ReadonlyArray<Sc.Op> = op._tag === 'Race' ? op.clients : [op]
    report.clients.forEach((c, j) => bump(Sc.kindOf(clientOps[j] ?? op), c.outcome._tag))
  }
  const groups = new Map<string, Array<SimResult['violations'][number]>>()
  for (const v of r.violations) groups.set(v.invariant, [...(groups.get(v.invariant) ?? []), v])
  const violations = [...groups.entries()].map(([name, vs]): ViolationSummary => {
    const first = vs[0]
    const opIndex = first?.opIndex ?? 0
    const m = minimal.get(name)
    return {
      invariant: name,
      doc: [...invariants, viewInvariant].find((i) => i.name === name)?.doc ?? '',
      count: vs.length,
      first: { opIndex, op: r.ops[opIndex]?.text ?? '', message: first?.message ?? '' },
      ...(m === undefined ? {} : { minimalScenario: m })
    }
  })
  return {
    config: r.scenario.config,
    store,
    operations: r.ops.length,
    wallMs,
    operationsPerSecond: wallMs === 0 ? r.ops.length : Math.round((r.ops.length * 1000) / wallMs),
    storeOperations: r.storeOperations,
    virtualMs: r.clock.end - r.clock.start,
    byKind,
    faults,
    invariantsChecked: invariants.length,
    violations,
    final: finalState(r.final)
  }
}

export const faultCount = (s: Summary): number => Object.values(s.faults).reduce((a, b) => a + b, 0)
