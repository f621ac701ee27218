/**
 * A check: a named, pure function from what was read (and the lock's verdict) to findings. Checks of
 * in-progress state (RUNNING sessions, markers, the snapshot) and of metadata a running backup is
 * still writing report only when no live operation holds the lock: `debris` says so.
 */
import type { Finding } from '../Finding.js'
import type { Context, Observed } from '../Observed.js'
import type { LockVerdict } from './lockVerdict.js'

export interface CheckInput {
  readonly seen: Observed
  readonly ctx: Context
  readonly lock: LockVerdict
}

export interface Check {
  readonly name: string
  /** What it looks for, for `--help` and the README. */
  readonly doc: string
  /** Runs only when no live operation may be writing what it checks. */
  readonly needsQuietTable: boolean
  readonly run: (input: CheckInput) => ReadonlyArray<Finding>
}
