import fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'

/** Bytes biased to the values where stop-row arithmetic goes wrong. */
const edgyByte = fc.oneof(fc.constantFrom(0x00, 0x7f, 0x80, 0xfe, 0xff), fc.integer({ min: 0, max: 255 }))
const edgyBytes = (maxLength: number) => fc.array(edgyByte, { maxLength }).map((a) => Uint8Array.from(a))

describe('prefixEnd', () => {
  it('strips trailing 0xFF and increments the last remaining byte', () => {
    expect(_.prefixEnd(_.of(0x61, 0xff, 0xff))).toEqual(O.some(_.of(0x62)))
    expect(_.prefixEnd(_.utf8('session:'))).toEqual(O.some(_.utf8('session;')))
    expect(_.prefixEnd(_.of(0x00))).toEqual(O.some(_.of(0x01)))
    expect(_.prefixEnd(_.of(0xfe, 0xff))).toEqual(O.some(_.of(0xff)))
  })

  it('is unbounded for the empty prefix and for all-0xFF prefixes', () => {
    expect(_.prefixEnd(_.empty)).toEqual(O.none)
    expect(_.prefixEnd(_.of(0xff))).toEqual(O.none)
    expect(_.prefixEnd(_.of(0xff, 0xff, 0xff))).toEqual(O.none)
  })

  it('does not modify its argument', () => {
    const p = _.of(1, 2, 3)
    _.prefixEnd(p)
    expect(p).toEqual(_.of(1, 2, 3))
  })
})

describe('the prefix law', () => {
  it('a key starts with the prefix ⇔ it lies in the prefix range', () => {
    fc.assert(
      fc.property(edgyBytes(4), edgyBytes(6), (prefix, key) => {
        expect(KR.contains(KR.prefix(prefix))(key)).toBe(_.startsWith(prefix)(key))
      }),
      { numRuns: 5000 }
    )
  })

  it('holds for keys that extend the prefix (the interesting half)', () => {
    fc.assert(
      fc.property(edgyBytes(4), edgyBytes(3), (prefix, rest) => {
        expect(KR.contains(KR.prefix(prefix))(_.concat(prefix, rest))).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })
})

describe('compare', () => {
  it('orders as unsigned bytes, a proper prefix first', () => {
    expect(_.compare(_.of(0x7f), _.of(0x80))).toBe(-1)
    expect(_.compare(_.of(0xff), _.of(0x00, 0x00))).toBe(1)
    expect(_.compare(_.of(1), _.of(1, 0))).toBe(-1)
    expect(_.compare(_.of(1, 2), _.of(1, 2))).toBe(0)
  })

  it('is antisymmetric and agrees with equals', () => {
    fc.assert(
      fc.property(edgyBytes(4), edgyBytes(4), (a, b) => {
        expect(_.compare(a, b)).toBe(-_.compare(b, a) || 0)
        expect(_.compare(a, b) === 0).toBe(_.equals(a, b))
      })
    )
  })
})

describe('utf8', () => {
  it('round-trips strings and rejects malformed bytes instead of replacing them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(_.toUtf8(_.utf8(s))).toEqual(O.some(s))
      })
    )
    expect(_.toUtf8(_.of(0xff, 0xfe))).toEqual(O.none)
  })
})
