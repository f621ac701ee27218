/**
 * The name of every argument of every method, as errors report it. Typed by the method table, so a
 * method whose arguments change does not compile until its names do; the boundary (`copyIn`) and
 * the hostile-input catalogue read them from here.
 */
import type { MethodName, Methods } from './methods.js'

/** One name per parameter, optional ones included (a homomorphic map keeps the tuple's length). */
type NamesOf<P extends ReadonlyArray<unknown>> = { readonly [I in keyof P]-?: string }

export type ArgumentNames = { readonly [K in MethodName]: NamesOf<Parameters<Methods[K]>> }

export const argumentNames: ArgumentNames = {
  updateBackupInfo: ['backupInfo'],
  readBackupInfo: ['backupId'],
  deleteBackupInfo: ['backupId'],
  getBackupHistory: ['options'],
  getBackupHistoryPage: ['options'],
  getHistory: ['n'],
  getBackupHistoryForRoot: ['backupRoot'],
  getBackupHistoryForTable: ['table'],
  getBackupHistoryForTableSet: ['tables', 'backupRoot'],
  getBackupInfos: ['state'],
  getTablesForBackupType: ['type'],
  hasBackupSessions: [],
  readBackupStartCode: ['backupRoot'],
  writeBackupStartCode: ['startCode', 'backupRoot'],
  startBackupExclusiveOperation: [],
  finishBackupExclusiveOperation: [],
  readRegionServerLastLogRollResult: ['backupRoot'],
  writeRegionServerLastLogRollResult: ['server', 'timestamp', 'backupRoot'],
  writeRegionServerLogTimestamp: ['tables', 'timestamps', 'backupRoot'],
  readLogTimestampMap: ['backupRoot'],
  getIncrementalBackupTableSet: ['backupRoot'],
  addIncrementalBackupTableSet: ['tables', 'backupRoot'],
  deleteIncrementalBackupTableSet: ['backupRoot'],
  addWALFiles: ['files', 'backupId', 'backupRoot'],
  getWALFiles: ['backupRoot'],
  getWALFilesPage: ['backupRoot', 'after', 'limit'],
  isWALFileDeletable: ['file'],
  listBackupSets: [],
  describeBackupSet: ['name'],
  addToBackupSet: ['name', 'tables'],
  removeFromBackupSet: ['name', 'tables'],
  deleteBackupSet: ['name'],
  writePathsPostBulkLoad: ['table', 'region', 'pathsByFamily'],
  writeFilesForBulkLoadPreCommit: ['table', 'region', 'family', 'paths'],
  readBulkloadRows: ['tables'],
  removeBulkLoadedRows: ['rowKeys'],
  writeBulkLoadedFiles: ['backupId', 'files'],
  readBulkLoadedFiles: ['backupId'],
  deleteBulkLoadedFiles: ['rowKeys'],
  startDeleteOperation: ['backupIds'],
  finishDeleteOperation: [],
  getListOfBackupIdsFromDeleteOperation: [],
  startMergeOperation: ['backupIds'],
  updateProcessedTablesForMerge: ['tables'],
  finishMergeOperation: [],
  getListOfBackupIdsFromMergeOperation: [],
  isMergeInProgress: [],
  snapshot: [],
  restoreFromSnapshot: [],
  snapshotExists: [],
  deleteSnapshot: [],
  registerBulkLoad: ['table', 'region', 'pathsByFamily'],
  deleteBulkLoadedRows: ['rowKeys'],
  getTablesIncludedInBackups: [],
  getContinuousBackupTableSet: []
}
