/**
 * Memoises a decoder of immutable values by the bytes it decodes: the same stored bytes decode to
 * the same (frozen-by-type, readonly) value, so a history read after every operation decodes only
 * the sessions that changed. Bounded: the oldest entries go first. Failures are not cached.
 */
import * as E from 'fp-ts/lib/Either.js'

const keyOf = (bytes: Uint8Array): string => {
  let s = ''
  // chunks keep the argument list of fromCharCode small
  for (let i = 0; i < bytes.length; i += 4096)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)))
  return s
}

export const memoByBytes = <L, A>(
  decode: (bytes: Uint8Array) => E.Either<L, A>,
  capacity: number
): ((bytes: Uint8Array) => E.Either<L, A>) => {
  const cache = new Map<string, E.Either<L, A>>()
  return (bytes) => {
    const k = keyOf(bytes)
    const hit = cache.get(k)
    if (hit !== undefined) return hit
    const decoded = decode(bytes)
    if (E.isRight(decoded)) {
      if (cache.size >= capacity) cache.delete(cache.keys().next().value as string)
      cache.set(k, decoded)
    }
    return decoded
  }
}
