/**
 * A progress bar on standard error for runs longer than a second: nothing is drawn before the first
 * second has passed, nor when the stream is not a terminal (CI logs, pipes), and the line is cleared
 * when the run ends, so it never mixes with the summary.
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

export const progress = (stream: ProgressStream, now: () => number = Date.now, delayMs = 1_000): Progress => {
  const start = now()
  let last = 0
  let drawn = false
  return {
    tick: (done, total) => {
      const t = now()
      if (stream.isTTY !== true || t - start < delayMs || (t - last < 100 && done < total)) return
      last = t
      drawn = true
      stream.write(`\r${bar(done, total)} ${((t - start) / 1000).toFixed(1)}s`)
    },
    end: () => {
      if (drawn) stream.write('\r\u001b[2K')
    }
  }
}
