// The invariant violations that are persistent table states (the rest are about a transition, or
// about files outside the table), read from the simulator's view, and whether a diagnosis found each.
import type { Finding, FindingKind } from '../../src/doctor/index.js'
import type { TableView } from '../../src/simulator/index.js'

export interface Condition {
  /** Kinds any one of which reports it. */
  readonly kinds: ReadonlyArray<FindingKind>
  /** The session or table the finding must name. */
  readonly names?: string
  readonly text: string
}

const SNAPSHOT: FindingKind = 'system-snapshot-left'
const RUNNING: FindingKind = 'running-session'
// a crashed backup with its snapshot: one rollback finding covers both
const ROLLBACK: FindingKind = 'crashed-backup-rollback'

export const persistentConditions = (v: TableView, root: string): ReadonlyArray<Condition> => {
  const backed = new Set(
    v.sessions
      .filter((s) => s.type === 'FULL' && s.state === 'COMPLETE' && s.backupRootDir === root)
      .flatMap((s) => s.tables.map((t) => t.table as string))
  )
  return [
    ...(v.lock === 'held' ? [{ kinds: ['stale-lock' as const], text: 'the lock is held' }] : []),
    ...(v.snapshot === true ? [{ kinds: [SNAPSHOT, ROLLBACK], text: 'snapshot left' }] : []),
    ...v.sessions
      .filter((s) => s.state === 'RUNNING')
      .map((s) => ({ kinds: [RUNNING, ROLLBACK], names: s.backupId, text: `${s.backupId} RUNNING` })),
    ...(v.deleteMarker !== undefined && v.deleteMarker.length > 0
      ? [{ kinds: ['delete-marker-left' as const], text: 'delete marker' }]
      : []),
    ...(v.mergeInProgress ? [{ kinds: ['merge-marker-left' as const], text: 'merge marker' }] : []),
    ...v.incrementalSet
      .filter((t) => !backed.has(t))
      .map((t) => ({
        kinds: ['incremental-set-unbacked' as const],
        names: t,
        text: `${t} in the incremental set unbacked`
      }))
  ]
}

const mentions = (f: Finding, name: string): boolean =>
  f.evidence.sessions.includes(name) || (f.evidence.details['tables'] ?? '').split(',').includes(name)

export const missed = (
  conditions: ReadonlyArray<Condition>,
  findings: ReadonlyArray<Finding>
): ReadonlyArray<Condition> =>
  conditions.filter(
    (c) => !findings.some((f) => c.kinds.includes(f.kind) && (c.names === undefined || mentions(f, c.names)))
  )
