/**
 * The value of a `session:` row: `BackupInfo` as plain protobuf bytes (no length prefix), exactly as
 * Java's `BackupInfo.toByteArray()` writes it and `fromByteArray` reads it.
 *
 * Writing follows `toProtosBackupInfo`, fields in field-number order:
 *
 *   always          1 backup_id, 2 backup_type, 3 backup_root_dir, 5 backup_phase, 7 backup_table_info
 *                   (one per table, in the domain's order; snapshot_name only when set), 8 start_ts,
 *                   9 complete_ts, 10 progress, 11 workers_number, 12 bandwidth
 *   when present    4 backup_state, 6 failed_message, 13 table_set_timestamp, 14 incr_backup_file_list,
 *                   15 total_bytes_copied, 16 no_checksum_verify, 17 incr_timestamp_map
 *   preserved       `unknownFields`, each at its field number's place (after a known field of the
 *                   same number), byte for byte
 *
 * "Always" means even at the default (proto2 presence): progress 0 is `50 00`. workers -1 is uint32
 * all ones (`58 ff ff ff ff 0f`), bandwidth -1 is uint64 all ones (`60 ff×9 01`); both read back as -1.
 * Table names carry their namespace explicitly (see TableNameProto). Fields 14–17 (HBASE-30322) are
 * read and written back as read, so a newer HBase's record survives a rewrite.
 *
 * Reading follows `fromProto`: an absent scalar reads as its proto default (phase REQUEST, numbers 0),
 * an absent state or failed message stays absent, and an empty list or map (nothing on the wire)
 * reads as absent. A later occurrence of a singular field wins, as in protobuf.
 *
 * Reading is one pass with every value checked as it is read, so the result is a valid `BackupInfo`
 * by construction (no second validation pass): an id not `backup_<ms>`, an empty root, an illegal
 * table name, a Java int above 2^31 - 1 in progress or workers is `InvalidValue` naming the field; a
 * uint64 above 2^53 - 1 (other than bandwidth's all ones) is `OutOfRange`; bytes that are no protobuf,
 * a string that is not UTF-8, a missing required part, or a known field of any nested message with
 * the wrong wire type is `Malformed`.
 *
 * What newer writers store is kept, never fatal (see `domain/UnknownField.ts`): an enum number this
 * library does not know (phase 6 `SETUP_WAL_REPLICATION` of the continuous-backup branch, or any
 * later value) reads as `UNKNOWN` with the field preserved; field 14 as a varint (HBASE-29240's bool
 * `disallowFurtherIncrementals`, which clashes with master's file list) is preserved; a field number
 * above 17 is preserved. Any other wire-type clash on a known field is `Malformed`. Unknown fields
 * of nested messages are skipped, as Java's `BackupInfo` (a plain object) also loses them.
 *
 * Law: for every valid x without empty lists or maps, `decodeBackupInfo(encodeBackupInfo(x)) = right(x)`;
 * for bytes a Java writer produced (fields in number order), `encodeBackupInfo(decode(bytes)) = bytes`.
 * Maps keep their key order, except that JavaScript puts integer-like keys (table `123`) first;
 * Java's own order is a HashMap's, so no reader depends on it.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type protobuf from 'protobufjs/light.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed, outOfRange } from '../DomainError.js'
import type { BackupTableInfo, TableServerTimestamps } from '../domain/BackupInfo.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import { INCR_BACKUP_FILE_LIST_FIELD } from '../domain/BackupInfo.js'
import type { BackupPhase, BackupState, BackupType } from '../domain/Enums.js'
import { backupPhases, backupStates, backupTypes } from '../domain/Enums.js'
import type { BackupId, BackupRoot } from '../domain/Identifiers.js'
import { backupIdProblem, backupRootProblem } from '../domain/Identifiers.js'
import type { UnknownField } from '../domain/UnknownField.js'
import { BackupPhaseEnum, BackupStateEnum, BackupTypeEnum } from './schema.js'
import { readTableName, writeTableName } from './TableNameProto.js'
import type { Cursor } from './WireReader.js'
import * as R from './WireReader.js'
import type { Writer } from './WireWriter.js'
import * as W from './WireWriter.js'

const NAME = 'BackupInfo'

// -------------------------------------------------------------------------------------------------
// enums: a name's index in the domain's list is its wire number; checked against the schema at load
// -------------------------------------------------------------------------------------------------

const agrees = (e: protobuf.Enum, names: ReadonlyArray<string>): void => {
  names.forEach((name, i) => {
    if (e.values[name] !== i) throw new Error(`schema enum ${e.name}: ${name} is not ${i}`)
  })
}
agrees(BackupTypeEnum, backupTypes)
agrees(BackupStateEnum, backupStates)
agrees(BackupPhaseEnum, backupPhases)

// -------------------------------------------------------------------------------------------------
// encode
// -------------------------------------------------------------------------------------------------

const writeTimestampMaps = (w: Writer, field: number, maps: TableServerTimestamps): void => {
  for (const table of Object.keys(maps)) {
    const entry = W.open(w, field)
    W.string(w, 1, table)
    const value = W.open(w, 2)
    const servers = maps[table] ?? {}
    for (const server of Object.keys(servers)) {
      const rs = W.open(w, 1)
      W.string(w, 1, server)
      W.tag(w, 2, R.WIRE_VARINT)
      W.uint64(w, servers[server] as number)
      W.close(w, rs)
    }
    W.close(w, value)
    W.close(w, entry)
  }
}

const writeTableInfo = (w: Writer, x: BackupTableInfo): void => {
  const at = W.open(w, 7)
  writeTableName(w, 1, x.table)
  if (x.snapshotName !== undefined) W.string(w, 2, x.snapshotName)
  W.close(w, at)
}

const varintField = (w: Writer, field: number, n: number): void => {
  W.tag(w, field, R.WIRE_VARINT)
  W.uint64(w, n)
}

const byNumber = (a: UnknownField, b: UnknownField): number => a.number - b.number

export const encodeBackupInfo = (info: BackupInfo): Uint8Array => {
  const w = W.writer(512)
  const kept = info.unknownFields === undefined ? [] : [...info.unknownFields].sort(byNumber)
  let k = 0
  /** Writes the preserved fields numbered up to `field`, in their place. */
  const preserved = (field: number): void => {
    for (; k < kept.length && (kept[k] as UnknownField).number <= field; k++)
      W.raw(w, (kept[k] as UnknownField).bytes)
  }
  W.string(w, 1, info.backupId)
  preserved(1)
  if (info.type !== 'UNKNOWN') varintField(w, 2, backupTypes.indexOf(info.type))
  preserved(2)
  W.string(w, 3, info.backupRootDir)
  preserved(3)
  if (info.state !== undefined && info.state !== 'UNKNOWN')
    varintField(w, 4, backupStates.indexOf(info.state))
  preserved(4)
  if (info.phase !== 'UNKNOWN') varintField(w, 5, backupPhases.indexOf(info.phase))
  preserved(5)
  if (info.failedMessage !== undefined) W.string(w, 6, info.failedMessage)
  preserved(6)
  for (const x of info.tables) writeTableInfo(w, x)
  preserved(7)
  varintField(w, 8, info.startTs)
  varintField(w, 9, info.completeTs)
  varintField(w, 10, info.progress)
  W.tag(w, 11, R.WIRE_VARINT)
  W.uint32(w, info.workers)
  preserved(11)
  varintField(w, 12, info.bandwidth)
  preserved(12)
  if (info.tableSetTimestamp !== undefined) writeTimestampMaps(w, 13, info.tableSetTimestamp)
  preserved(13)
  if (info.incrBackupFileList !== undefined) for (const f of info.incrBackupFileList) W.string(w, 14, f)
  preserved(14)
  if (info.totalBytesCopied !== undefined) varintField(w, 15, info.totalBytesCopied)
  preserved(15)
  if (info.noChecksumVerify !== undefined) W.bool(w, 16, info.noChecksumVerify)
  preserved(16)
  if (info.incrTimestampMap !== undefined) writeTimestampMaps(w, 17, info.incrTimestampMap)
  preserved(Number.MAX_SAFE_INTEGER)
  return W.finish(w)
}

