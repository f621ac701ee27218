/**
 * Sessions whose fields contradict each other: completed before they started, no tables, or COMPLETE
 * with a failure message. Nothing to repair automatically: they are reported for a person.
 */
import * as B from '../../core/Bytes.js'
import * as Session from '../../core/rows/BackupSession.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { SessionSeen } from '../Observed.js'
import type { Check } from './Check.js'

const problemsOf = (s: SessionSeen): ReadonlyArray<string> => [
  ...(s.completeTs > 0 && s.startTs > s.completeTs
    ? [`it completed (${s.completeTs}) before it started (${s.startTs})`]
    : []),
  ...(s.tables.length === 0 ? ['it lists no table'] : []),
  ...(s.state === 'COMPLETE' && s.failedMessage !== undefined && s.failedMessage.length > 0
    ? ['it is COMPLETE with a failure message']
    : [])
]

export const impossibleSessionsCheck: Check = {
  name: 'impossible-sessions',
  doc: 'sessions with contradictory fields',
  needsQuietTable: false,
  run: ({ seen }): ReadonlyArray<Finding> =>
    seen.sessions.flatMap((s): ReadonlyArray<Finding> => {
      const p = problemsOf(s)
      return p.length === 0
        ? []
        : [
            {
              kind: 'impossible-session',
              severity: 'warning',
              summary: `${s.backupId}: ${p.join('; ')}`,
              evidence: evidence({
                rows: [B.toStringBinary(Session.key(s.backupId))],
                sessions: [s.backupId]
              }),
              blocks: [],
              reference: 'HBASE-28643 (sessions that cannot be repaired)'
            }
          ]
    })
}
