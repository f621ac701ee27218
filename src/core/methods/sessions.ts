/**
 * Programs for backup sessions and history: `updateBackupInfo`, `readBackupInfo`,
 * `deleteBackupInfo`, and every history query. A history query is one scan of the session rows,
 * folded batch by batch (`P.scanFold`): nothing holds the rows read, only what the query keeps.
 *
 * History order (newest first by `startTs`, see `../History.ts`) is not key order: keys sort by the
 * id as text, and `startTs` is in the value, which a writer sets independently of the id. So every
 * query reads every session row. Of each row it first reads the header (`Session.headerOfRow`: the
 * id from the key and the same id in the message, `start_ts`, type, state and root, by one walk
 * over the wire format that checks every field's framing and wire type), and decodes the row in full
 * only when the query may return it: when the row satisfies the query's `where` (state, type, root:
 * `getBackupInfos`, `onlyCompleted`, a root's history) and, for a bounded query, would be kept by
 * the bounded heap (`H.firstN`). A row a query does not return is therefore checked for its
 * structure and its header, not decoded in full; every row a query returns, or shows to a caller's
 * filter, is decoded and checked in full, and a row that fails either check fails the query naming
 * the row. (The doctor reads every row in full.)
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import { BackupInfo as BackupInfoCodec } from '../domain/BackupInfo.js'
import type { BackupId } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import * as H from '../History.js'
import type { Row } from '../Operation.js'
import * as P from '../Program.js'
import * as Session from '../rows/BackupSession.js'

export const updateBackupInfo = (info: BackupInfo): P.Program<void> =>
  pipe(
    validate(BackupInfoCodec, 'backupInfo')(info),
    P.fromEither,
    P.chain((valid) => P.mutate([Session.put(valid)]))
  )

export const readBackupInfo = (id: BackupId): P.Program<BackupInfo | undefined> =>
  pipe(
    P.get(Session.get(id)),
    P.chain(
      O.match(
        () => P.of(undefined),
        (row) => (row.cells.length === 0 ? P.of(undefined) : P.fromEither(Session.decodeRow(row)))
      )
    )
  )

export const deleteBackupInfo = (id: BackupId): P.Program<void> => P.mutate([Session.remove(id)])

/**
 * Folds every session row with `add`, `add` seeing each row; the first error (of `add`) stops the
 * scan and fails the program.
 */
const foldRows = <S>(initial: () => S, add: (state: S, row: Row) => E.Either<DomainError, S>): P.Program<S> =>
  pipe(
    P.scanFold(
      Session.scan(),
      () => E.right<DomainError, S>(initial()),
      (acc, rows) => {
        let s = acc
        for (const row of rows) {
          if (E.isLeft(s)) break
          s = add(s.right, row)
        }
        return { state: s, done: E.isLeft(s) }
      }
    ),
    P.chain(P.fromEither)
  )

/** Whether a row's header satisfies `where`; `root` is the UTF-8 of `where.root`, made once. */
const admitted = (where: H.Where, root: Uint8Array | undefined, h: Session.RowHeader): boolean =>
  (where.state === undefined || h.state === where.state) &&
  (where.type === undefined || h.type === where.type) &&
  (root === undefined || Session.rootIs(h, root))

const rootBytes = (where: H.Where): Uint8Array | undefined =>
  where.root === undefined ? undefined : B.utf8(where.root)

/**
 * The sessions that satisfy `where` (read from each row's header, see above) and every filter, in
 * key order: a row `where` excludes is not decoded.
 */
const matching = (where: H.Where, filters: ReadonlyArray<H.Filter>): P.Program<ReadonlyArray<BackupInfo>> => {
  const root = rootBytes(where)
  const selects = where.state !== undefined || where.type !== undefined || root !== undefined
  return foldRows(
    (): Array<BackupInfo> => [],
    (kept, row) => {
      if (selects) {
        const h = Session.headerOfRow(row)
        if (E.isLeft(h)) return h
        if (!admitted(where, root, h.right)) return E.right(kept)
      }
      const info = Session.decodeRow(row)
      if (E.isLeft(info)) return info
      if (filters.every((f) => f(info.right))) kept.push(info.right)
      return E.right(kept)
    }
  )
}

/** Every session, newest first (see `History.newestFirst`). */
export const allSessions: P.Program<ReadonlyArray<BackupInfo>> = pipe(matching({}, []), P.map(H.newestFirst))

