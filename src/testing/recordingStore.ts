/**
 * A `KVStore` that records every call reaching it (name and argument), then delegates. Tests use it
 * to prove that a rejected call made no store call at all, and to count round trips per method.
 */
import type { KVStore } from '../port/KVStore.js'

export type StoreCallName =
  | 'get'
  | 'scan'
  | 'mutate'
  | 'checkAndPut'
  | 'checkAndDelete'
  | 'ensureNamespace'
  | 'ensureTable'
  | 'tableExists'
  | 'snapshot'
  | 'restoreSnapshot'
  | 'deleteSnapshot'
  | 'snapshotExists'

export interface StoreCall {
  readonly name: StoreCallName
  readonly arg: unknown
}

export interface RecordingStore {
  readonly store: KVStore
  /** Every call so far, in the order made. */
  readonly calls: () => ReadonlyArray<StoreCall>
  readonly clear: () => void
}

export const recordingStore = (inner: KVStore): RecordingStore => {
  const calls: Array<StoreCall> = []
  const record =
    <A extends ReadonlyArray<unknown>, R>(name: StoreCallName, f: (...a: A) => R) =>
    (...a: A): R => {
      calls.push({ name, arg: a.length === 1 ? a[0] : a })
      return f(...a)
    }
  return {
    store: {
      capabilities: inner.capabilities,
      ...(inner.clock === undefined ? {} : { clock: inner.clock }),
      get: record('get', inner.get),
      scan: record('scan', inner.scan),
      mutate: record('mutate', inner.mutate),
      checkAndPut: record('checkAndPut', inner.checkAndPut),
      checkAndDelete: record('checkAndDelete', inner.checkAndDelete),
      ensureNamespace: record('ensureNamespace', inner.ensureNamespace),
      ensureTable: record('ensureTable', inner.ensureTable),
      tableExists: record('tableExists', inner.tableExists),
      snapshot: record('snapshot', inner.snapshot),
      restoreSnapshot: record('restoreSnapshot', inner.restoreSnapshot),
      deleteSnapshot: record('deleteSnapshot', inner.deleteSnapshot),
      snapshotExists: record('snapshotExists', inner.snapshotExists),
      close: () => inner.close()
    },
    calls: () => [...calls],
    clear: () => {
      calls.length = 0
    }
  }
}
