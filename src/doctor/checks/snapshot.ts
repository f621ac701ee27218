/**
 * `snapshot_backup_system` left behind. The next backup's snapshot then fails, and its failure path
 * restores the stale snapshot, reverting every row written since (reference §1.7.5). Repair deletes
 * it; a snapshot has no cell to guard on, so the repair checks it still exists, under the lock.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as P from '../../core/Program.js'
import { conflict } from '../../core/ProgramError.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { Check } from './Check.js'

export const snapshotCheck: Check = {
  name: 'snapshot',
  doc: 'a snapshot_backup_system left behind by an operation that is gone',
  needsQuietTable: true,
  run: ({ seen }): ReadonlyArray<Finding> =>
    // a crashed backup's snapshot is its rollback: rollback.ts restores it, never just deletes it
    seen.snapshot !== true || seen.sessions.some((s) => s.running !== undefined)
      ? []
      : [
          {
            kind: 'system-snapshot-left',
            severity: 'error',
            summary: 'snapshot_backup_system is left behind',
            evidence: evidence({ details: { snapshot: 'snapshot_backup_system' } }),
            blocks: [
              'backup create (beginBackup cannot snapshot; its failure path then restores this stale snapshot)'
            ],
            reference: 'reference §1.7.5; scenario stale-snapshot-restored',
            repair: {
              summary: ['delete snapshot_backup_system (only if it still exists)'],
              program: pipe(
                P.snapshotExists(),
                P.chain((exists) =>
                  exists
                    ? pipe(
                        P.deleteSnapshot(),
                        P.map(() => ['deleted snapshot_backup_system'])
                      )
                    : P.fail(conflict('snapshot_backup_system', 1))
                )
              )
            }
          }
        ]
}
