/**
 * The contract's small runtime: fixtures, fresh names, operation builders for physical tables, and
 * assertions that throw plain `Error`s with readable messages, so the suite depends on no test
 * framework (abstract-level's `test/index.js` idea: the caller wraps each case in its own `it`).
 *
 * Isolation: every case gets its own store from the factory and its own tables, named
 * `<namespace>:kv_<run>_<case>_<n>` with a per-process random run id, so cases can share one real
 * server, run in any order, and be run again without cleaning up.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import * as B from '../../core/Bytes.js'
import type { KeyRange } from '../../core/KeyRange.js'
import type { Cell, CheckAndDelete, CheckAndPut, Delete, Get, Put, Row, Scan } from '../../core/Operation.js'
import type { FamilySpec, KVStore, TableSpec } from '../../port/KVStore.js'
import type { Capability, StoreError } from '../../port/StoreError.js'
import { describe, fromThrown } from '../../port/StoreError.js'
import { rowsOf } from '../../port/rowsOf.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface ContractFixture {
  readonly store: KVStore
  /** Moves the store's clock forward; the TTL cases need it (and `clock: 'controllable'`). */
  readonly advanceClock?: (ms: number) => void
  /** Creates a table for a store without the 'admin' capability. */
  readonly prepareTable?: (spec: TableSpec) => Promise<void>
}

export type ContractFactory = () => ContractFixture | Promise<ContractFixture>

export interface ContractOptions {
  /** 'controllable' when the factory returns `advanceClock`; TTL cases run only then. */
  readonly clock?: 'controllable' | 'real'
  /** Runs of each fast-check property; keep it modest for a remote store. Default 25. */
  readonly propertyRuns?: number
  /**
   * Pause after a delete before writing the same row again. HBase masks a put whose timestamp is
   * not newer than an earlier delete marker, and both may fall in one millisecond. Default 2.
   * With `clock: 'controllable'` the fixture's clock is advanced by this (at least 1 ms) instead.
   */
  readonly settleMs?: number
  /** Namespace of the contract's tables. Default 'kvcontract'. */
  readonly namespace?: string
  /**
   * All factories reach one server whose data outlives a store (a real cluster): read-only
   * fixtures are then written once per suite instead of once per case. Default false.
   */
  readonly sharedServer?: boolean
}

export interface ContractCase {
  readonly name: string
  readonly run: () => Promise<void>
}

export interface Ctx {
  readonly store: KVStore
  readonly capabilities: ReadonlySet<Capability>
  readonly options: Required<ContractOptions>
  readonly advanceClock: (ms: number) => void
  /** A fresh table with these families (default: `f` and `g`, one version each). */
  readonly table: (families?: ReadonlyArray<FamilySpec>) => Promise<string>
  /** A fresh name for a table or snapshot that is not created. */
  readonly fresh: (label: string) => string
  /** The pause of `settleMs`. */
  readonly settle: () => Promise<void>
  /** Memoised per suite when `sharedServer`, else per case. */
  readonly shared: <A>(key: string, make: () => Promise<A>) => Promise<A>
}

export interface CaseDef {
  readonly name: string
  /** Whether the case applies to a store with these capabilities and options. */
  readonly when?: (caps: ReadonlySet<Capability>, options: Required<ContractOptions>) => boolean
  readonly run: (ctx: Ctx) => Promise<void>
}

export const defaultFamilies: ReadonlyArray<FamilySpec> = [
  { name: 'f', maxVersions: 1 },
  { name: 'g', maxVersions: 1 }
]

// -------------------------------------------------------------------------------------------------
// builders
// -------------------------------------------------------------------------------------------------

export const bytes = (x: string | Uint8Array): Uint8Array => (typeof x === 'string' ? B.utf8(x) : x)

export const cell = (
  family: string,
  qualifier: string | Uint8Array,
  value: string | Uint8Array,
  timestamp?: number
): Cell => ({
  family,
  qualifier: bytes(qualifier),
  value: bytes(value),
  ...(timestamp === undefined ? {} : { timestamp })
})

export const put = (table: string, row: string | Uint8Array, cells: ReadonlyArray<Cell>): Put<string> => ({
  _tag: 'Put',
  table,
  row: bytes(row),
  cells
})

export const del = (
  table: string,
  row: string | Uint8Array,
  family?: string,
  qualifier?: string | Uint8Array
): Delete<string> => ({
  _tag: 'Delete',
  table,
  row: bytes(row),
  ...(family === undefined ? {} : { family }),
  ...(qualifier === undefined ? {} : { qualifier: bytes(qualifier) })
})

export const get = (table: string, row: string | Uint8Array, family?: string): Get<string> => ({
  _tag: 'Get',
  table,
  row: bytes(row),
  ...(family === undefined ? {} : { family })
})

