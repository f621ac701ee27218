/**
 * HBase.proto `TableName` message ⇄ the domain's `getNameAsString()` form.
 *
 *   TableName { 1: bytes namespace (UTF-8), 2: bytes qualifier (UTF-8) }   both required
 *
 * Writing: the namespace is always explicit, as `ProtobufUtil.toProtoTableName` does, so `t1` is
 * written as namespace "default", qualifier "t1".
 *
 * Reading: the parts are joined as `namespace:qualifier` and handed to the `TableName` codec, which
 * decides legality and normalises `default:t1` to `t1`. Joining with the explicit namespace (never
 * dropping "default") keeps a ":" inside either part visible to the codec: namespace "default",
 * qualifier "a:b" is rejected, not read as table `b` of namespace `a`.
 *
 * Law: for every table name t, `fromMessage(f)(toMessage(t)) = right(t)`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed } from '../DomainError.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec, namespaceOf, qualifierOf } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'

/** The `toObject` shape of a `TableName` message. */
export interface TableNameMessage {
  readonly namespace: Uint8Array
  readonly qualifier: Uint8Array
}

export const tableNameToMessage = (table: TableName): TableNameMessage => ({
  namespace: B.utf8(namespaceOf(table)),
  qualifier: B.utf8(qualifierOf(table))
})

/** `field` names the message field holding the table name, for errors. Absent is `Malformed`. */
export const tableNameFromMessage =
  (field: string) =>
  (message: TableNameMessage | undefined): E.Either<DomainError, TableName> => {
    if (message === undefined) return E.left(malformed(field, '', 'the table name is missing'))
    const part = (bytes: Uint8Array) =>
      pipe(
        B.toUtf8(bytes),
        E.fromOption(() => invalidValue(field, B.toStringBinary(bytes), 'a table name part must be UTF-8'))
      )
    return pipe(
      E.Do,
      E.apS('namespace', part(message.namespace)),
      E.apS('qualifier', part(message.qualifier)),
      E.chain(({ namespace, qualifier }) => validate(TableNameCodec, field)(`${namespace}:${qualifier}`))
    )
  }
