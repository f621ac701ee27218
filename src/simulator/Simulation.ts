/**
 * Runs a scenario: one virtual clock, one seeded generator, one store (the memory store with
 * snapshots unless another is given), the library's `BackupSystemTable` over a recording decorator,
 * and the simulated cluster. Each operation runs its flow(s), then the simulator's view of the table
 * is brought up to date from the rows the operation wrote (`LiveView`) and every invariant is
 * checked; every `verifyEvery` operations and at the end the view is checked against a full re-read
 * of the table (`view-matches-table`). The result keeps, per operation, the clients' outcomes and
 * step traces.
 *
 * Deterministic: the same scenario gives the same result, byte for byte, on every run.
 */
import { BackupSystemTable } from '../api/BackupSystemTable.js'
import { memoryStore } from '../adapters/memory/index.js'
import type { KVStore } from '../port/KVStore.js'
import type { World } from './Clients.js'
import { runOp } from './Clients.js'
import { virtualClock } from './Clock.js'
import type { Cluster } from './Cluster.js'
import * as C from './Cluster.js'
import type { Outcome } from './flows/types.js'
import type { Violation } from './Invariants.js'
import { checkAll, facts, removable, viewInvariant } from './Invariants.js'
import { random } from './Random.js'
import type { Recorded } from './RecordingStore.js'
import { recordingStore } from './RecordingStore.js'
import type { Op, Scenario } from './Scenario.js'
import * as Sc from './Scenario.js'
import { scheduler } from './Scheduler.js'
import type { ExplainMismatch, StepEnv, StepRecord } from './Steps.js'
import { liveView } from './LiveView.js'
import type { TableView } from './TableView.js'
import { problems, sessionsByState, viewLines } from './TableView.js'

export { resolveTargets } from './Clients.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface SimOptions {
  /** A store to run against; a fresh `memoryStore({ clock })` by default. */
  readonly store?: (clock: () => number) => KVStore
  /** The system table's name; `backup:system` by default. */
  readonly tableName?: string
  readonly verifyExplain?: boolean
  /** Stop after the first operation with a violation (shrinking uses this). */
  readonly stopAtFirstViolation?: boolean
  readonly onProgress?: (done: number, total: number) => void
  /** Compare the incremental view with a full re-read every this many operations (and at the end); 100 by default. */
  readonly verifyEvery?: number
  /**
   * Keep every store operation in `SimResult.log` (true by default). Off, the log holds one
   * operation's calls at a time and memory stays bounded by the history's own reports.
   */
  readonly keepLog?: boolean
  /**
   * Keep every step of every client in the reports (true by default). Off, a report keeps only the
   * steps that did not end `ok` (faults, crashes, errors) and the count and span of the rest: a long
   * history's reports then cost a few hundred bytes an operation instead of a few kilobytes.
   */
  readonly keepSteps?: boolean
  /** Stop before the next operation when this returns true (an interrupted run keeps what ran). */
  readonly interrupted?: () => boolean
  /**
   * Asked after every operation for what is wrong with the table (the CLI passes the doctor's
   * `diagnose`); the answers go on each operation's report, and the HTML report draws them as a lane.
   */
  readonly findingsAfter?: (table: BackupSystemTable) => Promise<ReadonlyArray<FindingMark>>
}

/** One finding as the report shows it: its stable kind and severity. */
export interface FindingMark {
  readonly kind: string
  readonly severity: string
}

/** The name under which a difference between the simulator's view and the table is reported. */
export const VIEW_INVARIANT = viewInvariant.name

export interface ClientReport {
  readonly client: number
  readonly op: string
  readonly outcome: Outcome
  readonly backupId?: string
  readonly targets: ReadonlyArray<string>
  readonly lockAcquired: boolean
  /** The client's steps; with `keepSteps: false` only those that did not end `ok`. */
  readonly steps: ReadonlyArray<StepRecord>
  /** How many steps the client ran, and the virtual times of its first and last (the operation's span without steps). */
  readonly stepCount: number
  readonly from: number
  readonly to: number
}

/** What the table looked like after an operation, in a few numbers (the report draws them as lanes). */
export interface StateAfter {
  readonly lock: string
  readonly sessions: Readonly<Record<string, number>>
  readonly incrementalSet: ReadonlyArray<string>
}

