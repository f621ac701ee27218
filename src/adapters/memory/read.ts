/**
 * Reads: `get` of one row and `scan` of a key range, both returning the newest live version of each
 * cell (TTL against the store's clock), sorted by (family, qualifier). A row with no live cell (in
 * the requested family) does not exist, as in HBase, so a scan skips it and it does not count
 * towards the limit.
 *
 * Range law: a forward scan visits the keys `k` with `start ≤ k` and (`stop` absent or `k < stop`)
 * ascending; a reverse scan visits the same keys descending; `limit` then keeps the first `limit`
 * rows of that order (so a reverse scan with a limit returns the highest keys).
 *
 * Isolation: a scan iterates an O(1) clone of the table taken when it starts, so writes made while
 * it runs are not seen (HBase promises less, row atomicity only; this is stronger and still honest).
 * Every returned array is freshly allocated: callers may mutate it without touching the store.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { KeyRange } from '../../core/KeyRange.js'
import type { Cell, Row } from '../../core/Operation.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest } from '../../port/StoreError.js'
import * as C from './catalog.js'
import * as K from './keys.js'
import * as R from './row.js'

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

/**
 * The row as a caller sees it, or `undefined` when no cell is visible (in `family`, when given).
 * Every byte array is fresh (the stored bytes are strings, so a caller cannot reach them).
 */
export const toRow = (
  key: string,
  stored: R.StoredRow | undefined,
  family: string | undefined,
  now: number
): Row | undefined => {
  if (stored === undefined) return undefined
  let cells: Array<Cell> | undefined
  for (let i = 0; i < stored.length; i++) {
    const e = stored[i] as R.Entry
    const value = e.value
    if (value === undefined || (family !== undefined && e.family.name !== family) || !R.live(e, now)) continue
    const c: Cell = {
      family: e.family.name,
      qualifier: K.toBytes(e.qualifier as string),
      value: K.toBytes(value),
      timestamp: e.timestamp
    }
    if (cells === undefined) cells = [c]
    else cells.push(c)
  }
  return cells === undefined ? undefined : { key: K.toBytes(key), cells }
}

export const checkFamily = (
  t: C.Table,
  family: string | undefined
): E.Either<StoreError, string | undefined> =>
  family === undefined ? E.right(undefined) : E.map(() => family)(C.family(t)(family))

export const checkLimit = (limit: number | undefined): E.Either<StoreError, number> =>
  limit === undefined
    ? E.right(Number.POSITIVE_INFINITY)
    : Number.isSafeInteger(limit) && limit >= 0
      ? E.right(limit)
      : E.left(invalidRequest('limit', String(limit), 'must be a non-negative integer'))

/** Stored entries of `range` in the requested direction, unfiltered. */
export function* entries(rows: C.Rows, range: KeyRange, reverse: boolean): Generator<[string, R.StoredRow]> {
  const start = K.fromBytes(range.start)
  const stop = O.isSome(range.stop) ? K.fromBytes(range.stop.value) : undefined
  if (stop !== undefined && stop <= start) return
  if (!reverse) {
    for (const entry of rows.entries(start)) {
      if (stop !== undefined && entry[0] >= stop) return
      yield entry
    }
  } else {
    const from = stop === undefined ? rows.entriesReversed() : rows.entriesReversed(stop, undefined, true)
    for (const entry of from) {
      if (entry[0] < start) return
      yield entry
    }
  }
}
