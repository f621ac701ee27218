/**
 * Between the core's values and the generated Thrift structs. The only module that touches Node's
 * `Buffer`: bytes go out as fresh `Buffer` copies and come back as fresh `Uint8Array` copies, so
 * neither side can alias the other's memory. Family names travel as UTF-8, as HBase writes them.
 *
 * Deletes (HBase 2.x TDelete): no columns deletes the row; a family is `DELETE_FAMILY`; a column is
 * `DELETE_COLUMNS`, which removes every version (so an older version cannot resurface).
 */
import * as B from '../../core/Bytes.js'
import type { Cell, Delete, Put, Row } from '../../core/Operation.js'
import * as G from './gen/index.js'
import { splitTableName } from '../../port/names.js'

// -------------------------------------------------------------------------------------------------
// bytes
// -------------------------------------------------------------------------------------------------

export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes)

export const fromBuffer = (buffer: Buffer): Uint8Array => new Uint8Array(buffer)

export const utf8Buffer = (s: string): Buffer => Buffer.from(s, 'utf8')

export const fromUtf8Buffer = (buffer: Buffer): string => buffer.toString('utf8')

// -------------------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------------------

/** `ns:qualifier` or `qualifier` (the default namespace). */
export { splitTableName }

export const tTableName = (table: string): G.TTableName => {
  const { namespace, qualifier } = splitTableName(table)
  return new G.TTableName({ ns: utf8Buffer(namespace), qualifier: utf8Buffer(qualifier) })
}

// -------------------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------------------

const toCell = (cv: G.TColumnValue): Cell => ({
  family: fromUtf8Buffer(cv.family),
  qualifier: fromBuffer(cv.qualifier),
  value: fromBuffer(cv.value),
  ...(cv.timestamp === undefined ? {} : { timestamp: cv.timestamp.toNumber(true) })
})

/** A found row, or `undefined` when the result is empty (HBase's "no such row"). */
export const toRow = (result: G.TResult, key?: Uint8Array): Row | undefined => {
  if (result.columnValues.length === 0) return undefined
  const row = result.row !== undefined ? fromBuffer(result.row) : key !== undefined ? B.concat(key) : B.empty
  return { key: row, cells: result.columnValues.map(toCell) }
}

export const familyColumns = (family: string | undefined): Array<G.TColumn> | undefined =>
  family === undefined ? undefined : [new G.TColumn({ family: utf8Buffer(family) })]

// -------------------------------------------------------------------------------------------------
// writes
// -------------------------------------------------------------------------------------------------

const columnKey = (c: Cell): string => `${c.family}\u0000${B.toHex(c.qualifier)}\u0000${c.timestamp ?? ''}`

/**
 * The cells of several puts of one row as one put: in order, and a later cell of the same column
 * and timestamp replaces an earlier one (HBase would store both at one timestamp and keep either).
 */
export const mergedCells = (puts: ReadonlyArray<Put<string>>): ReadonlyArray<Cell> => {
  const byColumn = new Map<string, Cell>()
  for (const p of puts)
    for (const c of p.cells) {
      const k = columnKey(c)
      byColumn.delete(k)
      byColumn.set(k, c)
    }
  return [...byColumn.values()]
}

export const tPut = (row: Uint8Array, cells: ReadonlyArray<Cell>): G.TPut =>
  new G.TPut({
    row: toBuffer(row),
    columnValues: cells.map(
      (c) =>
        new G.TColumnValue({
          family: utf8Buffer(c.family),
          qualifier: toBuffer(c.qualifier),
          value: toBuffer(c.value),
          ...(c.timestamp === undefined ? {} : { timestamp: c.timestamp })
        })
    )
  })

/**
 * The deletes of one row as few TDeletes as HBase allows: a row delete covers everything; else one
 * TDelete for the families and one for the columns (a TDelete has one delete type).
 */
export const tDeletes = (
  row: Uint8Array,
  deletes: ReadonlyArray<Delete<string>>
): ReadonlyArray<G.TDelete> => {
  // a marker's time rides on each column: Apache's gateway ignores TDelete.timestamp when columns
  // are given (thrift2-server-behaviour.md), and honours it for a whole-row delete
  const at = (d: Delete<string>) => (d.timestamp === undefined ? {} : { timestamp: d.timestamp })
  const whole = deletes.filter((d) => d.family === undefined)
  if (whole.length > 0) {
    const times = deletes.flatMap((d) => (d.timestamp === undefined ? [] : [d.timestamp]))
    return [
      new G.TDelete({ row: toBuffer(row), ...(times.length === 0 ? {} : { timestamp: Math.max(...times) }) })
    ]
  }
  const familyDeletes = deletes.filter((d) => d.qualifier === undefined && d.family !== undefined)
  const families = new Set(familyDeletes.map((d) => d.family))
  const columns = deletes.flatMap((d) =>
    d.qualifier !== undefined && d.family !== undefined && !families.has(d.family)
      ? [new G.TColumn({ family: utf8Buffer(d.family), qualifier: toBuffer(d.qualifier), ...at(d) })]
      : []
  )
  return [
    ...(familyDeletes.length === 0
      ? []
      : [
          new G.TDelete({
            row: toBuffer(row),
            columns: familyDeletes.map(
              (d) => new G.TColumn({ family: utf8Buffer(d.family ?? ''), ...at(d) })
            ),
            deleteType: G.TDeleteType.DELETE_FAMILY
          })
        ]),
    ...(columns.length === 0
      ? []
      : [new G.TDelete({ row: toBuffer(row), columns, deleteType: G.TDeleteType.DELETE_COLUMNS })])
  ]
}

export const tRowMutations = (
  row: Uint8Array,
  put: G.TPut | undefined,
  deletes: ReadonlyArray<G.TDelete>
): G.TRowMutations =>
  new G.TRowMutations({
    row: toBuffer(row),
    mutations: [
      ...(put === undefined ? [] : [new G.TMutation({ put })]),
      ...deletes.map((deleteSingle) => new G.TMutation({ deleteSingle }))
    ]
  })
