/**
 * Mutations in two phases, so a batch is all-or-nothing:
 * 1. `plan` resolves every mutation against the catalog (table, declared families) without
 *    touching state, copies the caller's bytes into the store's own strings, and groups the writes
 *    by row in first-appearance order. The shape of every argument (row length, timestamps, a put's
 *    cells, a column delete's family) was checked by the port (`port/checked.ts`) before.
 * 2. `apply` performs the plans synchronously, so no other call can observe a half-applied row;
 *    each row costs one descent of the tree when it exists (`editRange` reads and replaces the
 *    value in place of a `get` and a `set`), two when it is new.
 * A one-mutation batch, the API's usual write, takes `planOne`/`applyOne`: no grouping maps.
 *
 * Timestamps, as HBase assigns them: every mutation of one `mutate` call gets the same server time
 * `now` (HBase's mini-batch `byteNow`). A delete places its marker at `now`, which masks the puts
 * of the same batch in either order (they share the timestamp) and later puts at or below `now`
 * (see `row.ts`). Puts with explicit newer timestamps survive, as they do in HBase.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Cell, Delete, Mutation, Put } from '../../core/Operation.js'
import type { StoreError } from '../../port/StoreError.js'
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
  readonly puts: Array<PlannedPut>
  /** Each delete's scope, and its marker's time (`now` when the caller gave none). */
  readonly deletes: Array<PlannedDelete>
}

// -------------------------------------------------------------------------------------------------
// planning
// -------------------------------------------------------------------------------------------------

const plannedPut = (t: C.Table, c: Cell): E.Either<StoreError, PlannedPut> => {
  const family = C.family(t)(c.family)
  if (E.isLeft(family)) return family
  return E.right({
    family: family.right,
    qualifier: K.fromBytes(c.qualifier),
    value: K.fromBytes(c.value),
    timestamp: c.timestamp
  })
}

const addPut = (t: C.Table, p: Put<string>, into: Plan): E.Either<StoreError, Plan> => {
  for (const c of p.cells) {
    const planned = plannedPut(t, c)
    if (E.isLeft(planned)) return planned
    into.puts.push(planned.right)
  }
  return E.right(into)
}

interface PlannedDelete {
  readonly scope: R.Scope
  readonly timestamp: number | undefined
}

const addDelete = (t: C.Table, d: Delete<string>, into: Plan): E.Either<StoreError, Plan> => {
  if (d.family === undefined) {
    into.deletes.push({ scope: { _tag: 'Row' }, timestamp: d.timestamp })
    return E.right(into)
  }
  const family = C.family(t)(d.family)
  if (E.isLeft(family)) return family
  into.deletes.push({
    scope:
      d.qualifier === undefined
        ? { _tag: 'Family', family: family.right }
        : { _tag: 'Column', family: family.right, qualifier: K.fromBytes(d.qualifier) },
    timestamp: d.timestamp
  })
  return E.right(into)
}

const add = (t: C.Table, m: Mutation<string>, into: Plan): E.Either<StoreError, Plan> =>
  m._tag === 'Put' ? addPut(t, m, into) : addDelete(t, m, into)

/** Shared by one-put plans, which never add a delete (see `planOne`). */
const NO_DELETES: Array<PlannedDelete> = []

/** The plan of a batch of one mutation. */
export const planOne =
  (catalog: C.Catalog) =>
  (m: Mutation<string>): E.Either<StoreError, Plan> => {
    const t = C.table(catalog)(m.table)
    if (E.isLeft(t)) return t
    const key = K.fromBytes(m.row)
    return m._tag === 'Put'
      ? addPut(t.right, m, { table: t.right, key, puts: [], deletes: NO_DELETES })
      : addDelete(t.right, m, { table: t.right, key, puts: [], deletes: [] })
  }

/** Resolves the whole batch; `Left` means nothing may be written. */
export const plan =
  (catalog: C.Catalog) =>
  (mutations: ReadonlyArray<Mutation<string>>): E.Either<StoreError, ReadonlyArray<Plan>> => {
    // grouped by table object, then row key: no key string is built per mutation
    const byTable = new Map<C.Table, Map<string, Plan>>()
    const plans: Array<Plan> = []
    for (const m of mutations) {
      const t = C.table(catalog)(m.table)
      if (E.isLeft(t)) return t
      const key = K.fromBytes(m.row)
      let rows = byTable.get(t.right)
      if (rows === undefined) byTable.set(t.right, (rows = new Map<string, Plan>()))
      let p = rows.get(key)
      if (p === undefined) {
        p = { table: t.right, key, puts: [], deletes: [] }
        rows.set(key, p)
        plans.push(p)
      }
      const added = add(t.right, m, p)
      if (E.isLeft(added)) return added
    }
    return E.right(plans)
  }

// -------------------------------------------------------------------------------------------------
// effects
// -------------------------------------------------------------------------------------------------

/** The row after a plan at server time `now`: its puts, then its deletes (one timestamp, see header). */
const applied = (p: Plan, row: R.StoredRow | undefined, now: number): R.StoredRow => {
  let out = row
  for (const w of p.puts) out = R.put(out, w.family, w.qualifier, w.timestamp ?? now, w.value)
  for (const d of p.deletes)
    out = R.remove(out, d.scope, d.timestamp ?? now, p.table.schema.families.values())
  return out ?? []
}

/**
 * Applies one checked plan at server time `now`; synchronous, so the row changes atomically. A row
 * left with no version moves to the table's tombstones, and one given a version again moves back
 * (see `catalog.Table`); an existing row that stays costs one descent of the tree.
 */
export const applyOne = (p: Plan, now: number): void => {
  const { rows, tombstones } = p.table
  let found = false
  let buried: R.StoredRow | undefined
  rows.editRange(p.key, p.key, true, (_key, old) => {
    found = true
    const next = applied(p, old, now)
    if (next === old) return undefined
    if (R.holdsVersion(next)) return { value: next }
    buried = next
    return DELETE
  })
  if (buried !== undefined) {
    if (buried.length > 0) tombstones.set(p.key, buried)
    return
  }
  if (found) return
  const old = tombstones.get(p.key)
  const next = applied(p, old, now)
  if (R.holdsVersion(next)) {
    if (old !== undefined) tombstones.delete(p.key)
    rows.set(p.key, next)
  } else if (next.length === 0) tombstones.delete(p.key)
  else if (next !== old) tombstones.set(p.key, next)
}

const DELETE = { delete: true } as const

/** Applies checked plans in order. */
export const apply = (plans: ReadonlyArray<Plan>, now: number): void => {
  for (const p of plans) applyOne(p, now)
}
