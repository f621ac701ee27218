import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../../src/core/Bytes.js'
import { satisfies } from '../../../src/core/History.js'
import { backupStates, backupTypes } from '../../../src/core/domain/Enums.js'
import { backupIdAt, backupIdTimestamp } from '../../../src/core/domain/Identifiers.js'
import { readBackupInfoHeader } from '../../../src/core/proto/BackupInfoHeader.js'
import { decodeBackupInfo, encodeBackupInfo } from '../../../src/core/proto/BackupInfoProto.js'
import { cell, type Row } from '../../../src/core/Operation.js'
import * as Session from '../../../src/core/rows/BackupSession.js'
import { SESSIONS_FAMILY } from '../../../src/core/rows/Schema.js'
import { backupInfo, backupRoot } from '../../../src/testing/arbitraries/backupInfo.js'

/** A varint field `field` = `n` (n < 2^28), as raw wire bytes. */
const varintField = (field: number, n: number): Uint8Array => {
  const out = [field << 3]
  let v = n
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return Uint8Array.from(out)
}
const stringField = (field: number, s: string): Uint8Array => {
  const b = B.utf8(s)
  return B.concat(Uint8Array.of((field << 3) | 2, b.length), b)
}

/** Fields appended after an encoded message: protobuf's last-one-wins for scalars applies to them. */
const extra: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 6 }).map((n) => varintField(2, n)),
      fc.integer({ min: 0, max: 6 }).map((n) => varintField(4, n)),
      fc.integer({ min: 1_000_000_000_000, max: 2_000_000_000_000 }).map((n) => varintField(8, n)),
      backupRoot.filter((r) => B.utf8(r).length < 128).map((r) => stringField(3, r)),
      fc.integer({ min: 18, max: 200 }).map((n) => varintField(n, 7))
    ),
    { maxLength: 4 }
  )
  .map((parts) => B.concat(...parts))

const rowOf = (key: Uint8Array, value: Uint8Array): Row => ({
  key,
  cells: [{ ...cell(SESSIONS_FAMILY, B.utf8('context'), value), timestamp: 1 }]
})

describe('BackupInfo header (what history queries select by, read without a full decode)', () => {
  it('says what the full decode says of type, state, root, start_ts and id, repeated fields included', () => {
    fc.assert(
      fc.property(backupInfo, extra, (info, more) => {
        const bytes = B.concat(encodeBackupInfo(info), more)
        const full = decodeBackupInfo(bytes)
        const h = readBackupInfoHeader(bytes)
        if (E.isLeft(full)) return // an appended field may make a valid message invalid in full
        if (E.isLeft(h)) throw new Error(`header failed where the decode succeeded: ${h.left.reason}`)
        expect(h.right.type).toBe(full.right.type)
        expect(h.right.state).toBe(full.right.state)
        expect(h.right.startTs).toBe(full.right.startTs)
        expect(B.toUtf8(bytes.subarray(h.right.rootStart, h.right.rootEnd))).toEqual({
          _tag: 'Some',
          value: full.right.backupRootDir
        })
        expect(B.toUtf8(bytes.subarray(h.right.idStart, h.right.idEnd))).toEqual({
          _tag: 'Some',
          value: full.right.backupId
        })
      })
    )
  })

  it('a row admitted or refused by its header is admitted or refused by the same filter on its decode', () => {
    const where = fc.record(
      {
        state: fc.constantFrom(...backupStates),
        type: fc.constantFrom(...backupTypes),
        root: backupRoot.map((r) => r)
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(backupInfo, where, fc.boolean(), (info, w, sameRoot) => {
        const q = sameRoot && w.root !== undefined ? { ...w, root: info.backupRootDir } : w
        const row = rowOf(Session.key(info.backupId), encodeBackupInfo(info))
        const h = Session.headerOfRow(row)
        if (E.isLeft(h)) throw new Error(h.left.reason)
        const byHeader =
          (q.state === undefined || h.right.state === q.state) &&
          (q.type === undefined || h.right.type === q.type) &&
          (q.root === undefined || Session.rootIs(h.right, B.utf8(q.root)))
        expect(byHeader).toBe(satisfies(q)(info))
      })
    )
  })

  it('refuses a broken message, a schema field of the wrong wire type, and an id other than the key', () => {
    const [sample] = fc.sample(backupInfo, { seed: 1, numRuns: 1 })
    if (sample === undefined) throw new Error('no sample')
    const info = { ...sample, state: 'COMPLETE' as const }
    const good = encodeBackupInfo(info)
    const key = Session.key(info.backupId)
    const other = Session.key(backupIdAt(backupIdTimestamp(info.backupId) + 1))
    const cases: ReadonlyArray<readonly [string, Uint8Array, Uint8Array]> = [
      ['truncated', key, good.subarray(0, good.length - 3)],
      ['progress sent length-delimited', key, B.concat(good, Uint8Array.of(0x52, 1, 0))],
      ['state sent as fixed32', key, B.concat(good, Uint8Array.of(0x25, 0, 0, 0, 0))],
      ['empty value', key, new Uint8Array(0)],
      ['another id', other, good],
      ['start_ts above 2^53', key, B.concat(good, B.fromHex('40ffffffffffffffff7f'))]
    ]
    for (const [name, k, v] of cases) {
      const h = Session.headerOfRow(rowOf(k, v))
      expect(E.isLeft(h), name).toBe(true)
      if (E.isLeft(h)) expect('row' in h.left ? h.left.row : undefined, name).toBe(B.toStringBinary(k))
    }
    expect(E.isRight(Session.headerOfRow(rowOf(key, good)))).toBe(true)
  })
})
