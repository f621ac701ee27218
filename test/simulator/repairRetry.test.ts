/**
 * Found by the 10^4-operation bench history: a hardened repair that restored the system table and
 * then failed while writing back the bulk-load rows it had kept, retried, found nothing left to
 * restore and finished, and those rows were lost. The kept rows now live in the flow's state
 * across attempts and are written back by the retry.
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../src/simulator/Scenario.js'
import { simulate } from '../../src/simulator/Simulation.js'

const history = (fault: string) =>
  [
    'config seed=1 mode=hardened tables=2 servers=2',
    'full t1',
    // leaves a RUNNING session, the lock and the system snapshot
    'full t2 ! crash@9',
    // bulk loads after the snapshot: a restore alone would drop their rows
    'bulkload t1 x2',
    `repair ! ${fault}`
  ].join('\n')

describe('hardened repair keeps bulk-load rows across a retry', () => {
  it.each(['throw@6', 'throw@7', 'throw@8', 'throw@9', 'throw@10'])('repair ! %s', async (fault) => {
    const p = parse(history(fault))
    if (!p.ok) throw new Error(p.error)
    const r = await simulate(p.value)
    expect(r.violations.map((v) => v.invariant)).toEqual([])
    expect(r.final.bulkLoads).toHaveLength(2)
  })
})
