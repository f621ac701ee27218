/**
 * A `KVStore` that counts the calls made through it (and the rows scans return), then delegates.
 * Used to state how many store calls each API method makes; on the HBase store the RPCs under each
 * call are counted at the Thrift client instead (see hbase.ts).
 */
import type { KVStore } from '../../src/port/KVStore.js'

export interface Counts {
  readonly calls: Map<string, number>
  rows: number
}

export const counting = (
  store: KVStore
): { readonly store: KVStore; readonly counts: Counts; readonly reset: () => void } => {
  const counts: Counts = { calls: new Map(), rows: 0 }
  const hit = (name: string) => counts.calls.set(name, (counts.calls.get(name) ?? 0) + 1)
  const wrapped: KVStore = {
    ...store,
    get: (g) => {
      hit('get')
      return store.get(g)
    },
    scan: (s) => {
      hit('scan')
      const inner = store.scan(s)
      return {
        async *[Symbol.asyncIterator]() {
          for await (const batch of inner) {
            counts.rows += batch.length
            yield batch
          }
        }
      }
    },
    mutate: (ms) => {
      hit('mutate')
      return store.mutate(ms)
    },
    checkAndPut: (c) => {
      hit('checkAndPut')
      return store.checkAndPut(c)
    },
    checkAndDelete: (c) => {
      hit('checkAndDelete')
      return store.checkAndDelete(c)
    }
  }
  return {
    store: wrapped,
    counts,
    reset: () => {
      counts.calls.clear()
      counts.rows = 0
    }
  }
}

export const showCounts = (c: Counts): string =>
  [...c.calls.entries()].map(([k, n]) => `${n} ${k}`).join(' + ') || '0'
