/**
 * One bridge from io-ts to the library's errors: the first failure becomes a `DomainError` that
 * names the field (the caller's name, then the path inside the value) and the offending value.
 * Intersection members add numeric context keys that are not part of the value's shape; they are
 * dropped so a path reads `backupInfo.tables.0.table`, not `backupInfo.0.tables.0.1.table`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import type { DomainError } from '../DomainError.js'
import { invalidValue } from '../DomainError.js'

const isIntersection = (entry: t.ContextEntry | undefined): boolean =>
  (entry?.type as { _tag?: string } | undefined)?._tag === 'IntersectionType'

const pathOf = (context: t.Context): string =>
  context
    .filter((entry, i) => entry.key !== '' && !isIntersection(context[i - 1]))
    .map((entry) => entry.key)
    .join('.')

/**
 * An enum (`t.keyof`) lists what a caller may give: `expected one of FULL, INCREMENTAL`. `UNKNOWN`
 * is left out: it stands for a number a newer HBase wrote and is valid only with that preserved field.
 */
const expected = (type: t.Decoder<unknown, unknown> | undefined, fallback: string): string =>
  type instanceof t.KeyofType
    ? `expected one of ${Object.keys(type.keys as Record<string, unknown>)
        .filter((k) => k !== 'UNKNOWN')
        .join(', ')}`
    : `expected ${type?.name ?? fallback}`

/**
 * `is` first: for the domain codecs a value that `is` one decodes to itself (no codec here
 * transforms a valid value; `TableName.is` accepts only canonical names), so the common case skips
 * io-ts's context bookkeeping; `decode` runs only to describe a failure or to canonicalise.
 */
export const validate =
  <A, O>(codec: t.Type<A, O, unknown>, field: string = codec.name) =>
  (input: unknown): E.Either<DomainError, A> =>
    codec.is(input) ? E.right(input) : decodeSlowly(codec, field, input)

const decodeSlowly = <A, O>(
  codec: t.Type<A, O, unknown>,
  field: string,
  input: unknown
): E.Either<DomainError, A> =>
  pipe(
    codec.decode(input),
    E.mapLeft((errors) => {
      const first = errors[0]
      if (first === undefined) return invalidValue(field, input, `not a valid ${codec.name}`)
      const innermost = first.context[first.context.length - 1]
      const reason = first.message ?? expected(innermost?.type, codec.name)
      const at = pathOf(first.context)
      return invalidValue(at === '' ? field : `${field}.${at}`, first.value, reason)
    })
  )
