/**
 * Unsigned protobuf integers ⇄ the signed Java values HBase keeps in them, without losing a bit.
 *
 * Java writes its `int`/`long` fields into `uint32`/`uint64`, so -1 (the "unset" of `workers` and
 * `bandwidth`) is all ones on the wire: `ff ff ff ff 0f` and `ff ff ff ff ff ff ff ff ff 01`.
 *
 * Laws, for every safe integer n ≥ -1 (and n ≤ 2^31 - 1, a Java `int`, for the 32-bit pair):
 * - `fromUint64OrMinusOne(f)(toBigint(toUint64(n))) = right(n)`;
 * - `fromUint32OrMinusOne(toUint32(n)) = n`.
 * A uint64 above `Number.MAX_SAFE_INTEGER` (other than all ones where -1 is meant) is `OutOfRange`
 * naming the field: never a rounded number.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DomainError } from '../DomainError.js'
import { outOfRange } from '../DomainError.js'

/** A 64-bit value as protobufjs's writer takes it (two's complement halves; `long.js` compatible). */
export interface LongBits {
  readonly low: number
  readonly high: number
  readonly unsigned: true
}

const ALL_ONES_64 = (1n << 64n) - 1n
const ALL_ONES_32 = 0xffff_ffff

/** The uint64 bits of a safe integer; a negative n is written as its 64-bit two's complement. */
export const toUint64 = (n: number): LongBits => {
  const u = BigInt.asUintN(64, BigInt(n))
  return { low: Number(u & 0xffff_ffffn) | 0, high: Number(u >> 32n) | 0, unsigned: true }
}

/** The unsigned value of `LongBits` (for tests and error messages). */
export const toBigint = (bits: LongBits): bigint => (BigInt(bits.high >>> 0) << 32n) | BigInt(bits.low >>> 0)

/** A uint64 that must fit a safe integer (timestamps, byte counts). */
export const fromUint64 =
  (field: string) =>
  (v: bigint): E.Either<DomainError, number> =>
    v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? E.right(Number(v))
      : E.left(
          outOfRange(field, v.toString(), 'a uint64 above 2^53 - 1 does not fit a JavaScript number exactly')
        )

/** A uint64 holding a Java `long` that may be -1 (all ones); any other value must be a safe integer. */
export const fromUint64OrMinusOne =
  (field: string) =>
  (v: bigint): E.Either<DomainError, number> =>
    v === ALL_ONES_64 ? E.right(-1) : fromUint64(field)(v)

/** The uint32 bits of a Java `int` ≥ -1: -1 becomes 0xFFFFFFFF. */
export const toUint32 = (n: number): number => n >>> 0

/** A uint32 holding a Java `int` that may be -1 (all ones). */
export const fromUint32OrMinusOne = (v: number): number => (v === ALL_ONES_32 ? -1 : v)
