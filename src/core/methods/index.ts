/** The programs behind each method of the backup system table, grouped by concern. */
export * as sessions from './sessions.js'
export * as lock from './lock.js'
export * as logRolls from './logRolls.js'
export * as incrementalSet from './incrementalSet.js'
export * as walFiles from './walFiles.js'
export * as backupSets from './backupSets.js'
export * as bulkLoads from './bulkLoads.js'
export * as markers from './markers.js'
