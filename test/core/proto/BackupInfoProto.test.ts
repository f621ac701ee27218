import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../../src/core/Bytes.js'
import type { DomainError } from '../../../src/core/DomainError.js'
import type { BackupInfo } from '../../../src/core/domain/BackupInfo.js'
import { BackupInfo as BackupInfoCodec } from '../../../src/core/domain/BackupInfo.js'
import { newBackupInfo } from '../../../src/api/newBackupInfo.js'
import type { BackupId, BackupRoot } from '../../../src/core/domain/Identifiers.js'
import type { TableName } from '../../../src/core/domain/TableName.js'
import { decodeBackupInfo, encodeBackupInfo } from '../../../src/core/proto/BackupInfoProto.js'
import { BackupInfoType } from '../../../src/core/proto/schema.js'
import { toUint64 } from '../../../src/core/proto/Unsigned.js'
import { backupInfo } from '../../../src/testing/arbitraries/backupInfo.js'

const hex = (s: string): Uint8Array => B.fromHex(s)
/** Raw protobufjs encoding of a plain message object, bypassing our codec. */
const raw = (message: object): Uint8Array => new Uint8Array(BackupInfoType.encode(message).finish())

const right = <A>(x: E.Either<DomainError, A>): A => {
  if (E.isLeft(x)) throw new Error(`expected Right, got ${JSON.stringify(x.left)}`)
  return x.right
}
const left = <A>(x: E.Either<DomainError, A>): DomainError => {
  if (E.isRight(x)) throw new Error(`expected Left, got ${JSON.stringify(x.right)}`)
  return x.left
}

// §3.3 example: FULL, backup_1500000000000, root /r, RUNNING, REQUEST, table t1, startTs 1500000000000.
const GOLDEN = [
  '0a 14 6261636b75705f31353030303030303030303030', // 1 backup_id "backup_1500000000000"
  '10 00', //                                             2 backup_type FULL
  '1a 02 2f72', //                                        3 backup_root_dir "/r"
  '20 00', //                                             4 backup_state RUNNING
  '28 00', //                                             5 backup_phase REQUEST
  '3a 0f 0a 0d 0a 07 64656661756c74 12 02 7431', //      7 backup_table_info { table_name { "default", "t1" } }
  '40 80 b0 de f7 d3 2b', //                              8 start_ts 1500000000000
  '48 00', //                                             9 complete_ts 0
  '50 00', //                                            10 progress 0
  '58 ff ff ff ff 0f', //                                11 workers_number -1
  '60 ff ff ff ff ff ff ff ff ff 01' //                  12 bandwidth -1
].join(' ')

const goldenValue: BackupInfo = {
  backupId: 'backup_1500000000000' as BackupId,
  type: 'FULL',
  backupRootDir: '/r' as BackupRoot,
  state: 'RUNNING',
  phase: 'REQUEST',
  tables: [{ table: 't1' as TableName }],
  startTs: 1_500_000_000_000,
  completeTs: 0,
  progress: 0,
  workers: -1,
  bandwidth: -1
}

describe('BackupInfo golden bytes (§3.3)', () => {
  it('decodes the hand-encoded example to exactly its values', () => {
    expect(right(decodeBackupInfo(hex(GOLDEN)))).toStrictEqual(goldenValue)
  })

  it('re-encodes it to the same bytes', () => {
    expect(B.toHex(encodeBackupInfo(right(decodeBackupInfo(hex(GOLDEN)))))).toBe(B.toHex(hex(GOLDEN)))
    expect(B.toHex(encodeBackupInfo(goldenValue))).toBe(B.toHex(hex(GOLDEN)))
  })

  it('returns a plain Uint8Array, not a Node Buffer', () => {
    expect(Object.getPrototypeOf(encodeBackupInfo(goldenValue))).toBe(Uint8Array.prototype)
  })

  it('writes a table of another namespace with that namespace', () => {
    const bytes = encodeBackupInfo({
      ...goldenValue,
      tables: [{ table: 'ns:t1' as TableName, snapshotName: 's' }]
    })
    // 7 { 1 { "ns", "t1" }, 2 "s" }
    expect(B.toHex(bytes)).toContain('3a0d0a080a026e7312027431' + '120173')
  })
})

