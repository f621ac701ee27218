/**
 * Per backup root and table, the region servers' log-roll timestamps at that table's last backup
 * (the "table → RS log-roll map").
 *
 *   key    "trslm:" ‖ utf8(root) ‖ 0x00 ‖ utf8(table name)
 *   cell   meta:log-roll-map = TableServerTimestamp protobuf
 *
 * A root's rows are the range of "trslm:" ‖ root ‖ 0x00. NUL cannot occur in a root, so root "r"
 * never reads rows of "r2" or "r/backup" (the seed scanned "trslm:" ‖ root and did; HBASE-28449).
 * The table is recovered from the key after the last NUL, as Java's `lastIndexOf(NUL)` does.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'
import type { ServerTimestamps } from '../domain/BackupInfo.js'
import type { BackupRoot } from '../domain/Identifiers.js'
import { BackupRoot as BackupRootCodec } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import type { KeyRange } from '../KeyRange.js'
import * as Op from '../Operation.js'
import { decodeTableServerTimestamp, encodeTableServerTimestamp } from '../proto/TableServerTimestampProto.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('trslm:')
export const QUALIFIER = B.utf8('log-roll-map')

export const key = (root: BackupRoot, table: TableName): Uint8Array => S.keyOf(space)(root, S.NUL, table)

export const rangeOfRoot = (root: BackupRoot): KeyRange => S.rangeOf(space)(root, S.NUL)

export const scanRoot = (root: BackupRoot): Op.Scan =>
  Op.scan('system', rangeOfRoot(root), { family: META_FAMILY })

export const put = (root: BackupRoot, table: TableName, servers: ServerTimestamps): Op.Put =>
  Op.put('system', key(root, table), [
    Op.cell(META_FAMILY, QUALIFIER, encodeTableServerTimestamp({ table, servers }))
  ])

export const decodeKey = (k: Uint8Array): E.Either<DomainError, { root: BackupRoot; table: TableName }> =>
  pipe(
    S.splitAtLastNul(space)(k),
    O.match(
      () => E.left(malformed('trslm row key', B.toStringBinary(k), 'expected "trslm:" root NUL table')),
      ([root, table]) =>
        pipe(
          E.Do,
          E.bind('root', () => validate(BackupRootCodec, 'trslm root')(root)),
          E.bind('table', () => validate(TableNameCodec, 'trslm table')(table))
        )
    )
  )

const decodeRowHere = (
  row: Op.Row
): E.Either<DomainError, { root: BackupRoot; table: TableName; servers: ServerTimestamps }> =>
  pipe(
    E.Do,
    E.bind('k', () => decodeKey(row.key)),
    E.bind('value', () => {
      // the error (and its toStringBinary of the key) is built only when the cell is missing
      const v = Op.cellValue(META_FAMILY, QUALIFIER)(row)
      return v === undefined
        ? E.left(
            malformed('meta:log-roll-map', B.toStringBinary(row.key), 'the row has no log-roll-map cell')
          )
        : E.right(v)
    }),
    E.bind('tst', ({ value }) => decodeTableServerTimestamp(value)),
    E.map(({ k, tst }) => ({ root: k.root, table: k.table, servers: tst.servers }))
  )

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
