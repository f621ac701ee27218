/**
 * `mutate` batches: every mutation of one row applies together, rows apply in order, and the whole
 * batch is validated before anything is written (one bad mutation, nothing written, anywhere).
 *
 * Within one batch HBase gives every mutation the same server timestamp (the mini-batch's
 * `byteNow`), and a delete marker masks puts at its timestamp: so a delete of a row, family or
 * column in a batch removes what puts of the same batch wrote there, whichever comes first.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as KR from '../../core/KeyRange.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, del, get } = H

export const batches: ReadonlyArray<CaseDef> = [
  {
    name: 'an empty batch succeeds',
    run: async ({ store }) => {
      await H.right(store.mutate([]), 'empty batch')
    }
  },
  {
    name: 'a batch over several rows and two tables applies every mutation',
    run: async ({ store, table }) => {
      const t = await table()
      const u = await table()
      await H.right(store.mutate([put(t, 'gone', [cell('f', 'a', '0')])]), 'setup')
      await H.right(
        store.mutate([
          put(t, 'r1', [cell('f', 'a', '1')]),
          put(u, 'r1', [cell('g', 'b', '2')]),
          put(t, 'r2', [cell('f', 'a', '3'), cell('g', 'c', '4')]),
          del(t, 'gone'),
          put(t, 'r1', [cell('g', 'z', '5')])
        ]),
        'batch'
      )
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['r1{f:a=1 g:z=5}', 'r2{f:a=3 g:c=4}'], 'table t')
      H.equal(await H.rendered(store, H.scan(u, KR.all)), ['r1{g:b=2}'], 'table u')
    }
  },
  {
    name: 'puts of one row in one batch apply in order: the later value of a column wins',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'first')]), put(t, 'r', [cell('f', 'a', 'second')])]),
        'batch'
      )
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=second}', 'row')
    }
  },
  {
    name: 'in one batch a delete masks puts of its row whichever comes first (one server timestamp)',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(
        store.mutate([
          put(t, 'a', [cell('f', 'x', '1')]),
          del(t, 'a'),
          del(t, 'b', 'f'),
          put(t, 'b', [cell('f', 'x', '2'), cell('g', 'y', '3')]),
          put(t, 'c', [cell('f', 'x', '4'), cell('f', 'y', '5')]),
          del(t, 'c', 'f', 'x')
        ]),
        'batch'
      )
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['b{g:y=3}', 'c{f:y=5}'], 'table')
    }
  },
  {
    name: 'an invalid mutation anywhere in a batch means nothing is written (undeclared family)',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'keep', [cell('f', 'a', 'old')])]), 'setup')
      await H.left(
        store.mutate([
          put(t, 'r1', [cell('f', 'a', '1')]),
          put(t, 'keep', [cell('f', 'a', 'new')]),
          del(t, 'keep'),
          put(t, 'r2', [cell('nope', 'a', '2')])
        ]),
        'batch',
        'InvalidRequest',
        { field: 'family', value: 'nope' }
      )
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['keep{f:a=old}'], 'table unchanged')
    }
  },
  {
    name: 'an invalid mutation anywhere in a batch means nothing is written (missing table)',
    run: async ({ store, table, fresh, options }) => {
      const t = await table()
      const missing = `${options.namespace}:${fresh('missing')}`
      await H.left(
        store.mutate([put(t, 'r1', [cell('f', 'a', '1')]), put(missing, 'r1', [cell('f', 'a', '1')])]),
        'batch',
        'TableNotFound',
        { table: missing }
      )
      H.equal(await H.readRow(store, get(t, 'r1')), '(none)', 'nothing written')
    }
  },
  {
    name: 'an invalid mutation anywhere in a batch means nothing is written (empty row key)',
    run: async ({ store, table }) => {
      const t = await table()
      await H.left(
        store.mutate([put(t, 'r1', [cell('f', 'a', '1')]), put(t, new Uint8Array(0), [cell('f', 'a', '1')])]),
        'batch',
        'InvalidRequest',
        { field: 'row' }
      )
      H.equal(await H.readRow(store, get(t, 'r1')), '(none)', 'nothing written')
    }
  },
  {
    name: 'a batch is atomic per row: a concurrent reader sees all of a row batch or none of it',
    run: async ({ store, table }) => {
      const t = await table()
      const batch = (n: number) =>
        Array.from({ length: 4 }, (_, p) =>
          put(
            t,
            'r',
            Array.from({ length: 5 }, (_, i) => cell(i % 2 === 0 ? 'f' : 'g', `q${p * 5 + i}`, `v${n}`))
          )
        )
      const writes = Array.from({ length: 5 }, (_, n) => store.mutate(batch(n))())
      const reads = Array.from({ length: 20 }, () => store.get(get(t, 'r'))())
      for (const r of await Promise.all(reads)) {
        if (r._tag === 'Left' || O.isNone(r.right)) continue
        const values = new Set(r.right.value.cells.map((c) => H.render({ key: c.value, cells: [] })))
        if (r.right.value.cells.length !== 20 || values.size !== 1)
          H.fail(`a reader saw a partly applied row: ${H.render(r.right.value)}`)
      }
      for (const w of await Promise.all(writes)) if (w._tag === 'Left') H.fail('a batch failed')
    }
  }
]
