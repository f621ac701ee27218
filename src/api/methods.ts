/**
 * The methods of Java's `BackupSystemTable`, same names, each a function from untyped arguments to
 * a core program: arguments are validated first (a failure writes nothing), then the pure program
 * of `core/methods` runs. `BackupSystemTable` derives its Promise API, its TaskEither API and
 * `explain` from this one table, so the three can never disagree.
 *
 * Java overloads that TypeScript cannot tell apart have distinct names:
 * `getBackupHistory({ onlyCompleted, limit, filters, order })`, `getHistory(n)`,
 * `getBackupHistoryForRoot(root)`, `getBackupHistoryForTable(table)`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import type { BackupInfo as BackupInfoT } from '../core/domain/BackupInfo.js'
import { BackupInfo } from '../core/domain/BackupInfo.js'
import { BackupState, BackupType } from '../core/domain/Enums.js'
import { BackupId, BackupRoot, BackupSetName, ServerName } from '../core/domain/Identifiers.js'
import { TableName } from '../core/domain/TableName.js'
import * as H from '../core/History.js'
import * as Sets from '../core/methods/backupSets.js'
import * as Bulk from '../core/methods/bulkLoads.js'
import * as Incr from '../core/methods/incrementalSet.js'
import * as Lock from '../core/methods/lock.js'
import * as Logs from '../core/methods/logRolls.js'
import * as Markers from '../core/methods/markers.js'
import * as Sessions from '../core/methods/sessions.js'
import * as Wals from '../core/methods/walFiles.js'
import * as P from '../core/Program.js'
import { count, many, nonEmpty, one, withValid } from './validateArgs.js'

export interface MethodOptions {
  /** Attempts of a guarded read-modify-write before `Conflict`. */
  readonly maxAttempts: number
  /** Milliseconds; stamps the bulk-loaded-file records. */
  readonly clock: () => number
}

/** A BackupInfo as callers write it: plain strings and numbers, checked by the codec. */
export type BackupInfoInput = t.OutputOf<typeof BackupInfo>

export interface HistoryOptions {
  readonly onlyCompleted?: boolean
  readonly limit?: number
  readonly filters?: ReadonlyArray<H.Filter>
  readonly order?: 'newestFirst' | 'oldestFirst'
}

const table = one(TableName, 'table')
const tables = (field: string) => (xs: ReadonlyArray<string>) => many(TableName, field)(xs)
const root = one(BackupRoot, 'backupRoot')
const id = one(BackupId, 'backupId')
const setName = one(BackupSetName, 'name')
const bytesArray = (field: string, xs: ReadonlyArray<Uint8Array>) =>
  xs.every((x) => x instanceof Uint8Array)
    ? E.right(xs)
    : E.left({
        _tag: 'InvalidValue' as const,
        field,
        value: String(xs),
        reason: 'must be Uint8Array row keys'
      })

