/**
 * Log-roll rows nothing uses any more, which hold WALs back from the cleaner: `trslm` rows of tables
 * no COMPLETE session of their root covers, and `rslogts` rows of servers no `trslm` map of their
 * root names (decommissioned servers, HBASE-29628; stale table timestamps, HBASE-29905). A note, not
 * a warning: they block no command and break no restore, they only keep WALs longer (deletes leave
 * them, in Java and in this library's flows alike). Repair deletes each row, guarded on its value.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import * as Op from '../../core/Operation.js'
import { META_FAMILY } from '../../core/rows/Schema.js'
import * as ServerLogRoll from '../../core/rows/ServerLogRoll.js'
import * as TableServerLogRoll from '../../core/rows/TableServerLogRoll.js'
import type { Finding, FindingKind } from '../Finding.js'
import { evidence } from '../Finding.js'
import { all, guardedDelete } from '../guards.js'
import type { LogRollSeen } from '../Observed.js'
import type { Check } from './Check.js'

const finding = (
  kind: FindingKind,
  root: string,
  what: string,
  stale: ReadonlyArray<LogRollSeen>,
  qualifier: Uint8Array,
  reference: string
): Finding => ({
  kind,
  severity: 'info',
  summary: `${stale.length} ${what} row(s) of ${root} name ${stale.map((s) => s.name).join(',')}, which nothing in that root uses`,
  evidence: evidence({
    rows: stale.map((s) => B.toStringBinary(s.row)),
    details: { root, names: stale.map((s) => s.name).join(',') }
  }),
  blocks: [],
  reference,
  repair: {
    summary: stale.map((s) => `delete ${B.toStringBinary(s.row)} (only while its value is as read)`),
    program: all(
      stale.map((s) =>
        guardedDelete(
          Op.checkAndDelete(
            { family: META_FAMILY, qualifier },
            O.some(s.value),
            Op.deleteFamily('system', s.row, META_FAMILY)
          ),
          `deleted ${B.toStringBinary(s.row)}`
        )
      )
    )
  }
})

const byRoot = (rows: ReadonlyArray<LogRollSeen>): ReadonlyMap<string, ReadonlyArray<LogRollSeen>> => {
  const m = new Map<string, Array<LogRollSeen>>()
  for (const r of rows) {
    const same = m.get(r.root) ?? []
    same.push(r)
    m.set(r.root, same)
  }
  return m
}

export const logRollsCheck: Check = {
  name: 'log-rolls',
  doc: 'trslm rows of tables no COMPLETE session covers; rslogts rows of servers no trslm map names',
  needsQuietTable: true,
  run: ({ seen }): ReadonlyArray<Finding> => {
    const complete = new Set(
      seen.sessions
        .filter((s) => s.state === 'COMPLETE')
        .flatMap((s) => s.tables.map((t) => `${s.root}\u0000${t}`))
    )
    const covered = (root: string, table: string): boolean => complete.has(`${root}\u0000${table}`)
    const out: Array<Finding> = []
    for (const [root, rows] of byRoot(seen.tableLogRolls)) {
      const stale = rows.filter((r) => !covered(root, r.name))
      if (stale.length > 0)
        out.push(
          finding('stale-table-log-roll', root, 'trslm', stale, TableServerLogRoll.QUALIFIER, 'HBASE-29905')
        )
    }
    for (const [root, rows] of byRoot(seen.serverLogRolls)) {
      const named = new Set(
        seen.tableLogRolls.filter((t) => t.root === root && covered(root, t.name)).flatMap((t) => t.servers)
      )
      const stale = rows.filter((r) => !named.has(r.name))
      if (stale.length > 0)
        out.push(
          finding('stale-server-log-roll', root, 'rslogts', stale, ServerLogRoll.QUALIFIER, 'HBASE-29628')
        )
    }
    return out
  }
}
