/**
 * A decoded view of the system table, read through the library (never through the recorded store,
 * so reading it costs no simulated operation): the lock, every session, the markers, the
 * per-root metadata (incremental set, log-roll maps, start code, WAL rows), bulk-load rows and the
 * snapshot. The invariants compare two views; `inspect` prints one.
 */
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import type { BackupInfo } from '../core/domain/BackupInfo.js'
import type { LockState } from '../core/rows/ExclusiveLock.js'
import { lockState } from '../core/methods/lock.js'
import { run } from '../interpreter/run.js'
import * as P from '../core/Program.js'
import * as WalFile from '../core/rows/WalFile.js'
import * as B from '../core/Bytes.js'
import * as H from '../core/History.js'
import * as Op from '../core/Operation.js'
import * as Session from '../core/rows/BackupSession.js'
import { SESSIONS_FAMILY } from '../core/rows/Schema.js'

export interface TableView {
  readonly lock: LockState
  /** Newest first. */
  readonly sessions: ReadonlyArray<BackupInfo>
  readonly deleteMarker: ReadonlyArray<string> | undefined
  readonly mergeMarker: ReadonlyArray<string> | undefined
  readonly mergeInProgress: boolean
  readonly incrementalSet: ReadonlyArray<string>
  readonly tableLogRolls: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly serverLogRolls: Readonly<Record<string, number>>
  readonly startCode: number | undefined
  readonly walFiles: number
  readonly bulkLoads: ReadonlyArray<{ readonly table: string; readonly path: string; readonly state: string }>
  readonly backupSets: ReadonlyArray<string>
  /** `undefined` when the store cannot tell (no snapshot capability). */
  readonly snapshot: boolean | undefined
}

/**
 * WAL rows, counted without decoding them (decoding every WAL row after every operation dominated
 * the run time): one scan of the `wals:` rows through the library's own scan program.
 */
const walRowCount = async (table: BackupSystemTable): Promise<number> => {
  const rows = await run({ store: table.store, tables: table.tables })(P.scan(WalFile.scanAll))()
  return rows._tag === 'Right' ? rows.right.length : 0
}

/** A session as decoded from a row, with the row's bytes it was decoded from. */
export interface Decoded {
  readonly bytes: Uint8Array
  readonly info: BackupInfo
}

/**
 * The session of `row`: `known`'s when the row's bytes are the ones it was decoded from, else the
 * row decoded now (its bytes copied: they may be a view of the whole page the store read);
 * `undefined` when the row does not decode.
 */
export const decodedSession = (row: Op.Row, known: Decoded | undefined): Decoded | undefined => {
  const bytes = Op.cellValue(SESSIONS_FAMILY, Session.QUALIFIER)(row) ?? new Uint8Array()
  if (known !== undefined && B.equals(known.bytes, bytes)) return known
  const info = Session.decodeRow(row)
  return info._tag === 'Left' ? undefined : { bytes: bytes.slice(), info: info.right }
}

/** Per table, the sessions decoded so far, by row key: a row is decoded again only when it changed. */
const decodedSessions = new WeakMap<BackupSystemTable, Map<string, Decoded>>()

/**
 * Every session, newest first, as `getBackupHistory()` returns them, but decoding only the rows that
 * changed since the last view (decoding every session after every operation made long runs
 * quadratic). Same scan program, same row decoder, same order as the library's.
 */
const sessionsOf = async (table: BackupSystemTable): Promise<ReadonlyArray<BackupInfo>> => {
  const rows = await run({ store: table.store, tables: table.tables })(P.scan(Session.scan()))()
  if (rows._tag === 'Left') return table.getBackupHistory()
  const cache = decodedSessions.get(table) ?? new Map<string, Decoded>()
  decodedSessions.set(table, cache)
  const next = new Map<string, Decoded>()
  for (const row of rows.right) {
    const k = B.toStringBinary(row.key)
    const d = decodedSession(row, cache.get(k))
    if (d === undefined) return table.getBackupHistory()
    next.set(k, d)
  }
  cache.clear()
  for (const [k, v] of next) cache.set(k, v)
  return H.newestFirst([...next.values()].map((d) => d.info))
}

