/**
 * The interpreter: runs a core `Program` against a `KVStore`, one instruction at a time, mapping the
 * logical table roles to physical tables. Store failures stop the program with their `StoreError`;
 * the program's own failures come out as `ProgramError`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import type { Instruction, Program } from '../core/Program.js'
import type { Row, TableRole } from '../core/Operation.js'
import { snapshotName } from '../core/rows/Schema.js'
import type { KVStore } from '../port/KVStore.js'
import type { StoreError } from '../port/StoreError.js'
import { fromThrown } from '../port/StoreError.js'
import type { ApiError } from './ApiError.js'

/** Physical names of the two logical tables; `bulk` equals `system` in the 2017 layout. */
export type Tables = Readonly<Record<TableRole, string>>

export interface Env {
  readonly store: KVStore
  readonly tables: Tables
}

export const collect = async (
  batches: AsyncIterable<ReadonlyArray<Row>>
): Promise<E.Either<StoreError, ReadonlyArray<Row>>> => {
  const out: Array<Row> = []
  try {
    for await (const batch of batches) for (const r of batch) out.push(r)
    return E.right(out)
  } catch (thrown) {
    return E.left(fromThrown(thrown))
  }
}

const execute = (env: Env, i: Instruction): TE.TaskEither<StoreError, unknown> => {
  const { store, tables } = env
  switch (i._tag) {
    case 'Get':
      return store.get({ ...i, table: tables[i.table] })
    case 'Scan':
      return () => collect(store.scan({ ...i, table: tables[i.table] }))
    case 'Mutate':
      return store.mutate(
        i.mutations.map((m) =>
          m._tag === 'Put' ? { ...m, table: tables[m.table] } : { ...m, table: tables[m.table] }
        )
      )
    case 'CheckAndPut':
      return store.checkAndPut({
        ...i,
        table: tables[i.table],
        put: { ...i.put, table: tables[i.put.table] }
      })
    case 'CheckAndDelete':
      return store.checkAndDelete({
        ...i,
        table: tables[i.table],
        delete: { ...i.delete, table: tables[i.delete.table] }
      })
    case 'Snapshot':
      return store.snapshot(tables[i.table], snapshotName(tables[i.table]))
    case 'RestoreSnapshot':
      return store.restoreSnapshot(snapshotName(tables[i.table]))
    case 'DeleteSnapshot':
      return store.deleteSnapshot(snapshotName(tables[i.table]))
    case 'SnapshotExists':
      return store.snapshotExists(snapshotName(tables[i.table]))
  }
}

export const run =
  (env: Env) =>
  <A>(program: Program<A>): TE.TaskEither<ApiError, A> =>
  async () => {
    let p = program
    while (p._tag === 'Step') {
      const result = await execute(env, p.instruction)()
      if (E.isLeft(result)) return result
      p = p.next(result.right)
    }
    return p._tag === 'Done' ? E.right(p.value) : E.left(p.error)
  }