/** Where a page of history starts: after this session, in the query's order. */
export interface After {
  readonly backupId: BackupId
  readonly startTs: number
}

interface Kept {
  readonly key: Session.OrderKey
  readonly row: Row
  /** Decoded already when a filter needed it. */
  readonly info: BackupInfo | undefined
}

/**
 * A row the heap keeps, its bytes copied: a store may hand out a page's rows as views of one
 * buffer (the memory store does), and a kept view would hold that whole page until the query ends.
 */
const kept = (key: Session.OrderKey, row: Row, info: BackupInfo | undefined): Kept => {
  const own = row.key.slice()
  return {
    key: { ...key, key: own },
    row: {
      key: own,
      cells: row.cells.map((c) => ({ ...c, qualifier: c.qualifier.slice(), value: c.value.slice() }))
    },
    info
  }
}

interface Top {
  readonly top: H.FirstN<Kept, Session.OrderKey>
  readonly error: DomainError | undefined
}

/**
 * The first `limit` sessions in the query's order (after `after`, when given), in bounded memory:
 * each row's order key first, a full decode only for a row the heap would keep and a filter must
 * see, or for the rows kept at the end.
 */
const firstSessions = (
  limit: number,
  where: H.Where,
  filters: ReadonlyArray<H.Filter>,
  order: H.HistoryQuery['order'],
  after: After | undefined
): P.Program<ReadonlyArray<BackupInfo>> => {
  const compare =
    order === 'oldestFirst'
      ? (a: Session.OrderKey, b: Session.OrderKey) => Session.compareOrderKeys(b, a)
      : Session.compareOrderKeys
  const from = after === undefined ? undefined : Session.orderKeyOf(after)
  const root = rootBytes(where)
  return pipe(
    P.scanFold(
      Session.scan(),
      (): Top => ({ top: H.firstN<Kept, Session.OrderKey>(limit, compare, (k) => k.key), error: undefined }),
      (s, rows) => {
        // a plain loop: this runs once per session row
        for (const row of rows) {
          const h = Session.headerOfRow(row)
          if (E.isLeft(h)) return { state: { ...s, error: h.left }, done: true }
          const key = h.right.order
          if ((from !== undefined && compare(key, from) <= 0) || !s.top.admits(key)) continue
          if (!admitted(where, root, h.right)) continue
          if (filters.length === 0) {
            s.top.offer(kept(key, row, undefined))
            continue
          }
          const info = Session.decodeRow(row)
          if (E.isLeft(info)) return { state: { ...s, error: info.left }, done: true }
          if (filters.every((f) => f(info.right))) s.top.offer(kept(key, row, info.right))
        }
        return { state: s, done: false }
      }
    ),
    P.chain(({ top, error }) =>
      error !== undefined
        ? P.fail(error)
        : P.fromEither(
            E.traverseArray((k: Kept) => (k.info === undefined ? Session.decodeRow(k.row) : E.right(k.info)))(
              top.sorted()
            )
          )
    )
  )
}

export const history = (query: H.HistoryQuery = {}, after?: After): P.Program<ReadonlyArray<BackupInfo>> => {
  const filters = query.filters ?? []
  const where = query.where ?? {}
  return query.limit === undefined
    ? pipe(
        matching(where, filters),
        P.map((infos) => pipe(infos, H.newestFirst, H.select({ ...query, where: {}, filters: [] })))
      )
    : firstSessions(query.limit, where, filters, query.order, after)
}

export const historyForTableSet = (
  tables: Parameters<typeof H.historyForTableSet>[0],
  root: Parameters<typeof H.historyForTableSet>[1]
) =>
  pipe(
    matching({ root }, [(i) => i.tables.some((t) => tables.includes(t.table))]),
    P.map((infos) => H.historyForTableSet(tables, root)(H.newestFirst(infos)))
  )

export const tablesOfCompleted = (type: Parameters<typeof H.tablesOfCompleted>[0]) =>
  pipe(
    matching({ state: 'COMPLETE', type }, []),
    P.map((infos) => H.tablesOfCompleted(type)(H.newestFirst(infos)))
  )

export const hasBackupSessions: P.Program<boolean> = P.scanFold(
  Session.scan({ limit: 1 }),
  () => false,
  (_, rows) => ({ state: rows.length > 0, done: true })
)
