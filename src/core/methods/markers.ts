/** Programs for the delete and merge markers, parameterised by kind rather than copied. */
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type { BackupId } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import * as P from '../Program.js'
import * as Marker from '../rows/OperationMarker.js'

export const startOperation = (kind: Marker.MarkerKind, ids: ReadonlyArray<BackupId>): P.Program<void> =>
  P.mutate([Marker.start(kind, ids)])

export const finishOperation = (kind: Marker.MarkerKind): P.Program<void> => P.mutate([Marker.finish(kind)])

export const listOfBackupIds = (kind: Marker.MarkerKind): P.Program<ReadonlyArray<BackupId> | undefined> =>
  pipe(
    P.get(Marker.get(kind)),
    P.chain(
      O.match(
        () => P.of(undefined),
        (row) => P.fromEither(Marker.decodeIdsOfRow(row))
      )
    )
  )

export const updateProcessedTablesForMerge = (tables: ReadonlyArray<TableName>): P.Program<void> =>
  P.mutate([Marker.processedTables(tables)])

export const isMergeInProgress: P.Program<boolean> = pipe(
  P.get(Marker.get('merge')),
  P.map((row) => O.isSome(row) && Marker.isInProgress(row.value))
)
