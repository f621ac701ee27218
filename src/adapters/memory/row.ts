/**
 * One stored row: its columns sorted by (family as UTF-8 bytes, qualifier as unsigned bytes), each
 * with its versions newest first. A stored row is an immutable value: every write builds a new one.
 * That is what makes an O(1) `clone()` of the table's tree a true snapshot, since clones share the
 * row values they point to.
 *
 * Laws (HBase 2.x cell semantics):
 * - versions are ordered by timestamp, not by arrival; a write with the timestamp of an existing
 *   version replaces it (HBase: same key, higher sequence id wins);
 * - at most `maxVersions` versions are kept, so a write older than all of them is dropped;
 * - a delete at time `t` removes every version with a timestamp `≤ t` in its scope; versions newer
 *   than `t` survive (HBase's delete markers mask exactly those);
 * - a stored row never has an empty column, and an empty row is not stored (`undefined`).
 */

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface Version {
  readonly timestamp: number
  /** Owned by the store: copied on the way in and on the way out. */
  readonly value: Uint8Array
}

export interface Column {
  readonly family: string
  /** `family` as a binary string of its UTF-8 bytes: the sort key. */
  readonly familyKey: string
  /** Binary string of the qualifier bytes. */
  readonly qualifier: string
  /** Newest first; never empty. */
  readonly versions: ReadonlyArray<Version>
}

export type StoredRow = ReadonlyArray<Column>

export type Scope =
  | { readonly _tag: 'Row' }
  | { readonly _tag: 'Family'; readonly family: string }
  | { readonly _tag: 'Column'; readonly family: string; readonly qualifier: string }

export interface Write {
  readonly family: string
  readonly familyKey: string
  readonly qualifier: string
  readonly version: Version
  readonly maxVersions: number
}

// -------------------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------------------

const compareColumn = (
  a: Pick<Column, 'familyKey' | 'qualifier'>,
  b: Pick<Column, 'familyKey' | 'qualifier'>
) =>
  a.familyKey < b.familyKey
    ? -1
    : a.familyKey > b.familyKey
      ? 1
      : a.qualifier < b.qualifier
        ? -1
        : a.qualifier > b.qualifier
          ? 1
          : 0

/** Index of the column, or of where it would be inserted (as `-(index) - 1`). */
const search = (row: StoredRow, at: Pick<Column, 'familyKey' | 'qualifier'>): number => {
  let lo = 0
  let hi = row.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = compareColumn(row[mid] as Column, at)
    if (c === 0) return mid
    if (c < 0) lo = mid + 1
    else hi = mid - 1
  }
  return -lo - 1
}

const addVersion = (
  versions: ReadonlyArray<Version>,
  v: Version,
  maxVersions: number
): ReadonlyArray<Version> => {
  const at = versions.findIndex((old) => old.timestamp <= v.timestamp)
  if (at < 0) return versions.length < maxVersions ? [...versions, v] : versions
  const replaces = (versions[at] as Version).timestamp === v.timestamp
  return [...versions.slice(0, at), v, ...versions.slice(replaces ? at + 1 : at)].slice(0, maxVersions)
}

export const put =
  (w: Write) =>
  (row: StoredRow | undefined): StoredRow => {
    const columns = row ?? []
    const at = search(columns, w)
    if (at < 0) {
      const insert = -at - 1
      const column: Column = {
        family: w.family,
        familyKey: w.familyKey,
        qualifier: w.qualifier,
        versions: [w.version]
      }
      return [...columns.slice(0, insert), column, ...columns.slice(insert)]
    }
    const old = columns[at] as Column
    const versions = addVersion(old.versions, w.version, w.maxVersions)
    return versions === old.versions ? columns : columns.map((c, i) => (i === at ? { ...old, versions } : c))
  }

const inScope = (scope: Scope, c: Column): boolean =>
  scope._tag === 'Row' ||
  (c.family === scope.family && (scope._tag === 'Family' || c.qualifier === scope.qualifier))

export const remove =
  (scope: Scope, upTo: number) =>
  (row: StoredRow | undefined): StoredRow | undefined => {
    if (row === undefined) return undefined
    const kept: Array<Column> = []
    for (const c of row) {
      if (!inScope(scope, c)) kept.push(c)
      else {
        const versions = c.versions.filter((v) => v.timestamp > upTo)
        if (versions.length > 0) kept.push(versions.length === c.versions.length ? c : { ...c, versions })
      }
    }
    return kept.length === 0 ? undefined : kept
  }

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

/** Whether a version of a family is still visible (TTL); decided by the table's schema and clock. */
export type Liveness = (family: string, timestamp: number) => boolean

/** The newest live version of each column, optionally of one family only. */
export const newest =
  (live: Liveness, family?: string) =>
  (row: StoredRow | undefined): ReadonlyArray<readonly [Column, Version]> => {
    const out: Array<readonly [Column, Version]> = []
    for (const c of row ?? []) {
      const v = c.versions[0] as Version
      if ((family === undefined || c.family === family) && live(c.family, v.timestamp)) out.push([c, v])
    }
    return out
  }

/** The newest live version of one column. */
export const cell =
  (live: Liveness, at: Pick<Column, 'family' | 'familyKey' | 'qualifier'>) =>
  (row: StoredRow | undefined): Version | undefined => {
    const i = row === undefined ? -1 : search(row, at)
    const v = i < 0 ? undefined : (row?.[i] as Column).versions[0]
    return v !== undefined && live(at.family, v.timestamp) ? v : undefined
  }
