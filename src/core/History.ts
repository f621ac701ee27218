/**
 * Ordering and filtering of backup history, pure.
 *
 * Order: newest first by `startTs`, numerically; ties by the backup id's timestamp, then by id, both
 * descending. Never collapses sessions: the seed sorted through a TreeMap keyed by the *string* of
 * startTs, which misordered timestamps of different lengths and kept only one session per startTs.
 */
import type { BackupInfo } from './domain/BackupInfo.js'
import type { BackupState, BackupType } from './domain/Enums.js'
import { backupIdTimestamp, type BackupRoot } from './domain/Identifiers.js'
import type { TableName } from './domain/TableName.js'

export type Filter = (info: BackupInfo) => boolean

export const compareNewestFirst = (a: BackupInfo, b: BackupInfo): number =>
  b.startTs - a.startTs ||
  backupIdTimestamp(b.backupId) - backupIdTimestamp(a.backupId) ||
  (a.backupId < b.backupId ? 1 : a.backupId > b.backupId ? -1 : 0)

export const newestFirst = (infos: ReadonlyArray<BackupInfo>): ReadonlyArray<BackupInfo> =>
  [...infos].sort(compareNewestFirst)

// -------------------------------------------------------------------------------------------------
// filters (BackupInfo.withRoot / withType / withState, and by table)
// -------------------------------------------------------------------------------------------------

export const withRoot =
  (root: string): Filter =>
  (i) =>
    i.backupRootDir === root

export const withType =
  (type: BackupType): Filter =>
  (i) =>
    i.type === type

export const withState =
  (state: BackupState): Filter =>
  (i) =>
    i.state === state

export const withTable =
  (table: string): Filter =>
  (i) =>
    i.tables.some((t) => t.table === table)

export interface HistoryQuery {
  /** At most this many sessions (after filtering); all when absent. */
  readonly limit?: number
  /** Every filter must accept a session. */
  readonly filters?: ReadonlyArray<Filter>
  readonly order?: 'newestFirst' | 'oldestFirst'
}

export const select =
  (q: HistoryQuery) =>
  (newestFirstInfos: ReadonlyArray<BackupInfo>): ReadonlyArray<BackupInfo> => {
    const fs = q.filters ?? []
    const kept = newestFirstInfos.filter((i) => fs.every((f) => f(i)))
    const ordered = q.order === 'oldestFirst' ? [...kept].reverse() : kept
    return q.limit === undefined ? ordered : ordered.slice(0, q.limit)
  }

/** Per table of `tables`, the sessions of `root` (any state) that include it, newest first. */
export const historyForTableSet =
  (tables: ReadonlyArray<TableName>, root: BackupRoot) =>
  (newestFirstInfos: ReadonlyArray<BackupInfo>): ReadonlyMap<TableName, ReadonlyArray<BackupInfo>> => {
    const out = new Map<TableName, Array<BackupInfo>>()
    for (const info of newestFirstInfos) {
      if (info.backupRootDir !== root) continue
      for (const { table } of info.tables) {
        if (!tables.includes(table)) continue
        const list = out.get(table) ?? []
        list.push(info)
        out.set(table, list)
      }
    }
    return out
  }

/** Tables of COMPLETE sessions of one type, in any root (`getTablesForBackupType`). */
export const tablesOfCompleted =
  (type: BackupType) =>
  (infos: ReadonlyArray<BackupInfo>): ReadonlyArray<TableName> => [
    ...new Set(
      infos
        .filter((i) => i.state === 'COMPLETE' && i.type === type)
        .flatMap((i) => i.tables.map((t) => t.table))
    )
  ]
