/**
 * HBase.proto `TableName` message ⇄ the domain's `getNameAsString()` form.
 *
 *   TableName { 1: bytes namespace (UTF-8), 2: bytes qualifier (UTF-8) }   both required
 *
 * Writing: the namespace is always explicit, as `ProtobufUtil.toProtoTableName` does, so `t1` is
 * written as namespace "default", qualifier "t1".
 *
 * Reading, as strictly as a top-level message: a missing part is `Malformed`, a part that is not
 * UTF-8 or not legal is `InvalidValue` naming the field, a known field with the wrong wire type is
 * `Malformed`; unknown field numbers are skipped (as Java does). The parts are checked as
 * `namespace:qualifier` with the explicit namespace (never dropping "default"), so a ":" inside
 * either part is visible: namespace "default", qualifier "a:b" is rejected, not read as table `b`
 * of namespace `a`. `default:t1` is read as `t1`.
 *
 * Law: for every table name t, reading what `writeTableName` wrote gives t back.
 */
import * as B from '../Bytes.js'
import { invalidValue, malformed } from '../DomainError.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec, namespaceOf, ofParts, qualifierOf } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import type { Cursor } from './WireReader.js'
import * as R from './WireReader.js'
import type { Writer } from './WireWriter.js'
import * as W from './WireWriter.js'

const NAMESPACE_TAG = (1 << 3) | R.WIRE_LENGTH
const QUALIFIER_TAG = (2 << 3) | R.WIRE_LENGTH

/** Writes `table` as message field `field` of the message being written. */
export const writeTableName = (w: Writer, field: number, table: TableName): void => {
  const at = W.open(w, field)
  W.string(w, 1, namespaceOf(table))
  W.string(w, 2, qualifierOf(table))
  W.close(w, at)
}

const part = (c: Cursor, field: string): string => {
  const n = R.length(c, field)
  const start = c.pos
  c.pos += n
  const s = R.utf8At(c.bytes, start, c.pos)
  return (
    s ??
    R.fail(
      invalidValue(field, B.toStringBinary(c.bytes.subarray(start, c.pos)), 'a table name part must be UTF-8')
    )
  )
}

/**
 * Reads the nested `TableName` message that starts at the cursor (its length first); `field` names
 * the message field holding it, for errors.
 */
export const readTableName = (c: Cursor, field: string): TableName => {
  const outer = R.enter(c, field)
  let ns: string | undefined
  let q: string | undefined
  while (c.pos < c.end) {
    const t = R.tag(c, field)
    if (t === NAMESPACE_TAG) ns = part(c, field)
    else if (t === QUALIFIER_TAG) q = part(c, field)
    else if (t >>> 3 === 1 || t >>> 3 === 2)
      R.wrongWireType(c, `${field}.${t >>> 3 === 1 ? 'namespace' : 'qualifier'}`, t, 'bytes')
    else R.skip(c, t, field)
  }
  R.leave(c, outer)
  if (ns === undefined || q === undefined)
    return R.fail(
      malformed(field, '', `the table name has no ${ns === undefined ? 'namespace' : 'qualifier'}`)
    )
  const table = ofParts(ns, q)
  if (table !== undefined) return table
  // the slow path only builds the error: the codec says why `ns:q` is no table name
  const checked = validate(TableNameCodec, field)(`${ns}:${q}`)
  return checked._tag === 'Right' ? checked.right : R.fail(checked.left)
}
