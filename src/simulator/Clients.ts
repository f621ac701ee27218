/**
 * One operation of a history, run: session picks resolved by position against the table as it is,
 * each client's flow started with its own numbered steps and fault, a race's clients interleaved by
 * the scheduler. Returns what each client did, for the invariants.
 */
import type { VirtualClock } from './Clock.js'
import type { Cluster } from './Cluster.js'
import { bulkLoad, staleSnapshot, traffic } from './flows/cluster.js'
import { fullBackup, incrementalBackup } from './flows/backup.js'
import { deleteCommand } from './flows/delete.js'
import { mergeCommand } from './flows/merge.js'
import { repair } from './flows/repair.js'
import type { FlowState, Outcome } from './flows/types.js'
import { initialState } from './flows/types.js'
import type { ClientRun } from './Invariants.js'
import type { Random } from './Random.js'
import { wroteAnything } from './RecordingStore.js'
import type { ClientOp, Op } from './Scenario.js'
import type * as Sc from './Scenario.js'
import type { StepEnv } from './Steps.js'
import { steps } from './Steps.js'
import type { TableView } from './TableView.js'

// -------------------------------------------------------------------------------------------------
// picking sessions by position
// -------------------------------------------------------------------------------------------------

const oldestFirst = (v: TableView) => [...v.sessions].reverse()

export const resolveTargets = (op: ClientOp, v: TableView): ReadonlyArray<string> => {
  if (op._tag === 'Delete') {
    const all = oldestFirst(v).map((s) => s.backupId)
    if (all.length === 0) return []
    const i = op.pick % all.length
    return all.slice(i, i + Math.max(1, op.count))
  }
  if (op._tag === 'Merge') {
    const incr = oldestFirst(v)
      .filter((s) => s.type === 'INCREMENTAL' && s.state === 'COMPLETE')
      .map((s) => s.backupId)
    if (incr.length < 2) return []
    const i = op.pick % (incr.length - 1)
    return incr.slice(i, i + Math.max(2, op.count))
  }
  return []
}

// -------------------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------------------

export interface World {
  readonly env: StepEnv
  readonly cluster: Cluster
  readonly clock: VirtualClock
  readonly rng: Random
  readonly config: Sc.Config
}

const runClient = async (w: World, op: ClientOp, client: number, before: TableView): Promise<ClientRun> => {
  const st: FlowState = initialState()
  const from = w.env.log.length
  const fenv = {
    mode: w.config.mode,
    cluster: w.cluster,
    clock: w.clock,
    rng: w.rng,
    steps: steps(w.env, client, 'fault' in op ? op.fault : undefined)
  }
  const targets = resolveTargets(op, before)
  const outcome: Outcome = await (async (): Promise<Outcome> => {
    switch (op._tag) {
      case 'Full':
        return fullBackup(fenv, st, op.tables)
      case 'Incremental':
        return incrementalBackup(fenv, st)
      case 'Delete':
        return targets.length === 0
          ? { _tag: 'Rejected', reason: 'no backup to delete' }
          : deleteCommand(fenv, st, targets)
      case 'Merge':
        return targets.length < 2
          ? { _tag: 'Rejected', reason: 'fewer than two incrementals to merge' }
          : mergeCommand(fenv, st, targets)
      case 'Repair':
        return repair(fenv, st)
      case 'BulkLoad':
        return bulkLoad(fenv, st, op.table, op.files)
    }
  })()
  return { client, op, outcome, state: st, writes: wroteAnything(client, from)(w.env.log).length }
}

export const runOp = async (
  w: World,
  op: Op,
  before: TableView,
  next: () => number
): Promise<ReadonlyArray<ClientRun>> => {
  switch (op._tag) {
    case 'Traffic': {
      const fenv = {
        mode: w.config.mode,
        cluster: w.cluster,
        clock: w.clock,
        rng: w.rng,
        steps: steps(w.env, next(), undefined)
      }
      traffic(fenv, op.ms)
      return []
    }
    case 'StaleSnapshot': {
      const client = next()
      const st = initialState()
      const fenv = {
        mode: w.config.mode,
        cluster: w.cluster,
        clock: w.clock,
        rng: w.rng,
        steps: steps(w.env, client, undefined)
      }
      await staleSnapshot(fenv, st)
      return []
    }
    case 'Race': {
      const first = next()
      for (let i = 1; i < op.clients.length; i++) next()
      return w.env.sched.race(
        op.clients.map((c) => (client: number) => runClient(w, c, client, before)),
        first
      )
    }
    default:
      return [await runClient(w, op, next(), before)]
  }
}
