/**
 * A strict protobuf wire reader over a `Uint8Array`, for the hand-written decoders of this folder.
 *
 * Strict where protobufjs is lenient, so bytes are never misread:
 * - a field, varint or nested message that runs past its enclosing message is an error (a nested
 *   message is read inside its own limit, as Java's `CodedInputStream.pushLimit` does);
 * - a varint longer than 10 bytes, a field number 0, wire types 4 (stray end group), 6 and 7 are
 *   errors;
 * - strings are strict UTF-8: bytes that are not UTF-8 are an error, never U+FFFD (a rewrite would
 *   otherwise change them).
 *
 * Failures: a decoder built on this reader stops at the first problem by throwing a `Failure`
 * carrying the `DomainError`; `decodeWith` is the one place that catches it and turns it into a
 * `Left`. The error value is built only on that path; the happy path allocates nothing for it.
 * No state lives in the module: a `Cursor` belongs to one decode call.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LENGTH = 2
export const WIRE_START_GROUP = 3
export const WIRE_END_GROUP = 4
export const WIRE_FIXED32 = 5

/** Where one decode is: `pos` advances, `end` is the limit of the message being read. */
export interface Cursor {
  readonly bytes: Uint8Array
  pos: number
  end: number
}

interface Failure {
  readonly failure: DomainError
}

const isFailure = (e: unknown): e is Failure => typeof e === 'object' && e !== null && 'failure' in e

/** Stops the decode with `error` (caught by `decodeWith`). */
export const fail = (error: DomainError): never => {
  // an Error (its stack is built on the failure path only), carrying the typed error
  throw Object.assign(new Error(error.reason), { failure: error }) satisfies Failure
}

/** How much of undecodable input an error shows (as hex). */
const SHOWN_BYTES = 64

export const shown = (bytes: Uint8Array): string =>
  bytes.length <= SHOWN_BYTES
    ? B.toHex(bytes)
    : `${B.toHex(bytes.subarray(0, SHOWN_BYTES))}… (${bytes.length} bytes)`

/** Runs `parse` over the whole of `bytes`; a failure, or any throw, is a `Left`. */
export const decodeWith =
  <A>(message: string, parse: (c: Cursor) => A) =>
  (bytes: Uint8Array): E.Either<DomainError, A> => {
    try {
      return E.right(parse({ bytes, pos: 0, end: bytes.length }))
    } catch (e) {
      if (isFailure(e)) return E.left(e.failure)
      // not reachable by any input we know of; kept so that no decoder of the library can throw
      return E.left(malformed(message, shown(bytes), e instanceof Error ? e.message : String(e)))
    }
  }

const truncated = (c: Cursor, message: string): never =>
  fail(malformed(message, shown(c.bytes), `truncated at byte ${c.pos} of ${c.end}`))

/** A varint of at most 32 significant bits (longer encodings are read and truncated, as protobuf does). */
export const uint32 = (c: Cursor, message: string): number => {
  const b = c.bytes
  let p = c.pos
  if (p >= c.end) return truncated(c, message)
  let x = b[p++] as number
  if (x < 0x80) {
    c.pos = p
    return x
  }
  x &= 0x7f
  for (let shift = 7; shift < 70; shift += 7) {
    if (p >= c.end) return truncated(c, message)
    const byte = b[p++] as number
    if (shift < 32) x |= (byte & 0x7f) << shift
    if (byte < 0x80) {
      c.pos = p
      return x >>> 0
    }
  }
  return fail(malformed(message, shown(b), `a varint longer than 10 bytes at byte ${c.pos}`))
}

/**
 * A uint64 varint as a number: exact when at most 2^53 - 1, some larger number otherwise (the sum
 * of exact powers of two only rounds above 2^53, so `> MAX_SAFE_INTEGER` is an exact test). Callers
 * that need the exact value of a large one use `uint64Exact` on the rare path.
 */
export const uint64 = (c: Cursor, message: string): number => {
  const b = c.bytes
  let p = c.pos
  let x = 0
  let scale = 1
  for (let i = 0; i < 10; i++) {
    if (p >= c.end) return truncated(c, message)
    const byte = b[p++] as number
    x += (byte & 0x7f) * scale
    if (byte < 0x80) {
      c.pos = p
      return x
    }
    scale *= 128
  }
  return fail(malformed(message, shown(b), `a varint longer than 10 bytes at byte ${c.pos}`))
}

