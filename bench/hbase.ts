/**
 * 6. The HBase store (Thrift2) on a real HBase: RPCs per API method, batched against one-by-one
 * puts, and scan rows/s with and without scanner batching.
 *
 * HBase comes from the test harness (`startHBase()` of test/hbase/harness.ts: a standalone HBase
 * 2.6 and its Thrift2 gateway on loopback), or from `HBASE_THRIFT=host:port` when one is already
 * running (as the `hbase` test project accepts). If neither works the part is skipped with a
 * message and BENCHMARKS.md keeps its previous HBase section.
 *
 * RPCs are counted at the transport: every method of the generated Thrift client
 * (`THBaseService.Client.prototype`) is wrapped for the run, so each request the adapter sends is
 * counted by name, whatever path inside the adapter sent it.
 */
import { hbaseStore } from '../src/adapters/hbase/index.js'
import { THBaseService } from '../src/adapters/hbase/gen/index.js'
import { BackupSystemTable } from '../src/api/BackupSystemTable.js'
import type { Put, Row } from '../src/core/Operation.js'
import * as KR from '../src/core/KeyRange.js'
import type { KVStore } from '../src/port/KVStore.js'
import type { Context } from './lib/context.js'
import { keys as makeKeys, prng, randomBytes, VALUE_BYTES } from './lib/data.js'
import { backupInfoInput, ROOT, serverTimestamps, tableName } from './lib/fixtures.js'
import type { Case } from './lib/measure.js'
import { find, fmtMs, fmtOps, fmtRatio, group, ratio } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { runLine, table } from './lib/report.js'
import { must } from './lib/stores.js'
import { rowsOf } from '../src/port/rowsOf.js'

// -------------------------------------------------------------------------------------------------
// counting RPCs at the Thrift client
// -------------------------------------------------------------------------------------------------

const rpcs = new Map<string, number>()

const instrument = (): (() => void) => {
  const proto = THBaseService.Client.prototype as unknown as Record<string, unknown>
  const originals = new Map<string, unknown>()
  for (const name of Object.getOwnPropertyNames(proto)) {
    const f = proto[name]
    // a service method has a send_<name>; helpers such as incrementSeqId do not
    if (typeof f !== 'function' || typeof proto[`send_${name}`] !== 'function') continue
    originals.set(name, f)
    proto[name] = function (this: unknown, ...args: Array<unknown>): unknown {
      rpcs.set(name, (rpcs.get(name) ?? 0) + 1)
      return (f as (...a: Array<unknown>) => unknown).apply(this, args)
    }
  }
  return () => {
    for (const [name, f] of originals) proto[name] = f
  }
}

const counted = async (f: () => Promise<unknown>): Promise<string> => {
  rpcs.clear()
  await f()
  const total = [...rpcs.values()].reduce((a, b) => a + b, 0)
  const detail = [...rpcs.entries()].map(([k, n]) => `${n} ${k}`).join(' + ')
  return `${total}${total > 0 ? ` (${detail})` : ''}`
}

// -------------------------------------------------------------------------------------------------
// getting an HBase
// -------------------------------------------------------------------------------------------------

interface Endpoint {
  readonly host: string
  readonly port: number
  readonly what: string
  readonly stop: () => Promise<void>
}

