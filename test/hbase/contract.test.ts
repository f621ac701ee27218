/**
 * The shared KVStore contract against a real HBase through its Thrift2 gateway, once per
 * transport × protocol the global setup provides (buffered+binary, HBase's default, and
 * framed+compact). Cases share the one server: each makes its own tables, and read-only fixtures
 * are written once per suite (`sharedServer`). TTL cases need a controllable clock, which a real
 * server does not have; adapter.test.ts checks TTL with old timestamps instead.
 */
import { describe, inject, it } from 'vitest'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import { kvStoreContract } from '../../src/testing/index.js'

const { endpoints } = inject('hbase')

for (const e of endpoints) {
  describe(`hbase store over ${e.transport}+${e.protocol}: contract`, () => {
    const factory = () => ({
      store: hbaseStore({ host: e.host, port: e.port, transport: e.transport, protocol: e.protocol })
    })
    for (const c of kvStoreContract(factory, ['admin', 'ttl'], { sharedServer: true, propertyRuns: 15 }))
      it(c.name, c.run)
  })
}
