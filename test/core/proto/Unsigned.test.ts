import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  fromUint32OrMinusOne,
  fromUint64,
  fromUint64OrMinusOne,
  toBigint,
  toUint32,
  toUint64
} from '../../../src/core/proto/Unsigned.js'

const ALL_ONES_64 = 2n ** 64n - 1n

describe('Unsigned', () => {
  it('-1 is all ones in both widths', () => {
    expect(toBigint(toUint64(-1))).toBe(ALL_ONES_64)
    expect(toUint32(-1)).toBe(0xffff_ffff)
    expect(fromUint64OrMinusOne('f')(ALL_ONES_64)).toStrictEqual(E.right(-1))
    expect(fromUint32OrMinusOne(0xffff_ffff)).toBe(-1)
  })

  it('round trips every safe integer ≥ -1 (64-bit) and every Java int ≥ -1 (32-bit)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(-1), fc.maxSafeNat()), (n) => {
        expect(fromUint64OrMinusOne('f')(toBigint(toUint64(n)))).toStrictEqual(E.right(n))
      })
    )
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 0x7fff_ffff }), (n) => {
        expect(fromUint32OrMinusOne(toUint32(n))).toBe(n)
      })
    )
  })

  it('matches BigInt for the halves', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(toBigint(toUint64(n))).toBe(BigInt(n))
      })
    )
  })

  it('above 2^53 - 1 is OutOfRange naming the field, never rounded', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: ALL_ONES_64 - 1n }), (v) => {
        expect(fromUint64OrMinusOne('BackupInfo.bandwidth')(v)).toStrictEqual(
          E.left(
            expect.objectContaining({
              _tag: 'OutOfRange',
              field: 'BackupInfo.bandwidth',
              value: v.toString()
            })
          )
        )
      })
    )
    expect(fromUint64('x')(ALL_ONES_64)).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'OutOfRange', field: 'x' }
    })
    expect(fromUint64('x')(2n ** 53n - 1n)).toStrictEqual(E.right(Number.MAX_SAFE_INTEGER))
  })
})
