/**
 * A `mutate` batch as few Thrift calls as its atomicity allows.
 *
 * 1. Every mutation is checked (shape, then each table's families through `schema`) before any
 *    call is made: one bad mutation, nothing written.
 * 2. Mutations are grouped by (table, row), rows in first-appearance order. A row's puts become one
 *    TPut (a later cell of the same column replaces an earlier one); its deletes become one or two
 *    TDeletes (see `convert.tDeletes`).
 * 3. A row with exactly one TPut or one TDelete goes into a `putMultiple` / `deleteMultiple` call
 *    with its neighbours of the same kind and table (consecutive rows only, so rows keep their
 *    order), at most `maxBatchRows` rows and `maxFrameBytes` encoded bytes per call (Apache's
 *    framed server closes the connection on a larger frame); a row needing both, or several
 *    TDeletes, is one `mutateRow` call (atomic). A row is never split across calls.
 *
 * Same-batch timestamps are HBase's: every mutation of a row in one call gets one server time, so a
 * delete masks puts of the same row in the same batch whichever comes first (the contract states
 * it). A failure after some calls succeeded leaves those rows written: `OutcomeUnknown`
 * (`batchOutcome`).
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../../core/Bytes.js'
import type { Delete, Mutation, Put } from '../../core/Operation.js'
import type { StoreError } from '../../port/StoreError.js'
import { describe, invalidRequest, outcomeUnknown, StoreFailure } from '../../port/StoreError.js'
import type { Gateway } from './connection.js'
import * as C from './convert.js'
import { toStoreError } from './errors.js'
import type * as G from './gen/index.js'
import type { Schema } from './schema.js'
import * as Size from './size.js'
import * as V from './validate.js'

interface RowGroup {
  readonly table: string
  readonly row: Uint8Array
  readonly puts: Array<Put<string>>
  readonly deletes: Array<Delete<string>>
}

/** A multi call: rows of one kind and table; `bytes` is their encoded size (an upper bound, `size.ts`). */
interface Run<Tag, R> {
  readonly _tag: Tag
  readonly table: string
  readonly rows: Array<R>
  bytes: number
}

/** One call. */
type Step =
  | Run<'Puts', G.TPut>
  | Run<'Deletes', G.TDelete>
  | { readonly _tag: 'Row'; readonly table: string; readonly mutations: G.TRowMutations }

const groups = (mutations: ReadonlyArray<Mutation<string>>): ReadonlyArray<RowGroup> => {
  const byRow = new Map<string, RowGroup>()
  for (const m of mutations) {
    const id = `${m.table}\u0000${B.toHex(m.row)}`
    const g = byRow.get(id) ?? { table: m.table, row: m.row, puts: [], deletes: [] }
    byRow.set(id, g)
    if (m._tag === 'Put') g.puts.push(m)
    else g.deletes.push(m)
  }
  return [...byRow.values()]
}

/** How much one call may carry (from the config). */
export interface BatchLimits {
  /** The largest request, in bytes, the gateway accepts. */
  readonly maxFrameBytes: number
  /** The most rows in one `putMultiple` / `deleteMultiple`. */
  readonly maxBatchRows: number
}

const tooLarge = (row: Uint8Array, bytes: number, limits: BatchLimits): StoreError =>
  invalidRequest(
    'row',
    B.toStringBinary(row.subarray(0, 64)),
    `its mutations encode to ${bytes} bytes, over maxFrameBytes ${limits.maxFrameBytes}`
  )

/**
 * The calls of a checked batch, in order; a run of rows goes into one multi call until the next
 * row would push it past `maxBatchRows` or `maxFrameBytes`. A row that alone cannot fit in one
 * request is refused (`InvalidRequest`), before anything is sent: a row is never split.
 */
