/**
 * The known bad states of the 2017 Java flows (reference §1.7 and §4.7) as named scenarios. Each is
 * a short history with the invariant it breaks: run in `faithful` mode it reproduces the bad state
 * (the invariant is violated); run in `hardened` mode every invariant holds.
 */
import type { Mode } from './flows/types.js'
import type { Scenario } from './Scenario.js'
import { parse } from './Scenario.js'

export interface Named {
  readonly name: string
  /** What the history does and what goes wrong in Java. */
  readonly shows: string
  readonly history: string
  /** Invariants the faithful run must violate. */
  readonly faithfulBreaks: ReadonlyArray<string>
}

export const catalogue: ReadonlyArray<Named> = [
  {
    name: 'delete-leaks-lock',
    shows: 'an exception at D3 (the delete marker put) escapes before the try/finally: the lock stays held',
    history: 'full t1\ndelete #0 x1 ! throw@4',
    faithfulBreaks: ['lock-released']
  },
  {
    name: 'merge-releases-foreign-lock',
    shows:
      'merge cannot take the lock (a dead backup holds it) and its handler releases it anyway, with the marker',
    history: 'full t1\nincremental\nincremental\nfull t1 ! crash@5\nmerge #0 x2',
    faithfulBreaks: ['refused-op-writes-nothing']
  },
  {
    name: 'repair-cannot-clear-bare-lock',
    shows:
      'a crash right after taking the lock leaves "yes" with no session and no marker; repair never releases it',
    history: 'full t1 ! crash@5\nrepair',
    faithfulBreaks: ['repair-leaves-clean']
  },
  {
    name: 'stale-snapshot-restored',
    shows:
      'a stale snapshot_backup_system makes the backup fail, and failBackup restores it: bulk-load rows written since are lost and the unlock fails',
    history: 'full t1\nstale-snapshot\nbulkload t1 x2\nincremental',
    faithfulBreaks: ['bulk-loads-tracked', 'failure-path-completes']
  },
  {
    name: 'delete-resurrects-deleted-data',
    shows:
      'D5 removes a backup’s data before its rows; an exception then restores the snapshot: a COMPLETE session with no data, and the marker stays',
    history: 'full t1\nfull t1\ndelete #0 x1 ! throw@10',
    faithfulBreaks: ['backup-data-present', 'no-stale-markers']
  },
  {
    name: 'repair-cannot-finish-failed-delete',
    shows:
      'after a handled delete failure the lock is "no"; repair’s unlock then throws and the marker stays forever',
    history: 'full t1\nfull t1\ndelete #0 x1 ! throw@10\nrepair',
    faithfulBreaks: ['repair-leaves-clean']
  },
  {
    name: 'delete-never-shrinks-incremental-set',
    shows:
      'finalizeDelete tests a map value for null, which never holds: the only FULL backup of t1 is gone but t1 stays in the incremental set',
    history: 'full t1\ndelete #0 x1',
    faithfulBreaks: ['incr-set-backed']
  },
  {
    name: 'incremental-failure-reported-as-success',
    shows: 'before HBASE-18932 a failure in PREPARE_INCREMENTAL was handled and the client returned normally',
    history: 'full t1\nincremental ! throw@12',
    faithfulBreaks: ['reported-success-is-true']
  },
  {
    name: 'crash-between-snapshot-delete-and-complete',
    shows:
      'completeBackup deletes the system snapshot before the COMPLETE put; a crash between leaves a RUNNING session whose metadata repair cannot roll back',
    history: 'full t1 ! crash@27\nrepair',
    faithfulBreaks: ['incr-set-backed']
  }
]

/** The scenario of a named history in a mode (2 tables, 1 region server, seed 1). */
export const scenarioOf = (n: Named, mode: Mode, seed = 1): Scenario => {
  const r = parse(`config seed=${seed} mode=${mode} tables=2 servers=1\n${n.history}`)
  if (!r.ok) throw new Error(`catalogue scenario ${n.name}: ${r.error}`)
  return r.value
}

export const byName = (name: string): Named | undefined => catalogue.find((n) => n.name === name)
