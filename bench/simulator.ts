/**
 * 5. The simulator (src/simulator): simulated operations per second on seeded histories with
 * faults, through its programmatic entry `generate` + `simulate` (what `hbase-backup-meta simulate`
 * runs). Each history runs once, timed whole: a simulation is deterministic, so a second run would
 * repeat the same work.
 */
import { generate } from '../src/simulator/generate.js'
import { simulate } from '../src/simulator/Simulation.js'
import type { Context } from './lib/context.js'
import { cpuNow, fmtMs, fmtRatio } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { runLine, table } from './lib/report.js'

const FAULT_RATE = 0.2
const CONFIG = { seed: 1, mode: 'hardened', tables: 3, servers: 2 } as const

export const runSimulator = async (ctx: Context): Promise<Section> => {
  const sizes = ctx.quick ? [50, 200] : [100, 300, 1_000]
  // warm-up: a short history, so the first measured one does not pay for compilation
  await simulate(generate({ ...CONFIG, seed: 99 }, { ops: 50, faultRate: FAULT_RATE }))
  const results: Array<{ ops: number; ms: number; storeOps: number; sessions: number; violations: number }> =
    []
  for (const ops of sizes) {
    const scenario = generate(CONFIG, { ops, faultRate: FAULT_RATE })
    const t0 = cpuNow()
    const r = await simulate(scenario)
    const ms = cpuNow() - t0
    results.push({
      ops,
      ms,
      storeOps: r.storeOperations,
      sessions: r.final.sessions.length,
      violations: r.violations.length
    })
    ctx.log(
      `  simulate ${ops} ops: ${fmtMs(ms)}, ${r.storeOperations} store ops, ${r.final.sessions.length} sessions`
    )
  }
  const first = results[0]
  const last = results[results.length - 1]
  if (first === undefined || last === undefined) throw new Error('no sizes')
  // per-operation cost grows with the history, so total time grows as n^k; k is fitted on the two
  // longest runs, and still rises with n, so the extrapolation is a lower bound
  const prev = results[results.length - 2] ?? first
  const k = Math.log(last.ms / prev.ms) / Math.log(last.ops / prev.ops)
  const at10k = last.ms * Math.pow(10_000 / last.ops, k)

  const markdown = `## 5. Simulator

${runLine()} Seeded histories from \`generate({ seed: ${CONFIG.seed}, mode: '${CONFIG.mode}', tables: ${CONFIG.tables}, servers: ${CONFIG.servers} }, { ops, faultRate: ${FAULT_RATE} })\`,
run by \`simulate\` on a fresh memory store with a virtual clock (the \`simulate\` command's path).

${table(
  ['operations', 'time', 'simulated ops/s', 'store operations', 'sessions at the end', 'violations'],
  results.map((r) => [
    r.ops.toLocaleString('en-US'),
    fmtMs(r.ms),
    ((r.ops * 1000) / r.ms).toFixed(1),
    r.storeOps.toLocaleString('en-US'),
    String(r.sessions),
    String(r.violations)
  ])
)}

**A 10^4-operation history is not run by \`npm run bench\`**: the time per operation grows with the
history (from ${fmtMs(first.ms / first.ops)} per op at ${first.ops} ops to ${fmtMs(last.ms / last.ops)} at ${last.ops.toLocaleString('en-US')}), so the total grows as about
n^${k.toFixed(2)} between the two longest runs (and the exponent rises with n); extrapolated, 10^4 operations
would take **at least ${fmtMs(at10k)}**
(${fmtRatio(at10k / last.ms)} the ${last.ops.toLocaleString('en-US')}-op run), far beyond the bench's budget of a few minutes. See
"Findings" below for where the time goes.
`
  return { id: 'simulator', markdown }
}
