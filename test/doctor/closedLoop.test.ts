// The closed loop with the simulator: faithful histories (the 2017 Java flows, faults included)
// reach every known bad state; after every operation, each persistent bad state is found by
// `diagnose`; `repair` brings the table back to a state where they are all gone; on hardened
// histories, whenever no crash (or dead tool's snapshot) left debris behind, `diagnose` reports no
// error or warning (bulk-load rows of never-backed-up tables are a note: the simulator's region
// servers register every bulk load, as the 2017 observer did).
import { describe, expect, it } from 'vitest'
import { diagnose, repair } from '../../src/doctor/index.js'
import type { Finding } from '../../src/doctor/index.js'
import type { Config, Op } from '../../src/simulator/index.js'
import { catalogue, generate, open, readView, scenarioOf } from '../../src/simulator/index.js'
import * as Sc from '../../src/simulator/Scenario.js'
import { missed, persistentConditions } from './persistent.js'

const racesIncrementalWithDelete = (clients: ReadonlyArray<{ readonly _tag: string }>): boolean =>
  clients.some((c) => c._tag === 'Incremental') &&
  clients.some((c) => c._tag === 'Delete' || c._tag === 'Merge')

const show = (fs: ReadonlyArray<Finding>): string => fs.map((f) => `${f.kind}: ${f.summary}`).join('\n')

interface LoopStats {
  ops: number
  conditions: number
  repairs: number
}

/** Runs `ops`, checking detection after each; repairs where `repairAt(i)` says, and at the end. */
const closedLoop = async (
  config: Config,
  ops: ReadonlyArray<Op>,
  repairAt: (i: number) => boolean,
  stats: LoopStats,
  label: string
): Promise<void> => {
  const session = await open(config)
  const check = async (i: number, forceRepair: boolean): Promise<void> => {
    const r = session.result()
    const view = await readView(r.table, r.cluster.root, r.cluster.tables)
    const conditions = persistentConditions(view, r.cluster.root)
    const d = await diagnose(r.table, { offline: true, now: r.clock.end })
    const lost = missed(conditions, d.findings)
    expect(
      lost.map((c) => c.text),
      `${label} after op ${i}: missed\n${show(d.findings)}`
    ).toEqual([])
    stats.conditions += conditions.length
    if (conditions.length === 0 || !(forceRepair || repairAt(i))) return
    // a rollback (snapshot restore) runs alone; what it held back is diagnosed and repaired next
    let findings = d.findings
    for (let round = 0; ; round++) {
      const outcome = await repair(r.table, findings)
      expect(outcome.stopped?.message, `${label} after op ${i}`).toBeUndefined()
      if (!outcome.rerun) break
      expect(round, `${label}: repairs keep asking for another round`).toBeLessThan(3)
      findings = (await diagnose(r.table, { offline: true, now: r.clock.end })).findings
    }
    const after = await readView(r.table, r.cluster.root, r.cluster.tables)
    expect(
      persistentConditions(after, r.cluster.root).map((c) => c.text),
      `${label} after repair at ${i}`
    ).toEqual([])
    const again = await diagnose(r.table, { offline: true, now: r.clock.end })
    // what is left has no repair: data to recreate (a chain without its FULL), for a person
    expect(show(again.findings.filter((f) => f.repair !== undefined)), `${label} after repair at ${i}`).toBe(
      ''
    )
    stats.repairs++
  }
  for (const [i, op] of ops.entries()) {
    await session.apply(op)
    stats.ops++
    await check(i, i === ops.length - 1)
  }
}

describe('closed loop: diagnose finds every persistent bad state, repair clears it', () => {
  it('on every named scenario (faithful)', async () => {
    const stats: LoopStats = { ops: 0, conditions: 0, repairs: 0 }
    for (const n of catalogue) {
      const s = scenarioOf(n, 'faithful')
      await closedLoop(s.config, s.ops, () => false, stats, n.name)
    }
    expect(stats.conditions).toBeGreaterThan(0)
    expect(stats.repairs).toBeGreaterThan(0)
  })

  it('on 80 seeded faithful histories with faults, repairing at random points', async () => {
    const stats: LoopStats = { ops: 0, conditions: 0, repairs: 0 }
    for (let seed = 1; seed <= 80; seed++) {
      const config: Config = { seed, mode: 'faithful', tables: 1 + (seed % 3), servers: 1 + (seed % 2) }
      const s = generate(config, { ops: 10 + (seed % 25), faultRate: 0.4 })
      await closedLoop(config, s.ops, (i) => (seed * 7 + i) % 5 === 0, stats, `seed ${seed}`)
    }
    // the histories reach bad states often, and the repairs ran on many of them
    expect(stats.conditions).toBeGreaterThan(100)
    expect(stats.repairs).toBeGreaterThan(50)
  })
})

describe('no false alarms on hardened histories', () => {
  it('diagnose reports no error or warning whenever no crash awaits a repair', async () => {
    let quiet = 0
    for (let seed = 1; seed <= 60; seed++) {
      const config: Config = { seed, mode: 'hardened', tables: 1 + (seed % 3), servers: 1 + (seed % 2) }
      const s = generate(config, { ops: 10 + (seed % 25), faultRate: 0.4 })
      const session = await open(config)
      let dirty = false
      // see the known race below: after it, an incremental without its FULL is the flows' bug
      let raced = false
      for (const [i, op] of s.ops.entries()) {
        if (op._tag === 'Race' && racesIncrementalWithDelete(op.clients)) raced = true
        const report = await session.apply(op)
        const crashed = report.clients.some((c) => c.outcome._tag === 'Crashed')
        const r = session.result()
        const view = await readView(r.table, r.cluster.root, r.cluster.tables)
        // a crash, or a dead tool's snapshot, leaves debris the invariants wait on until it is gone
        const debris = crashed || op._tag === 'StaleSnapshot'
        dirty = debris || (dirty && persistentConditions(view, r.cluster.root).length > 0)
        if (dirty) continue
        const d = await diagnose(r.table, { offline: true, now: r.clock.end })
        const alarms = d.findings.filter(
          (f) => f.severity !== 'info' && !(raced && f.kind === 'incremental-without-full')
        )
        expect(show(alarms), `seed ${seed} after op ${i} (${report.text})`).toBe('')
        quiet++
      }
    }
    expect(quiet).toBeGreaterThan(500)
  })
})

// Found by the property above (seed 46): the hardened incremental checks the incremental set before
// it takes the lock; a delete of the only FULL of t1 runs in between, and the incremental then
// completes with no base. The simulator's invariants have no check for it; the doctor does.
// Reported to the simulator's owner; when the incremental re-checks under the lock, expect none.
describe('a race in the hardened flows the doctor finds', () => {
  it('an incremental racing the delete of its only FULL completes without a base', async () => {
    const parsed = Sc.parse(
      'config seed=46 mode=hardened tables=2 servers=1\nincremental\ndelete #3 x2\nincremental\n' +
        'race { full t1 ! throw@32/handler@1 | incremental }\nrace { delete #19 x1 | incremental | delete #14 x1 }'
    )
    if (!parsed.ok) throw new Error(parsed.error)
    const session = await open(parsed.value.config)
    for (const op of parsed.value.ops) await session.apply(op)
    const r = session.result()
    expect(r.violations).toEqual([])
    const d = await diagnose(r.table, { offline: true, now: r.clock.end })
    expect(d.findings.map((f) => f.kind)).toContain('incremental-without-full')
  })
})
