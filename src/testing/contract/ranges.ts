/**
 * Range scans against one fixed, sorted fixture (after abstract-level's `iterator-range-test.js`):
 * keys with 0x00, 0x7F, 0x80, 0xFE and 0xFF bytes, keys that are prefixes of each other, and the
 * key just past a prefix. Bounds are stored keys and probes that fall *between* stored keys.
 *
 * Each case names the matching fixture rows by index; the reverse case is derived from it, never
 * written by hand: same rows, descending, and `limit` applied after ordering (so it keeps the
 * highest keys). Family restriction keeps rows with a cell in that family, only those cells, and
 * the limit counts such rows.
 */
import * as B from '../../core/Bytes.js'
import type { KeyRange } from '../../core/KeyRange.js'
import * as KR from '../../core/KeyRange.js'
import type { CaseDef, Ctx } from './harness.js'
import * as H from './harness.js'
import { rowsOf } from '../../port/rowsOf.js'

// -------------------------------------------------------------------------------------------------
// fixture
// -------------------------------------------------------------------------------------------------

const x = B.fromHex
const s = B.utf8

/** Sorted as unsigned bytes; the first case checks that. */
export const fixtureKeys: ReadonlyArray<Uint8Array> = [
  x('00'), //               0
  x('0000'), //             1
  x('00ff'), //             2
  x('01'), //               3
  s('a'), //                4
  s('a\u0000'), //          5
  s('ab'), //               6
  s('ab\u0000'), //         7
  s('abc'), //              8
  x('6162ff'), //           9  ab\xFF
  x('6162ffff'), //        10  ab\xFF\xFF
  s('ac'), //              11  the end of prefix "ab"
  x('7f'), //              12
  x('7fff'), //            13
  x('80'), //              14
  x('8000'), //            15
  x('fe'), //              16
  x('feff'), //            17
  x('ff'), //              18  the end of prefix 0xFE
  x('ff00'), //            19
  x('ffff'), //            20
  x('ffffff') //           21
]

/** Row i has family f when i % 3 ≠ 2 and family g when i % 3 ≠ 1. */
const families = (i: number): ReadonlyArray<string> =>
  i % 3 === 0 ? ['f', 'g'] : i % 3 === 1 ? ['f'] : ['g']

const expectedRow = (i: number, family?: string): string | undefined => {
  const key = fixtureKeys[i] as Uint8Array
  const fs = families(i).filter((f) => family === undefined || f === family)
  return fs.length === 0
    ? undefined
    : `${B.toStringBinary(key)}{${fs.map((f) => `${f}:q=${B.toStringBinary(key)}`).join(' ')}}`
}

const fixtureTable = (ctx: Ctx): Promise<string> =>
  ctx.shared('ranges', async () => {
    const t = await ctx.table()
    const puts = fixtureKeys.map((k, i) =>
      H.put(
        t,
        k,
        families(i).map((f) => H.cell(f, 'q', k))
      )
    )
    await H.right(ctx.store.mutate(puts), 'write the range fixture')
    return t
  })

// -------------------------------------------------------------------------------------------------
// cases
// -------------------------------------------------------------------------------------------------

interface RangeCase {
  readonly name: string
  readonly range: KeyRange
  /** Indices of the fixture keys in the range, ascending. */
  readonly keys: ReadonlyArray<number>
  readonly limit?: number
  readonly family?: string
}

const upTo = (from: number, to: number): ReadonlyArray<number> =>
  Array.from({ length: to - from }, (_, i) => from + i)
const ALL = upTo(0, fixtureKeys.length)
const everyKey: RangeCase = { name: 'every key', range: KR.all, keys: ALL }

