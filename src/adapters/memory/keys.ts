/**
 * Byte strings as "binary strings": one UTF-16 code unit per byte (0x00–0xFF), so that JavaScript's
 * `<` on strings is exactly HBase's unsigned, lexicographic byte order, a proper prefix first.
 * The memory store keys its ordered maps by these primitive strings: comparing them is a native
 * operation, and a string can never be mutated by a caller.
 *
 * Laws: `toBytes(fromBytes(b))` equals `b`; `sign(fromBytes(a) < fromBytes(b) ? -1 : …)` equals
 * `Bytes.compare(a, b)`. Every call returns fresh storage, so nothing aliases.
 */

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

/** Large enough to be fast, small enough for `fromCharCode`'s argument limit. */
const CHUNK = 8192

/** `apply` takes the typed array as it is; a spread (`...bytes`) first copies it through the iterator, 4× slower. */
const chars = (bytes: Uint8Array): string =>
  String.fromCharCode.apply(null, bytes as unknown as Array<number>)

export const fromBytes = (bytes: Uint8Array): string => {
  // one-byte strings are V8's cached single characters: no call through `apply`, no allocation
  if (bytes.length === 1) return String.fromCharCode(bytes[0] as number)
  if (bytes.length <= CHUNK) return chars(bytes)
  let out = ''
  for (let at = 0; at < bytes.length; at += CHUNK) out += chars(bytes.subarray(at, at + CHUNK))
  return out
}

const encoder = new TextEncoder()

/** A family name ordered as HBase orders it: by its UTF-8 bytes. */
export const fromName = (name: string): string => fromBytes(encoder.encode(name))

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

export const toBytes = (key: string): Uint8Array => {
  const out = new Uint8Array(key.length)
  for (let i = 0; i < key.length; i++) out[i] = key.charCodeAt(i)
  return out
}

export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
