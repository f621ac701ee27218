/**
 * Upper bounds of the bytes a mutation call encodes to, in either protocol, so that a batch can be
 * split before it is sent: Apache's framed server closes the connection on a request frame over
 * `hbase.regionserver.thrift.framed.max_frame_size_in_mb` (2 MiB by default), so an oversized batch
 * would fail every time.
 *
 * Per element, the larger of the two encodings: a field header is 3 bytes in binary (type, i16 id)
 * and at most 3 in compact; a length prefix 4 in binary, a varint of at most 5 in compact; an i64
 * 8 in binary, at most 10 in compact; a list header 5 (binary: type + i32 size; compact: at most
 * 1 + 5, counted with the header); a struct ends with one stop byte.
 * `test/adapters/hbaseWire.test.ts` checks the bounds against the real encoders.
 */
import type * as G from './gen/index.js'

const FIELD = 3
const LENGTH = 5
const I64 = 10
const I32 = 5
const LIST = 6
const STOP = 1

const binary = (b: Buffer | undefined): number => (b === undefined ? 0 : FIELD + LENGTH + b.length)

const i64 = (n: unknown): number => (n === undefined || n === null ? 0 : FIELD + I64)

const columnValue = (cv: G.TColumnValue): number =>
  binary(cv.family) + binary(cv.qualifier) + binary(cv.value) + i64(cv.timestamp) + STOP

const column = (c: G.TColumn): number => binary(c.family) + binary(c.qualifier) + i64(c.timestamp) + STOP

/** The bytes of one TPut, as an element of a list or a field. */
export const tPut = (p: G.TPut): number => {
  let n = binary(p.row) + i64(p.timestamp) + FIELD + LIST + STOP
  for (const cv of p.columnValues) n += columnValue(cv)
  return n
}

/** The bytes of one TDelete. */
export const tDelete = (d: G.TDelete): number => {
  let n = binary(d.row) + i64(d.timestamp) + STOP
  if (d.columns !== undefined) {
    n += FIELD + LIST
    for (const c of d.columns) n += column(c)
  }
  return n + (d.deleteType === undefined ? 0 : FIELD + I32)
}

/** The bytes of one TRowMutations. */
export const tRowMutations = (m: G.TRowMutations): number => {
  let n = binary(m.row) + FIELD + LIST + STOP
  for (const x of m.mutations)
    n +=
      (x.put === undefined ? 0 : FIELD + tPut(x.put)) +
      (x.deleteSingle === undefined ? 0 : FIELD + tDelete(x.deleteSingle)) +
      STOP
  return n
}

/**
 * Everything of a `putMultiple` / `deleteMultiple` / `mutateRow` request but its rows: the frame's
 * length, the message header with the method name and sequence id, the table argument, the list
 * header, the stop bytes.
 */
export const callOverhead = (method: string, table: Buffer): number =>
  4 + (4 + LENGTH + method.length + I32) + binary(table) + FIELD + LIST + STOP + STOP
