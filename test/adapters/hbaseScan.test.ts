/**
 * The HBase adapter's scan bounds against a model of Apache's branch-2 gateway, without HBase:
 * `scanFromThrift` uses the deprecated `Scan.setStartRow/setStopRow`, so a TScan whose start equals
 * its stop is a get and returns the row equal to stop. A forward scan resumed after its scanner
 * expired must never reopen there, and a row at or past the stop must end the scan, however many
 * times it is resumed.
 */
import fc from 'fast-check'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { bounds, verdict, type Bounds } from '../../src/adapters/hbase/scan.js'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import type { KeyRange } from '../../src/core/KeyRange.js'

/** What branch-2's gateway returns for forward TScan bounds over `stored` (sorted). */
const branch2Forward = (stored: ReadonlyArray<Uint8Array>, b: Bounds): ReadonlyArray<Uint8Array> => {
  const start = b.startRow ?? B.empty
  if (b.stopRow !== undefined && B.equals(start, b.stopRow)) return stored.filter((k) => B.equals(k, start))
  return stored.filter(
    (k) => B.compare(k, start) >= 0 && (b.stopRow === undefined || B.compare(k, b.stopRow) < 0)
  )
}

/**
 * The adapter's forward scan loop, with the scanner expiring after the rows at `expiries` (counts
 * of rows emitted): reopen past the last row, judge every row by the bounds.
 */
const scanWithExpiries = (
  stored: ReadonlyArray<Uint8Array>,
  range: KeyRange,
  expiries: ReadonlySet<number>
): ReadonlyArray<string> => {
  const out: Array<string> = []
  let after: Uint8Array | undefined
  for (let opens = 0; opens < 1_000; opens++) {
    const b = bounds(range, false, after)
    if (b.nothing === true) return out
    const judge = verdict(b)
    let expired = false
    for (const key of branch2Forward(stored, b)) {
      const v = judge(key)
      if (v === 'end') return out
      if (v === 'skip') continue
      out.push(B.toHex(key))
      after = key
      if (expiries.has(out.length)) {
        expired = true
        break
      }
    }
    if (!expired) return out
  }
  throw new Error('did not finish')
}

const key = fc
  .uint8Array({ minLength: 1, maxLength: 3 })
  .map((a) => Uint8Array.from(a, (b) => [0, 1, 0x61, 0xff][b % 4] as number))

const range: fc.Arbitrary<KeyRange> = fc.oneof(
  fc.constant(KR.all),
  key.map(KR.from),
  key.map(KR.single),
  key.map(KR.prefix),
  fc.tuple(key, key).map(([a, b]) => KR.between(a, b))
)

describe('forward scan bounds', () => {
  it('a scan resumed at any point returns exactly the rows of its range, against branch-2 semantics', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { selector: B.toHex, maxLength: 20 }),
        range,
        fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 20 }),
        (keys, r, expiries) => {
          const stored = [...keys].sort(B.compare)
          const expected = stored.filter(KR.contains(r)).map(B.toHex)
          expect(scanWithExpiries(stored, r, new Set(expiries))).toEqual(expected)
        }
      ),
      { numRuns: 2_000 }
    )
  })

  it('never reopens at or past the stop key; a row equal to stop ends the scan', () => {
    const x = B.fromHex
    // resumed after 61 with stop 6100: the new start would equal the stop, a get on branch-2
    expect(bounds(KR.between(x('60'), x('6100')), false, x('61'))).toEqual({ nothing: true })
    expect(bounds(KR.between(x('60'), x('62')), false, x('62'))).toEqual({ nothing: true })
    const b = bounds(KR.between(x('60'), x('62')), false, x('61'))
    expect(b).toEqual({ startRow: x('6100'), stopRow: x('62'), end: x('62') })
    expect(verdict(b)(x('62'))).toBe('end')
    expect(verdict(b)(x('6200'))).toBe('end')
    expect(verdict(b)(x('61ff'))).toBe('emit')
    expect(O.isNone(KR.all.stop) && bounds(KR.all, false, x('62'))).toEqual({ startRow: x('6200') })
  })
})
