/**
 * The product's face: `BackupSystemTable.open(store, options)` creates the namespace and tables if
 * missing and returns the opened table. Every Java method is there under its Java name, three ways:
 * - `table.<method>(…)`: a Promise; failures reject with `BackupMetaError` (its `error` is tagged);
 * - `table.te.<method>(…)`: an fp-ts `TaskEither<ApiError, A>`;
 * - `table.explain('<method>', …)`: the operations the call would perform, without writing.
 * Absent values are `undefined`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { TableName } from '../core/domain/TableName.js'
import { namespaceOf, DEFAULT_NAMESPACE } from '../core/domain/TableName.js'
import { validate } from '../core/domain/validate.js'
import type { DomainError } from '../core/DomainError.js'
import { invalidValue } from '../core/DomainError.js'
import type { Program } from '../core/Program.js'
import * as P from '../core/Program.js'
import { showValue } from '../core/showValue.js'
import { bulkTableName, DEFAULT_TABLE_NAME, families } from '../core/rows/Schema.js'
import type { ApiError } from '../interpreter/ApiError.js'
import { BackupMetaError } from '../interpreter/ApiError.js'
import type { Explanation } from '../interpreter/explain.js'
import { explain } from '../interpreter/explain.js'
import type { Tables } from '../interpreter/run.js'
import { run } from '../interpreter/run.js'
import type { KVStore } from '../port/KVStore.js'
import type { HistoryPageOptions, MethodName, Methods, ResultOf } from './methods.js'
import { HISTORY_PAGE, methods, WAL_PAGE } from './methods.js'
import type { BackupInfo } from '../core/domain/BackupInfo.js'
import { argumentNames } from './argumentNames.js'
import type { Plain } from './copyIn.js'
import { copyIn, Refused } from './copyIn.js'
import { checkOptions } from './openOptions.js'

export interface OpenOptions {
  /** The system table, `ns:qualifier`; `backup:system` by default (`hbase.backup.system.table.name`). */
  readonly tableName?: string
  /**
   * Where bulk-load rows live: `shared` keeps them in the system table (the 2017 layout),
   * `separate` in `<tableName>_bulk` (HBase ≥ 2.1). Default `shared`.
   */
  readonly bulkTable?: 'shared' | 'separate'
  /** TTL of the families in seconds (`hbase.backup.system.ttl`); forever by default. */
  readonly ttlSeconds?: number
  /** Attempts of a guarded read-modify-write (addToBackupSet, removeFromBackupSet). Default 10. */
  readonly maxAttempts?: number
  /** Milliseconds since the epoch; `Date.now` by default. */
  readonly clock?: () => number
}

type Args<K extends MethodName> = Parameters<Methods[K]>

export type PromiseApi = { readonly [K in MethodName]: (...args: Args<K>) => Promise<ResultOf<K>> }
export type TaskEitherApi = {
  readonly [K in MethodName]: (...args: Args<K>) => TE.TaskEither<ApiError, ResultOf<K>>
}

export interface BackupSystemTable extends PromiseApi {
  readonly store: KVStore
  readonly tables: Tables
  readonly te: TaskEitherApi
  /** The program a call builds, for composing or running elsewhere. */
  readonly program: <K extends MethodName>(name: K, ...args: Args<K>) => Program<ResultOf<K>>
  /** Dry run against this table: reads are real, writes are only recorded. */
  readonly explain: <K extends MethodName>(name: K, ...args: Args<K>) => Promise<Explanation<ResultOf<K>>>
  /** WAL files of a backup root, streamed page by page (`getWALFilesPage`), in key order. */
  readonly getWALFilesIterator: (
    backupRoot: string,
    pageSize?: number
  ) => AsyncIterable<ResultOf<'getWALFilesPage'>[number]>
  /**
   * Sessions in history order (newest first unless `order: 'oldestFirst'`), filtered, streamed page by
   * page (`getBackupHistoryPage`, `pageSize` sessions each, default 1000): memory holds one page.
   * History order is not key order, so each page is one scan of every session row (see
   * `core/methods/sessions.ts`); a page starts after the last session of the previous one, so a
   * session written meanwhile ahead of that point is not seen, and none is seen twice.
   */
  readonly getBackupHistoryIterator: (
    options?: Omit<HistoryPageOptions, 'limit' | 'after'> & { readonly pageSize?: number }
  ) => AsyncIterable<BackupInfo>
}

const resolveTables = (options: OpenOptions): E.Either<ApiError, Tables> =>
  pipe(
    validate(TableName, 'tableName')(options.tableName ?? DEFAULT_TABLE_NAME),
    E.map((system) => ({
      system,
      bulk: options.bulkTable === 'separate' ? bulkTableName(system) : system
    }))
  )

const methodsOf = (options: OpenOptions): E.Either<DomainError, Methods> =>
  E.map(methods)(checkOptions(options))

const ensureSchema = (
  store: KVStore,
  tables: Tables,
  ttlSeconds: number | undefined
): TE.TaskEither<ApiError, void> => {
  const ns = namespaceOf(tables.system as TableName)
  const fams = families(ttlSeconds)
  return pipe(
    ns === DEFAULT_NAMESPACE ? TE.right(undefined) : store.ensureNamespace(ns),
    TE.chain(() => store.ensureTable({ name: tables.system, families: fams })),
    TE.chain(() =>
      tables.bulk === tables.system
        ? TE.right(undefined)
        : store.ensureTable({ name: tables.bulk, families: fams })
    )
  )
}

