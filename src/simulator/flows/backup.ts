/**
 * Full and incremental backups (`FullTableBackupClient`, `IncrementalTableBackupClient`), step for
 * step in the order of the reference (§4.1–§4.3). Every system-table access is one call of the
 * library's API; cluster effects are [X] steps on the simulated cluster.
 *
 *   entry     guards [R]×3 · check targets [X] · lock [S]
 *   begin     snapshot [X] · session RUNNING [S]
 *   full      start code [R](+[S]) · log roll [X][R][S]… · WAL rows [X][S] · table snapshots [X]…
 *             · export + progress [X][S]… · incr set [S] · trslm [S] · start code [R][S]
 *   incr      PREPARE: start code [R] · trslm [R] · log roll · WAL listing [X] · wals [R]
 *             COPY: WAL→HFile [X][S]… · wals [S]
 *             trslm [R][S] · start code [R][S] · bulk loads [R][X][S][S]
 *   complete  history [R] · manifests [X] · (table snapshots [X]) · snapshot delete [R][X]
 *             · session COMPLETE [S] · unlock [S]
 *
 * Faithful warts kept: a failed incremental in PREPARE or COPY returns normally (HBASE-18932 came
 * later); completeBackup deletes the system snapshot before the COMPLETE put. Hardened: rethrows,
 * puts COMPLETE first, and never rolls a committed backup back.
 */
import type { BackupInfoInput } from '../../api/methods.js'
import * as C from '../Cluster.js'
import { messageOf, unlessCrash } from '../Steps.js'
import {
  acquireLock,
  dropSnapshot,
  guards,
  logRoll,
  minTimestamp,
  outcomeOf,
  retried,
  takeSnapshot
} from './common.js'
import { failBackup } from './failBackup.js'
import type { FlowEnv, FlowState, Outcome } from './types.js'
import { completed, Rejection } from './types.js'

type BackupType = 'FULL' | 'INCREMENTAL'

const newInfo = (
  id: string,
  type: BackupType,
  root: string,
  tables: ReadonlyArray<string>
): BackupInfoInput => ({
  backupId: id,
  type,
  backupRootDir: root,
  phase: 'REQUEST',
  tables: tables.map((table) => ({ table })),
  startTs: 0,
  completeTs: 0,
  progress: 0,
  workers: -1,
  bandwidth: -1
})

/** Checks the targets (new backup id, tables present) and takes the lock. */
const entry = async (
  env: FlowEnv,
  st: FlowState,
  type: BackupType,
  wanted: ReadonlyArray<string>
): Promise<BackupInfoInput> => {
  const { steps: s, cluster } = env
  const tables = await s.step('X', 'check tables and target directories', () => {
    const missing = wanted.filter((t) => !cluster.tables.includes(t))
    if (type === 'FULL' && missing.length > 0)
      return Promise.reject(new Rejection(`tables do not exist: ${missing.join(',')}`))
    return Promise.resolve(wanted.filter((t) => cluster.tables.includes(t)))
  })
  const id = `backup_${env.clock.now()}`
  st.backupId = id
  if (cluster.dirs.has(id)) throw new Rejection(`target directory ${cluster.root}/${id} exists`)
  await acquireLock(env, st)
  const info = newInfo(id, type, cluster.root, tables)
  st.info = info
  return info
}

const beginBackup = async (env: FlowEnv, st: FlowState, info: BackupInfoInput): Promise<BackupInfoInput> => {
  await takeSnapshot(env, st, 'begin backup')
  const running: BackupInfoInput = { ...info, startTs: env.clock.now(), state: 'RUNNING', phase: 'REQUEST' }
  st.info = running
  await env.steps.api('S', 'put session RUNNING', 'updateBackupInfo', running)
  return running
}

