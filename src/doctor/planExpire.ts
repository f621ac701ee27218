/**
 * Retention as a plan to review: `planExpire(table, { keepLast, olderThan, root })` says which
 * sessions would go and why, which incrementals depend on them and go with them (pgBackRest's rule:
 * an incremental expires with its FULL), and what the incremental set and the log-roll rows become;
 * `program` performs exactly that, under the lock and behind a delete marker (so an interruption is
 * visible to `diagnose` and to Java's guards). Nothing runs implicitly.
 *
 * Per root: a COMPLETE FULL goes when, for each of its tables, it is not among the `keepLast` newest
 * FULLs of that table, and (with
 * `olderThan`) completed before the cutoff; with both, it must fail both. An incremental goes when
 * the FULL it builds on for any of its tables goes (Java's delete would instead drop that table
 * from it). FAILED and CANCELLED sessions older than the oldest FULL kept go too. RUNNING sessions
 * are never touched. Only metadata: the backup images under the root are not this library's to
 * delete.
 */
import { pipe } from 'fp-ts/lib/function.js'
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import { thisProcess } from '../api/lockHolder.js'
import type { BackupId, BackupRoot } from '../core/domain/Identifiers.js'
import type { TableName } from '../core/domain/TableName.js'
import { invalidValue } from '../core/DomainError.js'
import { finishBackupExclusiveOperation, startBackupExclusiveOperationBy } from '../core/methods/lock.js'
import * as Op from '../core/Operation.js'
import * as P from '../core/Program.js'
import * as Session from '../core/rows/BackupSession.js'
import type { Holder } from '../core/rows/ExclusiveLock.js'
import * as IncrementalSet from '../core/rows/IncrementalSet.js'
import * as Marker from '../core/rows/OperationMarker.js'
import { META_FAMILY } from '../core/rows/Schema.js'
import { BackupMetaError } from '../interpreter/ApiError.js'
import { observe } from './observe.js'
import type { LogRollSeen, Observed, SessionSeen } from './Observed.js'

export interface ExpireOptions {
  /** Keep this many newest COMPLETE FULL backups per root. */
  readonly keepLast?: number
  /** Milliseconds: FULL backups completed longer ago than this may go. */
  readonly olderThan?: number
  /** Only this root; every root by default. */
  readonly root?: string
  readonly now?: number
  readonly holder?: Holder
}

export interface Expiring {
  readonly backupId: string
  readonly type: string
  readonly state: string
  readonly reason: string
}

export interface RootPlan {
  readonly root: string
  readonly expire: ReadonlyArray<Expiring>
  readonly keep: ReadonlyArray<string>
  readonly incrementalSet: { readonly before: ReadonlyArray<string>; readonly after: ReadonlyArray<string> }
  /** `trslm` rows (tables) and `rslogts` rows (servers) that would be deleted. */
  readonly tableLogRollsDeleted: ReadonlyArray<string>
  readonly serverLogRollsDeleted: ReadonlyArray<string>
}

export interface ExpirePlan {
  readonly roots: ReadonlyArray<RootPlan>
  /** One line per change, for review. */
  readonly summary: ReadonlyArray<string>
  /** The changes, under the exclusive lock and a delete marker; `explain` it before running it. */
  readonly program: P.Program<void>
}

const newestFirst = (a: SessionSeen, b: SessionSeen): number => b.startTs - a.startTs

/** For each table of an incremental, the FULL it builds on: the newest earlier COMPLETE FULL of it. */
const basesOf = (s: SessionSeen, fulls: ReadonlyArray<SessionSeen>): ReadonlyArray<SessionSeen> =>
  s.tables.flatMap((t) => {
    const base = fulls.find((f) => f.startTs <= s.startTs && f.tables.includes(t))
    return base === undefined ? [] : [base]
  })

