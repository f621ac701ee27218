/**
 * Every read and write on the backup system table, as data. Builders in `rows/` produce these; the
 * interpreter hands them to a `KVStore`; `explain` prints them. Nothing here performs I/O.
 *
 * Operations name a logical table (`system` or `bulk`), never a physical one: the interpreter maps
 * the role to the configured HBase table (`backup:system`, `backup:system_bulk` by default).
 */
import type * as O from 'fp-ts/lib/Option.js'
import * as B from './Bytes.js'
import type { KeyRange } from './KeyRange.js'
import * as KR from './KeyRange.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

/** The two tables of the backup metadata; `bulk` is the same table as `system` in the 2017 layout. */
export type TableRole = 'system' | 'bulk'

/** Column families of the backup system table. */
export type Family = 'session' | 'meta'

export interface Column {
  readonly family: string
  readonly qualifier: Uint8Array
}

export interface Cell extends Column {
  readonly value: Uint8Array
  /** Milliseconds; the store's clock when absent in a write. */
  readonly timestamp?: number
}

/** A row as read: cells sorted by (family, qualifier), newest version only. */
export interface Row {
  readonly key: Uint8Array
  readonly cells: ReadonlyArray<Cell>
}

export interface Get<T extends string = TableRole> {
  readonly _tag: 'Get'
  readonly table: T
  readonly row: Uint8Array
  /** Restrict to one family; all families when absent. */
  readonly family?: string
}

export interface Scan<T extends string = TableRole> {
  readonly _tag: 'Scan'
  readonly table: T
  readonly range: KeyRange
  readonly family?: string
  /** At most this many rows; unlimited when absent. */
  readonly limit?: number
  readonly reverse: boolean
}

export interface Put<T extends string = TableRole> {
  readonly _tag: 'Put'
  readonly table: T
  readonly row: Uint8Array
  readonly cells: ReadonlyArray<Cell>
}

/** Deletes a whole row, one family of it, or one column, as HBase's Delete does. */
export interface Delete<T extends string = TableRole> {
  readonly _tag: 'Delete'
  readonly table: T
  readonly row: Uint8Array
  readonly family?: string
  readonly qualifier?: Uint8Array
  /** The delete marker's time in ms: it masks every version at or before it. The store's clock when absent. */
  readonly timestamp?: number
}

export type Mutation<T extends string = TableRole> = Put<T> | Delete<T>

/**
 * HBase 2.x checkAndMutate: apply `put` iff the newest cell at (row, family, qualifier) equals
 * `expected`; `none` means "the cell is absent".
 */
export interface CheckAndPut<T extends string = TableRole> {
  readonly _tag: 'CheckAndPut'
  readonly table: T
  readonly row: Uint8Array
  readonly family: string
  readonly qualifier: Uint8Array
  readonly expected: O.Option<Uint8Array>
  readonly put: Put<T>
}

/** HBase 2.x checkAndDelete: apply `delete` iff the check holds, as for `CheckAndPut`. */
export interface CheckAndDelete<T extends string = TableRole> {
  readonly _tag: 'CheckAndDelete'
  readonly table: T
  readonly row: Uint8Array
  readonly family: string
  readonly qualifier: Uint8Array
  readonly expected: O.Option<Uint8Array>
  readonly delete: Delete<T>
}

export type Read<T extends string = TableRole> = Get<T> | Scan<T>
export type Operation<T extends string = TableRole> =
  Get<T> | Scan<T> | Put<T> | Delete<T> | CheckAndPut<T> | CheckAndDelete<T>

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const get = (table: TableRole, row: Uint8Array, family?: string): Get =>
  family === undefined ? { _tag: 'Get', table, row } : { _tag: 'Get', table, row, family }

export const scan = (
  table: TableRole,
  range: KeyRange,
  options: { readonly family?: string; readonly limit?: number; readonly reverse?: boolean } = {}
): Scan => ({
  _tag: 'Scan',
  table,
  range,
  reverse: options.reverse ?? false,
  ...(options.family === undefined ? {} : { family: options.family }),
  ...(options.limit === undefined ? {} : { limit: options.limit })
})

