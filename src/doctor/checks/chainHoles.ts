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
import { oldestFirst } from './chains.js'

interface Gap {
  readonly table: string
  readonly server: string
  readonly from: number
  readonly to: number
  readonly after: string
}

/** The gaps of incremental `s` against the last backup of each of its tables (`last`, by root and table). */
const gapsOf = (s: SessionSeen, last: ReadonlyMap<string, SessionSeen>): ReadonlyArray<Gap> =>
  s.tables.flatMap((t) => {
    const started = s.incrTimestampMap?.[t]
    const before = last.get(`${s.root}\u0000${t}`)
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
    // one pass, oldest first, remembering the last COMPLETE backup of each (root, table)
    const last = new Map<string, SessionSeen>()
    const out: Array<Finding> = []
    for (const s of oldestFirst(seen.sessions)) {
      if (s.state !== 'COMPLETE') continue
      const gaps = s.type === 'INCREMENTAL' ? gapsOf(s, last) : []
      for (const t of s.tables) last.set(`${s.root}\u0000${t}`, s)
      if (gaps.length === 0) continue
      out.push({
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
      })
    }
    return out.reverse()
  }
}
