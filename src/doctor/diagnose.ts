/**
 * `diagnose(table, options)`: reads the table once (streaming, see `observe`), judges the lock, and
 * runs every check. Reads only. Checks that look at what a live operation may still be writing
 * (RUNNING sessions, markers, the snapshot, the incremental set, log-roll and bulk rows) are skipped
 * while a live or unidentifiable holder has the lock, and the diagnosis says so.
 */
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import { thisProcess } from '../api/lockHolder.js'
import type { Holder } from '../core/rows/ExclusiveLock.js'
import { checks } from './checks/index.js'
import type { LockVerdict } from './checks/lockVerdict.js'
import { isQuiet, lockVerdict } from './checks/lockVerdict.js'
import type { Finding } from './Finding.js'
import { compareFindings } from './Finding.js'
import { observe } from './observe.js'
import type { Context, Observed } from './Observed.js'
import { probeLocalProcess } from './probe.js'

export interface DiagnoseOptions {
  /** Milliseconds since the epoch; `Date.now()` by default. */
  readonly now?: number
  /** The operator asserts no backup tool is running: a held lock and anything in progress are debris. */
  readonly offline?: boolean
  /** A lock held longer than this by a holder on another host is stale; 6 hours by default. */
  readonly lockStaleAfterMs?: number
  /** Probes a recorded holder; the local-process probe by default. */
  readonly isAlive?: (holder: Holder) => boolean | undefined
  /** Who repairs record as the lock holder; this process by default. */
  readonly holder?: Holder
}

export interface Diagnosis {
  /** Errors first, then warnings, then notes. */
  readonly findings: ReadonlyArray<Finding>
  readonly lock: LockVerdict
  /** Checks not run, and why. */
  readonly skipped: ReadonlyArray<{ readonly check: string; readonly reason: string }>
  readonly seen: Observed
  readonly context: Context
}

export const DEFAULT_LOCK_STALE_AFTER_MS = 6 * 3_600_000

export const contextOf = (options: DiagnoseOptions = {}): Context => ({
  now: options.now ?? Date.now(),
  offline: options.offline ?? false,
  lockStaleAfterMs: options.lockStaleAfterMs ?? DEFAULT_LOCK_STALE_AFTER_MS,
  isAlive: options.isAlive ?? probeLocalProcess,
  holder: options.holder ?? thisProcess()
})

/** The checks over what was already read (pure). */
export const judge = (seen: Observed, ctx: Context): Diagnosis => {
  const lock = lockVerdict(seen, ctx)
  const quiet = isQuiet(lock)
  const run = checks.filter((c) => quiet || !c.needsQuietTable)
  const reason = lock._tag === 'Live' || lock._tag === 'Unknown' ? lock.reason : ''
  return {
    findings: run.flatMap((c) => c.run({ seen, ctx, lock })).sort(compareFindings),
    lock,
    skipped: checks
      .filter((c) => !run.includes(c))
      .map((c) => ({ check: c.name, reason: `an operation may be in progress: ${reason}` })),
    seen,
    context: ctx
  }
}

export const diagnose = async (table: BackupSystemTable, options: DiagnoseOptions = {}): Promise<Diagnosis> =>
  judge(await observe(table), contextOf(options))
