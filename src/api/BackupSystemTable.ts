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
import { writeStamps } from '../interpreter/writeStamps.js'
import type { KVStore } from '../port/KVStore.js'
import type { HistoryPageOptions, MethodName, Methods, ResultOf } from './methods.js'
import { HISTORY_PAGE, methods, WAL_PAGE } from './methods.js'
import type { BackupInfo } from '../core/domain/BackupInfo.js'
import type { Holder } from '../core/rows/ExclusiveLock.js'
import { thisProcess } from './lockHolder.js'
import type { Detection } from '../core/layout/detect.js'
import type { LayoutName } from '../core/layout/Layout.js'
import { isLayoutName, layoutNames } from '../core/layout/Layout.js'
import { layouts } from '../core/layout/layouts.js'
import { detectLayout } from './detectLayout.js'
import { forLayout } from './layoutMethods.js'
import { argumentNames } from './argumentNames.js'
import type { Plain } from './copyIn.js'
import { copyIn, Refused } from './copyIn.js'
import type { CheckedOptions } from './openOptions.js'
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
  /**
   * Who `startBackupExclusiveOperation` records as the lock's holder (cells Java never reads):
   * this host and process by default; `'none'` writes Java's bare "yes".
   */
  readonly lockHolder?: Holder | 'none'
  /**
   * Which HBase releases' layout the table has (docs/compatibility.md): `2017` (the default),
   * `2.6.1`, `2.6.2`, `2.6.3`, `2.6.5`, `2.6.7` (= master), or `auto` to detect it from the live table
   * at `open` (see `table.layout` for the choice and its evidence). A layout decides where bulk
   * rows live (`bulkTable` may be left out; if given it must agree), refuses the methods its
   * releases do not have, cuts failed messages (2.6.1+) and stamps incremental-set writes (2.6.5+).
   * Without the option nothing is refused: every method of every layout is there, as before.
   */
  readonly layout?: LayoutName | 'auto'
}

/** The layout a table was opened with, and why. */
export interface LayoutChoice {
  readonly name: LayoutName
  /** `default`: no `layout` option; `option`: named by the caller; `auto`: detected. */
  readonly chosenBy: 'default' | 'option' | 'auto'
  /** The layouts the evidence allows (the chosen one among them). */
  readonly candidates: ReadonlyArray<LayoutName>
  readonly evidence: ReadonlyArray<string>
}

type Args<K extends MethodName> = Parameters<Methods[K]>

export type PromiseApi = { readonly [K in MethodName]: (...args: Args<K>) => Promise<ResultOf<K>> }
export type TaskEitherApi = {
  readonly [K in MethodName]: (...args: Args<K>) => TE.TaskEither<ApiError, ResultOf<K>>
}

export interface BackupSystemTable extends PromiseApi {
  readonly store: KVStore
  readonly tables: Tables
  readonly layout: LayoutChoice
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
  /**
   * Closes the store this table was opened (or attached) over, once: later calls return the same
   * promise, so closing twice is harmless. The table owns its store, as Java's table owns its
   * connection's `Table`.
   */
  readonly close: () => Promise<void>
}

/** `store.close()` at most once, whoever calls it and how often. */
const closeOnce = (store: KVStore): (() => Promise<void>) => {
  let closing: Promise<void> | undefined
  return () => (closing ??= store.close())
}

/** The layout option checked: a known name, and a `bulkTable` that agrees with it. */
const layoutOption = (options: OpenOptions, detected?: Detection): E.Either<DomainError, LayoutChoice> => {
  const asked = options.layout
  if (asked !== undefined && asked !== 'auto' && !isLayoutName(asked))
    return E.left(invalidValue('layout', String(asked), `one of auto, ${layoutNames.join(', ')}`))
  if (asked === 'auto' && detected === undefined)
    return E.left(
      invalidValue('layout', 'auto', 'detecting the layout reads the table: use BackupSystemTable.open')
    )
  const choice: LayoutChoice =
    asked === 'auto' && detected !== undefined
      ? {
          name: detected.layout,
          chosenBy: 'auto',
          candidates: detected.candidates,
          evidence: detected.evidence
        }
      : asked === undefined || asked === 'auto'
        ? { name: '2017', chosenBy: 'default', candidates: ['2017'], evidence: ['no layout option'] }
        : { name: asked, chosenBy: 'option', candidates: [asked], evidence: ['the layout option'] }
  const bulk = layouts[choice.name].bulkTable
  if (choice.chosenBy !== 'default' && options.bulkTable !== undefined && options.bulkTable !== bulk)
    return E.left(
      invalidValue('bulkTable', options.bulkTable, `layout ${choice.name} keeps bulk rows in a ${bulk} table`)
    )
  return E.right(choice)
}

