/**
 * How the HBase adapter splits a mutation batch into calls, checked without HBase against the real
 * Thrift encoders: every call's request (frame included) stays within `maxFrameBytes` in both
 * protocols, and within `maxBatchRows` rows; rows keep their order and are never split; a row that
 * cannot fit alone is refused before anything is sent. And what a failed call means for the batch.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as thrift from 'thrift'
import { describe, expect, it } from 'vitest'
import * as G from '../../src/adapters/hbase/gen/index.js'
import { batchOutcome, plan, type BatchLimits } from '../../src/adapters/hbase/mutate.js'
import * as Size from '../../src/adapters/hbase/size.js'
import * as B from '../../src/core/Bytes.js'
import type { Mutation } from '../../src/core/Operation.js'
import { ioError, invalidRequest, tableNotFound, unavailable } from '../../src/port/StoreError.js'

type ProtocolClass = new (t: thrift.TTransport) => thrift.TProtocol
const PROTOCOLS: ReadonlyArray<readonly [string, ProtocolClass]> = [
  ['binary', thrift.TBinaryProtocol],
  ['compact', thrift.TCompactProtocol]
]

/** The framed request the generated client writes for `send`. */
const request = (protocol: ProtocolClass, send: (c: G.THBaseService.Client) => void): Buffer => {
  let out: Buffer | undefined
  const transport = new thrift.TFramedTransport(undefined, (b?: Buffer) => {
    out = b
  })
  send(new G.THBaseService.Client(transport, protocol))
  if (out === undefined) throw new Error('nothing was flushed')
  return out
}

const encodedStep = (
  protocol: ProtocolClass,
  table: string,
  step: ReturnType<typeof stepsOf>[number]
): Buffer => {
  const t = Buffer.from(table)
  switch (step._tag) {
    case 'Puts':
      return request(protocol, (c) => c.send_putMultiple(t, step.rows, 2 ** 31 - 1))
    case 'Deletes':
      return request(protocol, (c) => c.send_deleteMultiple(t, step.rows, 2 ** 31 - 1))
    case 'Row':
      return request(protocol, (c) => c.send_mutateRow(t, step.mutations, 2 ** 31 - 1))
  }
}

const stepsOf = (ms: ReadonlyArray<Mutation<string>>, limits: BatchLimits) => {
  const p = plan(ms, limits)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}

// -------------------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------------------

const TABLES = ['ns:t', 'default:u', 'a_much_longer_namespace_name:and_a_longer_table.name-1']
const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max })
const rowKey = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 4 }),
  fc.uint8Array({ minLength: 1, maxLength: 300 })
)
const family = fc.constantFrom('f', 'g', 'meta')
const timestamp = fc.option(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)), { nil: undefined })

const putOf = (table: string) =>
  fc.record({
    _tag: fc.constant('Put' as const),
    table: fc.constant(table),
    row: rowKey,
    cells: fc.array(
      fc
        .record({
          family,
          qualifier: bytes(40),
          value: fc.oneof(
            bytes(50),
            fc.integer({ min: 0, max: 6_000 }).map((n) => new Uint8Array(n).fill(n & 0xff))
          ),
          timestamp
        })
        .map(({ timestamp: ts, ...c }) => (ts === undefined ? c : { ...c, timestamp: ts })),
      { minLength: 1, maxLength: 4 }
    )
  })

const deleteOf = (table: string) =>
  fc.oneof(
    fc.record({ _tag: fc.constant('Delete' as const), table: fc.constant(table), row: rowKey }),
    fc.record({ _tag: fc.constant('Delete' as const), table: fc.constant(table), row: rowKey, family }),
    fc.record({
      _tag: fc.constant('Delete' as const),
      table: fc.constant(table),
      row: rowKey,
      family,
      qualifier: bytes(40)
    })
  )

const mutationOf = (t: string): fc.Arbitrary<Mutation<string>> =>
  fc.oneof({ weight: 3, arbitrary: putOf(t) }, { weight: 1, arbitrary: deleteOf(t) })

const mutation: fc.Arbitrary<Mutation<string>> = fc.constantFrom(...TABLES).chain(mutationOf)

/** Mostly one table (long runs fill calls to their limits), sometimes mixed. */
const batch = (maxLength: number): fc.Arbitrary<ReadonlyArray<Mutation<string>>> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TABLES).chain((t) => fc.array(mutationOf(t), { maxLength })) },
    { weight: 1, arbitrary: fc.array(mutation, { maxLength }) }
  )

const limits: fc.Arbitrary<BatchLimits> = fc.record({
  maxFrameBytes: fc.integer({ min: 8_000, max: 40_000 }),
  maxBatchRows: fc.integer({ min: 1, max: 40 })
})

// -------------------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------------------

