/**
 * The one boundary between protobufjs and the core: bytes ⇄ plain objects.
 *
 * - `decodeMessage` is the only place that calls protobufjs `decode`, which throws on truncated or
 *   invalid input (and on a missing `required` field): every throw becomes a `Malformed` error naming
 *   the message type, so no decoder of the library can throw on bad bytes.
 * - protobufjs (like Java) files a proto2 enum number the schema does not know, and a known field
 *   sent with the wrong wire type, under the message's unknown fields. Java then silently reads the
 *   field as unset; here a known field number among a message's unknown fields is an error
 *   (`InvalidValue` for an unknown enum number, `Malformed` for a wrong wire type), so a record of a
 *   newer or corrupt writer is never misread as "state unset". Only the top-level message is checked
 *   (the nested messages of this schema have no enums). Unknown field numbers are ignored, as in Java.
 * - Decoded messages are turned into plain objects with `toObject({ longs: BigInt })`: a field is
 *   present exactly when it was on the wire (proto2 presence, even at its default value), 64-bit
 *   values are exact `bigint`s, enums stay numbers, bytes stay bytes. Empty repeated and map fields
 *   are absent, as on the wire.
 * - `encodeMessage` writes fields in field-number order (protobufjs sorts by id) and every field
 *   whose property is present, even at its default, which is what Java's generated writer does for
 *   proto2 fields it has set. The result is a plain `Uint8Array`, not a Node `Buffer`.
 */
import * as E from 'fp-ts/lib/Either.js'
import protobuf from 'protobufjs/light.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed } from '../DomainError.js'

/** How much of undecodable input an error shows (as hex). */
const SHOWN_BYTES = 64

const shown = (bytes: Uint8Array): string =>
  bytes.length <= SHOWN_BYTES
    ? B.toHex(bytes)
    : `${B.toHex(bytes.subarray(0, SHOWN_BYTES))}… (${bytes.length} bytes)`

/** The message type's name without the package, e.g. `BackupInfo`. */
export const messageName = (type: protobuf.Type): string => type.name

/**
 * Decodes one message. `A` is the caller's declaration of the `toObject` shape of `type` (optional
 * properties for optional fields); this function is where that declaration is trusted.
 */
export const decodeMessage =
  <A>(type: protobuf.Type) =>
  (bytes: Uint8Array): E.Either<DomainError, A> => {
    try {
      const reader = protobuf.Reader.create(bytes)
      reader.discardUnknown = false // per reader: protobufjs's global default stays untouched
      const message = type.decode(reader)
      const misfiled = misfiledField(type, message)
      return misfiled !== undefined
        ? E.left(misfiled)
        : E.right(
            type.toObject(message, { longs: BigInt, defaults: false, arrays: false, objects: false }) as A
          )
    } catch (e) {
      return E.left(malformed(messageName(type), shown(bytes), e instanceof Error ? e.message : String(e)))
    }
  }

/** The first known field found among the message's unknown fields, as an error. */
const misfiledField = (type: protobuf.Type, message: protobuf.Message): DomainError | undefined => {
  const unknowns = (message as { readonly $unknowns?: ReadonlyArray<Uint8Array> }).$unknowns ?? []
  for (const raw of unknowns) {
    const reader = protobuf.Reader.create(raw)
    const tag = reader.uint32()
    const field = type.fieldsById[tag >>> 3]
    if (field === undefined) continue
    const name = `${messageName(type)}.${field.name}`
    const e = field.resolvedType
    if (e instanceof protobuf.Enum && (tag & 7) === 0)
      return invalidValue(name, String(reader.int32()), `not a number of enum ${e.name}`)
    return malformed(name, shown(raw), `wire type ${tag & 7} does not fit the field's type ${field.type}`)
  }
  return undefined
}

/** Encodes a plain object shaped like the message (uint64 fields as `{ low, high, unsigned }`). */
export const encodeMessage =
  (type: protobuf.Type) =>
  (message: object): Uint8Array =>
    new Uint8Array(type.encode(message).finish())
