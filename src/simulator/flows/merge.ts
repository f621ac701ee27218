/**
 * Merge (`BackupAdminImpl.mergeBackups` → `MapReduceBackupMergeJob.run`, §4.5), steps M1–M6.
 *
 * Validation ([R] only, before anything): every id exists, shares one root, is a COMPLETE
 * INCREMENTAL, and there are no holes between them.
 *
 * Faithful (seed): M1 lock — *inside* the try, so a refused lock falls into the handler, which
 * deletes the merge marker and releases the lock it never held · M2 marker · M3 MapReduce per
 * table into `.tmp/<mergedId>` · M4 processed tables (from here the handler only says "run repair")
 * · M5 move the data into the newest backup, delete the other sessions and their directories ·
 * M6 marker off, unlock. Merge never snapshots the system table.
 *
 * Hardened: a refused lock is a refusal; a snapshot is taken before the marker; M5 only adds data
 * and commits the metadata (merged session lists the union of tables); the other directories are
 * removed after the commit; any failure before the commit restores the snapshot and unlocks.
 */
import type { BackupInfoInput } from '../../api/methods.js'
import * as C from '../Cluster.js'
import { isCrash, messageOf, unlessCrash } from '../Steps.js'
import { acquireLock, dropSnapshot, guards, outcomeOf, restore, retried, takeSnapshot } from './common.js'
import type { FlowEnv, FlowState, Outcome } from './types.js'
import { completed, Rejection } from './types.js'

const stamp = (id: string): number => Number(id.slice('backup_'.length))

/** `checkIfValidForMerge`. */
const validate = async (
  env: FlowEnv,
  ids: ReadonlyArray<string>
): Promise<ReadonlyArray<BackupInfoInput>> => {
  const s = env.steps
  const infos: Array<BackupInfoInput> = []
  for (const id of ids) {
    const info = await s.api('R', `merge check: read ${id}`, 'readBackupInfo', id)
    if (info === undefined) throw new Rejection(`Backup ${id} does not exist`)
    if (info.type !== 'INCREMENTAL') throw new Rejection(`Backup ${id} is not INCREMENTAL`)
    if (info.state !== 'COMPLETE') throw new Rejection(`Backup ${id} is not COMPLETE`)
    infos.push(info)
  }
  const root = infos[0]?.backupRootDir
  if (root === undefined || infos.some((i) => i.backupRootDir !== root))
    throw new Rejection('Backups have different roots')
  const history = await s.api('R', 'merge check: holes (root history)', 'getBackupHistoryForRoot', root)
  const lo = Math.min(...infos.map((i) => i.startTs))
  const hi = Math.max(...infos.map((i) => i.startTs))
  const tables = new Set(infos.flatMap((i) => i.tables.map((t) => t.table)))
  const inRange = history.filter(
    (h) =>
      h.type === 'INCREMENTAL' &&
      h.state === 'COMPLETE' &&
      h.startTs >= lo &&
      h.startTs <= hi &&
      h.tables.some((t) => tables.has(t.table))
  )
  if (inRange.length !== ids.length) throw new Rejection('Backups to merge have holes')
  return infos
}

