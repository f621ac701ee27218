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
 *
 * "Always" means even at the default (proto2 presence): progress 0 is `50 00`. workers -1 is uint32
 * all ones (`58 ff ff ff ff 0f`), bandwidth -1 is uint64 all ones (`60 ff×9 01`); both read back as -1.
 * Table names carry their namespace explicitly (see TableNameProto). Fields 14–17 (HBASE-30322) are
 * kept when read and written back as read, so a newer HBase's record survives a rewrite.
 *
 * Reading follows `fromProto`: an absent scalar reads as its proto default (phase REQUEST, numbers 0),
 * an absent state or failed message stays absent, and an empty list or map (nothing on the wire)
 * reads as absent. The decoded object then passes the `BackupInfo` codec, the single definition of a
 * valid value: an unknown enum number, an id not `backup_<ms>` or an illegal table name is an error.
 * uint64s above 2^53 - 1 are `OutOfRange` naming the field; undecodable bytes are `Malformed`.
 *
 * Field numbers this schema does not know (a future HBase's) are skipped and not written back, as
 * Java's `BackupInfo`, a plain object, also loses them.
 *
 * Law: for every valid x without empty lists or maps, `decodeBackupInfo(encodeBackupInfo(x)) = right(x)`.
 * Maps keep their key order, except that JavaScript puts integer-like keys (table `123`) first;
 * Java's own order is a HashMap's, so no reader depends on it.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import type protobuf from 'protobufjs/light.js'
import type { DomainError } from '../DomainError.js'
import type { BackupTableInfo, TableServerTimestamps } from '../domain/BackupInfo.js'
import { BackupInfo } from '../domain/BackupInfo.js'
import type { BackupPhase, BackupState, BackupType } from '../domain/Enums.js'
import { backupPhases, backupStates, backupTypes } from '../domain/Enums.js'
import { validate } from '../domain/validate.js'
import { BackupInfoType, BackupPhaseEnum, BackupStateEnum, BackupTypeEnum } from './schema.js'
import type { TableNameMessage } from './TableNameProto.js'
import { tableNameFromMessage, tableNameToMessage } from './TableNameProto.js'
import type { LongBits } from './Unsigned.js'
import { fromUint32OrMinusOne, fromUint64, fromUint64OrMinusOne, toUint32, toUint64 } from './Unsigned.js'
import { decodeMessage, encodeMessage } from './Wire.js'

/** The `toObject` shapes; `U` is how a uint64 is held (`bigint` decoded, `LongBits` to encode). */
interface RSTimestampMapMessage<U> {
  readonly rs_timestamp?: Readonly<Record<string, U>>
}
interface BackupTableInfoMessage {
  readonly table_name?: TableNameMessage
  readonly snapshot_name?: string
}
interface BackupInfoMessage<U> {
  readonly backup_id?: string
  readonly backup_type?: number
  readonly backup_root_dir?: string
  readonly backup_state?: number
  readonly backup_phase?: number
  readonly failed_message?: string
  readonly backup_table_info?: ReadonlyArray<BackupTableInfoMessage>
  readonly start_ts?: U
  readonly complete_ts?: U
  readonly progress?: number
  readonly workers_number?: number
  readonly bandwidth?: U
  readonly table_set_timestamp?: Readonly<Record<string, RSTimestampMapMessage<U>>>
  readonly incr_backup_file_list?: ReadonlyArray<string>
  readonly total_bytes_copied?: U
  readonly no_checksum_verify?: boolean
  readonly incr_timestamp_map?: Readonly<Record<string, RSTimestampMapMessage<U>>>
}

const NAME = 'BackupInfo'

// -------------------------------------------------------------------------------------------------
// enums: numbers come from the schema, names from the domain; they must agree (checked at load)
// -------------------------------------------------------------------------------------------------

const numbering = <N extends string>(
  e: protobuf.Enum,
  names: ReadonlyArray<N>
): Readonly<Record<N, number>> =>
  Object.fromEntries(
    names.map((name) => {
      const n = e.values[name]
      if (n === undefined) throw new Error(`schema enum ${e.name} has no value ${name}`)
      return [name, n]
    })
  ) as Record<N, number>

const typeNumber = numbering<BackupType>(BackupTypeEnum, backupTypes)
const stateNumber = numbering<BackupState>(BackupStateEnum, backupStates)
const phaseNumber = numbering<BackupPhase>(BackupPhaseEnum, backupPhases)

/** The enum name of a wire number, or the number itself for the codec to reject. */
const nameOf =
  (e: protobuf.Enum) =>
  (n: number): string | number =>
    e.valuesById[n] ?? n

// -------------------------------------------------------------------------------------------------
// encode
// -------------------------------------------------------------------------------------------------

const timestampMapsToMessage = (
  maps: TableServerTimestamps
): Readonly<Record<string, RSTimestampMapMessage<LongBits>>> =>
  Object.fromEntries(
    Object.entries(maps).map(([table, servers]) => [
      table,
      { rs_timestamp: Object.fromEntries(Object.entries(servers).map(([s, ts]) => [s, toUint64(ts)])) }
    ])
  )

const tableInfoToMessage = (x: BackupTableInfo): BackupTableInfoMessage => ({
  table_name: tableNameToMessage(x.table),
  ...(x.snapshotName !== undefined ? { snapshot_name: x.snapshotName } : {})
})

export const encodeBackupInfo = (info: BackupInfo): Uint8Array =>
  encodeMessage(BackupInfoType)({
    backup_id: info.backupId,
    backup_type: typeNumber[info.type],
    backup_root_dir: info.backupRootDir,
    ...(info.state !== undefined ? { backup_state: stateNumber[info.state] } : {}),
    backup_phase: phaseNumber[info.phase],
    ...(info.failedMessage !== undefined ? { failed_message: info.failedMessage } : {}),
    backup_table_info: info.tables.map(tableInfoToMessage),
    start_ts: toUint64(info.startTs),
    complete_ts: toUint64(info.completeTs),
    progress: toUint32(info.progress),
    workers_number: toUint32(info.workers),
    bandwidth: toUint64(info.bandwidth),
    ...(info.tableSetTimestamp !== undefined
      ? { table_set_timestamp: timestampMapsToMessage(info.tableSetTimestamp) }
      : {}),
    ...(info.incrBackupFileList !== undefined ? { incr_backup_file_list: info.incrBackupFileList } : {}),
    ...(info.totalBytesCopied !== undefined ? { total_bytes_copied: toUint64(info.totalBytesCopied) } : {}),
    ...(info.noChecksumVerify !== undefined ? { no_checksum_verify: info.noChecksumVerify } : {}),
    ...(info.incrTimestampMap !== undefined
      ? { incr_timestamp_map: timestampMapsToMessage(info.incrTimestampMap) }
      : {})
  } satisfies BackupInfoMessage<LongBits>)

// -------------------------------------------------------------------------------------------------
// decode
// -------------------------------------------------------------------------------------------------

/** Traverses a record in its own key order (fp-ts's Record traversals sort keys). */
const traverseRecord =
  <A, B>(f: (key: string, a: A) => E.Either<DomainError, B>) =>
  (r: Readonly<Record<string, A>>): E.Either<DomainError, Record<string, B>> =>
    pipe(
      Object.entries(r),
      RA.traverse(E.Applicative)(([k, a]) =>
        pipe(
          f(k, a),
          E.map((b) => [k, b] as const)
        )
      ),
      E.map((entries) => Object.fromEntries(entries) as Record<string, B>)
    )

/** A map field 13 or 17; `undefined` when absent or empty. */
const timestampMapsFromMessage =
  (field: string) =>
  (
    maps: Readonly<Record<string, RSTimestampMapMessage<bigint>>> | undefined
  ): E.Either<DomainError, TableServerTimestamps | undefined> =>
    maps === undefined || Object.keys(maps).length === 0
      ? E.right(undefined)
      : traverseRecord((table, m: RSTimestampMapMessage<bigint>) =>
          traverseRecord((server, ts: bigint) => fromUint64(`${field}[${table}][${server}]`)(ts))(
            m.rs_timestamp ?? {}
          )
        )(maps)

const tableInfoFromMessage = (m: BackupTableInfoMessage): E.Either<DomainError, unknown> =>
  pipe(
    tableNameFromMessage(`${NAME}.backup_table_info.table_name`)(m.table_name),
    E.map((table) => ({ table, ...(m.snapshot_name !== undefined ? { snapshotName: m.snapshot_name } : {}) }))
  )

/** The domain-shaped object, before the codec: 64-bit values checked, tables named. */
const fromMessage = (m: BackupInfoMessage<bigint>): E.Either<DomainError, unknown> =>
  pipe(
    E.Do,
    E.apS('tables', pipe(m.backup_table_info ?? [], RA.traverse(E.Applicative)(tableInfoFromMessage))),
    E.apS('startTs', fromUint64(`${NAME}.start_ts`)(m.start_ts ?? 0n)),
    E.apS('completeTs', fromUint64(`${NAME}.complete_ts`)(m.complete_ts ?? 0n)),
    E.apS('bandwidth', fromUint64OrMinusOne(`${NAME}.bandwidth`)(m.bandwidth ?? 0n)),
    E.apS(
      'tableSetTimestamp',
      timestampMapsFromMessage(`${NAME}.table_set_timestamp`)(m.table_set_timestamp)
    ),
    E.apS(
      'totalBytesCopied',
      m.total_bytes_copied === undefined
        ? E.right(undefined)
        : fromUint64(`${NAME}.total_bytes_copied`)(m.total_bytes_copied)
    ),
    E.apS('incrTimestampMap', timestampMapsFromMessage(`${NAME}.incr_timestamp_map`)(m.incr_timestamp_map)),
    E.map((x) => ({
      backupId: m.backup_id ?? '',
      type: nameOf(BackupTypeEnum)(m.backup_type ?? 0),
      backupRootDir: m.backup_root_dir ?? '',
      ...(m.backup_state !== undefined ? { state: nameOf(BackupStateEnum)(m.backup_state) } : {}),
      phase: nameOf(BackupPhaseEnum)(m.backup_phase ?? 0),
      ...(m.failed_message !== undefined ? { failedMessage: m.failed_message } : {}),
      tables: x.tables,
      startTs: x.startTs,
      completeTs: x.completeTs,
      progress: m.progress ?? 0,
      workers: fromUint32OrMinusOne(m.workers_number ?? 0),
      bandwidth: x.bandwidth,
      ...(x.tableSetTimestamp !== undefined ? { tableSetTimestamp: x.tableSetTimestamp } : {}),
      ...(m.incr_backup_file_list !== undefined && m.incr_backup_file_list.length > 0
        ? { incrBackupFileList: m.incr_backup_file_list }
        : {}),
      ...(x.totalBytesCopied !== undefined ? { totalBytesCopied: x.totalBytesCopied } : {}),
      ...(m.no_checksum_verify !== undefined ? { noChecksumVerify: m.no_checksum_verify } : {}),
      ...(x.incrTimestampMap !== undefined ? { incrTimestampMap: x.incrTimestampMap } : {})
    }))
  )

export const decodeBackupInfo = (bytes: Uint8Array): E.Either<DomainError, BackupInfo> =>
  pipe(
    decodeMessage<BackupInfoMessage<bigint>>(BackupInfoType)(bytes),
    E.chain(fromMessage),
    E.chain(validate(BackupInfo))
  )