const resolveTables = (options: OpenOptions, detected?: Detection): E.Either<DomainError, Tables> =>
  pipe(
    E.Do,
    E.bind('choice', () => layoutOption(options, detected)),
    E.bind('system', () => validate(TableName, 'tableName')(options.tableName ?? DEFAULT_TABLE_NAME)),
    E.map(({ choice, system }) => {
      const separate =
        choice.chosenBy === 'default'
          ? options.bulkTable === 'separate'
          : layouts[choice.name].bulkTable === 'separate'
      return { system, bulk: separate ? bulkTableName(system) : system }
    })
  )

const methodsOf = (checked: CheckedOptions, options: OpenOptions): Methods => {
  const holder = options.lockHolder ?? thisProcess()
  return methods({ ...checked, ...(holder === 'none' ? {} : { holder }) })
}

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

/**
 * Without a `layout` option every method of every layout is there, as before layouts existed, and
 * a failed message is cut at 1,024 characters as HBase does since 2.6.1 (HBASE-28643): a longer
 * one made the FAILED put exceed the cell size and left the backup unrepairable.
 */
const everyMethod = { ...layouts['2017'], refuses: {}, failedMessageLimit: 1024 }

/** Builds the table over an already prepared store (no schema calls). */
export const attach = (
  store: KVStore,
  options: OpenOptions = {},
  detected?: Detection
): E.Either<ApiError, BackupSystemTable> =>
  pipe(
    E.Do,
    E.bind('tables', () => resolveTables(options, detected)),
    E.bind('choice', () => layoutOption(options, detected)),
    E.bindW('checked', () => checkOptions(options)),
    E.map(({ tables, choice, checked }) => {
      const layout = layouts[choice.name]
      // without a layout option every method is there, as before layouts existed
      const ms = forLayout(
        choice.chosenBy === 'default' ? everyMethod : layout,
        checked.clock
      )(methodsOf(checked, options))
      // the few writes the table stamps itself are stamped on the store's clock where it has one
      const exec = run({ store, tables, stamps: writeStamps(store.clock ?? options.clock ?? Date.now) })
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
        layout: choice,
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
        },
        close: closeOnce(store)
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
    const next = cursorOf(last)
    // a full page that ends where the previous one did would be read again forever
    if (after !== undefined && JSON.stringify(next) === JSON.stringify(after))
      throw new BackupMetaError({
        _tag: 'InvalidState',
        message: `a page did not advance past ${JSON.stringify(next)}`
      })
    after = next
  }
}

/** Detects the layout of the live table, probing the bulk table by its conventional name. */
const detect = (store: KVStore, options: OpenOptions): TE.TaskEither<ApiError, Detection | undefined> =>
  pipe(
    TE.fromEither(validate(TableName, 'tableName')(options.tableName ?? DEFAULT_TABLE_NAME)),
    TE.chain((system): TE.TaskEither<ApiError, Detection> =>
      detectLayout(store, { system, bulk: bulkTableName(system) })
    )
  )

export const BackupSystemTable = {
  /** Creates the namespace and table(s) when missing, then attaches. */
  open: (store: KVStore, options: OpenOptions = {}): Promise<BackupSystemTable> =>
    reject(
      pipe(
        TE.fromEither(checkOptions(options)),
        TE.chain(() => (options.layout === 'auto' ? detect(store, options) : TE.right(undefined))),
        TE.chain((detected) =>
          pipe(
            TE.fromEither(resolveTables(options, detected)),
            TE.chain((tables) => ensureSchema(store, tables, options.ttlSeconds)),
            TE.chainEitherK(() => attach(store, options, detected))
          )
        )
      )
    ),
  attach
}

/** Explains a call against an empty table, with no store at all. */
export const explainCall = <K extends MethodName>(
  name: K,
  ...args: Args<K>
): Promise<Explanation<ResultOf<K>>> => {
  const checked = checkOptions({})
  const program = E.isLeft(checked)
    ? P.fail<ResultOf<K>>(checked.left)
    : programOf(methodsOf(checked.right, {}), name, args)
  return explain(program, { tables: { system: DEFAULT_TABLE_NAME, bulk: DEFAULT_TABLE_NAME } })
}
