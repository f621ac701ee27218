/**
 * Progress on standard error for runs longer than a second; nothing is shown before the first second
 * has passed. On a terminal, a bar redrawn in place and cleared when the run ends, so it never mixes
 * with the summary; elsewhere (CI logs, pipes), from the fifth second on, a plain line at each
 * further 10 % or every 5 seconds, so a long run's log is never silent for minutes.
 */
export interface Progress {
  readonly tick: (done: number, total: number) => void
  readonly end: () => void
}

export interface ProgressStream {
  readonly isTTY?: boolean
  readonly write: (s: string) => unknown
}

export const bar = (done: number, total: number, width = 30): string => {
  const f = total === 0 ? 1 : Math.min(1, done / total)
  const full = Math.round(f * width)
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} operations ${Math.round(f * 100)}%`
}

/** Off a terminal: the first line after this long (short runs print none), then a line at each
 * further 10 % or after this long without one, and never two within `LINE_GAP_MS`. */
const LINE_EVERY_MS = 5_000
const LINE_GAP_MS = 1_000

export const progress = (stream: ProgressStream, now: () => number = Date.now, delayMs = 1_000): Progress => {
  const start = now()
  let last = start
  let drawn = false
  let lastTenth = 0
  return {
    tick: (done, total) => {
      const t = now()
      if (t - start < delayMs) return
      const elapsed = `${((t - start) / 1000).toFixed(1)}s`
      if (stream.isTTY === true) {
        if (t - last < 100 && done < total) return
        last = t
        drawn = true
        stream.write(`\r${bar(done, total)} ${elapsed}`)
        return
      }
      if (t - start < LINE_EVERY_MS || t - last < LINE_GAP_MS) return
      const tenth = total === 0 ? 10 : Math.floor((10 * done) / total)
      if (tenth <= lastTenth && t - last < LINE_EVERY_MS) return
      last = t
      lastTenth = Math.max(lastTenth, tenth)
      stream.write(
        `progress: ${done}/${total} operations (${Math.round((100 * done) / Math.max(total, 1))}%) ${elapsed}\n`
      )
    },
    end: () => {
      if (drawn) stream.write('\r\u001b[2K')
    }
  }
}
