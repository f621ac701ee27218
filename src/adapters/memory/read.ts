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
 * Isolation: a scan sees the table as it was when it started (its first page): writes made while it
 * runs are not seen (HBase promises less, row atomicity only; this is stronger and still honest).
 *
 * Ownership: everything a read returns is fresh and the caller's: rows, cell arrays, cells and their
 * byte arrays (stored bytes are strings, which nobody can change), so a caller that mutates what it
 * was given changes nothing stored. Copying is the price: three small `Uint8Array`s per one-cell row.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { KeyRange } from '../../core/KeyRange.js'
import type { Cell, Row } from '../../core/Operation.js'
import type { StoreError } from '../../port/StoreError.js'
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

/** What a scan walks: its table's tree, range as binary strings, direction, row limit, read time. */
interface Walk {
  rows: C.Rows
  /** The next key to visit: inclusive lower bound forward, inclusive upper bound in reverse. */
  from: string | undefined
  readonly start: string
  readonly stop: string | undefined
  readonly reverse: boolean
  readonly family: string | undefined
  readonly now: number
  /** Rows still allowed by the scan's limit. */
  left: number
  done: boolean
}

const BREAK = { break: true }

/** The smallest binary string after `k`. */
const after = (k: string): string => `${k}\u0000`

/** Up to `size` rows forward, straight from the tree's leaves (`forRange` calls back per entry). */
const pageForward = (w: Walk, size: number): Array<Row> => {
  const page: Array<Row> = []
  const from = w.from ?? w.start
  const high = w.stop ?? w.rows.maxKey()
  if (high === undefined || from > high || (w.stop !== undefined && from >= w.stop)) {
    w.done = true
    return page
  }
  let last: string | undefined
  let full = false
  w.rows.forRange(from, high, w.stop === undefined, (key, stored) => {
    last = key
    const row = toRow(key, stored, w.family, w.now)
    if (row === undefined) return undefined
    page.push(row)
    if (--w.left === 0 || page.length === size) {
      full = true
      return BREAK
    }
    return undefined
  })
  if (!full || w.left === 0 || last === undefined) w.done = true
  else w.from = after(last)
  return page
}

/** Up to `size` rows in reverse (the tree has no reverse `forRange`; its reverse iterator). */
const pageReverse = (w: Walk, size: number): Array<Row> => {
  const page: Array<Row> = []
  const entries =
    w.from !== undefined
      ? w.rows.entriesReversed(w.from, undefined, true)
      : w.stop === undefined
        ? w.rows.entriesReversed()
        : w.rows.entriesReversed(w.stop, undefined, true)
  for (const [key, stored] of entries) {
    if (key < w.start) break
    const row = toRow(key, stored, w.family, w.now)
    if (row === undefined) continue
    page.push(row)
    if (--w.left === 0) break
    if (page.length === size) {
      w.from = key
      return page
    }
  }
  w.done = true
  return page
}

/**
 * A scan as pages of rows, each computed synchronously when asked for. The first page reads the
 * live tree; a scan that needs a second page clones the tree right after the first (the same
 * synchronous step, so the clone is the table as the scan found it) and reads the rest from the
 * clone: one scan, one snapshot, and a small scan never clones (a clone makes the next write to
 * the live tree copy the path it changes).
 */
export const pages = (
  table: C.Table,
  range: KeyRange,
  reverse: boolean,
  family: string | undefined,
  limit: number | undefined,
  now: number
): ((size: number) => ReadonlyArray<Row> | undefined) => {
  const stop = O.isSome(range.stop) ? K.fromBytes(range.stop.value) : undefined
  const start = K.fromBytes(range.start)
  const w: Walk = {
    rows: table.rows,
    from: undefined,
    start,
    stop,
    reverse,
    family,
    now,
    left: limit ?? Number.POSITIVE_INFINITY,
    done: limit === 0 || (stop !== undefined && stop <= start)
  }
  let cloned = false
  return (size) => {
    while (!w.done) {
      const page = reverse ? pageReverse(w, size) : pageForward(w, size)
      if (!w.done && !cloned) {
        w.rows = w.rows.clone()
        cloned = true
      }
      if (page.length > 0) return page
    }
    return undefined
  }
}
