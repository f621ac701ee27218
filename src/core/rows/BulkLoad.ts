/**
 * Bulk-loaded HFiles awaiting an incremental backup (2017 layout: in the main table; HBase ≥ 2.1
 * keeps the same rows in `<table>_bulk`).
 *
 *   key    "bulk:" ‖ utf8(table name) ‖ ":" ‖ utf8(encoded region) ‖ ":" ‖ utf8(HFile name)
 *   cells  meta:tbl = table name, meta:fam = column family, meta:path = full HFile path,
 *          meta:state = "R" (registered before the load commits) | "D" (loaded)
 *
 * Known ambiguity of the layout, kept on disk and handled on read: a namespaced table name holds
 * ":", so the prefix "bulk:t:" of default-namespace table `t` also covers every table of namespace
 * `t` ("bulk:t:x:…"), and a table named like a backup id collides with `BulkLoadedCopy` rows. The
 * key is therefore parsed from the right (region and file names hold no ":") and a row belongs to
 * table `t` only when the parsed table and the `tbl` column both say `t`. Scanning the prefix and
 * filtering with `belongsTo(t)` is the one way to read a table's rows.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed } from '../DomainError.js'
import type { TableName } from '../domain/TableName.js'
import { TableName as TableNameCodec } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import type { KeyRange } from '../KeyRange.js'
import * as Op from '../Operation.js'
import { decodeString } from '../values/StringList.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('bulk:')
export const TBL = B.utf8('tbl')
export const FAM = B.utf8('fam')
export const PATH = B.utf8('path')
export const STATE = B.utf8('state')

/** "R": registered in preCommitStoreFile; "D": committed in postBulkLoadHFile. */
export type BulkLoadState = 'R' | 'D'

export interface BulkLoad {
  readonly table: TableName
  readonly region: string
  readonly family: string
  readonly path: string
  readonly state: BulkLoadState | undefined
  readonly rowKey: Uint8Array
}

export const checkPart = (field: string, v: string): E.Either<DomainError, string> =>
  v.length === 0 || /[:\0/]/.test(v)
    ? E.left(invalidValue(field, v, 'must be non-empty and contain no ":", "/" or NUL'))
    : E.right(v)

export const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

export const key = (table: TableName, region: string, hfile: string): Uint8Array =>
  S.keyOf(space)(table, ':', region, ':', hfile)

/** The scan range that holds table `table`'s rows (and look-alikes: filter with `belongsTo`). */
export const rangeOfTable = (table: TableName): KeyRange => S.rangeOf(space)(table, ':')

export const scanTable = (table: TableName): Op.Scan =>
  Op.scan('bulk', rangeOfTable(table), { family: META_FAMILY })

export const scanAll: Op.Scan = Op.scan('bulk', space.range, { family: META_FAMILY })

/**
 * One Put per HFile. Region and file names are checked: the key parser relies on them. `state`
 * `undefined` writes the row as HBase 2.6.2+ does (`registerBulkLoad`, HBASE-28767: no state column).
 */
export const put = (args: {
  readonly table: TableName
  readonly region: string
  readonly family: string
  readonly path: string
  readonly state: BulkLoadState | undefined
}): E.Either<DomainError, Op.Put> =>
  pipe(
    E.Do,
    E.bind('region', () => checkPart('region', args.region)),
    E.bind('file', () => checkPart('hfile name', fileName(args.path))),
    E.bind('family', () =>
      args.family.length === 0 || args.family.includes('\0')
        ? E.left(invalidValue('family', args.family, 'must be non-empty and contain no NUL'))
        : E.right(args.family)
    ),
    E.map(({ region, file, family }) =>
      Op.put('bulk', key(args.table, region, file), [
        Op.cell(META_FAMILY, TBL, B.utf8(args.table)),
        Op.cell(META_FAMILY, FAM, B.utf8(family)),
        Op.cell(META_FAMILY, PATH, B.utf8(args.path)),
        ...(args.state === undefined ? [] : [Op.cell(META_FAMILY, STATE, B.utf8(args.state))])
      ])
    )
  )

