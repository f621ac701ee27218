/**
 * The failure path of a backup (`TableBackupClient.failBackup` + `cleanupAndRestoreBackupSystem`),
 * numbered as handler steps h1, h2, … so a fault can hit it too.
 *
 * Faithful (seed), in Java's order: delete the table snapshots taken so far (FULL); restore the
 * system table from `snapshot_backup_system` *if one exists* (even a stale one); delete it; remove
 * the target directories if the copy had started; put the session FAILED; release the lock. If any
 * of it throws, the error propagates ("run backup repair tool") and the rest never runs.
 *
 * Hardened: the same order, but only the snapshot this flow took is restored (bulk-load rows that
 * region servers wrote meanwhile are put back), the target directory is always removed, and each
 * step is retried, so one transient fault inside the handler does not leave the table locked.
 */
import type { BackupInfoInput } from '../../api/methods.js'
import * as C from '../Cluster.js'
import { messageOf } from '../Steps.js'
import { dropSnapshot, restore, retried } from './common.js'
import type { FlowEnv, FlowState } from './types.js'

const COPY_PHASES: ReadonlyArray<string> = ['SNAPSHOTCOPY', 'INCREMENTAL_COPY', 'STORE_MANIFEST']

export const failBackup = async (
  env: FlowEnv,
  st: FlowState,
  info: BackupInfoInput,
  error: unknown
): Promise<void> => {
  const s = env.steps
  const failed: BackupInfoInput = {
    ...info,
    completeTs: env.clock.now(),
    failedMessage: messageOf(error),
    state: 'FAILED'
  }
  st.info = failed
  const step = <A>(f: () => Promise<A>): Promise<A> => retried(env, f)
  try {
    if (info.type === 'FULL') {
      const names = [...st.tableSnapshots]
      await step(() =>
        s.handler('X', 'delete table snapshots taken so far', () => {
          for (const n of names) env.cluster.tableSnapshots.delete(n)
          st.tableSnapshots.splice(0)
          return Promise.resolve()
        })
      )
    }
    await step(() => restore(env, st, 'handler'))
    await step(() => dropSnapshot(env, st, 'handler'))
    if (env.mode === 'hardened' || COPY_PHASES.includes(info.phase))
      await step(() =>
        s.handler('X', 'remove target directory', () =>
          Promise.resolve(C.removeDir(info.backupId)(env.cluster))
        )
      )
    await step(() => s.handlerApi('S', 'put session FAILED', 'updateBackupInfo', failed))
    await step(() => s.handlerApi('S', 'unlock', 'finishBackupExclusiveOperation'))
  } catch (e) {
    st.handlerFailed = true
    s.warn(
      `failBackup failed (${messageOf(e)}): please run backup repair tool manually to restore backup system integrity`
    )
    throw e
  }
}
