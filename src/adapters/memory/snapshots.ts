/**
 * Snapshots: a named, point-in-time copy of one table, schema included. Taking one is an O(1)
 * `clone()` of the table's B+ tree (copy-on-write: the live table copies a node the first time it
 * writes to it after the clone), restoring one is another clone, so both cost the same for an
 * empty table and for a million rows.
 *
 * Laws, as HBase's admin API has them: names are global and checked like table qualifiers (by the
 * port); taking a
 * name that exists is `SnapshotExists`; restoring or deleting a missing name is `SnapshotNotFound`;
 * `restore` puts the table back exactly as it was when the snapshot was taken, and the snapshot
 * stays, so it can be restored again.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { StoreError } from '../../port/StoreError.js'
import { snapshotExists, snapshotNotFound } from '../../port/StoreError.js'
import * as C from './catalog.js'

// -------------------------------------------------------------------------------------------------
// effects
// -------------------------------------------------------------------------------------------------

export const take =
  (catalog: C.Catalog) =>
  (table: string, name: string): E.Either<StoreError, void> =>
    pipe(
      C.table(catalog)(table),
      E.filterOrElse(
        () => !catalog.snapshots.has(name),
        () => snapshotExists(name)
      ),
      E.map((t) => {
        catalog.snapshots.set(name, {
          table: t.schema.name.canonical,
          schema: t.schema,
          rows: t.rows.clone(),
          tombstones: t.tombstones.clone()
        })
      })
    )

export const restore =
  (catalog: C.Catalog) =>
  (name: string): E.Either<StoreError, void> =>
    pipe(
      E.fromNullable(snapshotNotFound(name))(catalog.snapshots.get(name)),
      E.map((s) => {
        const live = catalog.tables.get(s.table)
        if (live === undefined)
          catalog.tables.set(s.table, {
            schema: s.schema,
            rows: s.rows.clone(),
            tombstones: s.tombstones.clone()
          })
        else {
          live.schema = s.schema
          live.rows = s.rows.clone()
          live.tombstones = s.tombstones.clone()
        }
      })
    )

export const remove =
  (catalog: C.Catalog) =>
  (name: string): E.Either<StoreError, void> =>
    catalog.snapshots.delete(name) ? E.right(undefined) : E.left(snapshotNotFound(name))
