/**
 * Vitest global setup of the `hbase` project: one HBase for the whole run, shared by every test
 * file through `inject('hbase')`.
 *
 * - `HBASE_THRIFT=host:port` (and optionally `HBASE_THRIFT_FRAMED_COMPACT=host:port`): use gateways
 *   that are already running (buffered+binary, framed+compact); nothing is started or stopped.
 * - otherwise: `startHBase()` from ./harness.ts, stopped again in teardown.
 */
import type { TestProject } from 'vitest/node'
import { parseHostPort, startHBase, type HBaseHandle, type Protocol, type Transport } from './harness.js'

export interface HBaseEndpoint {
  readonly host: string
  readonly port: number
  readonly transport: Transport
  readonly protocol: Protocol
}

export interface HBaseTestContext {
  /** Where the gateways come from: started here (`apache` or `standin`), or given by env. */
  readonly gateway: 'apache' | 'standin' | 'external'
  readonly endpoints: ReadonlyArray<HBaseEndpoint>
  /** `hbase.client.scanner.timeout.period` of a started HBase; unknown for an external one. */
  readonly scannerTimeoutMs?: number
  /**
   * A started HBase with the backup tool on: the JVM arguments (`cliJvm`) for `runJvm` in
   * harness.ts, so tests run HBase's Java backup CLI against the same cluster. Absent for an
   * external HBase.
   */
  readonly java?: { readonly cliJvm: ReadonlyArray<string>; readonly workDir: string }
}

declare module 'vitest' {
  export interface ProvidedContext {
    hbase: HBaseTestContext
  }
}

/** Short, so the scanner-expiry test does not wait a minute; no test pauses a scan this long. */
const SCANNER_TIMEOUT_MS = 8_000

const fromEnv = (): HBaseTestContext | undefined => {
  const plain = process.env['HBASE_THRIFT']
  if (plain === undefined || plain === '') return undefined
  const framed = process.env['HBASE_THRIFT_FRAMED_COMPACT']
  const endpoints: Array<HBaseEndpoint> = [
    { ...parseHostPort(plain), transport: 'buffered', protocol: 'binary' }
  ]
  if (framed !== undefined && framed !== '') {
    endpoints.push({ ...parseHostPort(framed), transport: 'framed', protocol: 'compact' })
  } else {
    process.stderr.write('[hbase] HBASE_THRIFT_FRAMED_COMPACT not set: framed+compact is not tested\n')
  }
  return { gateway: 'external', endpoints }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = fromEnv()
  if (external !== undefined) {
    project.provide('hbase', external)
    return () => Promise.resolve()
  }
  const hbase: HBaseHandle = await startHBase({ scannerTimeoutMs: SCANNER_TIMEOUT_MS })
  project.provide('hbase', {
    gateway: hbase.gateway,
    scannerTimeoutMs: SCANNER_TIMEOUT_MS,
    endpoints: hbase.thrift.map((e) => ({ host: hbase.host, ...e })),
    ...(hbase.backup ? { java: { cliJvm: hbase.cliJvm, workDir: hbase.workDir } } : {})
  })
  return () => hbase.stop()
}
