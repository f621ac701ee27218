/**
 * Mutations in two phases, so a batch is all-or-nothing with respect to validation:
 * 1. `plan` checks every mutation (table, family, row key, timestamps, shape) without touching
 *    state, and groups the checked writes by row, in first-appearance order;
 * 2. `apply` performs the plans synchronously, so no other call can observe a half-applied row.
 *
 * Timestamps, as HBase assigns them: every mutation of one `mutate` call gets the same server time
 * `now` (HBase's mini-batch `byteNow`). A delete therefore removes the versions `≤ now` in its scope,
 * including those written by puts of the same batch in either order: in HBase the delete marker and
 * the put share a timestamp, and a marker masks puts at its timestamp. Puts with explicit newer
 * timestamps survive, as they do in HBase.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as B from '../../core/Bytes.js'
import type { Cell, Delete, Mutation, Put } from '../../core/Operation.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest } from '../../port/StoreError.js'
import * as C from './catalog.js'
import * as K from './keys.js'
import * as R from './row.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

interface PlannedPut {
  readonly family: C.FamilySchema
  readonly qualifier: string
  /** Binary string: the store's own copy of the caller's bytes. */
  readonly value: string
  readonly timestamp: number | undefined
}

export interface Plan {
  readonly table: C.Table
  readonly key: string
  readonly puts: ReadonlyArray<PlannedPut>
  readonly deletes: ReadonlyArray<R.Scope>
}

/** HBase's `HConstants.MAX_ROW_LENGTH` (`Short.MAX_VALUE`). */
const MAX_ROW_LENGTH = 32767

// -------------------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------------------

export const rowKey = (row: Uint8Array): E.Either<StoreError, string> =>
  row.length === 0
    ? E.left(invalidRequest('row', '', 'a row key must not be empty'))
    : row.length > MAX_ROW_LENGTH
      ? E.left(
          invalidRequest('row', B.toStringBinary(row.subarray(0, 64)), `longer than ${MAX_ROW_LENGTH} bytes`)
        )
      : E.right(K.fromBytes(row))

const timestamp = (ts: number | undefined): E.Either<StoreError, number | undefined> =>
  ts === undefined || (Number.isSafeInteger(ts) && ts >= 0)
    ? E.right(ts)
    : E.left(invalidRequest('timestamp', String(ts), 'must be a non-negative integer of milliseconds'))

// Early returns rather than `E.Do` / `traverseArray`: every put of every batch passes here.
const plannedPut = (t: C.Table, c: Cell): E.Either<StoreError, PlannedPut> => {
  const family = C.family(t)(c.family)
  if (E.isLeft(family)) return family
  const ts = timestamp(c.timestamp)
  if (E.isLeft(ts)) return ts
  return E.right({
    family: family.right,
    qualifier: K.fromBytes(c.qualifier),
    value: K.fromBytes(c.value),
    timestamp: ts.right
  })
}

const checkPut = (t: C.Table, p: Put<string>): E.Either<StoreError, ReadonlyArray<PlannedPut>> => {
  if (p.cells.length === 0) return E.left(invalidRequest('cells', '[]', 'a put needs at least one cell'))
  const out: Array<PlannedPut> = []
  for (const c of p.cells) {
    const planned = plannedPut(t, c)
    if (E.isLeft(planned)) return planned
    out.push(planned.right)
  }
  return E.right(out)
}

const checkDelete = (t: C.Table, d: Delete<string>): E.Either<StoreError, R.Scope> =>
  d.family === undefined
    ? d.qualifier === undefined
      ? E.right({ _tag: 'Row' })
      : E.left(invalidRequest('qualifier', B.toStringBinary(d.qualifier), 'a column delete needs its family'))
    : pipe(
        C.family(t)(d.family),
        E.map((f): R.Scope =>
          d.qualifier === undefined
            ? { _tag: 'Family', family: f }
            : { _tag: 'Column', family: f, qualifier: K.fromBytes(d.qualifier) }
        )
      )

interface Draft {
  readonly table: C.Table
  readonly key: string
  readonly puts: Array<PlannedPut>
  readonly deletes: Array<R.Scope>
}

/** Checks the whole batch; `Left` means nothing may be written. */
export const plan =
  (catalog: C.Catalog) =>
  (mutations: ReadonlyArray<Mutation<string>>): E.Either<StoreError, ReadonlyArray<Plan>> => {
    // grouped by table object, then row key: no key string is built per mutation
    const byTable = new Map<C.Table, Map<string, Draft>>()
    const drafts: Array<Draft> = []
    for (const m of mutations) {
      const t = C.table(catalog)(m.table)
      if (E.isLeft(t)) return t
      const key = rowKey(m.row)
      if (E.isLeft(key)) return key
      let rows = byTable.get(t.right)
      if (rows === undefined) byTable.set(t.right, (rows = new Map<string, Draft>()))
      let draft = rows.get(key.right)
      if (draft === undefined) {
        draft = { table: t.right, key: key.right, puts: [], deletes: [] }
        rows.set(key.right, draft)
        drafts.push(draft)
      }
      if (m._tag === 'Put') {
        const puts = checkPut(t.right, m)
        if (E.isLeft(puts)) return puts
        draft.puts.push(...puts.right)
      } else {
        const scope = checkDelete(t.right, m)
        if (E.isLeft(scope)) return scope
        draft.deletes.push(scope.right)
      }
    }
    return E.right(drafts)
  }

// -------------------------------------------------------------------------------------------------
// effects
// -------------------------------------------------------------------------------------------------

/** The row after a plan at server time `now`: its puts, then its deletes (one timestamp, see header). */
const applied = (p: Plan, row: R.StoredRow | undefined, now: number): R.StoredRow | undefined => {
  let out = row
  for (const w of p.puts) out = R.put(out, w.family, w.qualifier, w.timestamp ?? now, w.value)
  for (const scope of p.deletes) out = R.remove(out, scope, now, p.table.schema.families.values())
  return out
}

/** Applies checked plans at server time `now`; synchronous, so each row changes atomically. */
export const apply = (plans: ReadonlyArray<Plan>, now: number): void => {
  for (const p of plans) {
    const rows = p.table.rows
    const next = applied(p, rows.get(p.key), now)
    if (next !== undefined) rows.set(p.key, next)
  }
}