/** The exact uint64 of the varint at `at` (already read once by `uint64`). */
export const uint64Exact = (bytes: Uint8Array, at: number): bigint => {
  let x = 0n
  for (let i = 0; i < 10; i++) {
    const byte = bytes[at + i] as number
    x |= BigInt(byte & 0x7f) << BigInt(7 * i)
    if (byte < 0x80) break
  }
  return BigInt.asUintN(64, x)
}

/** A tag: field number and wire type. Field number 0 and wire types 6, 7 are errors. */
export const tag = (c: Cursor, message: string): number => {
  const first = c.bytes[c.pos]
  if (first !== undefined && first >= 8 && first < 0x80 && (first & 7) < 6 && c.pos < c.end) {
    c.pos++
    return first // a one-byte tag of field 1–15 with a valid wire type: the common case
  }
  const t = uint32(c, message)
  const wire = t & 7
  if (t >>> 3 === 0 || wire > 5)
    return fail(malformed(message, shown(c.bytes), `invalid tag ${t} at byte ${c.pos}`))
  return t
}

/** The length of a length-delimited field; its bytes must lie inside the current message. */
export const length = (c: Cursor, message: string): number => {
  const n = uint32(c, message)
  if (n > c.end - c.pos) return truncated(c, message)
  return n
}

/** The UTF-8 text of `bytes[start, end)`; `undefined` when it is not UTF-8 (see `Bytes.utf8Between`). */
export const utf8At: (bytes: Uint8Array, start: number, end: number) => string | undefined = B.utf8Between

/** A length-delimited UTF-8 string; `field` names it in the error. */
export const string = (c: Cursor, field: string): string => {
  const n = length(c, field)
  const start = c.pos
  c.pos += n
  const s = utf8At(c.bytes, start, c.pos)
  return s ?? fail(malformed(field, shown(c.bytes.subarray(start, c.pos)), 'not UTF-8'))
}

/** Enters the nested message that starts here; returns the enclosing limit for `leave`. */
export const enter = (c: Cursor, message: string): number => {
  const n = length(c, message)
  const outer = c.end
  c.end = c.pos + n
  return outer
}

export const leave = (c: Cursor, outer: number): void => {
  c.end = outer
}

/** Skips the value of a field whose tag was just read (groups included, nested to any depth). */
export const skip = (c: Cursor, t: number, message: string): void => {
  switch (t & 7) {
    case WIRE_VARINT:
      uint64(c, message)
      return
    case WIRE_FIXED64:
      if (c.end - c.pos < 8) truncated(c, message)
      c.pos += 8
      return
    case WIRE_LENGTH: {
      const n = length(c, message) // read before `c.pos +=` evaluates c.pos
      c.pos += n
      return
    }
    case WIRE_FIXED32:
      if (c.end - c.pos < 4) truncated(c, message)
      c.pos += 4
      return
    case WIRE_START_GROUP: {
      const field = t >>> 3
      for (;;) {
        const inner = tag(c, message)
        if ((inner & 7) === WIRE_END_GROUP) {
          if (inner >>> 3 !== field)
            fail(malformed(message, shown(c.bytes), `group ${field} ended by ${inner >>> 3}`))
          return
        }
        skip(c, inner, message)
      }
    }
    default:
      fail(malformed(message, shown(c.bytes), `unexpected end group at byte ${c.pos}`))
  }
}

/** The field's wire type is not the one its number has in the schema. */
export const wrongWireType = (c: Cursor, field: string, t: number, expected: string): never =>
  fail(
    malformed(
      field,
      shown(c.bytes),
      `wire type ${t & 7} does not fit the field's type ${expected} (at byte ${c.pos})`
    )
  )

/**
 * Checks that `bytes` hold exactly one field, `number` with `wireType`, tag included; the reason
 * when they do not. Used to accept preserved fields a caller hands back.
 */
export const singleFieldProblem = (
  bytes: Uint8Array,
  number: number,
  wireType: number
): string | undefined => {
  const r = decodeWith('field', (c) => {
    const t = tag(c, 'field')
    skip(c, t, 'field')
    return c.pos === c.end ? t : fail(malformed('field', shown(bytes), 'more than one field'))
  })(bytes)
  if (E.isLeft(r)) return r.left.reason
  if (r.right >>> 3 !== number || (r.right & 7) !== wireType)
    return `the bytes hold field ${r.right >>> 3} wire type ${r.right & 7}`
  return undefined
}
