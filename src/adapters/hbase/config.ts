/**
 * How to reach a Thrift2 gateway (`hbase thrift2`) and how patiently. Transport and protocol must
 * match the server's flags (`-f` framed, `-c` compact); HBase's default is buffered + binary.
 */

export type Transport = 'buffered' | 'framed'
export type Protocol = 'binary' | 'compact'

export interface HBaseStoreConfig {
  readonly host: string
  readonly port: number
  /** Default 'buffered' (an unframed socket), as the gateway's default thread-pool server speaks. */
  readonly transport?: Transport
  /** Default 'binary'. */
  readonly protocol?: Protocol
  /** Deadline of each Thrift call, connecting included; past it the call is `Timeout`. Default 30 s. */
  readonly timeoutMs?: number
  /** Rows fetched per `getScannerRows` round trip. Default 100. */
  readonly scanBatchSize?: number
}

export interface ResolvedConfig {
  readonly host: string
  readonly port: number
  readonly transport: Transport
  readonly protocol: Protocol
  readonly timeoutMs: number
  readonly scanBatchSize: number
}

export const resolve = (c: HBaseStoreConfig): ResolvedConfig => ({
  host: c.host,
  port: c.port,
  transport: c.transport ?? 'buffered',
  protocol: c.protocol ?? 'binary',
  timeoutMs: c.timeoutMs ?? 30_000,
  scanBatchSize: Math.max(1, Math.floor(c.scanBatchSize ?? 100))
})
