/**
 * The layouts, written from the facts of `backup-system-table.md` and `hbase-versions.md` (field
 * numbers, key formats, cells, the JIRA that changed each). Each layout is the previous one with
 * what its first release changed, so every difference between two releases is one line here.
 *
 *   2017   HBASE-17614's module (2017-08): bulk rows in the system table with `state`, `wals:` rows,
 *          `startcode:` rows, BackupInfo 1–12.
 *   2.6.1  the bulk table `backup:system_bulk` (HBASE-19568), no `wals:` rows (HBASE-25891),
 *          BackupInfo 13, failed messages cut at 1,024 characters (HBASE-28643).
 *   2.6.2  bulk rows without `state`, post-commit rows only (HBASE-28767).
 *   2.6.3  no copied-file rows (HBASE-29029); bulk rows deleted after a full backup (HBASE-29003).
 *          Also stands for 2.6.4, which only adds the incremental set's explicit timestamp.
 *   2.6.5  no `startcode:` rows (HBASE-29800); the incremental set written with an explicit
 *          timestamp (HBASE-29622, 2.6.4); master's history API (HBASE-29808/29846).
 *   2.6.7  BackupInfo 14–17 written (HBASE-30322); the same as master.
 */
import type { Layout, LayoutName, RowFamilyLayout, RowFamilyName } from './Layout.js'

type Families = Readonly<Record<RowFamilyName, RowFamilyLayout>>

const absent = (
  why: string,
  key: string,
  cells: string,
  table: 'system' | 'bulk' = 'system'
): RowFamilyLayout => ({
  exists: false,
  table,
  key,
  cells,
  writtenBy: why
})

const families2017: Families = {
  session: {
    exists: true,
    table: 'system',
    key: 'session:<backupId>',
    cells: 'session:context = BackupInfo protobuf, fields 1–12',
    writtenBy: 'updateBackupInfo (every phase change, progress, completion, failure)'
  },
  startcode: {
    exists: true,
    table: 'system',
    key: 'startcode:<root>',
    cells: 'meta:startcode = decimal long',
    writtenBy: 'writeBackupStartCode (first and every completed full/incremental backup)'
  },
  activesession: {
    exists: true,
    table: 'system',
    key: 'activesession:',
    cells: 'session:c = "yes" | "no"',
    writtenBy: 'start/finishBackupExclusiveOperation (compare-and-set)'
  },
  incrbackupset: {
    exists: true,
    table: 'system',
    key: 'incrbackupset:<root>',
    cells: 'meta:<table> = empty, one column per table',
    writtenBy: 'addIncrementalBackupTableSet (server timestamp); deleteIncrementalBackupTableSet'
  },
  trslm: {
    exists: true,
    table: 'system',
    key: 'trslm:<root>\\0<table>',
    cells: 'meta:log-roll-map = TableServerTimestamp protobuf',
    writtenBy: 'writeRegionServerLogTimestamp (completed backups)'
  },
  rslogts: {
    exists: true,
    table: 'system',
    key: 'rslogts:<root>\\0<host:port>',
    cells: 'meta:rs-log-ts = 8-byte big-endian long',
    writtenBy: 'writeRegionServerLastLogRollResult (log roll procedure on each region server)'
  },
  wals: {
    exists: true,
    table: 'system',
    key: 'wals:<WAL file name>',
    cells: 'meta:backupId, meta:file, meta:root = UTF-8',
    writtenBy: 'addWALFiles (full and incremental backups)'
  },
  backupset: {
    exists: true,
    table: 'system',
    key: 'backupset:<name>',
    cells: 'meta:tables = names joined with ","',
    writtenBy: 'addToBackupSet, removeFromBackupSet, deleteBackupSet'
  },
  bulk: {
    exists: true,
    table: 'system',
    key: 'bulk:<table>:<region>:<hfile>',
    cells: 'meta:tbl, meta:fam, meta:path, meta:state = "R" | "D"',
    writtenBy: 'writeFilesForBulkLoadPreCommit ("R"), writePathsPostBulkLoad ("D"); removeBulkLoadedRows'
  },
  bulkcopy: {
    exists: true,
    table: 'system',
    key: 'bulk:<backupId>:<ts>:<idx>',
    cells: 'meta:tbl, meta:fam, meta:path',
    writtenBy: 'writeBulkLoadedFiles (incremental backups that copied bulk-loaded files)'
  },
  delete_op_row: {
    exists: true,
    table: 'system',
    key: 'delete_op_row',
    cells: 'meta:fam = backup ids joined with ","',
    writtenBy: 'startDeleteOperation / finishDeleteOperation'
  },
  merge_op_row: {
    exists: true,
    table: 'system',
    key: 'merge_op_row',
    cells: 'meta:fam = backup ids, meta:path = processed tables, joined with ","',
    writtenBy: 'startMergeOperation, updateProcessedTablesForMerge, finishMergeOperation'
  },
  continuousbackupset: absent(
    'only the continuous-backup branch (HBASE-28957) writes it; read wherever it exists, never written or deleted here',
    'continuousbackupset',
    'meta:<table> = 8-byte big-endian long (start of continuous backup)'
  )
}

