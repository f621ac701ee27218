/**
 * Deterministic inputs: a seeded PRNG, row keys grouped under prefixes of exactly 100 rows, and
 * random values. Every side of a comparison gets these same byte arrays.
 *
 *   key    "bench:" ‖ prefix id (6 digits) ‖ ":" ‖ row id (3 digits)     19 bytes, e.g. bench:000042:007
 *   value  64 random bytes
 *
 * The shape is a backup-table row key (a family tag, an entity, a member) and a small value.
 */

/** mulberry32: small, fast, good enough to shuffle. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const ROWS_PER_PREFIX = 100

const encoder = new TextEncoder()

export const prefixBytes = (prefix: number): Uint8Array =>
  encoder.encode(`bench:${String(prefix).padStart(6, '0')}:`)

export const keyBytes = (prefix: number, row: number): Uint8Array =>
  encoder.encode(`bench:${String(prefix).padStart(6, '0')}:${String(row).padStart(3, '0')}`)

export const randomBytes = (random: () => number, n: number): Uint8Array => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256)
  return out
}

export const VALUE_BYTES = 64

/** Keys of `rows` rows (`rows / 100` prefixes), in key order. */
export const keys = (rows: number): ReadonlyArray<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let i = 0; i < rows; i++) out.push(keyBytes(Math.floor(i / ROWS_PER_PREFIX), i % ROWS_PER_PREFIX))
  return out
}

/** A random permutation of `xs` (Fisher–Yates). */
export const shuffled = <A>(xs: ReadonlyArray<A>, random: () => number): ReadonlyArray<A> => {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = out[i] as A
    out[i] = out[j] as A
    out[j] = t
  }
  return out
}

/** `n` picks from `xs`, with repetition. */
export const picks = <A>(xs: ReadonlyArray<A>, n: number, random: () => number): ReadonlyArray<A> =>
  Array.from({ length: n }, () => xs[Math.floor(random() * xs.length)] as A)

/**
 * A byte string as a "binary string", one char per byte: the form the memory store keys its tree
 * by. The baselines convert with this at their boundary, as any user of an ordered map keyed by
 * strings must; `fromCharCode.apply` is the fastest form found for short keys.
 */
export const binary = (bytes: Uint8Array): string =>
  String.fromCharCode.apply(null, bytes as unknown as Array<number>)
