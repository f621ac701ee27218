import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { catalogue, scenarioOf } from '../../src/simulator/catalogue.js'
import { emulatedSnapshots } from '../../src/simulator/emulatedSnapshots.js'
import { simulate } from '../../src/simulator/Simulation.js'

const broken = async (...args: Parameters<typeof simulate>): Promise<ReadonlyArray<string>> =>
  [...new Set((await simulate(...args)).violations.map((v) => v.invariant))].sort()

describe('the catalogue of known bad states', () => {
  for (const n of catalogue) {
    describe(n.name, () => {
      it(`faithful reproduces it: ${n.faithfulBreaks.join(', ')}`, async () => {
        const names = await broken(scenarioOf(n, 'faithful'))
        for (const b of n.faithfulBreaks) expect(names).toContain(b)
      })

      it('hardened keeps every invariant', async () => {
        expect(await broken(scenarioOf(n, 'hardened'))).toEqual([])
      })

      it('gives the same verdicts on a store without snapshots (emulated by shadow tables)', async () => {
        const store = (clock: () => number) =>
          emulatedSnapshots(memoryStore({ clock, without: ['snapshots'] }), 'backup:system')
        for (const mode of ['faithful', 'hardened'] as const)
          expect(await broken(scenarioOf(n, mode), { store })).toEqual(await broken(scenarioOf(n, mode)))
      })
    })
  }

  it('names are unique and every scenario parses', () => {
    expect(new Set(catalogue.map((n) => n.name)).size).toBe(catalogue.length)
    for (const n of catalogue) expect(scenarioOf(n, 'hardened').ops.length).toBeGreaterThan(0)
  })

  it('the bad states are the reference’s: lock leak, foreign unlock, bare lock, stale snapshot', () => {
    const names = catalogue.map((n) => n.name)
    for (const n of [
      'delete-leaks-lock',
      'merge-releases-foreign-lock',
      'repair-cannot-clear-bare-lock',
      'stale-snapshot-restored'
    ])
      expect(names).toContain(n)
  })
})
