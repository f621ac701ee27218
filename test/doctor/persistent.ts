// The invariant violations that are persistent table states (the rest are about a transition, or
// about files outside the table), read from the simulator's view, and whether a diagnosis found each.
import type { Finding, FindingKind } from '../../src/doctor/index.js'
import type { TableView } from '../../src/simulator/index.js'

export interface Condition {
  readonly kind: FindingKind
  /** The session or table the finding must name. */
  readonly names?: string
  readonly text: string
}

export const persistentConditions = (v: TableView, root: string): ReadonlyArray<Condition> => {
  const backed = new Set(
    v.sessions
      .filter((s) => s.type === 'FULL' && s.state === 'COMPLETE' && s.backupRootDir === root)
      .flatMap((s) => s.tables.map((t) => t.table as string))
  )
  return [
    ...(v.lock === 'held' ? [{ kind: 'stale-lock' as const, text: 'the lock is held' }] : []),
    ...(v.snapshot === true ? [{ kind: 'system-snapshot-left' as const, text: 'snapshot left' }] : []),
    ...v.sessions
      .filter((s) => s.state === 'RUNNING')
      .map((s) => ({ kind: 'running-session' as const, names: s.backupId, text: `${s.backupId} RUNNING` })),
    ...(v.deleteMarker !== undefined && v.deleteMarker.length > 0
      ? [{ kind: 'delete-marker-left' as const, text: 'delete marker' }]
      : []),
    ...(v.mergeInProgress ? [{ kind: 'merge-marker-left' as const, text: 'merge marker' }] : []),
    ...v.incrementalSet
      .filter((t) => !backed.has(t))
      .map((t) => ({
        kind: 'incremental-set-unbacked' as const,
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
    (c) => !findings.some((f) => f.kind === c.kind && (c.names === undefined || mentions(f, c.names)))
  )
