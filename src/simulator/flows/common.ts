/**
 * Pieces shared by the flows, each in its faithful and hardened form:
 * - the CLI guards of `BackupCommands` (no RUNNING session, no DELETE/MERGE marker);
 * - taking the exclusive lock (faithful: one attempt; hardened: bounded retries in virtual time);
 * - the log roll of the 2017 `rolllog-proc` and the region servers' `rslogts` rows;
 * - the system-table snapshot: faithful takes it blindly (a stale one makes `snapshot` fail);
 *   hardened, holding the lock, knows any snapshot present is stale, deletes it and takes its own;
 * - the restore: faithful restores whatever snapshot exists; hardened restores only its own and
 *   puts back the bulk-load rows region servers wrote meanwhile (the restore would revert them).
 */
import { BackupMetaError } from '../../interpreter/ApiError.js'
import * as C from '../Cluster.js'
import type { Steps } from '../Steps.js'
import { messageOf, unlessCrash } from '../Steps.js'
import type { FlowEnv, FlowState, Outcome } from './types.js'
import { Rejection } from './types.js'
import { InjectedFault, isCrash } from '../Steps.js'

export const isLockContention = (e: unknown): boolean =>
  e instanceof BackupMetaError && e._tag === 'ExclusiveOperation'

// -------------------------------------------------------------------------------------------------
// guards and lock
// -------------------------------------------------------------------------------------------------

/** `requiresNoActiveSession` and, optionally, `requiresConsistentState`. */
export const guards = async (s: Steps, consistentState: boolean): Promise<void> => {
  const running = await s.api('R', 'guard: RUNNING sessions', 'getBackupInfos', 'RUNNING')
  if (running.length > 0) throw new Rejection('Active session found, aborted command execution')
  if (!consistentState) return
  const del = await s.api('R', 'guard: delete marker', 'getListOfBackupIdsFromDeleteOperation')
  if (del !== undefined && del.length > 0)
    throw new Rejection('Failed backup DELETE found, aborted command execution')
  const merge = await s.api('R', 'guard: merge marker', 'getListOfBackupIdsFromMergeOperation')
  if (merge !== undefined && merge.length > 0)
    throw new Rejection('Failed backup MERGE found, aborted command execution')
}

export const LOCK_ATTEMPTS = 5
export const LOCK_PAUSE_MS = 1_000

/** Takes the lock or throws `Rejection` (contention) / the step's error (anything else). */
export const acquireLock = async (env: FlowEnv, st: FlowState): Promise<void> => {
  const attempts = env.mode === 'faithful' ? 1 : LOCK_ATTEMPTS
  for (let i = 1; ; i++) {
    try {
      // set first: a crash right after the step must count as holding the lock
      st.lockAcquired = true
      await env.steps.api('S', i === 1 ? 'lock' : `lock (attempt ${i})`, 'startBackupExclusiveOperation')
      return
    } catch (e) {
      unlessCrash(e)
      st.lockAcquired = false
      if (!isLockContention(e)) throw e
      if (i >= attempts)
        throw new Rejection(`There is an active backup exclusive operation (${messageOf(e)})`)
      await env.steps.sleep(LOCK_PAUSE_MS)
    }
  }
}

// -------------------------------------------------------------------------------------------------
// log roll
// -------------------------------------------------------------------------------------------------

/** `rolllog-proc` on every region server, then the servers' recorded timestamps of this root. */
export const logRoll = async (env: FlowEnv): Promise<Readonly<Record<string, number>>> => {
  const { steps: s, cluster } = env
  const before = await s.step('X', 'log roll: roll every WAL', () =>
    Promise.resolve(C.rollAll(env.clock.now())(cluster))
  )
  for (const server of cluster.servers) {
    const last = await s.api(
      'R',
      `log roll ${server.name}: read rslogts`,
      'readRegionServerLastLogRollResult',
      cluster.root
    )
    const ts = before[server.name] ?? 0
    // seed: the sanity check looks up `host`, never `host:port`, so it never applies
    const skip = env.mode === 'hardened' && (last[server.name] ?? -1) > ts
    if (!skip)
      await s.api(
        'S',
        `log roll ${server.name}: write rslogts`,
        'writeRegionServerLastLogRollResult',
        server.name,
        ts,
        cluster.root
      )
  }
  return s.api('R', 'read new timestamps (rslogts)', 'readRegionServerLastLogRollResult', cluster.root)
}

/** The global minimum of a table → server → ts map (seed `getMinValue` of per-server minima). */
export const minTimestamp = (
  m: Readonly<Record<string, Readonly<Record<string, number>>>>
): number | undefined => {
  const all = Object.values(m).flatMap((x) => Object.values(x))
  return all.length === 0 ? undefined : Math.min(...all)
}

