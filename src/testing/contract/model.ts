/**
 * A fast-check property: random sequences of puts and deletes (row, family, column), then random
 * gets and range scans (forward or reverse, with or without limit and family), agree with a model
 * that is trivially correct: a map of rows sorted with `Bytes.compare` on every read.
 *
 * Keys are built from the bytes where order bugs hide (00, 01, 7F, 80, FE, FF), so prefixes,
 * signed-byte mistakes and 0xFF carries come up within a few runs. One table serves every run and
 * is emptied at the start of each; the number of runs is an option, modest by default for a remote
 * store. A pause follows each delete so a real HBase does not mask the next put in the same
 * millisecond.
 */
import fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import type { KeyRange } from '../../core/KeyRange.js'
import * as KR from '../../core/KeyRange.js'
import type { Mutation } from '../../core/Operation.js'
import type { CaseDef, Ctx } from './harness.js'
import * as H from './harness.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

interface ModelCell {
  readonly family: string
  readonly qualifier: Uint8Array
  readonly value: Uint8Array
}

type Op =
  | { readonly _tag: 'Put'; readonly row: Uint8Array; readonly cells: ReadonlyArray<ModelCell> }
  | { readonly _tag: 'DeleteRow'; readonly row: Uint8Array }
  | { readonly _tag: 'DeleteFamily'; readonly row: Uint8Array; readonly family: string }
  | {
      readonly _tag: 'DeleteColumn'
      readonly row: Uint8Array
      readonly family: string
      readonly qualifier: Uint8Array
    }

type Query =
  | {
      readonly _tag: 'Scan'
      readonly range: KeyRange
      readonly reverse: boolean
      readonly limit?: number
      readonly family?: string
    }
  | { readonly _tag: 'Get'; readonly row: Uint8Array; readonly family?: string }

/** Rows by hex key; cells by `family/hex(qualifier)`. */
type Model = Map<string, Map<string, ModelCell>>

const columnId = (family: string, qualifier: Uint8Array) => `${family}/${B.toHex(qualifier)}`

const step = (model: Model, op: Op): void => {
  const id = B.toHex(op.row)
  const row = model.get(id) ?? new Map<string, ModelCell>()
  switch (op._tag) {
    case 'Put':
      for (const c of op.cells) row.set(columnId(c.family, c.qualifier), c)
      break
    case 'DeleteRow':
      row.clear()
      break
    case 'DeleteFamily':
      for (const [k, c] of row) if (c.family === op.family) row.delete(k)
      break
    case 'DeleteColumn':
      row.delete(columnId(op.family, op.qualifier))
      break
  }
  if (row.size === 0) model.delete(id)
  else model.set(id, row)
}

const renderModelRow = (
  key: Uint8Array,
  row: Map<string, ModelCell>,
  family?: string
): string | undefined => {
  const cells = [...row.values()]
    .filter((c) => family === undefined || c.family === family)
    .sort((a, b) =>
      a.family < b.family ? -1 : a.family > b.family ? 1 : B.compare(a.qualifier, b.qualifier)
    )
  return cells.length === 0 ? undefined : H.render({ key, cells })
}

const answer = (model: Model, q: Query): ReadonlyArray<string> => {
  const keys = [...model.keys()].map(B.fromHex).sort(B.compare)
  const within = (k: Uint8Array) =>
    q._tag === 'Get'
      ? B.equals(k, q.row)
      : B.compare(k, q.range.start) >= 0 && (O.isNone(q.range.stop) || B.compare(k, q.range.stop.value) < 0)
  const ordered = q._tag === 'Scan' && q.reverse ? keys.reverse() : keys
  const rendered = ordered.flatMap((k) => {
    const row = within(k) ? model.get(B.toHex(k)) : undefined
    const r = row === undefined ? undefined : renderModelRow(k, row, q.family)
    return r === undefined ? [] : [r]
  })
  return q._tag === 'Scan' && q.limit !== undefined ? rendered.slice(0, q.limit) : rendered
}

// -------------------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------------------

const byte = fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff)
const bytesOf = (minLength: number) =>
  fc.array(byte, { minLength, maxLength: 3 }).map((a) => Uint8Array.from(a))
