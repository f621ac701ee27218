/**
 * Programs for the WAL files already backed up (2017 layout). Reads by root keep only the rows
 * whose `root` column is that root; the seed ignored the root.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
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

const walFileOfRoot =
  (root: BackupRoot) =>
  (row: Row): E.Either<DomainError, O.Option<WalFile.WalFile>> =>
    pipe(
      WalFile.decodeRow(row),
      E.map((w) => (w.backupRoot === root ? O.some(w) : O.none))
    )

/**
 * At most `limit` WAL files of `root` (every one when absent), in key order, starting after the row
 * of file `after` when given: a page of `getWALFilesIterator`. Key order is the listing's own order
 * (Java's iterator walks the same scan), so a page resumes exactly after the last file of the
 * previous one. The scan stops as soon as the page is full.
 */
export const getWALFilesPage = (
  root: BackupRoot,
  after: string | undefined,
  limit: number | undefined
): P.Program<ReadonlyArray<WalFile.WalFile>> => {
  const max = limit ?? Number.POSITIVE_INFINITY
  const decode = walFileOfRoot(root)
  const scan =
    after === undefined
      ? WalFile.scanAll
      : {
          ...WalFile.scanAll,
          range: { ...WalFile.scanAll.range, start: B.concat(WalFile.key(after), B.of(0)) }
        }
  return pipe(
    P.scanFold(
      scan,
      () => E.right<DomainError, Array<WalFile.WalFile>>([]),
      (acc, rows) => {
        if (E.isLeft(acc)) return { state: acc, done: true }
        const files = acc.right
        for (const row of rows) {
          if (files.length >= max) break
          const w = decode(row)
          if (E.isLeft(w)) return { state: w, done: true }
          if (O.isSome(w.right)) files.push(w.right.value)
        }
        return { state: acc, done: files.length >= max }
      }
    ),
    P.chain(P.fromEither)
  )
}

export const getWALFiles = (root: BackupRoot): P.Program<ReadonlyArray<WalFile.WalFile>> =>
  getWALFilesPage(root, undefined, undefined)

/** A WAL file may be deleted by the cleaner once some backup has copied it. */
export const isWALFileDeletable = (file: string): P.Program<boolean> =>
  pipe(
    P.get(WalFile.get(file)),
    P.map((row) => O.isSome(row) && row.value.cells.length > 0)
  )
