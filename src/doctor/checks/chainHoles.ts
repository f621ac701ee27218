/**
 * Holes in a chain: an incremental of table t copies the WALs of each region server from where it
 * started (`incrTimestampMap`, persisted since HBASE-30322) up to its log roll. The backup before it
 * in t's chain (the newest earlier COMPLETE session of t in the root) ended at its
 * `tableSetTimestamp` (field 13). When the incremental starts later than that for some server, the
 * WALs in between are in no backup: a restore through the chain silently misses their edits (a
 * middle incremental deleted or merged away, HBASE-28562; truncation, HBASE-29240). Sessions
 * without both maps (Java before HBASE-30322 writes no field 17) cannot be judged and are left out.
 * A server missing from the earlier map joined in between (HBASE-29744): not a hole.
 */
import * as B from '../../core/Bytes.js'
import * as Session from '../../core/rows/BackupSession.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { SessionSeen } from '../Observed.js'
import type { Check } from './Check.js'

interface Gap {
  readonly table: string
  readonly server: string
  readonly from: number
  readonly to: number
  readonly after: string
}

const gapsOf = (s: SessionSeen, complete: ReadonlyArray<SessionSeen>): ReadonlyArray<Gap> =>
  s.tables.flatMap((t) => {
    const started = s.incrTimestampMap?.[t]
    const before = complete.find((p) => p.root === s.root && p.startTs < s.startTs && p.tables.includes(t))
    const ended = before?.tableSetTimestamp?.[t]
    if (started === undefined || before === undefined || ended === undefined) return []
    return Object.entries(started).flatMap(([server, from]) => {
      const to = ended[server]
      return to !== undefined && from > to
        ? [{ table: t, server, from: to, to: from, after: before.backupId }]
        : []
    })
  })

export const chainHolesCheck: Check = {
  name: 'chain-holes',
  doc: 'incrementals that start after where the backup before them in the chain ended',
  needsQuietTable: false,
  run: ({ seen }): ReadonlyArray<Finding> => {
    // newest first, so `find` picks the nearest earlier backup
    const complete = seen.sessions.filter((s) => s.state === 'COMPLETE')
    return complete.flatMap((s): ReadonlyArray<Finding> => {
      if (s.type !== 'INCREMENTAL') return []
      const gaps = gapsOf(s, complete)
      return gaps.length === 0
        ? []
        : [
            {
              kind: 'chain-hole',
              severity: 'error',
              summary: `${s.backupId} starts after the backup before it ended: WALs of ${gaps
                .map((g) => `${g.server} in (${g.from}, ${g.to}] for ${g.table} (after ${g.after})`)
                .join('; ')} are in no backup`,
              evidence: evidence({
                rows: [B.toStringBinary(Session.key(s.backupId))],
                sessions: [s.backupId, ...new Set(gaps.map((g) => g.after))],
                details: { root: s.root, tables: [...new Set(gaps.map((g) => g.table))].join(',') }
              }),
              blocks: [`restore ${s.backupId} (it would miss the edits of the gap, silently)`],
              reference:
                'HBASE-28562 (data deleted outside the tool), HBASE-29240 (truncation invalidates ancestry)'
            }
          ]
    })
  }
}
