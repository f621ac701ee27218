/**
 * Logical table roles → physical tables, once for every interpreter: operations name `system` or
 * `bulk`; stores and `explain`'s text see the configured HBase table (`bulk` equals `system` in the
 * 2017 layout). Snapshots are named from the physical table.
 */
import type { CheckAndDelete, CheckAndPut, Get, Mutation, Scan, TableRole } from '../core/Operation.js'
import { snapshotName } from '../core/rows/Schema.js'

/** Physical names of the two logical tables; `bulk` equals `system` in the 2017 layout. */
export type Tables = Readonly<Record<TableRole, string>>

export interface Physical {
  readonly table: (role: TableRole) => string
  readonly snapshot: (role: TableRole) => string
  readonly get: (g: Get) => Get<string>
  readonly scan: (s: Scan) => Scan<string>
  readonly mutation: (m: Mutation) => Mutation<string>
  readonly checkAndPut: (c: CheckAndPut) => CheckAndPut<string>
  readonly checkAndDelete: (c: CheckAndDelete) => CheckAndDelete<string>
}

export const physical = (tables: Tables): Physical => {
  const mutation = (m: Mutation): Mutation<string> =>
    m._tag === 'Put' ? { ...m, table: tables[m.table] } : { ...m, table: tables[m.table] }
  return {
    table: (role) => tables[role],
    snapshot: (role) => snapshotName(tables[role]),
    get: (g) => ({ ...g, table: tables[g.table] }),
    scan: (s) => ({ ...s, table: tables[s.table] }),
    mutation,
    checkAndPut: (c) => ({ ...c, table: tables[c.table], put: { ...c.put, table: tables[c.put.table] } }),
    checkAndDelete: (c) => ({
      ...c,
      table: tables[c.table],
      delete: { ...c.delete, table: tables[c.delete.table] }
    })
  }
}
