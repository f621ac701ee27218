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
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import type { DomainError } from '../core/DomainError.js'
import { invalidValue } from '../core/DomainError.js'
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
import * as BulkLoad from '../core/rows/BulkLoad.js'
import * as ContinuousBackupSet from '../core/rows/ContinuousBackupSet.js'
import * as BulkLoadedCopy from '../core/rows/BulkLoadedCopy.js'
import * as WalFile from '../core/rows/WalFile.js'
import type { Holder } from '../core/rows/ExclusiveLock.js'
import { asField, count, many, millis, nonEmpty, one, record, text, withValid } from './validateArgs.js'

export interface MethodOptions {
  /** Attempts of a guarded read-modify-write before `Conflict`. */
  readonly maxAttempts: number
  /** Milliseconds; stamps the bulk-loaded-file records. */
  readonly clock: () => number
  /** Recorded with the lock by `startBackupExclusiveOperation`; Java's bare "yes" when absent. */
  readonly holder?: Holder
}

/** A BackupInfo as callers write it: plain strings and numbers, checked by the codec. */
export type BackupInfoInput = t.OutputOf<typeof BackupInfo>

export interface HistoryOptions {
  readonly onlyCompleted?: boolean
  readonly limit?: number
  readonly filters?: ReadonlyArray<H.Filter>
  readonly order?: 'newestFirst' | 'oldestFirst'
}

/** Sessions per page of `getBackupHistoryIterator` unless told. */
export const HISTORY_PAGE = 1000

export interface HistoryPageOptions extends HistoryOptions {
  /** The page starts after this session (the last one of the previous page). */
  readonly after?: { readonly backupId: string; readonly startTs: number }
}

/** WAL files per page of `getWALFilesIterator` unless told. */
export const WAL_PAGE = 1000

const table = one(TableName, 'table')
const tables = (field: string) => (xs: ReadonlyArray<string>) => many(TableName, field)(xs)
const root = one(BackupRoot, 'backupRoot')
const id = one(BackupId, 'backupId')
const setName = one(BackupSetName, 'name')
/** Row keys handed back by a caller: each must be a key of the family the method deletes from. */
const rowKeysOf =
  (check: (field: string) => (k: Uint8Array) => E.Either<DomainError, Uint8Array>) =>
  (field: string, xs: unknown): E.Either<DomainError, ReadonlyArray<Uint8Array>> =>
    Array.isArray(xs)
      ? pipe(
          xs as ReadonlyArray<unknown>,
          E.traverseArrayWithIndex((i, x) =>
            x instanceof Uint8Array
              ? check(`${field}[${i}]`)(x)
              : E.left(invalidValue(`${field}[${i}]`, x, 'must be a Uint8Array row key'))
          )
        )
      : E.left(invalidValue(field, xs, 'must be an array of row keys'))

/** A WAL file path whose last component names the row. */
const walFile = (field: string) => (f: unknown) =>
  pipe(
    text(field)(f),
    E.chain((s) => asField(field)(WalFile.checkFile(s)))
  )

/** An HFile path whose last component names the row (no ":" — the key parser relies on it). */
const hfilePath = (field: string) => (p: unknown) =>
  pipe(
    text(field)(p),
    E.chain((s) => asField(field)(BulkLoad.checkPart('hfile name', BulkLoad.fileName(s)))),
    E.map(() => p as string)
  )

const each =
  <A>(field: string, f: (field: string) => (x: unknown) => E.Either<DomainError, A>) =>
  (xs: unknown): E.Either<DomainError, ReadonlyArray<A>> =>
    Array.isArray(xs)
      ? pipe(
          xs as ReadonlyArray<unknown>,
          E.traverseArrayWithIndex((i, x) => f(`${field}[${i}]`)(x))
        )
      : E.left(invalidValue(field, xs, 'must be an array'))

const region = (r: unknown) =>
  pipe(
    text('region')(r),
    E.chain((s) => BulkLoad.checkPart('region', s))
  )

