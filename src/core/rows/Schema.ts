/**
 * The backup system table's schema: its two column families and the descriptor `checkSystemTable`
 * creates. Both families keep one version; `session` (and, since HBASE-19568, `meta`) carry the
 * configured TTL, `FOREVER` by default. In the 2017 layout bulk-load rows live in the main table;
 * HBase ≥ 2.1 keeps them in `<name>_bulk` with the same families.
 */
export const SESSIONS_FAMILY = 'session'
export const META_FAMILY = 'meta'

export const DEFAULT_TABLE_NAME = 'backup:system'

/** `BackupSystemTable.getTableNameForBulkLoadedData`: the main table's name + `_bulk`. */
export const bulkTableName = (systemTable: string): string => `${systemTable}_bulk`

/** `BackupSystemTable.getSnapshotName`: `snapshot_` + the table name with `:` replaced by `_`. */
export const snapshotName = (systemTable: string): string => `snapshot_${systemTable.replace(/:/g, '_')}`

export interface FamilyDescriptor {
  readonly name: string
  readonly maxVersions: number
  readonly ttlSeconds?: number
}

/** The families of the system table (and of the bulk table), with an optional TTL in seconds. */
export const families = (ttlSeconds?: number): ReadonlyArray<FamilyDescriptor> =>
  [SESSIONS_FAMILY, META_FAMILY].map((name) =>
    ttlSeconds === undefined ? { name, maxVersions: 1 } : { name, maxVersions: 1, ttlSeconds }
  )
