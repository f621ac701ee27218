/**
 * Side-by-side measurement on tinybench.
 *
 * A comparison is a `group` of cases that do the same work on the same inputs. Every case is a
 * *batch*: one call performs `opsPerCall` operations (1,000 gets, one 100-row scan …), because a
 * single sub-microsecond operation is below what a timer can resolve. A group runs in `rounds`
 * rounds; in each round every case runs once (warm-up, then `timeMs` of samples), in the listed
 * order. The reported ops/s of a case is the median over rounds, and a ratio between two cases is
 * the median of the per-round ratios, so a burst of load from another process on this 2-core
 * machine lands in one round and is voted out instead of skewing one side. Time is CPU time of
 * this process unless a part asks for wall time (see `Settings.clock`).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
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
  /**
   * Rounds in which V8 decided to pretenure an allocation site while the case was timed (isolated
   * cases only; `--trace-pretenuring-statistics`): the slow mode where short-lived objects are
   * allocated in the old generation. `undefined` when not traced.
   */
  readonly pretenuredRounds?: number
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
  /**
   * `cpu` (default): time is this process's CPU time (`process.cpuUsage`, all its threads), so the
   * load other processes put on the shared machine is not counted; for work that runs in this
   * process. `wall`: elapsed time; for work that waits on another process (HBase).
   */
  readonly clock?: 'cpu' | 'wall'
}

/** Milliseconds of CPU time used by this process so far (µs resolution; a call costs ~3 µs). */
export const cpuNow = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Where cases put what they compute, so that no engine can drop the work as unused. */
export const sink = { n: 0 }

export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length === 0
    ? Number.NaN
    : s.length % 2 === 1
      ? (s[mid] as number)
      : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

interface Sample {
  readonly ops: number
  readonly ms: number
  readonly rme: number
  readonly runs: number
  /** Pretenuring decisions "=> tenure" traced while timed (isolated cases). */
  readonly tenured?: number
}

/** One round of `cases` in this process: tinybench, warm-up then `timeMs` of samples each. */
export const runRound = async (
  title: string,
  cases: ReadonlyArray<Case>,
  settings: Settings
): Promise<ReadonlyArray<Sample>> => {
  const bench = new Bench({
    name: title,
    time: settings.timeMs,
    warmupTime: settings.warmupMs,
    iterations: settings.minCalls,
    warmupIterations: settings.warmupCalls ?? Math.min(settings.minCalls, 16),
    throws: true,
    ...(settings.clock === 'wall' ? {} : { now: cpuNow, subtractTimerOverhead: true })
  })
  for (const c of cases) bench.add(c.name, c.fn)
  await bench.run()
  return cases.map((c) => {
    const task = bench.getTask(c.name)
    const r = task?.result
    if (r === undefined || !('period' in r)) throw new Error(`${title} / ${c.name}: no result (${r?.state})`)
    return { ops: (c.opsPerCall * 1000) / r.period, ms: r.period, rme: r.latency.rme, runs: task?.runs ?? 0 }
  })
}

const rs = (m: Measured): number => m.rounds.length

const summarise = (
  title: string,
  names: ReadonlyArray<string>,
  perRound: ReadonlyMap<string, ReadonlyArray<Sample>>,
  log: (line: string) => void
): ReadonlyArray<Measured> => {
  const out = names.map((name): Measured => {
    const rs = perRound.get(name) ?? []
    return {
      name,
      opsPerSec: median(rs.map((r) => r.ops)),
      msPerCall: median(rs.map((r) => r.ms)),
      rme: Math.max(...rs.map((r) => r.rme)),
      rounds: rs.map((r) => r.ops),
      samples: rs.reduce((n, r) => n + r.runs, 0),
      ...(rs.some((r) => r.tenured !== undefined)
        ? { pretenuredRounds: rs.filter((r) => (r.tenured ?? 0) > 0).length }
        : {})
    }
  })
  for (const m of out)
    log(
      `  ${title} | ${m.name}: ${fmtOps(m.opsPerSec)} ops/s (${fmtMs(m.msPerCall)}/call, ±${m.rme.toFixed(1)}%${
        m.pretenuredRounds === undefined ? '' : `, pretenured in ${m.pretenuredRounds}/${rs(m)} rounds`
      })`
    )
  return out
}

/** All cases in this process, round after round (for HBase, where the client mostly waits). */
export const group = async (
  title: string,
  cases: ReadonlyArray<Case>,
  settings: Settings,
  log: (line: string) => void
): Promise<ReadonlyArray<Measured>> => {
  const perRound = new Map<string, Array<Sample>>(cases.map((c) => [c.name, []]))
  for (let round = 0; round < settings.rounds; round++) {
    const samples = await runRound(title, cases, settings)
    cases.forEach((c, i) => perRound.get(c.name)?.push(samples[i] as Sample))
  }
  return summarise(
    title,
    cases.map((c) => c.name),
    perRound,
    log
  )
}