const historyOptions = (o: HistoryOptions): E.Either<DomainError, HistoryOptions> => {
  if (typeof o !== 'object' || (o as unknown) === null || Array.isArray(o))
    return E.left(invalidValue('options', o, 'must be an object'))
  const opts = o as Readonly<Record<string, unknown>>
  if (opts['onlyCompleted'] !== undefined && typeof opts['onlyCompleted'] !== 'boolean')
    return E.left(invalidValue('options.onlyCompleted', opts['onlyCompleted'], 'must be a boolean'))
  if (opts['order'] !== undefined && opts['order'] !== 'newestFirst' && opts['order'] !== 'oldestFirst')
    return E.left(invalidValue('options.order', opts['order'], 'must be "newestFirst" or "oldestFirst"'))
  if (
    opts['filters'] !== undefined &&
    !(Array.isArray(opts['filters']) && opts['filters'].every((f) => typeof f === 'function'))
  )
    return E.left(invalidValue('options.filters', typeof opts['filters'], 'must be an array of filters'))
  if (opts['limit'] !== undefined)
    return pipe(
      count('options.limit', opts['limit']),
      E.map(() => o)
    )
  return E.right(o)
}

/** The query a `HistoryOptions` asks for. */
const historyQuery = (options: HistoryOptions): E.Either<DomainError, H.HistoryQuery> =>
  pipe(
    historyOptions(options),
    E.map(({ limit }) => ({
      ...(limit === undefined ? {} : { limit }),
      ...(options.order === undefined ? {} : { order: options.order }),
      ...(options.onlyCompleted === true ? { where: { state: 'COMPLETE' as const } } : {}),
      filters: options.filters ?? []
    }))
  )

const afterOption = (after: unknown): E.Either<DomainError, Sessions.After | undefined> =>
  after === undefined
    ? E.right(undefined)
    : pipe(
        record('options.after', after),
        E.chain((a) =>
          pipe(
            E.Do,
            E.bind('backupId', () => one(BackupId, 'options.after.backupId')(a['backupId'])),
            E.bind('startTs', () => millis('options.after.startTs', a['startTs']))
          )
        )
      )

