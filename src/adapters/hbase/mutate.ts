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
 *    order); a row needing both, or several TDeletes, is one `mutateRow` call (atomic).
 *
 * Same-batch timestamps are HBase's: every mutation of a row in one call gets one server time, so a
 * delete masks puts of the same row in the same batch whichever comes first (the contract states
 * it). A failure after some calls succeeded leaves those rows written.
 */
import * as B from '../../core/Bytes.js'
import type { Delete, Mutation, Put } from '../../core/Operation.js'
import { describe, outcomeUnknown, StoreFailure } from '../../port/StoreError.js'
import type { Gateway } from './connection.js'
import * as C from './convert.js'
import { toStoreError } from './errors.js'
import type * as G from './gen/index.js'
import type { Schema } from './schema.js'
import * as V from './validate.js'

interface RowGroup {
  readonly table: string
  readonly row: Uint8Array
  readonly puts: Array<Put<string>>
  readonly deletes: Array<Delete<string>>
}

type Step =
  | { readonly _tag: 'Puts'; readonly table: string; readonly puts: Array<G.TPut> }
  | { readonly _tag: 'Deletes'; readonly table: string; readonly deletes: Array<G.TDelete> }
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

/** The calls of a checked batch, in order. */
export const plan = (mutations: ReadonlyArray<Mutation<string>>): ReadonlyArray<Step> => {
  const steps: Array<Step> = []
  for (const g of groups(mutations)) {
    const put = g.puts.length === 0 ? undefined : C.tPut(g.row, C.mergedCells(g.puts))
    const deletes = C.tDeletes(g.row, g.deletes)
    const last = steps[steps.length - 1]
    if (put !== undefined && deletes.length === 0) {
      if (last?._tag === 'Puts' && last.table === g.table) last.puts.push(put)
      else steps.push({ _tag: 'Puts', table: g.table, puts: [put] })
    } else if (put === undefined && deletes.length === 1) {
      const only = deletes[0] as G.TDelete
      if (last?._tag === 'Deletes' && last.table === g.table) last.deletes.push(only)
      else steps.push({ _tag: 'Deletes', table: g.table, deletes: [only] })
    } else if (put !== undefined || deletes.length > 0) {
      steps.push({ _tag: 'Row', table: g.table, mutations: C.tRowMutations(g.row, put, deletes) })
    }
  }
  return steps
}

/** Checks the batch, then runs its calls; throws what the calls throw, or a `StoreFailure`. */
export const mutate =
  (gateway: Gateway, schema: Schema) =>
  async (mutations: ReadonlyArray<Mutation<string>>): Promise<void> => {
    const shape = V.all(mutations.map(V.mutation))
    if (shape._tag === 'Left') throw new StoreFailure(shape.left)
    const familiesByTable = new Map<string, Set<string>>()
    for (const m of mutations) {
      const fs = familiesByTable.get(m.table) ?? new Set<string>()
      familiesByTable.set(m.table, fs)
      for (const f of V.familiesOf(m)) fs.add(f)
    }
    for (const [table, families] of familiesByTable) await schema.check(table, families)
    const steps = plan(mutations)
    for (const [i, step] of steps.entries()) {
      const table = C.utf8Buffer(step.table)
      const run = (): Promise<unknown> => {
        switch (step._tag) {
          case 'Puts':
            return gateway.call('putMultiple', (c) => c.putMultiple(table, step.puts))
          case 'Deletes':
            return gateway.call('deleteMultiple', (c) => c.deleteMultiple(table, step.deletes))
          case 'Row':
            return gateway.call('mutateRow', (c) => c.mutateRow(table, step.mutations))
        }
      }
      try {
        await run()
      } catch (e) {
        // A batch may span tables: classify with the table of the failing call.
        const error = toStoreError({ operation: 'mutate', table: step.table, write: true })(e)
        // earlier calls of the batch were applied: the batch as a whole is neither done nor failed
        throw new StoreFailure(
          i === 0 || error._tag === 'OutcomeUnknown'
            ? error
            : outcomeUnknown(
                'mutate',
                `${i} of ${steps.length} calls were applied, then: ${describe(error)}`,
                e
              )
        )
      }
    }
  }
