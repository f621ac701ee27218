import type { Settings } from './measure.js'

export interface Context {
  /** For cases whose call takes microseconds to a millisecond. */
  readonly fast: Settings
  /** For cases whose call takes tens of milliseconds or more. */
  readonly slow: Settings
  /** `--quick`: smaller sizes and times, to check the harness itself; numbers are not for the record. */
  readonly quick: boolean
  readonly log: (line: string) => void
}

/** Hands the main loop back to the event loop, so a long fill does not starve timers. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A full collection when the process runs with `--expose-gc`; `false` otherwise. */
export const collectGarbage = (): boolean => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return false
  gc()
  gc()
  return true
}