// -------------------------------------------------------------------------------------------------
// decode
// -------------------------------------------------------------------------------------------------

const tagOf = (field: number, wire: number): number => (field << 3) | wire

const T_ID = tagOf(1, R.WIRE_LENGTH)
const T_TYPE = tagOf(2, R.WIRE_VARINT)
const T_ROOT = tagOf(3, R.WIRE_LENGTH)
const T_STATE = tagOf(4, R.WIRE_VARINT)
const T_PHASE = tagOf(5, R.WIRE_VARINT)
const T_FAILED = tagOf(6, R.WIRE_LENGTH)
const T_TABLE = tagOf(7, R.WIRE_LENGTH)
const T_START = tagOf(8, R.WIRE_VARINT)
const T_COMPLETE = tagOf(9, R.WIRE_VARINT)
const T_PROGRESS = tagOf(10, R.WIRE_VARINT)
const T_WORKERS = tagOf(11, R.WIRE_VARINT)
const T_BANDWIDTH = tagOf(12, R.WIRE_VARINT)
const T_TABLE_SET = tagOf(13, R.WIRE_LENGTH)
const T_FILES = tagOf(14, R.WIRE_LENGTH)
const T_FILES_AS_BOOL = tagOf(INCR_BACKUP_FILE_LIST_FIELD, R.WIRE_VARINT)
const T_BYTES = tagOf(15, R.WIRE_VARINT)
const T_NO_CHECKSUM = tagOf(16, R.WIRE_VARINT)
const T_INCR_MAP = tagOf(17, R.WIRE_LENGTH)

