/**
 * What every flow shares: the mode, the environment a flow runs in, and its outcome as a tagged
 * value. A flow also fills a `FlowState` as it goes (lock taken, backup id, snapshot taken), which
 * the invariants read even when the flow crashed half-way.
 *
 * Modes: `faithful` replays the 2017 Java flows (HBase at the seed of this project's layout), warts
 * included; `hardened` is this project's own flows over the same rows, without them.
 */
import type { BackupInfoInput } from '../../api/methods.js'
import type { VirtualClock } from '../Clock.js'
import type { Cluster } from '../Cluster.js'
import type { Random } from '../Random.js'
import type { Steps } from '../Steps.js'

export type Mode = 'faithful' | 'hardened'

export const modes: ReadonlyArray<Mode> = ['faithful', 'hardened']

export type FlowKind = 'full' | 'incremental' | 'delete' | 'merge' | 'repair'

export interface FlowEnv {
  readonly mode: Mode
  readonly cluster: Cluster
  readonly steps: Steps
  readonly clock: VirtualClock
  readonly rng: Random
}

export type Outcome =
  /** The flow reported success (Java: returned normally / a backup id / a count ≥ 0). */
  | { readonly _tag: 'Completed'; readonly detail: string }
  /** The flow reported failure after running its failure path (or had none to run). */
  | { readonly _tag: 'Failed'; readonly error: string; readonly handlerFailed: boolean }
  /** Refused before changing anything it owns (guards, lock held, nothing to do). */
  | { readonly _tag: 'Rejected'; readonly reason: string }
  /** The process died; no handler ran. */
  | { readonly _tag: 'Crashed'; readonly error: string }

export interface FlowState {
  lockAcquired: boolean
  /** The system snapshot this flow took itself (hardened restores only its own). */
  snapshotTaken: boolean
  handlerFailed: boolean
  backupId?: string
  info?: BackupInfoInput
  /** Backups a delete or merge targets. */
  targets: ReadonlyArray<string>
  /** HFile paths an incremental copied / a full snapshot captured, released on completion. */
  captured: ReadonlyArray<string>
  /** Table snapshots taken by a full backup. */
  tableSnapshots: Array<string>
  /**
   * Bulk-load rows read before a restore, kept across the attempts of one flow: a throw between
   * the restore and their re-put must not lose them on the retry (which would read the restored,
   * older table).
   */
  keptBulkLoads?: ReadonlyArray<KeptBulkLoad>
}

export interface KeptBulkLoad {
  readonly table: string
  readonly region: string
  readonly family: string
  readonly path: string
  readonly state: string | undefined
}

export const initialState = (): FlowState => ({
  lockAcquired: false,
  snapshotTaken: false,
  handlerFailed: false,
  targets: [],
  captured: [],
  tableSnapshots: []
})

export const completed = (detail: string): Outcome => ({ _tag: 'Completed', detail })
export const rejected = (reason: string): Outcome => ({ _tag: 'Rejected', reason })

/** A refusal that escapes the flow as an exception (Java's IOException before any write). */
export class Rejection extends Error {
  readonly _tag = 'Rejection'
}
