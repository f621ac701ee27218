/**
 * Sustained load on a real HBase: several clients make a seeded mix of API calls for LOAD_SECONDS
 * (default 20) in each of three variants: a store and one connection per client (buffered+binary),
 * one store whose pool of 4 serves every client, and framed+compact stores with pools of 2. Each client owns its root, sets, sessions and WAL
 * names, so a model per client predicts every read; the lock is shared and contended. At the end
 * the table read back equals the models, no call failed (a refused lock is an answer, not an
 * error), and the heap, sampled after full collections, stayed level.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, inject, it } from 'vitest'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import type { BackupInfoInput } from '../../src/api/methods.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'

/** JSON with object keys sorted: a session equals its model whatever order its fields were decoded in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x
  )

const { endpoints } = inject('hbase')
/** Per variant; three variants run one after another. */
const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 20)
const CLIENTS = 4
const TABLES = ['t1', 'ns:t2', 't3', 'ns:t4']

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heapAfterGc = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** mulberry32: a seeded PRNG, so a failing run can be replayed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

interface Model {
  readonly root: string
  readonly sessions: Map<string, BackupInfoInput>
  startCode?: number
  readonly logRolls: Map<string, number>
  readonly tableLogs: Map<string, Record<string, number>>
  readonly incremental: Set<string>
  readonly wals: Set<string>
  readonly sets: Map<string, ReadonlyArray<string>>
}

const session = (
  root: string,
  id: string,
  ms: number,
  state: 'RUNNING' | 'COMPLETE' | 'FAILED'
): BackupInfoInput => ({
  backupId: id,
  type: ms % 2 === 0 ? 'FULL' : 'INCREMENTAL',
  backupRootDir: root,
  state,
  phase: 'REQUEST',
  // in the order the codec decodes them, so reads compare as JSON
  tables: [{ table: 't1' }, { table: 'ns:t2' }],
  startTs: ms,
  completeTs: state === 'COMPLETE' ? ms + 1_000 : 0,
  progress: state === 'COMPLETE' ? 100 : 0,
  workers: -1,
  bandwidth: -1
})

export const figures = { calls: 0, perSecond: 0, lockRefused: 0, heapMB: [] as Array<number> }

interface Variant {
  readonly name: string
  readonly transport: 'buffered' | 'framed'
  /** Connections per store. */
  readonly poolSize: number
  /** One store shared by every client (its pool serves them all), or one store each. */
  readonly shared: boolean
}

const VARIANTS: ReadonlyArray<Variant> = [
  {
    name: 'buffered+binary, a store and one connection per client',
    transport: 'buffered',
    poolSize: 1,
    shared: false
  },
  {
    name: 'buffered+binary, one store with a pool of 4 for all clients',
    transport: 'buffered',
    poolSize: 4,
    shared: true
  },
  {
    name: 'framed+compact, a store with a pool of 2 per client',
    transport: 'framed',
    poolSize: 2,
    shared: false
  }
]

/** `LOAD_VARIANT=n` runs only the n-th (0-based) variant. */
const only = process.env['LOAD_VARIANT']

