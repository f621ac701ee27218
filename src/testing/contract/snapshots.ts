/**
 * Snapshots ('snapshots' capability): a named, point-in-time copy of one table. Names are global;
 * taking a name that exists is `SnapshotExists`; restoring or deleting a missing one is
 * `SnapshotNotFound`; a restore puts the table back exactly as it was (rows added later vanish,
 * deleted rows and old values return) and leaves the snapshot in place.
 */
import * as KR from '../../core/KeyRange.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, del } = H

/** Long before any server time a test can see (as in `markers.ts`). */
const PAST = 1_000

const withSnapshots = (caps: ReadonlySet<string>): boolean => caps.has('snapshots')

export const snapshots: ReadonlyArray<CaseDef> = [
  {
    name: 'restore puts the table back exactly as it was when the snapshot was taken',
    when: withSnapshots,
    run: async ({ store, table, fresh, settle }) => {
      const t = await table()
      const name = fresh('snap')
      await H.right(
        store.mutate([
          put(t, 'a', [cell('f', 'x', '1')]),
          put(t, 'b', [cell('f', 'x', '2'), cell('g', 'y', '3')])
        ]),
        'setup'
      )
      const before = await H.rendered(store, H.scan(t, KR.all))
      await H.right(store.snapshot(t, name), 'snapshot')
      await H.right(
        store.mutate([
          put(t, 'a', [cell('f', 'x', 'changed')]),
          del(t, 'b', 'g'),
          put(t, 'c', [cell('f', 'x', 'new')])
        ]),
        'writes after the snapshot'
      )
      await settle()
      await H.right(store.restoreSnapshot(name), 'restore')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), before, 'table after restore')
      await H.right(store.mutate([put(t, 'd', [cell('f', 'x', 'after')])]), 'write after restore')
      await H.right(store.restoreSnapshot(name), 'restore again')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), before, 'table after a second restore')
      await H.right(store.deleteSnapshot(name), 'delete')
    }
  },
  {
    name: 'a restore brings back delete markers too: a deleted row stays deleted for later older puts',
    when: withSnapshots,
    run: async ({ store, table, fresh, settle }) => {
      const t = await table()
      const name = fresh('snap')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'x', 'old', PAST)])]), 'put')
      await H.right(store.mutate([del(t, 'r')]), 'delete row')
      await settle()
      await H.right(store.snapshot(t, name), 'snapshot of the table holding only the marker')
      await H.right(store.restoreSnapshot(name), 'restore')
      await H.right(
        store.mutate([put(t, 'r', [cell('f', 'x', 'late', PAST + 1)])]),
        'older put after restore'
      )
      H.equal(await H.rendered(store, H.scan(t, KR.all)), [], 'still masked by the restored marker')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'y', 'now')])]), 'put at server time')
      H.equal(await H.rendered(store, H.scan(t, KR.all)), ['r{f:y=now}'], 'a newer put is visible')
      await H.right(store.deleteSnapshot(name), 'delete')
    }
  },
  {
    name: 'snapshotExists follows snapshot and deleteSnapshot',
    when: withSnapshots,
    run: async ({ store, table, fresh }) => {
      const t = await table()
      const name = fresh('snap')
      H.equal(await H.right(store.snapshotExists(name), 'exists before'), false, 'before')
      await H.right(store.snapshot(t, name), 'snapshot')
      H.equal(await H.right(store.snapshotExists(name), 'exists after'), true, 'after')
      await H.right(store.deleteSnapshot(name), 'delete')
      H.equal(await H.right(store.snapshotExists(name), 'exists after delete'), false, 'after delete')
    }
  },
  {
    name: 'snapshot names are global: reusing one, even for another table, is SnapshotExists',
    when: withSnapshots,
    run: async ({ store, table, fresh }) => {
      const t = await table()
      const u = await table()
      const name = fresh('snap')
      await H.right(store.snapshot(t, name), 'snapshot')
      await H.left(store.snapshot(t, name), 'same table', 'SnapshotExists', { name })
      await H.left(store.snapshot(u, name), 'other table', 'SnapshotExists', { name })
      await H.right(store.deleteSnapshot(name), 'delete')
    }
  },
  {
    name: 'restoring or deleting a missing snapshot is SnapshotNotFound; snapshotting a missing table is TableNotFound',
    when: withSnapshots,
    run: async ({ store, fresh, options }) => {
      const name = fresh('nosnap')
      await H.left(store.restoreSnapshot(name), 'restore', 'SnapshotNotFound', { name })
      await H.left(store.deleteSnapshot(name), 'delete', 'SnapshotNotFound', { name })
      const missing = `${options.namespace}:${fresh('missing')}`
      await H.left(store.snapshot(missing, fresh('snap')), 'snapshot', 'TableNotFound', { table: missing })
    }
  }
]
