/**
 * The exclusive lock: held by a holder that is gone → `stale-lock`, repaired by taking the lock over
 * (guarded on the holder cell read) and releasing it after the other repairs; held by a holder that
 * left no record, with no operation to explain it or for longer than the threshold →
 * `lock-holder-unknown`, reported without a repair (it may be alive).
 */
import * as B from '../../core/Bytes.js'
import * as P from '../../core/Program.js'
import * as Lock from '../../core/rows/ExclusiveLock.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { Observed } from '../Observed.js'
import type { Check } from './Check.js'
import { describeHolder } from './lockVerdict.js'

const ROW = B.toStringBinary(Lock.KEY)
const BLOCKS = ['backup create', 'backup delete', 'backup merge (ExclusiveOperationException)']

const explainedBy = (seen: Observed): string => {
  const running = seen.sessions.filter((s) => s.state === 'RUNNING').map((s) => s.backupId)
  const parts = [
    ...(running.length > 0 ? [`RUNNING ${running.join(',')}`] : []),
    ...(seen.deleteMarker !== undefined ? [`delete marker ${seen.deleteMarker.ids.join(',')}`] : []),
    ...(seen.mergeMarker !== undefined ? [`merge marker ${seen.mergeMarker.ids.join(',')}`] : [])
  ]
  return parts.length === 0 ? 'nothing (no RUNNING session, no marker)' : parts.join('; ')
}

export const lockCheck: Check = {
  name: 'lock',
  doc: 'the exclusive lock is held by a holder that is gone, or by one that cannot be identified',
  needsQuietTable: false,
  run: ({ seen, ctx, lock }): ReadonlyArray<Finding> => {
    if (lock._tag === 'Free' || lock._tag === 'Live') return []
    const since = seen.lock.since === undefined ? 'unknown' : new Date(seen.lock.since).toISOString()
    const details = { holder: describeHolder(seen), since, inProgress: explainedBy(seen) }
    if (lock._tag === 'Stale')
      return [
        {
          kind: 'stale-lock',
          severity: 'error',
          summary: `the exclusive lock is stale: ${lock.reason}`,
          evidence: evidence({ rows: [`${ROW} session:c`], details }),
          blocks: BLOCKS,
          reference:
            'hbase-versions §2.1 (HBASE-29448, HBASE-28687: the tool locks up); a bare lock is never released by repair (reference §1.7.4, scenario repair-cannot-clear-bare-lock)',
          repair: {
            summary: [
              `take the lock over from ${describeHolder(seen)} (only while ${ROW} session:holder.pid is as read)`,
              'release it once the other repairs are done'
            ],
            program: P.of([
              `took the lock over from ${describeHolder(seen)}; released when the repairs are done`
            ]),
            takesOverLock: { pid: seen.lock.pidCell }
          }
        }
      ]
    const unexplained = explainedBy(seen).startsWith('nothing')
    const age = seen.lock.since === undefined ? 0 : ctx.now - seen.lock.since
    if (!unexplained && age <= ctx.lockStaleAfterMs) return []
    return [
      {
        kind: 'lock-holder-unknown',
        severity: 'warning',
        summary: `the exclusive lock is held and the doctor cannot tell whether its holder is alive: ${lock.reason}`,
        evidence: evidence({ rows: [`${ROW} session:c`], details }),
        blocks: BLOCKS,
        reference:
          'hbase-versions §2.1: a bare "yes" cannot be told from a live holder; if no backup tool runs, diagnose with offline (--offline) to release it'
      }
    ]
  }
}
