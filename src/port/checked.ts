/**
 * `checkedStore(adapter)`: the port's one boundary. Every argument of every `KVStore` call is
 * validated here, once, for every adapter (as abstract-level checks and normalises before its
 * `_put`), and the adapter receives a normalised copy, so what an adapter writes is exactly what
 * was validated (a getter that answers differently the second time is read once, here):
 * - table, namespace, family and snapshot names: HBase's rules (`names.ts`);
 * - row keys: 1 to 32,767 bytes (`HConstants.MAX_ROW_LENGTH`), every byte array a `Uint8Array`;
 * - cell timestamps: integers in [0, 2^53 − 1] ms (HBase's are non-negative longs; beyond 2^53 a
 *   JavaScript number is no longer exact); a put has at least one cell; a column delete names
 *   its family;
 * - a scan's limit: an integer ≥ 0;
 * - check-and-mutate: the mutation targets the checked table and row (HBase: "Action's getRow
 *   must match");
 * - table specs: a legal name, at least one family, no repeats, `maxVersions` and `ttlSeconds`
 *   integers ≥ 1.
 * Each refusal is `InvalidRequest` naming the field and the value, before the adapter is called,
 * so a batch with one bad mutation reaches no store. What stays with the adapter is what needs its
 * state: whether a table or family exists, capabilities, closed stores.
 *
 * Bytes are not copied here (the normalised operations share the caller's arrays): an adapter
 * copies what it keeps, once, in the form it keeps it.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import * as B from '../core/Bytes.js'
import type { KeyRange } from '../core/KeyRange.js'
import type {
  Cell,
  CheckAndDelete,
  CheckAndPut,
  Delete,
  Get,
  Mutation,
  Put,
  Scan
} from '../core/Operation.js'
import type { FamilySpec, KVStore, TableSpec } from './KVStore.js'
import * as Names from './names.js'
import type { StoreError } from './StoreError.js'
import { invalidRequest, StoreFailure } from './StoreError.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

/** HBase's `HConstants.MAX_ROW_LENGTH` (`Short.MAX_VALUE`). */
export const MAX_ROW_LENGTH = 32767

type Checked<A> = E.Either<StoreError, A>

// -------------------------------------------------------------------------------------------------
// argument checks: each returns the normalised argument
// -------------------------------------------------------------------------------------------------

const show = (x: unknown): string => {
  try {
    return typeof x === 'string' ? x : String(x)
  } catch {
    return Object.prototype.toString.call(x)
  }
}

const bytes = (field: string, x: unknown): Checked<Uint8Array> =>
  x instanceof Uint8Array ? E.right(x) : E.left(invalidRequest(field, show(x), 'must be a Uint8Array'))

const name =
  (check: (n: string) => Checked<unknown>) =>
  (field: string, x: unknown): Checked<string> =>
    typeof x !== 'string'
      ? E.left(invalidRequest(field, show(x), 'must be a string'))
      : E.map(() => x)(check(x))

const tableName = name(Names.table)
const familyName = name(Names.family)
const namespaceName = name(Names.namespace)
const snapshotName = name(Names.snapshot)

export const row = (x: unknown, field = 'row'): Checked<Uint8Array> => {
  if (!(x instanceof Uint8Array)) return E.left(invalidRequest(field, show(x), 'must be a Uint8Array'))
  if (x.length === 0) return E.left(invalidRequest(field, '', 'a row key must not be empty'))
  if (x.length > MAX_ROW_LENGTH)
    return E.left(
      invalidRequest(field, B.toStringBinary(x.subarray(0, 64)), `longer than ${MAX_ROW_LENGTH} bytes`)
    )
  return E.right(x)
}

export const timestamp = (x: unknown): Checked<number | undefined> =>
  x === undefined || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)
    ? E.right(x)
    : E.left(invalidRequest('timestamp', show(x), 'must be a non-negative integer of milliseconds'))