// -------------------------------------------------------------------------------------------------
// isolated cases: each case of each round in a fresh process
// -------------------------------------------------------------------------------------------------

/**
 * A case that builds its own inputs, so that it can run alone in a child process. Its setup is
 * deterministic (seeded), so every process of every contender sees the same keys and values.
 */
export interface CaseSpec {
  readonly name: string
  readonly opsPerCall: number
  /** Builds the case's data and returns the function to time. */
  readonly setup: () => Promise<() => unknown>
}

/** What a part module exports for isolation: its groups of cases, by group id. */
export type Suites = Readonly<Record<string, ReadonlyArray<CaseSpec>>>

export interface ChildRequest {
  readonly part: string
  readonly group: string
  readonly case: string
  readonly quick: boolean
  readonly settings: Settings
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The children run the compiled bench (`tsconfig.bench.json`), not tsx-transformed sources. */
const BUILT_CHILD = fileURLToPath(new URL('../../.bench-build/bench/child.js', import.meta.url))

/** Extra V8 flags for the children, e.g. `BENCH_NODE_FLAGS=--no-allocation-site-pretenuring`. */
export const extraFlags = (): ReadonlyArray<string> =>
  (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f.length > 0)

/** The flags every isolated case runs under (what the report's run line records). */
export const childFlags = (): ReadonlyArray<string> => ['--expose-gc', ...extraFlags()]

let built = false

/** Compiles src and bench to `.bench-build/` once per run, so children run plain JavaScript. */
export const buildForChildren = (log: (line: string) => void): void => {
  if (built) return
  const t0 = performance.now()
  const r = spawnSync(
    process.execPath,
    [
      fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)),
      '-p',
      'tsconfig.bench.json'
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8'
    }
  )
  if (r.status !== 0 || !existsSync(BUILT_CHILD))
    throw new Error(`building the bench failed (tsc -p tsconfig.bench.json):\n${r.stdout}${r.stderr}`)
  built = true
  log(`built the bench to .bench-build/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

/** A child prints this after its setup, so pretenuring decisions of the fill are not counted. */
export const TIMED_MARK = 'TIMED'

const runChild = (request: ChildRequest): Promise<Sample> =>
  new Promise((resolve, reject) => {
    if (!built) return reject(new Error('isolated cases need buildForChildren() first'))
    const child = spawn(
      process.execPath,
      [...childFlags(), '--trace-pretenuring-statistics', BUILT_CHILD, JSON.stringify(request)],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = out.split('\n')
      const line = lines.find((l) => l.startsWith('RESULT '))
      if (code !== 0 || line === undefined)
        return reject(
          new Error(
            `${request.part}/${request.group}/${request.case}: child exited ${code}\n${out.slice(-4000)}`
          )
        )
      const timed = lines.slice(lines.indexOf(TIMED_MARK) + 1)
      const tenured = timed.filter((l) => l.includes('pretenuring:') && /=> tenure\b/.test(l)).length
      resolve({ ...(JSON.parse(line.slice('RESULT '.length)) as Sample), tenured })
    })
  })

/**
 * Each case of each round in its own fresh Node process, cases of a round one after another.
 * Contenders share code (the store and its bare map both run sorted-btree; ours and bare
 * protobufjs both run protobufjs): in one process, V8's type feedback from one side changed the
 * other's speed by up to 10x, depending on which ran before. A process per case measures each as
 * a program that runs only it; the rounds still interleave the contenders.
 */
export const isolated = async (
  part: string,
  groupId: string,
  title: string,
  cases: ReadonlyArray<CaseSpec>,
  settings: Settings,
  quick: boolean,
  log: (line: string) => void
): Promise<ReadonlyArray<Measured>> => {
  const perRound = new Map<string, Array<Sample>>(cases.map((c) => [c.name, []]))
  for (let round = 0; round < settings.rounds; round++)
    for (const c of cases) {
      const sample = await runChild({
        part,
        group: groupId,
        case: c.name,
        quick,
        settings: { ...settings, rounds: 1 }
      })
      perRound.get(c.name)?.push(sample)
    }
  return summarise(
    title,
    cases.map((c) => c.name),
    perRound,
    log
  )
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

/** CPU time of a one-off step (fills, which are measured once). */
export const timeOnce = async <A>(
  f: () => A | Promise<A>
): Promise<{ readonly value: A; readonly ms: number }> => {
  const t0 = cpuNow()
  const value = await f()
  return { value, ms: cpuNow() - t0 }
}