export const plan = (
  mutations: ReadonlyArray<Mutation<string>>,
  limits: BatchLimits
): E.Either<StoreError, ReadonlyArray<Step>> => {
  const steps: Array<Step> = []
  const budgets = new Map<string, number>()
  const budget = (method: string, table: string): number => {
    const key = `${method}\u0000${table}`
    const known = budgets.get(key)
    if (known !== undefined) return known
    const b = limits.maxFrameBytes - Size.callOverhead(method, C.utf8Buffer(table))
    budgets.set(key, b)
    return b
  }
  for (const g of groups(mutations)) {
    const put = g.puts.length === 0 ? undefined : C.tPut(g.row, C.mergedCells(g.puts))
    const deletes = C.tDeletes(g.row, g.deletes)
    const last = steps[steps.length - 1]
    /** Whether a row of `bytes` joins the run at the end of `steps`; `room` is its call's budget. */
    const joins = (tag: 'Puts' | 'Deletes', bytes: number, room: number): boolean =>
      last !== undefined &&
      last._tag === tag &&
      last.table === g.table &&
      last.rows.length < limits.maxBatchRows &&
      last.bytes + bytes <= room
    if (put !== undefined && deletes.length === 0) {
      const bytes = Size.tPut(put)
      const room = budget('putMultiple', g.table)
      if (bytes > room) return E.left(tooLarge(g.row, bytes, limits))
      if (joins('Puts', bytes, room) && last?._tag === 'Puts') {
        last.rows.push(put)
        last.bytes += bytes
      } else steps.push({ _tag: 'Puts', table: g.table, rows: [put], bytes })
    } else if (put === undefined && deletes.length === 1) {
      const only = deletes[0] as G.TDelete
      const bytes = Size.tDelete(only)
      const room = budget('deleteMultiple', g.table)
      if (bytes > room) return E.left(tooLarge(g.row, bytes, limits))
      if (joins('Deletes', bytes, room) && last?._tag === 'Deletes') {
        last.rows.push(only)
        last.bytes += bytes
      } else steps.push({ _tag: 'Deletes', table: g.table, rows: [only], bytes })
    } else if (put !== undefined || deletes.length > 0) {
      const mutations = C.tRowMutations(g.row, put, deletes)
      const bytes = Size.tRowMutations(mutations)
      if (bytes > budget('mutateRow', g.table)) return E.left(tooLarge(g.row, bytes, limits))
      steps.push({ _tag: 'Row', table: g.table, mutations })
    }
  }
  return E.right(steps)
}

/**
 * What a failed call of a batch means for the batch: `done` calls were applied before it.
 * - a `putMultiple` / `deleteMultiple` that failed on the server (`IOError`, or a family the server
 *   refused for some of its rows) may have applied some rows (`Table.put(List)` applies region by
 *   region, then throws): `OutcomeUnknown`, never "not applied";
 * - after applied calls, any failure leaves the batch partly applied: `OutcomeUnknown`;
 * - otherwise the call's own error (`Unavailable` never left, `TableNotFound` applied nothing, a
 *   failed `mutateRow` is atomic).
 */
export const batchOutcome = (
  error: StoreError,
  step: Step['_tag'],
  done: number,
  total: number,
  cause: unknown
): StoreError => {
  if (error._tag === 'OutcomeUnknown') return error
  if (done > 0)
    return outcomeUnknown('mutate', `${done} of ${total} calls were applied, then: ${describe(error)}`, cause)
  if (step !== 'Row' && (error._tag === 'IOError' || error._tag === 'InvalidRequest'))
    return outcomeUnknown(
      'mutate',
      `${step === 'Puts' ? 'putMultiple' : 'deleteMultiple'} failed and may have applied some of its rows: ${describe(error)}`,
      cause
    )
  return error
}

/** Checks the batch, then runs its calls; throws what the calls throw, or a `StoreFailure`. */
export const mutate =
  (gateway: Gateway, schema: Schema, limits: BatchLimits) =>
  async (mutations: ReadonlyArray<Mutation<string>>): Promise<void> => {
    const planned = plan(mutations, limits)
    if (E.isLeft(planned)) throw new StoreFailure(planned.left)
    const familiesByTable = new Map<string, Set<string>>()
    for (const m of mutations) {
      const fs = familiesByTable.get(m.table) ?? new Set<string>()
      familiesByTable.set(m.table, fs)
      for (const f of V.familiesOf(m)) fs.add(f)
    }
    for (const [table, families] of familiesByTable) await schema.check(table, families)
    const steps = planned.right
    for (const [i, step] of steps.entries()) {
      const table = C.utf8Buffer(step.table)
      // Writes are not idempotent (a server timestamp each time): retried only when provably unsent.
      const run = (): Promise<unknown> => {
        switch (step._tag) {
          case 'Puts':
            return gateway.call('putMultiple', (c) => c.putMultiple(table, step.rows), 'unsent')
          case 'Deletes':
            return gateway.call('deleteMultiple', (c) => c.deleteMultiple(table, step.rows), 'unsent')
          case 'Row':
            return gateway.call('mutateRow', (c) => c.mutateRow(table, step.mutations), 'unsent')
        }
      }
      try {
        await run()
      } catch (e) {
        // A batch may span tables: classify with the table of the failing call.
        const error = toStoreError({ operation: 'mutate', table: step.table, write: true })(e)
        throw new StoreFailure(batchOutcome(error, step._tag, i, steps.length, e))
      }
    }
  }
