/**
 * The memory store against the shared KVStore contract (three configurations: a controllable clock
 * with every capability, the real clock, and without the optional capabilities), then what only an
 * in-process store can show: clock injection, copy-on-write snapshots, and no aliasing of state.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import type { Row } from '../../src/core/Operation.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { kvStoreContract } from '../../src/testing/index.js'
import { rowsOf } from '../../src/port/rowsOf.js'

const controllable = () => {
  let now = 1_700_000_000_000
  return { store: memoryStore({ clock: () => now }), advanceClock: (ms: number) => void (now += ms) }
}

describe('memory store: contract, controllable clock, all capabilities', () => {
  for (const c of kvStoreContract(controllable, ['admin', 'snapshots', 'ttl'], {
    clock: 'controllable',
    propertyRuns: 500,
    settleMs: 0
  }))
    it(c.name, c.run)
})

describe('memory store: contract, real clock', () => {
  for (const c of kvStoreContract(() => ({ store: memoryStore() }), ['admin', 'snapshots', 'ttl'], {
    settleMs: 2
  }))
    it(c.name, c.run)
})

describe('memory store: contract, without snapshots and ttl', () => {
  for (const c of kvStoreContract(
    () => ({ store: memoryStore({ without: ['snapshots', 'ttl'] }) }),
    ['admin'],
    {
      settleMs: 2,
      propertyRuns: 10
    }
  ))
    it(c.name, c.run)
})

// -------------------------------------------------------------------------------------------------
// memory-specific
// -------------------------------------------------------------------------------------------------

const T = 'ns:t'
const ok = async <A>(task: () => Promise<E.Either<unknown, A>>): Promise<A> => {
  const r = await task()
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const setup = async (store: KVStore, families = [{ name: 'f', maxVersions: 1 }]) => {
  await ok(store.ensureNamespace('ns'))
  await ok(store.ensureTable({ name: T, families }))
}

const putOf = (row: string, value: string, timestamp?: number) => ({
  _tag: 'Put' as const,
  table: T,
  row: B.utf8(row),
  cells: [
    {
      family: 'f',
      qualifier: B.utf8('q'),
      value: B.utf8(value),
      ...(timestamp === undefined ? {} : { timestamp })
    }
  ]
})

const all = async (store: KVStore): Promise<ReadonlyArray<Row>> => {
  const out: Array<Row> = []
  for await (const r of rowsOf(store.scan({ _tag: 'Scan', table: T, range: KR.all, reverse: false })))
    out.push(r)
  return out
}

describe('memory store: specifics', () => {
  it('stamps cells with the injected clock', async () => {
    let now = 42_000
    const store = memoryStore({ clock: () => now })
    await setup(store)
    await ok(store.mutate([putOf('r', 'v')]))
    now = 43_000
    const row = await ok(store.get({ _tag: 'Get', table: T, row: B.utf8('r') }))
    expect(O.isSome(row) && row.value.cells[0]?.timestamp).toBe(42_000)
  })

  it('keeps up to maxVersions: deleting nothing, an older version is not resurrected by a newer delete', async () => {
    let now = 10_000
    const store = memoryStore({ clock: () => now })
    await setup(store, [{ name: 'f', maxVersions: 2 }])
    await ok(store.mutate([putOf('r', 'v1', 1), putOf('r', 'v2', 2), putOf('r', 'v3', 3)]))
    now = 20_000
    await ok(store.mutate([putOf('r', 'future', 30_000)]))
    await ok(store.mutate([{ _tag: 'Delete', table: T, row: B.utf8('r') }]))
    // the delete at 20 000 removes versions ≤ 20 000; a cell stamped in the future survives, as in HBase
    expect((await all(store)).map((r) => B.toStringBinary(r.cells[0]?.value ?? B.empty))).toEqual(['future'])
  })

  it('restores a snapshot after many writes, and later writes do not leak into the snapshot', async () => {
    const store = memoryStore()
    await setup(store)
    const n = 20_000
    await ok(store.mutate(Array.from({ length: n }, (_, i) => putOf(`k${String(i).padStart(6, '0')}`, 'a'))))
    await ok(store.snapshot(T, 'snap'))
    await ok(store.mutate(Array.from({ length: n }, (_, i) => putOf(`k${String(i).padStart(6, '0')}`, 'b'))))
    await ok(store.mutate([{ _tag: 'Delete', table: T, row: B.utf8('k000000') }]))
    await ok(store.restoreSnapshot('snap'))
    const rows = await all(store)
    expect(rows.length).toBe(n)
    expect(rows.every((r) => B.toStringBinary(r.cells[0]?.value ?? B.empty) === 'a')).toBe(true)
  })

  it('takes and restores a snapshot in O(1): a clone of the tree, not a copy of its rows', async () => {
    const store = memoryStore()
    await setup(store)
    const n = 20_000
    await ok(store.mutate(Array.from({ length: n }, (_, i) => putOf(`k${String(i).padStart(6, '0')}`, 'a'))))
    // best of 5, against reading the rows once in the same process: no fixed time bound that a
    // loaded machine could miss, and a copy of 20 000 rows would cost about as much as the read
    const best = async (f: () => Promise<unknown>): Promise<number> => {
      let min = Number.POSITIVE_INFINITY
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now()
        await f()
        min = Math.min(min, performance.now() - t0)
      }
      return min
    }
    let k = 0
    const snapshotMs = await best(() => ok(store.snapshot(T, `s${k++}`)))
    const restoreMs = await best(() => ok(store.restoreSnapshot('s0')))
    const readMs = await best(() => all(store))
    expect(snapshotMs).toBeLessThan(readMs / 10)
    expect(restoreMs).toBeLessThan(readMs / 10)
  })

  it('a running scan sees the table as it was when the scan started', async () => {
    const store = memoryStore()
    await setup(store)
    await ok(store.mutate([putOf('a', '1'), putOf('b', '2'), putOf('c', '3')]))
    const seen: Array<string> = []
    for await (const r of rowsOf(store.scan({ _tag: 'Scan', table: T, range: KR.all, reverse: false }))) {
      seen.push(B.toStringBinary(r.key))
      if (seen.length === 1)
        await ok(store.mutate([putOf('bb', 'x'), { _tag: 'Delete', table: T, row: B.utf8('c') }]))
    }
    expect(seen).toEqual(['a', 'b', 'c'])
  })

  it('a value changed by the caller after a write does not change the store', async () => {
    const store = memoryStore()
    await setup(store)
    const value = B.utf8('abc')
    await ok(
      store.mutate([
        { _tag: 'Put', table: T, row: B.utf8('r'), cells: [{ family: 'f', qualifier: B.utf8('q'), value }] }
      ])
    )
    value.fill(0)
    const rows = await all(store)
    expect(B.toStringBinary(rows[0]?.cells[0]?.value ?? B.empty)).toBe('abc')
    rows[0]?.cells[0]?.value.fill(0)
    expect(B.toStringBinary((await all(store))[0]?.cells[0]?.value ?? B.empty)).toBe('abc')
  })

  it('refuses names HBase refuses', async () => {
    const store = memoryStore()
    const bad = await store.ensureTable({ name: 'ns:.bad', families: [{ name: 'f', maxVersions: 1 }] })()
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidRequest')
    await ok(store.ensureNamespace('ns'))
    const family = await store.ensureTable({ name: 'ns:t', families: [{ name: 'a:b', maxVersions: 1 }] })()
    expect(E.isLeft(family) && family.left).toMatchObject({
      _tag: 'InvalidRequest',
      field: 'family',
      value: 'a:b'
    })
    const versions = await store.ensureTable({ name: 'ns:t', families: [{ name: 'f', maxVersions: 0 }] })()
    expect(E.isLeft(versions) && versions.left).toMatchObject({
      _tag: 'InvalidRequest',
      field: 'maxVersions'
    })
    await ok(store.ensureTable({ name: T, families: [{ name: 'f', maxVersions: 1 }] }))
    const tooLong = await store.mutate([{ ...putOf('r', 'v'), row: new Uint8Array(40_000) }])()
    expect(E.isLeft(tooLong) && tooLong.left).toMatchObject({ _tag: 'InvalidRequest', field: 'row' })
  })

  it('treats a bare table name as the default namespace, as HBase does', async () => {
    const store = memoryStore()
    await ok(store.ensureTable({ name: 'plain', families: [{ name: 'f', maxVersions: 1 }] }))
    expect(await ok(store.tableExists('default:plain'))).toBe(true)
    const checked = await ok(
      store.checkAndPut({
        _tag: 'CheckAndPut',
        table: 'plain',
        row: B.utf8('r'),
        family: 'f',
        qualifier: B.utf8('q'),
        expected: O.none,
        put: { ...putOf('r', 'v'), table: 'plain' }
      })
    )
    expect(checked).toBe(true)
  })
})

// -------------------------------------------------------------------------------------------------
// ownership: nothing a caller is given or gives reaches stored data
// -------------------------------------------------------------------------------------------------

/** Overwrites everything reachable from what a read returned: arrays, objects and their bytes. */
const vandalise = (rows: ReadonlyArray<Row>): void => {
  for (const r of rows) {
    r.key.fill(0x58)
    for (const c of r.cells) {
      c.qualifier.fill(0x58)
      c.value.fill(0x58)
      const w = c as { family: string; timestamp?: number; value: Uint8Array }
      w.family = 'vandal'
      w.timestamp = -1
      w.value = B.utf8('vandal')
    }
    const cells = r.cells as Array<unknown>
    cells.reverse()
    cells.push({ family: 'f', qualifier: B.utf8('x'), value: B.utf8('x') })
    ;(r as { key: Uint8Array }).key = B.utf8('vandal')
  }
  ;(rows as Array<unknown>).length = 0
}