const completeBackup = async (
  env: FlowEnv,
  st: FlowState,
  info: BackupInfoInput
): Promise<BackupInfoInput> => {
  const s = env.steps
  const done: BackupInfoInput = {
    ...info,
    completeTs: env.clock.now(),
    state: 'COMPLETE',
    progress: 100,
    phase: 'STORE_MANIFEST'
  }
  st.info = done
  await s.api('R', 'history for the manifest (ancestors)', 'getBackupHistory', { onlyCompleted: true })
  await s.step('X', 'write manifests', () => Promise.resolve())
  if (info.type === 'FULL')
    await s.step('X', 'delete table snapshots and export logs', () => {
      for (const n of st.tableSnapshots) env.cluster.tableSnapshots.delete(n)
      st.tableSnapshots.splice(0)
      return Promise.resolve()
    })
  const commit = async (): Promise<void> => {
    await s.api('S', 'put session COMPLETE', 'updateBackupInfo', done)
    C.captureBulkLoads(
      done.tables.map((t) => t.table),
      new Set(st.captured)
    )(env.cluster)
  }
  if (env.mode === 'faithful') {
    await dropSnapshot(env, st, 'main')
    await commit()
    await s.api('S', 'unlock', 'finishBackupExclusiveOperation')
    return done
  }
  await commit()
  try {
    await retried(env, () => dropSnapshot(env, st, 'main'))
    await retried(env, () => s.api('S', 'unlock', 'finishBackupExclusiveOperation'))
  } catch (e) {
    unlessCrash(e)
    s.warn(`backup ${done.backupId} is COMPLETE but its cleanup failed: ${messageOf(e)}`)
  }
  return done
}

// -------------------------------------------------------------------------------------------------
// full
// -------------------------------------------------------------------------------------------------

export const fullBackup = (env: FlowEnv, st: FlowState, wanted: ReadonlyArray<string>): Promise<Outcome> =>
  outcomeOf(st, async () => {
    const { steps: s, cluster } = env
    const root = cluster.root
    await guards(s, true)
    let info = await entry(env, st, 'FULL', wanted)
    const tables = info.tables.map((t) => t.table)
    try {
      info = await beginBackup(env, st, info)
      const code = await s.api('R', 'read start code', 'readBackupStartCode', root)
      const first = code === undefined || code === 0
      if (first) await s.api('S', 'write start code 0 (first backup)', 'writeBackupStartCode', 0, root)
      const newTs = await logRoll(env)
      if (first) {
        const wals = await s.step('X', 'list WALs up to the new timestamps', () =>
          Promise.resolve(C.walsBetween(undefined, newTs)(cluster))
        )
        await s.api('S', 'record WAL files', 'addWALFiles', wals, info.backupId, root)
      }
      info = { ...info, phase: 'SNAPSHOT' }
      st.info = info
      for (const t of tables)
        await s.step('X', `snapshot table ${t}`, () => {
          const name = `snapshot_${env.clock.now()}_${t.includes(':') ? t.replace(':', '_') : `default_${t}`}`
          cluster.tableSnapshots.add(name)
          st.tableSnapshots.push(name)
          st.captured = [
            ...st.captured,
            ...cluster.pendingBulkLoads.filter((b) => b.table === t).map((b) => b.path)
          ]
          return Promise.resolve()
        })
      info = { ...info, phase: 'SNAPSHOTCOPY' }
      st.info = info
      for (const [i, t] of tables.entries()) {
        await s.step('X', `export snapshot of ${t}`, () =>
          Promise.resolve(C.writeDir(info.backupId, t)(cluster))
        )
        info = { ...info, progress: Math.floor((100 * (i + 1)) / tables.length) }
        st.info = info
        await s.api('S', `progress ${info.progress}%`, 'updateBackupInfo', info)
      }
      await s.api('S', 'add tables to the incremental set', 'addIncrementalBackupTableSet', tables, root)
      await s.api(
        'S',
        'write table log-roll map (trslm)',
        'writeRegionServerLogTimestamp',
        tables,
        newTs,
        root
      )
      const tsMap = await s.api('R', 'read table log-roll map', 'readLogTimestampMap', root)
      await s.api('S', 'write start code (minimum)', 'writeBackupStartCode', minTimestamp(tsMap) ?? 0, root)
      info = await completeBackup(env, st, info)
      return completed(info.backupId)
    } catch (e) {
      unlessCrash(e)
      await failBackup(env, st, st.info ?? info, e)
      throw e
    }
  })

// -------------------------------------------------------------------------------------------------
// incremental
// -------------------------------------------------------------------------------------------------

