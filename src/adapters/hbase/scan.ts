/**
 * `scan` as an `AsyncIterable` over a server-side scanner: `openScanner`, then `getScannerRows` in
 * batches, and `closeScanner` however the loop ends (exhausted, `break`, an exception). Each
 * iteration opens its own scanner, so the iterable can be walked twice.
 *
 * Bounds. A `KeyRange` is [start, stop) whatever the direction; Thrift's TScan has an inclusive
 * start row and an exclusive stop row, and when reversed its start is the high end:
 * - forward: startRow = start, stopRow = stop; a row ≥ stop ends the scan here too (branch-2's
 *   gateway returns the row equal to stop when start equals stop);
 * - reverse, high end: the largest key below `stop`. When `stop` ends in 0x00 that key is `stop`
 *   without it (nothing lies between `k` and `k‖00`), exact; otherwise startRow = stop and a row
 *   equal to `stop` is skipped here;
 * - reverse, low end: keys ≥ start. TScan's stop is exclusive, so stopRow is a key just below
 *   `start` (start without its trailing 0x00, exact; else start with its last byte decremented),
 *   and the first row below `start` ends the scan here.
 * `limit` counts emitted rows; the server limit gets one row of slack in reverse for the skip.
 * An empty range and `limit: 0` (which TScan would read as "no limit") fetch nothing.
 *
 * Resuming: when the gateway has forgotten the scanner (expired after
 * `hbase.client.scanner.timeout.period` of inactivity: TIllegalArgument, or a TIOError naming an
 * unknown scanner or lease), a new scanner opens just past the last row emitted, unless that is at
 * or past the end of the range (then the scan is complete); three failed reopens in a row give up.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import type { KeyRange } from '../../core/KeyRange.js'
import * as KR from '../../core/KeyRange.js'
import type { Row, Scan } from '../../core/Operation.js'
import { StoreFailure } from '../../port/StoreError.js'
import { I32_MAX, type ResolvedConfig } from './config.js'
import { CallTimeout, ConnectionLost, unwrap, type Gateway } from './connection.js'
import * as C from './convert.js'
import { toStoreError } from './errors.js'
import * as G from './gen/index.js'
import type { Schema } from './schema.js'
import * as V from './validate.js'

// -------------------------------------------------------------------------------------------------
// bounds
// -------------------------------------------------------------------------------------------------

export interface Bounds {
  /** No row can match (a reverse scan whose high end is below every possible key; a resumed scan past its end). */
  readonly nothing?: true
  readonly startRow?: Uint8Array
  readonly stopRow?: Uint8Array
  /** Reverse only: rows ≥ this are skipped (the exclusive high end, when TScan cannot say it). */
  readonly ceiling?: Uint8Array
  /** Reverse only: the first row below this ends the scan. */
  readonly floor?: Uint8Array
  /**
   * Forward only: the first row ≥ this ends the scan. TScan's stop says the same, but branch-2's
   * gateway (`Scan.setStartRow/setStopRow`) answers a start equal to stop with that very row.
   */
  readonly end?: Uint8Array
}

const endsInZero = (k: Uint8Array): boolean => k.length > 0 && k[k.length - 1] === 0

/** A key strictly below `k` (non-empty) with as few keys as possible in between. */
const justBelow = (k: Uint8Array): Uint8Array => {
  const head = k.subarray(0, k.length - 1)
  const last = k[k.length - 1] as number
  return last === 0 ? B.concat(head) : B.concat(head, B.of(last - 1))
}

/** TScan bounds for a range; `after` is the last row already emitted (a resumed scan). */
export const bounds = (range: KeyRange, reverse: boolean, after?: Uint8Array): Bounds => {
  if (!reverse) {
    const start = after !== undefined ? B.concat(after, B.of(0)) : range.start
    if (O.isNone(range.stop)) return start.length === 0 ? {} : { startRow: start }
    const stop = range.stop.value
    // Never reopen at or past the stop key: there is nothing left, and start == stop would be a get.
    if (B.compare(start, stop) >= 0) return { nothing: true }
    return { ...(start.length === 0 ? {} : { startRow: start }), stopRow: stop, end: stop }
  }
  const high: Bounds =
    after !== undefined
      ? { startRow: after, ceiling: after }
      : O.isNone(range.stop)
        ? {}
        : endsInZero(range.stop.value)
          ? { startRow: range.stop.value.subarray(0, range.stop.value.length - 1) }
          : { startRow: range.stop.value, ceiling: range.stop.value }
  // The empty key is no row key: a reverse scan that would start there finds nothing.
  if (high.startRow !== undefined && high.startRow.length === 0) return { nothing: true }
  const low: Bounds = range.start.length === 0 ? {} : { stopRow: justBelow(range.start), floor: range.start }
  return { ...high, ...low }
}

type Verdict = 'emit' | 'skip' | 'end'

export const verdict =
  (b: Bounds) =>
  (key: Uint8Array): Verdict =>
    (b.floor !== undefined && B.compare(key, b.floor) < 0) ||
    (b.end !== undefined && B.compare(key, b.end) >= 0)
      ? 'end'
      : b.ceiling !== undefined && B.compare(key, b.ceiling) >= 0
        ? 'skip'
        : 'emit'