/** The schema's names of fields 1–17, for errors about a wire-type clash. */
const FIELD_NAMES: ReadonlyArray<string> = [
  '',
  'backup_id',
  'backup_type',
  'backup_root_dir',
  'backup_state',
  'backup_phase',
  'failed_message',
  'backup_table_info',
  'start_ts',
  'complete_ts',
  'progress',
  'workers_number',
  'bandwidth',
  'table_set_timestamp',
  'incr_backup_file_list',
  'total_bytes_copied',
  'no_checksum_verify',
  'incr_timestamp_map'
]

/** `BackupInfo.<name>` of each field, built once (errors name them; the hot path passes them). */
const F: ReadonlyArray<string> = FIELD_NAMES.map((n) => `${NAME}.${n}`)
const fieldName = (number: number): string => F[number] ?? NAME
const F_TABLE_INFO = fieldName(7)
const F_TABLE_INFO_TABLE = `${F_TABLE_INFO}.table_name`
const F_TABLE_INFO_SNAPSHOT = `${F_TABLE_INFO}.snapshot_name`

const ALL_ONES_32 = 0xffff_ffff
const JAVA_INT_MAX = 0x7fff_ffff
const TOO_BIG = 'a uint64 above 2^53 - 1 does not fit a JavaScript number exactly'

/** A uint64 that must be a safe integer; `field` names it. */
const millis = (c: Cursor, field: string): number => {
  const at = c.pos
  const v = R.uint64(c, field)
  return v <= Number.MAX_SAFE_INTEGER
    ? v
    : R.fail(outOfRange(field, R.uint64Exact(c.bytes, at).toString(), TOO_BIG))
}

const isMinusOne = (bytes: Uint8Array, at: number): boolean => {
  for (let i = 0; i < 9; i++) if (bytes[at + i] !== 0xff) return false
  return bytes[at + 9] === 0x01
}

/** A uint64 holding a Java long that may be -1 (all ones). */
const longOrMinusOne = (c: Cursor, field: string): number => {
  const at = c.pos
  const v = R.uint64(c, field)
  if (v <= Number.MAX_SAFE_INTEGER) return v
  // -1, as Java writes it (every session's bandwidth): nine 0xff and 0x01, seen without a BigInt
  if (c.pos - at === 10 && isMinusOne(c.bytes, at)) return -1
  const exact = R.uint64Exact(c.bytes, at)
  return exact === (1n << 64n) - 1n ? -1 : R.fail(outOfRange(field, exact.toString(), TOO_BIG))
}

/** A uint32 holding a Java int ≥ 0 (or -1 when `minusOne`), as Java would read it back. */
const javaInt = (c: Cursor, field: string, minusOne: boolean): number => {
  const v = R.uint32(c, field)
  if (v <= JAVA_INT_MAX) return v
  if (minusOne && v === ALL_ONES_32) return -1
  return R.fail(invalidValue(field, String(v), 'above 2^31 - 1: Java reads it back as a negative int'))
}

const setKey = <A>(r: Record<string, A>, key: string, value: A): void => {
  if (key === '__proto__') Object.defineProperty(r, key, { value, enumerable: true, writable: true })
  else r[key] = value
}

/** One entry of an RSTimestampMap's `rs_timestamp` (key 1 server, value 2 uint64). */
const readServerEntry = (c: Cursor, field: string, table: string, into: Record<string, number>): void => {
  const outer = R.enter(c, field)
  let server = ''
  let ts = 0
  let tsAt = -1
  while (c.pos < c.end) {
    const t = R.tag(c, field)
    if (t === 0x0a) server = R.string(c, field)
    else if (t === 0x10) {
      tsAt = c.pos
      ts = R.uint64(c, field)
    } else if (t >>> 3 === 1 || t >>> 3 === 2) R.wrongWireType(c, field, t, 'map<string, uint64>')
    else R.skip(c, t, field)
  }
  R.leave(c, outer)
  if (ts > Number.MAX_SAFE_INTEGER)
    R.fail(outOfRange(`${field}[${table}][${server}]`, R.uint64Exact(c.bytes, tsAt).toString(), TOO_BIG))
  setKey(into, server, ts)
}

