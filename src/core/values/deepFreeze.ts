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
    // indexed and keyed loops, not `Object.values`: this runs on every session a query returns
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i] as unknown)
    else {
      const o = value as Record<string, unknown>
      const keys = Object.keys(o)
      for (let i = 0; i < keys.length; i++) deepFreeze(o[keys[i] as string])
    }
  }
  return value
}
