/**
 * A failing gateway: a Thrift2 gateway of our own (started next to the cluster's) is paused, killed
 * in the middle of calls and scans, and restarted on the same port. Every pending call settles
 * within its deadline with a typed error; a write whose request had left says its outcome is
 * unknown, a write that never left says Unavailable and is indeed not applied; after the restart
 * the same store reconnects and works. (Scanners closed on early exit: adapter.test.ts.)
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { StoreFailure } from '../../src/port/StoreError.js'
import { startGateway, type GatewayProcess } from './harness.js'
import { rowsOf } from '../../src/port/rowsOf.js'

const context = inject('hbase')
const DEADLINE_MS = 4_000
const ROOT = 'hdfs://nn/gwfail'

/** Faults injected, for RELIABILITY.md. */
export const injected = { kills: 0, pauses: 0, restarts: 0, callsCaught: 0 }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const tagOf = (r: PromiseSettledResult<unknown>): string =>
  r.status === 'fulfilled'
    ? 'done'
    : r.reason instanceof BackupMetaError
      ? r.reason.error._tag
      : `untyped: ${String(r.reason)}`

const server = (name: string) => `${name}.example.com:16020`

describe('a failing gateway (real HBase)', () => {
  let gw: GatewayProcess
  let store: KVStore
  let table: BackupSystemTable

  beforeAll(async () => {
    const java = context.java
    if (java === undefined || context.gateway === 'external')
      throw new Error('these tests start their own gateway: they need the HBase the test harness starts')
    gw = await startGateway(java.cliJvm, context.gateway, join(java.workDir, 'logs'))
    store = hbaseStore({
      host: '127.0.0.1',
      port: gw.endpoint.port,
      timeoutMs: DEADLINE_MS,
      scanBatchSize: 2
    })
    table = await BackupSystemTable.open(store, { tableName: `backup:gwfail_${Date.now()}` })
  })
  afterAll(async () => {
    await store.close()
    await gw.stop()
  })

  it('killed in the middle of calls and a scan: all settle at once, typed; unknown writes say so', async () => {
    await table.writeRegionServerLastLogRollResult(server('before'), 1, ROOT)
    await table.addWALFiles(['/w/1', '/w/2', '/w/3', '/w/4', '/w/5'], 'backup_1500000000000', ROOT)
    // a scan that has its first batch, then loses the gateway
    const scan = rowsOf(
      store.scan({ _tag: 'Scan', table: table.tables.system, range: KR.all, reverse: false })
    )
    const rows = scan[Symbol.asyncIterator]()
    expect((await rows.next()).done).toBe(false)

    gw.signal('SIGSTOP')
    injected.pauses++
    const writes = [0, 1, 2, 3, 4, 5].map((i) =>
      table.writeRegionServerLastLogRollResult(server(`w${i}`), 10 + i, ROOT)
    )
    const reads = [0, 1, 2].map(() => table.readRegionServerLastLogRollResult(ROOT))
    const scanRest = (async () => {
      for (let r = await rows.next(); r.done !== true; r = await rows.next()) void r
    })()
    await sleep(500)
    const killedAt = Date.now()
    gw.signal('SIGKILL')
    injected.kills++
    const [w, r, s] = await Promise.all([
      Promise.allSettled(writes),
      Promise.allSettled(reads),
      scanRest.then(
        () => 'done',
        (e: unknown) => (e instanceof StoreFailure ? e.error._tag : `untyped: ${String(e)}`)
      )
    ])
    const settledIn = Date.now() - killedAt
    injected.callsCaught += writes.length + reads.length + 1
    expect(settledIn).toBeLessThan(DEADLINE_MS)
    expect(
      w.map(tagOf),
      w.map((x) => (x.status === 'rejected' ? String(x.reason) : 'done')).join('\n')
    ).toEqual(writes.map(() => 'OutcomeUnknown'))
    expect(r.map(tagOf)).toEqual(reads.map(() => 'Unavailable'))
    expect(s).toBe('Unavailable')

    // while it is down, a write never leaves: Unavailable, and it must not appear later
    const down = await Promise.allSettled([
      table.writeRegionServerLastLogRollResult(server('down'), 99, ROOT)
    ])
    expect(down.map(tagOf)).toEqual(['Unavailable'])

    await gw.restart()
    injected.restarts++
    await table.writeRegionServerLastLogRollResult(server('after'), 2, ROOT)
    const stored = await table.readRegionServerLastLogRollResult(ROOT)
    expect(stored[server('before')]).toBe(1)
    expect(stored[server('after')]).toBe(2)
    expect(stored[server('down')]).toBeUndefined()
    // the six unknown writes may or may not be there; whatever is there is what was written
    for (let i = 0; i < 6; i++) expect([undefined, 10 + i]).toContain(stored[server(`w${i}`)])
  })

  it('paused (answers nothing, socket open): calls end at their deadline, then the store recovers', async () => {
    gw.signal('SIGSTOP')
    injected.pauses++
    const started = Date.now()
    const settled = await Promise.allSettled([
      table.writeBackupStartCode(1_500_000_000_000, ROOT),
      table.readBackupStartCode(ROOT),
      table.startBackupExclusiveOperation()
    ])
    const took = Date.now() - started
    injected.callsCaught += settled.length
    gw.signal('SIGCONT')
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 100)
    expect(took).toBeLessThan(DEADLINE_MS + 3_000)
    // the first deadline to expire drops the connection, so the read may end as Timeout or as
    // Unavailable (lost with it); the writes are unknown either way
    const [write, read, lock] = settled.map(tagOf)
    expect([write, lock]).toEqual(['OutcomeUnknown', 'OutcomeUnknown'])
    expect(['Timeout', 'Unavailable']).toContain(read)
    // the paused gateway still holds those requests and may apply them now: let it drain first,
    // or a late one could land after the next write (that is what "outcome unknown" means)
    await sleep(1_500)
    // the timed-out connection was dropped; the next calls open a fresh one
    await table.writeBackupStartCode(1_500_000_000_001, ROOT)
    expect(await table.readBackupStartCode(ROOT)).toBe(1_500_000_000_001)
  })

  it('restarted under a store in use: the next calls reconnect and succeed, scans included', async () => {
    await gw.restart()
    injected.restarts++
    injected.kills++
    await table.addToBackupSet('after-restart', ['t1', 'ns:t2'])
    expect(await table.describeBackupSet('after-restart')).toEqual(['t1', 'ns:t2'])
    const keys: Array<string> = []
    for await (const row of rowsOf(
      store.scan({
        _tag: 'Scan',
        table: table.tables.system,
        range: KR.all,
        reverse: false
      })
    ))
      keys.push(B.toStringBinary(row.key))
    expect(keys).toContain('backupset:after-restart')
  })
})