/** `writePathsPostBulkLoad` ("D" rows) and 2.6.2+'s `registerBulkLoad` (no state column). */
const bulkLoadPaths =
  (state: BulkLoad.BulkLoadState | undefined) =>
  (
    tableName: string,
    regionName: string,
    pathsByFamily: Readonly<Record<string, ReadonlyArray<string>>>
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('tn', () => table(tableName)),
      E.bind('r', () => region(regionName)),
      E.bind('byFamily', () => record('pathsByFamily', pathsByFamily)),
      E.bind('checked', ({ byFamily }) =>
        pipe(
          Object.entries(byFamily),
          E.traverseArray(([f, ps]) =>
            pipe(
              text(`pathsByFamily[${f}]`)(f),
              E.chain(() => each(`pathsByFamily.${f}`, hfilePath)(ps))
            )
          )
        )
      ),
      withValid(({ tn, r }) => Bulk.writePathsPostBulkLoad(tn, r, pathsByFamily, state))
    )

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
    pipe(historyQuery(options), withValid(Sessions.history)),
  getHistory: (n: number): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      count('n', n),
      withValid((limit) => Sessions.history({ limit }))
    ),
  getBackupHistoryForRoot: (backupRoot: string): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      root(backupRoot),
      withValid((r) => Sessions.history({ where: { root: r } }))
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
      withValid(({ ts, r }) => Sessions.historyForTableSet(ts, r))
    ),
  /** Sessions in one state, oldest first (Java returned them in row-key order). */
  getBackupInfos: (state: string): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      one(BackupState, 'state')(state),
      withValid((s) => Sessions.history({ where: { state: s }, order: 'oldestFirst' }))
    ),
  getTablesForBackupType: (type: string): P.Program<ReadonlyArray<string>> =>
    pipe(one(BackupType, 'type')(type), withValid(Sessions.tablesOfCompleted)),
  /**
   * One page of `getBackupHistoryIterator`: the first `limit` sessions (default
   * `HISTORY_PAGE`) in the order asked, strictly after the session `after` (its id and startTs).
   */
  getBackupHistoryPage: (options: HistoryPageOptions = {}): P.Program<ReadonlyArray<BackupInfoT>> =>
    pipe(
      E.Do,
      E.bind('query', () => historyQuery(options)),
      E.bind('after', () => afterOption(options.after)),
      withValid(({ query, after }) => Sessions.history({ limit: HISTORY_PAGE, ...query }, after))
    ),
  hasBackupSessions: (): P.Program<boolean> => Sessions.hasBackupSessions,

  // start code (2017 layout)
  readBackupStartCode: (backupRoot: string): P.Program<number | undefined> =>
    pipe(root(backupRoot), withValid(Logs.readBackupStartCode)),
  writeBackupStartCode: (startCode: number, backupRoot: string): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('code', () => millis('startCode', startCode)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ code, r }) => Logs.writeBackupStartCode(code, r))
    ),

  // exclusive lock
  startBackupExclusiveOperation: (): P.Program<void> =>
    o.holder === undefined
      ? Lock.startBackupExclusiveOperation
      : Lock.startBackupExclusiveOperationBy(o.holder),
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
      E.bind('ts', () => millis('timestamp', timestamp)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ s, ts, r }) => Logs.writeRegionServerLastLogRollResult(s, ts, r))
    ),
  writeRegionServerLogTimestamp: (
    tableNames: ReadonlyArray<string>,
    timestamps: Readonly<Record<string, number>>,
    backupRoot: string
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('ts', () => tables('tables')(tableNames)),
      E.bind('byServer', () => record('timestamps', timestamps)),
      E.bind('servers', ({ byServer }) => many(ServerName, 'timestamps')(Object.keys(byServer))),
      E.bind('times', ({ byServer }) =>
        pipe(
          Object.entries(byServer),
          E.traverseArray(([s, n]) => millis(`timestamps[${s}]`, n))
        )
      ),
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
      E.bind('ts', () => pipe(tables('tables')(tableNames), E.chain(nonEmpty('tables')))),
      E.bind('r', () => root(backupRoot)),
      withValid(({ ts, r }) => Incr.addIncrementalBackupTableSet(ts, r))
    ),
  deleteIncrementalBackupTableSet: (backupRoot: string): P.Program<void> =>
    pipe(root(backupRoot), withValid(Incr.deleteIncrementalBackupTableSet)),

  // WAL files (2017 layout)
  addWALFiles: (files: ReadonlyArray<string>, backupId: string, backupRoot: string): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('fs', () => each('files', walFile)(files)),
      E.bind('i', () => id(backupId)),
      E.bind('r', () => root(backupRoot)),
      withValid(({ fs, i, r }) => Wals.addWALFiles(fs, i, r))
    ),
  getWALFiles: (
    backupRoot: string
  ): P.Program<ReadonlyArray<{ backupId: string; file: string; backupRoot: string }>> =>
    pipe(root(backupRoot), withValid(Wals.getWALFiles)),
  /** One page of `getWALFilesIterator`: at most `limit` files of the root after file `after`. */
  getWALFilesPage: (
    backupRoot: string,
    after?: string,
    limit: number = WAL_PAGE
  ): P.Program<ReadonlyArray<{ backupId: string; file: string; backupRoot: string }>> =>
    pipe(
      E.Do,
      E.bind('r', () => root(backupRoot)),
      E.bind('a', () => (after === undefined ? E.right(undefined) : walFile('after')(after))),
      E.bind('n', () => count('limit', limit)),
      withValid(({ r, a, n }) => Wals.getWALFilesPage(r, a, n))
    ),
  isWALFileDeletable: (file: string): P.Program<boolean> =>
    pipe(walFile('file')(file), withValid(Wals.isWALFileDeletable)),

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
  writePathsPostBulkLoad: bulkLoadPaths('D'),
  writeFilesForBulkLoadPreCommit: (
    tableName: string,
    regionName: string,
    family: string,
    paths: ReadonlyArray<string>
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('tn', () => table(tableName)),
      E.bind('r', () => region(regionName)),
      E.bind('f', () => text('family')(family)),
      E.bind('ps', () => each('paths', hfilePath)(paths)),
      withValid(({ tn, r, f, ps }) => Bulk.writeFilesForBulkLoadPreCommit(tn, r, f, ps))
    ),
  readBulkloadRows: (tableNames: ReadonlyArray<string>) =>
    pipe(tables('tables')(tableNames), withValid(Bulk.readBulkloadRows)),
  removeBulkLoadedRows: (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
    pipe(rowKeysOf(BulkLoad.checkKey)('rowKeys', rowKeys), withValid(Bulk.removeBulkLoadedRows)),
  writeBulkLoadedFiles: (
    backupId: string,
    files: ReadonlyArray<{ readonly table: string; readonly family: string; readonly path: string }>
  ): P.Program<void> =>
    pipe(
      E.Do,
      E.bind('i', () => id(backupId)),
      E.bind('fs', () =>
        each(
          'files',
          (field) => (f: unknown) =>
            pipe(
              record(field, f),
              E.chain((r) =>
                pipe(
                  E.Do,
                  E.bind('table', () => one(TableName, `${field}.table`)(r['table'])),
                  E.bind('family', () => text(`${field}.family`)(r['family'])),
                  E.bind('path', () => hfilePath(`${field}.path`)(r['path']))
                )
              )
            )
        )(files)
      ),
      withValid(({ i, fs }) => Bulk.writeBulkLoadedFiles(i, o.clock(), fs))
    ),
  readBulkLoadedFiles: (backupId: string) => pipe(id(backupId), withValid(Bulk.readBulkLoadedFiles)),
  deleteBulkLoadedFiles: (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
    pipe(rowKeysOf(BulkLoadedCopy.checkKey)('rowKeys', rowKeys), withValid(Bulk.deleteBulkLoadedFiles)),

  // delete and merge markers
  startDeleteOperation: (backupIds: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      many(BackupId, 'backupIds')(backupIds),
      E.chain(nonEmpty('backupIds')),
      withValid((ids) => Markers.startOperation('delete', ids))
    ),
  finishDeleteOperation: (): P.Program<void> => Markers.finishOperation('delete'),
  getListOfBackupIdsFromDeleteOperation: (): P.Program<ReadonlyArray<string> | undefined> =>
    Markers.listOfBackupIds('delete'),
  startMergeOperation: (backupIds: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      many(BackupId, 'backupIds')(backupIds),
      E.chain(nonEmpty('backupIds')),
      withValid((ids) => Markers.startOperation('merge', ids))
    ),
  updateProcessedTablesForMerge: (tableNames: ReadonlyArray<string>): P.Program<void> =>
    pipe(
      tables('tables')(tableNames),
      E.chain(nonEmpty('tables')),
      withValid(Markers.updateProcessedTablesForMerge)
    ),
  finishMergeOperation: (): P.Program<void> => Markers.finishOperation('merge'),
  getListOfBackupIdsFromMergeOperation: (): P.Program<ReadonlyArray<string> | undefined> =>
    Markers.listOfBackupIds('merge'),
  isMergeInProgress: (): P.Program<boolean> => Markers.isMergeInProgress,

  // system-table snapshots
  snapshot: (): P.Program<void> => P.snapshot(),
  restoreFromSnapshot: (): P.Program<void> => P.restoreSnapshot(),
  snapshotExists: (): P.Program<boolean> => P.snapshotExists(),
  deleteSnapshot: (): P.Program<void> => P.deleteSnapshot(),

  // master's names (HBase 2.6.5+ / master), beside the 2017 ones; refused where a layout lacks them
  registerBulkLoad: bulkLoadPaths(undefined),
  deleteBulkLoadedRows: (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
    pipe(rowKeysOf(BulkLoad.checkKey)('rowKeys', rowKeys), withValid(Bulk.removeBulkLoadedRows)),
  getTablesIncludedInBackups: (): P.Program<ReadonlyArray<string>> =>
    pipe(Sessions.allSessions, P.map(H.tablesOfCompleted('FULL'))),
  getContinuousBackupTableSet: (): P.Program<ReadonlyArray<ContinuousBackupSet.ContinuousBackupTable>> =>
    pipe(
      P.get(ContinuousBackupSet.get),
      P.chain(
        O.match(
          () => P.of([]),
          (row) => P.fromEither(ContinuousBackupSet.decodeRow(row))
        )
      )
    )
})

export type Methods = ReturnType<typeof methods>
export type MethodName = keyof Methods
export type ResultOf<K extends MethodName> = ReturnType<Methods[K]> extends P.Program<infer A> ? A : never
