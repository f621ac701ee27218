/**
 * The simulator's view of the system table, kept up to date from the rows the recording store saw
 * written (re-reading the whole table after every operation made long histories quadratic: at
 * 3,000 operations two thirds of all rows read were the simulator's own).
 *
 * After an operation only the rows it wrote are read again: a session row is re-read and decoded, a
 * WAL row re-read to know whether it still exists, and the small metadata rows (lock, markers,
 * incremental set, log rolls, start code, sets) and bulk-load rows are re-read when one of them was
 * written. A snapshot restore replaces the whole table, so it is followed by a full read. `verify`
 * compares the view with a full re-read; the simulation runs it every few operations and at the end,
 * and reports a difference as a violation (the view must never drift from the table).
 */
import { isDeepStrictEqual } from 'node:util'
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import type { BackupInfo } from '../core/domain/BackupInfo.js'
import * as B from '../core/Bytes.js'
import { compareNewestFirst, newestFirst } from '../core/History.js'
import * as KR from '../core/KeyRange.js'
import type { Row } from '../core/Operation.js'
import * as Session from '../core/rows/BackupSession.js'
import * as BackupSet from '../core/rows/BackupSet.js'
import * as ExclusiveLock from '../core/rows/ExclusiveLock.js'
import * as IncrementalSet from '../core/rows/IncrementalSet.js'
import * as OperationMarker from '../core/rows/OperationMarker.js'
import * as ServerLogRoll from '../core/rows/ServerLogRoll.js'
import * as StartCode from '../core/rows/StartCode.js'
import * as TableServerLogRoll from '../core/rows/TableServerLogRoll.js'
import * as WalFile from '../core/rows/WalFile.js'
import { rowsOf } from '../port/rowsOf.js'
import type { Changed } from './RecordingStore.js'
import { keyString } from './RecordingStore.js'
import type { Metadata, TableView } from './TableView.js'
import type { Decoded } from './TableView.js'
import { decodedSession, readBulkLoads, readMetadata, readSnapshot, readView, viewOf } from './TableView.js'

export interface LiveView {
  readonly current: () => TableView
  /** The view after the rows in `changed` were written. */
  readonly refresh: (changed: Changed) => Promise<TableView>
  /** What differs between the view and a full re-read of the table (nothing when they agree). */
  readonly verify: () => Promise<ReadonlyArray<string>>
}

/** `sorted` (newest first) without the sessions of `drop`, with `add` merged in, in one pass. */
const merged = (
  sorted: ReadonlyArray<BackupInfo>,
  drop: ReadonlySet<string>,
  add: ReadonlyArray<BackupInfo>
): ReadonlyArray<BackupInfo> => {
  const adds = [...add].sort(compareNewestFirst)
  const out: Array<BackupInfo> = []
  let j = 0
  for (const s of sorted) {
    if (drop.has(s.backupId)) continue
    while (j < adds.length && compareNewestFirst(adds[j] as BackupInfo, s) <= 0)
      out.push(adds[j++] as BackupInfo)
    out.push(s)
  }
  while (j < adds.length) out.push(adds[j++] as BackupInfo)
  return out
}

/** Field by field, what differs between two views (sessions by id). */
export const differences = (view: TableView, table: TableView): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const k of Object.keys(table) as Array<keyof TableView>) {
    if (k === 'sessions' || isDeepStrictEqual(view[k], table[k])) continue
    out.push(`${k}: view ${JSON.stringify(view[k])}, table ${JSON.stringify(table[k])}`)
  }
  if (!isDeepStrictEqual(view.sessions, table.sessions)) {
    const ids = (v: TableView) => new Map(v.sessions.map((s) => [s.backupId, s]))
    const a = ids(view)
    const b = ids(table)
    const diff = [...new Set([...a.keys(), ...b.keys()])].filter(
      (id) => !isDeepStrictEqual(a.get(id), b.get(id))
    )
    out.push(
      diff.length === 0
        ? 'sessions: same sessions in another order'
        : `sessions differ: ${diff
            .slice(0, 5)
            .map((id) => `${id} view ${a.get(id)?.state ?? 'absent'}, table ${b.get(id)?.state ?? 'absent'}`)
            .join('; ')}${diff.length > 5 ? ` and ${diff.length - 5} more` : ''}`
    )
  }
  return out
}

/**
 * Which parts of the view a small row holds, by the row's key or prefix as the library's row
 * families define them; a key none of them has (`undefined` below) makes every part be read again.
 */
