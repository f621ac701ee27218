/**
 * 5. The simulator (src/simulator): simulated operations per second on seeded histories with
 * faults, through its programmatic entry `generate` + `simulate` (what `hbase-backup-meta simulate`
 * runs). Each history runs once in a fresh process, timed whole (CPU time): a simulation is
 * deterministic, so a second run would repeat the same work.
 */
import { generate } from '../src/simulator/generate.js'
import { faultOf } from '../src/simulator/Scenario.js'
import { simulate } from '../src/simulator/Simulation.js'
import type { Context } from './lib/context.js'
import type { CaseSpec, Suites } from './lib/measure.js'
import { fmtMs, isolated } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { aim, runLine, table } from './lib/report.js'

const FAULT_RATE = 0.2
/** What the `simulate` command keeps: one operation's store log at a time, only the steps that went wrong. */
const AS_THE_CLI = { keepLog: false, keepSteps: false } as const
const CONFIG = { seed: 1, mode: 'hardened', tables: 3, servers: 2 } as const

// the sizes of issue 19's aims: 2,000 operations within 5× the time of 500
const sizesOf = (quick: boolean): ReadonlyArray<number> => (quick ? [50, 200] : [500, 1_000, 2_000])

/**
 * One group per size, one case: a history run once, in its own process (warmed up by a 50-op
 * history of another seed first). Simulations are deterministic, so one run is one measurement.
 */
export const suites = (quick: boolean): Suites =>
  Object.fromEntries(
    sizesOf(quick).map((ops): [string, ReadonlyArray<CaseSpec>] => [
      String(ops),
      [
        {
          name: 'simulate',
          opsPerCall: ops,
          setup: async () => {
            await simulate(generate({ ...CONFIG, seed: 99 }, { ops: 50, faultRate: FAULT_RATE }))
            const scenario = generate(CONFIG, { ops, faultRate: FAULT_RATE })
            return () => simulate(scenario, AS_THE_CLI)
          }
        }
      ]
    ])
  )

const ONCE = { timeMs: 0, warmupMs: 0, warmupCalls: 0, rounds: 1, minCalls: 1 }

export const runSimulator = async (ctx: Context): Promise<Section> => {
  const sizes = sizesOf(ctx.quick)
  const all = suites(ctx.quick)
  const results: Array<{ ops: number; ms: number; storeOps: number; sessions: number; violations: number }> =
    []
  for (const ops of sizes) {
    // what the history does (deterministic), here; its time, in a fresh process
    const r = await simulate(generate(CONFIG, { ops, faultRate: FAULT_RATE }))
    const [m] = await isolated(
      'simulator',
      String(ops),
      `simulate ${ops}`,
      all[String(ops)] ?? [],
      ONCE,
      ctx.quick,
      ctx.log
    )
    if (m === undefined) throw new Error('no measurement')
    results.push({
      ops,
      ms: m.msPerCall,
      storeOps: r.storeOperations,
      sessions: r.final.sessions.length,
      violations: r.violations.length
    })
  }
  // the 10^4-operation history with faults: run once, in this process, CPU time around the call
  // (at minutes long, a warm-up or a fresh process changes nothing measurable)
  const long = ctx.quick ? 1_000 : 10_000
  ctx.log(`simulator: one ${long}-operation history…`)
  const cpu0 = process.cpuUsage()
  const wall0 = Date.now()
  let peakRss = 0
  const lr = await simulate(generate(CONFIG, { ops: long, faultRate: FAULT_RATE }), {
    ...AS_THE_CLI,
    onProgress: (done) => {
      if (done % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }
  })
  const cpu = process.cpuUsage(cpu0)
  const longRun = {
    ops: long,
    ms: (cpu.user + cpu.system) / 1_000,
    wallMs: Date.now() - wall0,
    storeOps: lr.storeOperations,
    sessions: lr.final.sessions.length,
    violations: lr.violations.length,
    faults: lr.scenario.ops.filter((o) => faultOf(o) !== undefined).length
  }
  const first = results[0]
  const last = results[results.length - 1]
  if (first === undefined || last === undefined) throw new Error('no sizes')
  // per-operation cost grows with the history, so total time grows as n^k; k is fitted on the two
  // longest runs, and still rises with n, so the extrapolation is a lower bound
  const prev = results[results.length - 2] ?? first
  const k = Math.log(last.ms / prev.ms) / Math.log(last.ops / prev.ops)
  const at10k = last.ms * Math.pow(10_000 / last.ops, k)
  const growth = last.ms / first.ms
  const sizeRatio = last.ops / first.ops
  const lastRate = (last.ops * 1000) / last.ms

  const markdown = `## 5. Simulator

${runLine()} Seeded histories from \`generate({ seed: ${CONFIG.seed}, mode: '${CONFIG.mode}', tables: ${CONFIG.tables}, servers: ${CONFIG.servers} }, { ops, faultRate: ${FAULT_RATE} })\`,
run by \`simulate\` on a fresh memory store with a virtual clock, as the \`simulate\` command runs them
(store log and step traces not kept), each in a fresh process after a 50-operation warm-up history.

${table(
  ['operations', 'CPU time', 'simulated ops/s', 'store operations', 'sessions at the end', 'violations'],
  results.map((r) => [
    r.ops.toLocaleString('en-US'),
    fmtMs(r.ms),
    ((r.ops * 1000) / r.ms).toFixed(1),
    r.storeOps.toLocaleString('en-US'),
    String(r.sessions),
    String(r.violations)
  ])
)}

Aims (issue 19): ${last.ops.toLocaleString('en-US')} operations take **${growth.toFixed(2)}×** the time of ${first.ops.toLocaleString('en-US')} (aim ≤ ${(sizeRatio * 1.25).toFixed(0)}×, linear would be ${sizeRatio.toFixed(0)}×): ${aim(growth <= sizeRatio * 1.25)};
${lastRate.toFixed(0)} simulated ops/s at ${last.ops.toLocaleString('en-US')} operations (aim ≥ 2,000): ${aim(lastRate >= 2_000)}.

**The ${longRun.ops.toLocaleString('en-US')}-operation history with faults** (same generator, seed ${CONFIG.seed}, ${longRun.faults.toLocaleString('en-US')} operations
carrying a fault) ran once in the bench process: **${fmtMs(longRun.ms)} CPU** (${fmtMs(longRun.wallMs)} wall),
${((longRun.ops * 1000) / longRun.ms).toFixed(1)} simulated ops/s, ${longRun.storeOps.toLocaleString('en-US')} store operations, ${longRun.sessions.toLocaleString('en-US')} sessions at the end,
${longRun.violations} violations, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (as the CLI runs). The time per operation grows with the history (from ${fmtMs(first.ms / first.ops)} per op at
${first.ops} ops to ${fmtMs(last.ms / last.ops)} at ${last.ops.toLocaleString('en-US')} and ${fmtMs(longRun.ms / longRun.ops)} at ${longRun.ops.toLocaleString('en-US')}): between the two shorter runs the
total grows as n^${k.toFixed(2)}, and an extrapolation from them would have said ${fmtMs(at10k)}. The growth is the
flows' own: like Java's, they read the whole history (every session) several times per
operation. The simulator's view of the table is kept from the rows each operation wrote and
checked against a full re-read every 100 operations (issue 19).
`
  return { id: 'simulator', markdown }
}
