/**
 * `hbase-backup-meta/testing`: what a user of the library, or the author of another adapter, needs
 * to test against it.
 */

// the KVStore contract suite
export { kvStoreContract } from './kvStoreContract.js'
export type { ContractCase, ContractFactory, ContractFixture, ContractOptions } from './kvStoreContract.js'

// fast-check arbitraries: domain values (valid, look-alike and invalid), BackupInfo, row families
export * as arbitraries from './arbitraries/domain.js'
export * as rowArbitraries from './arbitraries/rows.js'

// a store wrapper recording every call that reaches the store
export { recordingStore } from './recordingStore.js'
export type { RecordingStore, StoreCall, StoreCallName } from './recordingStore.js'

// a linearizability checker (Wing–Gong–Lowe) and the lock's sequential model
export * as linearizability from './linearizability/index.js'
