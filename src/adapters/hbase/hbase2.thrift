/*
 * The part of HBase's Thrift2 service (THBaseService, the `hbase thrift2` gateway) that this
 * library uses, written for this project from the wire facts: field ids, types and method argument
 * ids are HBase 2.x's, so the gateway reads what we send and we read what it answers. Anything the
 * server sends that is not declared here (extra struct fields) is skipped by the Thrift reader, so a
 * subset is safe across HBase 2.2 … 3.x.
 *
 * Deliberate deviations from the upstream declaration order (ids unchanged, so the wire is the same):
 * - `checkAndPut` and `checkAndDelete` list `6: tput` / `6: tdelete` before `5: value` and make
 *   `value` optional, because the TypeScript generator treats default-requiredness arguments as
 *   required; a missing value means "the column must not exist".
 *
 * Generated code, committed: `src/adapters/hbase/gen/` (TypeScript, @creditkarma/thrift-typescript,
 * apache target) and `test/hbase/gateway/src/` (Java, `thrift --gen java`, for the test harness's
 * stand-in gateway). Regenerate both with `npx tsx scripts/gen-hbase-thrift.ts`.
 */

namespace java hbasebackupmeta.gateway.gen

// -------------------------------------------------------------------------------------------------
// data
// -------------------------------------------------------------------------------------------------

struct TColumn {
  1: required binary family
  2: optional binary qualifier
  3: optional i64 timestamp
}

struct TColumnValue {
  1: required binary family
  2: required binary qualifier
  3: required binary value
  4: optional i64 timestamp
}

/** `row` is unset and `columnValues` empty when a get finds nothing. */
struct TResult {
  1: optional binary row
  2: required list<TColumnValue> columnValues
}

enum TDeleteType {
  DELETE_COLUMN = 0
  DELETE_COLUMNS = 1
  DELETE_FAMILY = 2
  DELETE_FAMILY_VERSION = 3
}

enum TCompareOperator {
  LESS = 0
  LESS_OR_EQUAL = 1
  EQUAL = 2
  NOT_EQUAL = 3
  GREATER_OR_EQUAL = 4
  GREATER = 5
  NO_OP = 6
}

struct TGet {
  1: required binary row
  2: optional list<TColumn> columns
}

struct TPut {
  1: required binary row
  2: required list<TColumnValue> columnValues
  3: optional i64 timestamp
}

/** No `columns`: the whole row. With columns, `deleteType` says what each column names. */
struct TDelete {
  1: required binary row
  2: optional list<TColumn> columns
  3: optional i64 timestamp
  4: optional TDeleteType deleteType = TDeleteType.DELETE_COLUMNS
}

/** Start inclusive, stop exclusive; when reversed, start is the high end. */
struct TScan {
  1: optional binary startRow
  2: optional binary stopRow
  3: optional list<TColumn> columns
  4: optional i32 caching
  11: optional bool reversed
  15: optional i32 limit
}

union TMutation {
  1: TPut put
  2: TDelete deleteSingle
}

struct TRowMutations {
  1: required binary row
  2: required list<TMutation> mutations
}

// -------------------------------------------------------------------------------------------------
// admin
// -------------------------------------------------------------------------------------------------

struct TTableName {
  1: optional binary ns
  2: required binary qualifier
}

struct TColumnFamilyDescriptor {
  1: required binary name
  10: optional i32 maxVersions
  13: optional i32 timeToLive
}

struct TTableDescriptor {
  1: required TTableName tableName
  2: optional list<TColumnFamilyDescriptor> columns
}

struct TNamespaceDescriptor {
  1: required string name
  2: optional map<string, string> configuration
}

enum TThriftServerType {
  ONE = 1
  TWO = 2
}

// -------------------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------------------

/** Any IOException on the server; `canRetry` is false for DoNotRetryIOException. */
exception TIOError {
  1: optional string message
  2: optional bool canRetry
}

/** Bad arguments, e.g. an unknown or expired scanner id. */
exception TIllegalArgument {
  1: optional string message
}

// -------------------------------------------------------------------------------------------------
// service
// -------------------------------------------------------------------------------------------------

service THBaseService {
  TResult get(1: binary table, 2: TGet tget) throws (1: TIOError io)

  void putMultiple(1: binary table, 2: list<TPut> tputs) throws (1: TIOError io)

  /** Always answers an empty list; throws when any delete fails. */
  list<TDelete> deleteMultiple(1: binary table, 2: list<TDelete> tdeletes) throws (1: TIOError io)

  /** All mutations of one row, atomically. */
  void mutateRow(1: binary table, 2: TRowMutations trowMutations) throws (1: TIOError io)

  /** Applies `tput` iff the newest (family, qualifier) cell equals `value`, or is absent when unset. */
  bool checkAndPut(
    1: binary table,
    2: binary row,
    3: binary family,
    4: binary qualifier,
    6: required TPut tput,
    5: optional binary value
  ) throws (1: TIOError io)

  /** Applies `tdelete` iff the newest (family, qualifier) cell equals `value`, or is absent when unset. */
  bool checkAndDelete(
    1: binary table,
    2: binary row,
    3: binary family,
    4: binary qualifier,
    6: required TDelete tdelete,
    5: optional binary value
  ) throws (1: TIOError io)

  /** Applies `rowMutations` iff `value <compareOperator> newest cell` holds (HBase's operand order). */
  bool checkAndMutate(
    1: binary table,
    2: binary row,
    3: binary family,
    4: binary qualifier,
    5: TCompareOperator compareOperator,
    6: binary value,
    7: TRowMutations rowMutations
  ) throws (1: TIOError io)

  i32 openScanner(1: binary table, 2: TScan tscan) throws (1: TIOError io)

  /** Up to `numRows` rows; an empty list when the scanner is exhausted. */
  list<TResult> getScannerRows(1: i32 scannerId, 2: i32 numRows = 1)
    throws (1: TIOError io, 2: TIllegalArgument ia)

  void closeScanner(1: i32 scannerId) throws (1: TIOError io, 2: TIllegalArgument ia)

  bool tableExists(1: TTableName tableName) throws (1: TIOError io)

  /** Fails with TIOError (TableNotFoundException) for a missing table. */
  TTableDescriptor getTableDescriptor(1: TTableName table) throws (1: TIOError io)

  void createTable(1: TTableDescriptor desc, 2: list<binary> splitKeys) throws (1: TIOError io)

  void disableTable(1: TTableName tableName) throws (1: TIOError io)

  void deleteTable(1: TTableName tableName) throws (1: TIOError io)

  void createNamespace(1: TNamespaceDescriptor namespaceDesc) throws (1: TIOError io)

  list<string> listNamespaces() throws (1: TIOError io)

  /** Answers TWO on a Thrift2 gateway; a cheap liveness call. */
  TThriftServerType getThriftServerType()
}