const planRoot = (seen: Observed, root: string, o: ExpireOptions, now: number): RootPlan => {
  const inRoot = seen.sessions.filter((s) => s.root === root).sort(newestFirst)
  const fulls = inRoot.filter((s) => s.type === 'FULL' && s.state === 'COMPLETE')
  const cutoff = o.olderThan === undefined ? undefined : now - o.olderThan
  const going = new Map<string, Expiring>()
  // a FULL's rank is its best among the FULLs of each of its tables (newest is 0)
  const rank = new Map<string, number>()
  const perTable = new Map<string, number>()
  for (const f of fulls) {
    let best = Number.POSITIVE_INFINITY
    for (const t of f.tables) {
      const n = perTable.get(t) ?? 0
      perTable.set(t, n + 1)
      best = Math.min(best, n)
    }
    rank.set(f.backupId, best)
  }
  fulls.forEach((f) => {
    const beyondCount = o.keepLast === undefined || (rank.get(f.backupId) ?? 0) >= o.keepLast
    const beyondAge = cutoff === undefined || f.completeTs < cutoff
    if (beyondCount && beyondAge)
      going.set(f.backupId, {
        backupId: f.backupId,
        type: f.type,
        state: 'COMPLETE',
        reason: [
          ...(o.keepLast === undefined
            ? []
            : [`not among the ${o.keepLast} newest FULL backups of any of its tables`]),
          ...(cutoff === undefined ? [] : [`completed before ${new Date(cutoff).toISOString()}`])
        ].join(' and ')
      })
  })
  for (const s of inRoot)
    if (s.type === 'INCREMENTAL' && s.state === 'COMPLETE') {
      const gone = basesOf(s, fulls).find((b) => going.has(b.backupId))
      if (gone !== undefined)
        going.set(s.backupId, {
          backupId: s.backupId,
          type: s.type,
          state: 'COMPLETE',
          reason: `depends on ${gone.backupId}, which goes`
        })
    }
  const keptFulls = fulls.filter((f) => !going.has(f.backupId))
  const oldestKept = keptFulls.length === 0 ? undefined : Math.min(...keptFulls.map((f) => f.startTs))
  if (going.size > 0)
    for (const s of inRoot)
      if (
        (s.state === 'FAILED' || s.state === 'CANCELLED') &&
        (oldestKept === undefined || s.startTs < oldestKept)
      )
        going.set(s.backupId, {
          backupId: s.backupId,
          type: s.type,
          state: s.state,
          reason: 'a failed session older than every FULL kept'
        })
  const remaining = inRoot.filter((s) => !going.has(s.backupId))
  const backed = new Set(
    remaining.filter((s) => s.type === 'FULL' && s.state === 'COMPLETE').flatMap((s) => s.tables)
  )
  const covered = new Set(
    remaining.filter((s) => s.state === 'COMPLETE').flatMap((s) => s.tables as ReadonlyArray<string>)
  )
  const before = seen.incrementalSets.find((x) => x.root === root)?.tables ?? []
  const trslm = seen.tableLogRolls.filter((r) => r.root === root)
  const trslmGone = trslm.filter((r) => !covered.has(r.name))
  const servers = new Set(trslm.filter((r) => covered.has(r.name)).flatMap((r) => r.servers))
  const rslogtsGone = seen.serverLogRolls.filter((r) => r.root === root && !servers.has(r.name))
  return {
    root,
    expire: [...going.values()],
    keep: remaining.map((s) => s.backupId),
    incrementalSet: { before, after: before.filter((t) => backed.has(t as TableName)) },
    tableLogRollsDeleted: going.size === 0 ? [] : trslmGone.map((r) => r.name),
    serverLogRollsDeleted: going.size === 0 ? [] : rslogtsGone.map((r) => r.name)
  }
}

const rowsToDelete = (seen: Observed, p: RootPlan): ReadonlyArray<LogRollSeen> => [
  ...seen.tableLogRolls.filter((r) => r.root === p.root && p.tableLogRollsDeleted.includes(r.name)),
  ...seen.serverLogRolls.filter((r) => r.root === p.root && p.serverLogRollsDeleted.includes(r.name))
]

const mutationsOf = (seen: Observed, p: RootPlan): ReadonlyArray<Op.Mutation> => {
  const key = IncrementalSet.key(p.root as BackupRoot)
  return [
    ...p.expire.map((e) => Session.remove(e.backupId as BackupId)),
    ...p.incrementalSet.before
      .filter((t) => !p.incrementalSet.after.includes(t))
      .map((t) => Op.deleteColumn('system', key, META_FAMILY, t)),
    ...rowsToDelete(seen, p).map((r) => Op.deleteFamily('system', r.row, META_FAMILY))
  ]
}

const summaryOf = (p: RootPlan): ReadonlyArray<string> =>
  p.expire.length === 0
    ? [`${p.root}: nothing expires`]
    : [
        ...p.expire.map((e) => `${p.root}: ${e.backupId} (${e.type} ${e.state}) goes: ${e.reason}`),
        `${p.root}: incremental set ${p.incrementalSet.before.join(',') || '(empty)'} → ${p.incrementalSet.after.join(',') || '(empty)'}`,
        ...p.tableLogRollsDeleted.map((t) => `${p.root}: trslm row of ${t} deleted`),
        ...p.serverLogRollsDeleted.map((s) => `${p.root}: rslogts row of ${s} deleted`)
      ]

/** The plan over what `observe` read (pure). */
export const planFrom = (seen: Observed, o: ExpireOptions): ExpirePlan => {
  if (o.keepLast === undefined && o.olderThan === undefined)
    throw new BackupMetaError(invalidValue('keepLast/olderThan', 'none', 'give keepLast, olderThan or both'))
  if (o.keepLast !== undefined && !(Number.isSafeInteger(o.keepLast) && o.keepLast >= 1))
    throw new BackupMetaError(invalidValue('keepLast', o.keepLast, 'must be an integer ≥ 1'))
  if (o.olderThan !== undefined && !(Number.isSafeInteger(o.olderThan) && o.olderThan >= 0))
    throw new BackupMetaError(invalidValue('olderThan', o.olderThan, 'must be milliseconds ≥ 0'))
  const now = o.now ?? Date.now()
  const roots =
    o.root !== undefined ? [o.root] : [...new Set(seen.sessions.map((s) => s.root as string))].sort()
  const plans = roots.map((r) => planRoot(seen, r, o, now))
  const ids = plans.flatMap((p) => p.expire.map((e) => e.backupId as BackupId))
  const mutations = plans.flatMap((p) => mutationsOf(seen, p))
  const program: P.Program<void> =
    ids.length === 0
      ? P.unit
      : pipe(
          startBackupExclusiveOperationBy(o.holder ?? thisProcess()),
          P.andThen(P.mutate([Marker.start('delete', ids)])),
          P.andThen(P.mutate(mutations)),
          P.andThen(P.mutate([Marker.finish('delete')])),
          P.andThen(finishBackupExclusiveOperation)
        )
  return { roots: plans, summary: plans.flatMap(summaryOf), program }
}

export const planExpire = async (table: BackupSystemTable, o: ExpireOptions): Promise<ExpirePlan> =>
  planFrom(await observe(table), o)
