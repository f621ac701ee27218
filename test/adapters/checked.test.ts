/**
 * The port's boundary (`checkedStore`): every malformed argument is refused as `InvalidRequest`
 * naming the field, before the adapter is called; what the adapter receives is a normalised copy
 * read once from the caller's objects, so a value that changes between reads cannot get past it.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import type { Cell, Mutation, Put, Scan } from '../../src/core/Operation.js'
import { checkedStore } from '../../src/port/checked.js'
import type { KVStore, TableSpec } from '../../src/port/KVStore.js'
import type { StoreError } from '../../src/port/StoreError.js'
import { fromThrown } from '../../src/port/StoreError.js'

/** An adapter that records what it is given and answers success. */
const recording = () => {
  const calls: Array<readonly [string, unknown]> = []
  const ok =
    <A>(name: string, a: A) =>
    (arg: unknown): TE.TaskEither<StoreError, A> =>
    () => {
      calls.push([name, arg])
      return Promise.resolve(E.right(a))
    }
  const adapter: KVStore = {
    capabilities: new Set(['admin', 'snapshots']),
    get: ok('get', O.none),
    scan: (s) => {
      calls.push(['scan', s])
      return {
        [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) })
      }
    },
    mutate: ok('mutate', undefined),
    checkAndPut: ok('checkAndPut', true),
    checkAndDelete: ok('checkAndDelete', true),
    ensureNamespace: ok('ensureNamespace', undefined),
    ensureTable: ok('ensureTable', undefined),
    tableExists: ok('tableExists', true),
    snapshot: (t, n) => ok('snapshot', undefined)([t, n]),
    restoreSnapshot: ok('restoreSnapshot', undefined),
    deleteSnapshot: ok('deleteSnapshot', undefined),
    snapshotExists: ok('snapshotExists', true),
    close: () => Promise.resolve()
  }
  return { store: checkedStore(adapter), calls }
}

const T = 'ns:t'
const cell = (over: Partial<Cell> = {}): Cell => ({
  family: 'f',
  qualifier: B.utf8('q'),
  value: B.utf8('v'),
  ...over
})
const put = (over: Partial<Put<string>> = {}): Put<string> => ({
  _tag: 'Put',
  table: T,
  row: B.utf8('r'),
  cells: [cell()],
  ...over
})

const refusal = async (task: TE.TaskEither<StoreError, unknown>): Promise<StoreError> => {
  const r = await task()
  if (E.isRight(r)) throw new Error(`expected a refusal, got ${JSON.stringify(r.right)}`)
  return r.left
}

