/**
 * Reads what diagnosis needs, streaming: single gets for the lock and the markers, then one scan per
 * row family, each consumed batch by batch (`rowsOf`), keeping only the compact facts of
 * `Observed`. Sessions are read first, so the bulk-load scan can keep just the rows of tables no
 * FULL backup covers. A row that does not decode is recorded as malformed, never skipped silently;
 * a store failure rejects with `BackupMetaError`.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import * as B from '../core/Bytes.js'
import { describe as describeDomain } from '../core/DomainError.js'
import type { DomainError } from '../core/DomainError.js'
import { backupIdTimestamp } from '../core/domain/Identifiers.js'
import type { KeyRange } from '../core/KeyRange.js'
import * as Op from '../core/Operation.js'
import * as P from '../core/Program.js'
import * as Session from '../core/rows/BackupSession.js'
import * as BulkLoad from '../core/rows/BulkLoad.js'
import * as Lock from '../core/rows/ExclusiveLock.js'
import * as IncrementalSet from '../core/rows/IncrementalSet.js'
import * as Marker from '../core/rows/OperationMarker.js'
import { META_FAMILY, SESSIONS_FAMILY } from '../core/rows/Schema.js'
import * as ServerLogRoll from '../core/rows/ServerLogRoll.js'
import * as S from '../core/rows/Subspace.js'
import * as TableServerLogRoll from '../core/rows/TableServerLogRoll.js'
import { BackupMetaError } from '../interpreter/ApiError.js'
import { run } from '../interpreter/run.js'
import { StoreFailure } from '../port/StoreError.js'
import { rowsOf } from '../port/rowsOf.js'
import type { BulkRowSeen, LockSeen, LogRollSeen, MarkerSeen, Observed, SessionSeen } from './Observed.js'
import { fullyBacked } from './Observed.js'

type Malformed = Array<{ readonly row: string; readonly error: string }>

const get = async (table: BackupSystemTable, g: Op.Get): Promise<O.Option<Op.Row>> => {
  const r = await run({ store: table.store, tables: table.tables })(P.get(g))()
  if (E.isLeft(r)) throw new BackupMetaError(r.left)
  return r.right
}

/** The rows of one scan, one at a time; store failures become `BackupMetaError`. */
async function* rows(table: BackupSystemTable, scan: Op.Scan): AsyncGenerator<Op.Row> {
  try {
    yield* rowsOf(table.store.scan({ ...scan, table: table.tables[scan.table] }))
  } catch (thrown) {
    throw thrown instanceof StoreFailure ? new BackupMetaError(thrown.error) : thrown
  }
}

const note = (bad: Malformed, row: Op.Row, e: DomainError): void => {
  bad.push({ row: B.toStringBinary(row.key), error: describeDomain(e) })
}

const lockOf = (row: O.Option<Op.Row>): LockSeen => {
  const cell = (q: Uint8Array) =>
    O.isSome(row)
      ? row.value.cells.find((c) => c.family === SESSIONS_FAMILY && B.equals(c.qualifier, q))
      : undefined
  const pid = cell(Lock.HOLDER_PID)
  return {
    state: Lock.decodeState(row),
    holder: Lock.decodeHolder(row),
    since: cell(Lock.QUALIFIER)?.timestamp,
    pidCell: pid === undefined ? O.none : O.some(pid.value)
  }
}

const markerOf = async (
  table: BackupSystemTable,
  kind: Marker.MarkerKind,
  bad: Malformed
): Promise<MarkerSeen | undefined> => {
  const row = await get(table, Marker.get(kind))
  if (O.isNone(row) || !Marker.isInProgress(row.value)) return undefined
  const ids = Marker.decodeIdsOfRow(row.value)
  if (E.isLeft(ids)) note(bad, row.value, ids.left)
  const fam = Op.cellValue(META_FAMILY, BulkLoad.FAM)(row.value)
  const list = E.isRight(ids) ? (ids.right ?? []) : []
  // Java reads the delete marker as absent when its id list is empty; merge is "in progress" on any cell
  if (kind === 'delete' && list.length === 0 && E.isRight(ids)) return undefined
  return { ids: list, fam: fam === undefined ? O.none : O.some(fam) }
}

