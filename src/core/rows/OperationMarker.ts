/**
 * Markers of an unfinished delete or merge, which `repair` acts on.
 *
 *   key    "delete_op_row"  cell meta:fam = backup ids joined with ","
 *   key    "merge_op_row"   cells meta:fam = backup ids joined with ",",
 *                                 meta:path = processed table names joined with ","
 *
 * Java reuses its `fam`/`path` column constants for these lists. Reading takes the `fam` cell; a
 * missing row or a zero-length value means "no operation in progress". A merge is in progress when
 * its row has any cell.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import type { BackupId } from '../domain/Identifiers.js'
import { BackupId as BackupIdCodec } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import * as SL from '../values/StringList.js'
import { FAM, PATH } from './BulkLoad.js'
import * as S from './Subspace.js'
import { META_FAMILY } from './Schema.js'

export type MarkerKind = 'delete' | 'merge'

export const key = (kind: MarkerKind): Uint8Array =>
  B.utf8(kind === 'delete' ? 'delete_op_row' : 'merge_op_row')

export const get = (kind: MarkerKind): Op.Get => Op.get('system', key(kind), META_FAMILY)

export const start = (kind: MarkerKind, ids: ReadonlyArray<BackupId>): Op.Put =>
  Op.put('system', key(kind), [Op.cell(META_FAMILY, FAM, SL.encode(ids))])

export const processedTables = (tables: ReadonlyArray<TableName>): Op.Put =>
  Op.put('system', key('merge'), [Op.cell(META_FAMILY, PATH, SL.encode(tables))])

export const finish = (kind: MarkerKind): Op.Delete => Op.deleteFamily('system', key(kind), META_FAMILY)

const decodeIds = SL.decode('meta:fam', validate(BackupIdCodec, 'meta:fam'))

/** The backup ids of the operation, or `undefined` when none is in progress. */
const decodeIdsOfRowHere = (row: Op.Row): E.Either<DomainError, ReadonlyArray<BackupId> | undefined> => {
  const v = Op.cellValue(META_FAMILY, FAM)(row)
  return v === undefined || v.length === 0 ? E.right(undefined) : decodeIds(v)
}

export const isInProgress = (row: Op.Row): boolean => row.cells.length > 0

/** The decoder above; an error names the row it came from. */
export const decodeIdsOfRow = S.located(decodeIdsOfRowHere)