const snapshotOf = (rows: ReadonlyArray<Row>): string =>
  JSON.stringify(
    rows.map((r) => [
      B.toHex(r.key),
      r.cells.map((c) => [c.family, B.toHex(c.qualifier), B.toHex(c.value), c.timestamp])
    ])
  )

describe('memory store: no caller can change stored data through a value it was given', () => {
  const bytes = fc.uint8Array({ minLength: 0, maxLength: 6 })
  const rowKey = fc.uint8Array({ minLength: 1, maxLength: 4 })
  const cellArb = fc.record({ family: fc.constantFrom('f', 'g'), qualifier: bytes, value: bytes })
  const putArb = fc.record({ row: rowKey, cells: fc.array(cellArb, { minLength: 1, maxLength: 3 }) })

  it('mutating every returned row, cell and byte array, and every argument after the call, changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(putArb, { minLength: 1, maxLength: 12 }), async (puts) => {
        const store = memoryStore({ clock: () => 1_000 })
        await setup(store, [
          { name: 'f', maxVersions: 2 },
          { name: 'g', maxVersions: 1 }
        ])
        const mutations = puts.map((p) => ({ _tag: 'Put' as const, table: T, row: p.row, cells: p.cells }))
        await ok(store.mutate(mutations))
        const before = snapshotOf(await all(store))
        // the arguments, after the call
        for (const p of puts) {
          p.row.fill(0x59)
          for (const c of p.cells) {
            c.qualifier.fill(0x59)
            c.value.fill(0x59)
          }
        }
        expect(snapshotOf(await all(store))).toBe(before)
        // what scans return
        const scanned: Array<Row> = []
        for await (const batch of store.scan({ _tag: 'Scan', table: T, range: KR.all, reverse: false })) {
          scanned.push(...batch)
          vandalise(batch)
        }
        vandalise(scanned)
        expect(snapshotOf(await all(store))).toBe(before)
        // what gets return
        for (const p of puts) {
          const got = await ok(store.get({ _tag: 'Get', table: T, row: mutations[0]?.row ?? p.row }))
          if (O.isSome(got)) vandalise([got.value])
        }
        const stored = await all(store)
        for (const r of stored) {
          const got = await ok(store.get({ _tag: 'Get', table: T, row: r.key }))
          if (O.isSome(got)) vandalise([got.value])
        }
        expect(snapshotOf(await all(store))).toBe(before)
        // a check-and-put's expected value and put, after the call
        const first = stored[0]
        const cell = first?.cells[0]
        if (first !== undefined && cell !== undefined) {
          const expected = cell.value.slice()
          const value = B.utf8('new')
          const applied = await ok(
            store.checkAndPut({
              _tag: 'CheckAndPut',
              table: T,
              row: first.key,
              family: cell.family,
              qualifier: cell.qualifier,
              expected: O.some(expected),
              put: { _tag: 'Put', table: T, row: first.key, cells: [{ ...cell, value }] }
            })
          )
          expect(applied).toBe(true)
          const after = snapshotOf(await all(store))
          expected.fill(0x5a)
          value.fill(0x5a)
          expect(snapshotOf(await all(store))).toBe(after)
        }
      }),
      { numRuns: 200 }
    )
  })
})