const limit = (x: unknown): Checked<number | undefined> =>
  x === undefined || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)
    ? E.right(x)
    : E.left(invalidRequest('limit', show(x), 'must be a non-negative integer'))

const positiveInteger = (field: string, family: string, x: unknown): Checked<number | undefined> =>
  x === undefined || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 1)
    ? E.right(x)
    : E.left(invalidRequest(field, show(x), `family ${family}: must be an integer ≥ 1`))

// Early returns and plain loops: every put of every batch passes here.
const cell = (c: Cell): Checked<Cell> => {
  const family = familyName('family', c.family)
  if (E.isLeft(family)) return family
  const qualifier = bytes('qualifier', c.qualifier)
  if (E.isLeft(qualifier)) return qualifier
  const value = bytes('value', c.value)
  if (E.isLeft(value)) return value
  const ts = timestamp(c.timestamp)
  if (E.isLeft(ts)) return ts
  return E.right(
    ts.right === undefined
      ? { family: family.right, qualifier: qualifier.right, value: value.right }
      : { family: family.right, qualifier: qualifier.right, value: value.right, timestamp: ts.right }
  )
}

export const put = (p: Put<string>): Checked<Put<string>> => {
  const table = tableName('table', p.table)
  if (E.isLeft(table)) return table
  const key = row(p.row)
  if (E.isLeft(key)) return key
  const given = p.cells
  if (!Array.isArray(given)) return E.left(invalidRequest('cells', show(given), 'must be an array'))
  const n = given.length
  if (n === 0) return E.left(invalidRequest('cells', '[]', 'a put needs at least one cell'))
  const cells = new Array<Cell>(n)
  for (let i = 0; i < n; i++) {
    const c = cell(given[i] as Cell)
    if (E.isLeft(c)) return c
    cells[i] = c.right
  }
  return E.right({ _tag: 'Put', table: table.right, row: key.right, cells })
}

export const del = (d: Delete<string>): Checked<Delete<string>> => {
  const table = tableName('table', d.table)
  if (E.isLeft(table)) return table
  const key = row(d.row)
  if (E.isLeft(key)) return key
  const f = d.family
  const q = d.qualifier
  if (f === undefined)
    return q === undefined
      ? E.right({ _tag: 'Delete', table: table.right, row: key.right })
      : E.left(
          invalidRequest(
            'qualifier',
            q instanceof Uint8Array ? B.toStringBinary(q) : show(q),
            'a column delete needs its family'
          )
        )
  const family = familyName('family', f)
  if (E.isLeft(family)) return family
  if (q === undefined)
    return E.right({ _tag: 'Delete', table: table.right, row: key.right, family: family.right })
  const qualifier = bytes('qualifier', q)
  if (E.isLeft(qualifier)) return qualifier
  return E.right({
    _tag: 'Delete',
    table: table.right,
    row: key.right,
    family: family.right,
    qualifier: qualifier.right
  })
}

export const mutation = (m: Mutation<string>): Checked<Mutation<string>> => {
  const tag = m._tag
  return tag === 'Put'
    ? put(m)
    : tag === 'Delete'
      ? del(m)
      : E.left(invalidRequest('mutation', show(tag), "must be a 'Put' or a 'Delete'"))
}

export const mutations = (ms: ReadonlyArray<Mutation<string>>): Checked<ReadonlyArray<Mutation<string>>> => {
  if (!Array.isArray(ms)) return E.left(invalidRequest('mutations', show(ms), 'must be an array'))
  const n = ms.length
  const out = new Array<Mutation<string>>(n)
  for (let i = 0; i < n; i++) {
    const m = mutation(ms[i] as Mutation<string>)
    if (E.isLeft(m)) return m
    out[i] = m.right
  }
  return E.right(out)
}

