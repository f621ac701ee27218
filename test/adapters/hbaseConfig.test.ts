/**
 * The HBase adapter's checks that need no HBase: its config is validated when the store is built
 * (a typed error naming the field and the value), and every Thrift i32 argument (scan `limit`,
 * `scanBatchSize`, `maxVersions`, `timeToLive`) is refused above 2^31−1 before anything is sent,
 * since the npm runtime would truncate it silently (a limit of 2^32+5 would scan 5 rows).
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hbaseStore, type HBaseStoreConfig } from '../../src/adapters/hbase/index.js'
import * as KR from '../../src/core/KeyRange.js'
import { StoreFailure, type StoreError } from '../../src/port/StoreError.js'
import { rowsOf } from '../../src/port/rowsOf.js'

const I32_MAX = 2 ** 31 - 1

const refusal = (config: HBaseStoreConfig): StoreError | undefined => {
  try {
    const s = hbaseStore(config)
    void s.close()
    return undefined
  } catch (e) {
    if (e instanceof StoreFailure) return e.error
    throw e
  }
}

describe('hbaseStore(config) validates its config when built', () => {
  const base: HBaseStoreConfig = { host: '127.0.0.1', port: 9090 }

  it('accepts the defaults and every integer port from 1 to 65535', () => {
    expect(refusal(base)).toBeUndefined()
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65_535 }), (port) => refusal({ ...base, port }) === undefined)
    )
  })

  it('refuses a port outside 1–65535 or not an integer, naming the field and the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: 0 }),
          fc.integer({ min: 65_536 }),
          fc.double({ min: 1.0001, max: 65_534.9, noInteger: true }),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY)
        ),
        (port) => {
          expect(refusal({ ...base, port })).toMatchObject({
            _tag: 'InvalidRequest',
            field: 'config.port',
            value: String(port)
          })
        }
      )
    )
  })

  it.each([
    ['transport', { transport: 'http' }],
    ['protocol', { protocol: 'json' }],
    ['host', { host: '' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['scanBatchSize', { scanBatchSize: 0 }],
    ['scanBatchSize', { scanBatchSize: 2 ** 31 }],
    ['scanBatchSize', { scanBatchSize: 1.5 }],
    ['poolSize', { poolSize: 0 }],
    ['idleTimeoutMs', { idleTimeoutMs: -1 }],
    ['maxFrameBytes', { maxFrameBytes: 10 }],
    ['maxBatchRows', { maxBatchRows: 0 }],
    ['retryBackoffMs', { retryBackoffMs: 0.5 }]
  ] as const)('refuses a bad %s (%j)', (field, bad) => {
    const value: unknown = Object.values(bad)[0]
    // hostile input: values outside the declared types on purpose
    expect(refusal({ ...base, ...(bad as Partial<HBaseStoreConfig>) })).toMatchObject({
      _tag: 'InvalidRequest',
      field: `config.${field}`,
      value: String(value)
    })
  })

  it('accepts the largest i32 where the wire allows it', () => {
    expect(
      refusal({ ...base, scanBatchSize: I32_MAX, timeoutMs: I32_MAX, maxBatchRows: I32_MAX })
    ).toBeUndefined()
  })
})

describe('i32 arguments are refused above 2^31−1 before anything is sent', () => {
  let server: Server
  let port = 0
  let accepted = 0
  beforeAll(
    () =>
      new Promise<void>((done) => {
        server = createServer((s) => {
          accepted++
          s.destroy()
        })
        server.listen(0, '127.0.0.1', () => {
          const a = server.address()
          port = typeof a === 'object' && a !== null ? a.port : 0
          done()
        })
      })
  )
  afterAll(() => new Promise<void>((done) => server.close(() => done())))

  const scanError = async (limit: number): Promise<StoreError | undefined> => {
    const store = hbaseStore({ host: '127.0.0.1', port, timeoutMs: 2_000 })
    try {
      for await (const _ of rowsOf(
        store.scan({ _tag: 'Scan', table: 'ns:t', range: KR.all, reverse: false, limit })
      ))
        return undefined
      return undefined
    } catch (e) {
      if (e instanceof StoreFailure) return e.error
      throw e
    } finally {
      await store.close()
    }
  }

  it('a scan limit above 2^31−1 (2^32+5 would scan 5 rows) or negative is InvalidRequest, no connection made', async () => {
    for (const limit of [2 ** 32 + 5, I32_MAX + 1, -1, 2.5])
      expect(await scanError(limit)).toMatchObject({
        _tag: 'InvalidRequest',
        field: 'limit',
        value: String(limit)
      })
    expect(accepted).toBe(0)
  })

  it('a family maxVersions or TTL above 2^31−1 is InvalidRequest, no connection made', async () => {
    const store = hbaseStore({ host: '127.0.0.1', port, timeoutMs: 2_000 })
    try {
      for (const [field, family] of [
        ['maxVersions', { name: 'f', maxVersions: I32_MAX + 1 }],
        ['ttlSeconds', { name: 'f', maxVersions: 1, ttlSeconds: 2 ** 32 + 60 }]
      ] as const) {
        const r = await store.ensureTable({ name: 'ns:t', families: [family] })()
        expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'InvalidRequest', field })
      }
      expect(accepted).toBe(0)
    } finally {
      await store.close()
    }
  })
})
