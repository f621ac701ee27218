/**
 * Shrinking a failing history for the command line (the property tests let fast-check shrink):
 * cut everything after the first violation of the invariant, then delta-debug — drop chunks of
 * operations, halving the chunk size down to single operations — then drop faults and split races
 * into their clients, keeping each change that still violates the same invariant. Each trial stops
 * at the first violation of that invariant. Bounded by a time budget; the result replays as printed.
 */
import type { Op, Scenario } from './Scenario.js'
import { withoutFault } from './Scenario.js'
import type { SimOptions } from './Simulation.js'
import { open, VIEW_INVARIANT } from './Simulation.js'

const violates = async (s: Scenario, invariant: string, options: SimOptions): Promise<boolean> => {
  // a drifting view is checked after every operation here, so that a shorter history can still show it
  const session = await open(
    s.config,
    invariant === VIEW_INVARIANT ? { ...options, verifyEvery: 1 } : options
  )
  for (const op of s.ops)
    if ((await session.apply(op)).violations.some((v) => v.invariant === invariant)) return true
  return false
}

export interface Shrunk {
  readonly scenario: Scenario
  readonly invariant: string
  /** False when the budget ran out before no change helped any more. */
  readonly complete: boolean
}

export const shrink = async (
  scenario: Scenario,
  invariant: string,
  opIndex: number,
  options: SimOptions & { readonly budgetMs?: number } = {}
): Promise<Shrunk> => {
  const deadline = Date.now() + (options.budgetMs ?? 5_000)
  const { budgetMs: _b, onProgress: _p, ...sim } = options
  let ops: ReadonlyArray<Op> = scenario.ops.slice(0, opIndex + 1)
  let expired = false
  const attempt = async (candidate: ReadonlyArray<Op>): Promise<boolean> => {
    if (Date.now() > deadline) {
      expired = true
      return false
    }
    const ok = await violates({ config: scenario.config, ops: candidate }, invariant, sim)
    if (ok) ops = candidate
    return ok
  }
  for (let size = Math.max(1, Math.floor(ops.length / 2)); size >= 1 && !expired; size = Math.floor(size / 2))
    for (let i = 0; i < ops.length && !expired;)
      if (!(await attempt([...ops.slice(0, i), ...ops.slice(i + size)]))) i += size
  let changed = true
  while (changed && !expired) {
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
  return { scenario: { config: scenario.config, ops }, invariant, complete: !expired }
}
