/**
 * One stored row: its entries sorted by (family as UTF-8 bytes, qualifier as unsigned bytes), as
 * HBase keeps cells, delete markers included. A stored row is an immutable value: every write
 * builds a new one, which is what makes an O(1) `clone()` of the table's tree a true snapshot
 * (clones share the row values they point to).
 *
 * Compact on purpose (a small row, 19-byte key and one 64-byte cell, costs under 300 heap bytes):
 * bytes are binary strings (see `keys.ts`: a string costs 16 bytes of header, a small `Uint8Array`
 * over 200), a column's newest version sits in the entry itself, older ones only when the family
 * keeps more than one, and one entry class serves columns and markers, so reads stay monomorphic.
 *
 * Delete markers, as HBase 2.x has them (until a major compaction, which this store never runs):
 * - a family marker at `t` hides every version of the family with timestamp `≤ t`, including
 *   versions written *later* with an explicit timestamp `≤ t`; a row delete places one on every
 *   family of the table (HBase's `prepareDelete`);
 * - a column marker (delete of all versions) at `t` does the same for one column;
 * - versions are ordered by timestamp, not by arrival; a write with the timestamp of an existing
 *   version replaces it (HBase: same key, higher sequence id wins); at most `maxVersions` visible
 *   versions are kept, so a write older than all of them is dropped.
 * Masked versions are dropped when the delete is applied or the put arrives, which reads the same
 * as HBase masking them at read time, since a marker never moves back. A row whose entries are all
 * markers stays stored (a tombstone, as in HBase) and reads as absent.
 */
import type * as C from './catalog.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface Version {
  readonly timestamp: number
  /** Binary string of the value bytes. */
  readonly value: string
}

/**
 * A column (`qualifier` a string), or a family marker (`qualifier` undefined, sorted before the
 * family's columns). `value` undefined: no version is stored (a marker, or a column whose versions
 * a column delete removed). `mask`: the newest delete marker's timestamp, −1 for none.
 */
export interface Entry {
  readonly family: C.FamilySchema
  readonly qualifier: string | undefined
  readonly timestamp: number
  readonly value: string | undefined
  /** Older versions, newest first; only for families keeping more than one. */
  readonly older: ReadonlyArray<Version> | undefined
  readonly mask: number
}

export type StoredRow = ReadonlyArray<Entry>

export type Scope =
  | { readonly _tag: 'Row' }
  | { readonly _tag: 'Family'; readonly family: C.FamilySchema }
  | { readonly _tag: 'Column'; readonly family: C.FamilySchema; readonly qualifier: string }

const NO_MASK = -1

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

const entry = (
  family: C.FamilySchema,
  qualifier: string | undefined,
  timestamp: number,
  value: string | undefined,
  older: ReadonlyArray<Version> | undefined,
  mask: number
): Entry => ({ family, qualifier, timestamp, value, older, mask })

// -------------------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------------------

/** Order of (family key, qualifier), a family marker (`undefined`) first in its family. */
const compareAt = (e: Entry, familyKey: string, qualifier: string | undefined): number => {
  const fk = e.family.key
  if (fk !== familyKey) return fk < familyKey ? -1 : 1
  const q = e.qualifier
  if (q === qualifier) return 0
  if (q === undefined) return -1
  if (qualifier === undefined) return 1
  return q < qualifier ? -1 : 1
}

/** Index of the entry, or of where it would be inserted (as `-(index) - 1`). */
const search = (row: StoredRow, familyKey: string, qualifier: string | undefined): number => {
  let lo = 0
  let hi = row.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = compareAt(row[mid] as Entry, familyKey, qualifier)
    if (c === 0) return mid
    if (c < 0) lo = mid + 1
    else hi = mid - 1
  }
  return -lo - 1
}

/** The family marker's timestamp in `row`, −1 for none. */
const familyMask = (row: StoredRow, family: C.FamilySchema): number => {
  const i = search(row, family.key, undefined)
  return i < 0 ? NO_MASK : (row[i] as Entry).mask
}

const replaced = (row: StoredRow, at: number, e: Entry): StoredRow => {
  const out = row.slice()
  out[at] = e
  return out
}

const inserted = (row: StoredRow, at: number, e: Entry): StoredRow => {
  const n = row.length
  const out = new Array<Entry>(n + 1)
  for (let i = 0; i < at; i++) out[i] = row[i] as Entry
  out[at] = e
  for (let i = at; i < n; i++) out[i + 1] = row[i] as Entry
  return out
}

