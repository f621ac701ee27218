/**
 * Errors of the pure core, as tagged values. Each names the field and shows the offending value.
 *
 * - `InvalidValue`: user input rejected by a domain codec (table name, backup id, root, …).
 * - `Malformed`: bytes read from the table that do not decode (a foreign or corrupt row).
 * - `OutOfRange`: a 64-bit value that a JavaScript number cannot hold exactly.
 */
import { showValue } from './showValue.js'

export type DomainError =
  | { readonly _tag: 'InvalidValue'; readonly field: string; readonly value: string; readonly reason: string }
  | {
      readonly _tag: 'Malformed'
      readonly field: string
      readonly value: string
      readonly reason: string
      /** The stored row it was read from (`toStringBinary` of its key), when it came from one. */
      readonly row?: string
    }
  | {
      readonly _tag: 'OutOfRange'
      readonly field: string
      readonly value: string
      readonly reason: string
      readonly row?: string
    }

export const invalidValue = (field: string, value: unknown, reason: string): DomainError => ({
  _tag: 'InvalidValue',
  field,
  value: typeof value === 'string' ? value : showValue(value),
  reason
})

export const malformed = (field: string, value: string, reason: string): DomainError => ({
  _tag: 'Malformed',
  field,
  value,
  reason
})

export const outOfRange = (field: string, value: string, reason: string): DomainError => ({
  _tag: 'OutOfRange',
  field,
  value,
  reason
})

/**
 * An error met while decoding a stored row, located at that row: whatever the decoder reported
 * (a codec's `InvalidValue` included) is `Malformed` data there, unless it was out of range.
 */
export const atRow =
  (row: string) =>
  (e: DomainError): DomainError =>
    e._tag === 'OutOfRange'
      ? { ...e, row: e.row ?? row }
      : { ...e, _tag: 'Malformed', row: 'row' in e && e.row !== undefined ? e.row : row }

export const describe = (e: DomainError): string =>
  `${e._tag === 'InvalidValue' ? 'invalid' : e._tag === 'Malformed' ? 'malformed' : 'out-of-range'} ${
    e.field
  } ${JSON.stringify(e.value)}: ${e.reason}${'row' in e && e.row !== undefined ? ` (row ${JSON.stringify(e.row)})` : ''}`
