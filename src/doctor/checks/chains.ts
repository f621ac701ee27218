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

/** Oldest first; a FULL before an incremental that started at the same time. */
export const oldestFirst = (sessions: ReadonlyArray<SessionSeen>): ReadonlyArray<SessionSeen> =>
  [...sessions].sort((a, b) => a.startTs - b.startTs || (a.type === b.type ? 0 : a.type === 'FULL' ? -1 : 1))

const key = (root: string, table: string): string => `${root}\u0000${table}`

export const chainsCheck: Check = {
  name: 'chains',
  doc: 'COMPLETE incrementals with a table that has no earlier COMPLETE FULL in their root',
  needsQuietTable: false,
  run: ({ seen }): ReadonlyArray<Finding> => {
    // one pass, oldest first, remembering which (root, table) has had a COMPLETE FULL so far
    const based = new Set<string>()
    const out: Array<Finding> = []
    for (const s of oldestFirst(seen.sessions)) {
      if (s.state !== 'COMPLETE') continue
      if (s.type === 'FULL') {
        for (const t of s.tables) based.add(key(s.root, t))
        continue
      }
      const missing = s.tables.filter((t) => !based.has(key(s.root, t)))
      if (missing.length > 0)
        out.push({
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
        })
    }
    // newest first, as the other checks report
    return out.reverse()
  }
}