export const cell = (family: string, qualifier: string | Uint8Array, value: Uint8Array): Cell => ({
  family,
  qualifier: typeof qualifier === 'string' ? B.utf8(qualifier) : qualifier,
  value
})

export const put = (table: TableRole, row: Uint8Array, cells: ReadonlyArray<Cell>): Put => ({
  _tag: 'Put',
  table,
  row,
  cells
})

export const deleteRow = (table: TableRole, row: Uint8Array): Delete => ({ _tag: 'Delete', table, row })

export const deleteFamily = (table: TableRole, row: Uint8Array, family: string): Delete => ({
  _tag: 'Delete',
  table,
  row,
  family
})

export const deleteColumn = (
  table: TableRole,
  row: Uint8Array,
  family: string,
  qualifier: string | Uint8Array
): Delete => ({
  _tag: 'Delete',
  table,
  row,
  family,
  qualifier: typeof qualifier === 'string' ? B.utf8(qualifier) : qualifier
})

export const checkAndPut = (column: Column, expected: O.Option<Uint8Array>, p: Put): CheckAndPut => ({
  _tag: 'CheckAndPut',
  table: p.table,
  row: p.row,
  family: column.family,
  qualifier: column.qualifier,
  expected,
  put: p
})

export const checkAndDelete = (
  column: Column,
  expected: O.Option<Uint8Array>,
  d: Delete
): CheckAndDelete => ({
  _tag: 'CheckAndDelete',
  table: d.table,
  row: d.row,
  family: column.family,
  qualifier: column.qualifier,
  expected,
  delete: d
})

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

/** The newest value of one column of a row, if present. */
export const cellValue =
  (family: string, qualifier: Uint8Array) =>
  (row: Row): Uint8Array | undefined => {
    // a loop without closures: decoders look up every column of every row they read
    const cells = row.cells
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i] as Cell
      if (c.family === family && B.equals(c.qualifier, qualifier)) return c.value
    }
    return undefined
  }

const showCell = (c: Cell): string =>
  `${c.family}:${B.toStringBinary(c.qualifier)}=${B.toStringBinary(c.value)}`

/** One line per operation, in the notation of the HBase shell. */
export const show = <T extends string>(op: Operation<T>): string => {
  switch (op._tag) {
    case 'Get':
      return `GET ${op.table} ${B.toStringBinary(op.row)}${op.family === undefined ? '' : ` {${op.family}}`}`
    case 'Scan':
      return `SCAN ${op.table} ${KR.show(op.range)}${op.reverse ? ' reversed' : ''}${
        op.family === undefined ? '' : ` {${op.family}}`
      }${op.limit === undefined ? '' : ` limit ${op.limit}`}`
    case 'Put':
      return `PUT ${op.table} ${B.toStringBinary(op.row)} ${op.cells.map(showCell).join(' ')}`
    case 'Delete':
      return `DELETE ${op.table} ${B.toStringBinary(op.row)}${op.family === undefined ? '' : ` ${op.family}`}${
        op.qualifier === undefined ? '' : `:${B.toStringBinary(op.qualifier)}`
      }`
    case 'CheckAndPut':
      return `CHECK_AND_PUT ${op.table} ${B.toStringBinary(op.row)} ${op.family}:${B.toStringBinary(op.qualifier)} ${
        op.expected._tag === 'None' ? 'is absent' : `== ${B.toStringBinary(op.expected.value)}`
      } then ${op.put.cells.map(showCell).join(' ')}`
    case 'CheckAndDelete':
      return `CHECK_AND_DELETE ${op.table} ${B.toStringBinary(op.row)} ${op.family}:${B.toStringBinary(op.qualifier)} ${
        op.expected._tag === 'None' ? 'is absent' : `== ${B.toStringBinary(op.expected.value)}`
      } then ${show(op.delete)}`
  }
}
