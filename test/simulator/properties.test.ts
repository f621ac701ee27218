import { describe, expect, it } from 'vitest'
import { checkHistories } from '../../src/simulator/modelBased.js'
import * as Sc from '../../src/simulator/Scenario.js'
import { simulate } from '../../src/simulator/Simulation.js'

// Model-based runs of random histories with random faults (fast-check commands). Budget: a few
// seconds per test on a 2-core machine.
describe('random histories with faults, model-based', () => {
  for (const [seed, tables, servers] of [
    [11, 2, 1],
    [12, 3, 2],
    [13, 1, 2]
  ] as const)
    it(`hardened flows keep every invariant (seed ${seed}, ${tables} tables, ${servers} servers)`, async () => {
      const r = await checkHistories({
        config: { seed, mode: 'hardened', tables, servers },
        numRuns: 150,
        maxOps: 30,
        faultRate: 0.4,
        // the incremental view is checked against a full re-read after every operation here
        sim: { verifyEvery: 1 }
      })
      if (r.failed)
        throw new Error(
          `${(r.violations ?? []).map((v) => `${v.invariant}: ${v.message}`).join('; ')}; minimal history:\n${r.scenario ?? ''}`
        )
      expect(r.numRuns).toBe(150)
    })

  it('faithful flows break invariants, and the failure shrinks to a short replayable scenario', async () => {
    const r = await checkHistories({
      config: { seed: 5, mode: 'faithful', tables: 2, servers: 1 },
      numRuns: 100,
      maxOps: 30,
      faultRate: 0.4
    })
    expect(r.failed).toBe(true)
    const printed = r.scenario ?? ''
    const parsed = Sc.parse(printed)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.value.ops.length).toBeLessThanOrEqual(5)
    expect(printed).toContain('config seed=5 mode=faithful')
    // replaying the printed text reproduces the violation
    const replay = await simulate(parsed.value)
    const first = r.violations?.[0]?.invariant
    expect(replay.violations.map((v) => v.invariant)).toContain(first)
  })
})
