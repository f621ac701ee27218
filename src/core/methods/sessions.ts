/**
 * Programs for backup sessions and history: `updateBackupInfo`, `readBackupInfo`,
 * `deleteBackupInfo`, and every history query. A history query is one scan of the session rows,
 * folded batch by batch (`P.scanFold`): nothing holds the rows read, only what the query keeps.
 *
 * History order (newest first by `startTs`, see `../History.ts`) is not key order: keys sort by the
 * id as text, and `startTs` is in the value, which a writer sets independently of the id. So even a
 * query with a limit reads every session row; it keeps the first `limit` in a bounded heap
 * (`H.firstN`) and, when it has no filter, reads of each row only its order key (the id from the
 * key, `start_ts` by walking the wire format, every field's framing checked) and fully decodes only
 * the rows it returns. A row outside those is therefore checked for its framing and order key, not
 * decoded in full: a session the query does not return is not read. Queries without a limit decode
 * and check every row, and a row that does not decode fails the query naming the row.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
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

/** The sessions every filter accepts, in key order. */
const matching = (filters: ReadonlyArray<H.Filter>): P.Program<ReadonlyArray<BackupInfo>> =>
  foldRows(
    (): Array<BackupInfo> => [],
    (kept, row) =>
      pipe(
        Session.decodeRow(row),
        E.map((info) => {
          if (filters.every((f) => f(info))) kept.push(info)
          return kept
        })
      )
  )

/** Every session, newest first (see `History.newestFirst`). */
export const allSessions: P.Program<ReadonlyArray<BackupInfo>> = pipe(matching([]), P.map(H.newestFirst))

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
  filters: ReadonlyArray<H.Filter>,
  order: H.HistoryQuery['order'],
  after: After | undefined
): P.Program<ReadonlyArray<BackupInfo>> => {
  const compare =
    order === 'oldestFirst'
      ? (a: Session.OrderKey, b: Session.OrderKey) => Session.compareOrderKeys(b, a)
      : Session.compareOrderKeys
  const from = after === undefined ? undefined : Session.orderKeyOf(after)
  return pipe(
    P.scanFold(
      Session.scan(),
      (): Top => ({ top: H.firstN<Kept, Session.OrderKey>(limit, compare, (k) => k.key), error: undefined }),
      (s, rows) => {
        // a plain loop: this runs once per session row
        for (const row of rows) {
          const key = Session.orderKeyOfRow(row)
          if (E.isLeft(key)) return { state: { ...s, error: key.left }, done: true }
          if ((from !== undefined && compare(key.right, from) <= 0) || !s.top.admits(key.right)) continue
          if (filters.length === 0) {
            s.top.offer({ key: key.right, row, info: undefined })
            continue
          }
          const info = Session.decodeRow(row)
          if (E.isLeft(info)) return { state: { ...s, error: info.left }, done: true }
          if (filters.every((f) => f(info.right))) s.top.offer({ key: key.right, row, info: info.right })
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
  return query.limit === undefined
    ? pipe(
        matching(filters),
        P.map((infos) => pipe(infos, H.newestFirst, H.select({ ...query, filters: [] })))
      )
    : firstSessions(query.limit, filters, query.order, after)
}

export const historyForTableSet = (
  tables: Parameters<typeof H.historyForTableSet>[0],
  root: Parameters<typeof H.historyForTableSet>[1]
) =>
  pipe(
    matching([H.withRoot(root), (i) => i.tables.some((t) => tables.includes(t.table))]),
    P.map((infos) => H.historyForTableSet(tables, root)(H.newestFirst(infos)))
  )

export const tablesOfCompleted = (type: Parameters<typeof H.tablesOfCompleted>[0]) =>
  pipe(
    matching([H.withState('COMPLETE'), H.withType(type)]),
    P.map((infos) => H.tablesOfCompleted(type)(H.newestFirst(infos)))
  )

export const hasBackupSessions: P.Program<boolean> = P.scanFold(
  Session.scan({ limit: 1 }),
  () => false,
  (_, rows) => ({ state: rows.length > 0, done: true })
)