const key = bytesOf(1)
const bound = bytesOf(0)
const family = fc.constantFrom('f', 'g')
const qualifier = fc.constantFrom(B.empty, B.of(0x00), B.utf8('q'), B.of(0xff))
const modelCell = fc.record({ family, qualifier, value: fc.uint8Array({ maxLength: 2 }) })

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      _tag: fc.constant('Put' as const),
      row: key,
      cells: fc.uniqueArray(modelCell, {
        minLength: 1,
        maxLength: 3,
        selector: (c) => columnId(c.family, c.qualifier)
      })
    })
  },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant('DeleteRow' as const), row: key }) },
  { weight: 1, arbitrary: fc.record({ _tag: fc.constant('DeleteFamily' as const), row: key, family }) },
  {
    weight: 1,
    arbitrary: fc.record({ _tag: fc.constant('DeleteColumn' as const), row: key, family, qualifier })
  }
)

const range: fc.Arbitrary<KeyRange> = fc.oneof(
  fc.constant(KR.all),
  bound.map(KR.from),
  fc.tuple(bound, bound).map(([a, b]) => KR.between(a, b)),
  bound.map(KR.prefix),
  key.map(KR.single)
)

const optional = <A>(a: fc.Arbitrary<A>) => fc.option(a, { nil: undefined })

const query: fc.Arbitrary<Query> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ range, reverse: fc.boolean(), limit: optional(fc.nat(5)), family: optional(family) })
      .map(({ range, reverse, limit, family }) => ({
        _tag: 'Scan' as const,
        range,
        reverse,
        ...(limit === undefined ? {} : { limit }),
        ...(family === undefined ? {} : { family })
      }))
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ row: key, family: optional(family) })
      .map(({ row, family }) => ({ _tag: 'Get' as const, row, ...(family === undefined ? {} : { family }) }))
  }
)

// -------------------------------------------------------------------------------------------------
// the property
// -------------------------------------------------------------------------------------------------

const toMutation = (t: string, o: Op): Mutation<string> =>
  o._tag === 'Put'
    ? H.put(
        t,
        o.row,
        o.cells.map((c) => H.cell(c.family, c.qualifier, c.value))
      )
    : o._tag === 'DeleteRow'
      ? H.del(t, o.row)
      : o._tag === 'DeleteFamily'
        ? H.del(t, o.row, o.family)
        : H.del(t, o.row, o.family, o.qualifier)

const clear = async (ctx: Ctx, t: string): Promise<void> => {
  const rows = await H.rows(ctx.store, H.scan(t, KR.all))
  if (rows.length === 0) return
  await H.right(ctx.store.mutate(rows.map((r) => H.del(t, r.key))), 'clear the table')
  await ctx.settle()
}

const observe = async (ctx: Ctx, t: string, q: Query): Promise<ReadonlyArray<string>> => {
  if (q._tag === 'Scan') return H.rendered(ctx.store, H.scan(t, q.range, q))
  const r = await H.right(ctx.store.get(H.get(t, q.row, q.family)), 'get')
  return O.isSome(r) ? [H.render(r.value)] : []
}

const describeQuery = (q: Query): string =>
  q._tag === 'Get'
    ? `get ${B.toStringBinary(q.row)}${q.family === undefined ? '' : ` {${q.family}}`}`
    : `scan ${KR.show(q.range)}${q.reverse ? ' reversed' : ''}${q.limit === undefined ? '' : ` limit ${q.limit}`}${
        q.family === undefined ? '' : ` {${q.family}}`
      }`

export const model: ReadonlyArray<CaseDef> = [
  {
    name: 'random puts and deletes, then random gets and scans, agree with a sorted-map model',
    run: async (ctx) => {
      const t = await ctx.table()
      await fc.assert(
        fc.asyncProperty(
          fc.array(op, { minLength: 1, maxLength: 25 }),
          fc.array(query, { minLength: 1, maxLength: 6 }),
          async (ops, queries) => {
            await clear(ctx, t)
            const m: Model = new Map()
            for (const o of ops) {
              await H.right(ctx.store.mutate([toMutation(t, o)]), o._tag)
              step(m, o)
              if (o._tag !== 'Put') await ctx.settle()
            }
            for (const q of queries) H.equal(await observe(ctx, t, q), answer(m, q), describeQuery(q))
          }
        ),
        { numRuns: ctx.options.propertyRuns }
      )
    }
  }
]
