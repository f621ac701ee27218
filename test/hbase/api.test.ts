/**
 * The BackupSystemTable API suite (test/api/apiSuite.ts), unchanged, against a real HBase through
 * its Thrift2 gateway, once per transport × protocol. One connection per endpoint; every case
 * opens its own table. HBase has no snapshot call over Thrift2, so the snapshot cases check the
 * typed `Unsupported` error instead.
 */
import { afterAll, describe, inject } from 'vitest'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { apiSuite } from '../api/apiSuite.js'

const { endpoints } = inject('hbase')

for (const e of endpoints) {
  describe(`over ${e.transport}+${e.protocol}`, () => {
    let store: KVStore | undefined
    const makeStore = (): Promise<KVStore> => {
      store ??= hbaseStore({ host: e.host, port: e.port, transport: e.transport, protocol: e.protocol })
      return Promise.resolve(store)
    }
    afterAll(async () => {
      await store?.close()
    })
    apiSuite(`HBase (${e.transport}+${e.protocol})`, { makeStore, snapshots: false })
  })
}
