/**
 * The invariants checked after every operation of a history (reference §4.7), each a named, pure
 * check of (operation, its clients' outcomes, the table before and after, the cluster). A check
 * returns its violations as messages; none means it holds.
 *
 * State invariants ("clean table") apply when no client of the operation crashed: a crash is
 * allowed to leave debris, and the next `repair` must clear it (`repair-leaves-clean`). Global
 * invariants (data present, incremental set backed, bulk loads tracked) report the operation that
 * first breaks them, not every later one.
 */
import type { Cluster } from './Cluster.js'
import type { FlowState, Mode, Outcome } from './flows/types.js'
import type { ClientOp, Op } from './Scenario.js'
import type { TableView } from './TableView.js'
import * as V from './TableView.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface ClientRun {
  readonly client: number
  readonly op: ClientOp
  readonly outcome: Outcome
  readonly state: FlowState
  /** Store changes this client made (writes, applied checks, snapshot calls). */
  readonly writes: number
}

export interface Check {
  readonly mode: Mode
  readonly op: Op
  readonly clients: ReadonlyArray<ClientRun>
  readonly before: TableView
  readonly after: TableView
  /** The table after the last operation in which nothing crashed (what a crash is measured from). */
  readonly baseline: TableView
  /** `facts` of the baseline, taken with the cluster as it was then. */
  readonly baselineFacts: Facts
  /** `facts` of `before`, taken after the previous operation. */
  readonly beforeFacts: Facts
  /** `facts` of `after`, taken after this operation. */
  readonly afterFacts: Facts
  readonly cluster: Cluster
  /** A crash has happened and no repair has cleaned up after it yet: state invariants wait. */
  readonly dirty: boolean
  /** COMPLETE backups the model expects to be in history. */
  readonly model: ReadonlySet<string>
}

export interface Invariant {
  readonly name: string
  readonly doc: string
  readonly check: (c: Check) => ReadonlyArray<string>
}

export interface Violation {
  readonly invariant: string
  readonly message: string
  /** 0-based index of the operation after which it was found. */
  readonly opIndex: number
}

// -------------------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------------------

const LOCKED: ReadonlyArray<ClientOp['_tag']> = ['Full', 'Incremental', 'Delete', 'Merge']

const crashed = (c: Check): boolean => c.clients.some((r) => r.outcome._tag === 'Crashed')
const settled = (c: Check): boolean => !crashed(c) && !c.dirty && c.op._tag !== 'StaleSnapshot'
const isBackup = (r: ClientRun): boolean => r.op._tag === 'Full' || r.op._tag === 'Incremental'
const sessionOf = V.sessionById

/** COMPLETE in `before`, not in `after`: nothing when the sessions did not change (the same array). */
const noLongerComplete = (before: TableView, after: TableView): ReadonlyArray<string> => {
  if (before.sessions === after.sessions) return []
  const now = V.completeIds(after)
  return [...V.completeIds(before)].filter((id) => !now.has(id))
}

/** Incrementals of a target's root, newer than it, sharing a table: a delete may drop them. */
const dependents = (v: TableView, target: string): ReadonlyArray<string> => {
  const t = sessionOf(v, target)
  if (t === undefined) return []
  const tables = new Set(t.tables.map((x) => x.table as string))
  return v.sessions
    .filter(
      (s) =>
        s.type === 'INCREMENTAL' &&
        s.backupRootDir === t.backupRootDir &&
        s.startTs > t.startTs &&
        s.tables.some((x) => tables.has(x.table))
    )
    .map((s) => s.backupId)
}

/** Backups the operation may legitimately remove from history. */
export const removable = (c: Pick<Check, 'clients' | 'before'>): ReadonlySet<string> =>
  new Set(
    c.clients
      .filter(
        (r) =>
          (r.op._tag === 'Delete' || r.op._tag === 'Merge' || r.op._tag === 'Repair') &&
          r.outcome._tag !== 'Rejected'
      )
      .flatMap((r) => [...r.state.targets, ...r.state.targets.flatMap((t) => dependents(c.before, t))])
  )

const missingData = (v: TableView, cluster: Cluster): ReadonlyArray<string> => {
  // loops: this runs once per operation over every session
  const out: Array<string> = []
  for (const s of v.sessions) {
    if (s.state !== 'COMPLETE') continue
    const dirs = cluster.dirs.get(s.backupId)
    for (const t of s.tables)
      if (dirs === undefined || !dirs.has(t.table)) out.push(`${s.backupId}/${t.table}`)
  }
  return out
}

