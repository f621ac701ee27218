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

/**
 * Names seen valid, per rule: a store is called with a handful of table and family names millions
 * of times, and their regular expressions cost more than the rest of a put. Strings are immutable,
 * so a name once valid stays valid; the set is bounded (cleared when full) against unbounded input.
 */
const KNOWN_MAX = 4096

/** A name rule as a refusal or `undefined`, remembering the names it found valid. */
const nameRule = (check: (n: string) => Checked<unknown>) => {
  const known = new Set<string>()
  return (field: string, x: unknown): StoreError | undefined => {
    if (typeof x !== 'string') return invalidRequest(field, show(x), 'must be a string')
    if (known.has(x)) return undefined
    const c = check(x)
    if (E.isLeft(c)) return c.left
    if (known.size >= KNOWN_MAX) known.clear()
    known.add(x)
    return undefined
  }
}

const badTable = nameRule(Names.table)
const badFamily = nameRule(Names.family)

const asEither =
  (bad: (field: string, x: unknown) => StoreError | undefined) =>
  (field: string, x: unknown): Checked<string> => {
    const refusal = bad(field, x)
    return refusal === undefined ? E.right(x as string) : E.left(refusal)
  }

const tableName = asEither(badTable)
const familyName = asEither(badFamily)
const namespaceName = asEither(nameRule(Names.namespace))
const snapshotName = asEither(nameRule(Names.snapshot))

const badRow = (x: unknown, field = 'row'): StoreError | undefined => {
  if (!(x instanceof Uint8Array)) return invalidRequest(field, show(x), 'must be a Uint8Array')
  if (x.length === 0) return invalidRequest(field, '', 'a row key must not be empty')
  if (x.length > MAX_ROW_LENGTH)
    return invalidRequest(field, B.toStringBinary(x.subarray(0, 64)), `longer than ${MAX_ROW_LENGTH} bytes`)
  return undefined
}

export const row = (x: unknown, field = 'row'): Checked<Uint8Array> => {
  const refusal = badRow(x, field)
  return refusal === undefined ? E.right(x as Uint8Array) : E.left(refusal)
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

// The hot paths (every put, delete and get) return the normalised value or the refusal itself, not
// an `Either`: early returns and plain loops, and no wrapper allocated per field on success.

const isRefusal = (x: object): x is StoreError => '_tag' in x

const cellOf = (c: Cell): Cell | StoreError => {
  const family = c.family
  const badName = badFamily('family', family)
  if (badName !== undefined) return badName
  const qualifier = c.qualifier
  if (!(qualifier instanceof Uint8Array))
    return invalidRequest('qualifier', show(qualifier), 'must be a Uint8Array')
  const value = c.value
  if (!(value instanceof Uint8Array)) return invalidRequest('value', show(value), 'must be a Uint8Array')
  const ts = c.timestamp
  if (ts === undefined) return { family, qualifier, value }
  if (!(typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0))
    return invalidRequest('timestamp', show(ts), 'must be a non-negative integer of milliseconds')
  return { family, qualifier, value, timestamp: ts }
}

const putOf = (p: Put<string>): Put<string> | StoreError => {
  const table = p.table
  const badName = badTable('table', table)
  if (badName !== undefined) return badName
  const key = p.row
  const badKey = badRow(key)
  if (badKey !== undefined) return badKey
  const given = p.cells
  if (!Array.isArray(given)) return invalidRequest('cells', show(given), 'must be an array')
  const n = given.length
  if (n === 0) return invalidRequest('cells', '[]', 'a put needs at least one cell')
  const cells = new Array<Cell>(n)
  for (let i = 0; i < n; i++) {
    const c = cellOf(given[i] as Cell)
    if (isRefusal(c)) return c
    cells[i] = c
  }
  return { _tag: 'Put', table, row: key, cells }
}

const deleteOf = (d: Delete<string>): Delete<string> | StoreError => {
  const at = d.timestamp
  if (at !== undefined && !(typeof at === 'number' && Number.isSafeInteger(at) && at >= 0))
    return invalidRequest('timestamp', show(at), 'must be a non-negative integer of milliseconds')
  const stamped = (x: Delete<string>): Delete<string> => (at === undefined ? x : { ...x, timestamp: at })
  const table = d.table
  const badName = badTable('table', table)
  if (badName !== undefined) return badName
  const k = d.row
  const badKey = badRow(k)
  if (badKey !== undefined) return badKey
  const key = k
  const f = d.family
  const q = d.qualifier
  if (f === undefined)
    return q === undefined
      ? stamped({ _tag: 'Delete', table, row: key })
      : invalidRequest(
          'qualifier',
          q instanceof Uint8Array ? B.toStringBinary(q) : show(q),
          'a column delete needs its family'
        )
  const badName2 = badFamily('family', f)
  if (badName2 !== undefined) return badName2
  if (q === undefined) return stamped({ _tag: 'Delete', table, row: key, family: f })
  if (!(q instanceof Uint8Array)) return invalidRequest('qualifier', show(q), 'must be a Uint8Array')
  return stamped({ _tag: 'Delete', table, row: key, family: f, qualifier: q })
}

const mutationOf = (m: Mutation<string>): Mutation<string> | StoreError => {
  const tag = m._tag
  return tag === 'Put'
    ? putOf(m)
    : tag === 'Delete'
      ? deleteOf(m)
      : invalidRequest('mutation', show(tag), "must be a 'Put' or a 'Delete'")
}

const isMutation = (x: Mutation<string> | StoreError): x is Mutation<string> =>
  x._tag === 'Put' || x._tag === 'Delete'

const either = <A extends object>(x: A | StoreError, ok: (a: A | StoreError) => a is A): Checked<A> =>
  ok(x) ? E.right(x) : E.left(x)

export const put = (p: Put<string>): Checked<Put<string>> =>
  either(putOf(p), (x): x is Put<string> => x._tag === 'Put')

export const del = (d: Delete<string>): Checked<Delete<string>> =>
  either(deleteOf(d), (x): x is Delete<string> => x._tag === 'Delete')

export const mutation = (m: Mutation<string>): Checked<Mutation<string>> => either(mutationOf(m), isMutation)

export const mutations = (ms: ReadonlyArray<Mutation<string>>): Checked<ReadonlyArray<Mutation<string>>> => {
  if (!Array.isArray(ms)) return E.left(invalidRequest('mutations', show(ms), 'must be an array'))
  const n = ms.length
  const out = new Array<Mutation<string>>(n)
  for (let i = 0; i < n; i++) {
    const m = mutationOf(ms[i] as Mutation<string>)
    if (!isMutation(m)) return E.left(m)
    out[i] = m
  }
  return E.right(out)
}

export const get = (g: Get<string>): Checked<Get<string>> => {
  const table = g.table
  const badName = badTable('table', table)
  if (badName !== undefined) return E.left(badName)
  const key = g.row
  const badKey = badRow(key)
  if (badKey !== undefined) return E.left(badKey)
  const f = g.family
  if (f === undefined) return E.right({ _tag: 'Get', table, row: key })
  const badName2 = badFamily('family', f)
  if (badName2 !== undefined) return E.left(badName2)
  return E.right({ _tag: 'Get', table, row: key, family: f })
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
  ...(adapter.clock === undefined ? {} : { clock: adapter.clock }),
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
