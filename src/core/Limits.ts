/**
 * HBase's limits on what one write may hold, checked on the mutation as composed — a row key is
 * built from several caller strings, each of which may be fine alone — so that an oversized write
 * is an `InvalidValue` before it is sent, not a server error after some of a batch was applied.
 *
 * - a row key holds at most 32,767 bytes (`HConstants.MAX_ROW_LENGTH`) and at least one;
 * - one cell (row, family, qualifier and value, as a `KeyValue`) at most 10 MiB, the client's
 *   default `hbase.client.keyvalue.maxsize`.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from './Bytes.js'
import type { DomainError } from './DomainError.js'
import { invalidValue } from './DomainError.js'
import type { Cell, CheckAndDelete, CheckAndPut, Mutation } from './Operation.js'

export const MAX_ROW_BYTES = 32_767
export const MAX_CELL_BYTES = 10 * 1024 * 1024

/** A KeyValue's fixed overhead: lengths, timestamp and type around row, family, qualifier, value. */
const KEY_VALUE_OVERHEAD = 20

const shortKey = (row: Uint8Array): string =>
  B.toStringBinary(row.subarray(0, 64)) + (row.length > 64 ? '…' : '')

const checkRow = (row: Uint8Array): DomainError | undefined =>
  row.length === 0
    ? invalidValue('row key', '', 'must not be empty')
    : row.length > MAX_ROW_BYTES
      ? invalidValue(
          'row key',
          shortKey(row),
          `is ${row.length} bytes as composed; HBase allows at most ${MAX_ROW_BYTES}`
        )
      : undefined

const checkCell = (row: Uint8Array, c: Cell): DomainError | undefined => {
  const size = row.length + c.family.length + c.qualifier.length + c.value.length + KEY_VALUE_OVERHEAD
  return size > MAX_CELL_BYTES
    ? invalidValue(
        `cell ${c.family}:${B.toStringBinary(c.qualifier.subarray(0, 64))}`,
        shortKey(row),
        `holds ${size} bytes; HBase's client refuses cells over ${MAX_CELL_BYTES} (hbase.client.keyvalue.maxsize)`
      )
    : undefined
}

const problemOf = <T extends string>(m: Mutation<T>): DomainError | undefined => {
  const r = checkRow(m.row)
  if (r !== undefined || m._tag === 'Delete') return r
  for (const c of m.cells) {
    const e = checkCell(m.row, c)
    if (e !== undefined) return e
  }
  return undefined
}

/** The first mutation of a batch that HBase would refuse, as a typed error; the batch otherwise. */
export const checkBatch = <T extends string>(
  ms: ReadonlyArray<Mutation<T>>
): E.Either<DomainError, ReadonlyArray<Mutation<T>>> => {
  for (const m of ms) {
    const e = problemOf(m)
    if (e !== undefined) return E.left(e)
  }
  return E.right(ms)
}

/** A check-and-mutate whose mutation HBase would refuse, as a typed error. */
export const checkConditional = <T extends string, C extends CheckAndPut<T> | CheckAndDelete<T>>(
  c: C
): E.Either<DomainError, C> => {
  const e = problemOf(c._tag === 'CheckAndPut' ? c.put : c.delete)
  return e === undefined ? E.right(c) : E.left(e)
}
