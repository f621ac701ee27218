/**
 * 7. History in bounded memory, and programs of many steps.
 *
 * `getHistory(10)` over 10^4 and 10^5 sessions on the memory store, set against a floor that scans
 * the same rows straight on the port and decodes each with bare protobufjs (no validation, no
 * program, no ordering). Besides CPU time, the live heap during the call: a store wrapper forces a
 * full collection at ~16 evenly spaced batches of the scan and at its end, and records heapUsed +
 * arrayBuffers above the level before the call, so what the call keeps alive is measured, not its
 * garbage.
 *
 * `sequence` of 10^3, 10^4, 10^5 steps (each a `Get` of a missing row), run on the memory store:
 * time per step should not grow with the number of steps.
 */
import { memoryStore } from '../src/adapters/memory/index.js'
import { BackupSystemTable } from '../src/api/BackupSystemTable.js'
import * as P from '../src/core/Program.js'
import * as Session from '../src/core/rows/BackupSession.js'
import { BackupInfoType } from '../src/core/proto/schema.js'
import { run } from '../src/interpreter/run.js'
import type { KVStore } from '../src/port/KVStore.js'
import type { Context } from './lib/context.js'
import { collectGarbage } from './lib/context.js'
import { backupInfo } from './lib/fixtures.js'
import type { Settings, Suites } from './lib/measure.js'
import { cpuNow, find, fmtMs, fmtRatio, isolated, median, ratio, sink } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { runLine, table } from './lib/report.js'
import { must } from './lib/stores.js'

const sizes = (quick: boolean): ReadonlyArray<number> => (quick ? [1_000, 10_000] : [10_000, 100_000])
const steps = (quick: boolean): ReadonlyArray<number> => (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000])

/** A memory store holding `n` sessions, written straight through the port in batches. */
const filled = async (n: number): Promise<{ store: KVStore; api: BackupSystemTable }> => {
  const store = memoryStore()
  const api = await BackupSystemTable.open(store)
  for (let at = 0; at < n; at += 1000) {
    const puts = []
    for (let i = at; i < Math.min(n, at + 1000); i++)
      puts.push({
        ...Session.put(
          backupInfo({ id: i, tables: 3, servers: 0, state: i % 10 === 9 ? 'FAILED' : 'COMPLETE' })
        ),
        table: api.tables.system
      })
    await must(store.mutate(puts))
  }
  return { store, api }
}

const floor = async (store: KVStore, system: string): Promise<void> => {
  for await (const batch of store.scan({ ...Session.scan(), table: system }))
    for (const r of batch) {
      const v = r.cells[0]?.value
      if (v !== undefined && BackupInfoType.decode(v) !== undefined) sink.n++
    }
}

export const suites = (quick: boolean): Suites =>
  Object.fromEntries(
    sizes(quick).map((n) => [
      `top10-${n}`,
      [
        {
          name: 'getHistory(10)',
          opsPerCall: 1,
          setup: async () => {
            const { api } = await filled(n)
            return async () => {
              sink.n += (await api.getHistory(10)).length
            }
          }
        },
        {
          name: 'floor',
          opsPerCall: 1,
          setup: async () => {
            const { store, api } = await filled(n)
            return () => floor(store, api.tables.system)
          }
        }
      ]
    ])
  )

const heapNow = (): number => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/**
 * The largest live heap above the level before `call`, sampled (after a full collection) at ~16
 * evenly spaced batches of every scan `call` makes through `sampled`, and once after it returns.
 */
const liveHeap = async (
  store: KVStore,
  batches: number,
  call: (sampled: KVStore) => Promise<unknown>
): Promise<number> => {
  const every = Math.max(1, Math.floor(batches / 16))
  let peak = 0
  let base = 0
  const sample = () => {
    collectGarbage()
    peak = Math.max(peak, heapNow() - base)
  }
  const sampled: KVStore = {
    ...store,
    scan: (s) => ({
      [Symbol.asyncIterator]: () => {
        const it = store.scan(s)[Symbol.asyncIterator]()
        let k = 0
        return {
          next: async () => {
            const r = await it.next()
            if (++k % every === 0 || r.done === true) sample()
            return r
          },
          return: async () => {
            sample()
            return it.return === undefined ? { done: true, value: undefined } : it.return()
          }
        }
      }
    })
  }
  collectGarbage()
  base = heapNow()
  const result = await call(sampled)
  sample()
  sink.n += result === undefined ? 0 : 1
  return peak
}

