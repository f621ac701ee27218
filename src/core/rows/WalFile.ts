/**
 * WAL files already copied by a backup (2017 layout; HBase removed them in HBASE-25891).
 *
 *   key    "wals:" ‖ utf8(last path component of the WAL file)
 *   cells  meta:backupId = id, meta:file = full path, meta:root = backup root   (UTF-8)
 *
 * The key holds no root, so the seed's `getWALFilesIterator(root)` ignored its argument. Here every
 * read by root scans "wals:" and keeps only rows whose `meta:root` equals the root. One row per
 * file name: a later write for another root replaces the row, as it did in Java.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed } from '../DomainError.js'
import type { BackupId, BackupRoot } from '../domain/Identifiers.js'
import { BackupId as BackupIdCodec, BackupRoot as BackupRootCodec } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import { decodeString } from '../values/StringList.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('wals:')
export const BACKUP_ID = B.utf8('backupId')
export const FILE = B.utf8('file')
export const ROOT = B.utf8('root')

export interface WalFile {
  readonly backupId: BackupId
  readonly file: string
  readonly backupRoot: BackupRoot
}

/** `BackupUtils.getUniqueWALFileNamePart`: the last component of the path. */
export const fileNamePart = (file: string): string => file.slice(file.lastIndexOf('/') + 1)

export const checkFile = (file: string): E.Either<DomainError, string> =>
  fileNamePart(file).length === 0 || file.includes('\0')
    ? E.left(invalidValue('walFile', file, 'a WAL file path must end in a file name and contain no NUL'))
    : E.right(file)

export const key = (file: string): Uint8Array => S.keyOf(space)(fileNamePart(file))

export const get = (file: string): Op.Get => Op.get('system', key(file), META_FAMILY)

export const scanAll: Op.Scan = Op.scan('system', space.range, { family: META_FAMILY })

export const put = (w: WalFile): Op.Put =>
  Op.put('system', key(w.file), [
    Op.cell(META_FAMILY, BACKUP_ID, B.utf8(w.backupId)),
    Op.cell(META_FAMILY, FILE, B.utf8(w.file)),
    Op.cell(META_FAMILY, ROOT, B.utf8(w.backupRoot))
  ])

/** The error (and its toStringBinary of the key) is built only when the column is missing. */
const column = (row: Op.Row, q: Uint8Array, name: string): E.Either<DomainError, string> => {
  const v = Op.cellValue(META_FAMILY, q)(row)
  return v === undefined
    ? E.left(malformed(`meta:${name}`, B.toStringBinary(row.key), 'missing column'))
    : decodeString(`meta:${name}`, v)
}

const decodeRowHere = (row: Op.Row): E.Either<DomainError, WalFile> => {
  // plain steps, no `Do` chain: an incremental backup reads every WAL row
  const backupId = column(row, BACKUP_ID, 'backupId')
  if (E.isLeft(backupId)) return backupId
  const id = validate(BackupIdCodec, 'meta:backupId')(backupId.right)
  if (E.isLeft(id)) return id
  const file = column(row, FILE, 'file')
  if (E.isLeft(file)) return file
  const root = column(row, ROOT, 'root')
  if (E.isLeft(root)) return root
  const backupRoot = validate(BackupRootCodec, 'meta:root')(root.right)
  if (E.isLeft(backupRoot)) return backupRoot
  return E.right({ backupId: id.right, file: file.right, backupRoot: backupRoot.right })
}

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
