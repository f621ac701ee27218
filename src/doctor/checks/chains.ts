/**
 * Incremental chains: a COMPLETE incremental needs, for each of its tables, a COMPLETE FULL of that
 * table in the same root that started no later; without one its restore has no image to start from
 * (data deleted outside the tool, HBASE-28562; truncation, HBASE-29240). No repair: only a new FULL
 * backup (or deleting the incremental) fixes it, and that is the operator's call.
 */
import * as B from '../../core/Bytes.js'
import * as Session from '../../core/rows/BackupSession.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { SessionSeen } from '../Observed.js'
import type { Check } from './Check.js'

const uncovered = (s: SessionSeen, fulls: ReadonlyArray<SessionSeen>): ReadonlyArray<string> =>
  s.tables.filter(
    (t) => !fulls.some((f) => f.root === s.root && f.startTs <= s.startTs && f.tables.includes(t))
  )

export const chainsCheck: Check = {
  name: 'chains',
  doc: 'COMPLETE incrementals with a table that has no earlier COMPLETE FULL in their root',
  needsQuietTable: false,
  run: ({ seen }): ReadonlyArray<Finding> => {
    const fulls = seen.sessions.filter((s) => s.type === 'FULL' && s.state === 'COMPLETE')
    return seen.sessions.flatMap((s): ReadonlyArray<Finding> => {
      if (s.type !== 'INCREMENTAL' || s.state !== 'COMPLETE') return []
      const missing = uncovered(s, fulls)
      return missing.length === 0
        ? []
        : [
            {
              kind: 'incremental-without-full',
              severity: 'error',
              summary: `${s.backupId} is an incremental of ${missing.join(',')} with no earlier COMPLETE FULL backup of them in ${s.root}`,
              evidence: evidence({
                rows: [B.toStringBinary(Session.key(s.backupId))],
                sessions: [s.backupId],
                details: { root: s.root, tables: missing.join(',') }
              }),
              blocks: [`restore ${s.backupId} (no full image to start from)`],
              reference: 'HBASE-28562 (backup data deleted outside the tool), HBASE-29240 (truncation)'
            }
          ]
    })
  }
}
