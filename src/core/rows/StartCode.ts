/**
 * The backup start code of a backup root (2017 layout; HBase removed it in HBASE-29800).
 *
 *   key    "startcode:" ‖ utf8(root)
 *   cell   meta:startcode = decimal text of a long, e.g. "0" or "1500000000000"
 *
 * Read only by exact key, so a root that is a prefix of another root cannot leak into it.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import type { BackupRoot } from '../domain/Identifiers.js'
import * as Op from '../Operation.js'
import * as L from '../values/Long.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('startcode:')
export const QUALIFIER = B.utf8('startcode')

export const key = (root: BackupRoot): Uint8Array => S.keyOf(space)(root)

export const get = (root: BackupRoot): Op.Get => Op.get('system', key(root), META_FAMILY)

export const put = (root: BackupRoot, startCode: number): Op.Put =>
  Op.put('system', key(root), [Op.cell(META_FAMILY, QUALIFIER, L.encodeDecimal(startCode))])

/** `undefined` when the row has no start code cell. */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, number | undefined> => {
  const v = Op.cellValue(META_FAMILY, QUALIFIER)(row)
  return v === undefined ? E.right(undefined) : L.decodeDecimal('meta:startcode')(v)
}

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