const batchesOf = async (store: KVStore, system: string): Promise<number> => {
  let k = 0
  for await (const _ of store.scan({ ...Session.scan(), table: system })) k++
  return k
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`

/** `sequence` of `n` gets of a missing row, run once; CPU ms, or the error that stopped it. */
const sequenceOf = async (store: KVStore, system: string, n: number): Promise<number | string> => {
  const missing = Session.get('backup_1' as Parameters<typeof Session.get>[0])
  const program = P.sequence(Array.from({ length: n }, () => P.get(missing)))
  const exec = run({ store, tables: { system, bulk: system } })
  try {
    const t0 = cpuNow()
    const r = await exec(program)()
    const ms = cpuNow() - t0
    return r._tag === 'Right' && r.right.length === n ? ms : 'wrong result'
  } catch (e) {
    return e instanceof RangeError ? 'stack overflow' : String(e)
  }
}

export const runHistory = async (ctx: Context): Promise<Section> => {
  const settings = (n: number): Settings =>
    n >= 100_000 ? { timeMs: 0, warmupMs: 0, rounds: 3, minCalls: 2, warmupCalls: 1 } : ctx.slow
  const all = suites(ctx.quick)
  const rows: Array<ReadonlyArray<string>> = []
  for (const n of sizes(ctx.quick)) {
    const group = `top10-${n}`
    const r = await isolated(
      'history',
      group,
      `getHistory(10) of ${n}`,
      all[group] ?? [],
      settings(n),
      ctx.quick,
      ctx.log
    )
    const ours = find(r, 'getHistory(10)')
    const fl = find(r, 'floor')
    const { store, api } = await filled(n)
    const batches = await batchesOf(store, api.tables.system)
    const heapOurs = await liveHeap(store, batches, async (s) => {
      const t = await BackupSystemTable.open(s)
      return t.getHistory(10)
    })
    const heapFloor = await liveHeap(store, batches, (s) => floor(s, api.tables.system))
    ctx.log(`  live heap at ${n}: ours ${mb(heapOurs)}, floor ${mb(heapFloor)}`)
    rows.push([
      `\`getHistory(10)\` over ${n.toLocaleString('en-US')} sessions`,
      fmtMs(ours.msPerCall),
      fmtMs(fl.msPerCall),
      fmtRatio(ratio(ours, fl)),
      mb(heapOurs),
      mb(heapFloor)
    ])
    await store.close()
  }

  const seqRows: Array<ReadonlyArray<string>> = []
  const store = memoryStore()
  const api = await BackupSystemTable.open(store)
  for (const n of steps(ctx.quick)) {
    const times: Array<number> = []
    let failed: string | undefined
    for (let round = 0; round < 3 && failed === undefined; round++) {
      const r = await sequenceOf(store, api.tables.system, n)
      if (typeof r === 'string') failed = r
      else times.push(r)
    }
    const ms = median(times)
    ctx.log(`  sequence of ${n}: ${failed ?? `${fmtMs(ms)} (${fmtMs(ms / n)} per step)`}`)
    seqRows.push([
      `\`sequence\` of ${n.toLocaleString('en-US')} gets`,
      failed ?? fmtMs(ms),
      failed ?? fmtMs(ms / n)
    ])
  }
  await store.close()

  const markdown = `## 7. History in bounded memory; long programs

${runLine()}

${table(['call', 'ours (CPU)', 'floor (CPU)', 'ours ÷ floor', 'live heap, ours', 'live heap, floor'], rows)}

${table(['program', 'total (CPU)', 'per step'], seqRows)}

How to read it: **ours ÷ floor** is the API's speed as a fraction of the floor's (a process per case
and round, median of the per-round ratios). The floor scans the same session rows on the port and
decodes each with bare protobufjs, keeping nothing. **Live heap** is the largest heapUsed +
arrayBuffers above the level before the call, each sample taken after a full collection, at ~16
evenly spaced batches of the scan and once after the call. \`sequence\` runs n \`Get\`s of a missing
row on the memory store, one process, median of 3 runs.
`
  return { id: 'history', markdown }
}