const sessionOf = (row: Op.Row, bad: Malformed): SessionSeen | undefined => {
  const r = Session.decodeRow(row)
  if (E.isLeft(r)) {
    note(bad, row, r.left)
    return undefined
  }
  const i = r.right
  const running =
    i.state === 'RUNNING'
      ? { info: i, bytes: Op.cellValue(SESSIONS_FAMILY, Session.QUALIFIER)(row) ?? B.empty }
      : undefined
  return {
    backupId: i.backupId,
    type: i.type,
    root: i.backupRootDir,
    state: i.state,
    phase: i.phase,
    tables: i.tables.map((t) => t.table),
    startTs: i.startTs,
    completeTs: i.completeTs,
    failedMessage: i.failedMessage,
    tableSetTimestamp: i.tableSetTimestamp,
    incrTimestampMap: i.incrTimestampMap,
    ...(running === undefined ? {} : { running })
  }
}

/** The rows of one log-roll family: root, name (table or server), the value cell as read. */
const logRolls = async (
  table: BackupSystemTable,
  bad: Malformed,
  range: KeyRange,
  qualifier: Uint8Array,
  decode: (
    row: Op.Row
  ) => E.Either<DomainError, { root: string; name: string; servers: ReadonlyArray<string> }>
): Promise<ReadonlyArray<LogRollSeen>> => {
  const out: Array<LogRollSeen> = []
  for await (const row of rows(table, Op.scan('system', range, { family: META_FAMILY }))) {
    const r = decode(row)
    if (E.isLeft(r)) note(bad, row, r.left)
    else out.push({ ...r.right, row: row.key, value: Op.cellValue(META_FAMILY, qualifier)(row) ?? B.empty })
  }
  return out
}

const newestFirst = (a: SessionSeen, b: SessionSeen): number =>
  b.startTs - a.startTs ||
  backupIdTimestamp(b.backupId) - backupIdTimestamp(a.backupId) ||
  (a.backupId < b.backupId ? 1 : a.backupId > b.backupId ? -1 : 0)

export const observe = async (table: BackupSystemTable): Promise<Observed> => {
  const bad: Malformed = []
  const lockRow = await get(table, Lock.get)
  if (Lock.decodeState(lockRow) === 'unknown' && O.isSome(lockRow)) {
    const d = Lock.decodeRow(lockRow)
    if (E.isLeft(d)) note(bad, lockRow.value, d.left)
  }
  const deleteMarker = await markerOf(table, 'delete', bad)
  const mergeMarker = await markerOf(table, 'merge', bad)
  const snapshot = table.store.capabilities.has('snapshots') ? await table.snapshotExists() : undefined

  const sessions: Array<SessionSeen> = []
  for await (const row of rows(table, Session.scan())) {
    const s = sessionOf(row, bad)
    if (s !== undefined) sessions.push(s)
  }
  sessions.sort(newestFirst)

  const incrementalSets: Array<{ root: string; tables: ReadonlyArray<string> }> = []
  for await (const row of rows(
    table,
    Op.scan('system', IncrementalSet.space.range, { family: META_FAMILY })
  )) {
    const root = S.suffixOf(IncrementalSet.space)(row.key)
    const ts = IncrementalSet.decodeRow(row)
    if (E.isLeft(ts)) note(bad, row, ts.left)
    else if (O.isSome(root) && ts.right.length > 0)
      incrementalSets.push({ root: root.value, tables: ts.right })
  }

  const tableLogRolls = await logRolls(
    table,
    bad,
    TableServerLogRoll.space.range,
    TableServerLogRoll.QUALIFIER,
    (row) =>
      E.map((r: { root: string; table: string; servers: Readonly<Record<string, number>> }) => ({
        root: r.root,
        name: r.table,
        servers: Object.keys(r.servers)
      }))(TableServerLogRoll.decodeRow(row))
  )
  const serverLogRolls = await logRolls(
    table,
    bad,
    ServerLogRoll.space.range,
    ServerLogRoll.QUALIFIER,
    (row) =>
      E.map((r: { root: string; server: string }) => ({ root: r.root, name: r.server, servers: [] }))(
        ServerLogRoll.decodeRow(row)
      )
  )

  const backed = fullyBacked(sessions).anyRoot
  const orphanBulkRows: Array<BulkRowSeen> = []
  let bulkRows = 0
  for await (const row of rows(table, BulkLoad.scanAll)) {
    const r = BulkLoad.decodeRow(row)
    if (E.isLeft(r)) note(bad, row, r.left)
    else if (O.isSome(r.right)) {
      bulkRows++
      const b = r.right.value
      if (!backed.has(b.table)) orphanBulkRows.push({ table: b.table, row: b.rowKey, path: B.utf8(b.path) })
    }
  }

  return {
    lock: lockOf(lockRow),
    sessions,
    deleteMarker,
    mergeMarker,
    snapshot,
    incrementalSets,
    tableLogRolls,
    serverLogRolls,
    orphanBulkRows,
    bulkRows,
    malformed: bad
  }
}