export const remove = (rowKey: Uint8Array): Op.Delete => Op.deleteRow('bulk', rowKey)

/** Splits "table:region:file" from the right. */
const parseKey = (k: Uint8Array): O.Option<{ table: string; region: string; file: string }> =>
  pipe(
    S.suffixOf(space)(k),
    O.chain((rest) => {
      const j = rest.lastIndexOf(':')
      const i = j < 0 ? -1 : rest.lastIndexOf(':', j - 1)
      return i <= 0
        ? O.none
        : O.some({ table: rest.slice(0, i), region: rest.slice(i + 1, j), file: rest.slice(j + 1) })
    })
  )

const text = (row: Op.Row, q: Uint8Array, name: string): E.Either<DomainError, string | undefined> => {
  const v = Op.cellValue(META_FAMILY, q)(row)
  return v === undefined ? E.right(undefined) : decodeString(`meta:${name}`, v)
}

const required = (row: Op.Row, q: Uint8Array, name: string): E.Either<DomainError, string> =>
  pipe(
    text(row, q, name),
    E.chain((v) => (v === undefined ? E.left(malformed(`meta:${name}`, '', 'missing')) : E.right(v)))
  )

/** Copy records share the prefix; their keys are "backupId:ts:index" and they have no state. */
const COPY_SHAPE = /^backup_\d+:\d+:\d+$/

const isCopyRecord = (row: Op.Row): boolean =>
  Op.cellValue(META_FAMILY, STATE)(row) === undefined &&
  pipe(
    S.suffixOf(space)(row.key),
    O.exists((s) => COPY_SHAPE.test(s))
  )

/**
 * The bulk-load record of a row; `none` only for a copy record (`BulkLoadedCopy`'s rows). Any
 * other row under the prefix is a bulk-load row, and one that does not decode — a key that does
 * not split, a missing cell, a `tbl` that names another table than the key — is `Malformed`:
 * dropping it would make an incremental backup miss its HFiles. `tbl` and the key's table are
 * compared as canonical names (`default:t1` is `t1`).
 */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, O.Option<BulkLoad>> => {
  if (isCopyRecord(row)) return E.right(O.none)
  const parts = parseKey(row.key)
  if (O.isNone(parts))
    return E.left(
      malformed('bulk-load row key', B.toStringBinary(row.key), 'expected bulk:<table>:<region>:<hfile>')
    )
  const { table, region } = parts.value
  return pipe(
    E.Do,
    E.bind('keyTable', () => validate(TableNameCodec, 'bulk-load row key table')(table)),
    E.bind('tbl', () => pipe(required(row, TBL, 'tbl'), E.chain(validate(TableNameCodec, 'meta:tbl')))),
    E.bind('family', () => required(row, FAM, 'fam')),
    E.bind('path', () => required(row, PATH, 'path')),
    E.bind('state', () => text(row, STATE, 'state')),
    E.chain(({ keyTable, tbl, family, path, state }) => {
      if (tbl !== keyTable) return E.left(malformed('meta:tbl', tbl, `the row key names table "${keyTable}"`))
      if (state !== undefined && state !== 'R' && state !== 'D')
        return E.left(malformed('meta:state', state, 'expected "R" or "D"'))
      return E.right(O.some({ table: tbl, region, family, path, state, rowKey: row.key }))
    })
  )
}

/** A key handed back by a caller (`removeBulkLoadedRows`): a bulk-load row key, and nothing else. */
export const checkKey =
  (field: string) =>
  (k: Uint8Array): E.Either<DomainError, Uint8Array> =>
    pipe(
      parseKey(k),
      O.filter(
        ({ table, region, file }) =>
          TableNameCodec.is(table) &&
          E.isRight(checkPart('region', region)) &&
          E.isRight(checkPart('hfile', file))
      ),
      O.match(
        () =>
          E.left(
            invalidValue(
              field,
              B.toStringBinary(k),
              'must be a bulk-load row key (bulk:<table>:<region>:<hfile>)'
            )
          ),
        () => E.right(k)
      )
    )

export const belongsTo =
  (table: TableName) =>
  (b: BulkLoad): boolean =>
    b.table === table

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