describe.each(only === undefined ? VARIANTS : VARIANTS.slice(Number(only), Number(only) + 1))(
  'sustained load on a real HBase: $name',
  (variant) => {
    it(
      `${CLIENTS} clients for ${SECONDS} s: no errors, level heap, the table equals the models`,
      async () => {
        const e = endpoints.find((x) => x.transport === variant.transport)
        if (e === undefined) throw new Error(`no ${variant.transport} gateway endpoint`)
        const tableName = `backup:load_${Date.now()}`
        const config = {
          host: e.host,
          port: e.port,
          transport: e.transport,
          protocol: e.protocol,
          poolSize: variant.poolSize
        }
        const one = variant.shared ? hbaseStore(config) : undefined
        const stores = Array.from({ length: CLIENTS }, () => one ?? hbaseStore(config))
        const errors: Array<string> = []
        const heap: Array<number> = []
        let calls = 0
        let refused = 0
        try {
          const tables = await Promise.all(stores.map((s) => BackupSystemTable.open(s, { tableName })))
          const models: Array<Model> = tables.map((_, c) => ({
            root: `hdfs://nn/load/c${c}`,
            sessions: new Map(),
            logRolls: new Map(),
            tableLogs: new Map(),
            incremental: new Set(),
            wals: new Set(),
            sets: new Map()
          }))
          const endAt = Date.now() + SECONDS * 1_000
          const sampler = setInterval(() => heap.push(heapAfterGc()), 5_000)

          const client = async (c: number) => {
            const t = tables[c] as BackupSystemTable
            const m = models[c] as Model
            const rnd = prng(1_000 + c)
            const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rnd() * xs.length)] as A
            let n = 0
            const call = async (name: string, f: () => Promise<unknown>): Promise<void> => {
              calls++
              try {
                await f()
              } catch (thrown) {
                const tag = thrown instanceof BackupMetaError ? thrown.error._tag : 'untyped'
                if (name === 'startBackupExclusiveOperation' && tag === 'ExclusiveOperation') refused++
                else errors.push(`client ${c} ${name}: ${String(thrown)}`)
              }
            }
            const check = (name: string, ok: boolean) => {
              if (!ok) errors.push(`client ${c} ${name}: read disagrees with the model`)
            }
            while (Date.now() < endAt) {
              n++
              const ms = 1_600_000_000_000 + c * 10_000_000 + n
              switch (Math.floor(rnd() * 12)) {
                case 0: {
                  const id = `backup_${ms}`
                  const info = session(m.root, id, ms, pick(['RUNNING', 'COMPLETE', 'FAILED']))
                  await call('updateBackupInfo', () => t.updateBackupInfo(info))
                  m.sessions.set(id, info)
                  break
                }
                case 1: {
                  const ids = [...m.sessions.keys()]
                  if (ids.length === 0) break
                  const id = pick(ids)
                  await call('readBackupInfo', async () =>
                    check(
                      'readBackupInfo',
                      canonical(await t.readBackupInfo(id)) === canonical(m.sessions.get(id))
                    )
                  )
                  break
                }
                case 2: {
                  const ids = [...m.sessions.keys()]
                  if (ids.length < 5) break
                  const id = pick(ids)
                  await call('deleteBackupInfo', () => t.deleteBackupInfo(id))
                  m.sessions.delete(id)
                  break
                }
                case 3:
                  await call('writeBackupStartCode', () => t.writeBackupStartCode(ms, m.root))
                  m.startCode = ms
                  break
                case 4: {
                  const s = `rs${Math.floor(rnd() * 5)}.example.com:16020`
                  await call('writeRegionServerLastLogRollResult', () =>
                    t.writeRegionServerLastLogRollResult(s, ms, m.root)
                  )
                  m.logRolls.set(s, ms)
                  break
                }
                case 5: {
                  const ts = [pick(TABLES), pick(TABLES)]
                  const map = { 'rs0.example.com:16020': ms, 'rs1.example.com:16020': ms - 1 }
                  await call('writeRegionServerLogTimestamp', () =>
                    t.writeRegionServerLogTimestamp(ts, map, m.root)
                  )
                  for (const x of ts) m.tableLogs.set(x, map)
                  break
                }
                case 6: {
                  const ts = [pick(TABLES)]
                  await call('addIncrementalBackupTableSet', () => t.addIncrementalBackupTableSet(ts, m.root))
                  for (const x of ts) m.incremental.add(x)
                  break
                }
                case 7: {
                  // a WAL row is keyed by the file name alone (Java layout): names are unique across servers
                  const files = [`/hbase/WALs/c${c}/wal.c${c}.${n}.a`, `/hbase/WALs/c${c}/wal.c${c}.${n}.b`]
                  await call('addWALFiles', () => t.addWALFiles(files, `backup_${ms}`, m.root))
                  for (const f of files) m.wals.add(f)
                  break
                }
                case 8: {
                  const name = `load-c${c}-${Math.floor(rnd() * 4)}`
                  const ts = [pick(TABLES)]
                  await call('addToBackupSet', () => t.addToBackupSet(name, ts))
                  m.sets.set(name, [
                    ...(m.sets.get(name) ?? []),
                    ...ts.filter((x) => !(m.sets.get(name) ?? []).includes(x))
                  ])
                  break
                }
                case 9: {
                  const name = `load-c${c}-${Math.floor(rnd() * 4)}`
                  const ts = [pick(TABLES)]
                  await call('removeFromBackupSet', () => t.removeFromBackupSet(name, ts))
                  const left = (m.sets.get(name) ?? []).filter((x) => !ts.includes(x))
                  if (left.length === 0) m.sets.delete(name)
                  else m.sets.set(name, left)
                  break
                }
                case 10:
                  await call('getBackupHistoryForRoot', async () =>
                    check(
                      'getBackupHistoryForRoot',
                      (await t.getBackupHistoryForRoot(m.root)).length === m.sessions.size
                    )
                  )
                  break
                default: {
                  let held = false
                  await call('startBackupExclusiveOperation', async () => {
                    await t.startBackupExclusiveOperation()
                    held = true
                  })
                  if (held)
                    await call('finishBackupExclusiveOperation', () => t.finishBackupExclusiveOperation())
                }
              }
            }
          }
          const started = Date.now()
          heap.push(heapAfterGc())
          await Promise.all(tables.map((_, c) => client(c)))
          clearInterval(sampler)
          heap.push(heapAfterGc())
          const elapsed = (Date.now() - started) / 1_000

          // the table read back equals the models
          for (const [c, m] of models.entries()) {
            const t = tables[c] as BackupSystemTable
            const history = await t.getBackupHistoryForRoot(m.root)
            expect(new Set(history.map((i) => i.backupId))).toEqual(new Set(m.sessions.keys()))
            for (const info of history) expect(canonical(info)).toBe(canonical(m.sessions.get(info.backupId)))
            expect(await t.readBackupStartCode(m.root)).toBe(m.startCode)
            expect(await t.readRegionServerLastLogRollResult(m.root)).toEqual(Object.fromEntries(m.logRolls))
            expect(await t.readLogTimestampMap(m.root)).toEqual(Object.fromEntries(m.tableLogs))
            expect(new Set(await t.getIncrementalBackupTableSet(m.root))).toEqual(m.incremental)
            expect(new Set((await t.getWALFiles(m.root)).map((w) => w.file))).toEqual(m.wals)
            for (let k = 0; k < 4; k++) {
              const name = `load-c${c}-${k}`
              expect(await t.describeBackupSet(name)).toEqual(m.sets.get(name))
            }
          }
          expect(errors).toEqual([])

          const mb = heap.map((h) => Math.round((h / 2 ** 20) * 10) / 10)
          figures.calls = calls
          figures.perSecond = Math.round(calls / elapsed)
          figures.lockRefused = refused
          figures.heapMB = mb
          process.stdout.write(
            `[load, ${variant.name}] ${calls} calls in ${elapsed.toFixed(0)} s (${figures.perSecond}/s), ${refused} lock refusals, ` +
              `heap after GC (MB): ${mb.join(' ')}\n`
          )
          // level heap: the second half of the run grows by less than 32 MB over the first samples
          const warm = heap.slice(1, Math.max(2, Math.ceil(heap.length / 2)))
          const late = heap.slice(Math.ceil(heap.length / 2))
          expect(Math.max(...late) - Math.min(...warm)).toBeLessThan(32 * 2 ** 20)
          expect(calls).toBeGreaterThan(SECONDS * 10)
        } finally {
          await Promise.all([...new Set(stores)].map((s) => s.close()))
        }
      },
      (SECONDS + 120) * 1_000
    )
  }
)
