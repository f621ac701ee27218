/**
 * A protobuf field of a stored message that this library cannot interpret, kept exactly as it was on
 * the wire so that a rewrite of the message writes it back byte for byte.
 *
 * `bytes` is the whole field: tag and value. `number` and `wireType` repeat what the tag says, so a
 * reader can tell what it is without parsing; the codec checks that they agree with the bytes and
 * that the bytes hold exactly one field.
 *
 * Which fields end up here is the message codec's business (see `proto/BackupInfoProto.ts`): a field
 * number the schema does not have, an enum number it does not know, and field 14 written as a varint
 * by HBASE-29240's open PR.
 */
import * as t from 'io-ts'
import { singleFieldProblem } from '../proto/WireReader.js'

export const Bytes = new t.Type<Uint8Array, Uint8Array, unknown>(
  'Bytes',
  (u): u is Uint8Array => u instanceof Uint8Array,
  (u, c) => (u instanceof Uint8Array ? t.success(u) : t.failure(u, c, 'expected a Uint8Array')),
  (a) => a
)

export interface UnknownFieldShape {
  readonly number: number
  readonly wireType: number
  readonly bytes: Uint8Array
}

const problemOf = (x: UnknownFieldShape): string | undefined =>
  !Number.isInteger(x.number) || x.number < 1 || x.number > 0x1fff_ffff
    ? 'a field number is an integer from 1 to 2^29 - 1'
    : singleFieldProblem(x.bytes, x.number, x.wireType)

const Shape = t.type({ number: t.number, wireType: t.number, bytes: Bytes }, 'UnknownField')

export const UnknownField = new t.Type<UnknownFieldShape, UnknownFieldShape, unknown>(
  'UnknownField',
  (u): u is UnknownFieldShape => Shape.is(u) && problemOf(u) === undefined,
  (u, c) => {
    const r = Shape.validate(u, c)
    if (r._tag === 'Left') return r
    const reason = problemOf(r.right)
    return reason === undefined ? r : t.failure(u, c, reason)
  },
  (a) => a
)
export type UnknownField = t.TypeOf<typeof UnknownField>

/** The wire type of a field's tag, when a caller builds one (e.g. a test). */
export const unknownField = (number: number, wireType: number, bytes: Uint8Array): UnknownField => ({
  number,
  wireType,
  bytes
})
