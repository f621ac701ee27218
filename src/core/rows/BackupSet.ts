/**
 * Named backup sets.
 *
 *   key    "backupset:" ‖ utf8(set name)
 *   cell   meta:tables = table names joined with ","
 *
 * Set names contain neither "," nor NUL. `listBackupSets` scans the "backupset:" range and strips
 * the prefix; names come back in key byte order.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'
import type { BackupSetName } from '../domain/Identifiers.js'
import { BackupSetName as BackupSetNameCodec } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import * as SL from '../values/StringList.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('backupset:')
export const QUALIFIER = B.utf8('tables')
export const column: Op.Column = { family: META_FAMILY, qualifier: QUALIFIER }

export const key = (name: BackupSetName): Uint8Array => S.keyOf(space)(name)

export const get = (name: BackupSetName): Op.Get => Op.get('system', key(name), META_FAMILY)

export const scanAll: Op.Scan = Op.scan('system', space.range, { family: META_FAMILY })

export const encodeTables = SL.encode

export const put = (name: BackupSetName, tables: ReadonlyArray<TableName>): Op.Put =>
  Op.put('system', key(name), [Op.cell(META_FAMILY, QUALIFIER, encodeTables(tables))])

export const remove = (name: BackupSetName): Op.Delete => Op.deleteFamily('system', key(name), META_FAMILY)

export const decodeKey = (k: Uint8Array): E.Either<DomainError, BackupSetName> =>
  pipe(
    S.suffixOf(space)(k),
    O.match(
      () => E.left(malformed('backupset row key', B.toStringBinary(k), 'not a backup set row')),
      validate(BackupSetNameCodec, 'backup set name')
    )
  )

export const decodeTables: (bytes: Uint8Array) => E.Either<DomainError, ReadonlyArray<TableName>> = SL.decode(
  'meta:tables',
  validate(TableNameCodec, 'meta:tables')
)

/** The raw stored value (for compare-and-set) and its tables; `undefined` value when the cell is absent. */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, ReadonlyArray<TableName> | undefined> => {
  const v = Op.cellValue(META_FAMILY, QUALIFIER)(row)
  return v === undefined ? E.right(undefined) : decodeTables(v)
}

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)

/** The set's name from its row, for listing; an error names the row. */
export const decodeNameOfRow = S.located((row: Op.Row) => decodeKey(row.key))
