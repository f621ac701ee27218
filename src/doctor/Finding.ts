/**
 * What the doctor reports: a finding is data. Its `kind` is stable (tools match on it), its
 * evidence names the rows, sessions and ids it was read from, `blocks` says which commands it stops,
 * `reference` points at the HBase JIRA or the seed bug behind it, and `repair` (when there is a safe
 * one) is a program: it can be explained before it runs, and it only writes through compare-and-set
 * guards on the cells diagnosis read, so a table that changed since fails it with `Conflict`.
 */
import type * as O from 'fp-ts/lib/Option.js'
import type * as P from '../core/Program.js'

export type FindingKind =
  /** The lock is held and its holder is gone (or the operator says nothing runs). */
  | 'stale-lock'
  /** The lock is held by a holder that left no record (Java): the doctor cannot tell if it is alive. */
  | 'lock-holder-unknown'
  /** A backup crashed with the system snapshot present: restore it, as the failure path would. */
  | 'crashed-backup-rollback'
  /** A session is RUNNING while no live operation holds the lock. */
  | 'running-session'
  | 'delete-marker-left'
  | 'merge-marker-left'
  | 'system-snapshot-left'
  /** A COMPLETE incremental with a table that has no earlier COMPLETE FULL in its root. */
  | 'incremental-without-full'
  /** An incremental that starts after where the backup before it in its chain ended: WALs in between are in no backup. */
  | 'chain-hole'
  /** A table of a root's incremental set with no COMPLETE FULL backup in that root. */
  | 'incremental-set-unbacked'
  /** A `trslm` row of a table no COMPLETE session of its root covers. */
  | 'stale-table-log-roll'
  /** An `rslogts` row of a server that no table log-roll map of its root names. */
  | 'stale-server-log-roll'
  /** Bulk-load rows of a table in no COMPLETE FULL backup: nothing will consume them. */
  | 'orphan-bulk-load'
  /** A session whose fields contradict each other. */
  | 'impossible-session'
  /** A row that does not decode. */
  | 'malformed-row'

export const findingKinds: ReadonlyArray<FindingKind> = [
  'stale-lock',
  'lock-holder-unknown',
  'crashed-backup-rollback',
  'running-session',
  'delete-marker-left',
  'merge-marker-left',
  'system-snapshot-left',
  'incremental-without-full',
  'chain-hole',
  'incremental-set-unbacked',
  'stale-table-log-roll',
  'stale-server-log-roll',
  'orphan-bulk-load',
  'impossible-session',
  'malformed-row'
]

/** `error`: a command is blocked or a restore is wrong; `warning`: needs a look; `info`: harmless. */
export type Severity = 'error' | 'warning' | 'info'

export interface Evidence {
  /** Row keys as HBase prints them (`Bytes.toStringBinary`). */
  readonly rows: ReadonlyArray<string>
  readonly sessions: ReadonlyArray<string>
  /** Anything else the finding names: tables, servers, roots, the holder. */
  readonly details: Readonly<Record<string, string>>
}

export interface Repair {
  /** What the repair does, one line per change, before it runs. */
  readonly summary: ReadonlyArray<string>
  /**
   * The guarded writes, run under the exclusive lock by `repair`; the result lists what changed.
   * Fails with `Conflict` naming the row when a guarded cell no longer holds what was read.
   */
  readonly program: P.Program<ReadonlyArray<string>>
  /** The lock must be taken over from a dead holder (the `stale-lock` repair), not acquired. */
  readonly takesOverLock?: { readonly pid: O.Option<Uint8Array> }
  /** It rewrites cells other repairs guard on (a snapshot restore): run it alone, then diagnose again. */
  readonly runsAlone?: boolean
}

export interface Finding {
  readonly kind: FindingKind
  readonly severity: Severity
  readonly summary: string
  readonly evidence: Evidence
  /** The commands it stops, in HBase's words. */
  readonly blocks: ReadonlyArray<string>
  /** HBase JIRA, or the seed bug (reference section, simulator scenario). */
  readonly reference?: string
  /** Absent when no repair is safe without a person (data to recreate, a holder that may be alive). */
  readonly repair?: Repair
}

export const evidence = (
  e: Partial<{
    rows: ReadonlyArray<string>
    sessions: ReadonlyArray<string>
    details: Record<string, string>
  }>
): Evidence => ({ rows: e.rows ?? [], sessions: e.sessions ?? [], details: e.details ?? {} })

const rank: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 }

/** Errors first, then warnings, then notes; within a severity, in the order of `findingKinds`. */
export const compareFindings = (a: Finding, b: Finding): number =>
  rank[a.severity] - rank[b.severity] || findingKinds.indexOf(a.kind) - findingKinds.indexOf(b.kind)

/** A finding as JSON for tools: everything but the program (its summary stands for it). */
export const toJson = (f: Finding) => ({
  kind: f.kind,
  severity: f.severity,
  summary: f.summary,
  evidence: f.evidence,
  blocks: f.blocks,
  ...(f.reference === undefined ? {} : { reference: f.reference }),
  ...(f.repair === undefined ? {} : { repair: f.repair.summary })
})
