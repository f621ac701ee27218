/**
 * `hbase-backup-meta/adapters/memory`: the embedded, in-process `KVStore` with HBase 2.x semantics.
 * The default store of the library, and the one to use in tests of code built on it.
 */
export { memoryStore } from './store.js'
export type { MemoryStoreOptions } from './store.js'