export const methods = (o: MethodOptions) => ({
  // sessions
  updateBackupInfo: (info: BackupInfoInput): P.Program<void> =>
    pipe(one(BackupInfo, 'backupInfo')(info), withValid(Sessions.updateBackupInfo)),
  readBackupInfo: (backupId: string): P.Program<BackupInfoT | undefined> =>
    pipe(id(backupId), withValid(Sessions.readBackupInfo)),
  deleteBackupInfo: (backupId: string): P.Program<void> =>
    pipe(id(backupId), withValid(Sessions.deleteBackupInfo)),

  // history
  getBackupHistory: (options: HistoryOptions = {}): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      options.limit === undefined
        ? E.right<never, number | undefined>(undefined)
        : count('limit', options.limit),
      withValid((limit: number | undefined) =>
        Sessions.history({
          ...(limit === undefined ? {} : { limit }),
          ...(options.order === undefined ? {} : { order: options.order }),
          filters: [
            ...(options.onlyCompleted === true ? [H.withState('COMPLETE')] : []),
            ...(options.filters ?? [])
          ]
        })
      )
    ),
  getHistory: (n: number): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      count('n', n),
      withValid((limit) => Sessions.history({ limit }))
    ),
  getBackupHistoryForRoot: (backupRoot: string): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      root(backupRoot),
      withValid((r) => Sessions.history({ filters: [H.withRoot(r)] }))
    ),
  getBackupHistoryForTable: (tableName: string): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      table(tableName),
      withValid((tn) => Sessions.history({ filters: [H.withTable(tn)] }))
    ),
  getBackupHistoryForTableSet: (
    tableNames: ReadonlyArray<string>,
    backupRoot: string
  ): P.Program<ReadonlyMap<string, ReadonlyArray<BackupInfoT>>> =>
    pipe(
      E.Do,
      E.bind('ts', () => tables('tables')(tableNames)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ ts, r }) => pipe(Sessions.allSessions, P.map(H.historyForTableSet(ts, r))))
    ),
  /** Sessions in one state, oldest first (Java returned them in row-key order). */
  getBackupInfos: (state: string): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      one(BackupState, 'state')(state),
      withValid((s) => Sessions.history({ filters: [H.withState(s)], order: 'oldestFirst' }))
    ),
  getTablesForBackupType: (type: string): P.Program<ReadonlyArray<string>> =>
    pipe(
      one(BackupType, 'type')(type),
      withValid((ty) => pipe(Sessions.allSessions, P.map(H.tablesOfCompleted(ty))))
    ),
  hasBackupSessions: (): P.Program<boolean> => Sessions.hasBackupSessions,

  // start code (2017 layout)
  readBackupStartCode: (backupRoot: string): P.Program<number | undefined> =>
    pipe(root(backupRoot), withValid(Logs.readBackupStartCode)),
  writeBackupStartCode: (startCode: number, backupRoot: string): P.Program<void> =>
    pipe(
      root(backupRoot),
      withValid((r) => Logs.writeBackupStartCode(startCode, r))
    ),

  // exclusive lock
  startBackupExclusiveOperation: (): P.Program<void> => Lock.startBackupExclusiveOperation,
  finishBackupExclusiveOperation: (): P.Program<void> => Lock.finishBackupExclusiveOperation,

  // log rolls
  readRegionServerLastLogRollResult: (backupRoot: string): P.Program<Readonly<Record<string, number>>> =>
    pipe(root(backupRoot), withValid(Logs.readRegionServerLastLogRollResult)),
  writeRegionServerLastLogRollResult: (
    server: string,
    timestamp: number,
    backupRoot: string
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('s', () => one(ServerName, 'server')(server)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ s, r }) => Logs.writeRegionServerLastLogRollResult(s, timestamp, r))
    ),
  writeRegionServerLogTimestamp: (
    tableNames: ReadonlyArray<string>,
    timestamps: Readonly<Record<string, number>>,
    backupRoot: string
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('ts', () => tables('tables')(tableNames)),
      E.bind('servers', () => many(ServerName, 'timestamps')(Object.keys(timestamps))),
      E.bind('r', () => root(backupRoot)),
      withValid(({ ts, r }) => Logs.writeRegionServerLogTimestamp(ts, timestamps, r))
    ),
  readLogTimestampMap: (
    backupRoot: string
  ): P.Program<Readonly<Record<string, Readonly<Record<string, number>>>>> =>
    pipe(root(backupRoot), withValid(Logs.readLogTimestampMap)),

  // incremental set
  getIncrementalBackupTableSet: (backupRoot: string): P.Program<ReadonlyArray<string>> =>
    pipe(root(backupRoot), withValid(Incr.getIncrementalBackupTableSet)),
  addIncrementalBackupTableSet: (tableNames: ReadonlyArray<string>, backupRoot: string): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('ts', () => tables('tables')(tableNames)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ ts, r }) => Incr.addIncrementalBackupTableSet(ts, r))
    ),
  deleteIncrementalBackupTableSet: (backupRoot: string): P.Program<void> =>
    pipe(root(backupRoot), withValid(Incr.deleteIncrementalBackupTableSet)),

  // WAL files (2017 layout)
  addWALFiles: (files: ReadonlyArray<string>, backupId: string, backupRoot: string): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('i', () => id(backupId)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ i, r }) => Wals.addWALFiles(files, i, r))
    ),
  getWALFiles: (
    backupRoot: string
  ): P.Program<ReadonlyArray<{ backupId: string; file: string; backupRoot: string }>> =>
    pipe(root(backupRoot), withValid(Wals.getWALFiles)),
  isWALFileDeletable: (file: string): P.Program<boolean> => Wals.isWALFileDeletable(file),

  // backup sets
  listBackupSets: (): P.Program<ReadonlyArray<string>> => Sets.listBackupSets,
  describeBackupSet: (name: string): P.Program<ReadonlyArray<string> | undefined> =>
    pipe(setName(name), withValid(Sets.describeBackupSet)),
  addToBackupSet: (name: string, tableNames: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('n', () => setName(name)),
      E.bind('ts', () => pipe(tables('tables')(tableNames), E.chain(nonEmpty('tables')))),
      withValid(({ n, ts }) => Sets.addToBackupSet(n, ts, o.maxAttempts))
    ),
  removeFromBackupSet: (name: string, tableNames: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('n', () => setName(name)),
      E.bind('ts', () => tables('tables')(tableNames)),
      withValid(({ n, ts }) => Sets.removeFromBackupSet(n, ts, o.maxAttempts))
    ),
  deleteBackupSet: (name: string): P.Program<void> => pipe(setName(name), withValid(Sets.deleteBackupSet)),

  // bulk loads
  writePathsPostBulkLoad: (
    tableName: string,
    region: string,
    pathsByFamily: Readonly<Record<string, ReadonlyArray<string>>>
  ): P.Program<void> =>
    pipe(
      table(tableName),
      withValid((tn) => Bulk.writePathsPostBulkLoad(tn, region, pathsByFamily))
    ),
  writeFilesForBulkLoadPreCommit: (
    tableName: string,
    region: string,
    family: string,
    paths: ReadonlyArray<string>
  ): P.Program<void> =>
    pipe(
      table(tableName),
      withValid((tn) => Bulk.writeFilesForBulkLoadPreCommit(tn, region, family, paths))
    ),
  readBulkloadRows: (tableNames: ReadonlyArray<string>) =>
    pipe(tables('tables')(tableNames), withValid(Bulk.readBulkloadRows)),
  removeBulkLoadedRows: (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
    pipe(bytesArray('rowKeys', rowKeys), withValid(Bulk.removeBulkLoadedRows)),
  writeBulkLoadedFiles: (
    backupId: string,
    files: ReadonlyArray<{ readonly table: string; readonly family: string; readonly path: string }>
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('i', () => id(backupId)),
      E.bind('ts', () => tables('files.table')(files.map((f) => f.table))),
      withValid(({ i, ts }) =>
        Bulk.writeBulkLoadedFiles(
          i,
          o.clock(),
          files.map((f, n) => ({ ...f, table: ts[n] ?? (f.table as never) }))
        )
      )
    ),
  readBulkLoadedFiles: (backupId: string) => pipe(id(backupId), withValid(Bulk.readBulkLoadedFiles)),
  deleteBulkLoadedFiles: (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
    pipe(bytesArray('rowKeys', rowKeys), withValid(Bulk.deleteBulkLoadedFiles)),

  // delete and merge markers
  startDeleteOperation: (backupIds: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      many(BackupId, 'backupIds')(backupIds),
      withValid((ids) => Markers.startOperation('delete', ids))
    ),
  finishDeleteOperation: (): P.Program<void> => Markers.finishOperation('delete'),
  getListOfBackupIdsFromDeleteOperation: (): P.Program<ReadonlyArray<string> | undefined> =>
    Markers.listOfBackupIds('delete'),
  startMergeOperation: (backupIds: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      many(BackupId, 'backupIds')(backupIds),
      withValid((ids) => Markers.startOperation('merge', ids))
    ),
  updateProcessedTablesForMerge: (tableNames: ReadonlyArray<string>): P.Program<void> =>
    pipe(tables('tables')(tableNames), withValid(Markers.updateProcessedTablesForMerge)),
  finishMergeOperation: (): P.Program<void> => Markers.finishOperation('merge'),
  getListOfBackupIdsFromMergeOperation: (): P.Program<ReadonlyArray<string> | undefined> =>
    Markers.listOfBackupIds('merge'),
  isMergeInProgress: (): P.Program<boolean> => Markers.isMergeInProgress,

  // system-table snapshots
  snapshot: (): P.Program<void> => P.snapshotInstr('Snapshot'),
  restoreFromSnapshot: (): P.Program<void> => P.snapshotInstr('RestoreSnapshot'),
  snapshotExists: (): P.Program<boolean> => P.snapshotInstr('SnapshotExists'),
  deleteSnapshot: (): P.Program<void> => P.snapshotInstr('DeleteSnapshot')
})

export type Methods = ReturnType<typeof methods>
export type MethodName = keyof Methods
export type ResultOf<K extends MethodName> = ReturnType<Methods[K]> extends P.Program<infer A> ? A : never