export const mergeBackups = async (
  env: FlowEnv,
  st: FlowState,
  ids: ReadonlyArray<string>
): Promise<Outcome> => {
  const s = env.steps
  const cluster = env.cluster
  st.targets = ids
  const infos = await validate(env, ids)
  const mergedId = `backup_${Math.max(...ids.map(stamp))}`
  const others = ids.filter((i) => i !== mergedId)
  const tables: ReadonlyArray<string> = [...new Set(infos.flatMap((i) => i.tables.map((t) => t.table)))]
  const merged = infos.find((i) => i.backupId === mergedId)
  const tmp = (): void => {
    cluster.tmpDirs.delete(mergedId)
  }
  if (env.mode === 'faithful') {
    let finishedTables = false
    try {
      st.lockAcquired = true
      await s.api('S', 'M1: lock', 'startBackupExclusiveOperation').catch((e: unknown) => {
        st.lockAcquired = isCrash(e)
        throw e
      })
      await s.api('S', 'M2: merge marker', 'startMergeOperation', ids)
      for (const t of tables)
        await s.step('X', `M3: merge job for ${t}`, () => {
          cluster.tmpDirs.set(mergedId, new Set([...(cluster.tmpDirs.get(mergedId) ?? []), t]))
          return Promise.resolve()
        })
      await s.api('S', 'M4: processed tables', 'updateProcessedTablesForMerge', tables)
      finishedTables = true
      await s.step('X', `M5: move merged data into ${mergedId}`, () => {
        for (const t of tables) C.writeDir(mergedId, t)(cluster)
        tmp()
        return Promise.resolve()
      })
      for (const id of others) {
        await s.api('S', `M5: delete session ${id}`, 'deleteBackupInfo', id)
        await s.step('X', `M5: delete data of ${id}`, () => Promise.resolve(C.removeDir(id)(cluster)))
      }
      await s.step('X', 'M5: update manifest', () => Promise.resolve())
      await s.api('S', 'M6: merge marker off', 'finishMergeOperation')
      await s.api('S', 'M6: unlock', 'finishBackupExclusiveOperation')
      return completed(`merged into ${mergedId}`)
    } catch (e) {
      unlessCrash(e)
      if (!finishedTables) {
        await s.handler('X', 'clean bulk output directories', () => Promise.resolve(tmp()))
        await s.handlerApi('S', 'merge marker off', 'finishMergeOperation')
        await s.handlerApi('S', 'unlock', 'finishBackupExclusiveOperation')
        throw new Error(`Backup merge operation failed, you should try it again: ${messageOf(e)}`)
      }
      throw new Error(
        `Backup merge operation failed, run backup repair tool to restore system's integrity: ${messageOf(e)}`
      )
    }
  }
  // hardened
  await acquireLock(env, st)
  try {
    await takeSnapshot(env, st, 'merge')
    await s.api('S', 'M2: merge marker', 'startMergeOperation', ids)
    for (const t of tables)
      await s.step('X', `M3: merge job for ${t}`, () => {
        cluster.tmpDirs.set(mergedId, new Set([...(cluster.tmpDirs.get(mergedId) ?? []), t]))
        return Promise.resolve()
      })
    await s.api('S', 'M4: processed tables', 'updateProcessedTablesForMerge', tables)
    await s.step('X', `M5: write merged data into ${mergedId}`, () => {
      for (const t of tables) C.writeDir(mergedId, t)(cluster)
      return Promise.resolve()
    })
    if (merged !== undefined)
      await s.api('S', `M5: merged session lists every table`, 'updateBackupInfo', {
        ...merged,
        tables: tables.map((table) => ({ table }))
      })
    for (const id of others) await s.api('S', `M5: delete session ${id}`, 'deleteBackupInfo', id)
    await s.api('S', 'M6: merge marker off', 'finishMergeOperation')
  } catch (e) {
    unlessCrash(e)
    try {
      await retried(env, () => restore(env, st, 'handler'))
      await retried(env, () => dropSnapshot(env, st, 'handler'))
      await retried(env, () => s.handler('X', 'remove merge output', () => Promise.resolve(tmp())))
      await retried(env, () => s.handlerApi('S', 'unlock', 'finishBackupExclusiveOperation'))
    } catch (h) {
      unlessCrash(h)
      st.handlerFailed = true
      throw h
    }
    throw e
  }
  try {
    await retried(env, () => dropSnapshot(env, st, 'main'))
    for (const id of others)
      await retried(env, () =>
        s.step('X', `delete data of ${id}`, () => Promise.resolve(C.removeDir(id)(cluster)))
      )
    await retried(env, () => s.step('X', 'remove merge output', () => Promise.resolve(tmp())))
    await retried(env, () => s.api('S', 'unlock', 'finishBackupExclusiveOperation'))
  } catch (e) {
    unlessCrash(e)
    s.warn(`merge committed but its cleanup failed: ${messageOf(e)}`)
  }
  return completed(`merged into ${mergedId}`)
}

/** The `backup merge` command: both guards, then the job. */
export const mergeCommand = (env: FlowEnv, st: FlowState, ids: ReadonlyArray<string>): Promise<Outcome> =>
  outcomeOf(st, async () => {
    await guards(env.steps, true)
    return mergeBackups(env, st, ids)
  })
