/**
 * Model-based property runs with fast-check: each command is one operation of a history, run on a
 * live simulation (`Session`), whose own model (the backups reported complete) and invariants are
 * checked after every command. A violation throws; fast-check then shrinks the command list to a
 * minimal history, which is returned printed in the scenario format, ready to replay.
 */
import * as fc from 'fast-check'
import type { Violation } from './Invariants.js'
import type { Config, Op } from './Scenario.js'
import * as Sc from './Scenario.js'
import type { Session, SimOptions } from './Simulation.js'
import { open, simulate } from './Simulation.js'
import { configTables } from './generate.js'
import { opArb } from './historyArbitraries.js'

interface Model {
  readonly ops: Array<Op>
}

interface Real {
  readonly session: Session
}

export class InvariantBroken extends Error {
  constructor(readonly violations: ReadonlyArray<Violation>) {
    super(violations.map((v) => `${v.invariant}: ${v.message}`).join('; '))
  }
}

class OpCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly op: Op) {}
  check(): boolean {
    return true
  }
  async run(m: Model, r: Real): Promise<void> {
    m.ops.push(this.op)
    const report = await r.session.apply(this.op)
    if (report.violations.length > 0) throw new InvariantBroken(report.violations)
  }
  toString(): string {
    return Sc.showOp(this.op)
  }
}

export interface PropertyOptions {
  readonly config: Config
  readonly numRuns: number
  readonly maxOps: number
  readonly faultRate: number
  readonly sim?: SimOptions
}

export interface PropertyOutcome {
  readonly failed: boolean
  readonly numRuns: number
  readonly numShrinks: number
  /** The minimal failing history, printed as a replayable scenario. */
  readonly scenario?: string
  readonly violations?: ReadonlyArray<Violation>
}

export const checkHistories = async (o: PropertyOptions): Promise<PropertyOutcome> => {
  const tables = configTables(o.config)
  const commands = fc.commands([opArb(tables, o.faultRate).map((op) => new OpCommand(op))], {
    maxCommands: o.maxOps
  })
  const property = fc.asyncProperty(commands, async (cmds) => {
    const session = await open(o.config, o.sim ?? {})
    await fc.asyncModelRun(() => ({ model: { ops: [] }, real: { session } }), cmds)
  })
  const details = await fc.check(property, { seed: o.config.seed, numRuns: o.numRuns })
  if (!details.failed || details.counterexample === null)
    return { failed: false, numRuns: details.numRuns, numShrinks: 0 }
  // the run stops at the failing command: replay the printed history to keep only what ran
  const [cmds] = details.counterexample
  // fast-check hands back its wrappers: `cmd` is ours, `hasRan` says whether it ran
  const ops = [...cmds].flatMap((c) => {
    const w = c as unknown as { readonly cmd?: OpCommand; readonly hasRan?: boolean }
    const cmd = w.cmd ?? (c as OpCommand)
    return w.hasRan === false ? [] : [cmd.op]
  })
  const replay = await simulate({ config: o.config, ops }, { ...(o.sim ?? {}), stopAtFirstViolation: true })
  const used = replay.scenario.ops.slice(0, (replay.violations[0]?.opIndex ?? ops.length - 1) + 1)
  return {
    failed: true,
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    scenario: Sc.show({ config: o.config, ops: used }),
    violations: replay.violations
  }
}
