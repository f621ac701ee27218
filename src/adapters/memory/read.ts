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
 * was given changes nothing stored. The byte arrays of one page are views into one buffer made for
 * that page (`materialise`): they never overlap, and a caller holding one holds that buffer.
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

/** Does the entry hold a version a read returns (in `family`, when given, and within its TTL)? */
const visible = (e: R.Entry, family: string | undefined, now: number): boolean =>
  e.value !== undefined && (family === undefined || e.family.name === family) && R.live(e, now)

/**
 * The bytes a read of `stored` returns (key, and qualifier and value of every visible cell), or -1
 * when no cell is visible: the row does not exist for this read.
 */
const sizeOf = (key: string, stored: R.StoredRow, family: string | undefined, now: number): number => {
  let n = 0
  let cells = 0
  for (let i = 0; i < stored.length; i++) {
    const e = stored[i] as R.Entry
    if (!visible(e, family, now)) continue
    cells++
    n += (e.qualifier as string).length + (e.value as string).length
  }
  return cells === 0 ? -1 : n + key.length
}

/**
 * Rows as a caller sees them, every byte array a view into one buffer made for this call: a page
 * of rows costs one allocation of bytes instead of three per cell (a `Uint8Array` over 64 bytes is
 * a separate allocation outside V8's heap). The buffer is the caller's alone: views never overlap,
 * so a caller that changes one array changes nothing else it was given, and nothing stored (the
 * stored bytes are strings). `rows[i]` must be visible (`sizeOf` ≥ 0); `total` the sum of sizes.
 */
const materialise = (
  keys: ReadonlyArray<string>,
  rows: ReadonlyArray<R.StoredRow>,
  total: number,
  family: string | undefined,
  now: number
): Array<Row> => {
  const buf = new Uint8Array(total)
  let at = 0
  const bytes = (s: string): Uint8Array => {
    const from = at
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i)
    return buf.subarray(from, at)
  }
  const out: Array<Row> = []
  for (let r = 0; r < rows.length; r++) {
    const stored = rows[r] as R.StoredRow
    const key = bytes(keys[r] as string)
    const cells: Array<Cell> = []
    for (let i = 0; i < stored.length; i++) {
      const e = stored[i] as R.Entry
      if (!visible(e, family, now)) continue
      const qualifier = bytes(e.qualifier as string)
      cells.push({
        family: e.family.name,
        qualifier,
        value: bytes(e.value as string),
        timestamp: e.timestamp
      })
    }
    out.push({ key, cells })
  }
  return out
}

/** The row as a caller sees it (see `materialise`), or `undefined` when no cell is visible. */
export const toRow = (
  key: string,
  stored: R.StoredRow | undefined,
  family: string | undefined,
  now: number
): Row | undefined => {
  if (stored === undefined) return undefined
  const size = sizeOf(key, stored, family, now)
  return size < 0 ? undefined : materialise([key], [stored], size, family, now)[0]
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
  const from = w.from ?? w.start
  const high = w.stop ?? w.rows.maxKey()
  if (high === undefined || from > high || (w.stop !== undefined && from >= w.stop)) {
    w.done = true
    return []
  }
  const keys: Array<string> = []
  const rows: Array<R.StoredRow> = []
  let total = 0
  let last: string | undefined
  let full = false
  w.rows.forRange(from, high, w.stop === undefined, (key, stored) => {
    last = key
    const n = sizeOf(key, stored, w.family, w.now)
    if (n < 0) return undefined
    keys.push(key)
    rows.push(stored)
    total += n
    if (--w.left === 0 || keys.length === size) {
      full = true
      return BREAK
    }
    return undefined
  })
  if (!full || w.left === 0 || last === undefined) w.done = true
  else w.from = after(last)
  return materialise(keys, rows, total, w.family, w.now)
}

/** Up to `size` rows in reverse (the tree has no reverse `forRange`; its reverse iterator). */
const pageReverse = (w: Walk, size: number): Array<Row> => {
  const keys: Array<string> = []
  const rows: Array<R.StoredRow> = []
  let total = 0
  const entries =
    w.from !== undefined
      ? w.rows.entriesReversed(w.from, undefined, true)
      : w.stop === undefined
        ? w.rows.entriesReversed()
        : w.rows.entriesReversed(w.stop, undefined, true)
  let done = true
  for (const [key, stored] of entries) {
    if (key < w.start) break
    const n = sizeOf(key, stored, w.family, w.now)
    if (n < 0) continue
    keys.push(key)
    rows.push(stored)
    total += n
    if (--w.left === 0) break
    if (keys.length === size) {
      w.from = key
      done = false
      break
    }
  }
  w.done = done
  return materialise(keys, rows, total, w.family, w.now)
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
