/**
 * Bulk-load rows of tables in no COMPLETE FULL backup (any root): incrementals only copy the HFiles
 * of tables they cover, so nothing consumes these rows. A note, not an error (HBase's observer does
 * not even register them for such tables); repair deletes them, guarded on each row's path.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import * as Op from '../../core/Operation.js'
import * as BulkLoad from '../../core/rows/BulkLoad.js'
import { META_FAMILY } from '../../core/rows/Schema.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import { all, guardedDelete } from '../guards.js'
import type { BulkRowSeen } from '../Observed.js'
import type { Check } from './Check.js'

/** Rows shown in the evidence; the repair still covers every row. */
const SHOWN = 20

export const bulkLoadsCheck: Check = {
  name: 'bulk-loads',
  doc: 'bulk-load rows of tables in no COMPLETE FULL backup',
  needsQuietTable: true,
  run: ({ seen }): ReadonlyArray<Finding> => {
    const byTable = new Map<string, Array<BulkRowSeen>>()
    for (const r of seen.orphanBulkRows) {
      const rows = byTable.get(r.table) ?? []
      rows.push(r)
      byTable.set(r.table, rows)
    }
    return [...byTable].map(([table, rows]) => ({
      kind: 'orphan-bulk-load' as const,
      severity: 'info' as const,
      summary: `${rows.length} bulk-load row(s) of ${table}, which is in no COMPLETE FULL backup: nothing will consume them`,
      evidence: evidence({
        rows: rows.slice(0, SHOWN).map((r) => B.toStringBinary(r.row)),
        details: { table, count: String(rows.length) }
      }),
      blocks: [],
      reference: 'HBASE-29003 (stale bulk rows), HBASE-28696 (their deletion in bounded batches)',
      repair: {
        summary: [
          `delete the ${rows.length} bulk-load row(s) of ${table} (each only while its path is as read)`
        ],
        program: all(
          rows.map((r) =>
            guardedDelete(
              Op.checkAndDelete(
                { family: META_FAMILY, qualifier: BulkLoad.PATH },
                O.some(r.path),
                BulkLoad.remove(r.row)
              ),
              `deleted ${B.toStringBinary(r.row)}`
            )
          )
        )
      }
    }))
  }
}
