/**
 * Random histories from a seed (the command line); `historyArbitraries.ts` draws the same mix as
 * fast-check arbitraries for the property tests, kept apart so the command line runs without the
 * optional fast-check peer. Both draw the same mix of operations: backups most often, then bulk loads and time,
 * deletes, merges and repairs, now and then a stale snapshot or a race of two or three clients;
 * each backup, delete, merge or repair carries a fault with probability `faultRate`. Repair is an
 * operator's tool, run once the clients are gone (it takes over a held lock): it never races.
 */
import type { Fault } from './Fault.js'
import * as F from './Fault.js'
import { tableName } from './Cluster.js'
import type { Random } from './Random.js'
import { random } from './Random.js'
import type { ClientOp, Config, Op, Scenario } from './Scenario.js'

export interface GenOptions {
  readonly ops: number
  readonly faultRate: number
}

/** Highest step a generated fault names; flows run 10–60 steps. */
export const MAX_STEP = 40

const tablesOf = (config: Config): ReadonlyArray<string> =>
  Array.from({ length: Math.max(1, config.tables) }, (_, i) => tableName(i))

// -------------------------------------------------------------------------------------------------
// from a seed
// -------------------------------------------------------------------------------------------------

const fault = (rng: Random): Fault => {
  const k = rng.int(1, MAX_STEP)
  const r = rng.float()
  return r < 0.5 ? F.throwAt(k) : r < 0.8 ? F.crashAfter(k) : F.handlerThrow(k, rng.int(1, 6))
}

const maybeFault = <A extends object>(a: A, rng: Random, rate: number): A =>
  rng.chance(rate) ? { ...a, fault: fault(rng) } : a

const clientOp = (rng: Random, tables: ReadonlyArray<string>, rate: number): ClientOp => {
  const r = rng.float()
  if (r < 0.25) {
    const chosen = tables.filter(() => rng.chance(0.6))
    return maybeFault({ _tag: 'Full', tables: chosen.length > 0 ? chosen : [rng.pick(tables)] }, rng, rate)
  }
  if (r < 0.55) return maybeFault({ _tag: 'Incremental' }, rng, rate)
  if (r < 0.67) return maybeFault({ _tag: 'Delete', pick: rng.int(0, 20), count: rng.int(1, 2) }, rng, rate)
  if (r < 0.79) return maybeFault({ _tag: 'Merge', pick: rng.int(0, 20), count: rng.int(2, 3) }, rng, rate)
  if (r < 0.89) return maybeFault({ _tag: 'Repair' }, rng, rate)
  return { _tag: 'BulkLoad', table: rng.pick(tables), files: rng.int(1, 3) }
}

export const generate = (config: Config, options: GenOptions): Scenario => {
  const rng = random(config.seed ^ 0x5eed)
  const tables = tablesOf(config)
  const ops: Array<Op> = []
  for (let i = 0; i < options.ops; i++) {
    const r = rng.float()
    if (r < 0.08) ops.push({ _tag: 'Traffic', ms: rng.int(1, 600) * 1000 })
    else if (r < 0.1) ops.push({ _tag: 'StaleSnapshot' })
    else if (r < 0.17)
      ops.push({
        _tag: 'Race',
        clients: Array.from({ length: rng.int(2, 3) }, () => clientOp(rng, tables, options.faultRate)).map(
          (c): ClientOp => (c._tag === 'Repair' ? { _tag: 'Incremental' } : c)
        )
      })
    else ops.push(clientOp(rng, tables, options.faultRate))
  }
  return { config, ops }
}

export const configTables = tablesOf
