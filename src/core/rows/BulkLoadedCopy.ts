/**
 * Records of bulk-loaded HFiles copied by an incremental backup (2017 layout; the writer was
 * removed in HBASE-29029).
 *
 *   key    "bulk:" ‖ utf8(backupId) ‖ ":" ‖ decimal ts ‖ ":" ‖ decimal index
 *   cells  meta:tbl = table name, meta:fam = column family, meta:path = HFile path
 *
 * Shares the "bulk:" prefix with `BulkLoad` rows. A row is a copy record only when its key has
 * exactly this shape and it has no `state` column (every `BulkLoad` row written here has one).
 * The timestamp is an argument, not a clock read: the core stays pure.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed } from '../DomainError.js'
import type { BackupId } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import type { KeyRange } from '../KeyRange.js'
import * as Op from '../Operation.js'
import { decodeString } from '../values/StringList.js'
import { FAM, PATH, STATE, TBL, space } from './BulkLoad.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export interface BulkLoadedCopy {
  readonly backupId: BackupId
  readonly table: TableName
  readonly family: string
  readonly path: string
  readonly rowKey: Uint8Array
}

export const key = (id: BackupId, ts: number, index: number): Uint8Array =>
  S.keyOf(space)(id, ':', String(ts), ':', String(index))

export const rangeOfBackup = (id: BackupId): KeyRange => S.rangeOf(space)(id, ':')

export const scanBackup = (id: BackupId): Op.Scan =>
  Op.scan('bulk', rangeOfBackup(id), { family: META_FAMILY })

export const put = (
  id: BackupId,
  ts: number,
  index: number,
  file: { readonly table: TableName; readonly family: string; readonly path: string }
): Op.Put =>
  Op.put('bulk', key(id, ts, index), [
    Op.cell(META_FAMILY, TBL, B.utf8(file.table)),
    Op.cell(META_FAMILY, FAM, B.utf8(file.family)),
    Op.cell(META_FAMILY, PATH, B.utf8(file.path))
  ])

export const remove = (rowKey: Uint8Array): Op.Delete => Op.deleteRow('bulk', rowKey)

const SHAPE = /^(backup_\d+):\d+:\d+$/

const text = (row: Op.Row, q: Uint8Array, name: string): E.Either<DomainError, string | undefined> => {
  const v = Op.cellValue(META_FAMILY, q)(row)
  return v === undefined ? E.right(undefined) : decodeString(`meta:${name}`, v)
}

/** The copy record of a row; `none` when the row is not one. */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, O.Option<BulkLoadedCopy>> => {
  const m = pipe(
    S.suffixOf(space)(row.key),
    O.chain((s) => O.fromNullable(SHAPE.exec(s)))
  )
  if (O.isNone(m) || Op.cellValue(META_FAMILY, STATE)(row) !== undefined) return E.right(O.none)
  const backupId = m.value[1] as BackupId
  return pipe(
    E.Do,
    E.bind('tbl', () => text(row, TBL, 'tbl')),
    E.bind('family', () => text(row, FAM, 'fam')),
    E.bind('path', () => text(row, PATH, 'path')),
    E.chain(({ tbl, family, path }) =>
      tbl === undefined || family === undefined || path === undefined
        ? E.left(
            malformed(
              `meta:${tbl === undefined ? 'tbl' : family === undefined ? 'fam' : 'path'}`,
              '',
              'missing'
            )
          )
        : pipe(
            validate(TableNameCodec, 'meta:tbl')(tbl),
            E.map((table) => O.some({ backupId, table, family, path, rowKey: row.key }))
          )
    )
  )
}

/** A key handed back by a caller (`deleteBulkLoadedFiles`): a copy record's key, and nothing else. */
export const checkKey =
  (field: string) =>
  (k: Uint8Array): E.Either<DomainError, Uint8Array> =>
    pipe(
      S.suffixOf(space)(k),
      O.exists((s) => SHAPE.test(s))
    )
      ? E.right(k)
      : E.left(
          invalidValue(
            field,
            B.toStringBinary(k),
            'must be a copied-file row key (bulk:<backupId>:<ts>:<index>)'
          )
        )

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