export const scan = (
  table: string,
  range: KeyRange,
  o: { readonly reverse?: boolean; readonly limit?: number; readonly family?: string } = {}
): Scan<string> => ({
  _tag: 'Scan',
  table,
  range,
  reverse: o.reverse ?? false,
  ...(o.limit === undefined ? {} : { limit: o.limit }),
  ...(o.family === undefined ? {} : { family: o.family })
})

export const checkAndPut = (
  p: Put<string>,
  family: string,
  qualifier: string | Uint8Array,
  expected: O.Option<Uint8Array>
): CheckAndPut<string> => ({
  _tag: 'CheckAndPut',
  table: p.table,
  row: p.row,
  family,
  qualifier: bytes(qualifier),
  expected,
  put: p
})

export const checkAndDelete = (
  d: Delete<string>,
  family: string,
  qualifier: string | Uint8Array,
  expected: O.Option<Uint8Array>
): CheckAndDelete<string> => ({
  _tag: 'CheckAndDelete',
  table: d.table,
  row: d.row,
  family,
  qualifier: bytes(qualifier),
  expected,
  delete: d
})

// -------------------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------------------

const sb = B.toStringBinary

/** `key{family:qualifier=value …}`: order, families, qualifiers and values, no timestamps. */
export const render = (row: Row): string =>
  `${sb(row.key)}{${row.cells.map((c) => `${c.family}:${sb(c.qualifier)}=${sb(c.value)}`).join(' ')}}`

export const renderOption = (row: O.Option<Row>): string =>
  row._tag === 'None' ? '(none)' : render(row.value)

// -------------------------------------------------------------------------------------------------
// assertions
// -------------------------------------------------------------------------------------------------

export const fail = (message: string): never => {
  throw new Error(message)
}

export const equal = <A>(actual: A, expected: A, what: string): void => {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) fail(`${what}\n  expected: ${e}\n  actual:   ${a}`)
}

export const right = async <A>(task: TE.TaskEither<StoreError, A>, what: string): Promise<A> => {
  const r = await task()
  return E.isRight(r) ? r.right : fail(`${what}: expected success, got ${describe(r.left)}`)
}

/** Expects a `Left` with this tag and, when given, these field values. */
export const left = async (
  task: TE.TaskEither<StoreError, unknown>,
  what: string,
  tag: StoreError['_tag'],
  fields: Readonly<Record<string, unknown>> = {}
): Promise<StoreError> => {
  const r = await task()
  if (E.isRight(r)) return fail(`${what}: expected ${tag}, got success ${JSON.stringify(r.right)}`)
  expectError(r.left, what, tag, fields)
  return r.left
}

export const expectError = (
  e: StoreError,
  what: string,
  tag: StoreError['_tag'],
  fields: Readonly<Record<string, unknown>> = {}
): void => {
  if (e._tag !== tag) fail(`${what}: expected ${tag}, got ${describe(e)}`)
  for (const [k, v] of Object.entries(fields))
    if ((e as unknown as Record<string, unknown>)[k] !== v)
      fail(`${what}: expected ${tag} with ${k} = ${JSON.stringify(v)}, got ${describe(e)}`)
}

export const rows = async (store: KVStore, s: Scan<string>): Promise<ReadonlyArray<Row>> => {
  const out: Array<Row> = []
  try {
    for await (const batch of store.scan(s)) {
      // the port's law: batches are non-empty arrays (a caller may treat [] as the end)
      if (!Array.isArray(batch) || batch.length === 0)
        return fail(`scan ${JSON.stringify(s.range)}: yielded an empty or non-array batch`)
      for (const row of batch as ReadonlyArray<Row>) out.push(row)
    }
  } catch (e) {
    return fail(`scan ${JSON.stringify(s.range)}: expected rows, got ${describe(fromThrown(e))}`)
  }
  return out
}

export const rendered = async (store: KVStore, s: Scan<string>): Promise<ReadonlyArray<string>> =>
  (await rows(store, s)).map(render)

/** Expects the scan to reject; returns the error it carries. */
export const scanError = async (store: KVStore, s: Scan<string>, what: string): Promise<StoreError> => {
  try {
    for await (const row of rowsOf(store.scan(s)))
      return fail(`${what}: expected the scan to fail, got row ${render(row)}`)
  } catch (e) {
    return fromThrown(e)
  }
  return fail(`${what}: expected the scan to fail, it ended normally`)
}

export const readRow = async (store: KVStore, g: Get<string>): Promise<string> =>
  renderOption(await right(store.get(g), `get ${sb(g.row)}`))

export const sleep = (ms: number): Promise<void> =>
  ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))
