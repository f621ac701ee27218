/**
 * Virtual time: one clock per simulation, injected into `memoryStore({ clock })` (the "server"
 * time of cells) and into `BackupSystemTable.open(store, { clock })`, and read by the cluster for
 * WAL names and backup ids. Time moves only when the simulation says so, which keeps runs
 * reproducible and lets a "sleep" of an hour cost nothing.
 */

export interface VirtualClock {
  readonly now: () => number
  /** Moves time forward by `ms` (≥ 0) and returns the new time. */
  readonly advance: (ms: number) => number
}

/** 2017-07-14T02:40:00Z: the era of the 2017 layout, and 13-digit ids like Java's. */
export const EPOCH = 1_500_000_000_000

export const virtualClock = (start: number = EPOCH): VirtualClock => {
  let t = start
  return {
    now: () => t,
    advance: (ms) => {
      if (!(ms >= 0)) throw new RangeError(`time cannot move backwards (${ms} ms)`)
      t += Math.floor(ms)
      return t
    }
  }
}