describe('BackupInfo writer follows toProtosBackupInfo', () => {
  it('omits state and failed message when absent; phase, progress, times always written', () => {
    const info = newBackupInfo({
      backupId: 'backup_1',
      type: 'INCREMENTAL',
      backupRootDir: '/r',
      tables: [],
      startTs: 0
    })
    expect(B.toHex(encodeBackupInfo(info))).toBe(
      B.toHex(
        hex(
          '0a 08 6261636b75705f31 10 01 1a 02 2f72 28 00 40 00 48 00 50 00 58 ffffffff0f 60 ffffffffffffffffff01'
        )
      )
    )
  })

  it('writes optional fields at their defaults when present (proto2 presence)', () => {
    const bytes = encodeBackupInfo({
      ...goldenValue,
      failedMessage: '',
      totalBytesCopied: 0,
      noChecksumVerify: false
    })
    const s = B.toHex(bytes)
    expect(s).toContain('3200') // 6 failed_message ""
    expect(s.endsWith('78008001' + '00')).toBe(true) // 15 total_bytes_copied 0, 16 no_checksum_verify false
    expect(right(decodeBackupInfo(bytes))).toStrictEqual({
      ...goldenValue,
      failedMessage: '',
      totalBytesCopied: 0,
      noChecksumVerify: false
    })
  })

  it('stores workers and bandwidth -1 as all ones and other values as themselves', () => {
    const s = B.toHex(encodeBackupInfo({ ...goldenValue, workers: 3, bandwidth: 100 }))
    expect(s).toContain('5803' + '6064')
  })
})

describe('BackupInfo round trip', () => {
  it('generated values pass the codec', () => {
    fc.assert(fc.property(backupInfo, (x) => BackupInfoCodec.is(x)))
  })

  it('decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(backupInfo, (x) => {
        expect(right(decodeBackupInfo(encodeBackupInfo(x)))).toStrictEqual(x)
      }),
      { numRuns: 500 }
    )
  })

  it('encode(decode(bytes)) = bytes for bytes we wrote', () => {
    fc.assert(
      fc.property(backupInfo, (x) => {
        const bytes = encodeBackupInfo(x)
        expect(B.toHex(encodeBackupInfo(right(decodeBackupInfo(bytes))))).toBe(B.toHex(bytes))
      })
    )
  })

  it('reads empty lists and maps as absent (no bytes on the wire)', () => {
    const bytes = encodeBackupInfo({
      ...goldenValue,
      tableSetTimestamp: {},
      incrBackupFileList: [],
      incrTimestampMap: {}
    })
    expect(B.toHex(bytes)).toBe(B.toHex(hex(GOLDEN)))
    expect(right(decodeBackupInfo(bytes))).toStrictEqual(goldenValue)
  })
})

describe('fields 14–17 (HBASE-30322) survive a rewrite', () => {
  const newer = {
    backup_id: 'backup_1500000000000',
    backup_type: 1,
    backup_root_dir: 'hdfs://nn/b',
    backup_state: 1,
    backup_phase: 5,
    backup_table_info: [{ table_name: { namespace: B.utf8('default'), qualifier: B.utf8('t1') } }],
    start_ts: 1_500_000_000_000,
    complete_ts: 1_500_000_100_000,
    progress: 100,
    workers_number: 4,
    bandwidth: 50,
    table_set_timestamp: { t1: { rs_timestamp: { 'rs1:16020': 1_499_999_999_000 } } },
    incr_backup_file_list: ['hdfs://nn/oldWALs/a.1', 'hdfs://nn/oldWALs/b.2'],
    total_bytes_copied: toUint64(123_456_789_012),
    no_checksum_verify: true,
    incr_timestamp_map: {
      t1: { rs_timestamp: { 'rs1:16020': 1_500_000_000_500, 'rs2:16020': 1_500_000_000_600 } },
      'ns:t2': { rs_timestamp: {} }
    }
  }

  it('decode → encode gives the same bytes', () => {
    const bytes = raw(newer)
    const info = right(decodeBackupInfo(bytes))
    expect(info.incrBackupFileList).toStrictEqual(newer.incr_backup_file_list)
    expect(info.totalBytesCopied).toBe(123_456_789_012)
    expect(info.noChecksumVerify).toBe(true)
    expect(info.incrTimestampMap).toStrictEqual({
      t1: { 'rs1:16020': 1_500_000_000_500, 'rs2:16020': 1_500_000_000_600 },
      'ns:t2': {}
    })
    expect(B.toHex(encodeBackupInfo(info))).toBe(B.toHex(bytes))
  })

  it('each of 14–17 alone survives too', () => {
    const {
      table_set_timestamp: _13,
      incr_backup_file_list: _14,
      total_bytes_copied: _15,
      no_checksum_verify: _16,
      incr_timestamp_map: _17,
      ...base
    } = newer
    for (const only of [
      { incr_backup_file_list: newer.incr_backup_file_list },
      { total_bytes_copied: newer.total_bytes_copied },
      { no_checksum_verify: newer.no_checksum_verify },
      { no_checksum_verify: false },
      { incr_timestamp_map: newer.incr_timestamp_map }
    ]) {
      const bytes = raw({ ...base, ...only })
      expect(bytes.length, JSON.stringify(only)).toBeGreaterThan(raw(base).length)
      expect(B.toHex(encodeBackupInfo(right(decodeBackupInfo(bytes)))), JSON.stringify(only)).toBe(
        B.toHex(bytes)
      )
    }
  })
})

