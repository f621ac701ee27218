/**
 * How to reach a Thrift2 gateway (`hbase thrift2`) and how patiently. Transport and protocol must
 * match the server's flags (`-f` framed, `-c` compact); HBase's default is buffered + binary.
 *
 * Not supported: the gateway's HTTP transport (`hbase.regionserver.thrift.http`), TLS and SASL.
 * Only plain TCP sockets, buffered or framed, binary or compact.
 *
 * The defaults follow Apache's server (2.x): it closes a connection idle for 60 s
 * (`hbase.thrift.server.socket.read.timeout`), so ours close theirs after 50 s; in framed mode it
 * refuses request frames over 2 MiB (`hbase.regionserver.thrift.framed.max_frame_size_in_mb`), so a
 * batch is split to stay under `maxFrameBytes`; large batches also trip region servers' "Rejecting
 * large batch operation" warnings, so at most `maxBatchRows` rows go in one call.
 *
 * `resolve` validates every field at construction: a bad value throws a `StoreFailure` whose
 * error is `InvalidRequest` naming the field (`config.port` …) and the value.
 */
import { invalidRequest, StoreFailure } from '../../port/StoreError.js'

export type Transport = 'buffered' | 'framed'
export type Protocol = 'binary' | 'compact'

export interface HBaseStoreConfig {
  readonly host: string
  /** 1–65535. */
  readonly port: number
  /** Default 'buffered' (an unframed socket), as the gateway's default thread-pool server speaks. */
  readonly transport?: Transport
  /** Default 'binary'. */
  readonly protocol?: Protocol
  /**
   * Deadline of each store call, connecting and retries included; past it the call is `Timeout`
   * (or `OutcomeUnknown` for a write whose request had left). Default 30 s.
   */
  readonly timeoutMs?: number
  /** Rows fetched per `getScannerRows` round trip (Thrift i32). Default 100. */
  readonly scanBatchSize?: number
  /** Connections kept to the gateway (each served by one server thread). Default 2. */
  readonly poolSize?: number
  /** A connection idle this long is closed by us, before the server's 60 s. Default 50 s. */
  readonly idleTimeoutMs?: number
  /** The largest request a mutation call may encode to. Default 2 MiB, Apache's framed limit. */
  readonly maxFrameBytes?: number
  /** The most rows in one `putMultiple` / `deleteMultiple`. Default 1000. */
  readonly maxBatchRows?: number
  /** First pause before retrying a call that did not reach the gateway; doubled, jittered. Default 50 ms. */
  readonly retryBackoffMs?: number
}

export interface ResolvedConfig {
  readonly host: string
  readonly port: number
  readonly transport: Transport
  readonly protocol: Protocol
  readonly timeoutMs: number
  readonly scanBatchSize: number
  readonly poolSize: number
  readonly idleTimeoutMs: number
  readonly maxFrameBytes: number
  readonly maxBatchRows: number
  readonly retryBackoffMs: number
}

/** The largest Thrift i32; the npm runtime silently truncates anything above. */
export const I32_MAX = 2 ** 31 - 1

/** Apache's default `hbase.regionserver.thrift.framed.max_frame_size_in_mb`, in bytes. */
export const APACHE_MAX_FRAME_BYTES = 2 * 1024 * 1024

/** Below this a frame cannot hold one small call's header and a row. */
const MIN_FRAME_BYTES = 1024

const refuse = (field: string, value: unknown, reason: string): never => {
  throw new StoreFailure(invalidRequest(`config.${field}`, String(value), reason))
}

const integer = (field: string, value: number | undefined, min: number, max: number): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : refuse(field, value, `must be an integer from ${min} to ${max}`)

const integerIn = (field: string, value: number | undefined, fallback: number, min: number, max: number) =>
  value === undefined ? fallback : integer(field, value, min, max)

const oneOf = <A extends string>(
  field: string,
  value: A | undefined,
  allowed: ReadonlyArray<A>,
  fallback: A
): A => {
  if (value === undefined) return fallback
  if (!allowed.includes(value)) return refuse(field, value, `must be one of ${allowed.join(', ')}`)
  return value
}

export const resolve = (c: HBaseStoreConfig): ResolvedConfig => {
  if (typeof c.host !== 'string' || c.host.length === 0)
    refuse('host', c.host, 'must be a non-empty host name')
  return {
    host: c.host,
    port: integer('port', c.port, 1, 65_535),
    transport: oneOf('transport', c.transport, ['buffered', 'framed'], 'buffered'),
    protocol: oneOf('protocol', c.protocol, ['binary', 'compact'], 'binary'),
    // setTimeout's own limit is the i32 range
    timeoutMs: integerIn('timeoutMs', c.timeoutMs, 30_000, 1, I32_MAX),
    scanBatchSize: integerIn('scanBatchSize', c.scanBatchSize, 100, 1, I32_MAX),
    poolSize: integerIn('poolSize', c.poolSize, 2, 1, 1_000),
    idleTimeoutMs: integerIn('idleTimeoutMs', c.idleTimeoutMs, 50_000, 1, I32_MAX),
    maxFrameBytes: integerIn(
      'maxFrameBytes',
      c.maxFrameBytes,
      APACHE_MAX_FRAME_BYTES,
      MIN_FRAME_BYTES,
      I32_MAX
    ),
    maxBatchRows: integerIn('maxBatchRows', c.maxBatchRows, 1_000, 1, I32_MAX),
    retryBackoffMs: integerIn('retryBackoffMs', c.retryBackoffMs, 50, 1, I32_MAX)
  }
}
