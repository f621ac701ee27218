/**
 * Side-by-side measurement on tinybench.
 *
 * A comparison is a `group` of cases that do the same work on the same inputs. Every case is a
 * *batch*: one call performs `opsPerCall` operations (1,000 gets, one 100-row scan …), because a
 * single sub-microsecond operation is below what a timer can resolve. A group runs in `rounds`
 * rounds; in each round every case runs once (warm-up, then `timeMs` of samples), in the listed
 * order. The reported ops/s of a case is the median over rounds, and a ratio between two cases is
 * the median of the per-round ratios, so a burst of load from another process on this 2-core
 * machine lands in one round and is voted out instead of skewing one side.
 */
import { Bench } from 'tinybench'

export interface Case {
  readonly name: string
  /** One batch; may return a promise (awaited inside the timed window). */
  readonly fn: () => unknown
  /** Operations one call performs. */
  readonly opsPerCall: number
}

export interface Measured {
  readonly name: string
  /** Median over rounds of operations per second. */
  readonly opsPerSec: number
  /** Median over rounds of the mean time of one call, in ms. */
  readonly msPerCall: number
  /** Largest relative margin of error (95 %) of a round, in percent. */
  readonly rme: number
  /** ops/s of each round, for ratios. */
  readonly rounds: ReadonlyArray<number>
  /** Calls measured, over all rounds. */
  readonly samples: number
}

export interface Settings {
  /** Sampling time of one case in one round, ms. */
  readonly timeMs: number
  /** Warm-up time of one case in one round, ms. */
  readonly warmupMs: number
  readonly rounds: number
  /** Minimum calls per case and round. */
  readonly minCalls: number
  /** Minimum warm-up calls per case and round; `min(minCalls, 16)` when absent. */
  readonly warmupCalls?: number
}

export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length === 0
    ? Number.NaN
    : s.length % 2 === 1
      ? (s[mid] as number)
      : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

export const group = async (
  title: string,
  cases: ReadonlyArray<Case>,
  settings: Settings,
  log: (line: string) => void
): Promise<ReadonlyArray<Measured>> => {
  const perRound = new Map<string, Array<{ ops: number; ms: number; rme: number; runs: number }>>(
    cases.map((c) => [c.name, []])
  )
  for (let round = 0; round < settings.rounds; round++) {
    const bench = new Bench({
      name: title,
      time: settings.timeMs,
      warmupTime: settings.warmupMs,
      iterations: settings.minCalls,
      warmupIterations: settings.warmupCalls ?? Math.min(settings.minCalls, 16),
      throws: true
    })
    for (const c of cases) bench.add(c.name, c.fn)
    await bench.run()
    for (const c of cases) {
      const task = bench.getTask(c.name)
      const r = task?.result
      if (r === undefined || !('period' in r))
        throw new Error(`${title} / ${c.name}: no result (${r?.state})`)
      perRound.get(c.name)?.push({
        ops: (c.opsPerCall * 1000) / r.period,
        ms: r.period,
        rme: r.latency.rme,
        runs: task?.runs ?? 0
      })
    }
  }
  const out = cases.map((c): Measured => {
    const rs = perRound.get(c.name) ?? []
    return {
      name: c.name,
      opsPerSec: median(rs.map((r) => r.ops)),
      msPerCall: median(rs.map((r) => r.ms)),
      rme: Math.max(...rs.map((r) => r.rme)),
      rounds: rs.map((r) => r.ops),
      samples: rs.reduce((n, r) => n + r.runs, 0)
    }
  })
  for (const m of out)
    log(
      `  ${title} | ${m.name}: ${fmtOps(m.opsPerSec)} ops/s (${fmtMs(m.msPerCall)}/call, ±${m.rme.toFixed(1)}%)`
    )
  return out
}

/** Median over rounds of `a / b` (ops/s), i.e. how many times faster `a` is than `b`. */
export const ratio = (a: Measured, b: Measured): number =>
  median(a.rounds.map((x, i) => x / (b.rounds[i] ?? Number.NaN)))

export const find = (ms: ReadonlyArray<Measured>, name: string): Measured => {
  const m = ms.find((x) => x.name === name)
  if (m === undefined) throw new Error(`no measurement named ${name}`)
  return m
}

// -------------------------------------------------------------------------------------------------
// formatting
// -------------------------------------------------------------------------------------------------

export const fmtOps = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1)

export const fmtMs = (ms: number): string =>
  ms >= 1000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms >= 1
      ? `${ms.toFixed(2)} ms`
      : `${(ms * 1000).toFixed(2)} µs`

export const fmtRatio = (r: number): string => (r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`)

/** Wall time of a one-off step (fills, which are measured once). */
export const timeOnce = async <A>(
  f: () => A | Promise<A>
): Promise<{ readonly value: A; readonly ms: number }> => {
  const t0 = performance.now()
  const value = await f()
  return { value, ms: performance.now() - t0 }
}