const rangeCases: ReadonlyArray<RangeCase> = [
  everyKey,
  { name: 'from the empty key', range: KR.from(B.empty), keys: ALL },
  { name: 'from a stored key includes it', range: KR.from(x('7f')), keys: upTo(12, 22) },
  { name: 'from a probe between 7F and 7FFF', range: KR.from(x('7f00')), keys: upTo(13, 22) },
  {
    name: 'between two stored keys: start in, stop out',
    range: KR.between(x('01'), x('7f')),
    keys: upTo(3, 12)
  },
  { name: 'between two probes', range: KR.between(x('0001'), x('616201')), keys: upTo(2, 8) },
  {
    name: 'a stop that is a proper prefix of keys excludes them',
    range: KR.between(x('00'), s('a')),
    keys: upTo(0, 4)
  },
  { name: 'a stop one past a key, key‖00, includes it', range: KR.between(s('a'), s('a\u0000')), keys: [4] },
  { name: 'start equal to stop is empty', range: KR.between(x('7f'), x('7f')), keys: [] },
  { name: 'start above stop is empty, not an error', range: KR.between(x('80'), x('7f')), keys: [] },
  { name: 'an empty stop key is empty, not unbounded', range: KR.between(x('00'), B.empty), keys: [] },
  { name: 'the signed-byte boundary 7F | 80', range: KR.between(x('7f'), x('80')), keys: [12, 13] },
  { name: 'between 7FFF and 8000', range: KR.between(x('7fff'), x('8000')), keys: [13, 14] },
  { name: 'unbounded above from FF', range: KR.from(x('ff')), keys: upTo(18, 22) },
  { name: 'from a probe above every key', range: KR.from(x('ffffff00')), keys: [] },
  { name: 'below every key', range: KR.between(B.empty, x('00')), keys: [] },
  { name: 'single stored key', range: KR.single(s('ab')), keys: [6] },
  { name: 'single key whose extensions are stored', range: KR.single(x('00')), keys: [0] },
  { name: 'single probe', range: KR.single(x('616201')), keys: [] },
  { name: 'prefix "ab" includes "ab" and excludes "ac"', range: KR.prefix(s('ab')), keys: upTo(6, 11) },
  { name: 'prefix "a"', range: KR.prefix(s('a')), keys: upTo(4, 12) },
  { name: 'prefix ending in FF', range: KR.prefix(x('6162ff')), keys: [9, 10] },
  { name: 'prefix ending in FFFFFF with nothing stored', range: KR.prefix(x('6162ffffff')), keys: [] },
  { name: 'prefix 00', range: KR.prefix(x('00')), keys: [0, 1, 2] },
  { name: 'prefix 7F', range: KR.prefix(x('7f')), keys: [12, 13] },
  { name: 'prefix FE excludes FF', range: KR.prefix(x('fe')), keys: [16, 17] },
  { name: 'prefix FF is unbounded above', range: KR.prefix(x('ff')), keys: upTo(18, 22) },
  { name: 'prefix FFFF', range: KR.prefix(x('ffff')), keys: [20, 21] },
  { name: 'the empty prefix is every key', range: KR.prefix(B.empty), keys: ALL },
  { name: 'a prefix of no key', range: KR.prefix(s('b')), keys: [] },
  { name: 'limit 1', range: KR.all, keys: ALL, limit: 1 },
  { name: 'limit 5', range: KR.all, keys: ALL, limit: 5 },
  { name: 'limit above the row count', range: KR.all, keys: ALL, limit: 100 },
  { name: 'limit 0 returns no row', range: KR.all, keys: ALL, limit: 0 },
  { name: 'prefix "ab" with limit 2', range: KR.prefix(s('ab')), keys: upTo(6, 11), limit: 2 },
  {
    name: 'between probes with limit 3',
    range: KR.between(x('0001'), x('616201')),
    keys: upTo(2, 8),
    limit: 3
  },
  { name: 'family g', range: KR.all, keys: ALL, family: 'g' },
  { name: 'family f with limit 4 counts rows that have f', range: KR.all, keys: ALL, family: 'f', limit: 4 },
  { name: 'prefix "ab" in family g', range: KR.prefix(s('ab')), keys: upTo(6, 11), family: 'g' },
  {
    name: 'prefix FF in family f with limit 1',
    range: KR.prefix(x('ff')),
    keys: upTo(18, 22),
    family: 'f',
    limit: 1
  }
]

const expected = (c: RangeCase, reverse: boolean): ReadonlyArray<string> => {
  const ordered = reverse ? [...c.keys].reverse() : c.keys
  const present = ordered.flatMap((i) => {
    const r = expectedRow(i, c.family)
    return r === undefined ? [] : [r]
  })
  return c.limit === undefined ? present : present.slice(0, c.limit)
}

const toCase =
  (reverse: boolean) =>
  (c: RangeCase): CaseDef => ({
    name: `${c.name} ${KR.show(c.range)}${reverse ? ' (reverse)' : ''}`,
    run: async (ctx) => {
      const t = await fixtureTable(ctx)
      const o = {
        reverse,
        ...(c.limit === undefined ? {} : { limit: c.limit }),
        ...(c.family === undefined ? {} : { family: c.family })
      }
      H.equal(await H.rendered(ctx.store, H.scan(t, c.range, o)), expected(c, reverse), 'rows')
    }
  })

export const ranges: ReadonlyArray<CaseDef> = [
  {
    name: 'the range fixture is sorted as unsigned bytes and a full scan returns it',
    run: async (ctx) => {
      fixtureKeys.forEach((k, i) => {
        const next = fixtureKeys[i + 1]
        if (next !== undefined && B.compare(k, next) >= 0) H.fail(`fixture not sorted at ${i}`)
      })
      const t = await fixtureTable(ctx)
      H.equal(await H.rendered(ctx.store, H.scan(t, KR.all)), expected(everyKey, false), 'rows')
    }
  },
  ...rangeCases.flatMap((c) => [toCase(false)(c), toCase(true)(c)]),
  {
    name: 'a scan can be iterated twice, each time from the start',
    run: async (ctx) => {
      const t = await fixtureTable(ctx)
      const it = ctx.store.scan(H.scan(t, KR.prefix(x('00'))))
      const once: Array<string> = []
      for await (const r of rowsOf(it)) once.push(H.render(r))
      const twice: Array<string> = []
      for await (const r of rowsOf(it)) twice.push(H.render(r))
      H.equal(twice, once, 'second iteration')
    }
  },
  {
    name: 'breaking out of a scan early is fine',
    run: async (ctx) => {
      const t = await fixtureTable(ctx)
      let n = 0
      for await (const _ of rowsOf(ctx.store.scan(H.scan(t, KR.all)))) if (++n === 2) break
      H.equal(
        await H.rendered(ctx.store, H.scan(t, KR.all, { limit: 1 })),
        expected({ ...everyKey, limit: 1 }, false),
        'after'
      )
    }
  }
]
