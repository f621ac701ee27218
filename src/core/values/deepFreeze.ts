/**
 * Freezes a decoded value and everything it holds, at run time: the types' `readonly` does not
 * stop a caller's cast or plain JavaScript, and a decoder may hand out shared constants (an empty
 * list), so a value read must not be mutable at all — no caller can change what a later read
 * returns. Values of this library are plain objects and arrays (no cycles, no class instances but
 * `Uint8Array`, whose bytes cannot be frozen and which decoders always copy).
 */
export const deepFreeze = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
