/**
 * The incremental set of a root naming tables with no COMPLETE FULL backup there: the next
 * incremental "backs up" them without a base (the seed's finalizeDelete never shrinks the set,
 * HBASE-28568; a crash after step 8 of a first FULL adds them early). Repair removes those columns;
 * HBase's check treats an expected empty value as "absent or empty", so the guard cannot tell the
 * column from none, and removing an absent column changes nothing: the lock is the real guard.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import * as Op from '../../core/Operation.js'
import * as IncrementalSet from '../../core/rows/IncrementalSet.js'
import { META_FAMILY } from '../../core/rows/Schema.js'
import type { BackupRoot } from '../../core/domain/Identifiers.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import { all, guardedDelete } from '../guards.js'
import { fullyBacked } from '../Observed.js'
import type { Check } from './Check.js'

export const incrementalSetCheck: Check = {
  name: 'incremental-set',
  doc: 'tables of an incremental set with no COMPLETE FULL backup in its root',
  needsQuietTable: true,
  run: ({ seen }): ReadonlyArray<Finding> => {
    const backed = fullyBacked(seen.sessions)
    return seen.incrementalSets.flatMap(({ root, tables }): ReadonlyArray<Finding> => {
      const inRoot = backed.inRoot(root)
      const unbacked = tables.filter((t) => !inRoot.has(t))
      if (unbacked.length === 0) return []
      const key = IncrementalSet.key(root as BackupRoot)
      const row = B.toStringBinary(key)
      return [
        {
          kind: 'incremental-set-unbacked',
          severity: 'error',
          summary: `the incremental set of ${root} holds ${unbacked.join(',')}, which have no COMPLETE FULL backup there`,
          evidence: evidence({
            rows: unbacked.map((t) => `${row} meta:${t}`),
            details: { root, tables: unbacked.join(',') }
          }),
          blocks: [
            `backup create incremental in ${root} (it would cover ${unbacked.join(',')} with no base)`
          ],
          reference:
            'HBASE-28568; scenarios delete-never-shrinks-incremental-set, crash-between-snapshot-delete-and-complete',
          repair: {
            summary: unbacked.map((t) => `remove ${t} from ${row}`),
            program: all(
              unbacked.map((t) =>
                guardedDelete(
                  Op.checkAndDelete(
                    { family: META_FAMILY, qualifier: B.utf8(t) },
                    O.some(B.empty),
                    Op.deleteColumn('system', key, META_FAMILY, t)
                  ),
                  `removed ${t} from the incremental set of ${root}`
                )
              )
            )
          }
        }
      ]
    })
  }
}