// -------------------------------------------------------------------------------------------------
// the system-table snapshot
// -------------------------------------------------------------------------------------------------

export const takeSnapshot = async (env: FlowEnv, st: FlowState, label: string): Promise<void> => {
  const s = env.steps
  if (env.mode === 'hardened') {
    const stale = await s.api('R', `${label}: is a snapshot present?`, 'snapshotExists')
    if (stale) {
      s.warn('stale snapshot_backup_system found while holding the lock: deleting it before taking ours')
      await s.api('X', `${label}: delete stale snapshot`, 'deleteSnapshot')
    }
  }
  await s.api('X', `${label}: snapshot system table`, 'snapshot')
  st.snapshotTaken = true
}

type Phase = 'main' | 'handler'

const call = (s: Steps, phase: Phase) => (phase === 'main' ? s.api : s.handlerApi)

/** Restore, as the mode does it. Returns whether a restore happened. */
export const restore = async (env: FlowEnv, st: FlowState, phase: Phase): Promise<boolean> => {
  const api = call(env.steps, phase)
  if (env.mode === 'faithful') {
    const exists = await api('R', 'snapshot exists?', 'snapshotExists')
    if (exists) await api('X', 'restore system table from snapshot', 'restoreFromSnapshot')
    else env.steps.warn('Snapshot snapshot_backup_system does not exist')
    return exists
  }
  if (!st.snapshotTaken) return false
  const read = await api('R', 'read bulk-load rows (to keep them)', 'readBulkloadRows', env.cluster.tables)
  // what an earlier attempt of this flow read before its restore, plus what is there now
  const kept = new Map((st.keptBulkLoads ?? []).map((b) => [`${b.table}\0${b.path}`, b]))
  for (const b of read) kept.set(`${b.table}\0${b.path}`, b)
  st.keptBulkLoads = [...kept.values()]
  await api('X', 'restore system table from our snapshot', 'restoreFromSnapshot')
  await reputBulkLoads(env, st, phase)
  return true
}

/**
 * Writes back the bulk-load rows kept before a restore. Also called by a retried repair whose
 * earlier attempt restored but failed before this step: the table no longer needs a restore then,
 * but the rows are still missing.
 */
export const reputBulkLoads = async (env: FlowEnv, st: FlowState, phase: Phase): Promise<void> => {
  const api = call(env.steps, phase)
  const bulk = st.keptBulkLoads ?? []
  const groups = new Map<
    string,
    { table: string; region: string; family: string; state: string; paths: Array<string> }
  >()
  for (const b of bulk) {
    const k = [b.table, b.region, b.family, b.state ?? 'D'].join('\0')
    const g = groups.get(k) ?? {
      table: b.table,
      region: b.region,
      family: b.family,
      state: b.state ?? 'D',
      paths: []
    }
    g.paths.push(b.path)
    groups.set(k, g)
  }
  for (const g of groups.values())
    if (g.state === 'R')
      await api(
        'S',
        're-put bulk-load rows',
        'writeFilesForBulkLoadPreCommit',
        g.table,
        g.region,
        g.family,
        g.paths
      )
    else
      await api('S', 're-put bulk-load rows', 'writePathsPostBulkLoad', g.table, g.region, {
        [g.family]: g.paths
      })
}

export const dropSnapshot = async (env: FlowEnv, st: FlowState, phase: Phase): Promise<void> => {
  const api = call(env.steps, phase)
  if (env.mode === 'hardened' && !st.snapshotTaken) return
  const exists = await api('R', 'snapshot exists?', 'snapshotExists')
  if (exists) {
    await api('X', 'delete system snapshot', 'deleteSnapshot')
    st.snapshotTaken = false
  } else env.steps.warn('Snapshot snapshot_backup_system does not exist')
}

// -------------------------------------------------------------------------------------------------
// running a flow
// -------------------------------------------------------------------------------------------------

/** Hardened: a handler or cleanup step retried (a transient fault must not leave debris). */
export const retried = async <A>(env: FlowEnv, f: () => Promise<A>, attempts = 3): Promise<A> => {
  for (let i = 1; ; i++) {
    try {
      return await f()
    } catch (e) {
      unlessCrash(e)
      if (env.mode === 'faithful' || i >= attempts) throw e
      env.steps.warn(`retrying after: ${messageOf(e)}`)
    }
  }
}

/** Runs a flow body and turns what escapes it into an `Outcome`. */
export const outcomeOf = async (st: FlowState, body: () => Promise<Outcome>): Promise<Outcome> => {
  try {
    return await body()
  } catch (e) {
    if (isCrash(e)) return { _tag: 'Crashed', error: e.message }
    if (e instanceof Rejection) return { _tag: 'Rejected', reason: e.message }
    return { _tag: 'Failed', error: messageOf(e), handlerFailed: st.handlerFailed }
  }
}

export { InjectedFault }
