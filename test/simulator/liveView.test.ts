import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupId } from '../../src/core/domain/Identifiers.js'
import * as Session from '../../src/core/rows/BackupSession.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { generate } from '../../src/simulator/generate.js'
import * as Sc from '../../src/simulator/Scenario.js'
import { open, simulate, VIEW_INVARIANT } from '../../src/simulator/Simulation.js'

const parse = (text: string): Sc.Scenario => {
  const r = Sc.parse(`config seed=3 mode=hardened tables=2 servers=1\n${text}`)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

describe('the incremental view of the table', () => {
  it('a row changed behind the simulator’s back is a view-matches-table violation', async () => {
    let raw: KVStore | undefined
    const s = parse('full t1\ntraffic 1000\ntraffic 1000')
    const session = await open(s.config, {
      store: (clock) => (raw = memoryStore({ clock })),
      verifyEvery: 2
    })
    const [full, traffic1, traffic2] = s.ops
    if (full === undefined || traffic1 === undefined || traffic2 === undefined) throw new Error('ops')
    const first = await session.apply(full)
    expect(first.violations).toEqual([])
    const id = first.clients[0]?.backupId
    if (id === undefined || !BackupId.is(id) || raw === undefined) throw new Error('no backup')
    // delete the session row straight in the store: the recording store never sees it
    const gone = await raw.mutate([{ ...Session.remove(id), table: 'backup:system' }])()
    expect(gone._tag).toBe('Right')
    // the view still has the session until the periodic full read (after the 2nd operation)
    expect((await session.apply(traffic1)).violations.map((v) => v.invariant)).toContain(VIEW_INVARIANT)
    const found = session.result().violations.find((v) => v.invariant === VIEW_INVARIANT)
    expect(found?.message).toContain(`${id} view COMPLETE, table absent`)
    expect(found?.opIndex).toBe(1)
  })

  it('agrees with a full re-read after every operation of a long history with faults', async () => {
    const scenario = generate(
      { seed: 21, mode: 'hardened', tables: 3, servers: 2 },
      { ops: 300, faultRate: 0.3 }
    )
    const every = await simulate(scenario, { verifyEvery: 1 })
    expect(every.violations.filter((v) => v.invariant === VIEW_INVARIANT)).toEqual([])
    // checking less often changes nothing else in the run
    const rarely = await simulate(scenario, { verifyEvery: 1_000 })
    expect(JSON.stringify(rarely.ops)).toBe(JSON.stringify(every.ops))
    expect(rarely.final).toEqual(every.final)
  })

  it('an interrupted run keeps the operations that ran and checks the view at its end', async () => {
    const scenario = generate(
      { seed: 4, mode: 'hardened', tables: 2, servers: 1 },
      { ops: 50, faultRate: 0.2 }
    )
    let n = 0
    const r = await simulate(scenario, { interrupted: () => n++ >= 20 })
    expect(r.ops).toHaveLength(20)
    expect(r.scenario.ops).toEqual(scenario.ops.slice(0, 20))
    expect(r.violations).toEqual([])
  })
})
