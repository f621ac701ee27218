/**
 * A backup that crashed mid-way with `snapshot_backup_system` still there: the snapshot holds the
 * table as it was before the backup began, and the crashed backup may already have advanced the
 * incremental set and the log-roll maps (an incremental's trslm rows claim WALs it never copied:
 * the next incremental would skip them). So the repair is Java's failure path: restore the
 * snapshot — keeping the bulk-load rows written since, which a restore would lose (reference
 * §1.7.5, scenario stale-snapshot-restored) — mark the crashed sessions FAILED, delete the snapshot.
 * Deleting the snapshot alone would throw the only rollback away, so while this applies the
 * running-session and snapshot checks leave these to it. It runs alone: the restore rewrites cells
 * other repairs guard on, so they are diagnosed again afterwards.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as Op from '../../core/Operation.js'
import * as P from '../../core/Program.js'
import { conflict } from '../../core/ProgramError.js'
import * as Session from '../../core/rows/BackupSession.js'
import * as BulkLoad from '../../core/rows/BulkLoad.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { Context, Observed, SessionSeen } from '../Observed.js'
import type { Check } from './Check.js'
import type { LockVerdict } from './lockVerdict.js'
import { isQuiet } from './lockVerdict.js'
import { failedByDoctor } from './runningSessions.js'

/** Rows re-put per batch (HBase rejects very large batches, HBASE-28696). */
const BATCH = 1000

export const crashedSessions = (seen: Observed): ReadonlyArray<SessionSeen> =>
  seen.sessions.filter((s) => s.running !== undefined)

export const rollbackApplies = (seen: Observed, lock: LockVerdict): boolean =>
  isQuiet(lock) && seen.snapshot === true && crashedSessions(seen).length > 0

const reput = (rows: ReadonlyArray<Op.Row>): P.Program<void> => {
  const puts = rows.map((r) =>
    Op.put(
      'bulk',
      r.key,
      r.cells.map((c) => Op.cell(c.family, c.qualifier, c.value))
    )
  )
  const batches: Array<ReadonlyArray<Op.Put>> = []
  for (let i = 0; i < puts.length; i += BATCH) batches.push(puts.slice(i, i + BATCH))
  return pipe(
    P.sequence(batches.map((b) => P.mutate(b))),
    P.map(() => undefined)
  )
}

const program = (crashed: ReadonlyArray<SessionSeen>, ctx: Context): P.Program<ReadonlyArray<string>> =>
  pipe(
    P.snapshotExists(),
    P.chain((exists) => (exists ? P.scan(BulkLoad.scanAll) : P.fail(conflict('snapshot_backup_system', 1)))),
    P.chain((bulk) =>
      pipe(
        P.restoreSnapshot(),
        P.andThen(reput(bulk)),
        P.andThen(
          P.mutate(
            crashed.flatMap((s) =>
              s.running === undefined
                ? []
                : [
                    Session.put(
                      failedByDoctor(
                        s.running.info,
                        ctx.now,
                        'crashed; the table was restored from its snapshot'
                      )
                    )
                  ]
            )
          )
        ),
        P.andThen(P.deleteSnapshot()),
        P.map(() => [
          'restored snapshot_backup_system (the table as it was before the crashed backup)',
          `re-put ${bulk.length} bulk-load row(s) the restore would have lost`,
          ...crashed.map((s) => `${s.backupId}: RUNNING → FAILED`),
          'deleted snapshot_backup_system'
        ])
      )
    )
  )

export const rollbackCheck: Check = {
  name: 'rollback',
  doc: 'a backup that crashed with the system snapshot still there: roll back as its failure path would',
  needsQuietTable: true,
  run: ({ seen, ctx, lock }): ReadonlyArray<Finding> => {
    if (!rollbackApplies(seen, lock)) return []
    const crashed = crashedSessions(seen)
    const ids = crashed.map((s) => s.backupId)
    return [
      {
        kind: 'crashed-backup-rollback',
        severity: 'error',
        summary: `${ids.join(',')} crashed mid-way; snapshot_backup_system still holds the table as it was before, and what the backup already wrote (incremental set, log-roll maps) must be rolled back`,
        evidence: evidence({
          rows: ids.map((id) => `session:${id} session:context`),
          sessions: ids,
          details: {
            snapshot: 'snapshot_backup_system',
            phases: crashed.map((s) => `${s.backupId}=${s.phase}`).join(',')
          }
        }),
        blocks: [
          'backup create ("Active session found")',
          'the next incremental (it would trust log-roll maps the crashed backup advanced, and skip WALs)'
        ],
        reference:
          'reference §4.2 failure path and §4.6 repair (restore from the snapshot); bulk rows lost by a restore: §1.7.5, scenario stale-snapshot-restored',
        repair: {
          summary: [
            'read every bulk-load row',
            'restore snapshot_backup_system',
            'put those bulk-load rows back',
            ...ids.map((id) => `mark ${id} FAILED`),
            'delete snapshot_backup_system',
            'then diagnose again (the restore rewrote the table)'
          ],
          program: program(crashed, ctx),
          runsAlone: true
        }
      }
    ]
  }
}
