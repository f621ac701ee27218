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
 *
 * `unknownFields` keeps, byte for byte, what a newer writer stored that this library cannot
 * interpret: field numbers beyond 17, an enum number it does not know (the enum then reads
 * `UNKNOWN`), field 14 as HBASE-29240's varint bool. The codec holds the two together: an
 * `UNKNOWN` enum has exactly one preserved field of its number, and a preserved field of a number
 * this library writes itself is only one of those two cases.
 */
import * as t from 'io-ts'
import { BackupPhase, BackupState, BackupType } from './Enums.js'
import { BackupId, BackupRoot } from './Identifiers.js'
import { TableName } from './TableName.js'
import { UnknownField } from './UnknownField.js'

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

const Fields = t.intersection(
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
      incrTimestampMap: TableServerTimestamps,
      unknownFields: t.readonlyArray(UnknownField)
    })
  ],
  'BackupInfo'
)
type Fields = t.TypeOf<typeof Fields>

/** The field numbers of BackupInfo's enums, and field 14 (HBASE-30322's list, HBASE-29240's bool). */
export const TYPE_FIELD = 2
export const STATE_FIELD = 4
export const PHASE_FIELD = 5
export const INCR_BACKUP_FILE_LIST_FIELD = 14
/** The highest field number of the newest BackupInfo this library knows (master, 2.6.7). */
export const LAST_KNOWN_FIELD = 17

const WIRE_VARINT = 0

const count = (xs: ReadonlyArray<UnknownField>, number: number): number => {
  let n = 0
  for (const x of xs) if (x.number === number) n++
  return n
}

/** Why the enums and the preserved fields of `x` disagree; `undefined` when they agree. */
const preservedProblem = (x: Fields): string | undefined => {
  const kept = x.unknownFields ?? []
  const enums: ReadonlyArray<readonly [number, string, boolean]> = [
    [TYPE_FIELD, 'type', x.type === 'UNKNOWN'],
    [STATE_FIELD, 'state', x.state === 'UNKNOWN'],
    [PHASE_FIELD, 'phase', x.phase === 'UNKNOWN']
  ]
  for (const [number, name, unknown] of enums)
    if (unknown !== (count(kept, number) === 1) || count(kept, number) > 1)
      return unknown
        ? `${name} UNKNOWN needs the one preserved field ${number} it was read from`
        : `field ${number} is preserved but ${name} is known`
  for (const f of kept) {
    if (f.number > LAST_KNOWN_FIELD) continue
    const allowed =
      f.wireType === WIRE_VARINT &&
      (f.number === TYPE_FIELD ||
        f.number === STATE_FIELD ||
        f.number === PHASE_FIELD ||
        f.number === INCR_BACKUP_FILE_LIST_FIELD)
    if (!allowed) return `field ${f.number} wire type ${f.wireType} is one this library writes itself`
  }
  return undefined
}

export const BackupInfo = new t.Type<Fields, t.OutputOf<typeof Fields>, unknown>(
  'BackupInfo',
  (u): u is Fields => Fields.is(u) && preservedProblem(u) === undefined,
  (u, c) => {
    // Fields is entered as a context of its own, so a failure's path skips the intersection's members
    const r = Fields.validate(u, t.appendContext(c, '', Fields, u))
    if (r._tag === 'Left') return r
    const reason = preservedProblem(r.right)
    return reason === undefined ? r : t.failure(u, c, reason)
  },
  Fields.encode
)
export type BackupInfo = t.TypeOf<typeof BackupInfo>

/** The tables of a backup, in stored order. */
export const tablesOf = (info: BackupInfo): ReadonlyArray<TableName> => info.tables.map((x) => x.table)

/**
 * `info` with its failed message cut to `limit` UTF-16 units, as Java's `setFailedMsg` does since
 * HBASE-28643 (2.6.1): a longer message made the FAILED put exceed the cell size and left the backup
 * unrepairable. A cut that would split a surrogate pair keeps one unit less, so the text stays
 * well-formed (Java would split it). `info` itself when nothing is cut.
 */
export const cutFailedMessage =
  (limit: number) =>
  <I extends { readonly failedMessage?: unknown }>(info: I): I => {
    const m = info.failedMessage
    if (typeof m !== 'string' || m.length <= limit) return info
    const high = m.charCodeAt(limit - 1)
    const end = high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit
    return { ...info, failedMessage: m.slice(0, end) }
  }
