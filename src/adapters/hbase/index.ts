/**
 * `hbase-backup-meta/adapters/hbase`: the `KVStore` over HBase's Thrift2 gateway (`hbase thrift2`,
 * HBase 2.2 or later for the admin calls), with the Apache `thrift` runtime.
 *
 *   const store = hbaseStore({ host: '127.0.0.1', port: 9090 })                 // buffered + binary
 *   const framed = hbaseStore({ host, port, transport: 'framed', protocol: 'compact' })
 */
export { hbaseStore } from './store.js'
export type { HBaseStoreConfig, Protocol, Transport } from './config.js'
