/**
 * Laws of single reads and writes: absence, cell order, overwrite, versions by timestamp,
 * multi-family rows, the three kinds of delete, empty values and binary bytes, the errors HBase
 * gives for a missing table or an undeclared family, and that no byte array is shared between the
 * caller and the store.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import * as KR from '../../core/KeyRange.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, del, get } = H

export const basics: ReadonlyArray<CaseDef> = [
  {
    name: 'get of a missing row is none',
    run: async ({ store, table }) => {
      const t = await table()
      H.equal(await H.readRow(store, get(t, 'nope')), '(none)', 'missing row')
    }
  },
  {
    name: 'put then get returns the cells sorted by family, then qualifier as unsigned bytes',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(
        store.mutate([
          put(t, 'r', [
            cell('g', 'b', '3'),
            cell('f', B.of(0xff), '2'),
            cell('f', 'a', '1'),
            cell('g', B.of(0x00), '4'),
            cell('f', B.of(0x7f), '5'),
            cell('f', B.of(0x80), '6')
          ])
        ]),
        'put'
      )
      H.equal(
        await H.readRow(store, get(t, 'r')),
        'r{f:a=1 f:\\x7F=5 f:\\x80=6 f:\\xFF=2 g:\\x00=4 g:b=3}',
        'row'
      )
    }
  },
  {
    name: 'a later put of the same column replaces the value; other columns stay',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'old'), cell('f', 'b', 'keep')])]), 'put 1')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'new')])]), 'put 2')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=new f:b=keep}', 'row')
    }
  },
  {
    name: 'the newest version wins by timestamp, not by arrival',
    run: async ({ store, table }) => {
      const t = await table([{ name: 'f', maxVersions: 3 }])
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'newer', 2_000)])]), 'put newer')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'older', 1_000)])]), 'put older')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=newer}', 'newest version')
      const t1 = await table([{ name: 'f', maxVersions: 1 }])
      await H.right(store.mutate([put(t1, 'r', [cell('f', 'a', 'newer', 2_000)])]), 'put newer (1 version)')
      await H.right(store.mutate([put(t1, 'r', [cell('f', 'a', 'older', 1_000)])]), 'put older (1 version)')
      H.equal(await H.readRow(store, get(t1, 'r')), 'r{f:a=newer}', 'newest version (1 version kept)')
    }
  },
  {
    name: 'a read reports the timestamp a cell was written with',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'v', 1_234_567)])]), 'put')
      const row = await H.right(store.get(get(t, 'r')), 'get')
      H.equal(O.isSome(row) ? row.value.cells.map((c) => c.timestamp) : [], [1_234_567], 'timestamps')
    }
  },
  {
    name: 'a row spans families; get with a family returns only that family, none when it has no cell there',
    run: async ({ store, table }) => {
      const t = await table([
        { name: 'f', maxVersions: 1 },
        { name: 'g', maxVersions: 1 },
        { name: 'h', maxVersions: 1 }
      ])
      await H.right(
        store.mutate([put(t, 'r', [cell('h', 'c', '3'), cell('f', 'a', '1'), cell('g', 'b', '2')])]),
        'put'
      )
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=1 g:b=2 h:c=3}', 'all families')
      H.equal(await H.readRow(store, get(t, 'r', 'g')), 'r{g:b=2}', 'family g')
      await H.right(store.mutate([del(t, 'r', 'h')]), 'delete family h')
      H.equal(await H.readRow(store, get(t, 'r', 'h')), '(none)', 'family h after its delete')
    }
  },
  {
    name: 'delete of a row removes every family; a later put is visible again, alone',
    run: async ({ store, table, settle }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', '1'), cell('g', 'b', '2')])]), 'put')
      await H.right(store.mutate([del(t, 'r')]), 'delete row')
      H.equal(await H.readRow(store, get(t, 'r')), '(none)', 'after delete')
      await settle()
      await H.right(store.mutate([put(t, 'r', [cell('g', 'c', '3')])]), 'put again')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{g:c=3}', 'after put again')
    }
  },
  {
    name: 'delete of a family removes only that family; the row goes when nothing is left',
    run: async ({ store, table, settle }) => {
      const t = await table()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', '1'), cell('f', 'b', '2'), cell('g', 'c', '3')])]),
        'put'
      )
      await H.right(store.mutate([del(t, 'r', 'f')]), 'delete family f')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{g:c=3}', 'after deleting f')
      await H.right(store.mutate([del(t, 'r', 'g')]), 'delete family g')
      H.equal(await H.readRow(store, get(t, 'r')), '(none)', 'after deleting g')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), [], 'scan after deleting every family')
      await settle()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'again')])]), 'put again')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=again}', 'after put again')
    }
  },
  {
    name: 'delete of a column removes all its versions and nothing else',
    run: async ({ store, table, settle }) => {
      const t = await table([{ name: 'f', maxVersions: 3 }])
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'v1', 1_000), cell('f', 'b', 'keep')])]),
        'put v1'
      )
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'v2', 2_000)])]), 'put v2')
      await H.right(store.mutate([del(t, 'r', 'f', 'a')]), 'delete column')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:b=keep}', 'older version must not resurface')
      await settle()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'v3')])]), 'put again')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=v3 f:b=keep}', 'after put again')
    }
  },
  {
    name: 'deletes of a missing row, family or column succeed and change nothing',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', '1')])]), 'put')
      await H.right(store.mutate([del(t, 'other'), del(t, 'r', 'g'), del(t, 'r', 'f', 'zz')]), 'deletes')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['r{f:a=1}'], 'table')
    }
  },
  {
    name: 'an empty value is a cell; empty qualifiers and binary bytes round-trip',
    run: async ({ store, table }) => {
      const t = await table()
      const key = B.of(0x00, 0xff, 0x80, 0x7f, 0x0a)
      await H.right(
        store.mutate([
          put(t, key, [
            cell('f', 'e', B.empty),
            cell('f', B.empty, B.of(0, 255, 0)),
            cell('g', 'x', B.of(0x80))
          ])
        ]),
        'put'
      )
      H.equal(
        await H.readRow(store, get(t, key)),
        '\\x00\\xFF\\x80\\x7F\\x0A{f:=\\x00\\xFF\\x00 f:e= g:x=\\x80}',
        'row'
      )
      await H.right(store.mutate([put(t, 'only-empty', [cell('f', 'q', B.empty)])]), 'put empty only')
      H.equal(
        await H.readRow(store, get(t, 'only-empty')),
        'only-empty{f:q=}',
        'a row of one empty value exists'
      )
    }
  },
  {
    name: 'a missing table is TableNotFound for get, scan, mutate, checkAndPut and checkAndDelete',
    run: async ({ store, fresh, options }) => {
      const t = `${options.namespace}:${fresh('missing')}`
      await H.left(store.get(get(t, 'r')), 'get', 'TableNotFound', { table: t })
      H.expectError(await H.scanError(store, H.scan(t, KR.all), 'scan'), 'scan', 'TableNotFound', {
        table: t
      })
      await H.left(store.mutate([put(t, 'r', [cell('f', 'a', '1')])]), 'put', 'TableNotFound', { table: t })
      await H.left(store.mutate([del(t, 'r')]), 'delete', 'TableNotFound', { table: t })
      const p = put(t, 'r', [cell('f', 'a', '1')])
      await H.left(store.checkAndPut(H.checkAndPut(p, 'f', 'a', O.none)), 'checkAndPut', 'TableNotFound', {
        table: t
      })
      await H.left(
        store.checkAndDelete(H.checkAndDelete(del(t, 'r'), 'f', 'a', O.none)),
        'checkAndDelete',
        'TableNotFound',
        {
          table: t
        }
      )
    }
  },
  {
    name: 'an undeclared family is InvalidRequest naming it, and nothing of the put is written',
    run: async ({ store, table }) => {
      const t = await table()
      const bad = { field: 'family', value: 'nope' }
      await H.left(
        store.mutate([put(t, 'r', [cell('f', 'a', '1'), cell('nope', 'a', '1')])]),
        'put',
        'InvalidRequest',
        bad
      )
      H.equal(await H.readRow(store, get(t, 'r')), '(none)', 'nothing written')
      await H.left(store.mutate([del(t, 'r', 'nope')]), 'delete family', 'InvalidRequest', bad)
      await H.left(store.get(get(t, 'r', 'nope')), 'get', 'InvalidRequest', bad)
      H.expectError(
        await H.scanError(store, H.scan(t, KR.all, { family: 'nope' }), 'scan'),
        'scan',
        'InvalidRequest',
        bad
      )
    }
  },
  {
    name: 'an empty row key and a put without cells are InvalidRequest',
    run: async ({ store, table }) => {
      const t = await table()
      await H.left(store.mutate([put(t, B.empty, [cell('f', 'a', '1')])]), 'put', 'InvalidRequest', {
        field: 'row'
      })
      await H.left(store.get(get(t, B.empty)), 'get', 'InvalidRequest', { field: 'row' })
      await H.left(store.mutate([put(t, 'r', [])]), 'empty put', 'InvalidRequest', { field: 'cells' })
      await H.left(
        store.mutate([put(t, 'r', [cell('f', 'a', '1', -1)])]),
        'negative timestamp',
        'InvalidRequest',
        {
          field: 'timestamp'
        }
      )
    }
  },
  {
    name: 'no aliasing: changing an argument after a write, or a returned array, does not change the store',
    run: async ({ store, table }) => {
      const t = await table()
      const row = B.utf8('r')
      const value = B.utf8('abc')
      const qualifier = B.utf8('q')
      await H.right(store.mutate([put(t, row, [{ family: 'f', qualifier, value }])]), 'put')
      value[0] = 0x7a
      qualifier[0] = 0x7a
      row[0] = 0x7a
      const first = await H.right(store.get(get(t, 'r')), 'get')
      H.equal(H.renderOption(first), 'r{f:q=abc}', 'after changing the arguments')
      if (O.isSome(first)) {
        const c = first.value.cells[0]
        if (c !== undefined) {
          c.value[0] = 0x7a
          c.qualifier[0] = 0x7a
        }
        first.value.key[0] = 0x7a
      }
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:q=abc}', 'after changing a returned row')
      for (const r of await H.rows(store, H.scan(t, KR.all))) {
        r.key[0] = 0x7a
        for (const c of r.cells) c.value[0] = 0x7a
      }
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['r{f:q=abc}'], 'after changing scanned rows')
    }
  }
]
