/**
 * The memory store's mutable state, in one place: namespaces, tables and snapshots. A table is its
 * schema plus a B+ tree from row key (binary string, see `keys.ts`) to an immutable `StoredRow`.
 *
 * Why `sorted-btree`: `clone()` is O(1) and copy-on-write (clones share nodes until one of them is
 * written), so a snapshot, a restore and the isolation of a running scan each cost a pointer copy.
 *
 * Lookups here return the refusals HBase gives: a malformed name is `InvalidRequest`, a missing
 * table `TableNotFound`, a family the table does not declare `InvalidRequest` naming the family
 * (HBase's `NoSuchColumnFamilyException`).
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import BTreeModule from 'sorted-btree'
import type { FamilySpec, TableSpec } from '../../port/KVStore.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest, tableNotFound } from '../../port/StoreError.js'
import * as K from './keys.js'
import * as N from './names.js'
import type { StoredRow } from './row.js'

/**
 * The package is CommonJS with `exports.default`: Node's ESM loader hands us the module object
 * (class at `.default`), bundlers and vitest hand us the class itself. Accept both.
 */
type BTreeClass = typeof BTreeModule.default
const loaded: unknown = BTreeModule
export const BTree: BTreeClass =
  typeof loaded === 'function' ? (loaded as BTreeClass) : (loaded as { readonly default: BTreeClass }).default
export type Rows = InstanceType<typeof BTree<string, StoredRow>>

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface FamilySchema {
  readonly name: string
  readonly key: string
  readonly maxVersions: number
  /** Milliseconds; absent is forever. */
  readonly ttlMs?: number
}

export interface Schema {
  readonly name: N.TableName
  readonly families: ReadonlyMap<string, FamilySchema>
}

/** Mutable on purpose: writes change `rows` in place, a restore swaps both fields. */
export interface Table {
  schema: Schema
  rows: Rows
}

export interface Snapshot {
  readonly table: string
  readonly schema: Schema
  readonly rows: Rows
}

export interface Catalog {
  readonly namespaces: Set<string>
  /** By canonical name `namespace:qualifier`. */
  readonly tables: Map<string, Table>
  /** Snapshot names are global, as in HBase. */
  readonly snapshots: Map<string, Snapshot>
}

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const empty = (): Catalog => ({
  namespaces: new Set(N.builtinNamespaces),
  tables: new Map(),
  snapshots: new Map()
})

export const emptyRows = (): Rows => new BTree<string, StoredRow>(undefined, K.compare)

const familySchema = (f: FamilySpec): E.Either<StoreError, FamilySchema> =>
  pipe(
    N.family(f.name),
    E.filterOrElse(
      () => Number.isSafeInteger(f.maxVersions) && f.maxVersions >= 1,
      () => invalidRequest('maxVersions', String(f.maxVersions), `family ${f.name}: must be an integer ≥ 1`)
    ),
    E.filterOrElse(
      () => f.ttlSeconds === undefined || (Number.isSafeInteger(f.ttlSeconds) && f.ttlSeconds >= 1),
      () => invalidRequest('ttlSeconds', String(f.ttlSeconds), `family ${f.name}: must be an integer ≥ 1`)
    ),
    E.map(() => ({
      name: f.name,
      key: K.fromName(f.name),
      maxVersions: f.maxVersions,
      ...(f.ttlSeconds === undefined ? {} : { ttlMs: f.ttlSeconds * 1000 })
    }))
  )

/** A table spec checked as HBase's `createTable` would check it. */
export const schema = (spec: TableSpec): E.Either<StoreError, Schema> =>
  pipe(
    N.table(spec.name),
    E.filterOrElse(
      () => spec.families.length > 0,
      () => invalidRequest('families', '[]', `table ${spec.name}: needs at least one family`)
    ),
    E.chain((name) =>
      pipe(
        E.traverseArray(familySchema)(spec.families),
        E.filterOrElse(
          (fs) => new Set(fs.map((f) => f.name)).size === fs.length,
          () => invalidRequest('families', spec.families.map((f) => f.name).join(','), 'family names repeat')
        ),
        E.map((fs) => ({ name, families: new Map(fs.map((f) => [f.name, f])) }))
      )
    )
  )

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

export const table =
  (catalog: Catalog) =>
  (name: string): E.Either<StoreError, Table> => {
    // Fast path: a table's canonical name (`ns:qualifier`) is legal and parses to itself, so a name
    // found as is needs no parsing (parsing with two regular expressions was ~1 µs per call).
    const known = catalog.tables.get(name)
    if (known !== undefined) return E.right(known)
    return pipe(
      N.table(name),
      E.chain((n) => E.fromNullable(tableNotFound(name))(catalog.tables.get(n.canonical)))
    )
  }

export const family =
  (t: Table) =>
  (name: string): E.Either<StoreError, FamilySchema> =>
    E.fromNullable(invalidRequest('family', name, `not a column family of ${t.schema.name.canonical}`))(
      t.schema.families.get(name)
    )