const unbackedIncremental = (v: TableView, root: string): ReadonlyArray<string> => {
  const based = new Set<string>(
    v.sessions
      .filter((s) => s.type === 'FULL' && s.state === 'COMPLETE' && s.backupRootDir === root)
      .flatMap((s) => s.tables.map((t) => t.table))
  )
  return v.incrementalSet.filter((t) => !based.has(t))
}

const untracked = (v: TableView, cluster: Cluster): ReadonlyArray<string> => {
  const rows = new Set(v.bulkLoads.map((b) => b.path))
  return cluster.pendingBulkLoads.filter((b) => !rows.has(b.path)).map((b) => b.path)
}

/** What the global invariants compare across operations (the cluster changes under a view). */
export interface Facts {
  readonly missingData: ReadonlySet<string>
  readonly untracked: ReadonlySet<string>
}

export const facts = (v: TableView, cluster: Cluster): Facts => ({
  missingData: new Set(missingData(v, cluster)),
  untracked: new Set(untracked(v, cluster))
})

// -------------------------------------------------------------------------------------------------
// the invariants
// -------------------------------------------------------------------------------------------------

export const invariants: ReadonlyArray<Invariant> = [
  {
    name: 'lock-released',
    doc: 'an operation that ends without crashing leaves the lock free if it found it free',
    check: (c) =>
      settled(c) && c.before.lock !== 'held' && c.after.lock === 'held' ? ['the lock is still held'] : []
  },
  {
    name: 'refused-op-writes-nothing',
    doc: 'a backup, delete or merge that never held the lock changes nothing (it must not release another holder’s lock)',
    check: (c) =>
      c.clients
        .filter((r) => LOCKED.includes(r.op._tag) && !r.state.lockAcquired && r.writes > 0)
        .map(
          (r) =>
            `client ${r.client} (${r.op._tag.toLowerCase()}) made ${r.writes} change(s) without holding the lock`
        )
  },
  {
    name: 'no-snapshot-left',
    doc: 'no snapshot_backup_system is left behind by an operation that found none',
    check: (c) =>
      settled(c) && c.before.snapshot === false && c.after.snapshot === true
        ? ['snapshot_backup_system left behind']
        : []
  },
  {
    name: 'no-running-session',
    doc: 'no session is left RUNNING by an operation that ends without crashing',
    check: (c) =>
      settled(c) && V.running(c.before).length === 0
        ? V.running(c.after).map((s) => `${s.backupId} left RUNNING`)
        : []
  },
  {
    name: 'no-stale-markers',
    doc: 'no delete or merge marker is left by an operation that ends without crashing',
    check: (c) =>
      settled(c) && !V.hasMarkers(c.before) && V.hasMarkers(c.after)
        ? V.problems(c.after).filter((p) => p.includes('marker'))
        : []
  },
  {
    name: 'failed-backup-changes-nothing',
    doc: 'a failed backup leaves the incremental set, log-roll maps, start code, WAL and bulk-load rows as they were',
    check: (c) => {
      const [r] = c.clients
      if (c.clients.length !== 1 || r === undefined || !isBackup(r) || crashed(c)) return []
      if (sessionOf(c.after, r.state.backupId)?.state !== 'FAILED' && r.outcome._tag !== 'Failed') return []
      if (!r.state.lockAcquired) return []
      const changed = V.backupMetadata(c.before) !== V.backupMetadata(c.after)
      const lost = noLongerComplete(c.before, c.after)
      return [
        ...(changed
          ? [`metadata changed: ${V.backupMetadata(c.before)} → ${V.backupMetadata(c.after)}`]
          : []),
        ...lost.map((id) => `${id} is no longer COMPLETE`)
      ]
    }
  },
  {
    name: 'one-failed-row',
    doc: 'a failed backup adds exactly one session, its own, FAILED',
    check: (c) => {
      const [r] = c.clients
      if (c.clients.length !== 1 || r === undefined || !isBackup(r) || crashed(c) || !r.state.lockAcquired)
        return []
      if (r.outcome._tag !== 'Failed' && sessionOf(c.after, r.state.backupId)?.state !== 'FAILED') return []
      const old = new Set(c.before.sessions.map((s) => s.backupId))
      const added = c.after.sessions.filter((s) => !old.has(s.backupId))
      const [only] = added
      return only !== undefined &&
        added.length === 1 &&
        only.backupId === r.state.backupId &&
        only.state === 'FAILED'
        ? []
        : [`new sessions: ${added.map((s) => `${s.backupId}=${s.state ?? '?'}`).join(', ') || 'none'}`]
    }
  },
  {
    name: 'reported-success-is-true',
    doc: 'a backup reported complete is COMPLETE; a delete reported complete removed its targets',
    check: (c) =>
      c.clients.flatMap((r) => {
        if (r.outcome._tag !== 'Completed') return []
        if (isBackup(r)) {
          const s = sessionOf(c.after, r.state.backupId)
          return s?.state === 'COMPLETE' || r.state.backupId === undefined
            ? []
            : [`${r.state.backupId} reported done but is ${s?.state ?? 'absent'}`]
        }
        if (r.op._tag === 'Delete')
          return r.state.targets
            .filter((t) => sessionOf(c.after, t) !== undefined)
            .map((t) => `${t} reported deleted but is still there`)
        return []
      })
  },
  {
    name: 'history-preserved',
    doc: 'COMPLETE backups leave history only through a delete or merge that targets them (or their dependents)',
    check: (c) => {
      const allowed = removable(c)
      return noLongerComplete(c.before, c.after)
        .filter((id) => !allowed.has(id))
        .map((id) => `${id} was COMPLETE and is now ${sessionOf(c.after, id)?.state ?? 'gone'}`)
    }
  },
  {
    name: 'backup-data-present',
    doc: 'every COMPLETE session has a data directory for each of its tables',
    check: (c) => {
      return [...c.afterFacts.missingData]
        .filter((m) => !c.baselineFacts.missingData.has(m) && !c.beforeFacts.missingData.has(m))
        .map((m) => `${m} is COMPLETE in the table but has no data`)
    }
  },
  {
    name: 'incr-set-backed',
    doc: 'every table of the incremental set has a COMPLETE FULL backup in the root',
    check: (c) => {
      if (!settled(c)) return []
      const was = new Set(unbackedIncremental(c.baseline, c.cluster.root))
      return unbackedIncremental(c.after, c.cluster.root)
        .filter((t) => !was.has(t))
        .map((t) => `${t} is in the incremental set with no COMPLETE FULL backup`)
    }
  },
  {
    name: 'bulk-loads-tracked',
    doc: 'every bulk-loaded HFile no backup has captured yet still has its bulk-load row',
    check: (c) => {
      if (!settled(c)) return []
      return untracked(c.after, c.cluster)
        .filter((p) => !c.baselineFacts.untracked.has(p) && !c.beforeFacts.untracked.has(p))
        .map((p) => `bulk-loaded ${p} lost its row`)
    }
  },
  {
    name: 'failure-path-completes',
    doc: 'a failure handler runs to its end (it must not need the repair tool)',
    check: (c) =>
      c.clients
        .filter((r) => r.outcome._tag === 'Failed' && r.outcome.handlerFailed)
        .map(
          (r) =>
            `client ${r.client} (${r.op._tag.toLowerCase()}): ${r.outcome._tag === 'Failed' ? r.outcome.error : ''}`
        )
  },
  {
    name: 'repair-leaves-clean',
    doc: 'after a repair: lock free, no snapshot, no RUNNING session, no marker',
    check: (c) => (c.op._tag === 'Repair' && !crashed(c) ? V.problems(c.after) : [])
  },
  {
    name: 'model-agreement',
    doc: 'every backup the model saw reported complete is still COMPLETE unless a delete or merge removed it',
    check: (c) => {
      const complete = V.completeIds(c.after)
      return [...c.model].filter((id) => !complete.has(id)).map((id) => `${id} is missing from history`)
    }
  }
]

/**
 * Not a check of one operation but of the simulator itself: its incremental view of the table equals
 * a full re-read (compared by `Simulation` every `verifyEvery` operations and at the end).
 */
export const viewInvariant: Invariant = {
  name: 'view-matches-table',
  doc: 'the simulator’s view, kept from the rows each operation wrote, equals a full re-read of the table',
  check: () => []
}

export const checkAll = (c: Check, opIndex: number): ReadonlyArray<Violation> =>
  invariants.flatMap((inv) => inv.check(c).map((message) => ({ invariant: inv.name, message, opIndex })))
