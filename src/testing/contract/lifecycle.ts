/**
 * Capabilities, administration and the end of a store's life: a store declares exactly the
 * capabilities the suite is told about; a missing capability answers `Unsupported` (never a silent
 * no-op); `ensureTable` is idempotent and leaves an existing table alone; after `close()` every
 * call answers `Unavailable` and a scan rejects with it.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as KR from '../../core/KeyRange.js'
import type { Capability } from '../../port/StoreError.js'
import type { CaseDef } from './harness.js'
import * as H from './harness.js'

const { cell, put, get } = H

const without =
  (c: Capability) =>
  (caps: ReadonlySet<Capability>): boolean =>
    !caps.has(c)

export const lifecycle = (declared: ReadonlyArray<Capability>): ReadonlyArray<CaseDef> => [
  {
    name: 'the store declares exactly the expected capabilities',
    run: ({ store }) => {
      H.equal([...store.capabilities].sort(), [...declared].sort(), 'capabilities')
      return Promise.resolve()
    }
  },
  {
    name: 'ensureTable is idempotent and keeps an existing table and its rows; tableExists follows it',
    when: (caps) => caps.has('admin'),
    run: async ({ store, fresh, options }) => {
      const t = `${options.namespace}:${fresh('admin')}`
      H.equal(await H.right(store.tableExists(t), 'tableExists before'), false, 'before')
      const spec = { name: t, families: [{ name: 'f', maxVersions: 1 }] }
      await H.right(store.ensureNamespace(options.namespace), 'ensureNamespace')
      await H.right(store.ensureNamespace(options.namespace), 'ensureNamespace again')
      await H.right(store.ensureTable(spec), 'ensureTable')
      H.equal(await H.right(store.tableExists(t), 'tableExists after'), true, 'after')
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', '1')])]), 'put')
      await H.right(
        store.ensureTable({ name: t, families: [{ name: 'other', maxVersions: 1 }] }),
        'ensureTable again'
      )
      H.equal(await H.readRow(store, get(t, 'r')), 'r{f:a=1}', 'rows kept')
      await H.left(
        store.mutate([put(t, 'r', [cell('other', 'a', '1')])]),
        'the spec of the second call is ignored',
        'InvalidRequest',
        {
          field: 'family'
        }
      )
    }
  },
  {
    name: 'ensureTable in a missing namespace is InvalidRequest naming the namespace',
    when: (caps) => caps.has('admin'),
    run: async ({ store, fresh }) => {
      const ns = fresh('ns').replace(/[^A-Za-z0-9_]/g, '_')
      await H.left(
        store.ensureTable({ name: `${ns}:t`, families: [{ name: 'f', maxVersions: 1 }] }),
        'ensureTable',
        'InvalidRequest',
        { field: 'namespace', value: ns }
      )
    }
  },
  {
    name: "without 'snapshots', every snapshot call is Unsupported",
    when: without('snapshots'),
    run: async ({ store, table, fresh }) => {
      const t = await table()
      const name = fresh('snap')
      const u = { capability: 'snapshots' }
      await H.left(store.snapshot(t, name), 'snapshot', 'Unsupported', u)
      await H.left(store.restoreSnapshot(name), 'restoreSnapshot', 'Unsupported', u)
      await H.left(store.deleteSnapshot(name), 'deleteSnapshot', 'Unsupported', u)
      await H.left(store.snapshotExists(name), 'snapshotExists', 'Unsupported', u)
    }
  },
  {
    name: "without 'ttl', a family with a TTL is Unsupported",
    when: (caps) => caps.has('admin') && !caps.has('ttl'),
    run: async ({ store, fresh, options }) => {
      await H.right(store.ensureNamespace(options.namespace), 'ensureNamespace')
      const spec = {
        name: `${options.namespace}:${fresh('ttl')}`,
        families: [{ name: 'f', maxVersions: 1, ttlSeconds: 60 }]
      }
      await H.left(store.ensureTable(spec), 'ensureTable', 'Unsupported', { capability: 'ttl' })
    }
  },
  {
    name: "without 'admin', namespace and table administration is Unsupported",
    when: without('admin'),
    run: async ({ store, fresh, options }) => {
      const u = { capability: 'admin' }
      const t = `${options.namespace}:${fresh('t')}`
      await H.left(store.ensureNamespace(options.namespace), 'ensureNamespace', 'Unsupported', u)
      await H.left(
        store.ensureTable({ name: t, families: [{ name: 'f', maxVersions: 1 }] }),
        'ensureTable',
        'Unsupported',
        u
      )
      await H.left(store.tableExists(t), 'tableExists', 'Unsupported', u)
    }
  },
  {
    name: 'after close every call is Unavailable and a scan rejects with it; closing twice is fine',
    run: async ({ store, table }) => {
      const t = await table()
      await H.right(store.mutate([put(t, 'r', [cell('f', 'a', '1')])]), 'put')
      await store.close()
      await store.close()
      await H.left(store.get(get(t, 'r')), 'get', 'Unavailable')
      await H.left(store.mutate([put(t, 'r', [cell('f', 'a', '2')])]), 'mutate', 'Unavailable')
      await H.left(
        store.checkAndPut(H.checkAndPut(put(t, 'r', [cell('f', 'a', '3')]), 'f', 'a', O.none)),
        'checkAndPut',
        'Unavailable'
      )
      H.expectError(await H.scanError(store, H.scan(t, KR.all), 'scan'), 'scan', 'Unavailable')
    }
  }
]
