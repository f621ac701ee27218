/** A realistically filled backup table, and a byte-for-byte dump of every table in a store. */
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as KeyRange from '../../src/core/KeyRange.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { rowsOf } from '../../src/port/rowsOf.js'

export const SYSTEM = 'backup:system'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** Every row of the table as hex strings (key, then family:qualifier=value per cell). */
export const dumpTable = async (store: KVStore, table: string = SYSTEM): Promise<ReadonlyArray<string>> => {
  const out: Array<string> = []
  for await (const row of rowsOf(store.scan({ _tag: 'Scan', table, range: KeyRange.all, reverse: false }))) {
    out.push(
      `${hex(row.key)} ${row.cells.map((c) => `${c.family}:${hex(c.qualifier)}=${hex(c.value)}`).join(' ')}`
    )
  }
  return out
}

export const dumpTables = dumpTable

/** Sessions, start codes, log rolls, sets, WAL files, bulk loads, markers: one of each family. */
export const seededTable = async (
  store: KVStore,
  options: { readonly clock?: () => number } = {}
): Promise<BackupSystemTable> => {
  const t = await BackupSystemTable.open(store, options)
  const root = 'hdfs://nn/backup'
  for (const [i, ms] of [1_500_000_000_000, 1_500_000_100_000, 1_500_000_200_000].entries()) {
    await t.updateBackupInfo({
      backupId: `backup_${ms}`,
      type: i === 0 ? 'FULL' : 'INCREMENTAL',
      backupRootDir: root,
      state: 'COMPLETE',
      phase: 'STORE_MANIFEST',
      startTs: ms,
      completeTs: ms + 1000,
      progress: 100,
      workers: -1,
      bandwidth: -1,
      tables: [{ table: 'ns:t1', snapshotName: `snap_${i}` }]
    })
  }
  await t.writeBackupStartCode(1_500_000_000_000, root)
  await t.writeRegionServerLastLogRollResult('rs1.example.com:16020', 1_500_000_000_500, root)
  await t.writeRegionServerLogTimestamp(['ns:t1', 't2'], { 'rs1.example.com:16020': 1_500_000_000_600 }, root)
  await t.addIncrementalBackupTableSet(['ns:t1', 't2'], root)
  await t.addWALFiles(['/hbase/WALs/rs1/wal.1', '/hbase/WALs/rs1/wal.2'], 'backup_1500000000000', root)
  await t.addToBackupSet('daily', ['ns:t1', 't2'])
  await t.writeFilesForBulkLoadPreCommit('t2', '0123456789abcdef0123456789abcdef', 'cf', ['/staging/cf/abc1'])
  await t.writeBulkLoadedFiles('backup_1500000000000', [
    { table: 't2', family: 'cf', path: '/staging/cf/abc2' }
  ])
  await t.startMergeOperation(['backup_1500000000000', 'backup_1500000100000'])
  return t
}
