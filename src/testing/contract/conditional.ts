/**
 * `checkAndPut` and `checkAndDelete`, with HBase 2.x's comparison: an expected value that is absent
 * (`none`) or empty (`some(empty)`) matches both a missing cell and a cell holding an empty value
 * (`HRegion.checkAndMutateInternal`: `valueIsNull = value == null || value.length == 0`); any other
 * expected value matches only the newest cell with exactly those bytes. A failed check writes
 * nothing; the check looks at its own column only; concurrent checks on one cell admit one winner.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, del, get } = H

interface CheckCase {
  readonly name: string
  /** The value of f:lock before the check; `undefined` for no cell. */
  readonly current: string | undefined
  readonly expected: O.Option<Uint8Array>
  readonly applies: boolean
}

const checkCases: ReadonlyArray<CheckCase> = [
  { name: 'expected absent, cell missing: applies', current: undefined, expected: O.none, applies: true },
  { name: 'expected absent, cell present: fails', current: 'held', expected: O.none, applies: false },
  {
    name: 'expected absent, cell holds an empty value: applies (HBase)',
    current: '',
    expected: O.none,
    applies: true
  },
  { name: 'expected equal value: applies', current: 'held', expected: O.some(B.utf8('held')), applies: true },
  { name: 'expected other value: fails', current: 'held', expected: O.some(B.utf8('other')), applies: false },
  {
    name: 'expected a prefix of the value: fails',
    current: 'held',
    expected: O.some(B.utf8('he')),
    applies: false
  },
  {
    name: 'expected value, cell missing: fails',
    current: undefined,
    expected: O.some(B.utf8('held')),
    applies: false
  },
  {
    name: 'expected empty, cell holds an empty value: applies',
    current: '',
    expected: O.some(B.empty),
    applies: true
  },
  {
    name: 'expected empty, cell missing: applies (HBase)',
    current: undefined,
    expected: O.some(B.empty),
    applies: true
  },
  {
    name: 'expected empty, cell holds a value: fails',
    current: 'held',
    expected: O.some(B.empty),
    applies: false
  }
]

const putCase = (c: CheckCase): CaseDef => ({
  name: `checkAndPut: ${c.name}`,
  run: async ({ store, table }) => {
    const t = await table()
    const before =
      c.current === undefined
        ? [cell('g', 'other', 'x')]
        : [cell('f', 'lock', c.current), cell('g', 'other', 'x')]
    await H.right(store.mutate([put(t, 'r', before)]), 'setup')
    const beforeRow = await H.readRow(store, get(t, 'r'))
    const p = put(t, 'r', [cell('f', 'lock', 'mine'), cell('g', 'data', 'written')])
    H.equal(
      await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'lock', c.expected)), 'checkAndPut'),
      c.applies,
      'applied'
    )
    const lock = c.applies ? 'f:lock=mine ' : c.current === undefined ? '' : `f:lock=${c.current} `
    H.equal(
      await H.readRow(store, get(t, 'r')),
      c.applies ? `r{${lock}g:data=written g:other=x}` : beforeRow,
      c.applies ? 'the put is applied' : 'a failed check writes nothing'
    )
  }
})

const deleteCase = (c: CheckCase): CaseDef => ({
  name: `checkAndDelete: ${c.name}`,
  run: async ({ store, table }) => {
    const t = await table()
    const before = [
      cell('g', 'data', 'x'),
      ...(c.current === undefined ? [] : [cell('f', 'lock', c.current)])
    ]
    await H.right(store.mutate([put(t, 'r', before)]), 'setup')
    const beforeRow = await H.readRow(store, get(t, 'r'))
    const d = del(t, 'r', 'g', 'data')
    H.equal(
      await H.right(store.checkAndDelete(H.checkAndDelete(d, 'f', 'lock', c.expected)), 'checkAndDelete'),
      c.applies,
      'applied'
    )
    const after = c.current === undefined ? '(none)' : `r{f:lock=${c.current}}`
    H.equal(
      await H.readRow(store, get(t, 'r')),
      c.applies ? after : beforeRow,
      c.applies ? 'deleted' : 'nothing deleted'
    )
  }
})