const NEED_FULL =
  'Cannot read any previous back up timestamps from backup system table. In order to create an incremental backup, at least one full backup is needed.'

export const incrementalBackup = (env: FlowEnv, st: FlowState): Promise<Outcome> =>
  outcomeOf(st, async () => {
    const { steps: s, cluster } = env
    const root = cluster.root
    await guards(s, true)
    const set = await s.api('R', 'read incremental set', 'getIncrementalBackupTableSet', root)
    if (set.length === 0) throw new Rejection('You need to run full backup first')
    let info = await entry(env, st, 'INCREMENTAL', set)
    const tables = info.tables.map((t) => t.table)
    /** Faithful (seed): fail the backup and return as if it had worked. */
    const failAndMaybeReturn = async (e: unknown): Promise<Outcome> => {
      unlessCrash(e)
      await failBackup(env, st, st.info ?? info, e)
      if (env.mode === 'faithful')
        return completed(`${info.backupId} (seed returned normally after failBackup)`)
      throw e
    }
    let newTs: Readonly<Record<string, number>> = {}
    let wals: ReadonlyArray<string> = []
    try {
      info = await beginBackup(env, st, info)
      info = { ...info, phase: 'PREPARE_INCREMENTAL' }
      st.info = info
      const code = await s.api('R', 'read start code', 'readBackupStartCode', root)
      const prev = await s.api('R', 'read previous log-roll map', 'readLogTimestampMap', root)
      const prevMins: Record<string, number> = {}
      for (const servers of Object.values(prev))
        for (const [rs, ts] of Object.entries(servers)) prevMins[rs] = Math.min(prevMins[rs] ?? ts, ts)
      if (code === undefined || Object.keys(prevMins).length === 0) throw new Error(NEED_FULL)
      newTs = await logRoll(env)
      wals = await s.step('X', 'list WALs in (previous, new]', () =>
        Promise.resolve(C.walsBetween(prevMins, newTs)(cluster))
      )
      await s.api('R', 'read recorded WAL files (exclusion)', 'getWALFiles', root)
    } catch (e) {
      return failAndMaybeReturn(e)
    }
    try {
      info = { ...info, phase: 'INCREMENTAL_COPY' }
      st.info = info
      for (const [i, t] of tables.entries()) {
        await s.step('X', `WAL→HFile and copy for ${t}`, () =>
          Promise.resolve(C.writeDir(info.backupId, t)(cluster))
        )
        info = { ...info, progress: Math.floor((100 * (i + 1)) / tables.length) }
        st.info = info
        await s.api('S', `progress ${info.progress}%`, 'updateBackupInfo', info)
      }
      await s.api('S', 'record copied WAL files', 'addWALFiles', wals, info.backupId, root)
    } catch (e) {
      return failAndMaybeReturn(e)
    }
    try {
      await s.api('R', 'read previous log-roll map (for the manifest)', 'readLogTimestampMap', root)
      await s.api(
        'S',
        'write table log-roll map (trslm)',
        'writeRegionServerLogTimestamp',
        tables,
        newTs,
        root
      )
      const tsMap = await s.api('R', 'read table log-roll map', 'readLogTimestampMap', root)
      await s.api('S', 'write start code (minimum)', 'writeBackupStartCode', minTimestamp(tsMap) ?? 0, root)
      const loads = await s.api('R', 'read bulk-load rows', 'readBulkloadRows', tables)
      if (loads.length > 0) {
        await s.step('X', `copy ${loads.length} bulk-loaded HFiles`, () => {
          st.captured = loads.map((b) => b.path)
          return Promise.resolve()
        })
        await s.api(
          'S',
          'record copied bulk-loaded files',
          'writeBulkLoadedFiles',
          info.backupId,
          loads.map((b) => ({ table: b.table, family: b.family, path: b.path }))
        )
        await s.api(
          'S',
          'delete original bulk-load rows',
          'removeBulkLoadedRows',
          loads.map((b) => b.rowKey)
        )
      }
      info = await completeBackup(env, st, info)
      return completed(info.backupId)
    } catch (e) {
      unlessCrash(e)
      await failBackup(env, st, st.info ?? info, e)
      throw e
    }
  })
