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

/**
 * A selection by the fields a session row's header holds (`rows/BackupSession.headerOfRow`): the
 * same as the filters `withState`, `withType` and `withRoot`, but as data, so that a query can apply
 * it to a row before decoding it.
 */
export interface Where {
  readonly state?: BackupState
  readonly type?: BackupType
  readonly root?: BackupRoot
}

export const satisfies =
  (where: Where): Filter =>
  (i) =>
    (where.state === undefined || i.state === where.state) &&
    (where.type === undefined || i.type === where.type) &&
    (where.root === undefined || i.backupRootDir === where.root)

export interface HistoryQuery {
  /** At most this many sessions (after filtering); all when absent. */
  readonly limit?: number
  /** A session must satisfy it (before any filter sees it). */
  readonly where?: Where
  /** Every filter must accept a session. */
  readonly filters?: ReadonlyArray<Filter>
  readonly order?: 'newestFirst' | 'oldestFirst'
}

export const select =
  (q: HistoryQuery) =>
  (newestFirstInfos: ReadonlyArray<BackupInfo>): ReadonlyArray<BackupInfo> => {
    const fs = [...(q.where === undefined ? [] : [satisfies(q.where)]), ...(q.filters ?? [])]
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

// -------------------------------------------------------------------------------------------------
// the first n in an order, in bounded memory
// -------------------------------------------------------------------------------------------------

/**
 * The first `n` of the values offered, by `compare` (negative: `a` comes first), holding at most
 * `n`: a binary heap whose root is the last of those kept, so an offer that comes after it is
 * refused in O(1) and any other costs O(log n). Made fresh for each run of a fold and updated in
 * place (see `Program.ScanFold`).
 */
export interface FirstN<A, K> {
  /** Would a value ordered as `key` be kept now? */
  readonly admits: (key: K) => boolean
  readonly offer: (a: A) => void
  /** The values kept, in order (a new array). */
  readonly sorted: () => ReadonlyArray<A>
}

export const firstN = <A, K>(
  n: number,
  compare: (a: K, b: K) => number,
  keyOf: (a: A) => K
): FirstN<A, K> => {
  const heap: Array<A> = []
  // heap order: a parent comes *after* its children (the root is the last one kept)
  const after = (i: number, j: number) => compare(keyOf(heap[i] as A), keyOf(heap[j] as A)) > 0
  const swap = (i: number, j: number) => {
    const t = heap[i] as A
    heap[i] = heap[j] as A
    heap[j] = t
  }
  const down = (from: number) => {
    let i = from
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let top = i
      if (l < heap.length && after(l, top)) top = l
      if (r < heap.length && after(r, top)) top = r
      if (top === i) return
      swap(i, top)
      i = top
    }
  }
  const up = (from: number) => {
    let i = from
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!after(i, parent)) return
      swap(i, parent)
      i = parent
    }
  }
  const admits = (key: K) => heap.length < n || (n > 0 && compare(key, keyOf(heap[0] as A)) < 0)
  return {
    admits,
    offer: (a) => {
      if (!admits(keyOf(a))) return
      if (heap.length < n) {
        heap.push(a)
        up(heap.length - 1)
      } else {
        heap[0] = a
        down(0)
      }
    },
    sorted: () => [...heap].sort((a, b) => compare(keyOf(a), keyOf(b)))
  }
}
