/**
 * A backup session as `BackupInfo` describes it: the io-ts codec is the type's single definition and
 * its validation. Protobuf encoding lives in `proto/BackupInfoProto.ts`.
 *
 * Fields mirror Backup.proto's `BackupInfo` (field numbers in brackets). Always written by Java:
 * [1] id, [2] type, [3] root, [7] tables, [8] startTs, [9] completeTs, [10] progress, [11] workers,
 * [12] bandwidth, [5] phase. Written only when set: [4] state, [6] failedMessage, [13]
 * tableSetTimestamp (HBase ≥ 2.5), and the HBASE-30322 fields [14]–[17], which this library keeps
 * when it reads them and writes back unchanged.
 *
 * Timestamps are milliseconds as safe integers. `workers` and `bandwidth` are -1 when unset, as in
 * Java (stored as all-ones unsigned values).
 */
import * as t from 'io-ts'
import { BackupPhase, BackupState, BackupType } from './Enums.js'
import { BackupId, BackupRoot } from './Identifiers.js'
import { TableName } from './TableName.js'

const Millis = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'Millis')
const MinusOneOr = (name: string, max: number) =>
  t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= -1 && n <= max, name)

/** Java `int`s stored in uint32: above 2^31 - 1 Java would read them back negative. */
export const Workers = MinusOneOr('Workers', 0x7fff_ffff)
export const Bandwidth = MinusOneOr('Bandwidth', Number.MAX_SAFE_INTEGER)
export const Progress = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 0 && n <= 0x7fff_ffff,
  'Progress'
)

/** Per region server (`host:port`), the log-roll timestamp in ms. */
export const ServerTimestamps = t.record(t.string, Millis, 'ServerTimestamps')
export type ServerTimestamps = t.TypeOf<typeof ServerTimestamps>

/** Per table (`getNameAsString()`), the region servers' log-roll timestamps. */
export const TableServerTimestamps = t.record(t.string, ServerTimestamps, 'TableServerTimestamps')
export type TableServerTimestamps = t.TypeOf<typeof TableServerTimestamps>

export const BackupTableInfo = t.intersection(
  [t.type({ table: TableName }), t.partial({ snapshotName: t.string })],
  'BackupTableInfo'
)
export type BackupTableInfo = t.TypeOf<typeof BackupTableInfo>

export const BackupInfo = t.intersection(
  [
    t.type({
      backupId: BackupId,
      type: BackupType,
      backupRootDir: BackupRoot,
      phase: BackupPhase,
      tables: t.readonlyArray(BackupTableInfo),
      startTs: Millis,
      completeTs: Millis,
      progress: Progress,
      workers: Workers,
      bandwidth: Bandwidth
    }),
    t.partial({
      state: BackupState,
      failedMessage: t.string,
      tableSetTimestamp: TableServerTimestamps,
      incrBackupFileList: t.readonlyArray(t.string),
      totalBytesCopied: Millis,
      noChecksumVerify: t.boolean,
      incrTimestampMap: TableServerTimestamps
    })
  ],
  'BackupInfo'
)
export type BackupInfo = t.TypeOf<typeof BackupInfo>

/** The tables of a backup, in stored order. */
export const tablesOf = (info: BackupInfo): ReadonlyArray<TableName> => info.tables.map((x) => x.table)