describe('encoded sizes', () => {
  it.each(PROTOCOLS)('bound what the %s encoder writes for every step, overhead included', (_, protocol) => {
    fc.assert(
      fc.property(batch(30), (ms) => {
        for (const step of stepsOf(ms, { maxFrameBytes: 2 ** 31 - 1, maxBatchRows: 2 ** 31 - 1 })) {
          const actual = encodedStep(protocol, step.table, step).length
          const rows =
            step._tag === 'Puts'
              ? step.rows.reduce((n, p) => n + Size.tPut(p), 0)
              : step._tag === 'Deletes'
                ? step.rows.reduce((n, d) => n + Size.tDelete(d), 0)
                : Size.tRowMutations(step.mutations)
          const method =
            step._tag === 'Puts' ? 'putMultiple' : step._tag === 'Deletes' ? 'deleteMultiple' : 'mutateRow'
          expect(actual).toBeLessThanOrEqual(rows + Size.callOverhead(method, Buffer.from(step.table)))
        }
      }),
      { numRuns: 300 }
    )
  })
})

describe('splitting a batch', () => {
  it('keeps every request within maxFrameBytes (both protocols) and maxBatchRows, rows in order, none split', () => {
    fc.assert(
      fc.property(batch(80), limits, (ms, lim) => {
        const split = plan(ms, lim)
        if (E.isLeft(split)) {
          // only a row too large to fit alone may be refused
          expect(split.left).toMatchObject({ _tag: 'InvalidRequest', field: 'row' })
          return
        }
        const whole = stepsOf(ms, { maxFrameBytes: 2 ** 31 - 1, maxBatchRows: 2 ** 31 - 1 })
        const rowsOf = (steps: typeof whole) =>
          steps.flatMap((s) =>
            s._tag === 'Puts'
              ? s.rows.map((p) => `${s.table}/${B.toHex(p.row)}`)
              : s._tag === 'Deletes'
                ? s.rows.map((d) => `${s.table}/${B.toHex(d.row)}`)
                : [`${s.table}/${B.toHex(s.mutations.row)}`]
          )
        expect(rowsOf(split.right)).toEqual(rowsOf(whole))
        for (const step of split.right) {
          if (step._tag === 'Puts') expect(step.rows.length).toBeLessThanOrEqual(lim.maxBatchRows)
          if (step._tag === 'Deletes') expect(step.rows.length).toBeLessThanOrEqual(lim.maxBatchRows)
          for (const [, protocol] of PROTOCOLS)
            expect(encodedStep(protocol, step.table, step).length).toBeLessThanOrEqual(lim.maxFrameBytes)
        }
      }),
      { numRuns: 300 }
    )
  })

  it("a 2,000-row batch of 2 kB values is split under Apache's 2 MiB and 1,000 rows", () => {
    const ms: ReadonlyArray<Mutation<string>> = Array.from({ length: 2_000 }, (_, i) => ({
      _tag: 'Put',
      table: 'ns:t',
      row: B.utf8(`r${String(i).padStart(5, '0')}`),
      cells: [{ family: 'f', qualifier: B.utf8('q'), value: new Uint8Array(2_000) }]
    }))
    const steps = stepsOf(ms, { maxFrameBytes: 2 * 1024 * 1024, maxBatchRows: 1_000 })
    expect(steps.length).toBeGreaterThanOrEqual(2)
    for (const s of steps)
      expect(encodedStep(thrift.TBinaryProtocol, s.table, s).length).toBeLessThanOrEqual(2 * 1024 * 1024)
    expect(stepsOf(ms, { maxFrameBytes: 2 ** 31 - 1, maxBatchRows: 1_000 })).toHaveLength(2)
  })

  it('refuses a row that cannot fit in one request, naming it, instead of splitting it', () => {
    const big: Mutation<string> = {
      _tag: 'Put',
      table: 'ns:t',
      row: B.utf8('huge'),
      cells: [{ family: 'f', qualifier: B.utf8('q'), value: new Uint8Array(20_000) }]
    }
    const r = plan([big], { maxFrameBytes: 10_000, maxBatchRows: 10 })
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'InvalidRequest', field: 'row', value: 'huge' })
  })
})

describe('the outcome of a batch whose call failed', () => {
  const io = ioError('putMultiple: RetriesExhaustedWithDetailsException: Failed 1 action')
  it('a failed putMultiple/deleteMultiple may have applied some rows: OutcomeUnknown, never IOError', () => {
    for (const tag of ['Puts', 'Deletes'] as const) {
      expect(batchOutcome(io, tag, 0, 1, undefined)._tag).toBe('OutcomeUnknown')
      expect(batchOutcome(invalidRequest('family', 'x', 'no such family'), tag, 0, 3, undefined)._tag).toBe(
        'OutcomeUnknown'
      )
    }
  })
  it('a failed first mutateRow is atomic: its own error; nothing sent or no table: its own error', () => {
    expect(batchOutcome(io, 'Row', 0, 2, undefined)).toEqual(io)
    expect(batchOutcome(unavailable('refused'), 'Puts', 0, 2, undefined)._tag).toBe('Unavailable')
    expect(batchOutcome(tableNotFound('ns:t'), 'Puts', 0, 2, undefined)._tag).toBe('TableNotFound')
  })
  it('any failure after applied calls is OutcomeUnknown', () => {
    for (const e of [io, unavailable('refused'), tableNotFound('ns:t')])
      expect(batchOutcome(e, 'Row', 2, 3, undefined)).toMatchObject({
        _tag: 'OutcomeUnknown',
        message: expect.stringContaining('2 of 3 calls were applied') as unknown
      })
  })
})
