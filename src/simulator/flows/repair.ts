/**
 * Repair (`BackupCommands.RepairCommand`, §4.6). It has no guards and, in Java, takes no lock.
 *
 * Faithful (seed): the *oldest* RUNNING session only → mark it FAILED, restore from the snapshot if
 * one exists, delete it, put FAILED, unlock (throws unless the lock is "yes"). Otherwise the delete
 * repair (marker → restore if any, unlock, run the whole delete again) and the merge repair (marker
 * → restore if any, unlock, marker off, run the merge again). A lock held with no RUNNING session
 * and no marker is never released.
 *
 * Hardened: takes the lock if it is free (a held lock belongs to a dead operation: repair is run by
 * an operator once clients are gone); rolls back with the snapshot when one exists and an operation
 * was caught mid-way (RUNNING session or marker), keeping bulk-load rows; marks *every* RUNNING
 * session FAILED; removes leftover snapshots, markers, table snapshots and merge output; unlocks.
 */
import type { BackupInfoInput } from '../../api/methods.js'
import * as C from '../Cluster.js'
import { unlessCrash } from '../Steps.js'
import { dropSnapshot, isLockContention, outcomeOf, reputBulkLoads, restore, retried } from './common.js'
import { deleteBackups } from './delete.js'
import { mergeBackups } from './merge.js'
import type { FlowEnv, FlowState, Outcome } from './types.js'
import { completed } from './types.js'

const COPY_PHASES: ReadonlyArray<string> = ['SNAPSHOTCOPY', 'INCREMENTAL_COPY', 'STORE_MANIFEST']

const repairedMessage = (info: BackupInfoInput): string =>
  `REPAIR status: repaired after failure:\n${info.backupId} ${info.type} ${info.phase}`

const faithful = async (env: FlowEnv, st: FlowState): Promise<Outcome> => {
  const s = env.steps
  const running = await s.api('R', 'RUNNING sessions', 'getBackupInfos', 'RUNNING')
  const first = running[0]
  if (first !== undefined) {
    const failed: BackupInfoInput = {
      ...first,
      completeTs: env.clock.now(),
      failedMessage: repairedMessage(first),
      state: 'FAILED'
    }
    if (first.type === 'FULL')
      await s.step('X', 'delete table snapshots', () => Promise.resolve(env.cluster.tableSnapshots.clear()))
    await restore(env, st, 'main')
    await dropSnapshot(env, st, 'main')
    if (COPY_PHASES.includes(first.phase))
      await s.step('X', 'remove target directory', () =>
        Promise.resolve(C.removeDir(first.backupId)(env.cluster))
      )
    await s.api('S', `put ${first.backupId} FAILED`, 'updateBackupInfo', failed)
    await s.api('S', 'unlock', 'finishBackupExclusiveOperation')
    return completed(`repaired ${first.backupId}`)
  }
  const del = await s.api('R', 'delete marker', 'getListOfBackupIdsFromDeleteOperation')
  if (del === undefined || del.length === 0) await dropSnapshot(env, st, 'main')
  else {
    await restore(env, st, 'main')
    await s.api('S', 'unlock (previous delete)', 'finishBackupExclusiveOperation')
    const again = await deleteBackups(env, st, del)
    if (again._tag !== 'Completed') return again
  }
  const merge = await s.api('R', 'merge marker', 'getListOfBackupIdsFromMergeOperation')
  if (merge === undefined || merge.length === 0) {
    await dropSnapshot(env, st, 'main')
    return completed('nothing to repair')
  }
  await restore(env, st, 'main')
  await s.api('S', 'unlock (previous merge)', 'finishBackupExclusiveOperation')
  await s.api('S', 'merge marker off', 'finishMergeOperation')
  return mergeBackups(env, st, merge)
}

const hardened = async (env: FlowEnv, st: FlowState): Promise<Outcome> => {
  const s = env.steps
  try {
    await s.api('S', 'lock (if free)', 'startBackupExclusiveOperation')
  } catch (e) {
    unlessCrash(e)
    if (!isLockContention(e)) throw e
    s.warn('the lock is held by an operation that is gone: repair takes it over')
  }
  st.lockAcquired = true
  const before = await s.api('R', 'RUNNING sessions', 'getBackupInfos', 'RUNNING')
  const del = await s.api('R', 'delete marker', 'getListOfBackupIdsFromDeleteOperation')
  const merging = await s.api('R', 'merge marker', 'isMergeInProgress')
  const snap = await s.api('R', 'snapshot exists?', 'snapshotExists')
  const midway = before.length > 0 || (del !== undefined && del.length > 0) || merging
  if (snap && midway) {
    st.snapshotTaken = true
    await restore(env, st, 'main')
  } else if (st.keptBulkLoads !== undefined) await reputBulkLoads(env, st, 'main')
  if (snap) {
    st.snapshotTaken = true
    await dropSnapshot(env, st, 'main')
  }
  const after = await s.api('R', 'RUNNING sessions (after restore)', 'getBackupInfos', 'RUNNING')
  const crashed = new Map([...before, ...after].map((i) => [i.backupId, i]))
  for (const info of crashed.values()) {
    await s.step('X', `clean up after ${info.backupId}`, () => {
      C.removeDir(info.backupId)(env.cluster)
      if (info.type === 'FULL') env.cluster.tableSnapshots.clear()
      return Promise.resolve()
    })
    await s.api('S', `put ${info.backupId} FAILED`, 'updateBackupInfo', {
      ...info,
      completeTs: env.clock.now(),
      failedMessage: repairedMessage(info),
      state: 'FAILED'
    })
  }
  if (
    (await s.api('R', 'delete marker (after restore)', 'getListOfBackupIdsFromDeleteOperation')) !== undefined
  )
    await s.api('S', 'delete marker off', 'finishDeleteOperation')
  if (await s.api('R', 'merge marker (after restore)', 'isMergeInProgress'))
    await s.api('S', 'merge marker off', 'finishMergeOperation')
  await s.step('X', 'remove merge output and table snapshots', () => {
    env.cluster.tmpDirs.clear()
    env.cluster.tableSnapshots.clear()
    return Promise.resolve()
  })
  await s.api('S', 'unlock', 'finishBackupExclusiveOperation')
  return completed(
    crashed.size === 0 && !snap
      ? 'nothing to repair'
      : `repaired ${[...crashed.keys()].join(',') || 'markers'}`
  )
}

/** Hardened repair is idempotent (it takes over a held lock), so a failed attempt is simply rerun. */
export const repair = (env: FlowEnv, st: FlowState): Promise<Outcome> =>
  outcomeOf(st, () => (env.mode === 'faithful' ? faithful(env, st) : retried(env, () => hardened(env, st))))
