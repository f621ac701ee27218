/**
 * The two encodings of a Java `long` in the backup table, decoded to a safe-integer `number`:
 * - `Bytes.toBytes(long)`: 8 bytes, big-endian two's complement (the `rslogts` rows);
 * - `Long.toString(long)` as UTF-8 decimal text (the `startcode` rows).
 * A value a `number` cannot hold exactly is an `OutOfRange` error, never a rounded number.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed, outOfRange } from '../DomainError.js'

export const encodeBigEndian = (n: number): Uint8Array => {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigInt64(0, BigInt(n))
  return out
}

export const decodeBigEndian =
  (field: string) =>
  (bytes: Uint8Array): E.Either<DomainError, number> => {
    if (bytes.length !== 8) return E.left(malformed(field, B.toHex(bytes), 'a long is 8 bytes'))
    const v = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0)
    return safe(field, v)
  }

export const encodeDecimal = (n: number): Uint8Array => B.utf8(String(n))

export const decodeDecimal =
  (field: string) =>
  (bytes: Uint8Array): E.Either<DomainError, number> => {
    const s = new TextDecoder().decode(bytes)
    return /^-?\d{1,19}$/.test(s) ? safe(field, BigInt(s)) : E.left(malformed(field, s, 'not a decimal long'))
  }

/** Checks a number the caller wants to store as a long. */
export const checkLong = (field: string, n: number): E.Either<DomainError, number> =>
  Number.isSafeInteger(n) ? E.right(n) : E.left(invalidValue(field, String(n), 'must be a safe integer'))

const safe = (field: string, v: bigint): E.Either<DomainError, number> =>
  v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? E.right(Number(v))
    : E.left(outOfRange(field, v.toString(), 'beyond ±2^53-1; a JavaScript number cannot hold it exactly'))
