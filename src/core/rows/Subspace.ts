/**
 * A row family's key space: a fixed UTF-8 prefix and the keys under it. The prefix's range is
 * computed once, here, with `KeyRange.prefix`; row modules never do stop-row arithmetic.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { atRow } from '../DomainError.js'
import type { KeyRange } from '../KeyRange.js'
import * as KR from '../KeyRange.js'
import type * as Op from '../Operation.js'

export interface Subspace {
  readonly prefix: Uint8Array
  readonly range: KeyRange
}

export const subspace = (prefix: string): Subspace => {
  const bytes = B.utf8(prefix)
  return { prefix: bytes, range: KR.prefix(bytes) }
}

/** The key `prefix ‖ parts…` (each part UTF-8, or raw bytes). */
export const keyOf =
  (space: Subspace) =>
  (...parts: ReadonlyArray<string | Uint8Array>): Uint8Array =>
    B.concat(space.prefix, ...parts.map((p) => (typeof p === 'string' ? B.utf8(p) : p)))

/** The range of keys `prefix ‖ parts… ‖ …`. */
export const rangeOf =
  (space: Subspace) =>
  (...parts: ReadonlyArray<string | Uint8Array>): KeyRange =>
    KR.prefix(keyOf(space)(...parts))

/** The UTF-8 text after the prefix; `none` for a key outside the subspace or not UTF-8. */
export const suffixOf =
  (space: Subspace) =>
  (key: Uint8Array): O.Option<string> =>
    B.startsWith(space.prefix)(key) ? B.toUtf8(key.subarray(space.prefix.length)) : O.none

export const NUL = '\u0000'

/**
 * The two parts of a key `prefix ‖ a ‖ NUL ‖ b`, split at the last NUL as Java's
 * `lastIndexOf(NUL)` does; `none` when the key is outside the subspace or has no NUL.
 */
export const splitAtLastNul =
  (space: Subspace) =>
  (key: Uint8Array): O.Option<readonly [string, string]> =>
    pipe(
      suffixOf(space)(key),
      O.chain((rest) => {
        const i = rest.lastIndexOf(NUL)
        return i < 0 ? O.none : O.some([rest.slice(0, i), rest.slice(i + 1)] as const)
      })
    )

/** A row decoder whose errors name the row they came from (its key, as HBase prints it). */
export const located =
  <A>(decode: (row: Op.Row) => E.Either<DomainError, A>) =>
  (row: Op.Row): E.Either<DomainError, A> => {
    const r = decode(row)
    return E.isLeft(r) ? E.left(atRow(B.toStringBinary(row.key))(r.left)) : r
  }
