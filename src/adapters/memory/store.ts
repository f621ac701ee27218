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
 * - a capability left out with `without` yields `Unsupported`, never a silent no-op;
 * - arguments are checked once, by the port (`checkedStore`), before anything here runs; what is
 *   left to check is what needs the state (tables, declared families, capabilities).
 *
 * Delete markers: HBase's (see `row.ts`), kept until the store is dropped, as a cluster keeps them
 * until a major compaction: a deleted row stays stored as a tombstone and reads as absent.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import type { Get, Mutation, Row, Scan } from '../../core/Operation.js'
import type { KVStore, TableSpec } from '../../port/KVStore.js'
import type { Capability, StoreError } from '../../port/StoreError.js'
import { invalidRequest, ioError, StoreFailure, unavailable, unsupported } from '../../port/StoreError.js'
import { checkedStore } from '../../port/checked.js'
import * as CM from './checkAndMutate.js'
import * as C from './catalog.js'
import * as K from './keys.js'
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

/** The store behind the port's checks: every argument here has passed `port/checked.ts`. */
const unchecked = (options: MemoryStoreOptions): KVStore => {
  const clock = options.clock ?? Date.now
  const without: ReadonlyArray<Capability> = options.without ?? []
  const capabilities: ReadonlySet<Capability> = new Set(ALL.filter((c) => !without.includes(c)))
  const catalog = C.empty()
  let closed = false
  const closedError = unavailable('the memory store is closed')
  const closedTask = Promise.resolve(E.left(closedError))

  /** Runs `f` when the task runs; a throw is a bug, reported as `IOError` rather than a rejection. */
  const task =
    <A>(f: () => E.Either<StoreError, A>): TE.TaskEither<StoreError, A> =>
    () => {
      if (closed) return closedTask
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

  // Early returns rather than an `E.Do` pipeline: this is the hottest path.
  const get = (g: Get<string>): E.Either<StoreError, O.Option<Row>> => {
    const table = C.table(catalog)(g.table)
    if (E.isLeft(table)) return table
    const family = g.family
    if (family !== undefined && !table.right.schema.families.has(family)) {
      const refused = C.family(table.right)(family)
      if (E.isLeft(refused)) return refused
    }
    const key = K.fromBytes(g.row)
    const row = Rd.toRow(key, table.right.rows.get(key), family, clock())
    return row === undefined ? NONE : E.right(O.some(row))
  }

  const mutate = (mutations: ReadonlyArray<Mutation<string>>): E.Either<StoreError, void> => {
    if (mutations.length === 1) {
      const p = W.planOne(catalog)(mutations[0] as Mutation<string>)
      if (E.isLeft(p)) return p
      W.applyOne(p.right, clock())
      return DONE
    }
    const plans = W.plan(catalog)(mutations)
    if (E.isLeft(plans)) return plans
    W.apply(plans.right, clock())
    return DONE
  }

  /**
   * The port's async iterator over the scan's pages: each `next` settles at once with up to
   * `SCAN_BATCH` rows (the whole result of a small scan in one promise), or the failure. As with
   * an async generator, nothing runs before the first `next`, and after a failure or `return` the
   * iterator is done.
   */
  const asyncBatches = (s: Scan<string>): AsyncIterableIterator<ReadonlyArray<Row>> => {
    let next: ((size: number) => ReadonlyArray<Row> | undefined) | undefined
    let done = false
    const finished: IteratorReturnResult<undefined> = { done: true, value: undefined }
    const start = (): ((size: number) => ReadonlyArray<Row> | undefined) => {
      if (closed) throw new StoreFailure(closedError)
      const table = C.table(catalog)(s.table)
      if (E.isLeft(table)) throw new StoreFailure(table.left)
      const family = Rd.checkFamily(table.right, s.family)
      if (E.isLeft(family)) throw new StoreFailure(family.left)
      return Rd.pages(table.right, s.range, s.reverse, family.right, s.limit, clock())
    }
    const iterator: AsyncIterableIterator<ReadonlyArray<Row>> = {
      next: () => {
        if (done) return Promise.resolve(finished)
        try {
          next ??= start()
          const page = next(SCAN_BATCH)
          if (page === undefined) {
            done = true
            return Promise.resolve(finished)
          }
          return Promise.resolve({ done: false, value: page })
        } catch (e) {
          done = true
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as thrown, as an async generator would
          return Promise.reject(e)
        }
      },
      return: () => {
        done = true
        return Promise.resolve(finished)
      },
      [Symbol.asyncIterator]: () => iterator
    }
    return iterator
  }

  const ensureTable = (spec: TableSpec): E.Either<StoreError, void> => {
    if (!capabilities.has('ttl') && spec.families.some((f) => f.ttlSeconds !== undefined))
      return E.left(unsupported('ttl', 'ensureTable'))
    const name = N.table(spec.name)
    if (E.isLeft(name)) return name
    if (!catalog.namespaces.has(name.right.namespace))
      return E.left(invalidRequest('namespace', name.right.namespace, 'namespace does not exist'))
    if (!catalog.tables.has(name.right.canonical))
      catalog.tables.set(name.right.canonical, {
        schema: C.schema(spec, name.right),
        rows: C.emptyRows(),
        tombstones: C.emptyRows()
      })
    return DONE
  }

  const admin = gated('admin', 'admin')
  const snapshots = gated('snapshots', 'snapshot')

  return {
    capabilities,
    clock,
    get: (g) => task(() => get(g)),
    scan: (s) => ({ [Symbol.asyncIterator]: () => asyncBatches(s) }),
    mutate: (mutations) => task(() => mutate(mutations)),
    checkAndPut: (cap) => task(() => CM.run(catalog, clock())(cap, cap.put)),
    checkAndDelete: (cad) => task(() => CM.run(catalog, clock())(cad, cad.delete)),
    ensureNamespace: (ns) =>
      admin(() => {
        catalog.namespaces.add(ns)
        return DONE
      }),
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
    snapshotExists: (name) => snapshots(() => E.right(catalog.snapshots.has(name))),
    close: () => {
      closed = true
      return Promise.resolve()
    }
  }
}

const NONE: E.Either<StoreError, O.Option<Row>> = E.right(O.none)
const DONE: E.Either<StoreError, void> = E.right(undefined)

export const memoryStore = (options: MemoryStoreOptions = {}): KVStore => checkedStore(unchecked(options))
