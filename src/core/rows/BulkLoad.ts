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

/** The bulk-load record of a row; `none` when the row is not one (a copy record or a look-alike). */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, O.Option<BulkLoad>> =>
  pipe(
    parseKey(row.key),
    O.match(
      () => E.right(O.none),
      (parts) =>
        pipe(
          E.Do,
          E.bind('tbl', () => text(row, TBL, 'tbl')),
          E.bind('family', () => text(row, FAM, 'fam')),
          E.bind('path', () => text(row, PATH, 'path')),
          E.bind('state', () => text(row, STATE, 'state')),
          // a tbl that is no table name is corrupt, not a look-alike of another table's row
          E.chainFirst(({ tbl }) =>
            tbl === undefined ? E.right(undefined) : validate(TableNameCodec, 'meta:tbl')(tbl)
          ),
          E.chain(({ tbl, family, path, state }) => {
            if (tbl !== parts.table || family === undefined || path === undefined) return E.right(O.none)
            if (state !== undefined && state !== 'R' && state !== 'D')
              return E.left(malformed('meta:state', state, 'expected "R" or "D"'))
            return E.right(
              O.some({ table: tbl as TableName, region: parts.region, family, path, state, rowKey: row.key })
            )
          })
        )
    )
  )

export const belongsTo =
  (table: TableName) =>
  (b: BulkLoad): boolean =>
    b.table === table

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
