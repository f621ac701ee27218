/**
 * Programs for bulk-load tracking: the per-HFile rows written around a bulk load, their reads per
 * table (scan the table's prefix, keep rows that really belong to the table), and the records of
 * files an incremental backup copied. Timestamps are arguments; the core reads no clock.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type { BackupId } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import type { Row } from '../Operation.js'
import * as P from '../Program.js'
import * as BulkLoad from '../rows/BulkLoad.js'
import * as Copy from '../rows/BulkLoadedCopy.js'

const puts = (
  table: TableName,
  region: string,
  files: ReadonlyArray<{ readonly family: string; readonly path: string }>,
  state: BulkLoad.BulkLoadState | undefined
): P.Program<void> =>
  pipe(
    files,
    E.traverseArray((f) => BulkLoad.put({ table, region, family: f.family, path: f.path, state })),
    P.fromEither,
    P.chain(P.mutate)
  )

/**
 * After a bulk load committed: one row per loaded HFile, per family; "D" rows as 2017–2.6.1 write
 * them, or (`state` undefined) the rows of 2.6.2+'s `registerBulkLoad`, without a state column.
 */
export const writePathsPostBulkLoad = (
  table: TableName,
  region: string,
  pathsByFamily: Readonly<Record<string, ReadonlyArray<string>>>,
  state: BulkLoad.BulkLoadState | undefined
): P.Program<void> =>
  puts(
    table,
    region,
    Object.entries(pathsByFamily).flatMap(([family, paths]) => paths.map((path) => ({ family, path }))),
    state
  )

/** Before a bulk load commits: one "R" row per HFile of one family. */
export const writeFilesForBulkLoadPreCommit = (
  table: TableName,
  region: string,
  family: string,
  paths: ReadonlyArray<string>
): P.Program<void> =>
  puts(
    table,
    region,
    paths.map((path) => ({ family, path })),
    'R'
  )

const decodeLoads = (table: TableName) => (rows: ReadonlyArray<Row>) =>
  pipe(
    rows,
    E.traverseArray(BulkLoad.decodeRow),
    E.map((bs) => bs.flatMap((b) => (O.isSome(b) && BulkLoad.belongsTo(table)(b.value) ? [b.value] : [])))
  )

/** The bulk-load rows of each table, one scan per table, in table order then key order. */
export const readBulkloadRows = (
  tables: ReadonlyArray<TableName>
): P.Program<ReadonlyArray<BulkLoad.BulkLoad>> =>
  pipe(
    P.sequence(
      tables.map((t) =>
        pipe(
          P.scan(BulkLoad.scanTable(t)),
          P.chain((rows) => P.fromEither(decodeLoads(t)(rows)))
        )
      )
    ),
    P.map((perTable) => perTable.flat())
  )

/** Deletes bulk-load rows by key (the `rowKey` of each `BulkLoad` read). */
export const removeBulkLoadedRows = (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
  P.mutate(rowKeys.map(BulkLoad.remove))

export const writeBulkLoadedFiles = (
  backupId: BackupId,
  timestamp: number,
  files: ReadonlyArray<{ readonly table: TableName; readonly family: string; readonly path: string }>
): P.Program<void> => P.mutate(files.map((f, i) => Copy.put(backupId, timestamp, i, f)))

export const readBulkLoadedFiles = (backupId: BackupId): P.Program<ReadonlyArray<Copy.BulkLoadedCopy>> =>
  pipe(
    P.scan(Copy.scanBackup(backupId)),
    P.chain((rows) =>
      pipe(
        rows,
        E.traverseArray(Copy.decodeRow),
        E.map((cs) => cs.flatMap((c) => (O.isSome(c) && c.value.backupId === backupId ? [c.value] : []))),
        P.fromEither
      )
    )
  )

export const deleteBulkLoadedFiles = (rowKeys: ReadonlyArray<Uint8Array>): P.Program<void> =>
  P.mutate(rowKeys.map(Copy.remove))
