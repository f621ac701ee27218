/**
 * One bridge from io-ts to the library's errors: the first failure becomes a `DomainError` that
 * names the field (the codec's name, or the caller's) and the value.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import type { DomainError } from '../DomainError.js'
import { invalidValue } from '../DomainError.js'

/** Builds a refinement codec message from the reason a predicate failed. */
export const validate =
  <A, O>(codec: t.Type<A, O, unknown>, field: string = codec.name) =>
  (input: unknown): E.Either<DomainError, A> =>
    pipe(
      codec.decode(input),
      E.mapLeft((errors) => {
        const first = errors[0]
        const reason = first?.message ?? `not a valid ${codec.name}`
        const at = first?.context
          .map((c) => c.key)
          .filter((k) => k !== '')
          .join('.')
        return invalidValue(at !== undefined && at !== '' ? `${field}.${at}` : field, first?.value ?? input, reason)
      })
    )
