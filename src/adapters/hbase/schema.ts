/**
 * The column families of each table, as the gateway describes them (`getTableDescriptor`), so that
 * a whole batch can be checked before anything of it is written: a missing table is
 * `TableNotFound`, an undeclared family `InvalidRequest`, and neither leaves a partial write.
 *
 * Cache: a table's families are kept after the first lookup (steady state costs no round trip). A
 * family the cache does not know triggers one fresh lookup before it is refused (it may have been
 * added since); missing tables are never cached; `forget` drops an entry when the server
 * contradicts it (a table or family that vanished).
 */
import { invalidRequest, StoreFailure, tableNotFound } from '../../port/StoreError.js'
import type { Gateway } from './connection.js'
import { fromUtf8Buffer, tTableName } from './convert.js'
import { isTableNotFound } from './errors.js'

export interface Schema {
  /** Resolves when `table` exists and has every family; else throws a `StoreFailure`. */
  readonly check: (table: string, families: Iterable<string>) => Promise<void>
  readonly forget: (table: string) => void
}

export const schema = (gateway: Gateway): Schema => {
  const cache = new Map<string, ReadonlySet<string>>()

  const lookup = async (table: string): Promise<ReadonlySet<string>> => {
    try {
      const d = await gateway.call('getTableDescriptor', (c) => c.getTableDescriptor(tTableName(table)))
      const families: ReadonlySet<string> = new Set((d.columns ?? []).map((f) => fromUtf8Buffer(f.name)))
      cache.set(table, families)
      return families
    } catch (e) {
      if (isTableNotFound(e, table)) {
        cache.delete(table)
        throw new StoreFailure(tableNotFound(table))
      }
      throw e
    }
  }

  const check = async (table: string, families: Iterable<string>): Promise<void> => {
    const wanted = [...new Set(families)]
    let known = cache.get(table) ?? (await lookup(table))
    if (wanted.some((f) => !known.has(f))) known = await lookup(table)
    const missing = wanted.find((f) => !known.has(f))
    if (missing !== undefined)
      throw new StoreFailure(invalidRequest('family', missing, `not a column family of ${table}`))
  }

  return { check, forget: (table) => void cache.delete(table) }
}