export const conditional: ReadonlyArray<CaseDef> = [
  ...checkCases.map(putCase),
  ...checkCases.map(deleteCase),
  {
    name: 'checkAndPut on a missing row with expected absent creates the row',
    run: async ({ store, table }) => {
      const t = await table()
      const p = put(t, 'new', [cell('f', 'a', '1')])
      H.equal(
        await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'lock', O.none)), 'checkAndPut'),
        true,
        'applied'
      )
      H.equal(await H.readRow(store, get(t, 'new')), 'new{f:a=1}', 'row')
    }
  },
  {
    name: 'the check reads the newest version only',
    run: async ({ store, table }) => {
      const t = await table([{ name: 'f', maxVersions: 3 }])
      await H.right(store.mutate([put(t, 'r', [cell('f', 'v', 'old', 1_000)])]), 'put old')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'v', 'new', 2_000)])]), 'put new')
      const p = put(t, 'r', [cell('f', 'x', '1')])
      H.equal(
        await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'v', O.some(B.utf8('old')))), 'old'),
        false,
        'older'
      )
      H.equal(
        await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'v', O.some(B.utf8('new')))), 'new'),
        true,
        'newest'
      )
    }
  },
  {
    name: 'a deleted cell is absent to the check',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'lock', 'held'), cell('f', 'keep', 'k')])]), 'put')
      await H.right(store.mutate([del(t, 'r', 'f', 'lock')]), 'delete column')
      const p = put(t, 'r', [cell('g', 'x', '1')])
      H.equal(
        await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'lock', O.none)), 'checkAndPut'),
        true,
        'applied'
      )
    }
  },
  {
    name: 'the check and the mutation must name the same row and table; an undeclared family is refused',
    run: async ({ store, table }) => {
      const t = await table()
      const other = await table()
      const p = put(t, 'r', [cell('f', 'a', '1')])
      await H.left(
        store.checkAndPut({ ...H.checkAndPut(p, 'f', 'a', O.none), row: B.utf8('s') }),
        'other row',
        'InvalidRequest',
        {
          field: 'row'
        }
      )
      await H.left(
        store.checkAndPut({ ...H.checkAndPut(p, 'f', 'a', O.none), table: other }),
        'other table',
        'InvalidRequest',
        { field: 'table' }
      )
      await H.left(
        store.checkAndPut(H.checkAndPut(p, 'nope', 'a', O.none)),
        'check family',
        'InvalidRequest',
        {
          field: 'family',
          value: 'nope'
        }
      )
      const bad = put(t, 'r', [cell('nope', 'a', '1')])
      await H.left(store.checkAndPut(H.checkAndPut(bad, 'f', 'a', O.none)), 'put family', 'InvalidRequest', {
        field: 'family',
        value: 'nope'
      })
      H.equal(await H.rendered(store, H.scan(t, { start: B.empty, stop: O.none })), [], 'nothing written')
    }
  },
  {
    name: 'of concurrent checkAndPut(absent) on one cell exactly one wins',
    run: async ({ store, table }) => {
      const t = await table()
      const attempts = Array.from({ length: 8 }, (_, i) =>
        store.checkAndPut(
          H.checkAndPut(put(t, 'r', [cell('f', 'lock', `owner-${i}`)]), 'f', 'lock', O.none)
        )()
      )
      const results = await Promise.all(attempts)
      const winners = results.flatMap((r, i) => (r._tag === 'Right' && r.right ? [i] : []))
      H.equal(winners.length, 1, 'number of winners')
      H.equal(
        await H.readRow(store, get(t, 'r')),
        `r{f:lock=owner-${winners[0] ?? -1}}`,
        'the winner holds the cell'
      )
    }
  }
]
