/**
 * 4. The API on the memory store: `getBackupHistory` over 10^4 sessions, `readLogTimestampMap` of
 * 10^3 tables × 100 servers, and `addToBackupSet` / `removeFromBackupSet` churn. Each is set
 * against a floor that does the same store reads with no API around them: the rows scanned (or
 * read and compare-and-set) straight on the store and decoded by bare protobufjs / string split,
 * without argument validation, programs, the interpreter, domain validation or ordering.
 */
import * as O from 'fp-ts/lib/Option.js'
import { memoryStore } from '../src/adapters/memory/index.js'
import { BackupSystemTable } from '../src/api/BackupSystemTable.js'
import type { Row } from '../src/core/Operation.js'
import * as Session from '../src/core/rows/BackupSession.js'
import * as BackupSet from '../src/core/rows/BackupSet.js'
import * as TableServerLogRoll from '../src/core/rows/TableServerLogRoll.js'
import type { BackupRoot } from '../src/core/domain/Identifiers.js'
import { BackupInfoType, TableServerTimestampType } from '../src/core/proto/schema.js'
import type { KVStore } from '../src/port/KVStore.js'
import type { Context } from './lib/context.js'
import { counting, showCounts } from './lib/counting.js'
import { backupInfoInput, ROOT, serverTimestamps, tableName } from './lib/fixtures.js'
import type { Suites } from './lib/measure.js'
import { find, fmtMs, fmtOps, fmtRatio, isolated, ratio, sink, timeOnce } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { runLine, table } from './lib/report.js'
import { must } from './lib/stores.js'
import { rowsOf } from '../src/port/rowsOf.js'

const scanAll = async (store: KVStore, scan: Parameters<KVStore['scan']>[0]): Promise<Array<Row>> => {
  const out: Array<Row> = []
  for await (const r of rowsOf(store.scan(scan))) out.push(r)
  return out
}

const text = new TextDecoder()

const SERVERS = 100
const SET_SIZE = 100
const PAIRS = 50
const sizes = (quick: boolean) => ({ sessions: quick ? 1_000 : 10_000, tables: quick ? 100 : 1_000 })

/** A memory store and the API over it, holding what `what` asks for. */
const world = async (quick: boolean, what: { sessions?: boolean; logs?: boolean; set?: boolean }) => {
  const { sessions, tables } = sizes(quick)
  const raw = memoryStore()
  const counted = counting(raw)
  const api = await BackupSystemTable.open(counted.store)
  const writeSessions = await timeOnce(async () => {
    if (what.sessions === true)
      for (let i = 0; i < sessions; i++)
        await api.updateBackupInfo(
          backupInfoInput({ id: i, tables: 3, servers: 0, state: i % 10 === 9 ? 'FAILED' : 'COMPLETE' })
        )
  })
  const allTables = Array.from({ length: tables }, (_, i) => tableName(i))
  const writeLogRolls = await timeOnce(async () => {
    if (what.logs === true)
      await api.writeRegionServerLogTimestamp(allTables, serverTimestamps(SERVERS, 1_700_000_000_000), ROOT)
  })
  if (what.set === true)
    await api.addToBackupSet(
      'churn',
      Array.from({ length: SET_SIZE }, (_, i) => tableName(i))
    )
  return { raw, api, counted, allTables, writeSessions, writeLogRolls, system: api.tables.system }
}

const bare = (type: typeof BackupInfoType) => (rows: ReadonlyArray<Row>) => {
  for (const r of rows) {
    const v = r.cells[0]?.value
    if (v !== undefined && type.decode(v) !== undefined) sink.n++
  }
}

/** The set churn's floor: get, split, change, join, compare-and-set, straight on the store. */
const rawRmw = async (raw: KVStore, system: string, change: (tables: Array<string>) => Array<string>) => {
  const name = 'rawset'
  const row = await must(raw.get({ ...BackupSet.get(name as never), table: system }))
  const cell = O.isSome(row) ? row.value.cells[0]?.value : undefined
  const current = cell === undefined ? [] : text.decode(cell).split(',')
  const next = change(current)
  const put = { ...BackupSet.put(name as never, next as never), table: system }
  await must(
    raw.checkAndPut({
      _tag: 'CheckAndPut',
      table: system,
      row: put.row,
      family: BackupSet.column.family,
      qualifier: BackupSet.column.qualifier,
      expected: cell === undefined ? O.none : O.some(cell),
      put
    })
  )
}