describe('64-bit values', () => {
  const withField = (hexField: string) => hex(`${GOLDEN} ${hexField}`) // a later occurrence wins

  it('bandwidth all ones is -1', () => {
    expect(right(decodeBackupInfo(withField('60 ff ff ff ff ff ff ff ff ff 01'))).bandwidth).toBe(-1)
  })

  it('2^53 - 1 is kept exactly; 2^53 is OutOfRange naming the field', () => {
    expect(
      right(decodeBackupInfo(raw({ ...rawGolden, start_ts: toUint64(Number.MAX_SAFE_INTEGER) }))).startTs
    ).toBe(Number.MAX_SAFE_INTEGER)
    const cases: ReadonlyArray<readonly [string, object]> = [
      ['BackupInfo.start_ts', { start_ts: { low: 0, high: 0x20_0000, unsigned: true } }],
      ['BackupInfo.complete_ts', { complete_ts: { low: 1, high: 0x20_0000, unsigned: true } }],
      ['BackupInfo.bandwidth', { bandwidth: { low: -2, high: -1, unsigned: true } }],
      ['BackupInfo.total_bytes_copied', { total_bytes_copied: { low: -1, high: -1, unsigned: true } }],
      [
        'BackupInfo.table_set_timestamp[t1][rs1:1]',
        {
          table_set_timestamp: {
            t1: { rs_timestamp: { 'rs1:1': { low: 0, high: 0x4000_0000, unsigned: true } } }
          }
        }
      ],
      [
        'BackupInfo.incr_timestamp_map[ns:t][rs1:1]',
        {
          incr_timestamp_map: {
            'ns:t': { rs_timestamp: { 'rs1:1': { low: 5, high: 0x7fff_ffff, unsigned: true } } }
          }
        }
      ]
    ]
    for (const [field, patch] of cases) {
      const e = left(decodeBackupInfo(raw({ ...rawGolden, ...patch })))
      expect(e, field).toMatchObject({ _tag: 'OutOfRange', field })
    }
  })

  it('start_ts all ones is OutOfRange (only bandwidth means -1)', () => {
    expect(left(decodeBackupInfo(withField('40 ff ff ff ff ff ff ff ff ff 01')))).toMatchObject({
      _tag: 'OutOfRange',
      field: 'BackupInfo.start_ts',
      value: '18446744073709551615'
    })
  })

  it('a Java int above 2^31 - 1 in workers_number is rejected, not read as a positive count', () => {
    expect(left(decodeBackupInfo(withField('58 fe ff ff ff 0f')))).toMatchObject({ _tag: 'InvalidValue' })
  })
})

const rawGolden = {
  backup_id: 'backup_1500000000000',
  backup_type: 0,
  backup_root_dir: '/r',
  backup_state: 0,
  backup_phase: 0,
  backup_table_info: [{ table_name: { namespace: B.utf8('default'), qualifier: B.utf8('t1') } }],
  start_ts: toUint64(1_500_000_000_000),
  complete_ts: toUint64(0),
  progress: 0,
  workers_number: 0xffff_ffff,
  bandwidth: toUint64(-1)
}

