import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/simulator/Invariants.js'
import { facts, invariants } from '../../src/simulator/Invariants.js'
import * as Sc from '../../src/simulator/Scenario.js'
import { simulate } from '../../src/simulator/Simulation.js'

const checkOf = (name: string) => {
  const inv = invariants.find((i) => i.name === name)
  if (inv === undefined) throw new Error(name)
  return inv.check
}

// The history checks compare two views; the simulator hands them the same sessions array when an
// operation changed no session, and they must still see a session that left between two views.
describe('history invariants over two views', () => {
  it('history-preserved and model-agreement report a COMPLETE backup that left history unasked', async () => {
    const s = Sc.parse('config seed=1 mode=hardened tables=2 servers=1\nfull t1\nfull t2')
    if (!s.ok) throw new Error(s.error)
    const r = await simulate(s.value)
    const before = r.final
    const [gone, kept] = before.sessions
    if (gone === undefined || kept === undefined) throw new Error('two sessions expected')
    const after = { ...before, sessions: [kept] }
    const base: Check = {
      mode: 'hardened',
      op: { _tag: 'Traffic', ms: 1_000 },
      clients: [],
      before,
      after,
      baseline: before,
      baselineFacts: facts(before, r.cluster),
      beforeFacts: facts(before, r.cluster),
      afterFacts: facts(after, r.cluster),
      cluster: r.cluster,
      dirty: false,
      model: new Set(before.sessions.map((x) => x.backupId))
    }
    expect(checkOf('history-preserved')(base)).toEqual([`${gone.backupId} was COMPLETE and is now gone`])
    expect(checkOf('model-agreement')(base)).toEqual([`${gone.backupId} is missing from history`])
    // the same view on both sides (the same array): nothing left
    expect(checkOf('history-preserved')({ ...base, after: before })).toEqual([])
    // a session that turned FAILED left the COMPLETE ones too
    const failed = { ...before, sessions: [{ ...gone, state: 'FAILED' as const }, kept] }
    expect(checkOf('history-preserved')({ ...base, after: failed })).toEqual([
      `${gone.backupId} was COMPLETE and is now FAILED`
    ])
  })
})
