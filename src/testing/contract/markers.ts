/**
 * Delete markers, as HBase 2.x keeps them: a delete at server time `t` hides every version in its
 * scope with a timestamp `≤ t`, and keeps hiding them after the delete: a put written *later* with
 * an explicit timestamp `≤ t` is masked, even though it arrives after the marker. A row delete
 * marks every family, a family delete one family, a column delete (all versions) one column; a
 * version newer than the marker survives it, and a put newer than the marker is visible.
 *
 * The cases use explicit timestamps far from the server's clock (1970 and the year ~2100), so they
 * mean the same on a real cluster, whose clock a test cannot control. The same-millisecond case
 * (a put without timestamp in the millisecond of a delete, also masked) needs a controllable clock.
 */
import * as KR from '../../core/KeyRange.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, del, get } = H

/** Long before any server time a test can see. */
const PAST = 1_000
/** Long after: year ~2100, still inside HBase's range of cell timestamps. */
const FUTURE = 4_102_444_800_000

export const markers: ReadonlyArray<CaseDef> = [
  {
    name: 'a row delete masks later puts with an explicit older timestamp in every family',
    run: async ({ store, table, settle }) => {
      const t = await table()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'old', PAST), cell('g', 'b', 'old', PAST)])]),
        'put'
      )
      await H.right(store.mutate([del(t, 'r')]), 'delete row')
      await settle()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'late', PAST + 1), cell('g', 'c', 'late', PAST + 1)])]),
        'put with older timestamps after the delete'
      )
      H.equal(await H.readRow(store, get(t, 'r')), '(none)', 'masked by the row marker')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), [], 'a scan sees no row either')
      await H.right(store.mutate([put(t, 'r', [cell('g', 'd', 'now')])]), 'put at server time')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{g:d=now}', 'a put newer than the marker is visible')
    }
  },
  {
    name: 'a family delete masks later older puts of that family only',
    run: async ({ store, table, settle }) => {
      const t = await table()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'old', PAST), cell('g', 'b', 'old', PAST)])]),
        'put'
      )
      await H.right(store.mutate([del(t, 'r', 'f')]), 'delete family f')
      await settle()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'late', PAST + 1), cell('g', 'c', 'late', PAST + 1)])]),
        'put with older timestamps after the delete'
      )
      H.equal(await H.readRow(store, get(t, 'r')), 'r{g:b=old g:c=late}', 'family f masked, g untouched')
    }
  },
  {
    name: 'a column delete masks later older puts of that column only; a newer version survives it',
    run: async ({ store, table, settle }) => {
      const t = await table([{ name: 'f', maxVersions: 3 }])
      await H.right(
        store.mutate([
          put(t, 'r', [
            cell('f', 'a', 'old', PAST),
            cell('f', 'a', 'future', FUTURE),
            cell('f', 'b', 'old', PAST)
          ])
        ]),
        'put'
      )
      await H.right(store.mutate([del(t, 'r', 'f', 'a')]), 'delete column f:a')
      H.equal(
        await H.readRow(store, get(t, 'r')),
        'r{f:a=future f:b=old}',
        'the version after the marker survives'
      )
      await settle()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'late', PAST + 1), cell('f', 'c', 'late', PAST + 1)])]),
        'put with older timestamps after the delete'
      )
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=future f:b=old f:c=late}', 'f:a masked, f:c not')
      await H.right(
        store.mutate([del(t, 'r', 'f', 'a'), put(t, 'r', [cell('f', 'a', 'newest', FUTURE + 1)])]),
        'again'
      )
      H.equal(
        await H.readRow(store, get(t, 'r', 'f')),
        'r{f:a=newest f:b=old f:c=late}',
        'newer than any marker'
      )
    }
  },
  {
    name: 'a column delete that leaves no version still masks later older puts of the column',
    run: async ({ store, table, settle }) => {
      const t = await table()
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'old', PAST), cell('f', 'b', 'old', PAST)])]),
        'put'
      )
      await H.right(store.mutate([del(t, 'r', 'f', 'a')]), 'delete column f:a')
      await settle()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'late', PAST + 1)])]), 'older put of f:a')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:b=old}', 'f:a masked')
    }
  },
  {
    name: 'masked versions do not count: the newest unmasked version is read, not an older masked one',
    run: async ({ store, table, settle }) => {
      const t = await table([{ name: 'f', maxVersions: 2 }])
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'a', 'v1', PAST), cell('f', 'a', 'v2', PAST + 1)])]),
        'put'
      )
      await H.right(store.mutate([del(t, 'r', 'f')]), 'delete family')
      await settle()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'v3', PAST + 2)])]), 'older put, masked')
      H.equal(await H.readRow(store, get(t, 'r')), '(none)', 'nothing resurfaces')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'v4')])]), 'put at server time')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'v5', PAST + 3)])]), 'older put, masked again')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=v4}', 'the put after the marker')
    }
  },
  {
    name: 'a put in the millisecond of a delete is masked by it (controllable clock)',
    when: (_, o) => o.clock === 'controllable',
    run: async ({ store, table, advanceClock }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', '1')])]), 'put')
      advanceClock(1)
      await H.right(store.mutate([del(t, 'r')]), 'delete row')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'same ms')])]), 'put, same millisecond')
      H.equal(await H.readRow(store, get(t, 'r')), '(none)', 'masked, as on HBase')
      advanceClock(1)
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'next ms')])]), 'put, next millisecond')
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=next ms}', 'visible')
    }
  },
  {
    name: 'a delete with an explicit timestamp masks exactly the versions at or before it, row, family and column',
    run: async ({ store, table }) => {
      const t = await table()
      const at = (d: ReturnType<typeof del>, timestamp: number) => ({ ...d, timestamp })
      await H.right(
        store.mutate([
          put(t, 'r', [cell('f', 'a', 'v10', PAST + 10), cell('f', 'b', 'v10', PAST + 10)]),
          put(t, 's', [cell('f', 'a', 'v10', PAST + 10), cell('g', 'a', 'v10', PAST + 10)]),
          put(t, 'u', [cell('f', 'a', 'v10', PAST + 10)])
        ]),
        'puts at PAST+10'
      )
      await H.right(
        store.mutate([
          at(del(t, 'r', 'f', 'a'), PAST + 9),
          at(del(t, 's', 'f'), PAST + 10),
          at(del(t, 'u'), PAST + 10)
        ]),
        'deletes: a column below the put, a family and a row at it'
      )
      H.equal(
        await H.readRow(store, get(t, 'r')),
        'r{f:a=v10 f:b=v10}',
        'a marker older than the put masks nothing'
      )
      H.equal(
        await H.readRow(store, get(t, 's')),
        's{g:a=v10}',
        'a family marker at the put masks that family'
      )
      H.equal(await H.readRow(store, get(t, 'u')), '(none)', 'a row marker at the put masks the row')
      await H.right(store.mutate([put(t, 'u', [cell('f', 'a', 'v11', PAST + 11)])]), 'a put one ms newer')
      H.equal(await H.readRow(store, get(t, 'u')), 'u{f:a=v11}', 'is visible over the marker')
    }
  }
]