const WALS_GONE = 'HBASE-25891 (2021) removed the wals: rows and their methods'
const STATE_GONE = "HBASE-28767 (2.6.2) removed the bulk rows' state column and the pre-commit rows"
const COPY_GONE = 'HBASE-29029 (2.6.3) removed the writer of copied-file rows'
const STARTCODE_GONE = 'HBASE-29800 (2.6.5) removed the start code and its methods'

const onBulkTable = (f: RowFamilyLayout): RowFamilyLayout => ({ ...f, table: 'bulk' })

const families261: Families = {
  ...families2017,
  session: { ...families2017.session, cells: 'session:context = BackupInfo protobuf, fields 1–13' },
  wals: absent(WALS_GONE, families2017.wals.key, families2017.wals.cells),
  bulk: onBulkTable(families2017.bulk),
  bulkcopy: onBulkTable(families2017.bulkcopy)
}

const families262: Families = {
  ...families261,
  bulk: {
    ...families261.bulk,
    cells: 'meta:tbl, meta:fam, meta:path (no state)',
    writtenBy: 'registerBulkLoad (post-commit only); deleteBulkLoadedRows'
  }
}

const families263: Families = {
  ...families262,
  bulk: {
    ...families262.bulk,
    writtenBy: `${families262.bulk.writtenBy}; also deleted after a full backup of the table, and on table delete/truncate (HBASE-29003)`
  },
  bulkcopy: absent(
    `${COPY_GONE}; rows an older release wrote are still read and deleted`,
    families262.bulkcopy.key,
    families262.bulkcopy.cells,
    'bulk'
  )
}

const families265: Families = {
  ...families263,
  startcode: absent(STARTCODE_GONE, families263.startcode.key, families263.startcode.cells),
  incrbackupset: {
    ...families263.incrbackupset,
    writtenBy:
      'addIncrementalBackupTableSet with an explicit cell timestamp of now + 1 (HBASE-29622, 2.6.4); deleteIncrementalBackupTableSet'
  }
}

const families267: Families = {
  ...families265,
  session: {
    ...families265.session,
    cells: 'session:context = BackupInfo protobuf, fields 1–17 (15, 16 always)'
  }
}

const MASTER_BULK_API =
  'HBASE-28767 (2.6.2) added it; this release writes bulk rows with writePathsPostBulkLoad'
const refuses2017: Layout['refuses'] = {
  registerBulkLoad: MASTER_BULK_API,
  deleteBulkLoadedRows: MASTER_BULK_API
}
const walsGone: Layout['refuses'] = {
  addWALFiles: WALS_GONE,
  getWALFiles: WALS_GONE,
  isWALFileDeletable: WALS_GONE,
  getWALFilesIterator: WALS_GONE,
  getWALFilesPage: WALS_GONE
}
const refuses261: Layout['refuses'] = { ...refuses2017, ...walsGone }
const refuses262: Layout['refuses'] = {
  ...walsGone,
  writeFilesForBulkLoadPreCommit: STATE_GONE,
  writePathsPostBulkLoad: `${STATE_GONE}; its writer is registerBulkLoad, without the state column`
}
const refuses263: Layout['refuses'] = { ...refuses262, writeBulkLoadedFiles: COPY_GONE }
const refuses265: Layout['refuses'] = {
  ...refuses263,
  readBackupStartCode: STARTCODE_GONE,
  writeBackupStartCode: STARTCODE_GONE
}

export const layouts: Readonly<Record<LayoutName, Layout>> = {
  '2017': {
    name: '2017',
    releases: 'HBASE-17614 (2017-08), the layout this library was first written against',
    bulkTable: 'shared',
    backupInfoFields: '1–12',
    failedMessageLimit: undefined,
    incrementalSetExplicitTimestamp: false,
    families: families2017,
    refuses: refuses2017
  },
  '2.6.1': {
    name: '2.6.1',
    releases: 'HBase 2.6.0–2.6.1 (checked against 2.6.1 by the interop tests)',
    bulkTable: 'separate',
    backupInfoFields: '1–13',
    failedMessageLimit: 1024,
    incrementalSetExplicitTimestamp: false,
    families: families261,
    refuses: refuses261
  },
  '2.6.2': {
    name: '2.6.2',
    releases: 'HBase 2.6.2',
    bulkTable: 'separate',
    backupInfoFields: '1–13',
    failedMessageLimit: 1024,
    incrementalSetExplicitTimestamp: false,
    families: families262,
    refuses: refuses262
  },
  '2.6.3': {
    name: '2.6.3',
    releases: "HBase 2.6.3–2.6.4 (2.6.4 differs only in the incremental set's explicit timestamp)",
    bulkTable: 'separate',
    backupInfoFields: '1–13',
    failedMessageLimit: 1024,
    incrementalSetExplicitTimestamp: false,
    families: families263,
    refuses: refuses263
  },
  '2.6.5': {
    name: '2.6.5',
    releases: 'HBase 2.6.5–2.6.6',
    bulkTable: 'separate',
    backupInfoFields: '1–13',
    failedMessageLimit: 1024,
    incrementalSetExplicitTimestamp: true,
    families: families265,
    refuses: refuses265
  },
  '2.6.7': {
    name: '2.6.7',
    releases: 'HBase 2.6.7 and master',
    bulkTable: 'separate',
    backupInfoFields: '1–17',
    failedMessageLimit: 1024,
    incrementalSetExplicitTimestamp: true,
    families: families267,
    refuses: refuses265
  }
}

export const NEWEST: LayoutName = '2.6.7'