describe('invalid bytes are typed errors, never throws', () => {
  it('rawGolden is the golden message', () => {
    expect(B.toHex(raw(rawGolden))).toBe(B.toHex(hex(GOLDEN)))
  })

  it('truncated bytes are Malformed naming the message type', () => {
    const bytes = hex(GOLDEN)
    for (let n = 1; n < bytes.length; n++) {
      const r = decodeBackupInfo(bytes.subarray(0, n))
      // a cut at a field boundary is a shorter valid message or a codec error; inside a field, Malformed
      if (E.isLeft(r) && r.left._tag === 'Malformed') expect(r.left.field).toMatch(/^BackupInfo/)
    }
    // the error names the innermost field being read when the bytes ran out
    expect(left(decodeBackupInfo(bytes.subarray(0, 10)))).toMatchObject({
      _tag: 'Malformed',
      field: 'BackupInfo.backup_id'
    })
  })

  it('garbage is Malformed', () => {
    expect(left(decodeBackupInfo(hex('ff ff ff ff ff ff ff ff ff ff ff')))).toMatchObject({
      _tag: 'Malformed',
      field: 'BackupInfo'
    })
    // a TableName without its required qualifier
    expect(left(decodeBackupInfo(hex('3a 06 0a 04 0a 02 6e 73')))).toMatchObject({ _tag: 'Malformed' })
  })

  it('any byte string decodes to Right or Left without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeBackupInfo(bytes)
        expect(E.isLeft(r) || BackupInfoCodec.is(r.right)).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it('mutations of valid messages decode to Right or Left without throwing', () => {
    fc.assert(
      fc.property(backupInfo, fc.nat(), fc.integer({ min: 0, max: 255 }), (x, at, byte) => {
        const bytes = encodeBackupInfo(x)
        const mutated = Uint8Array.from(bytes)
        mutated[at % mutated.length] = byte
        const r = decodeBackupInfo(mutated)
        expect(E.isLeft(r) || BackupInfoCodec.is(r.right)).toBe(true)
      }),
      { numRuns: 1000 }
    )
  })
})

describe('invalid field values are typed errors', () => {
  const invalid = (patch: object) => left(decodeBackupInfo(raw({ ...rawGolden, ...patch })))

  it('a backup id not of the form backup_<ms>', () => {
    expect(invalid({ backup_id: 'backup_x' })).toMatchObject({ _tag: 'InvalidValue', value: 'backup_x' })
    expect(invalid({ backup_id: undefined })).toMatchObject({ _tag: 'InvalidValue' })
  })

  it('an empty root', () => {
    expect(invalid({ backup_root_dir: '' })).toMatchObject({ _tag: 'InvalidValue' })
  })

  it('an unknown enum number reads as UNKNOWN, the field kept byte for byte (never fatal)', () => {
    // GOLDEN with phase 6 (SETUP_WAL_REPLICATION, continuous-backup branch) where phase 0 was
    const phase6 = hex(GOLDEN.replace('28 00', '28 06'))
    const info = right(decodeBackupInfo(phase6))
    expect(info).toStrictEqual({
      ...goldenValue,
      phase: 'UNKNOWN',
      unknownFields: [{ number: 5, wireType: 0, bytes: hex('28 06') }]
    })
    expect(B.toHex(encodeBackupInfo(info))).toBe(B.toHex(phase6))
    // a later occurrence of state, with a number no release has, replaces the first one
    expect(right(decodeBackupInfo(hex(`${GOLDEN} 20 07`)))).toMatchObject({
      state: 'UNKNOWN',
      unknownFields: [{ number: 4, bytes: hex('20 07') }]
    })
    expect(right(decodeBackupInfo(hex(`${GOLDEN} 10 02`))).type).toBe('UNKNOWN')
    // and a known value after an unknown one wins, dropping the kept field
    expect(right(decodeBackupInfo(hex(`${GOLDEN} 20 07 20 01`)))).toStrictEqual({
      ...goldenValue,
      state: 'COMPLETE'
    })
  })

  it('the codec refuses an UNKNOWN enum without its kept field, and kept fields of numbers we write', () => {
    expect(BackupInfoCodec.is({ ...goldenValue, phase: 'UNKNOWN' })).toBe(false)
    expect(
      BackupInfoCodec.is({
        ...goldenValue,
        unknownFields: [{ number: 10, wireType: 0, bytes: hex('50 07') }]
      })
    ).toBe(false)
    expect(
      BackupInfoCodec.is({
        ...goldenValue,
        unknownFields: [{ number: 20, wireType: 0, bytes: hex('a0 01 07') }]
      })
    ).toBe(true)
    // the bytes must be that one field
    expect(
      BackupInfoCodec.is({
        ...goldenValue,
        unknownFields: [{ number: 20, wireType: 0, bytes: hex('a0 01 07 00') }]
      })
    ).toBe(false)
  })

  it('a known field with the wrong wire type is Malformed', () => {
    // field 10 (progress, a varint) as a length-delimited field
    expect(left(decodeBackupInfo(hex(`${GOLDEN} 52 01 00`)))).toMatchObject({
      _tag: 'Malformed',
      field: 'BackupInfo.progress'
    })
  })

  it('table names with illegal characters or parts', () => {
    const table = (namespace: string, qualifier: string) =>
      invalid({
        backup_table_info: [{ table_name: { namespace: B.utf8(namespace), qualifier: B.utf8(qualifier) } }]
      })
    expect(table('default', 'a b')).toMatchObject({ _tag: 'InvalidValue', value: 'default:a b' })
    expect(table('default', 'ns:t')).toMatchObject({ _tag: 'InvalidValue' }) // not table t of namespace ns
    expect(table('', 't')).toMatchObject({ _tag: 'InvalidValue' })
    expect(table('n-s', 't')).toMatchObject({ _tag: 'InvalidValue' })
    expect(table('ns', '.t')).toMatchObject({ _tag: 'InvalidValue' })
    expect(
      invalid({
        backup_table_info: [{ table_name: { namespace: Uint8Array.of(0xff), qualifier: B.utf8('t') } }]
      })
    ).toMatchObject({ _tag: 'InvalidValue', field: 'BackupInfo.backup_table_info.table_name' })
    expect(invalid({ backup_table_info: [{ snapshot_name: 's' }] })).toMatchObject({ _tag: 'Malformed' })
  })

  it('reads absent scalars as Java does: phase REQUEST, numbers 0, no state', () => {
    const bytes = raw({ backup_id: 'backup_5', backup_root_dir: '/r' })
    expect(right(decodeBackupInfo(bytes))).toStrictEqual({
      backupId: 'backup_5',
      type: 'FULL',
      backupRootDir: '/r',
      phase: 'REQUEST',
      tables: [],
      startTs: 0,
      completeTs: 0,
      progress: 0,
      workers: 0,
      bandwidth: 0
    })
  })
})

describe('what newer writers store is kept and written back byte for byte', () => {
  it('field 14 as a varint (HBASE-29240 bool) is preserved, not Malformed', () => {
    const bytes = hex(`${GOLDEN} 70 01`)
    const info = right(decodeBackupInfo(bytes))
    expect(info.incrBackupFileList).toBeUndefined()
    expect(info.unknownFields).toStrictEqual([{ number: 14, wireType: 0, bytes: hex('70 01') }])
    expect(B.toHex(encodeBackupInfo(info))).toBe(B.toHex(bytes))
  })

  it('fields above 17 (e.g. the continuous-backup branch) are preserved in their place', () => {
    // 18 as a bool, 19 as a uint64: numbers unconfirmed upstream, so any number above 17 is kept
    const bytes = hex(`${GOLDEN} 90 01 01 98 01 e8 07`)
    const info = right(decodeBackupInfo(bytes))
    expect(info.unknownFields?.map((f) => f.number)).toStrictEqual([18, 19])
    expect(B.toHex(encodeBackupInfo(info))).toBe(B.toHex(bytes))
  })

  it('a kept field is written at its number, between the known ones', () => {
    // phase 6 kept at field 5: re-encoding puts it after state (4), before the tables (7)
    const info = {
      ...goldenValue,
      phase: 'UNKNOWN' as const,
      unknownFields: [{ number: 5, wireType: 0, bytes: hex('28 06') }]
    }
    expect(B.toHex(encodeBackupInfo(info))).toBe(B.toHex(hex(GOLDEN.replace('28 00', '28 06'))))
  })
})

describe('nested fields are checked as strictly as top-level ones (issue 14.6)', () => {
  it('a timestamp of table_set_timestamp sent length-delimited is Malformed, not read as 0', () => {
    // 13 { key "t1", value 2 { 1 { key "rs1:1", value 2 as bytes "x" } } }
    const entry = '0a 05 7273313a31 12 01 78'
    const rsMap = `0a 0a ${entry}`
    const mapEntry = `0a 02 7431 12 0c ${rsMap}`
    expect(left(decodeBackupInfo(hex(`${GOLDEN} 6a 12 ${mapEntry}`)))).toMatchObject({
      _tag: 'Malformed',
      field: 'BackupInfo.table_set_timestamp'
    })
  })

  it('a snapshot name sent as a varint is Malformed, not skipped', () => {
    const table = '0a 0d 0a 07 64656661756c74 12 02 7431'
    expect(left(decodeBackupInfo(hex(`${GOLDEN} 3a 11 ${table} 10 05`)))).toMatchObject({
      _tag: 'Malformed',
      field: 'BackupInfo.backup_table_info.snapshot_name'
    })
  })

  it('a nested message that claims more bytes than its parent holds is Malformed', () => {
    // backup_table_info of 3 bytes whose table name claims 13
    expect(left(decodeBackupInfo(hex(`${GOLDEN} 3a 03 0a 0d 0a`)))).toMatchObject({ _tag: 'Malformed' })
  })

  it('a string that is not UTF-8 is Malformed (a rewrite would otherwise change its bytes)', () => {
    expect(left(decodeBackupInfo(hex(`${GOLDEN} 32 02 c3 28`)))).toMatchObject({
      _tag: 'Malformed',
      field: 'BackupInfo.failed_message'
    })
  })
})
