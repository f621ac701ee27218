/**
 * The contenders of the store benchmarks, built over the same keys and values:
 * - ours: `memoryStore()`, one table with one family (`maxVersions` 1), one cell per row;
 * - sorted-btree bare: the B+ tree the memory store is built on, binary-string keys (the store's
 *   key form) with the store's own comparator function (the same function, so the tree's compare
 *   call site sees one target, as in the store), values stored as given; no versions, families,
 *   copies, validation or promises;
 * - memory-level: abstract-level's in-memory store, keys and values as Uint8Array (`view`
 *   encodings throughout, so nothing is transcoded);
 * - Map: native, binary-string keys; unordered, so gets and puts only.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { MemoryLevel } from 'memory-level'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BTree } from '../../src/adapters/memory/catalog.js'
import * as K from '../../src/adapters/memory/keys.js'
import type { Put } from '../../src/core/Operation.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { binary } from './data.js'

export const TABLE = 'bench:rows'
export const FAMILY = 'f'
export const QUALIFIER = new TextEncoder().encode('q')

/** Runs a task and throws its `Left`: a benchmark must never time a failure. */
export const must = async <A>(te: TE.TaskEither<unknown, A>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(`store call failed: ${JSON.stringify(r.left)}`)
  return r.right
}

export const ours = async (): Promise<KVStore> => {
  const store = memoryStore()
  await must(store.ensureNamespace('bench'))
  await must(store.ensureTable({ name: TABLE, families: [{ name: FAMILY, maxVersions: 1 }] }))
  return store
}

export const putOf = (row: Uint8Array, value: Uint8Array): Put<string> => ({
  _tag: 'Put',
  table: TABLE,
  row,
  cells: [{ family: FAMILY, qualifier: QUALIFIER, value }]
})

/** Fills in batches of `batch` puts per `mutate` call (the fast path, as a loader would). */
export const fillOurs = async (
  store: KVStore,
  keys: ReadonlyArray<Uint8Array>,
  valueOf: (i: number) => Uint8Array,
  batch = 1000
): Promise<void> => {
  for (let at = 0; at < keys.length; at += batch) {
    const puts: Array<Put<string>> = []
    for (let i = at; i < Math.min(at + batch, keys.length); i++)
      puts.push(putOf(keys[i] as Uint8Array, valueOf(i)))
    await must(store.mutate(puts))
  }
}

export type BareTree = InstanceType<typeof BTree<string, Uint8Array>>

export const bareTree = (): BareTree => new BTree<string, Uint8Array>(undefined, K.compare)

export const fillTree = (
  tree: BareTree,
  keys: ReadonlyArray<Uint8Array>,
  valueOf: (i: number) => Uint8Array
): void => {
  for (let i = 0; i < keys.length; i++) tree.set(binary(keys[i] as Uint8Array), valueOf(i))
}

export type Level = MemoryLevel<Uint8Array, Uint8Array>

export const level = async (): Promise<Level> => {
  const db = new MemoryLevel<Uint8Array, Uint8Array>({
    keyEncoding: 'view',
    valueEncoding: 'view',
    storeEncoding: 'view'
  })
  await db.open()
  return db
}

export const fillLevel = async (
  db: Level,
  keys: ReadonlyArray<Uint8Array>,
  valueOf: (i: number) => Uint8Array,
  batch = 1000
): Promise<void> => {
  for (let at = 0; at < keys.length; at += batch) {
    const ops: Array<{ type: 'put'; key: Uint8Array; value: Uint8Array }> = []
    for (let i = at; i < Math.min(at + batch, keys.length); i++)
      ops.push({ type: 'put', key: keys[i] as Uint8Array, value: valueOf(i) })
    await db.batch(ops)
  }
}
