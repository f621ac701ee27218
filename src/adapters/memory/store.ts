/**
 * `memoryStore`: the embedded `KVStore`, an in-process HBase 2.x. It is a product adapter, not a test
 * double: the shared contract suite (`testing/kvStoreContract`) runs against it and against a real
 * cluster with the same expectations.
 *
 * Layout: `catalog.ts` holds the state (namespaces, tables as B+ trees, snapshots); `write.ts` plans
 * and applies mutations; `read.ts` serves gets and scans; `checkAndMutate.ts` the conditional put and delete;
 * `snapshots.ts` the admin snapshots. This module only wires them to the port:
 * - every operation runs when its task is run (not when it is built), synchronously, so a batch
 *   or a check-and-mutate is atomic with respect to every other call;
 * - the clock is injectable and is the "server" time for timestamps and TTL;
 * - after `close()` every call yields `Unavailable`, and a scan rejects with it;
 * - a capability left out with `without` yields `Unsupported`, never a silent no-op.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import type { Get, Row, Scan } from '../../core/Operation.js'
import type { KVStore, TableSpec } from '../../port/KVStore.js'
import type { Capability, StoreError } from '../../port/StoreError.js'
import { invalidRequest, ioError, StoreFailure, unavailable, unsupported } from '../../port/StoreError.js'
import * as CM from './checkAndMutate.js'
import * as C from './catalog.js'
import * as N from './names.js'
import * as Rd from './read.js'
import * as S from './snapshots.js'
import * as W from './write.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

/** Rows per scan batch: a page of history in one promise, without holding a huge range at once. */
const SCAN_BATCH = 256

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; the server's clock. `Date.now` by default. */
  readonly clock?: () => number
  /** Optional capabilities to leave out, e.g. to test code that must cope without snapshots. */
  readonly without?: ReadonlyArray<'snapshots' | 'ttl'>
}