// -------------------------------------------------------------------------------------------------
// scanning
// -------------------------------------------------------------------------------------------------

const EXPIRED =
  /UnknownScannerException|ScannerTimeoutException|OutOfOrderScannerNextException|LeaseException/

const expired = (thrown: unknown): boolean => {
  const e = unwrap(thrown)
  return e instanceof G.TIllegalArgument || (e instanceof G.TIOError && EXPIRED.test(e.message ?? ''))
}

const checkArguments = (s: Scan<string>): void => {
  const shape = V.i32('limit', s.limit, 0)
  if (shape._tag === 'Left') throw new StoreFailure(shape.left)
}

async function* scanRows(
  gateway: Gateway,
  schema: Schema,
  config: ResolvedConfig,
  s: Scan<string>
): AsyncGenerator<ReadonlyArray<Row>> {
  checkArguments(s)
  await schema.check(s.table, s.family === undefined ? [] : [s.family])
  if (s.limit === 0 || KR.isEmpty(s.range) || bounds(s.range, s.reverse).nothing === true) return

  const table = C.utf8Buffer(s.table)
  const slack = s.reverse ? 1 : 0
  let emitted = 0
  let after: Uint8Array | undefined
  const remaining = (): number => (s.limit === undefined ? Number.POSITIVE_INFINITY : s.limit - emitted)

  /** A scanner from `after` on; `undefined` when nothing is left past it. */
  const open = async (): Promise<{ readonly id: number; readonly bounds: Bounds } | undefined> => {
    const b = bounds(s.range, s.reverse, after)
    if (b.nothing === true) return undefined
    const left = remaining()
    const tscan = new G.TScan({
      ...(b.startRow === undefined ? {} : { startRow: C.toBuffer(b.startRow) }),
      ...(b.stopRow === undefined ? {} : { stopRow: C.toBuffer(b.stopRow) }),
      ...(s.family === undefined ? {} : { columns: C.familyColumns(s.family) }),
      caching: config.scanBatchSize,
      ...(s.reverse ? { reversed: true } : {}),
      // `limit` ≤ 2^31−1 was checked; the reverse slack must not push it past the i32 range
      ...(Number.isFinite(left) ? { limit: Math.min(left + slack, I32_MAX) } : {})
    })
    return { id: await gateway.call('openScanner', (c) => c.openScanner(table, tscan)), bounds: b }
  }

  const first = await open()
  if (first === undefined) return
  let scanner = first
  let reopens = 0
  // After a dropped connection or a missed deadline, closing would only wait for another deadline:
  // the gateway expires the abandoned scanner by itself.
  let abandoned = false
  try {
    for (;;) {
      const want = Math.min(config.scanBatchSize, remaining() + slack)
      let batch: ReadonlyArray<G.TResult>
      try {
        const id = scanner.id
        // not idempotent: a repeated call would skip the rows of a lost answer
        batch = await gateway.call('getScannerRows', (c) => c.getScannerRows(id, want), 'unsent')
      } catch (e) {
        if (!expired(e) || reopens >= 3) throw e
        reopens++
        const again = await open()
        if (again === undefined) return
        scanner = again
        continue
      }
      const judge = verdict(scanner.bounds)
      // one round trip, one batch for the caller
      const rows: Array<Row> = []
      let ended = false
      for (const result of batch) {
        if (result.row === undefined) continue
        const key = C.fromBuffer(result.row)
        const v = judge(key)
        if (v === 'end') {
          ended = true
          break
        }
        if (v === 'skip') continue
        const row = C.toRow(result, key)
        if (row === undefined) continue
        rows.push(row)
        after = key
        reopens = 0
        emitted++
        if (remaining() <= 0) {
          ended = true
          break
        }
      }
      if (rows.length > 0) yield rows
      if (ended || batch.length < want) return
    }
  } catch (e) {
    abandoned = e instanceof ConnectionLost || e instanceof CallTimeout
    throw e
  } finally {
    const id = scanner.id
    // Best effort: closing an unknown id is harmless.
    if (!abandoned) await gateway.call('closeScanner', (c) => c.closeScanner(id)).catch(() => undefined)
  }
}

/** Rows of `s`, one batch per gateway round trip; a failure rejects the iteration with a `StoreFailure`. */
export const scan =
  (gateway: Gateway, schema: Schema, config: ResolvedConfig) =>
  (s: Scan<string>): AsyncIterable<ReadonlyArray<Row>> => ({
    [Symbol.asyncIterator]: (): AsyncIterator<ReadonlyArray<Row>> => {
      const inner = scanRows(gateway, schema, config, s)
      const fail = (e: unknown): never => {
        throw new StoreFailure(toStoreError({ operation: 'scan', table: s.table })(e))
      }
      return {
        next: () => inner.next().catch(fail),
        return: (value?: unknown) => inner.return(value as undefined).catch(fail),
        throw: (e?: unknown) => inner.throw(e).catch(fail)
      }
    }
  })