const connect = async (log: (line: string) => void): Promise<Endpoint | string> => {
  const given = process.env['HBASE_THRIFT']
  if (given !== undefined && given !== '') {
    const at = given.lastIndexOf(':')
    return {
      host: given.slice(0, at),
      port: Number(given.slice(at + 1)),
      what: `the gateway at ${given} (HBASE_THRIFT)`,
      stop: () => Promise.resolve()
    }
  }
  try {
    const { startHBase } = await import('../test/hbase/harness.js')
    log(
      'hbase: starting HBase with the test harness (test/hbase/harness.ts); the first start downloads it with Maven'
    )
    const h = await startHBase({
      thrift: [{ transport: 'buffered', protocol: 'binary' }],
      log: (line) => log(`  [hbase] ${line}`)
    })
    const e = h.thrift[0]
    if (e === undefined) {
      await h.stop()
      return 'the harness started no gateway'
    }
    return {
      host: h.host,
      port: e.port,
      what: `a standalone HBase 2.6 started by test/hbase/harness.ts, ${h.gateway} Thrift2 gateway, buffered + binary`,
      stop: () => h.stop()
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

// -------------------------------------------------------------------------------------------------
// the part
// -------------------------------------------------------------------------------------------------

const TABLE = 'bench:rows'
const FAMILY = 'f'
const QUALIFIER = new TextEncoder().encode('q')

const putOf = (row: Uint8Array, value: Uint8Array): Put<string> => ({
  _tag: 'Put',
  table: TABLE,
  row,
  cells: [{ family: FAMILY, qualifier: QUALIFIER, value }]
})

const scanAll = async (store: KVStore): Promise<number> => {
  const seen: Array<Row> = []
  for await (const r of rowsOf(store.scan({ _tag: 'Scan', table: TABLE, range: KR.all, reverse: false })))
    seen.push(r)
  return seen.length
}

/** `undefined` when HBase could not be had: the caller keeps the old section. */
export const runHBase = async (ctx: Context): Promise<Section | undefined> => {
  if (process.env['BENCH_HBASE'] === '0') {
    ctx.log('hbase: skipped (BENCH_HBASE=0); BENCHMARKS.md keeps its previous HBase section')
    return undefined
  }
  const endpoint = await connect(ctx.log)
  if (typeof endpoint === 'string') {
    ctx.log(`hbase: SKIPPED, HBase could not start: ${endpoint.split('\n')[0] ?? ''}`)
    ctx.log('hbase: the other parts are still written; BENCHMARKS.md keeps its previous HBase section')
    return undefined
  }
  const restore = instrument()
  try {
    return await measure(ctx, endpoint)
  } finally {
    restore()
    await endpoint.stop()
  }
}

const measure = async (ctx: Context, at: Endpoint): Promise<Section> => {
  // one unbatched scan of 1,000 rows is ~1,000 round trips (seconds on this machine): few, long calls
  const settings = {
    timeMs: ctx.quick ? 200 : 1000,
    warmupMs: 0,
    warmupCalls: 1,
    rounds: ctx.quick ? 1 : 2,
    minCalls: 3,
    // the client mostly waits on HBase: elapsed time, not this process's CPU time
    clock: 'wall' as const
  }
  const rows = 1_000
  const batch = 100
  const batched = hbaseStore({ host: at.host, port: at.port, scanBatchSize: 100 })
  const unbatched = hbaseStore({ host: at.host, port: at.port, scanBatchSize: 1 })
  await must(batched.ensureNamespace('bench'))
  await must(batched.ensureTable({ name: TABLE, families: [{ name: FAMILY, maxVersions: 1 }] }))

  // --- puts: one mutate of `batch` puts against `batch` mutates of one put, same rows and values
  const random = prng(3)
  const keys = makeKeys(rows)
  const values = keys.map(() => randomBytes(random, VALUE_BYTES))
  for (let i = 0; i < rows; i += batch)
    await must(batched.mutate(keys.slice(i, i + batch).map((k, j) => putOf(k, values[i + j] as Uint8Array))))
  let at0 = 0
  const slice = () => {
    at0 = (at0 + batch) % rows
    return keys.slice(at0, at0 + batch).map((k, j) => putOf(k, values[at0 + j] as Uint8Array))
  }
  const putCases: ReadonlyArray<Case> = [
    {
      name: 'batched',
      opsPerCall: batch,
      fn: async () => {
        await must(batched.mutate(slice()))
      }
    },
    {
      name: 'one by one',
      opsPerCall: batch,
      fn: async () => {
        for (const p of slice()) await must(batched.mutate([p]))
      }
    }
  ]
  const rPut = await group(`hbase puts (${batch} rows)`, putCases, settings, ctx.log)
  const putRpcBatched = await counted(() => must(batched.mutate(slice())))
  const putRpcSingle = await counted(async () => {
    for (const p of slice()) await must(batched.mutate([p]))
  })

  // --- scans: every row of the table, scanner batches of 100 rows against 1 row per round trip
  const scanCases: ReadonlyArray<Case> = [
    { name: 'batched', opsPerCall: rows, fn: () => scanAll(batched) },
    { name: 'unbatched', opsPerCall: rows, fn: () => scanAll(unbatched) }
  ]
  const rScan = await group(`hbase scan of ${rows} rows`, scanCases, settings, ctx.log)
  const scanRpcBatched = await counted(() => scanAll(batched))
  const scanRpcUnbatched = await counted(() => scanAll(unbatched))

  // --- RPCs per API method, on a small system table in its own namespace
  const api = await BackupSystemTable.open(batched, { tableName: 'benchbackup:system' })
  for (let i = 0; i < 20; i++) await api.updateBackupInfo(backupInfoInput({ id: i, tables: 3, servers: 0 }))
  const tables = Array.from({ length: 10 }, (_, i) => tableName(i))
  await api.writeRegionServerLogTimestamp(tables, serverTimestamps(10, 1_700_000_000_000), ROOT)
  await api.addToBackupSet('s', tables)
  const methodRows: Array<ReadonlyArray<string>> = []
  const row = async (name: string, f: () => Promise<unknown>) => {
    methodRows.push([name, await counted(f)])
  }
  await row('getBackupHistory() over 20 sessions', () => api.getBackupHistory())
  await row('getBackupHistory({ limit: 10 })', () => api.getBackupHistory({ limit: 10 }))
  await row('readBackupInfo(id)', () => api.readBackupInfo('backup_1700000000000'))
  await row('updateBackupInfo(info)', () =>
    api.updateBackupInfo(backupInfoInput({ id: 0, tables: 3, servers: 0 }))
  )
  await row('hasBackupSessions()', () => api.hasBackupSessions())
  await row('readLogTimestampMap(root), 10 tables', () => api.readLogTimestampMap(ROOT))
  await row('writeRegionServerLogTimestamp(10 tables)', () =>
    api.writeRegionServerLogTimestamp(tables, serverTimestamps(10, 1_700_000_000_000), ROOT)
  )
  await row('addToBackupSet(name, [t])', () => api.addToBackupSet('s', [tableName(99)]))
  await row('removeFromBackupSet(name, [t])', () => api.removeFromBackupSet('s', [tableName(99)]))
  await row('describeBackupSet(name)', () => api.describeBackupSet('s'))
  await row('startBackupExclusiveOperation()', () => api.startBackupExclusiveOperation())
  await row('finishBackupExclusiveOperation()', () => api.finishBackupExclusiveOperation())
  await row('addWALFiles(3 files)', () =>
    api.addWALFiles(
      ['hdfs://nn/wal/a.1', 'hdfs://nn/wal/b.2', 'hdfs://nn/wal/c.3'],
      'backup_1700000000000',
      ROOT
    )
  )
  await row('getWALFiles(root)', () => api.getWALFiles(ROOT))
  await row('opening the table (BackupSystemTable.open)', () =>
    BackupSystemTable.open(batched, { tableName: 'benchbackup:system' })
  )
  await batched.close()
  await unbatched.close()

  const pb = find(rPut, 'batched')
  const p1 = find(rPut, 'one by one')
  const sb = find(rScan, 'batched')
  const s1 = find(rScan, 'unbatched')
  const markdown = `## 6. HBase store (Thrift2) on a real HBase

${runLine()} Against ${at.what}; client and HBase share the machine's 2 cores, so these are loopback
latencies, not a cluster's.

${table(
  ['comparison', 'fast side', 'slow side', 'ratio (same run)', 'RPCs, fast side', 'RPCs, slow side'],
  [
    [
      `${batch} puts: one \`mutate\` of ${batch} against ${batch} \`mutate\`s of one`,
      `${fmtOps(pb.opsPerSec)} rows/s`,
      `${fmtOps(p1.opsPerSec)} rows/s`,
      fmtRatio(ratio(pb, p1)),
      putRpcBatched,
      putRpcSingle
    ],
    [
      `scan of ${rows.toLocaleString('en-US')} rows: 100 rows per \`getScannerRows\` against 1`,
      `${fmtOps(sb.opsPerSec)} rows/s (${fmtMs(sb.msPerCall)})`,
      `${fmtOps(s1.opsPerSec)} rows/s (${fmtMs(s1.msPerCall)})`,
      fmtRatio(ratio(sb, s1)),
      scanRpcBatched,
      scanRpcUnbatched
    ]
  ]
)}

How to read it: the ratio is the fast side's rows/s over the slow side's, measured in the same run.
A \`mutate\` of many puts becomes one \`putMultiple\` (rows without deletes, same table), so a batch
pays one round trip where one-by-one pays one per row. A scan asks for \`scanBatchSize\` rows per
\`getScannerRows\` (default 100); with 1 it pays a round trip per row.

### RPCs per API method

Thrift requests sent by one call of each method (counted at the generated client; table
\`benchbackup:system\` holding 20 sessions, a log-roll map of 10 tables, a set of 10 tables).

${table(['method', 'RPCs'], methodRows)}
`
  return { id: 'hbase', markdown }
}
