/**
 * Comma-joined UTF-8 lists: backup set members, and the backup ids / table names of the delete and
 * merge markers. Java writes `StringUtils.join(list, ",")` and reads with `String.split(",")`, which
 * drops trailing empty strings; an empty value is an empty list. Elements never contain `,` (their
 * codecs forbid it), so the encoding is unambiguous.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'

export const encode = (items: ReadonlyArray<string>): Uint8Array => B.utf8(items.join(','))

/** Splits as Java does, then checks each element with `item`; `field` names the column in errors. */
export const decode =
  <A>(field: string, item: (s: string) => E.Either<DomainError, A>) =>
  (bytes: Uint8Array): E.Either<DomainError, ReadonlyArray<A>> =>
    pipe(
      B.toUtf8(bytes),
      E.fromOption(() => malformed(field, B.toStringBinary(bytes), 'not UTF-8')),
      E.map(splitLikeJava),
      E.chain(E.traverseArray(item))
    )

/** `String.split(",")`: trailing empty strings are removed; "" gives no element. */
export const splitLikeJava = (s: string): ReadonlyArray<string> => {
  const parts = s.split(',')
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

export const decodeString = (field: string, bytes: Uint8Array): E.Either<DomainError, string> => {
  const s = B.utf8OrUndefined(bytes)
  return s === undefined ? E.left(malformed(field, B.toStringBinary(bytes), 'not UTF-8')) : E.right(s)
}
