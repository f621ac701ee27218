/**
 * Shrinking a failing history for the command line (the property tests let fast-check shrink):
 * cut everything after the first violation of the invariant, then greedily drop operations, drop
 * faults, and split races into their clients, keeping each change that still violates the same
 * invariant. Bounded by a time budget; the result replays as it prints.
 */
import type { Op, Scenario } from './Scenario.js'
import { withoutFault } from './Scenario.js'
import type { SimOptions } from './Simulation.js'
import { simulate } from './Simulation.js'

const violates = async (s: Scenario, invariant: string, options: SimOptions): Promise<boolean> => {
  const r = await simulate(s, { ...options, stopAtFirstViolation: false })
  return r.violations.some((v) => v.invariant === invariant)
}

export interface Shrunk {
  readonly scenario: Scenario
  readonly invariant: string
  readonly complete: boolean
}

export const shrink = async (
  scenario: Scenario,
  invariant: string,
  opIndex: number,
  options: SimOptions & { readonly budgetMs?: number } = {}
): Promise<Shrunk> => {
  const deadline = Date.now() + (options.budgetMs ?? 5_000)
  const sim: SimOptions = options.store === undefined ? {} : { store: options.store }
  let ops: ReadonlyArray<Op> = scenario.ops.slice(0, opIndex + 1)
  const attempt = async (candidate: ReadonlyArray<Op>): Promise<boolean> => {
    if (Date.now() > deadline) return false
    const ok = await violates({ config: scenario.config, ops: candidate }, invariant, sim)
    if (ok) ops = candidate
    return ok
  }
  let changed = true
  while (changed && Date.now() <= deadline) {
    changed = false
    for (let i = ops.length - 1; i >= 0; i--)
      if (await attempt([...ops.slice(0, i), ...ops.slice(i + 1)])) changed = true
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]
      if (op === undefined) continue
      const plain = withoutFault(op)
      if (plain !== op && (await attempt([...ops.slice(0, i), plain, ...ops.slice(i + 1)]))) changed = true
      if (op._tag === 'Race')
        for (const c of op.clients)
          if (await attempt([...ops.slice(0, i), c, ...ops.slice(i + 1)])) changed = true
    }
  }
  return { scenario: { config: scenario.config, ops }, invariant, complete: Date.now() <= deadline }
}
