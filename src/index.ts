/**
 * hbase-backup-meta: the public face of the core, the port, the interpreter and the API.
 * Adapters are separate entry points (`hbase-backup-meta/adapters/memory`, `…/adapters/hbase`), and
 * so are the test helpers (`hbase-backup-meta/testing`).
 */

// the API
export { BackupSystemTable, explainCall } from './api/BackupSystemTable.js'
export type { OpenOptions, PromiseApi, TaskEitherApi } from './api/BackupSystemTable.js'
export type {
  BackupInfoInput,
  HistoryOptions,
  HistoryPageOptions,
  MethodName,
  ResultOf
} from './api/methods.js'
export { BackupMetaError, describe as describeError } from './interpreter/ApiError.js'
export type { ApiError } from './interpreter/ApiError.js'

// the interpreter
export { run, storeHandlers } from './interpreter/run.js'
export { interpret } from './interpreter/interpret.js'
export type { Handlers } from './interpreter/interpret.js'
export type { Env, Tables } from './interpreter/run.js'
export { dryRunHandlers, explain, recordingHandlers } from './interpreter/explain.js'
export type { ExplainedStep, Explanation } from './interpreter/explain.js'

// the port
export type { FamilySpec, KVStore, TableSpec } from './port/KVStore.js'
export * as StoreError from './port/StoreError.js'
export { StoreFailure } from './port/StoreError.js'
export { rowsOf } from './port/rowsOf.js'

// the pure core
export * as Bytes from './core/Bytes.js'
export * as KeyRange from './core/KeyRange.js'
export * as Operation from './core/Operation.js'
export * as Program from './core/Program.js'
export * as History from './core/History.js'
export * as DomainError from './core/DomainError.js'
export * as ProgramError from './core/ProgramError.js'
export { BackupInfo, BackupTableInfo, newBackupInfo, tablesOf } from './core/domain/BackupInfo.js'
export type { ServerTimestamps, TableServerTimestamps } from './core/domain/BackupInfo.js'
export { BackupPhase, BackupState, BackupType } from './core/domain/Enums.js'
export {
  BackupId,
  BackupRoot,
  BackupSetName,
  ServerName,
  backupIdAt,
  backupIdTimestamp
} from './core/domain/Identifiers.js'
export { TableName } from './core/domain/TableName.js'
export { validate } from './core/domain/validate.js'
export * as Rows from './core/rows/index.js'
export * as Methods from './core/methods/index.js'
export * as Proto from './core/proto/index.js'