const METADATA_ROWS: ReadonlyArray<readonly [Uint8Array, ReadonlyArray<keyof Metadata>]> = [
  [ExclusiveLock.KEY, ['lock']],
  [OperationMarker.key('delete'), ['deleteMarker']],
  [OperationMarker.key('merge'), ['mergeMarker', 'mergeInProgress']],
  [IncrementalSet.space.prefix, ['incrementalSet']],
  [TableServerLogRoll.space.prefix, ['tableLogRolls']],
  [ServerLogRoll.space.prefix, ['serverLogRolls']],
  [StartCode.space.prefix, ['startCode']],
  [BackupSet.space.prefix, ['backupSets']]
]

const partsOf = (key: Uint8Array): ReadonlyArray<keyof Metadata> | undefined =>
  METADATA_ROWS.find(([prefix]) => B.startsWith(prefix)(key))?.[1]

export const liveView = async (
  table: BackupSystemTable,
  root: string,
  tables: ReadonlyArray<string>
): Promise<LiveView> => {
  const store = table.store
  const system = table.tables.system
  const bulk = table.tables.bulk
  const sessionScan = { ...Session.scan(), table: system }
  const walScan = { ...WalFile.scanAll, table: system }
  const inSessions = KR.contains(Session.range)
  const inWals = KR.contains(WalFile.scanAll.range)

  /** The decoded sessions by row key, with the bytes they were decoded from. */
  let sessions = new Map<string, Decoded>()
  let walKeys = new Set<string>()
  let view: TableView = await readView(table, root, tables)

  /**
   * The view from one scan of the session rows (a row decoded again only when its bytes changed),
   * one of the WAL rows and the small rows: after a snapshot restore, which can change any row.
   * A row the library cannot decode leaves it to the full read, which says what the library says.
   */
  const reload = async (): Promise<TableView> => {
    const ss = new Map<string, Decoded>()
    for await (const row of rowsOf(store.scan(sessionScan))) {
      const k = keyString(row.key)
      const d = decodedSession(row, sessions.get(k))
      if (d === undefined) {
        view = await readView(table, root, tables)
        return view
      }
      ss.set(k, d)
    }
    const ws = new Set<string>()
    for await (const row of rowsOf(store.scan(walScan))) ws.add(keyString(row.key))
    sessions = ss
    walKeys = ws
    view = viewOf(await readMetadata(table, root), {
      sessions: newestFirst([...ss.values()].map((s) => s.info)),
      walFiles: ws.size,
      bulkLoads: await readBulkLoads(table, tables),
      snapshot: await readSnapshot(table)
    })
    return view
  }
  await reload()

  const rowOf = async (key: Uint8Array, family: string | undefined): Promise<Row | undefined> => {
    const r = await store.get({
      _tag: 'Get',
      table: system,
      row: key,
      ...(family === undefined ? {} : { family })
    })()
    if (r._tag === 'Left') throw new Error(`live view: cannot read a row of ${system}`)
    return r.right._tag === 'Some' ? r.right.value : undefined
  }

  const refresh = async (changed: Changed): Promise<TableView> => {
    if (changed.restored) return reload()
    const parts = new Set<keyof Metadata>()
    let metadataChanged = false
    let everything = false
    let bulkChanged = false
    let walChanged = false
    const drop = new Set<string>()
    const add: Array<BackupInfo> = []
    for (const [name, keys] of changed.rows) {
      if (name !== system) {
        if (name === bulk) bulkChanged = true
        continue
      }
      for (const key of keys) {
        const k = keyString(key)
        if (inSessions(key)) {
          const old = sessions.get(k)
          const row = await rowOf(key, sessionScan.family)
          if (old !== undefined) drop.add(old.info.backupId)
          if (row === undefined) {
            sessions.delete(k)
            continue
          }
          const d = decodedSession(row, old)
          // a row the library cannot decode: let the full read say what the library says
          if (d === undefined) return reload()
          sessions.set(k, d)
          add.push(d.info)
        } else if (inWals(key)) {
          walChanged = true
          if ((await rowOf(key, walScan.family)) === undefined) walKeys.delete(k)
          else walKeys.add(k)
        } else {
          metadataChanged = true
          const written = partsOf(key)
          if (written === undefined) everything = true
          else for (const p of written) parts.add(p)
          if (bulk === system) bulkChanged = true
        }
      }
    }
    const m: Metadata = metadataChanged
      ? await readMetadata(table, root, everything ? undefined : parts, view)
      : view
    view = viewOf(m, {
      sessions: drop.size === 0 && add.length === 0 ? view.sessions : merged(view.sessions, drop, add),
      walFiles: walChanged ? walKeys.size : view.walFiles,
      bulkLoads: bulkChanged ? await readBulkLoads(table, tables) : view.bulkLoads,
      snapshot: changed.snapshots ? await readSnapshot(table) : view.snapshot
    })
    return view
  }

  const verify = async (): Promise<ReadonlyArray<string>> =>
    differences(view, await readView(table, root, tables))

  return { current: () => view, refresh, verify }
}
