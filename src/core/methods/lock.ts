/**
 * The exclusive-operation lock as programs: acquire tries two compare-and-sets in order (absent →
 * "yes", then "no" → "yes"); release is one ("yes" → "no"). Neither retries: waiting is the
 * caller's policy, as in Java's BackupManager.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as P from '../Program.js'
import { exclusiveOperation, noExclusiveOperation } from '../ProgramError.js'
import * as Lock from '../rows/ExclusiveLock.js'

export const startBackupExclusiveOperation: P.Program<void> = pipe(
  P.checkAndPut(Lock.acquireIfAbsent),
  P.chain((ok) => (ok ? P.of(true) : P.checkAndPut(Lock.acquireIfReleased))),
  P.chain((ok) => (ok ? P.unit : P.fail(exclusiveOperation)))
)

export const finishBackupExclusiveOperation: P.Program<void> = pipe(
  P.checkAndPut(Lock.release),
  P.chain((ok) => (ok ? P.unit : P.fail(noExclusiveOperation)))
)

export const lockState: P.Program<Lock.LockState> = pipe(P.get(Lock.get), P.map(Lock.decodeState))