/** The rows an operation with a violation changed: lines of `viewLines`, before and after. */
export interface TableDiff {
  readonly removed: ReadonlyArray<string>
  readonly added: ReadonlyArray<string>
  readonly unchanged: number
}

export interface OpReport {
  readonly index: number
  readonly text: string
  readonly kind: Sc.OpKind
  readonly start: number
  readonly end: number
  readonly clients: ReadonlyArray<ClientReport>
  readonly violations: ReadonlyArray<Violation>
  readonly events: ReadonlyArray<string>
  readonly state: StateAfter
  /** For the first operations with a violation (`MAX_DIFFS`): the table's rows before and after. */
  readonly diff?: TableDiff
  /** What `findingsAfter` found in the table after this operation, when it was asked. */
  readonly findings?: ReadonlyArray<FindingMark>
}

/** Diffs kept per run: each is as long as the rows it changed, but reading a view is as long as the table. */
export const MAX_DIFFS = 200

const diffOf = (before: TableView, after: TableView): TableDiff => {
  const a = viewLines(before)
  const b = viewLines(after)
  const was = new Set(a)
  const now = new Set(b)
  const removed = a.filter((l) => !now.has(l))
  return { removed, added: b.filter((l) => !was.has(l)), unchanged: a.length - removed.length }
}

const stepsOf = (
  steps: ReadonlyArray<StepRecord>,
  keep: boolean,
  start: number,
  end: number
): Pick<ClientReport, 'steps' | 'stepCount' | 'from' | 'to'> => ({
  steps: keep ? steps : steps.filter((st) => st.result !== 'ok'),
  stepCount: steps.length,
  from: steps[0]?.at ?? start,
  to: steps[steps.length - 1]?.at ?? end
})

export interface SimResult {
  readonly scenario: Scenario
  readonly ops: ReadonlyArray<OpReport>
  readonly violations: ReadonlyArray<Violation>
  readonly final: TableView
  readonly storeOperations: number
  /** Every operation that reached the store, attributed to its client (empty when `keepLog` is off). */
  readonly log: ReadonlyArray<Recorded>
  readonly mismatches: ReadonlyArray<ExplainMismatch>
  readonly cluster: Cluster
  readonly clock: { readonly start: number; readonly end: number }
  /** The table, for inspection after the run (the memory store stays open). */
  readonly table: BackupSystemTable
}

/** A simulation that takes its operations one at a time (the property tests drive it so). */
export interface Session {
  readonly apply: (op: Op) => Promise<OpReport>
  /** Compares the view with a full re-read now; a difference is a violation of the last operation. */
  readonly verify: () => Promise<ReadonlyArray<Violation>>
  readonly result: () => SimResult
}