/** `old` with the version (timestamp, value) added, or `old` itself when it is not kept. */
const withVersion = (old: Entry, timestamp: number, value: string): Entry => {
  const max = old.family.maxVersions
  if (old.value === undefined) return entry(old.family, old.qualifier, timestamp, value, undefined, old.mask)
  if (timestamp >= old.timestamp) {
    if (timestamp === old.timestamp || max === 1)
      return entry(old.family, old.qualifier, timestamp, value, old.older, old.mask)
    const older: Array<Version> = [{ timestamp: old.timestamp, value: old.value }]
    for (const v of old.older ?? []) if (older.length < max - 1) older.push(v)
    return entry(old.family, old.qualifier, timestamp, value, older, old.mask)
  }
  // older than the newest: a place among `older`, if the family keeps that many
  const versions = old.older ?? []
  let at = 0
  while (at < versions.length && (versions[at] as Version).timestamp > timestamp) at++
  if (at >= max - 1) return old
  const same = at < versions.length && (versions[at] as Version).timestamp === timestamp
  const older = [...versions.slice(0, at), { timestamp, value }, ...versions.slice(same ? at + 1 : at)]
  if (older.length > max - 1) older.length = max - 1
  return entry(old.family, old.qualifier, old.timestamp, old.value, older, old.mask)
}

/** The row with one version written, or `row` itself when a marker masks it or it is too old. */
export const put = (
  row: StoredRow | undefined,
  family: C.FamilySchema,
  qualifier: string,
  timestamp: number,
  value: string
): StoredRow => {
  if (row === undefined) return [entry(family, qualifier, timestamp, value, undefined, NO_MASK)]
  const at = search(row, family.key, qualifier)
  if (at < 0) {
    if (timestamp <= familyMask(row, family)) return row
    return inserted(row, -at - 1, entry(family, qualifier, timestamp, value, undefined, NO_MASK))
  }
  const old = row[at] as Entry
  if (timestamp <= old.mask || timestamp <= familyMask(row, family)) return row
  const next = withVersion(old, timestamp, value)
  return next === old ? row : replaced(row, at, next)
}

/** The versions of `e` newer than `upTo`, with the marker raised to `upTo`; markers stay. */
const masked = (e: Entry, upTo: number): Entry => {
  const mask = Math.max(e.mask, upTo)
  if (e.value === undefined || e.timestamp <= upTo)
    return entry(e.family, e.qualifier, 0, undefined, undefined, mask)
  let older: Array<Version> | undefined
  for (const v of e.older ?? []) if (v.timestamp > upTo) (older ??= []).push(v)
  return entry(e.family, e.qualifier, e.timestamp, e.value, older, mask)
}

/** Removes the versions `≤ upTo` of the family's columns and places the family's marker. */
const removeFamily = (row: StoredRow, family: C.FamilySchema, upTo: number): StoredRow => {
  const out: Array<Entry> = []
  let marked = false
  for (const e of row) {
    if (e.family !== family) {
      if (!marked && e.family.key > family.key) {
        out.push(entry(family, undefined, 0, undefined, undefined, upTo))
        marked = true
      }
      out.push(e)
    } else if (e.qualifier === undefined) {
      out.push(entry(family, undefined, 0, undefined, undefined, Math.max(e.mask, upTo)))
      marked = true
    } else if (e.value !== undefined && e.timestamp > upTo) out.push(masked(e, upTo))
    else if (e.mask > upTo) out.push(masked(e, upTo))
    // else: every version is masked and the family marker covers the column's own marker
  }
  if (!marked) out.push(entry(family, undefined, 0, undefined, undefined, upTo))
  return out
}

/** The row after a delete at `upTo`: versions `≤ upTo` in scope gone, a marker in their place. */
export const remove = (
  row: StoredRow | undefined,
  scope: Scope,
  upTo: number,
  families: Iterable<C.FamilySchema>
): StoredRow => {
  let out: StoredRow = row ?? []
  switch (scope._tag) {
    case 'Row':
      for (const f of families) out = removeFamily(out, f, upTo)
      return out
    case 'Family':
      return removeFamily(out, scope.family, upTo)
    case 'Column': {
      const at = search(out, scope.family.key, scope.qualifier)
      if (at >= 0) return replaced(out, at, masked(out[at] as Entry, upTo))
      return inserted(out, -at - 1, entry(scope.family, scope.qualifier, 0, undefined, undefined, upTo))
    }
  }
}

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

/** The newest live version of one column, or `undefined`. `now` against the family's TTL. */
export const cell = (
  row: StoredRow | undefined,
  family: C.FamilySchema,
  qualifier: string,
  now: number
): { readonly timestamp: number; readonly value: string } | undefined => {
  if (row === undefined) return undefined
  const i = search(row, family.key, qualifier)
  if (i < 0) return undefined
  const e = row[i] as Entry
  return e.value !== undefined && live(e, now) ? { timestamp: e.timestamp, value: e.value } : undefined
}

/** Whether an entry's newest version is still visible (HBase's `oldestUnexpiredTS`). */
/** Does the row hold any version (not only delete markers)? TTL aside, can a read return it? */
export const holdsVersion = (row: StoredRow): boolean => {
  for (let i = 0; i < row.length; i++) if ((row[i] as Entry).value !== undefined) return true
  return false
}

export const live = (e: Entry, now: number): boolean => {
  const ttl = e.family.ttlMs
  return ttl === undefined || e.timestamp >= now - ttl
}
