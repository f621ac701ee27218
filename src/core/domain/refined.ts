/**
 * A string refinement whose failure carries a reason, so `validate` can say why a value is invalid.
 * The brand makes a checked value a distinct type: only the codec produces one.
 */
import * as t from 'io-ts'

export const refinedString = <B extends { readonly [K in keyof B]: symbol }>(
  name: string,
  check: (s: string) => string | undefined
): t.Type<string & t.Brand<B>, string, unknown> =>
  new t.Type<string & t.Brand<B>, string, unknown>(
    name,
    (u): u is string & t.Brand<B> => typeof u === 'string' && check(u) === undefined,
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, `${name} must be a string`)
      const reason = check(u)
      return reason === undefined ? t.success(u as string & t.Brand<B>) : t.failure(u, c, reason)
    },
    (a) => a
  )
