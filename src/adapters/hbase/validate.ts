/**
 * What only the Thrift wire adds to the port's checks (`port/checked.ts`, which `hbaseStore` wraps
 * the adapter in, so names, row keys, timestamps and table specs arrive already validated): every
 * i32 of the wire (`maxVersions`, `timeToLive`, a scan's `limit`) at most 2^31−1, because the npm
 * runtime would truncate a larger one silently (`limit` 2^32+5 would scan 5 rows).
 *
 * Whether a family exists in a table is the schema's business (`schema.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Mutation } from '../../core/Operation.js'
import type { TableSpec } from '../../port/KVStore.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest } from '../../port/StoreError.js'
import { I32_MAX } from './config.js'

type Check = E.Either<StoreError, void>
const ok: Check = E.right(undefined)

/** The families a mutation writes or deletes in. */
export const familiesOf = (m: Mutation<string>): ReadonlyArray<string> =>
  m._tag === 'Put' ? m.cells.map((c) => c.family) : m.family === undefined ? [] : [m.family]

/** A Thrift i32 argument within [min, 2^31−1]. */
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

/** A table spec's i32s: each family's `maxVersions` and `ttlSeconds`. */
export const tableSpec = (spec: TableSpec): Check => {
  for (const f of spec.families) {
    const versions = i32('maxVersions', f.maxVersions, 1, `family ${f.name}: `)
    if (E.isLeft(versions)) return versions
    const ttl = i32('ttlSeconds', f.ttlSeconds, 1, `family ${f.name}: `)
    if (E.isLeft(ttl)) return ttl
  }
  return ok
}
