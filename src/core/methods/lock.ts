/**
 * The exclusive-operation lock as programs: acquire tries two compare-and-sets in order (absent →
 * "yes", then "no" → "yes"); release is one ("yes" → "no"). Neither retries: waiting is the
 * caller's policy, as in Java's BackupManager.
 */
import { pipe } from 'fp-ts/lib/function.js'
import type * as Op from '../Operation.js'
import * as P from '../Program.js'
import type { ProgramError } from '../ProgramError.js'
import { exclusiveOperation, noExclusiveOperation } from '../ProgramError.js'
import * as Lock from '../rows/ExclusiveLock.js'

/**
 * Fails with `error`, unless the lock cell is corrupt: then with `Malformed` naming it, because
 * neither CAS can ever succeed on it and "someone holds the lock" would be a lie (one extra read,
 * on the failure path only).
 */
const failUnlessCorrupt = (error: ProgramError): P.Program<never> =>
  pipe(
    P.get(Lock.get),
    P.chain((row) => pipe(Lock.decodeRow(row), P.fromEither)),
    P.chain(() => P.fail(error))
  )

const acquireWith = (first: Op.CheckAndPut, second: Op.CheckAndPut): P.Program<void> =>
  pipe(
    P.checkAndPut(first),
    P.chain((ok) => (ok ? P.of(true) : P.checkAndPut(second))),
    P.chain((ok) => (ok ? P.unit : failUnlessCorrupt(exclusiveOperation)))
  )

export const startBackupExclusiveOperation: P.Program<void> = acquireWith(
  Lock.acquireIfAbsent,
  Lock.acquireIfReleased
)

/** `startBackupExclusiveOperation` that also records who holds the lock (cells Java never reads). */
export const startBackupExclusiveOperationBy = (holder: Lock.Holder): P.Program<void> =>
  acquireWith(...Lock.acquireBy(holder))

export const finishBackupExclusiveOperation: P.Program<void> = pipe(
  P.checkAndPut(Lock.release),
  P.chain((ok) => (ok ? P.unit : failUnlessCorrupt(noExclusiveOperation)))
)

export const lockState: P.Program<Lock.LockState> = pipe(P.get(Lock.get), P.map(Lock.decodeState))