/** The parts of a view other than sessions and WAL rows: small rows, re-read whenever one of them is written. */
export type Metadata = Omit<TableView, 'sessions' | 'walFiles' | 'bulkLoads' | 'snapshot'>

/**
 * The small rows, read again; with `only` and `previous`, only the parts in `only` (the rows an
 * operation wrote), the rest taken from `previous`.
 */
export const readMetadata = async (
  table: BackupSystemTable,
  root: string,
  only?: ReadonlySet<keyof Metadata>,
  previous?: Metadata
): Promise<Metadata> => {
  const part = async <K extends keyof Metadata>(
    k: K,
    read: () => Promise<Metadata[K]>
  ): Promise<Metadata[K]> =>
    previous === undefined || only === undefined || only.has(k) ? read() : previous[k]
  const lock = async (): Promise<Metadata['lock']> => {
    const l = await run({ store: table.store, tables: table.tables })(lockState)()
    return l._tag === 'Right' ? l.right : 'unknown'
  }
  return {
    lock: await part('lock', lock),
    deleteMarker: await part('deleteMarker', () => table.getListOfBackupIdsFromDeleteOperation()),
    mergeMarker: await part('mergeMarker', () => table.getListOfBackupIdsFromMergeOperation()),
    mergeInProgress: await part('mergeInProgress', () => table.isMergeInProgress()),
    incrementalSet: await part('incrementalSet', () => table.getIncrementalBackupTableSet(root)),
    tableLogRolls: await part('tableLogRolls', () => table.readLogTimestampMap(root)),
    serverLogRolls: await part('serverLogRolls', () => table.readRegionServerLastLogRollResult(root)),
    startCode: await part('startCode', () => table.readBackupStartCode(root)),
    backupSets: await part('backupSets', () => table.listBackupSets())
  }
}

export const readBulkLoads = async (
  table: BackupSystemTable,
  tables: ReadonlyArray<string>
): Promise<TableView['bulkLoads']> =>
  (await table.readBulkloadRows(tables)).map((b) => ({ table: b.table, path: b.path, state: b.state ?? '' }))

export const readSnapshot = async (table: BackupSystemTable): Promise<boolean | undefined> =>
  table.store.capabilities.has('snapshots') ? table.snapshotExists() : undefined

/** Builds a view from its parts, fields in one order (views are compared field by field). */
export const viewOf = (
  m: Metadata,
  rest: Pick<TableView, 'sessions' | 'walFiles' | 'bulkLoads' | 'snapshot'>
): TableView => ({
  lock: m.lock,
  sessions: rest.sessions,
  deleteMarker: m.deleteMarker,
  mergeMarker: m.mergeMarker,
  mergeInProgress: m.mergeInProgress,
  incrementalSet: m.incrementalSet,
  tableLogRolls: m.tableLogRolls,
  serverLogRolls: m.serverLogRolls,
  startCode: m.startCode,
  walFiles: rest.walFiles,
  bulkLoads: rest.bulkLoads,
  backupSets: m.backupSets,
  snapshot: rest.snapshot
})

/** The whole table, read again (the simulator's view is checked against this). */
export const readView = async (
  table: BackupSystemTable,
  root: string,
  tables: ReadonlyArray<string>
): Promise<TableView> => {
  const m = await readMetadata(table, root)
  const snapshot = await readSnapshot(table)
  return viewOf(m, {
    sessions: await sessionsOf(table),
    walFiles: await walRowCount(table),
    bulkLoads: await readBulkLoads(table, tables),
    snapshot
  })
}

// -------------------------------------------------------------------------------------------------
// derived, once per view (a view is immutable; the invariants ask the same questions of it many times)
// -------------------------------------------------------------------------------------------------

interface Derived {
  readonly byState: Readonly<Record<string, number>>
  readonly running: ReadonlyArray<BackupInfo>
  readonly complete: ReadonlySet<string>
  readonly byId: ReadonlyMap<string, BackupInfo>
}