const ALL: ReadonlyArray<Capability> = ['admin', 'snapshots', 'ttl']

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const memoryStore = (options: MemoryStoreOptions = {}): KVStore => {
  const clock = options.clock ?? Date.now
  const without: ReadonlyArray<Capability> = options.without ?? []
  const capabilities: ReadonlySet<Capability> = new Set(ALL.filter((c) => !without.includes(c)))
  const catalog = C.empty()
  let closed = false
  const closedError = unavailable('the memory store is closed')

  /** Runs `f` when the task runs; a throw is a bug, reported as `IOError` rather than a rejection. */
  const task =
    <A>(f: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
    () => {
      if (closed) return Promise.resolve(E.left(closedError))
      try {
        return Promise.resolve(f())
      } catch (e) {
        return Promise.resolve(
          E.left(ioError(`memory store failure: ${e instanceof Error ? e.message : String(e)}`, e))
        )
      }
    }

  const gated =
    (capability: Capability, operation: string) =>
    <A>(f: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
      task(() => (capabilities.has(capability) ? f() : E.left(unsupported(capability, operation))))

  // Early returns rather than an `E.Do` pipeline: this is the hottest path, and the pipeline's
  // intermediate records cost more than the lookup itself. Same checks, same order.
  const get = (g: Get<string>): E.Either<StoreError, O.Option<Row>> => {
    const table = C.table(catalog)(g.table)
    if (E.isLeft(table)) return table
    const key = W.rowKey(g.row)
    if (E.isLeft(key)) return key
    const family = Rd.checkFamily(table.right, g.family)
    if (E.isLeft(family)) return family
    return E.right(
      O.fromNullable(Rd.toRow(key.right, table.right.rows.get(key.right), family.right, clock()))
    )
  }

  /** The rows of a scan, computed synchronously as they are pulled. */
  function* scanRows(s: Scan<string>): Generator<Row> {
    if (closed) throw new StoreFailure(closedError)
    const checked = pipe(
      E.Do,
      E.apS('table', C.table(catalog)(s.table)),
      E.bind('family', ({ table }) => Rd.checkFamily(table, s.family)),
      E.apS('limit', Rd.checkLimit(s.limit))
    )
    if (E.isLeft(checked)) throw new StoreFailure(checked.left)
    const { table, family, limit } = checked.right
    if (limit === 0) return
    const now = clock()
    let count = 0
    for (const [key, stored] of Rd.entries(table.rows.clone(), s.range, s.reverse)) {
      const row = Rd.toRow(key, stored, family, now)
      if (row !== undefined) {
        yield row
        if (++count >= limit) return
      }
    }
  }

  /**
   * The port's async iterator over the synchronous `scanRows`: each `next` settles at once with up
   * to `SCAN_BATCH` rows (the whole result of a small scan in one promise), or the failure. As with
   * an async generator, nothing runs before the first `next`, and after a failure or `return` the
   * iterator is done.
   */
  const asyncBatches = (s: Scan<string>): AsyncIterableIterator<ReadonlyArray<Row>> => {
    let rows: Generator<Row> | undefined
    let done = false
    const finished: IteratorReturnResult<undefined> = { done: true, value: undefined }
    const iterator: AsyncIterableIterator<ReadonlyArray<Row>> = {
      next: () => {
        if (done) return Promise.resolve(finished)
        try {
          rows ??= scanRows(s)
          const batch: Array<Row> = []
          while (batch.length < SCAN_BATCH) {
            const r = rows.next()
            if (r.done === true) {
              done = true
              break
            }
            batch.push(r.value)
          }
          return Promise.resolve(batch.length === 0 ? finished : { done: false, value: batch })
        } catch (e) {
          done = true
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as thrown, as an async generator would
          return Promise.reject(e)
        }
      },
      return: () => {
        done = true
        rows?.return(undefined)
        return Promise.resolve(finished)
      },
      [Symbol.asyncIterator]: () => iterator
    }
    return iterator
  }

  const ensureTable = (spec: TableSpec): E.Either<StoreError, void> =>
    pipe(
      C.schema(spec),
      E.filterOrElse(
        () => capabilities.has('ttl') || spec.families.every((f) => f.ttlSeconds === undefined),
        () => unsupported('ttl', 'ensureTable')
      ),
      E.filterOrElse(
        (s) => catalog.namespaces.has(s.name.namespace),
        (s) => invalidRequest('namespace', s.name.namespace, 'namespace does not exist')
      ),
      E.map((s) => {
        if (!catalog.tables.has(s.name.canonical))
          catalog.tables.set(s.name.canonical, { schema: s, rows: C.emptyRows() })
      })
    )

  const admin = gated('admin', 'admin')
  const snapshots = gated('snapshots', 'snapshot')

  return {
    capabilities,
    get: (g) => task(() => get(g)),
    scan: (s) => ({ [Symbol.asyncIterator]: () => asyncBatches(s) }),
    mutate: (mutations) =>
      task(() =>
        pipe(
          W.plan(catalog)(mutations),
          E.map((plans) => W.apply(plans, clock()))
        )
      ),
    checkAndPut: (cap) => task(() => CM.run(catalog, clock())(cap, cap.put)),
    checkAndDelete: (cad) => task(() => CM.run(catalog, clock())(cad, cad.delete)),
    ensureNamespace: (ns) =>
      admin(() =>
        pipe(
          N.namespace(ns),
          E.map((n) => {
            catalog.namespaces.add(n)
          })
        )
      ),
    ensureTable: (spec) => admin(() => ensureTable(spec)),
    tableExists: (name) =>
      admin(() =>
        pipe(
          N.table(name),
          E.map((n) => catalog.tables.has(n.canonical))
        )
      ),
    snapshot: (table, name) => snapshots(() => S.take(catalog)(table, name)),
    restoreSnapshot: (name) => snapshots(() => S.restore(catalog)(name)),
    deleteSnapshot: (name) => snapshots(() => S.remove(catalog)(name)),
    snapshotExists: (name) => snapshots(() => S.exists(catalog)(name)),
    close: () => {
      closed = true
      return Promise.resolve()
    }
  }
}
