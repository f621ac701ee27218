/**
 * Delete (`BackupAdminImpl.deleteBackups`, §4.4), as steps D1–D8.
 *
 * Faithful (seed): D1 lock (one attempt; refusal → -1) · D2 RUNNING check → -1 *keeping the lock*
 * · D3 marker · D4 snapshot unless one exists (a stale one is used as is) — D3/D4 are outside the
 * try, so an exception there leaks the lock and the marker · D5 per id: remove its data first,
 * then fix the affected incrementals and delete its rows · D6 finalizeDelete (never shrinks the
 * incremental set: it tests a map value for null) · D7 marker off · D8 snapshot off; on error:
 * restore if a snapshot exists (resurrecting sessions whose data D5 already removed) and rethrow;
 * finally unlock.
 *
 * Hardened: refuses cleanly (unlocking) on a RUNNING session; takes its own snapshot before the
 * marker; commits the metadata first (incremental set shrunk to tables that still have a COMPLETE
 * FULL backup) and removes data only after the commit; on failure before the commit restores its
 * own snapshot (which also removes the marker) and unlocks.
 */
import type { BackupInfoInput } from '../../api/methods.js'
import * as C from '../Cluster.js'
import type { Steps } from '../Steps.js'
import { messageOf, unlessCrash, withFinally } from '../Steps.js'
import { acquireLock, dropSnapshot, guards, outcomeOf, restore, retried, takeSnapshot } from './common.js'
import type { FlowEnv, FlowState, Outcome } from './types.js'
import { completed, Rejection } from './types.js'

type Info = BackupInfoInput

/** Data to remove: a whole backup directory or one table's directory of it. */
interface DataRemoval {
  readonly backupId: string
  readonly table?: string
}

const tablesOf = (i: Info): ReadonlyArray<string> => i.tables.map((t) => t.table)

const isLastBackupSession = async (s: Steps, tn: string, startTs: number): Promise<boolean> => {
  const history = await s.api('R', `is ${tn}'s last backup? (history)`, 'getBackupHistory')
  const newest = history.find((h) => h.tables.some((t) => t.table === tn))
  return newest !== undefined && newest.startTs <= startTs
}

const affectedSessions = async (s: Steps, info: Info, tn: string): Promise<ReadonlyArray<Info>> => {
  const history = await s.api(
    'R',
    `sessions affected for ${tn} (root history)`,
    'getBackupHistoryForRoot',
    info.backupRootDir
  )
  let list: Array<Info> = []
  for (const h of history) {
    if (h.startTs === info.startTs) break
    if (!h.tables.some((t) => t.table === tn)) continue
    if (h.type === 'FULL') list = []
    else list.push(h)
  }
  return list
}

/** One backup's deletion; `data` receives what to remove, or removes it at once (faithful). */
const deleteBackup = async (env: FlowEnv, id: string, data: Array<DataRemoval>): Promise<number> => {
  const s = env.steps
  const faithful = env.mode === 'faithful'
  const removeData = async (r: DataRemoval): Promise<void> => {
    if (faithful)
      await s.step('X', `remove data ${r.backupId}${r.table === undefined ? '' : `/${r.table}`}`, () =>
        Promise.resolve(C.removeDir(r.backupId, r.table)(env.cluster))
      )
    else data.push(r)
  }
  const info = await s.api('R', `read session ${id}`, 'readBackupInfo', id)
  if (info === undefined) {
    s.warn(`Delete backup failed: no information found for backupID=${id}`)
    return 0
  }
  await removeData({ backupId: id })
  for (const tn of tablesOf(info)) {
    if (await isLastBackupSession(s, tn, info.startTs)) continue
    for (const a of await affectedSessions(s, info, tn)) {
      if (a.backupId === info.backupId) continue
      const rest = a.tables.filter((t) => t.table !== tn)
      if (rest.length === a.tables.length) continue
      if (rest.length === 0) {
        await s.api('S', `delete emptied session ${a.backupId}`, 'deleteBackupInfo', a.backupId)
        await removeData({ backupId: a.backupId })
      } else {
        await s.api('S', `remove ${tn} from ${a.backupId}`, 'updateBackupInfo', { ...a, tables: rest })
        await removeData({ backupId: a.backupId, table: tn })
      }
    }
  }
  const copies = await s.api('R', `read bulk-loaded file records of ${id}`, 'readBulkLoadedFiles', id)
  if (copies.length > 0) {
    if (faithful) await s.step('X', `delete ${copies.length} bulk-loaded files`, () => Promise.resolve())
    await s.api(
      'S',
      'delete bulk-loaded file records',
      'deleteBulkLoadedFiles',
      copies.map((c) => c.rowKey)
    )
  }
  await s.api('S', `delete session ${id}`, 'deleteBackupInfo', id)
  return 1
}

const finalizeDelete = async (env: FlowEnv, roots: ReadonlySet<string>): Promise<void> => {
  const s = env.steps
  for (const root of roots) {
    const incr = await s.api('R', 'read incremental set', 'getIncrementalBackupTableSet', root)
    if (env.mode === 'faithful') {
      // seed: `entry.getValue() == null` never holds, so nothing is removed
      await s.api('R', 'history of the incremental set', 'getBackupHistoryForTableSet', incr, root)
      if (incr.length > 0)
        await s.api('S', 're-put incremental set', 'addIncrementalBackupTableSet', incr, root)
      else await s.api('S', 'delete incremental set', 'deleteIncrementalBackupTableSet', root)
      continue
    }
    const history = await s.api('R', 'root history', 'getBackupHistoryForRoot', root)
    const based = new Set<string>(
      history
        .filter((h) => h.type === 'FULL' && h.state === 'COMPLETE')
        .flatMap((h) => h.tables.map((t) => t.table))
    )
    const keep = incr.filter((t) => based.has(t))
    if (keep.length === incr.length) continue
    await s.api('S', 'delete incremental set', 'deleteIncrementalBackupTableSet', root)
    if (keep.length > 0)
      await s.api('S', 'put surviving incremental set', 'addIncrementalBackupTableSet', keep, root)
  }
}

