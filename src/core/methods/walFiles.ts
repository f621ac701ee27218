/**
 * Programs for the WAL files already backed up (2017 layout). Reads by root keep only the rows
 * whose `root` column is that root; the seed ignored the root.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type { DomainError } from '../DomainError.js'
import type { BackupId, BackupRoot } from '../domain/Identifiers.js'
import type { Row } from '../Operation.js'
import * as P from '../Program.js'
import * as WalFile from '../rows/WalFile.js'

export const addWALFiles = (
  files: ReadonlyArray<string>,
  backupId: BackupId,
  root: BackupRoot
): P.Program<void> =>
  pipe(
    files,
    E.traverseArray(WalFile.checkFile),
    P.fromEither,
    P.chain((fs) => P.mutate(fs.map((file) => WalFile.put({ backupId, file, backupRoot: root }))))
  )

/** The decoder the streaming `getWALFilesIterator` applies to each scanned row. */
export const walFileOfRoot =
  (root: BackupRoot) =>
  (row: Row): E.Either<DomainError, O.Option<WalFile.WalFile>> =>
    pipe(
      WalFile.decodeRow(row),
      E.map((w) => (w.backupRoot === root ? O.some(w) : O.none))
    )

export const getWALFiles = (root: BackupRoot): P.Program<ReadonlyArray<WalFile.WalFile>> =>
  pipe(
    P.scan(WalFile.scanAll),
    P.chain((rows) =>
      pipe(
        rows,
        E.traverseArray(walFileOfRoot(root)),
        E.map((ws) => ws.flatMap((w) => (O.isSome(w) ? [w.value] : []))),
        P.fromEither
      )
    )
  )

/** A WAL file may be deleted by the cleaner once some backup has copied it. */
export const isWALFileDeletable = (file: string): P.Program<boolean> =>
  pipe(
    P.get(WalFile.get(file)),
    P.map((row) => O.isSome(row) && row.value.cells.length > 0)
  )