describe('checkedStore: refusals, before the adapter', () => {
  const cases: ReadonlyArray<readonly [string, (s: KVStore) => TE.TaskEither<StoreError, unknown>, string]> =
    [
      ['empty row', (s) => s.mutate([put({ row: new Uint8Array(0) })]), 'row'],
      ['row of 32,768 bytes', (s) => s.mutate([put({ row: new Uint8Array(32_768) })]), 'row'],
      ['row not bytes', (s) => s.get({ _tag: 'Get', table: T, row: 'r' as unknown as Uint8Array }), 'row'],
      ['negative timestamp', (s) => s.mutate([put({ cells: [cell({ timestamp: -1 })] })]), 'timestamp'],
      ['fractional timestamp', (s) => s.mutate([put({ cells: [cell({ timestamp: 1.5 })] })]), 'timestamp'],
      [
        'timestamp beyond 2^53',
        (s) => s.mutate([put({ cells: [cell({ timestamp: 2 ** 60 })] })]),
        'timestamp'
      ],
      ['a put without cells', (s) => s.mutate([put({ cells: [] })]), 'cells'],
      [
        'a value that is not bytes',
        (s) => s.mutate([put({ cells: [cell({ value: [1] as unknown as Uint8Array })] })]),
        'value'
      ],
      ['bad family name', (s) => s.mutate([put({ cells: [cell({ family: 'a:b' })] })]), 'family'],
      ['bad table name', (s) => s.mutate([put({ table: 'ns:.t' })]), 'table'],
      [
        'a column delete without family',
        (s) => s.mutate([{ _tag: 'Delete', table: T, row: B.utf8('r'), qualifier: B.utf8('q') }]),
        'qualifier'
      ],
      ['a second bad mutation of a batch', (s) => s.mutate([put(), put({ row: new Uint8Array(0) })]), 'row'],
      [
        'check-and-put on another row',
        (s) =>
          s.checkAndPut({
            _tag: 'CheckAndPut',
            table: T,
            row: B.utf8('r'),
            family: 'f',
            qualifier: B.utf8('q'),
            expected: O.none,
            put: put({ row: B.utf8('other') })
          }),
        'row'
      ],
      [
        'check-and-delete on another table',
        (s) =>
          s.checkAndDelete({
            _tag: 'CheckAndDelete',
            table: T,
            row: B.utf8('r'),
            family: 'f',
            qualifier: B.utf8('q'),
            expected: O.none,
            delete: { _tag: 'Delete', table: 'ns:u', row: B.utf8('r') }
          }),
        'table'
      ],
      ['table without families', (s) => s.ensureTable({ name: T, families: [] }), 'families'],
      [
        'repeated families',
        (s) =>
          s.ensureTable({
            name: T,
            families: [
              { name: 'f', maxVersions: 1 },
              { name: 'f', maxVersions: 2 }
            ]
          }),
        'families'
      ],
      [
        'maxVersions 0',
        (s) => s.ensureTable({ name: T, families: [{ name: 'f', maxVersions: 0 }] }),
        'maxVersions'
      ],
      [
        'ttl 0.5',
        (s) => s.ensureTable({ name: T, families: [{ name: 'f', maxVersions: 1, ttlSeconds: 0.5 }] }),
        'ttlSeconds'
      ],
      ['bad namespace', (s) => s.ensureNamespace('a-b'), 'namespace'],
      ['bad snapshot name', (s) => s.snapshot(T, '-x'), 'snapshot']
    ]
  for (const [what, call, field] of cases)
    it(`${what}: InvalidRequest naming '${field}', adapter not called`, async () => {
      const { store, calls } = recording()
      expect(await refusal(call(store))).toMatchObject({ _tag: 'InvalidRequest', field })
      expect(calls).toEqual([])
    })

  it('a scan with a bad limit rejects on its first next, adapter not called', async () => {
    const { store, calls } = recording()
    const s: Scan<string> = { _tag: 'Scan', table: T, range: KR.all, reverse: false, limit: -1 }
    const error = await store
      .scan(s)
      [Symbol.asyncIterator]()
      .next()
      .then(
        () => undefined,
        (e: unknown) => fromThrown(e)
      )
    expect(error).toMatchObject({ _tag: 'InvalidRequest', field: 'limit' })
    expect(calls).toEqual([])
  })
})

describe('checkedStore: what the adapter receives', () => {
  it('is read once from the caller: a getter that changes its answer cannot pass a bad value', async () => {
    const { store, calls } = recording()
    let reads = 0
    const tricky = {
      family: 'f',
      qualifier: B.utf8('q'),
      value: B.utf8('v'),
      get timestamp() {
        return reads++ === 0 ? 5 : -1
      }
    }
    await store.mutate([put({ cells: [tricky] })])()
    const [[, given]] = calls as unknown as [[string, ReadonlyArray<Mutation<string>>]]
    const c = (given[0] as Put<string>).cells[0] as Cell
    expect(c.timestamp).toBe(5)
    expect(c.timestamp).toBe(5)
    expect(reads).toBe(1)
  })

  it('is a normalised copy of a valid argument, equal in content', async () => {
    const { store, calls } = recording()
    const spec: TableSpec = { name: T, families: [{ name: 'f', maxVersions: 2, ttlSeconds: 60 }] }
    await store.ensureTable(spec)()
    const p = put()
    await store.mutate([p])()
    expect(calls[0]).toEqual(['ensureTable', spec])
    expect(calls[1]?.[1]).toEqual([p])
    expect((calls[1]?.[1] as ReadonlyArray<unknown>)[0]).not.toBe(p)
  })
})