export const get = (g: Get<string>): Checked<Get<string>> => {
  const table = tableName('table', g.table)
  if (E.isLeft(table)) return table
  const key = row(g.row)
  if (E.isLeft(key)) return key
  const f = g.family
  if (f === undefined) return E.right({ _tag: 'Get', table: table.right, row: key.right })
  const family = familyName('family', f)
  if (E.isLeft(family)) return family
  return E.right({ _tag: 'Get', table: table.right, row: key.right, family: family.right })
}

const range = (r: KeyRange): Checked<KeyRange> => {
  const start = bytes('range.start', r.start)
  if (E.isLeft(start)) return start
  const stop = r.stop
  if (stop._tag === 'None') return E.right({ start: start.right, stop })
  const value = bytes('range.stop', stop.value)
  if (E.isLeft(value)) return value
  return E.right({ start: start.right, stop: { _tag: 'Some', value: value.right } })
}

export const scan = (s: Scan<string>): Checked<Scan<string>> => {
  const table = tableName('table', s.table)
  if (E.isLeft(table)) return table
  const r = range(s.range)
  if (E.isLeft(r)) return r
  const f = s.family
  const family = f === undefined ? E.right(undefined) : familyName('family', f)
  if (E.isLeft(family)) return family
  const l = limit(s.limit)
  if (E.isLeft(l)) return l
  return E.right({
    _tag: 'Scan',
    table: table.right,
    range: r.right,
    reverse: s.reverse === true,
    ...(family.right === undefined ? {} : { family: family.right }),
    ...(l.right === undefined ? {} : { limit: l.right })
  })
}

interface Check {
  readonly table: string
  readonly row: Uint8Array
  readonly family: string
  readonly qualifier: Uint8Array
  readonly expected: CheckAndPut<string>['expected']
}

/** The check part, and that the mutation targets the checked table and row. */
const check = (c: Check, m: Mutation<string>): Checked<Check> => {
  const table = tableName('table', c.table)
  if (E.isLeft(table)) return table
  const key = row(c.row)
  if (E.isLeft(key)) return key
  const family = familyName('family', c.family)
  if (E.isLeft(family)) return family
  const qualifier = bytes('qualifier', c.qualifier)
  if (E.isLeft(qualifier)) return qualifier
  const e = c.expected
  const expected =
    e._tag === 'None'
      ? E.right(e)
      : E.map((value: Uint8Array) => ({ _tag: 'Some' as const, value }))(bytes('expected', e.value))
  if (E.isLeft(expected)) return expected
  if (m.table !== table.right)
    return E.left(invalidRequest('table', m.table, `the mutation must target ${table.right}`))
  if (!B.equals(m.row, key.right))
    return E.left(
      invalidRequest(
        'row',
        B.toStringBinary(m.row),
        `the mutation must target row ${B.toStringBinary(key.right)}`
      )
    )
  return E.right({
    table: table.right,
    row: key.right,
    family: family.right,
    qualifier: qualifier.right,
    expected: expected.right
  })
}

export const checkAndPut = (cap: CheckAndPut<string>): Checked<CheckAndPut<string>> => {
  const p = cap.put
  const checkedPut =
    p._tag === 'Put' ? put(p) : E.left(invalidRequest('put', show(p._tag), "must be a 'Put'"))
  if (E.isLeft(checkedPut)) return checkedPut
  const c = check(cap, checkedPut.right)
  if (E.isLeft(c)) return c
  return E.right({ _tag: 'CheckAndPut', ...c.right, put: checkedPut.right })
}

export const checkAndDelete = (cad: CheckAndDelete<string>): Checked<CheckAndDelete<string>> => {
  const d = cad.delete
  const checkedDelete =
    d._tag === 'Delete' ? del(d) : E.left(invalidRequest('delete', show(d._tag), "must be a 'Delete'"))
  if (E.isLeft(checkedDelete)) return checkedDelete
  const c = check(cad, checkedDelete.right)
  if (E.isLeft(c)) return c
  return E.right({ _tag: 'CheckAndDelete', ...c.right, delete: checkedDelete.right })
}

