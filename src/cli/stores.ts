/**
 * Where a command's system table lives: `memory` (the embedded store, the default) or
 * `hbase://host:port[?transport=buffered|framed&protocol=binary|compact&timeoutMs=N]` (a Thrift2
 * gateway, through `src/adapters/hbase`). The URL is checked here, before anything runs, so a typo is
 * a usage error naming the part that is wrong. The HBase gateway has no snapshot calls, so the
 * simulator wraps it in `emulatedSnapshots` (shadow tables); that fallback is documented there. The
 * adapter is loaded lazily, so the memory path never needs the thrift runtime.
 */
import type { KVStore } from '../port/KVStore.js'

export interface HBaseSpec {
  readonly _tag: 'HBase'
  readonly host: string
  readonly port: number
  readonly transport: 'buffered' | 'framed'
  readonly protocol: 'binary' | 'compact'
  readonly timeoutMs: number
  readonly text: string
}

export type StoreSpec = { readonly _tag: 'Memory' } | HBaseSpec

const FORM = 'hbase://host:port[?transport=buffered|framed&protocol=binary|compact&timeoutMs=N]'
const DEFAULT_TIMEOUT_MS = 10_000
const queryKeys = ['transport', 'protocol', 'timeoutMs'] as const

const oneOf = <A extends string>(
  key: string,
  value: string | null,
  allowed: ReadonlyArray<A>,
  dflt: A
): A | string => {
  if (value === null) return dflt
  const found = allowed.find((a) => a === value)
  return found ?? `--store ${key} must be one of ${allowed.join(', ')}, not "${value}"`
}

export const parseStore = (s: string): StoreSpec | string => {
  if (s === 'memory') return { _tag: 'Memory' }
  if (!s.startsWith('hbase://')) return `--store must be "memory" or ${FORM}, not "${s}"`
  let url: URL
  try {
    url = new URL(s)
  } catch {
    return `--store ${JSON.stringify(s)} is not a URL of the form ${FORM}`
  }
  if (url.hostname === '') return `--store ${JSON.stringify(s)} has no host; expected ${FORM}`
  if (url.port === '')
    return `--store ${JSON.stringify(s)} has no port (a Thrift2 gateway listens on 9090 by default)`
  const port = Number(url.port)
  if (!(port >= 1 && port <= 65535)) return `--store port must be 1–65535, not ${url.port}`
  if (
    url.username !== '' ||
    url.password !== '' ||
    (url.pathname !== '' && url.pathname !== '/') ||
    url.hash !== ''
  )
    return `--store ${JSON.stringify(s)} has parts a Thrift2 address does not take; expected ${FORM}`
  for (const key of url.searchParams.keys())
    if (!(queryKeys as ReadonlyArray<string>).includes(key))
      return `--store has an unknown parameter "${key}"; known: ${queryKeys.join(', ')}`
  const transport = oneOf('transport', url.searchParams.get('transport'), ['buffered', 'framed'], 'buffered')
  const protocol = oneOf('protocol', url.searchParams.get('protocol'), ['binary', 'compact'], 'binary')
  const timeoutText = url.searchParams.get('timeoutMs')
  if (transport !== 'buffered' && transport !== 'framed') return transport
  if (protocol !== 'binary' && protocol !== 'compact') return protocol
  if (
    timeoutText !== null &&
    !(/^\d+$/.test(timeoutText) && Number(timeoutText) >= 1 && Number(timeoutText) <= 2 ** 31 - 1)
  )
    return `--store timeoutMs must be a whole number of milliseconds from 1 to ${2 ** 31 - 1}, not "${timeoutText}"`
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  return {
    _tag: 'HBase',
    host,
    port,
    transport,
    protocol,
    timeoutMs: timeoutText === null ? DEFAULT_TIMEOUT_MS : Number(timeoutText),
    text: s
  }
}

export const showStore = (s: StoreSpec): string => (s._tag === 'Memory' ? 'memory' : s.text)

interface HBaseModule {
  readonly hbaseStore: (config: {
    readonly host: string
    readonly port: number
    readonly transport: 'buffered' | 'framed'
    readonly protocol: 'binary' | 'compact'
    readonly timeoutMs: number
  }) => KVStore
}

/** Opens the HBase adapter; a clear error when it is missing from this build. */
export const openHBase = async (spec: HBaseSpec): Promise<KVStore> => {
  const path = '../adapters/hbase/index.js'
  let mod: HBaseModule
  try {
    mod = (await import(path)) as HBaseModule
  } catch (e) {
    throw new Error(
      `the HBase adapter (src/adapters/hbase) cannot be loaded in this build: ${e instanceof Error ? e.message : String(e)}`
    )
  }
  return mod.hbaseStore({
    host: spec.host,
    port: spec.port,
    transport: spec.transport,
    protocol: spec.protocol,
    timeoutMs: spec.timeoutMs
  })
}