export const suites = (quick: boolean): Suites => ({
  history: [
    {
      name: 'getBackupHistory',
      opsPerCall: 1,
      setup: async () => {
        const { api } = await world(quick, { sessions: true })
        return async () => {
          sink.n += (await api.getBackupHistory()).length
        }
      }
    },
    {
      name: 'floor',
      opsPerCall: 1,
      setup: async () => {
        const { raw, system } = await world(quick, { sessions: true })
        const scan = { ...Session.scan(), table: system }
        return async () => bare(BackupInfoType)(await scanAll(raw, scan))
      }
    }
  ],
  logs: [
    {
      name: 'readLogTimestampMap',
      opsPerCall: 1,
      setup: async () => {
        const { api } = await world(quick, { logs: true })
        return async () => {
          sink.n += Object.keys(await api.readLogTimestampMap(ROOT)).length
        }
      }
    },
    {
      name: 'floor',
      opsPerCall: 1,
      setup: async () => {
        const { raw, system } = await world(quick, { logs: true })
        const scan = { ...TableServerLogRoll.scanRoot(ROOT as BackupRoot), table: system }
        return async () => bare(TableServerTimestampType)(await scanAll(raw, scan))
      }
    }
  ],
  churn: [
    {
      name: 'addToBackupSet + removeFromBackupSet',
      opsPerCall: 2 * PAIRS,
      setup: async () => {
        const { api } = await world(quick, { set: true })
        let k = 0
        return async () => {
          for (let i = 0; i < PAIRS; i++) {
            const t = tableName(100_000 + (k++ % 1000))
            await api.addToBackupSet('churn', [t])
            await api.removeFromBackupSet('churn', [t])
          }
        }
      }
    },
    {
      name: 'floor',
      opsPerCall: 2 * PAIRS,
      setup: async () => {
        const { raw, system } = await world(quick, {})
        await rawRmw(raw, system, () => Array.from({ length: SET_SIZE }, (_, i) => tableName(i)))
        let k = 0
        return async () => {
          for (let i = 0; i < PAIRS; i++) {
            const t = tableName(100_000 + (k++ % 1000))
            await rawRmw(raw, system, (ts) => [...ts, t])
            await rawRmw(raw, system, (ts) => ts.filter((x) => x !== t))
          }
        }
      }
    }
  ]
})