const familySpec = (f: FamilySpec): Checked<FamilySpec> => {
  const family = familyName('family', f.name)
  if (E.isLeft(family)) return family
  const versions = positiveInteger('maxVersions', family.right, f.maxVersions)
  if (E.isLeft(versions)) return versions
  if (versions.right === undefined)
    return E.left(
      invalidRequest('maxVersions', 'undefined', `family ${family.right}: must be an integer ≥ 1`)
    )
  const ttl = positiveInteger('ttlSeconds', family.right, f.ttlSeconds)
  if (E.isLeft(ttl)) return ttl
  return E.right(
    ttl.right === undefined
      ? { name: family.right, maxVersions: versions.right }
      : { name: family.right, maxVersions: versions.right, ttlSeconds: ttl.right }
  )
}

export const tableSpec = (spec: TableSpec): Checked<TableSpec> => {
  const table = tableName('table', spec.name)
  if (E.isLeft(table)) return table
  const given = spec.families
  if (!Array.isArray(given)) return E.left(invalidRequest('families', show(given), 'must be an array'))
  if (given.length === 0)
    return E.left(invalidRequest('families', '[]', `table ${table.right}: needs at least one family`))
  const families: Array<FamilySpec> = []
  for (const f of given as ReadonlyArray<FamilySpec>) {
    const checked = familySpec(f)
    if (E.isLeft(checked)) return checked
    families.push(checked.right)
  }
  const names = families.map((f) => f.name)
  if (new Set(names).size !== names.length)
    return E.left(invalidRequest('families', names.join(','), 'family names repeat'))
  return E.right({ name: table.right, families })
}

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

const refused =
  <A>(e: StoreError): TE.TaskEither<StoreError, A> =>
  () =>
    Promise.resolve(E.left(e))

/** Runs `f` on the checked argument, or answers the refusal without calling the adapter. */
const checked =
  <In, A>(validate: (x: In) => Checked<In>, f: (x: In) => TE.TaskEither<StoreError, A>) =>
  (x: In): TE.TaskEither<StoreError, A> => {
    const c = validate(x)
    return E.isLeft(c) ? refused(c.left) : f(c.right)
  }

/** A scan that rejects on its first `next`, as the adapter's own would. */
const refusedScan = <A>(e: StoreError): AsyncIterable<A> => ({
  [Symbol.asyncIterator]: () => ({
    next: () => Promise.reject(new StoreFailure(e))
  })
})

/**
 * The adapter behind the port's checks: every argument validated and normalised before the
 * adapter sees it (see the header). Adapters build their store with this, so no caller reaches
 * an unchecked one.
 */
export const checkedStore = (adapter: KVStore): KVStore => ({
  capabilities: adapter.capabilities,
  get: checked(get, adapter.get),
  scan: (s) => {
    const c = scan(s)
    return E.isLeft(c) ? refusedScan(c.left) : adapter.scan(c.right)
  },
  mutate: checked(mutations, adapter.mutate),
  checkAndPut: checked(checkAndPut, adapter.checkAndPut),
  checkAndDelete: checked(checkAndDelete, adapter.checkAndDelete),
  ensureNamespace: checked((ns: string) => namespaceName('namespace', ns), adapter.ensureNamespace),
  ensureTable: checked(tableSpec, adapter.ensureTable),
  tableExists: checked((t: string) => tableName('table', t), adapter.tableExists),
  snapshot: (table, snapshot) => {
    const t = tableName('table', table)
    if (E.isLeft(t)) return refused(t.left)
    const s = snapshotName('snapshot', snapshot)
    return E.isLeft(s) ? refused(s.left) : adapter.snapshot(t.right, s.right)
  },
  restoreSnapshot: checked((s: string) => snapshotName('snapshot', s), adapter.restoreSnapshot),
  deleteSnapshot: checked((s: string) => snapshotName('snapshot', s), adapter.deleteSnapshot),
  snapshotExists: checked((s: string) => snapshotName('snapshot', s), adapter.snapshotExists),
  close: () => adapter.close()
})