const derivedOf = new WeakMap<ReadonlyArray<BackupInfo>, Derived>()

const derived = (v: TableView): Derived => {
  const hit = derivedOf.get(v.sessions)
  if (hit !== undefined) return hit
  const running: Array<BackupInfo> = []
  const complete = new Set<string>()
  const byId = new Map<string, BackupInfo>()
  const byState: Record<string, number> = {}
  for (const s of v.sessions) {
    const st = s.state ?? 'NONE'
    byState[st] = (byState[st] ?? 0) + 1
    if (s.state === 'RUNNING') running.push(s)
    else if (s.state === 'COMPLETE') complete.add(s.backupId)
    if (!byId.has(s.backupId)) byId.set(s.backupId, s)
  }
  const d = { byState, running, complete, byId }
  derivedOf.set(v.sessions, d)
  return d
}

/** The first session (newest first) with this id. */
export const sessionById = (v: TableView, id: string | undefined): BackupInfo | undefined =>
  id === undefined ? undefined : derived(v).byId.get(id)

/** Sessions by state (`NONE` for a session without one). */
export const sessionsByState = (v: TableView): Readonly<Record<string, number>> => derived(v).byState

export const running = (v: TableView): ReadonlyArray<BackupInfo> => derived(v).running

export const completeIds = (v: TableView): ReadonlySet<string> => derived(v).complete

export const hasMarkers = (v: TableView): boolean =>
  (v.deleteMarker !== undefined && v.deleteMarker.length > 0) || v.mergeInProgress

/** Lock free, no snapshot, no RUNNING session, no marker. */
export const problems = (v: TableView): ReadonlyArray<string> => [
  ...(v.lock === 'held' ? ['the lock is held'] : []),
  ...(v.snapshot === true ? ['snapshot_backup_system is present'] : []),
  ...running(v).map((s) => `${s.backupId} is RUNNING`),
  ...(v.deleteMarker !== undefined && v.deleteMarker.length > 0
    ? [`delete marker: ${v.deleteMarker.join(',')}`]
    : []),
  ...(v.mergeInProgress ? [`merge marker: ${(v.mergeMarker ?? []).join(',')}`] : [])
]

/** The metadata a failed backup must leave as it found it. */
export const backupMetadata = (v: TableView): string =>
  JSON.stringify({
    incr: v.incrementalSet,
    trslm: v.tableLogRolls,
    rslogts: v.serverLogRolls,
    startCode: v.startCode ?? null,
    wals: v.walFiles,
    bulk: [...v.bulkLoads].map((b) => b.path).sort()
  })

/** The view as one line per row or fact, in a stable order: two views compare as a line diff. */
export const viewLines = (v: TableView): ReadonlyArray<string> => [
  `lock: ${v.lock}`,
  `snapshot: ${v.snapshot === undefined ? 'unknown' : v.snapshot ? 'present' : 'absent'}`,
  ...(v.deleteMarker === undefined ? [] : [`delete marker: ${v.deleteMarker.join(',')}`]),
  ...(v.mergeInProgress ? [`merge marker: ${(v.mergeMarker ?? []).join(',')}`] : []),
  ...v.sessions.map(
    (s) =>
      `session ${s.backupId}: ${s.type} ${s.state ?? 'NONE'} ${s.phase} ${s.tables.map((t) => t.table).join(',')}`
  ),
  `incremental set: ${v.incrementalSet.join(',')}`,
  ...Object.entries(v.tableLogRolls).flatMap(([t, m]) =>
    Object.entries(m).map(([server, ts]) => `log roll ${t} @ ${server}: ${ts}`)
  ),
  ...Object.entries(v.serverLogRolls).map(([server, ts]) => `server log roll ${server}: ${ts}`),
  `start code: ${v.startCode ?? 'none'}`,
  `WAL rows: ${v.walFiles}`,
  ...v.bulkLoads.map((b) => `bulk load ${b.table} ${b.path} ${b.state}`),
  ...v.backupSets.map((name) => `backup set ${name}`)
]
