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

export const one =
  <A, O>(codec: t.Type<A, O, unknown>, field: string) =>
  (input: unknown): E.Either<DomainError, A> =>
    validate(codec, field)(input)

export const many =
  <A, O>(codec: t.Type<A, O, unknown>, field: string) =>
  (inputs: ReadonlyArray<unknown>): E.Either<DomainError, ReadonlyArray<A>> =>
    Array.isArray(inputs)
      ? pipe(
          inputs as ReadonlyArray<unknown>,
          E.traverseArrayWithIndex((i, x) => validate(codec, `${field}[${i}]`)(x))
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
