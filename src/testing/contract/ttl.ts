/**
 * TTL ('ttl' capability, and a clock the suite can advance): a cell lives while its timestamp is
 * within the family's TTL of the store's clock. An expired cell is invisible to get, scan and the
 * check of checkAndPut; a row whose cells have all expired does not exist; other families of the
 * row are unaffected.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as KR from '../../core/KeyRange.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, get } = H

const withClock = (caps: ReadonlySet<string>, o: { readonly clock: string }): boolean =>
  caps.has('ttl') && o.clock === 'controllable'

const families = [
  { name: 'f', maxVersions: 1, ttlSeconds: 60 },
  { name: 'g', maxVersions: 1 }
]

export const ttl: ReadonlyArray<CaseDef> = [
  {
    name: 'a cell is visible within its TTL and gone after it; other families stay',
    when: withClock,
    run: async ({ store, table, advanceClock }) => {
      const t = await table(families)
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', 'short'), cell('g', 'b', 'long')])]), 'put')
      advanceClock(59_000)
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=short g:b=long}', 'within the TTL')
      advanceClock(2_000)
      H.equal(await H.readRow(store, get(t, 'r')), 'r{g:b=long}', 'after the TTL')
      H.equal(await H.readRow(store, get(t, 'r', 'f')), '(none)', 'family f after the TTL')
    }
  },
  {
    name: 'a row whose cells all expired is absent from get and scan and does not count towards a limit',
    when: withClock,
    run: async ({ store, table, advanceClock }) => {
      const t = await table(families)
      await H.right(
        store.mutate([put(t, 'a', [cell('f', 'x', '1')]), put(t, 'c', [cell('f', 'x', '3')])]),
        'put early'
      )
      advanceClock(40_000)
      await H.right(
        store.mutate([put(t, 'b', [cell('f', 'x', '2')]), put(t, 'd', [cell('g', 'x', '4')])]),
        'put later'
      )
      advanceClock(30_000)
      H.equal(await H.readRow(store, get(t, 'a')), '(none)', 'expired row')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['b{f:x=2}', 'd{g:x=4}'], 'scan')
      H.equal(await H.rendered(store, H.scan(t, KR.all, { limit: 1 })), ['b{f:x=2}'], 'scan with limit 1')
      H.equal(
        await H.rendered(store, H.scan(t, KR.all, { limit: 1, reverse: true })),
        ['d{g:x=4}'],
        'reverse, limit 1'
      )
    }
  },
  {
    name: 'an expired cell is absent to checkAndPut',
    when: withClock,
    run: async ({ store, table, advanceClock }) => {
      const t = await table(families)
      await H.right(store.mutate([put(t, 'r', [cell('f', 'lock', 'held')])]), 'put')
      const p = put(t, 'r', [cell('f', 'lock', 'mine')])
      H.equal(
        await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'lock', O.none)), 'before'),
        false,
        'held'
      )
      advanceClock(61_000)
      H.equal(
        await H.right(store.checkAndPut(H.checkAndPut(p, 'f', 'lock', O.none)), 'after'),
        true,
        'expired'
      )
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:lock=mine}', 'row')
    }
  }
]
