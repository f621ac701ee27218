/**
 * Validation of the API's untyped arguments into the core's branded types. A failure becomes a
 * program that fails before its first instruction, so nothing is written.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import type { DomainError } from '../core/DomainError.js'
import { invalidValue } from '../core/DomainError.js'
import { validate } from '../core/domain/validate.js'
import * as P from '../core/Program.js'

/**
 * The most UTF-8 bytes one argument may take in a row key. HBase refuses rows over 32767 bytes
 * (`HConstants.MAX_ROW_LENGTH`); a key holds at most two caller strings plus a short prefix, so
 * each is held to a little under half of that — refused here, before any store call.
 */
export const MAX_KEY_PART_BYTES = 16_000

// three bytes per UTF-16 unit at most, so short strings skip the encoding
const tooLong = (s: string): boolean =>
  s.length * 3 > MAX_KEY_PART_BYTES && new TextEncoder().encode(s).length > MAX_KEY_PART_BYTES

export const one =
  <A, O>(codec: t.Type<A, O, unknown>, field: string) =>
  (input: unknown): E.Either<DomainError, A> =>
    typeof input === 'string' && tooLong(input)
      ? E.left(invalidValue(field, `${input.slice(0, 64)}…`, `longer than ${MAX_KEY_PART_BYTES} UTF-8 bytes`))
      : validate(codec, field)(input)

export const many =
  <A, O>(codec: t.Type<A, O, unknown>, field: string) =>
  (inputs: ReadonlyArray<unknown>): E.Either<DomainError, ReadonlyArray<A>> =>
    Array.isArray(inputs)
      ? pipe(
          inputs as ReadonlyArray<unknown>,
          E.traverseArrayWithIndex((i, x) => one(codec, `${field}[${i}]`)(x))
        )
      : E.left(invalidValue(field, inputs, 'must be an array'))

export const nonEmpty =
  (field: string) =>
  <A>(as: ReadonlyArray<A>): E.Either<DomainError, ReadonlyArray<A>> =>
    as.length === 0 ? E.left(invalidValue(field, '[]', 'must not be empty')) : E.right(as)

export const count = (field: string, n: unknown): E.Either<DomainError, number> =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
    ? E.right(n)
    : E.left(invalidValue(field, String(n), 'must be a non-negative integer'))

/** Validates, then builds the program from the valid value. */
export const withValid =
  <A, B>(f: (a: A) => P.Program<B>) =>
  (e: E.Either<DomainError, A>): P.Program<B> =>
    pipe(P.fromEither(e), P.chain(f))

/** A caller string that becomes part of a key or a value: non-empty, no NUL, bounded. */
export const text =
  (field: string) =>
  (s: unknown): E.Either<DomainError, string> =>
    typeof s !== 'string'
      ? E.left(invalidValue(field, s, 'must be a string'))
      : s.length === 0
        ? E.left(invalidValue(field, s, 'must not be empty'))
        : s.includes('\0')
          ? E.left(invalidValue(field, s, 'must not contain NUL'))
          : tooLong(s)
            ? E.left(
                invalidValue(field, `${s.slice(0, 64)}…`, `longer than ${MAX_KEY_PART_BYTES} UTF-8 bytes`)
              )
            : E.right(s)

/** Milliseconds since the epoch, start codes: integers a Java long and a JavaScript number both hold. */
export const millis = (field: string, n: unknown): E.Either<DomainError, number> =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
    ? E.right(n)
    : E.left(invalidValue(field, String(n), 'must be a non-negative integer of milliseconds'))

/** Renames the field of a core check's error to the argument the caller passed. */
export const asField =
  (field: string) =>
  <A>(e: E.Either<DomainError, A>): E.Either<DomainError, A> =>
    pipe(
      e,
      E.mapLeft((d) => ({ ...d, field }))
    )

export const record = (
  field: string,
  r: unknown
): E.Either<DomainError, Readonly<Record<string, unknown>>> =>
  typeof r === 'object' && r !== null && !Array.isArray(r)
    ? E.right(r as Readonly<Record<string, unknown>>)
    : E.left(invalidValue(field, r, 'must be an object'))
