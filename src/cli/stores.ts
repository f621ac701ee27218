/**
 * Where a command's system table lives: `memory` (the embedded store, the default) or
 * `hbase://host:port` (a Thrift2 gateway, through `src/adapters/hbase`). The HBase gateway has no
 * snapshot calls, so the simulator wraps it in `emulatedSnapshots` (shadow tables); that fallback is
 * documented there. The adapter is loaded lazily, so the memory path never needs the thrift runtime.
 */
import type { KVStore } from '../port/KVStore.js'

export type StoreSpec =
  | { readonly _tag: 'Memory' }
  | { readonly _tag: 'HBase'; readonly host: string; readonly port: number; readonly text: string }

export const parseStore = (s: string): StoreSpec | string => {
  if (s === 'memory') return { _tag: 'Memory' }
  const m = /^hbase:\/\/([^:/\s]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})\/?$/.exec(s)
  if (m === null) return `--store must be "memory" or "hbase://host:port", not "${s}"`
  const port = Number(m[2])
  if (port < 1 || port > 65535) return `--store port must be 1–65535, not ${port}`
  return { _tag: 'HBase', host: m[1] ?? '', port, text: s }
}

export const showStore = (s: StoreSpec): string => (s._tag === 'Memory' ? 'memory' : s.text)

interface HBaseModule {
  readonly hbaseStore: (config: {
    readonly host: string
    readonly port: number
    readonly timeoutMs?: number
  }) => KVStore
}

/** Opens the HBase adapter; a clear error when it is missing from this build. */
export const openHBase = async (spec: Extract<StoreSpec, { _tag: 'HBase' }>): Promise<KVStore> => {
  const path = '../adapters/hbase/index.js'
  let mod: HBaseModule
  try {
    mod = (await import(path)) as HBaseModule
  } catch (e) {
    throw new Error(
      `the HBase adapter (src/adapters/hbase) cannot be loaded in this build: ${e instanceof Error ? e.message : String(e)}`
    )
  }
  return mod.hbaseStore({ host: spec.host, port: spec.port, timeoutMs: 10_000 })
}
