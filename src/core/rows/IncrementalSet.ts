/**
 * The incremental-backup table set of a backup root: the tables an incremental backup covers.
 *
 *   key    "incrbackupset:" ‖ utf8(root)
 *   cells  meta:<table name as getNameAsString()> = empty, one column per table
 *
 * Adding is a Put of more columns (a union); deleting removes the `meta` family of the row. Read
 * back as a set ordered by the bytes of the full name, as Java's TreeSet<TableName> orders it.
 * Read only by exact key. An empty Put is rejected by HBase ("No columns to insert"), so adding no
 * table is an error here rather than a failed write.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue } from '../DomainError.js'
import type { BackupRoot } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import { decodeString } from '../values/StringList.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('incrbackupset:')

export const key = (root: BackupRoot): Uint8Array => S.keyOf(space)(root)

export const get = (root: BackupRoot): Op.Get => Op.get('system', key(root), META_FAMILY)

/**
 * `timestamp`, when given, is every cell's explicit timestamp: HBase 2.6.4+ writes now + 1
 * (HBASE-29622) so that a put in the same millisecond as a delete of the row is not masked by it.
 */
export const put = (
  root: BackupRoot,
  tables: ReadonlyArray<TableName>,
  timestamp?: number
): E.Either<DomainError, Op.Put> =>
  tables.length === 0
    ? E.left(
        invalidValue(
          'tables',
          '[]',
          'the incremental set needs at least one table (HBase rejects an empty Put)'
        )
      )
    : E.right(
        Op.put(
          'system',
          key(root),
          sortTables(tables).map((t) =>
            timestamp === undefined
              ? Op.cell(META_FAMILY, t, B.empty)
              : { ...Op.cell(META_FAMILY, t, B.empty), timestamp }
          )
        )
      )

export const remove = (root: BackupRoot): Op.Delete => Op.deleteFamily('system', key(root), META_FAMILY)

/** Distinct tables in the byte order of their names. */
export const sortTables = (tables: ReadonlyArray<TableName>): ReadonlyArray<TableName> =>
  pipe(tables, RA.uniq<TableName>({ equals: (a, b) => a === b }), (ts) =>
    [...ts].sort((a, b) => B.compare(B.utf8(a), B.utf8(b)))
  )

const decodeRowHere = (row: Op.Row): E.Either<DomainError, ReadonlyArray<TableName>> =>
  pipe(
    row.cells.filter((c) => c.family === META_FAMILY),
    E.traverseArray((c) =>
      pipe(
        decodeString('incrbackupset qualifier', c.qualifier),
        E.chain(validate(TableNameCodec, 'incrbackupset table'))
      )
    ),
    E.map(sortTables)
  )

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
