/**
 * What diagnosis read from the table, compact: one entry per session (no protobuf bytes, except of
 * RUNNING sessions, which a repair guards on), the per-root metadata, and bulk-load rows only of
 * tables no FULL backup covers (the rows a repair would delete); other bulk rows are only counted.
 * Checks are pure functions of this and a `Context`.
 */
import type * as O from 'fp-ts/lib/Option.js'
import type { BackupInfo, TableServerTimestamps } from '../core/domain/BackupInfo.js'
import type { BackupPhase, BackupState, BackupType } from '../core/domain/Enums.js'
import type { BackupId, BackupRoot } from '../core/domain/Identifiers.js'
import type { TableName } from '../core/domain/TableName.js'
import type { HeldBy, Holder, LockState } from '../core/rows/ExclusiveLock.js'

export interface LockSeen {
  readonly state: LockState
  /** The holder recorded with the lock by this library; `none` for Java's bare "yes". */
  readonly holder: O.Option<HeldBy>
  /** Server time of the lock cell's last write: when a held lock was taken. */
  readonly since: number | undefined
  /** The `holder.pid` cell as read: the takeover guard. */
  readonly pidCell: O.Option<Uint8Array>
}

export interface SessionSeen {
  readonly backupId: BackupId
  readonly type: BackupType
  readonly root: BackupRoot
  readonly state: BackupState | undefined
  readonly phase: BackupPhase
  readonly tables: ReadonlyArray<TableName>
  readonly startTs: number
  readonly completeTs: number
  readonly failedMessage: string | undefined
  /** Per table and server, the log-roll timestamps after this backup (field 13, HBase ≥ 2.5). */
  readonly tableSetTimestamp: TableServerTimestamps | undefined
  /** Per table and server, where this incremental started (field 17, HBASE-30322). */
  readonly incrTimestampMap: TableServerTimestamps | undefined
  /** RUNNING sessions only: the decoded info and the exact stored bytes. */
  readonly running?: { readonly info: BackupInfo; readonly bytes: Uint8Array }
}

export interface MarkerSeen {
  readonly ids: ReadonlyArray<string>
  /** The `meta:fam` cell as read (`none` when the row has only other cells). */
  readonly fam: O.Option<Uint8Array>
}

export interface LogRollSeen {
  readonly root: string
  /** The table (trslm) or the server (rslogts). */
  readonly name: string
  readonly row: Uint8Array
  /** The value cell as read: the deletion guard. */
  readonly value: Uint8Array
  /** trslm: the servers of the map. */
  readonly servers: ReadonlyArray<string>
}

export interface BulkRowSeen {
  readonly table: string
  readonly row: Uint8Array
  readonly path: Uint8Array
}

export interface Observed {
  readonly lock: LockSeen
  /** Newest first. */
  readonly sessions: ReadonlyArray<SessionSeen>
  readonly deleteMarker: MarkerSeen | undefined
  readonly mergeMarker: MarkerSeen | undefined
  /** `undefined`: the store cannot tell (no snapshot capability). */
  readonly snapshot: boolean | undefined
  readonly incrementalSets: ReadonlyArray<{ readonly root: string; readonly tables: ReadonlyArray<string> }>
  readonly tableLogRolls: ReadonlyArray<LogRollSeen>
  readonly serverLogRolls: ReadonlyArray<LogRollSeen>
  /** Bulk-load rows of tables in no COMPLETE FULL backup (any root). */
  readonly orphanBulkRows: ReadonlyArray<BulkRowSeen>
  readonly bulkRows: number
  readonly malformed: ReadonlyArray<{ readonly row: string; readonly error: string }>
}

export interface Context {
  /** Milliseconds since the epoch, on the store's clock. */
  readonly now: number
  /** The operator says no backup, delete, merge or repair is running: everything in progress is debris. */
  readonly offline: boolean
  /** A lock held longer than this by a holder the doctor cannot probe is stale. */
  readonly lockStaleAfterMs: number
  /** Whether the recorded holder's process is alive; `undefined` when it cannot tell (another host). */
  readonly isAlive: (holder: Holder) => boolean | undefined
  /** Who the doctor's repairs record as the lock holder. */
  readonly holder: Holder
}

/** Tables of COMPLETE FULL backups, per root and overall. */
export const fullyBacked = (
  sessions: ReadonlyArray<SessionSeen>
): { readonly inRoot: (root: string) => ReadonlySet<string>; readonly anyRoot: ReadonlySet<string> } => {
  const byRoot = new Map<string, Set<string>>()
  const any = new Set<string>()
  for (const s of sessions)
    if (s.type === 'FULL' && s.state === 'COMPLETE') {
      const set = byRoot.get(s.root) ?? new Set<string>()
      for (const t of s.tables) {
        set.add(t)
        any.add(t)
      }
      byRoot.set(s.root, set)
    }
  return { inRoot: (root) => byRoot.get(root) ?? new Set(), anyRoot: any }
}