/** The RSTimestampMap message at the cursor. */
const readServerMap = (c: Cursor, field: string, table: string): Record<string, number> => {
  const outer = R.enter(c, field)
  const servers: Record<string, number> = {}
  while (c.pos < c.end) {
    const t = R.tag(c, field)
    if (t === 0x0a) readServerEntry(c, field, table, servers)
    else if (t >>> 3 === 1) R.wrongWireType(c, `${field}.rs_timestamp`, t, 'map')
    else R.skip(c, t, field)
  }
  R.leave(c, outer)
  return servers
}

/** One entry of field 13 or 17 (key 1 table, value 2 RSTimestampMap), added to `into`. */
const readTableEntry = (c: Cursor, field: string, into: Record<string, Record<string, number>>): void => {
  const outer = R.enter(c, field)
  let table = ''
  let servers: Record<string, number> | undefined
  let valueAt = -1
  while (c.pos < c.end) {
    const t = R.tag(c, field)
    if (t === 0x0a) table = R.string(c, field)
    else if (t === 0x12) {
      // the key may follow the value on the wire: read the value with the key known, afterwards
      valueAt = c.pos
      const n = R.length(c, field)
      c.pos += n
    } else if (t >>> 3 === 1 || t >>> 3 === 2) R.wrongWireType(c, field, t, 'map<string, RSTimestampMap>')
    else R.skip(c, t, field)
  }
  const end = c.pos
  if (valueAt >= 0) {
    c.pos = valueAt
    servers = readServerMap(c, field, table)
  }
  c.pos = end
  R.leave(c, outer)
  setKey(into, table, servers ?? {})
}

const readTableInfo = (c: Cursor): BackupTableInfo => {
  const field = F_TABLE_INFO
  const outer = R.enter(c, field)
  let table: BackupTableInfo['table'] | undefined
  let snapshotName: string | undefined
  while (c.pos < c.end) {
    const t = R.tag(c, field)
    if (t === 0x0a) table = readTableName(c, F_TABLE_INFO_TABLE)
    else if (t === 0x12) snapshotName = R.string(c, F_TABLE_INFO_SNAPSHOT)
    else if (t >>> 3 === 1 || t >>> 3 === 2)
      R.wrongWireType(c, `${field}.${t >>> 3 === 1 ? 'table_name' : 'snapshot_name'}`, t, 'its own')
    else R.skip(c, t, field)
  }
  R.leave(c, outer)
  if (table === undefined) return R.fail(malformed(F_TABLE_INFO_TABLE, '', 'the table name is missing'))
  return snapshotName === undefined ? { table } : { table, snapshotName }
}

/** Replaces the preserved fields of `number` by `field` (or drops them when `field` is undefined). */
const keep = (
  kept: Array<UnknownField> | undefined,
  number: number,
  field: UnknownField | undefined
): Array<UnknownField> | undefined => {
  const others = kept?.filter((f) => f.number !== number) ?? []
  if (field !== undefined) others.push(field)
  return others.length === 0 ? undefined : others
}

const fieldAt = (c: Cursor, start: number, t: number): UnknownField => ({
  number: t >>> 3,
  wireType: t & 7,
  bytes: c.bytes.slice(start, c.pos)
})

/**
 * The preserved fields after reading an enum field: an unknown number is kept (replacing an earlier
 * occurrence), a known one drops an earlier unknown occurrence (a later field wins).
 */
const keepEnum = (
  c: Cursor,
  kept: Array<UnknownField> | undefined,
  start: number,
  t: number,
  name: string | undefined
): Array<UnknownField> | undefined =>
  keep(kept, t >>> 3, name === undefined ? fieldAt(c, start, t) : undefined)