/**
 * The boundary: the caller's arguments are copied out once (`copyIn`) and only the copies reach the
 * method, so nothing after this reads a caller's object again. A method that throws on what it was
 * given is a defect, but still a failed program, never an exception in the caller's stack.
 */
const programOf = <K extends MethodName>(ms: Methods, name: K, args: Args<K>): Program<ResultOf<K>> => {
  const names: ReadonlyArray<string> = argumentNames[name]
  const copied: Array<Plain> = []
  for (let i = 0; i < args.length; i++) {
    const c = copyIn(names[i] ?? `argument ${i}`, args[i])
    if (E.isLeft(c)) return P.fail(c.left)
    copied.push(c.right)
  }
  try {
    // the copies are the caller's values made plain: the method's own codecs check their shapes
    return (ms[name] as (...a: ReadonlyArray<Plain>) => Program<ResultOf<K>>)(...copied)
  } catch (thrown) {
    return P.fail(
      thrown instanceof Refused
        ? thrown.error
        : invalidValue(names[0] ?? name, '<arguments>', `could not be used: ${showValue(thrown)}`)
    )
  }
}

const reject = <A>(te: TE.TaskEither<ApiError, A>): Promise<A> =>
  te().then(
    E.match(
      (e) => Promise.reject(new BackupMetaError(e)),
      (a) => Promise.resolve(a)
    )
  )

/** Builds the table over an already prepared store (no schema calls). */
export const attach = (store: KVStore, options: OpenOptions = {}): E.Either<ApiError, BackupSystemTable> =>
  pipe(
    E.Do,
    E.bind('tables', () => resolveTables(options)),
    E.bindW('ms', () => methodsOf(options)),
    E.map(({ tables, ms }) => {
      const exec = run({ store, tables })
      const program = <K extends MethodName>(name: K, ...args: Args<K>): Program<ResultOf<K>> =>
        programOf(ms, name, args)
      const anyProgram = program as (name: MethodName, ...args: ReadonlyArray<unknown>) => Program<unknown>
      const te = Object.fromEntries(
        Object.keys(ms).map((name) => [
          name,
          (...args: ReadonlyArray<unknown>) => exec(anyProgram(name as MethodName, ...args))
        ])
      ) as unknown as TaskEitherApi
      const promises = Object.fromEntries(
        Object.keys(ms).map((name) => [
          name,
          (...args: ReadonlyArray<unknown>) =>
            reject(
              (te[name as MethodName] as (...a: ReadonlyArray<unknown>) => TE.TaskEither<ApiError, unknown>)(
                ...args
              )
            )
        ])
      ) as unknown as PromiseApi
      return {
        ...promises,
        store,
        tables,
        te,
        program,
        explain: (name, ...args) => explain(program(name, ...args), { tables, store }),
        getWALFilesIterator: (backupRoot, pageSize = WAL_PAGE) =>
          paged<ResultOf<'getWALFilesPage'>[number], string>(
            (after) => te.getWALFilesPage(backupRoot, after, pageSize),
            Math.max(1, pageSize),
            (w) => w.file
          ),
        getBackupHistoryIterator: (options = {}) => {
          const { pageSize = HISTORY_PAGE, ...query } = options
          return paged<BackupInfo, NonNullable<HistoryPageOptions['after']>>(
            (after) =>
              te.getBackupHistoryPage({
                ...query,
                limit: pageSize,
                ...(after === undefined ? {} : { after })
              }),
            Math.max(1, pageSize),
            (i) => ({ backupId: i.backupId, startTs: i.startTs })
          )
        }
      }
    })
  )

/** The items of pages `page(after)`, each page after the last item of the one before, until a short page. */
async function* paged<A, C>(
  page: (after: C | undefined) => TE.TaskEither<ApiError, ReadonlyArray<A>>,
  size: number,
  cursorOf: (a: A) => C
): AsyncGenerator<A, void, undefined> {
  let after: C | undefined
  for (;;) {
    const items = await page(after)()
    if (E.isLeft(items)) throw new BackupMetaError(items.left)
    yield* items.right
    const last = items.right.at(-1)
    if (items.right.length < size || last === undefined) return
    after = cursorOf(last)
  }
}

export const BackupSystemTable = {
  /** Creates the namespace and table(s) when missing, then attaches. */
  open: (store: KVStore, options: OpenOptions = {}): Promise<BackupSystemTable> =>
    reject(
      pipe(
        TE.fromEither(
          pipe(
            methodsOf(options),
            E.chain(() => resolveTables(options))
          )
        ),
        TE.chain((tables) => ensureSchema(store, tables, options.ttlSeconds)),
        TE.chainEitherK(() => attach(store, options))
      )
    ),
  attach
}

/** Explains a call against an empty table, with no store at all. */
export const explainCall = <K extends MethodName>(
  name: K,
  ...args: Args<K>
): Promise<Explanation<ResultOf<K>>> => {
  const ms = methodsOf({})
  const program = E.isLeft(ms) ? P.fail<ResultOf<K>>(ms.left) : programOf(ms.right, name, args)
  return explain(program, { tables: { system: DEFAULT_TABLE_NAME, bulk: DEFAULT_TABLE_NAME } })
}
