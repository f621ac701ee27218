/** Programs for the incremental-backup table set of a root. */
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type { BackupRoot } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import * as P from '../Program.js'
import * as IncrementalSet from '../rows/IncrementalSet.js'

export const getIncrementalBackupTableSet = (root: BackupRoot): P.Program<ReadonlyArray<TableName>> =>
  pipe(
    P.get(IncrementalSet.get(root)),
    P.chain(
      O.match(
        () => P.of([]),
        (row) => P.fromEither(IncrementalSet.decodeRow(row))
      )
    )
  )

export const addIncrementalBackupTableSet = (
  tables: ReadonlyArray<TableName>,
  root: BackupRoot
): P.Program<void> =>
  pipe(
    IncrementalSet.put(root, tables),
    P.fromEither,
    P.chain((put) => P.mutate([put]))
  )

export const deleteIncrementalBackupTableSet = (root: BackupRoot): P.Program<void> =>
  P.mutate([IncrementalSet.remove(root)])
