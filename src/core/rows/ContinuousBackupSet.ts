/**
 * The tables under continuous backup, and since when (feature branch HBASE-28957, "continuous
 * backup / PITR"; not in master as of 2026-08). Read wherever it exists; this library never writes
 * or deletes it, so a table that holds it keeps it whatever layout it is opened with.
 *
 *   key    "continuousbackupset"   (fixed; no colon, no root)
 *   cells  meta:<table name as getNameAsString()> = 8-byte big-endian long: when continuous backup of
 *          the table started (ms); one column per table
 *
 * The branch's `add` writes only tables not yet present, so the earliest start is kept.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import * as L from '../values/Long.js'
import { decodeString } from '../values/StringList.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const KEY = B.utf8('continuousbackupset')

export const get: Op.Get = Op.get('system', KEY, META_FAMILY)

export interface ContinuousBackupTable {
  readonly table: TableName
  /** When continuous backup of the table started, ms. */
  readonly startTs: number
}

const decodeRowHere = (row: Op.Row): E.Either<DomainError, ReadonlyArray<ContinuousBackupTable>> =>
  pipe(
    row.cells.filter((c) => c.family === META_FAMILY),
    E.traverseArray((c) =>
      pipe(
        E.Do,
        E.bind('table', () =>
          pipe(
            decodeString('continuousbackupset qualifier', c.qualifier),
            E.chain(validate(TableNameCodec, 'continuousbackupset table'))
          )
        ),
        E.bind('startTs', () => L.decodeBigEndian('continuousbackupset start')(c.value))
      )
    )
  )

/** The tables of the row, in column order; an error names the row. */
export const decodeRow = S.located(decodeRowHere)

/** The value a branch writer stores (for golden rows and tests; the library has no writer). */
export const cellOf = (entry: ContinuousBackupTable): Op.Cell =>
  Op.cell(META_FAMILY, entry.table, L.encodeBigEndian(entry.startTs))