const readInfo = (c: Cursor): BackupInfo => {
  let backupId = ''
  let type: BackupType = 'FULL'
  let root = ''
  let state: BackupState | undefined
  let phase: BackupPhase = 'REQUEST'
  let failedMessage: string | undefined
  const tables: Array<BackupTableInfo> = []
  let startTs = 0
  let completeTs = 0
  let progress = 0
  let workers = 0
  let bandwidth = 0
  let tableSetTimestamp: Record<string, Record<string, number>> | undefined
  let files: Array<string> | undefined
  let totalBytesCopied: number | undefined
  let noChecksumVerify: boolean | undefined
  let incrTimestampMap: Record<string, Record<string, number>> | undefined
  let kept: Array<UnknownField> | undefined
  while (c.pos < c.end) {
    const start = c.pos
    const t = R.tag(c, NAME)
    switch (t) {
      case T_ID:
        backupId = R.string(c, fieldName(1))
        break
      case T_TYPE: {
        const name = backupTypes[R.uint32(c, fieldName(2))]
        if (name === undefined || kept !== undefined) kept = keepEnum(c, kept, start, t, name)
        type = name ?? 'UNKNOWN'
        break
      }
      case T_ROOT:
        root = R.string(c, fieldName(3))
        break
      case T_STATE: {
        const name = backupStates[R.uint32(c, fieldName(4))]
        if (name === undefined || kept !== undefined) kept = keepEnum(c, kept, start, t, name)
        state = name ?? 'UNKNOWN'
        break
      }
      case T_PHASE: {
        const name = backupPhases[R.uint32(c, fieldName(5))]
        if (name === undefined || kept !== undefined) kept = keepEnum(c, kept, start, t, name)
        phase = name ?? 'UNKNOWN'
        break
      }
      case T_FAILED:
        failedMessage = R.string(c, fieldName(6))
        break
      case T_TABLE:
        tables.push(readTableInfo(c))
        break
      case T_START:
        startTs = millis(c, fieldName(8))
        break
      case T_COMPLETE:
        completeTs = millis(c, fieldName(9))
        break
      case T_PROGRESS:
        progress = javaInt(c, fieldName(10), false)
        break
      case T_WORKERS:
        workers = javaInt(c, fieldName(11), true)
        break
      case T_BANDWIDTH:
        bandwidth = longOrMinusOne(c, fieldName(12))
        break
      case T_TABLE_SET:
        readTableEntry(c, fieldName(13), (tableSetTimestamp ??= {}))
        break
      case T_FILES:
        ;(files ??= []).push(R.string(c, fieldName(14)))
        break
      case T_BYTES:
        totalBytesCopied = millis(c, fieldName(15))
        break
      case T_NO_CHECKSUM:
        noChecksumVerify = R.uint64(c, fieldName(16)) !== 0
        break
      case T_INCR_MAP:
        readTableEntry(c, fieldName(17), (incrTimestampMap ??= {}))
        break
      case T_FILES_AS_BOOL:
        R.skip(c, t, NAME)
        ;(kept ??= []).push(fieldAt(c, start, t))
        break
      default: {
        const number = t >>> 3
        const name = FIELD_NAMES[number]
        if (name !== undefined) R.wrongWireType(c, `${NAME}.${name}`, t, 'the schema')
        R.skip(c, t, NAME)
        ;(kept ??= []).push(fieldAt(c, start, t))
      }
    }
  }
  const idProblem = backupIdProblem(backupId)
  if (idProblem !== undefined) R.fail(invalidValue(fieldName(1), backupId, idProblem))
  const rootProblem = backupRootProblem(root)
  if (rootProblem !== undefined) R.fail(invalidValue(fieldName(3), root, rootProblem))
  // every value was checked as it was read, by the rules of the BackupInfo codec
  const info: { -readonly [K in keyof BackupInfo]: BackupInfo[K] } = {
    backupId: backupId as BackupId,
    type,
    backupRootDir: root as BackupRoot,
    phase,
    tables,
    startTs,
    completeTs,
    progress,
    workers,
    bandwidth
  }
  if (state !== undefined) info.state = state
  if (failedMessage !== undefined) info.failedMessage = failedMessage
  if (tableSetTimestamp !== undefined) info.tableSetTimestamp = tableSetTimestamp
  if (files !== undefined) info.incrBackupFileList = files
  if (totalBytesCopied !== undefined) info.totalBytesCopied = totalBytesCopied
  if (noChecksumVerify !== undefined) info.noChecksumVerify = noChecksumVerify
  if (incrTimestampMap !== undefined) info.incrTimestampMap = incrTimestampMap
  if (kept !== undefined) info.unknownFields = kept
  return info
}

export const decodeBackupInfo: (bytes: Uint8Array) => E.Either<DomainError, BackupInfo> = R.decodeWith(
  NAME,
  readInfo
)
