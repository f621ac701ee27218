/**
 * Random histories as fast-check arbitraries (the property tests and `checkHistories`): the same
 * mix of operations as `generate.ts` draws from a seed. This module is the only part of the
 * simulator that needs fast-check (an optional peer), so the command line never imports it.
 */
import * as fc from 'fast-check'
import type { Fault } from './Fault.js'
import * as F from './Fault.js'
import { MAX_STEP } from './generate.js'
import type { ClientOp, Op } from './Scenario.js'

export const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.integer({ min: 1, max: MAX_STEP }).map(F.throwAt),
  fc.integer({ min: 1, max: MAX_STEP }).map(F.crashAfter),
  fc
    .tuple(fc.integer({ min: 1, max: MAX_STEP }), fc.integer({ min: 1, max: 6 }))
    .map(([k, j]) => F.handlerThrow(k, j))
)

const withFaultArb = (a: fc.Arbitrary<ClientOp>, faultRate: number): fc.Arbitrary<ClientOp> =>
  fc
    .tuple(
      a,
      fc.option(faultArb, {
        freq: Math.max(1, Math.round(1 / Math.max(faultRate, 0.01)) - 1),
        nil: undefined
      })
    )
    .map(([x, f]) => (f === undefined || x._tag === 'BulkLoad' ? x : { ...x, fault: f }))

export const clientOpArb = (tables: ReadonlyArray<string>, faultRate: number): fc.Arbitrary<ClientOp> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: withFaultArb(
        fc.subarray([...tables], { minLength: 1 }).map((ts): ClientOp => ({ _tag: 'Full', tables: ts })),
        faultRate
      )
    },
    { weight: 4, arbitrary: withFaultArb(fc.constant<ClientOp>({ _tag: 'Incremental' }), faultRate) },
    {
      weight: 2,
      arbitrary: withFaultArb(
        fc.record({
          _tag: fc.constant('Delete' as const),
          pick: fc.nat(8),
          count: fc.integer({ min: 1, max: 2 })
        }),
        faultRate
      )
    },
    {
      weight: 2,
      arbitrary: withFaultArb(
        fc.record({
          _tag: fc.constant('Merge' as const),
          pick: fc.nat(8),
          count: fc.integer({ min: 2, max: 3 })
        }),
        faultRate
      )
    },
    { weight: 2, arbitrary: withFaultArb(fc.constant<ClientOp>({ _tag: 'Repair' }), faultRate) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...tables), fc.integer({ min: 1, max: 2 }))
        .map(([table, files]): ClientOp => ({ _tag: 'BulkLoad', table, files }))
    }
  )

export const opArb = (tables: ReadonlyArray<string>, faultRate: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 12, arbitrary: clientOpArb(tables, faultRate) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 600 }).map((s) => ({ _tag: 'Traffic' as const, ms: s * 1000 }))
    },
    { weight: 1, arbitrary: fc.constant({ _tag: 'StaleSnapshot' as const }) },
    {
      weight: 1,
      arbitrary: fc
        .array(
          clientOpArb(tables, faultRate).filter((c) => c._tag !== 'Repair'),
          { minLength: 2, maxLength: 3 }
        )
        .map((clients) => ({ _tag: 'Race' as const, clients }))
    }
  )
