/**
 * The interpreter against a `KVStore`: a record of handlers, one store call per instruction, the
 * logical table roles mapped to physical tables (`tables.ts`). Store failures stop the program with
 * their `StoreError`; the program's own failures come out as `ProgramError`.
 *
 * A `ScanFold` reads the store's scan batch by batch and stops it (the iterator's `return()`, which
 * ends the scanner) as soon as the fold is done, so a program that needs ten rows holds ten rows.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { DomainError } from '../core/DomainError.js'
import type { Row } from '../core/Operation.js'
import type { ScanFold } from '../core/Program.js'
import type { KVStore } from '../port/KVStore.js'
import type { StoreError } from '../port/StoreError.js'
import { fromThrown } from '../port/StoreError.js'
import type { ApiError } from './ApiError.js'
import type { Handlers } from './interpret.js'
import type { WriteStamps } from './writeStamps.js'
import { interpret } from './interpret.js'
import type { Tables } from './tables.js'
import { physical } from './tables.js'

export type { Tables } from './tables.js'

export interface Env {
  readonly store: KVStore
  readonly tables: Tables
  /** Explicit timestamps for every write (a table's own, see `writeStamps.ts`); the store's when absent. */
  readonly stamps?: WriteStamps
}

/** Folds a scan's batches with `fold`; leaving the loop early closes the scan. */
export const foldBatches =
  <S>(
    batches: AsyncIterable<ReadonlyArray<Row>>,
    fold: Pick<ScanFold<S>, 'initial' | 'step'>
  ): TE.TaskEither<StoreError, S> =>
  async () => {
    let state = fold.initial()
    try {
      for await (const rows of batches) {
        const next = fold.step(state, rows)
        state = next.state
        if (next.done) break
      }
      return E.right(state)
    } catch (thrown) {
      return E.left(fromThrown(thrown))
    }
  }

/** Every row of a scan's batches. */
export const collect = (
  batches: AsyncIterable<ReadonlyArray<Row>>
): Promise<E.Either<StoreError, ReadonlyArray<Row>>> =>
  foldBatches(batches, {
    initial: (): Array<Row> => [],
    step: (out, rows) => {
      for (const r of rows) out.push(r)
      return { state: out, done: false }
    }
  })()

/** Full jitter over an exponentially growing window (2 ms, 4 ms, … capped at 1 s). */
export const backoffMs = (attempt: number): number =>
  Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt))

const BACKOFF_BASE_MS = 2
const BACKOFF_CAP_MS = 1_000

export const storeHandlers = ({ store, tables, stamps }: Env): Handlers => {
  const to = physical(tables)
  const stamped = <A, B>(
    a: A,
    stamp: ((a: A) => E.Either<DomainError, A>) | undefined,
    send: (a: A) => TE.TaskEither<StoreError, B>
  ): TE.TaskEither<ApiError, B> => {
    if (stamp === undefined) return send(a)
    const s = stamp(a)
    return E.isLeft(s) ? TE.left(s.left) : send(s.right)
  }
  return {
    Get: (i) => store.get(to.get(i)),
    ScanFold: (i) => foldBatches(store.scan(to.scan(i.scan)), i),
    Mutate: (i) => stamped(i.mutations.map(to.mutation), stamps?.batch, store.mutate),
    CheckAndPut: (i) => stamped(to.checkAndPut(i), stamps?.checkAndPut, store.checkAndPut),
    CheckAndDelete: (i) => stamped(to.checkAndDelete(i), stamps?.checkAndDelete, store.checkAndDelete),
    Snapshot: (i) => store.snapshot(to.table(i.table), to.snapshot(i.table)),
    RestoreSnapshot: (i) => store.restoreSnapshot(to.snapshot(i.table)),
    DeleteSnapshot: (i) => store.deleteSnapshot(to.snapshot(i.table)),
    SnapshotExists: (i) => store.snapshotExists(to.snapshot(i.table)),
    Backoff: (i) => () =>
      new Promise((resolve) => setTimeout(() => resolve(E.right(undefined)), backoffMs(i.attempt)))
  }
}

export const run = (env: Env) => interpret(storeHandlers(env))