export const open = async (config: Sc.Config, options: SimOptions = {}): Promise<Session> => {
  const clock = virtualClock()
  const start = clock.now()
  const rng = random(config.seed)
  const sched = scheduler(rng.fork())
  const raw = (options.store ?? ((now) => memoryStore({ clock: now })))(clock.now)
  const rec = recordingStore(raw, () => sched.current())
  const opts = {
    clock: clock.now,
    ...(options.tableName === undefined ? {} : { tableName: options.tableName })
  }
  const table = await BackupSystemTable.open(rec.store, opts)
  const view = BackupSystemTable.attach(raw, opts)
  if (view._tag === 'Left') throw new Error('cannot attach the system table')
  const cluster = C.cluster({ tables: config.tables, servers: config.servers }, clock.now())
  const env: StepEnv = {
    table,
    rawStore: raw,
    log: rec.log,
    clock,
    rng,
    sched,
    trace: [],
    events: [],
    verifyExplain: options.verifyExplain ?? false,
    mismatches: []
  }
  const ops: Array<Op> = []
  const w: World = { env, cluster, clock, rng, config }
  const live = await liveView(view.right, cluster.root, cluster.tables)
  const verifyEvery = Math.max(1, options.verifyEvery ?? 100)
  const keepLog = options.keepLog ?? true
  const keepSteps = options.keepSteps ?? true
  let logged = 0
  let diffs = 0
  const model = new Set<string>()
  const reports: Array<OpReport> = []
  const violations: Array<Violation> = []
  let nextClient = 1
  let before = live.current()
  let baseline = before
  let baselineFacts = facts(before, cluster)
  let beforeFacts = baselineFacts
  let dirty = false

  const verifyAt = async (index: number): Promise<ReadonlyArray<Violation>> =>
    (await live.verify()).map((message) => ({ invariant: VIEW_INVARIANT, message, opIndex: index }))

  const apply = async (op: Op): Promise<OpReport> => {
    const index = ops.length
    ops.push(op)
    clock.advance(rng.int(1_000, 30_000))
    const opStart = clock.now()
    const clients = await runOp(w, op, before, () => nextClient++)
    const after = await live.refresh(rec.changes.take())
    for (const r of clients)
      if (
        r.outcome._tag === 'Completed' &&
        (r.op._tag === 'Full' || r.op._tag === 'Incremental') &&
        r.state.backupId !== undefined
      )
        model.add(r.state.backupId)
    for (const id of removable({ clients, before })) model.delete(id)
    const anyCrash = clients.some((r) => r.outcome._tag === 'Crashed')
    const repaired =
      op._tag === 'Repair' && clients[0]?.outcome._tag === 'Completed' && problems(after).length === 0
    dirty = anyCrash || (dirty && !repaired)
    const afterFacts = facts(after, cluster)
    const found: Array<Violation> = [
      ...checkAll(
        {
          mode: config.mode,
          op,
          clients,
          before,
          after,
          baseline,
          baselineFacts,
          beforeFacts,
          afterFacts,
          cluster,
          dirty,
          model
        },
        index
      )
    ]
    for (const v of found) if (v.invariant === 'model-agreement') model.delete(v.message.split(' ')[0] ?? '')
    if ((index + 1) % verifyEvery === 0) found.push(...(await verifyAt(index)))
    violations.push(...found)
    const trace = env.trace.splice(0)
    const findings = options.findingsAfter === undefined ? undefined : await options.findingsAfter(view.right)
    const report: OpReport = {
      index,
      text: Sc.showOp(op),
      kind: Sc.kindOf(op),
      start: opStart,
      end: clock.now(),
      clients: clients.map((r) => ({
        client: r.client,
        op: Sc.showOp(r.op),
        outcome: r.outcome,
        ...(r.state.backupId === undefined ? {} : { backupId: r.state.backupId }),
        targets: r.state.targets,
        lockAcquired: r.state.lockAcquired,
        ...stepsOf(
          trace.filter((t) => t.client === r.client),
          keepSteps,
          opStart,
          clock.now()
        )
      })),
      violations: found,
      events: env.events.splice(0),
      state: { lock: after.lock, sessions: sessionsByState(after), incrementalSet: after.incrementalSet },
      ...(found.length > 0 && diffs++ < MAX_DIFFS ? { diff: diffOf(before, after) } : {}),
      ...(findings === undefined ? {} : { findings })
    }
    reports.push(report)
    if (!keepLog) {
      logged += rec.log.length
      rec.log.length = 0
    }
    before = after
    beforeFacts = afterFacts
    if (!dirty) {
      baseline = after
      baselineFacts = beforeFacts
    }
    return report
  }

  return {
    apply,
    verify: async () => {
      const found = ops.length === 0 ? [] : await verifyAt(ops.length - 1)
      violations.push(...found)
      return found
    },
    result: () => ({
      scenario: { config, ops: [...ops] },
      ops: [...reports],
      violations: [...violations],
      final: before,
      storeOperations: logged + rec.log.length,
      log: rec.log,
      mismatches: env.mismatches,
      cluster,
      clock: { start, end: clock.now() },
      table: view.right
    })
  }
}

export const simulate = async (scenario: Scenario, options: SimOptions = {}): Promise<SimResult> => {
  const session = await open(scenario.config, options)
  let ran = 0
  for (const [i, op] of scenario.ops.entries()) {
    if (options.interrupted !== undefined) {
      // a signal handler runs only when the event loop turns; a run on the memory store never waits
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (options.interrupted()) break
    }
    const report = await session.apply(op)
    ran = i + 1
    options.onProgress?.(i + 1, scenario.ops.length)
    if (options.stopAtFirstViolation === true && report.violations.length > 0) return session.result()
  }
  // the last full check, unless the periodic one has just run
  if (ran % Math.max(1, options.verifyEvery ?? 100) !== 0) await session.verify()
  return session.result()
}
