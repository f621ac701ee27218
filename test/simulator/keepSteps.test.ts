import { describe, expect, it } from 'vitest'
import { generate } from '../../src/simulator/generate.js'
import { simulate } from '../../src/simulator/Simulation.js'

describe('reports without every step (keepSteps: false, what the CLI runs with)', () => {
  it('keep each client’s step count, span and every step that did not end ok, and nothing else differs', async () => {
    const scenario = generate(
      { seed: 7, mode: 'hardened', tables: 3, servers: 2 },
      { ops: 150, faultRate: 0.25 }
    )
    const full = await simulate(scenario, { keepLog: false })
    const lean = await simulate(scenario, { keepLog: false, keepSteps: false })
    expect(lean.ops.length).toBe(full.ops.length)
    let dropped = 0
    let kept = 0
    full.ops.forEach((o, i) => {
      const l = lean.ops[i]
      if (l === undefined) throw new Error(`no report ${i}`)
      const { clients: fullClients, ...fullRest } = o
      const { clients: leanClients, ...leanRest } = l
      expect(leanRest).toEqual(fullRest)
      fullClients.forEach((c, j) => {
        const lc = leanClients[j]
        if (lc === undefined) throw new Error(`no client ${j} in report ${i}`)
        const { steps, ...rest } = c
        const { steps: leanSteps, ...leanRestClient } = lc
        expect(leanRestClient).toEqual(rest)
        expect(c.stepCount).toBe(steps.length)
        expect(c.from).toBe(steps[0]?.at ?? o.start)
        expect(c.to).toBe(steps[steps.length - 1]?.at ?? o.end)
        expect(leanSteps).toEqual(steps.filter((st) => st.result !== 'ok'))
        dropped += steps.length - leanSteps.length
        kept += leanSteps.length
      })
    })
    // the history has faults, so both kinds occur: the comparison above saw kept and dropped steps
    expect(kept).toBeGreaterThan(0)
    expect(dropped).toBeGreaterThan(kept)
    expect(lean.violations).toEqual(full.violations)
  })
})
