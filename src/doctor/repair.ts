/**
 * `repair(table, findings)`: the findings' repair programs, each run under the exclusive lock. The
 * lock is taken first — normally, or, when a `stale-lock` finding is among them, taken over from the
 * dead holder (guarded on the holder cell diagnosis read) — then each repair runs in order, and the
 * lock is released at the end, also when a repair stops. A repair whose guarded cell changed since
 * diagnosis stops with `Conflict`; the ones after it do not run. `explainRepair` prints the same
 * programs as a dry run against the table before anything is written.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import { thisProcess } from '../api/lockHolder.js'
import { startBackupExclusiveOperationBy, finishBackupExclusiveOperation } from '../core/methods/lock.js'
import * as P from '../core/Program.js'
import { conflict } from '../core/ProgramError.js'
import * as B from '../core/Bytes.js'
import type { Holder } from '../core/rows/ExclusiveLock.js'
import * as Lock from '../core/rows/ExclusiveLock.js'
import type { ApiError } from '../interpreter/ApiError.js'
import { describe } from '../interpreter/ApiError.js'
import { explain } from '../interpreter/explain.js'
import { run } from '../interpreter/run.js'
import type { Finding, FindingKind } from './Finding.js'
import { compareFindings } from './Finding.js'

export interface RepairOptions {
  /** Recorded as the lock's holder while repairing; this process by default. */
  readonly holder?: Holder
}

export interface RepairPlan {
  readonly lock: P.Program<void>
  readonly lockText: string
  readonly steps: ReadonlyArray<{
    readonly finding: Finding
    readonly program: P.Program<ReadonlyArray<string>>
  }>
  readonly release: P.Program<void>
  /** A restore may have brought the lock back as "no" (the snapshot's): nothing left to release. */
  readonly releaseMayFindNoLock: boolean
  /** Some repairs were held back behind one that runs alone: diagnose again, then repair again. */
  readonly rerun: boolean
}

export interface RepairOutcome {
  /** Every repair ran and the lock was released. */
  readonly ok: boolean
  readonly repaired: ReadonlyArray<{
    readonly kind: FindingKind
    readonly summary: string
    readonly changes: ReadonlyArray<string>
  }>
  /** The repair that stopped (or the lock that could not be taken), and why. */
  readonly stopped?: {
    readonly kind: FindingKind | 'lock'
    readonly error: ApiError
    readonly message: string
  }
  /** Findings with no repair, left as they are. */
  readonly unrepaired: ReadonlyArray<FindingKind>
  /** A repair that runs alone held others back: diagnose again and repair what is left. */
  readonly rerun: boolean
}

export const plan = (findings: ReadonlyArray<Finding>, options: RepairOptions = {}): RepairPlan => {
  const holder = options.holder ?? thisProcess()
  const ordered = [...findings].sort(compareFindings)
  const alone = ordered.find((f) => f.repair?.runsAlone === true)
  // one that runs alone goes with the lock takeover only; the rest wait for the next diagnosis
  const chosen =
    alone === undefined
      ? ordered
      : ordered.filter((f) => f === alone || f.repair?.takesOverLock !== undefined)
  const takeover = ordered.find((f) => f.repair?.takesOverLock !== undefined)?.repair?.takesOverLock
  const lock =
    takeover === undefined
      ? startBackupExclusiveOperationBy(holder)
      : pipe(
          P.checkAndPut(Lock.takeOver(takeover.pid, holder)),
          P.chain((ok) => (ok ? P.unit : P.fail(conflict(B.toStringBinary(Lock.KEY), 1))))
        )
  return {
    lock,
    lockText:
      takeover === undefined
        ? `take the exclusive lock as pid ${holder.pid} on ${holder.host}`
        : `take the stale exclusive lock over as pid ${holder.pid} on ${holder.host}`,
    steps: chosen.flatMap((f) => (f.repair === undefined ? [] : [{ finding: f, program: f.repair.program }])),
    release: finishBackupExclusiveOperation,
    releaseMayFindNoLock: alone !== undefined,
    rerun: ordered.some((f) => f.repair !== undefined && !chosen.includes(f))
  }
}

/** The repair as a dry run against the table: reads are real, nothing is written. */
export const explainRepair = async (
  table: BackupSystemTable,
  findings: ReadonlyArray<Finding>,
  options: RepairOptions = {}
): Promise<string> => {
  const p = plan(findings, options)
  if (p.steps.length === 0) return 'nothing to repair'
  const env = { tables: table.tables, store: table.store }
  const parts = [`— ${p.lockText}\n${(await explain(p.lock, env)).text}`]
  for (const s of p.steps)
    parts.push(
      `— ${s.finding.kind}: ${s.finding.repair?.summary.join('; ') ?? ''}\n${(await explain(s.program, env)).text}`
    )
  parts.push(
    `— release the exclusive lock (a dry run sees the table as it is now, before the repair takes the lock)\n${(await explain(p.release, env)).text}`
  )
  return parts.join('\n\n')
}

export const repair = async (
  table: BackupSystemTable,
  findings: ReadonlyArray<Finding>,
  options: RepairOptions = {}
): Promise<RepairOutcome> => {
  const p = plan(findings, options)
  const unrepaired = findings.filter((f) => f.repair === undefined).map((f) => f.kind)
  if (p.steps.length === 0) return { ok: true, repaired: [], unrepaired, rerun: false }
  const exec = run({ store: table.store, tables: table.tables })
  const locked = await exec(p.lock)()
  if (E.isLeft(locked))
    return {
      ok: false,
      repaired: [],
      stopped: { kind: 'lock', error: locked.left, message: describe(locked.left) },
      unrepaired,
      rerun: false
    }
  const repaired: Array<RepairOutcome['repaired'][number]> = []
  let stopped: RepairOutcome['stopped']
  for (const s of p.steps) {
    const r = await exec(s.program)()
    if (E.isLeft(r)) {
      stopped = { kind: s.finding.kind, error: r.left, message: describe(r.left) }
      break
    }
    repaired.push({ kind: s.finding.kind, summary: s.finding.summary, changes: r.right })
  }
  const released = await exec(p.release)()
  const nothingToRelease =
    E.isLeft(released) && p.releaseMayFindNoLock && released.left._tag === 'NoExclusiveOperation'
  if (E.isLeft(released) && !nothingToRelease && stopped === undefined)
    stopped = {
      kind: 'lock',
      error: released.left,
      message: `releasing the lock: ${describe(released.left)}`
    }
  return {
    ok: stopped === undefined,
    repaired,
    ...(stopped === undefined ? {} : { stopped }),
    unrepaired,
    rerun: stopped === undefined && p.rerun
  }
}
