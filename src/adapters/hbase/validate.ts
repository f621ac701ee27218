/**
 * Argument checks made before anything is sent, so the adapter answers `InvalidRequest` (naming the
 * field and the value) where the gateway would fail with an untyped internal error, and so a batch
 * with one bad mutation writes nothing. The rules are HBase's:
 * - namespace `[A-Za-z0-9_]+`; table qualifier `[A-Za-z0-9_][A-Za-z0-9_.-]*`; a bare qualifier is
 *   in the `default` namespace;
 * - family: not empty, not starting with `.`, no `:`, no control characters;
 * - row key: 1 to 32767 bytes (`HConstants.MAX_ROW_LENGTH`);
 * - timestamps: non-negative integers of milliseconds; a put has at least one cell; a column
 *   delete names its family;
 * - a table spec has at least one family, no repeats, `maxVersions` and `ttlSeconds` integers ≥ 1;
 * - every i32 of the wire (`maxVersions`, `timeToLive`, a scan's `limit`) at most 2^31−1.
 *
 * Whether a family exists in a table is the schema's business (`schema.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../../core/Bytes.js'
import type { Delete, Mutation, Put } from '../../core/Operation.js'
import type { TableSpec } from '../../port/KVStore.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest } from '../../port/StoreError.js'
import * as Names from '../../port/names.js'
import { I32_MAX } from './config.js'

const MAX_ROW_LENGTH = 32767

type Check = E.Either<StoreError, void>
const ok: Check = E.right(undefined)

/** The first failure of several checks, or success. */
export const all = (checks: Iterable<Check>): Check => {
  for (const c of checks) if (E.isLeft(c)) return c
  return ok
}

const unit = <A>(e: E.Either<StoreError, A>): Check => E.map(() => undefined)(e)

export const namespace = (name: string): Check => unit(Names.namespace(name))

export const table = (name: string): Check => unit(Names.table(name))

export const family = (name: string): Check => unit(Names.family(name))

export const row = (key: Uint8Array): Check =>
  key.length === 0
    ? E.left(invalidRequest('row', '', 'a row key must not be empty'))
    : key.length > MAX_ROW_LENGTH
      ? E.left(
          invalidRequest('row', B.toStringBinary(key.subarray(0, 64)), `longer than ${MAX_ROW_LENGTH} bytes`)
        )
      : ok

const timestamp = (ts: number | undefined): Check =>
  ts === undefined || (Number.isSafeInteger(ts) && ts >= 0)
    ? ok
    : E.left(invalidRequest('timestamp', String(ts), 'must be a non-negative integer of milliseconds'))

export const put = (p: Put<string>): Check =>
  all([
    table(p.table),
    row(p.row),
    p.cells.length === 0 ? E.left(invalidRequest('cells', '[]', 'a put needs at least one cell')) : ok,
    ...p.cells.map((c) => all([family(c.family), timestamp(c.timestamp)]))
  ])

export const del = (d: Delete<string>): Check =>
  all([
    table(d.table),
    row(d.row),
    d.family === undefined
      ? d.qualifier === undefined
        ? ok
        : E.left(
            invalidRequest('qualifier', B.toStringBinary(d.qualifier), 'a column delete needs its family')
          )
      : family(d.family)
  ])

export const mutation = (m: Mutation<string>): Check => (m._tag === 'Put' ? put(m) : del(m))

/** The families a mutation writes or deletes in. */
export const familiesOf = (m: Mutation<string>): ReadonlyArray<string> =>
  m._tag === 'Put' ? m.cells.map((c) => c.family) : m.family === undefined ? [] : [m.family]

/** A Thrift i32 argument within [min, 2^31−1]: the npm runtime would truncate a larger one silently. */
export const i32 = (field: string, n: number | undefined, min: number, context = ''): Check =>
  n === undefined || (Number.isInteger(n) && n >= min && n <= I32_MAX)
    ? ok
    : E.left(
        invalidRequest(
          field,
          String(n),
          `${context}must be an integer from ${min} to ${I32_MAX} (Thrift i32)`
        )
      )

const positiveInteger = (field: string, family: string, n: number | undefined): Check =>
  i32(field, n, 1, `family ${family}: `)

export const tableSpec = (spec: TableSpec): Check => {
  const names = spec.families.map((f) => f.name)
  return all([
    table(spec.name),
    spec.families.length === 0
      ? E.left(invalidRequest('families', '[]', `table ${spec.name}: needs at least one family`))
      : ok,
    new Set(names).size === names.length
      ? ok
      : E.left(invalidRequest('families', names.join(','), 'family names repeat')),
    ...spec.families.map((f) =>
      all([
        family(f.name),
        positiveInteger('maxVersions', f.name, f.maxVersions),
        positiveInteger('ttlSeconds', f.name, f.ttlSeconds)
      ])
    )
  ])
}
