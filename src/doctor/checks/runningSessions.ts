/**
 * RUNNING sessions with no live operation behind them (the lock free, or stale): a crash left them.
 * Repair marks each FAILED, as Java's repair does, guarded on the session's stored bytes.
 */
import * as O from 'fp-ts/lib/Option.js'
import type { BackupInfo } from '../../core/domain/BackupInfo.js'
import * as Op from '../../core/Operation.js'
import * as Session from '../../core/rows/BackupSession.js'
import { SESSIONS_FAMILY } from '../../core/rows/Schema.js'
import * as B from '../../core/Bytes.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import { all, guardedPut } from '../guards.js'
import type { Check } from './Check.js'

export const failedByDoctor = (info: BackupInfo, now: number, why: string): BackupInfo => ({
  ...info,
  state: 'FAILED',
  completeTs: Math.max(now, info.startTs),
  failedMessage: `REPAIR status: marked FAILED by hbase-backup-meta doctor: ${why}`
})

export const runningSessionsCheck: Check = {
  name: 'running-sessions',
  doc: 'sessions left RUNNING with no live operation holding the lock',
  needsQuietTable: true,
  run: ({ seen, ctx, lock }): ReadonlyArray<Finding> =>
    // with the snapshot there, the rollback repair owns them (see rollback.ts)
    seen.snapshot === true
      ? []
      : seen.sessions.flatMap((s): ReadonlyArray<Finding> => {
          if (s.running === undefined) return []
          const why = lock._tag === 'Free' ? 'RUNNING while the lock is free' : 'RUNNING under a stale lock'
          const failed = failedByDoctor(s.running.info, ctx.now, why)
          const row = Session.key(s.backupId)
          return [
            {
              kind: 'running-session',
              severity: 'error',
              summary: `${s.backupId} (${s.type}, phase ${s.phase}) is ${why}`,
              evidence: evidence({
                rows: [`${B.toStringBinary(row)} session:context`],
                sessions: [s.backupId],
                details: { root: s.root, tables: s.tables.join(','), startTs: String(s.startTs) }
              }),
              blocks: [
                'backup create ("Active session found")',
                'backup delete ("Run backup repair tool first")'
              ],
              reference:
                'hbase-versions §2.2 (RUNNING sessions left by a crash); seed repair fixes only the oldest (reference §4.6)',
              repair: {
                summary: [`mark ${s.backupId} FAILED (only while its session row is as read)`],
                program: all([
                  guardedPut(
                    Op.checkAndPut(
                      { family: SESSIONS_FAMILY, qualifier: Session.QUALIFIER },
                      O.some(s.running.bytes),
                      Session.put(failed)
                    ),
                    `${s.backupId}: RUNNING → FAILED`
                  )
                ])
              }
            }
          ]
        })
}