export const runApi = async (ctx: Context): Promise<Section> => {
  const { sessions, tables } = sizes(ctx.quick)
  const servers = SERVERS
  const setSize = SET_SIZE

  // --- the data once, in this process: write timings and store calls per method
  ctx.log(`api: writing ${sessions} sessions, ${tables} tables × ${servers} servers, a set of ${setSize}`)
  const w = await world(ctx.quick, { sessions: true, logs: true, set: true })
  const { api, allTables, writeSessions, writeLogRolls } = w
  const { counts, reset } = w.counted
  const callsOf = async (f: () => Promise<unknown>) => {
    reset()
    await f()
    return `${showCounts(counts)}${counts.rows > 0 ? ` (${counts.rows.toLocaleString('en-US')} rows)` : ''}`
  }
  const extra = tableName(99_999)
  const callRows = [
    ['getBackupHistory()', await callsOf(() => api.getBackupHistory())],
    ['getBackupHistory({ limit: 10 })', await callsOf(() => api.getBackupHistory({ limit: 10 }))],
    ['readBackupInfo(id)', await callsOf(() => api.readBackupInfo('backup_1700000000000'))],
    [
      'updateBackupInfo(info)',
      await callsOf(() => api.updateBackupInfo(backupInfoInput({ id: 0, tables: 3, servers: 0 })))
    ],
    ['readLogTimestampMap(root)', await callsOf(() => api.readLogTimestampMap(ROOT))],
    [
      `writeRegionServerLogTimestamp(${tables} tables)`,
      await callsOf(() =>
        api.writeRegionServerLogTimestamp(allTables, serverTimestamps(servers, 1_700_000_000_000), ROOT)
      )
    ],
    ['addToBackupSet(name, [t])', await callsOf(() => api.addToBackupSet('churn', [extra]))],
    ['removeFromBackupSet(name, [t])', await callsOf(() => api.removeFromBackupSet('churn', [extra]))],
    ['describeBackupSet(name)', await callsOf(() => api.describeBackupSet('churn'))]
  ]
  await w.raw.close()

  const all = suites(ctx.quick)
  const rH = await isolated(
    'api',
    'history',
    `history of ${sessions}`,
    all['history'] ?? [],
    ctx.slow,
    ctx.quick,
    ctx.log
  )
  const rL = await isolated(
    'api',
    'logs',
    `log-roll map ${tables}×${servers}`,
    all['logs'] ?? [],
    ctx.slow,
    ctx.quick,
    ctx.log
  )
  const rC = await isolated('api', 'churn', 'set churn', all['churn'] ?? [], ctx.fast, ctx.quick, ctx.log)

  const h = find(rH, 'getBackupHistory')
  const hf = find(rH, 'floor')
  const l = find(rL, 'readLogTimestampMap')
  const lf = find(rL, 'floor')
  const c = find(rC, 'addToBackupSet + removeFromBackupSet')
  const cf = find(rC, 'floor')
  const markdown = `## 4. API on the memory store

${runLine()}

${table(
  ['call', 'ours', 'throughput', 'floor', 'ours ÷ floor'],
  [
    [
      `\`getBackupHistory()\` over ${sessions.toLocaleString('en-US')} sessions`,
      `${fmtMs(h.msPerCall)} per call`,
      `${fmtOps((sessions * 1000) / h.msPerCall)} sessions/s`,
      fmtMs(hf.msPerCall),
      fmtRatio(ratio(h, hf))
    ],
    [
      `\`readLogTimestampMap(root)\`, ${tables.toLocaleString('en-US')} tables × ${servers} servers`,
      `${fmtMs(l.msPerCall)} per call`,
      `${fmtOps((tables * servers * 1000) / l.msPerCall)} entries/s`,
      fmtMs(lf.msPerCall),
      fmtRatio(ratio(l, lf))
    ],
    [
      `\`addToBackupSet\` / \`removeFromBackupSet\` of one table, set of ${setSize}`,
      `${fmtMs(1000 / c.opsPerSec)} per call`,
      `${fmtOps(c.opsPerSec)} calls/s`,
      fmtMs(1000 / cf.opsPerSec),
      fmtRatio(ratio(c, cf))
    ]
  ]
)}

Writing the data once: ${sessions.toLocaleString('en-US')} \`updateBackupInfo\` calls took ${fmtMs(writeSessions.ms)}
(${fmtOps((sessions * 1000) / writeSessions.ms)} calls/s); one \`writeRegionServerLogTimestamp\` of
${tables.toLocaleString('en-US')} tables × ${servers} servers took ${fmtMs(writeLogRolls.ms)}.

How to read it: **ours ÷ floor** is the API's speed as a fraction of the floor's (0.25× = four times
the time). The floor reads the same rows from the same store and decodes them with bare protobufjs
(history, log-roll map), or does the same get + compare-and-set with a plain string split and join
(set churn); it skips what the API adds: argument validation, the program and its interpreter, the
domain codecs' checks (every session and map entry validated), and ordering the history newest first.
Sessions have 3 tables each and no timestamp map; one in ten is FAILED.

### Store calls per API method

Counted by a wrapper around the memory store's \`KVStore\` (one call of each method, with the data
above). On HBase each store call is one or more Thrift RPCs (see section 6).

${table(['method', 'store calls'], callRows)}
`
  return { id: 'api', markdown }
}
