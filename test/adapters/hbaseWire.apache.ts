/**
 * Apache HBase's Thrift2 IDL (`hbase-thrift/…/thrift2/hbase.thrift`, 2.x), as field ids and wire
 * types, written from `/work/shared/reference/hbase-thrift2.md` §1.1–1.2 — not from our own IDL,
 * so the wire manifest test compares what the adapter sends with Apache's schema, not with itself.
 * Only the structs and methods the adapter uses; enums are i32 on the wire, `string` is `binary`.
 */

export type WireType =
  | 'bool'
  | 'byte'
  | 'i16'
  | 'i32'
  | 'i64'
  | 'double'
  | 'binary'
  | { readonly struct: string }
  | { readonly list: WireType }
  | { readonly set: WireType }
  | { readonly map: readonly [WireType, WireType] }

type Fields = Readonly<Record<number, WireType>>

const s = (struct: string): WireType => ({ struct })
const list = (of: WireType): WireType => ({ list: of })
const map = (k: WireType, v: WireType): WireType => ({ map: [k, v] })

export const STRUCTS: Readonly<Record<string, Fields>> = {
  TTimeRange: { 1: 'i64', 2: 'i64' },
  TColumn: { 1: 'binary', 2: 'binary', 3: 'i64' },
  TColumnValue: { 1: 'binary', 2: 'binary', 3: 'binary', 4: 'i64', 5: 'binary', 6: 'byte' },
  TResult: { 1: 'binary', 2: list(s('TColumnValue')), 3: 'bool', 4: 'bool' },
  TAuthorization: { 1: list('binary') },
  TCellVisibility: { 1: 'binary' },
  TGet: {
    1: 'binary',
    2: list(s('TColumn')),
    3: 'i64',
    4: s('TTimeRange'),
    5: 'i32',
    6: 'binary',
    7: map('binary', 'binary'),
    8: s('TAuthorization'),
    9: 'i32',
    10: 'i32',
    11: 'bool',
    12: 'i32',
    13: 'i32',
    14: 'bool',
    15: 'binary'
  },
  TPut: {
    1: 'binary',
    2: list(s('TColumnValue')),
    3: 'i64',
    5: map('binary', 'binary'),
    6: 'i32',
    7: s('TCellVisibility')
  },
  TDelete: {
    1: 'binary',
    2: list(s('TColumn')),
    3: 'i64',
    4: 'i32',
    6: map('binary', 'binary'),
    7: 'i32'
  },
  TScan: {
    1: 'binary',
    2: 'binary',
    3: list(s('TColumn')),
    4: 'i32',
    5: 'i32',
    6: s('TTimeRange'),
    7: 'binary',
    8: 'i32',
    9: map('binary', 'binary'),
    10: s('TAuthorization'),
    11: 'bool',
    12: 'bool',
    13: map('binary', s('TTimeRange')),
    14: 'i32',
    15: 'i32',
    16: 'i32',
    17: 'i32',
    18: 'binary'
  },
  TMutation: { 1: s('TPut'), 2: s('TDelete') },
  TRowMutations: { 1: 'binary', 2: list(s('TMutation')) },
  TTableName: { 1: 'binary', 2: 'binary' },
  TColumnFamilyDescriptor: {
    1: 'binary',
    2: map('binary', 'binary'),
    3: map('binary', 'binary'),
    4: 'i32',
    5: 'i32',
    6: 'i32',
    7: 'i16',
    8: 'i32',
    9: 'i32',
    10: 'i32',
    11: 'i32',
    12: 'i32',
    13: 'i32',
    14: 'bool',
    15: 'bool',
    16: 'bool',
    17: 'bool',
    18: 'bool',
    19: 'bool',
    20: 'bool'
  },
  TTableDescriptor: {
    1: s('TTableName'),
    2: list(s('TColumnFamilyDescriptor')),
    3: map('binary', 'binary'),
    4: 'i32'
  },
  TNamespaceDescriptor: { 1: 'binary', 2: map('binary', 'binary') },
  TIOError: { 1: 'binary', 2: 'bool' },
  TIllegalArgument: { 1: 'binary' }
}

/** Arguments of the THBaseService methods the adapter calls, by field id. */
export const METHODS: Readonly<Record<string, Fields>> = {
  get: { 1: 'binary', 2: s('TGet') },
  putMultiple: { 1: 'binary', 2: list(s('TPut')) },
  deleteMultiple: { 1: 'binary', 2: list(s('TDelete')) },
  mutateRow: { 1: 'binary', 2: s('TRowMutations') },
  checkAndPut: { 1: 'binary', 2: 'binary', 3: 'binary', 4: 'binary', 5: 'binary', 6: s('TPut') },
  checkAndDelete: { 1: 'binary', 2: 'binary', 3: 'binary', 4: 'binary', 5: 'binary', 6: s('TDelete') },
  openScanner: { 1: 'binary', 2: s('TScan') },
  getScannerRows: { 1: 'i32', 2: 'i32' },
  closeScanner: { 1: 'i32' },
  tableExists: { 1: s('TTableName') },
  getTableDescriptor: { 1: s('TTableName') },
  createTable: { 1: s('TTableDescriptor'), 2: list('binary') },
  createNamespace: { 1: s('TNamespaceDescriptor') },
  listNamespaces: {}
}
