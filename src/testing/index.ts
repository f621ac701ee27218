/**
 * `hbase-backup-meta/testing`: what a user of the library, or the author of another adapter, needs
 * to test against it.
 */

// the KVStore contract suite
export { kvStoreContract } from './kvStoreContract.js'
export type { ContractCase, ContractFactory, ContractFixture, ContractOptions } from './kvStoreContract.js'
