import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as F from '../../src/simulator/Fault.js'
import { generate } from '../../src/simulator/generate.js'
import { opArb } from '../../src/simulator/historyArbitraries.js'
import { random } from '../../src/simulator/Random.js'
import * as _ from '../../src/simulator/Scenario.js'

const tables = ['t1', 't2', 'ns1:t3']

describe('scenario text format', () => {
  it('parses back exactly what it prints, for any history', () => {
    fc.assert(
      fc.property(fc.array(opArb(tables, 0.5), { maxLength: 30 }), fc.nat(1000), (ops, seed) => {
        const s: _.Scenario = { config: { seed, mode: 'faithful', tables: 3, servers: 2 }, ops }
        const back = _.parse(_.show(s))
        expect(back).toEqual({ ok: true, value: s })
      })
    )
  })

  it('reads every kind of line, with comments and blank lines', () => {
    const r = _.parse(
      [
        '# a comment',
        'config seed=7 mode=hardened tables=2 servers=3',
        '',
        'full t1,ns1:t3 ! throw@5',
        'incremental ! crash@9',
        'delete #0 x2',
        'merge #1 x3 ! throw@4/handler@2',
        'repair',
        'bulkload t2 x3',
        'traffic 60000',
        'stale-snapshot',
        'race { full t1 | bulkload t2 x1 }'
      ].join('\n')
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.config).toEqual({ seed: 7, mode: 'hardened', tables: 2, servers: 3 })
    expect(r.value.ops.map(_.kindOf)).toEqual([
      'full',
      'incremental',
      'delete',
      'merge',
      'repair',
      'bulkload',
      'traffic',
      'stale-snapshot',
      'race'
    ])
    expect(r.value.ops[3]).toEqual({ _tag: 'Merge', pick: 1, count: 3, fault: F.handlerThrow(4, 2) })
  })

  it('names the line of a mistake', () => {
    expect(_.parse('full t1\ndelete 3')).toEqual({
      ok: false,
      error: 'line 2: delete needs "#index xCount": delete 3'
    })
    expect(_.parse('full t1 ! explode@3')).toMatchObject({ ok: false })
    expect(_.parse('race { traffic 5 | full t1 }')).toMatchObject({ ok: false })
    expect(_.parse('config mode=sideways')).toMatchObject({ ok: false })
  })

  it('drops a fault and keeps the rest of the operation', () => {
    expect(_.withoutFault({ _tag: 'Delete', pick: 2, count: 1, fault: F.crashAfter(3) })).toEqual({
      _tag: 'Delete',
      pick: 2,
      count: 1
    })
  })
})

describe('randomness', () => {
  it('the generator is a function of its seed', () => {
    const a = random(42)
    const b = random(42)
    const xs = Array.from({ length: 50 }, () => a.next())
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs)
    expect(new Set(xs).size).toBe(50)
    expect(Array.from({ length: 50 }, () => random(43).next())).not.toEqual(xs)
  })

  it('int stays in bounds and reaches both ends', () => {
    const r = random(1)
    const seen = new Set(Array.from({ length: 2000 }, () => r.int(3, 7)))
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7])
  })

  it('the same seed generates the same history', () => {
    const config = { seed: 9, mode: 'faithful' as const, tables: 3, servers: 2 }
    expect(_.show(generate(config, { ops: 100, faultRate: 0.3 }))).toBe(
      _.show(generate(config, { ops: 100, faultRate: 0.3 }))
    )
    const faults = generate(config, { ops: 400, faultRate: 0.3 }).ops.filter(
      (o) => _.faultOf(o) !== undefined
    ).length
    expect(faults).toBeGreaterThan(40)
    expect(faults).toBeLessThan(160)
  })
})