/** D1–D8 without the CLI guard (repair re-runs this directly, as Java's RepairCommand does). */
export const deleteBackups = async (
  env: FlowEnv,
  st: FlowState,
  ids: ReadonlyArray<string>
): Promise<Outcome> => {
  const s = env.steps
  st.targets = ids
  try {
    await acquireLock(env, st)
  } catch (e) {
    if (e instanceof Rejection) {
      s.warn('You can not run delete command while active backup session is in progress')
      throw e
    }
    throw e
  }
  const roots = new Set<string>()
  const data: Array<DataRemoval> = []
  let deleted = 0
  const d2 = async (): Promise<boolean> => {
    const running = await s.api('R', 'D2: RUNNING sessions', 'getBackupInfos', 'RUNNING')
    if (running.length > 0) s.warn('Failed backup session found. Run backup repair tool first.')
    return running.length > 0
  }
  const refused = (): Rejection =>
    new Rejection('Failed backup session found. Run backup repair tool first. (-1)')
  if (env.mode === 'faithful') {
    // the lock is kept: nothing releases it on this return
    if (await d2()) throw refused()
    await s.api('S', 'D3: delete marker', 'startDeleteOperation', ids)
    const exists = await s.api('R', 'D4: snapshot exists?', 'snapshotExists')
    if (!exists) await s.api('X', 'D4: snapshot system table', 'snapshot')
    else s.warn('Backup system table snapshot exists')
    return withFinally(
      async () => {
        try {
          for (const id of ids) {
            const info = await s.api('R', `D5: read session ${id}`, 'readBackupInfo', id)
            if (info === undefined) continue
            roots.add(info.backupRootDir)
            deleted += await deleteBackup(env, id, data)
          }
          await finalizeDelete(env, roots)
          await s.api('S', 'D7: delete marker off', 'finishDeleteOperation')
          await dropSnapshot(env, st, 'main')
        } catch (e) {
          unlessCrash(e)
          const exists2 = await s.handlerApi('R', 'snapshot exists?', 'snapshotExists')
          if (exists2) {
            await s.handlerApi('X', 'restore system table from snapshot', 'restoreFromSnapshot')
            await s.handlerApi('R', 'snapshot exists?', 'snapshotExists')
            await s.handlerApi('X', 'delete system snapshot', 'deleteSnapshot')
            s.warn(
              'Delete operation failed, please run backup repair utility to restore backup system integrity'
            )
            throw e
          }
          s.warn(`Delete operation succeeded, there were some errors: ${messageOf(e)}`)
        }
        return completed(`deleted ${deleted}`)
      },
      async () => {
        await s.handlerApi('S', 'finally: unlock', 'finishBackupExclusiveOperation')
      }
    )
  }
  // hardened: everything after the lock is covered by the rollback
  const rollback = async (): Promise<void> => {
    try {
      await retried(env, () => restore(env, st, 'handler'))
      await retried(env, () => dropSnapshot(env, st, 'handler'))
      await retried(env, () => s.handlerApi('S', 'unlock', 'finishBackupExclusiveOperation'))
    } catch (h) {
      unlessCrash(h)
      st.handlerFailed = true
      throw h
    }
  }
  try {
    if (await d2()) {
      await rollback()
      return { _tag: 'Rejected', reason: refused().message }
    }
    await takeSnapshot(env, st, 'D4')
    await s.api('S', 'D3: delete marker', 'startDeleteOperation', ids)
    for (const id of ids) {
      const info = await s.api('R', `D5: read session ${id}`, 'readBackupInfo', id)
      if (info === undefined) continue
      roots.add(info.backupRootDir)
      deleted += await deleteBackup(env, id, data)
    }
    await finalizeDelete(env, roots)
    await s.api('S', 'D7: delete marker off', 'finishDeleteOperation')
  } catch (e) {
    unlessCrash(e)
    await rollback()
    throw e
  }
  try {
    await retried(env, () => dropSnapshot(env, st, 'main'))
    for (const r of data)
      await retried(env, () =>
        s.step('X', `remove data ${r.backupId}${r.table === undefined ? '' : `/${r.table}`}`, () =>
          Promise.resolve(C.removeDir(r.backupId, r.table)(env.cluster))
        )
      ).catch((e: unknown) => {
        unlessCrash(e)
        s.warn(`orphan data left behind: ${r.backupId} (${messageOf(e)})`)
      })
    await retried(env, () => s.api('S', 'unlock', 'finishBackupExclusiveOperation'))
  } catch (e) {
    unlessCrash(e)
    s.warn(`delete committed but its cleanup failed: ${messageOf(e)}`)
  }
  return completed(`deleted ${deleted}`)
}

/** The `backup delete` command: the no-active-session guard, then D1–D8. */
export const deleteCommand = (env: FlowEnv, st: FlowState, ids: ReadonlyArray<string>): Promise<Outcome> =>
  outcomeOf(st, async () => {
    await guards(env.steps, false)
    return deleteBackups(env, st, ids)
  })
