/**
 * The wire manifest, without HBase: the adapter's store runs every kind of call it makes against an
 * in-process Thrift server (the generated processor, canned answers) behind a recording proxy; the
 * bytes it sent are decoded schema-free (field id, wire type, nesting; `thriftWire.ts`) and checked
 * against Apache's field ids and types (`hbaseWire.apache.ts`, written from the reference, not from
 * our IDL), for buffered+binary and framed+compact. Then the other direction: Apache-shaped answers
 * carrying fields our IDL does not declare (full family descriptors, `TColumnValue` tags and type,
 * `TResult` stale/partial, `TIOError.canRetry`) go through the generated readers in both protocols.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { createServer, type AddressInfo, type Server } from 'node:net'
import * as thrift from 'thrift'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as G from '../../src/adapters/hbase/gen/index.js'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { rowsOf } from '../../src/port/rowsOf.js'
import { tcpProxy, type Proxy } from '../hbase/proxy.js'
import { METHODS, STRUCTS } from './hbaseWire.apache.js'
import { check, firstMessageLength, messages, shape, type Message } from './thriftWire.js'

const T = 'ns:t'
const buf = (s: string): Buffer => Buffer.from(s)

/** Canned answers: an empty cluster that accepts everything and knows table ns:t with f and g. */
const handler = (): G.THBaseService.IHandler => {
  let namespaces = ['default', 'hbase']
  let tables = new Set<string>()
  const name = (t: G.TTableName) => `${t.ns?.toString() ?? 'default'}:${t.qualifier.toString()}`
  return {
    get: (_t, g) =>
      new G.TResult({
        row: g.row,
        columnValues: [
          new G.TColumnValue({ family: buf('f'), qualifier: buf('q'), value: buf('v'), timestamp: 1 })
        ]
      }),
    putMultiple: () => undefined,
    deleteMultiple: () => [],
    mutateRow: () => undefined,
    checkAndPut: () => true,
    checkAndDelete: () => true,
    checkAndMutate: () => true,
    openScanner: () => 0,
    getScannerRows: () => [
      new G.TResult({
        row: buf('a'),
        columnValues: [new G.TColumnValue({ family: buf('f'), qualifier: buf('q'), value: buf('v') })]
      })
    ],
    closeScanner: () => undefined,
    tableExists: (t) => tables.has(name(t)),
    getTableDescriptor: (t) =>
      new G.TTableDescriptor({
        tableName: t,
        columns: [
          new G.TColumnFamilyDescriptor({ name: buf('f') }),
          new G.TColumnFamilyDescriptor({ name: buf('g') })
        ]
      }),
    createTable: (d) => {
      tables = new Set([...tables, name(d.tableName)])
    },
    disableTable: () => undefined,
    deleteTable: () => undefined,
    createNamespace: (d) => {
      namespaces = [...namespaces, d.name]
    },
    listNamespaces: () => namespaces,
    getThriftServerType: () => G.TThriftServerType.TWO
  }
}

/** Every kind of call the adapter makes, through the port. */
const everyCall = async (store: KVStore): Promise<void> => {
  const ok = async <A>(t: () => Promise<E.Either<unknown, A>>): Promise<A> => {
    const r = await t()
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right
  }
  await ok(store.ensureNamespace('ns'))
  await ok(
    store.ensureTable({
      name: T,
      families: [
        { name: 'f', maxVersions: 3, ttlSeconds: 60 },
        { name: 'g', maxVersions: 1 }
      ]
    })
  )
  await ok(store.tableExists(T))
  await ok(store.get({ _tag: 'Get', table: T, row: B.utf8('r'), family: 'f' }))
  const cell = { family: 'f', qualifier: B.utf8('q'), value: B.utf8('v') }
  await ok(
    store.mutate([
      {
        _tag: 'Put',
        table: T,
        row: B.utf8('p1'),
        cells: [cell, { ...cell, family: 'g', timestamp: 1_700_000_000_000 }]
      },
      { _tag: 'Put', table: T, row: B.utf8('p2'), cells: [cell] },
      { _tag: 'Delete', table: T, row: B.utf8('d1') },
      { _tag: 'Delete', table: T, row: B.utf8('d2'), family: 'f' },
      { _tag: 'Delete', table: T, row: B.utf8('d3'), family: 'g', qualifier: B.utf8('q') },
      { _tag: 'Put', table: T, row: B.utf8('m'), cells: [cell] },
      { _tag: 'Delete', table: T, row: B.utf8('m'), family: 'g' }
    ])
  )
  const put = { _tag: 'Put' as const, table: T, row: B.utf8('c'), cells: [cell] }
  const common = { table: T, row: B.utf8('c'), family: 'f', qualifier: B.utf8('lock') }
  await ok(store.checkAndPut({ _tag: 'CheckAndPut', ...common, expected: O.none, put }))
  await ok(store.checkAndPut({ _tag: 'CheckAndPut', ...common, expected: O.some(B.utf8('x')), put }))
  const del = { _tag: 'Delete' as const, table: T, row: B.utf8('c'), family: 'f', qualifier: B.utf8('lock') }
  await ok(
    store.checkAndDelete({ _tag: 'CheckAndDelete', ...common, expected: O.some(B.utf8('x')), delete: del })
  )
  for (const reverse of [false, true])
    for await (const _ of rowsOf(
      store.scan({
        _tag: 'Scan',
        table: T,
        range: KR.between(B.utf8('a'), B.utf8('b')),
        reverse,
        limit: 5,
        family: 'f'
      })
    ))
      void _
}

const ADAPTER_METHODS = Object.keys(METHODS).sort()

/**
 * A Thrift server of the generated processor, cutting requests out of the stream with the
 * schema-free reader (npm thrift's own server answers only the first request of a buffered
 * connection).
 */
const serve = (h: G.THBaseService.IHandler, framed: boolean, protocol: 'binary' | 'compact'): Server => {
  const P = protocol === 'compact' ? thrift.TCompactProtocol : thrift.TBinaryProtocol
  const processor = new G.THBaseService.Processor(h)
  return createServer((socket) => {
    let pending = Buffer.alloc(0)
    socket.on('error', () => socket.destroy())
    socket.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d])
      for (
        let n = firstMessageLength(pending, framed, protocol);
        n !== undefined;
        n = firstMessageLength(pending, framed, protocol)
      ) {
        const request = pending.subarray(framed ? 4 : 0, n)
        pending = pending.subarray(n)
        const reply = framed
          ? new thrift.TFramedTransport(undefined, (b?: Buffer) => void (b === undefined || socket.write(b)))
          : new thrift.TBufferedTransport(
              undefined,
              (b?: Buffer) => void (b === undefined || socket.write(b))
            )
        processor.process(new P(new thrift.TFramedTransport(Buffer.from(request))), new P(reply))
      }
    })
  })
}

describe.each([
  { transport: 'buffered', protocol: 'binary' },
  { transport: 'framed', protocol: 'compact' }
] as const)('the wire manifest over $transport+$protocol', ({ transport, protocol }) => {
  let server: Server
  let proxy: Proxy
  let sent: ReadonlyArray<Message> = []

  beforeAll(async () => {
    server = serve(handler(), transport === 'framed', protocol)
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
    const port = (server.address() as AddressInfo).port
    proxy = await tcpProxy({ host: '127.0.0.1', port })
    const store = hbaseStore({ host: '127.0.0.1', port: proxy.port, transport, protocol, poolSize: 1 })
    try {
      await everyCall(store)
    } finally {
      await store.close()
    }
    sent = messages(proxy.sent(), transport === 'framed', protocol)
  })
  afterAll(async () => {
    await proxy.close()
    await new Promise<void>((done) => server.close(() => done()))
  })

  it('covers every method the adapter calls', () => {
    expect([...new Set(sent.map((m) => m.name))].sort()).toEqual(ADAPTER_METHODS)
    expect(sent.every((m) => m.type === 1)).toBe(true)
  })

  it("sends only Apache's field ids, with Apache's wire types, at every depth", () => {
    const departures = sent.flatMap((m) => {
      const args = METHODS[m.name]
      if (args === undefined) return [`${m.name}: not an Apache method the adapter is known to call`]
      if (m.body.kind !== 'struct') return [`${m.name}: arguments are not a struct`]
      return m.body.fields.flatMap((f) => {
        const t = args[f.id]
        return t === undefined
          ? [`${m.name}: no argument ${f.id}`]
          : check(f.value, t, STRUCTS, `${m.name}#${f.id}`)
      })
    })
    expect(departures).toEqual([])
  })

  it('checkAndPut with no expected value leaves argument 5 out (Apache: "the column must not exist")', () => {
    const cap = sent.filter((m) => m.name === 'checkAndPut').map((m) => shape(m.body))
    expect(cap).toHaveLength(2)
    expect(cap[0]).not.toMatch(/[{,]5:/)
    expect(cap[1]).toMatch(/[{,]5:binary[,}]/)
  })

  it('sends no TDelete top-level timestamp (Apache ignores it with columns) and a deleteType with every column list', () => {
    const calls = sent.filter((m) => m.name === 'deleteMultiple')
    expect(calls).toHaveLength(1)
    const body = calls[0]?.body
    const list = body?.kind === 'struct' ? body.fields.find((f) => f.id === 2)?.value : undefined
    const deletes = list?.kind === 'list' ? list.items.map(shape) : []
    // a row (the generated default deleteType 1 goes along; Apache ignores it without columns),
    // a family (DELETE_FAMILY), a column (DELETE_COLUMNS); never a top-level timestamp (field 3)
    expect(deletes).toEqual([
      '{1:binary,4:i32}',
      '{1:binary,2:list<{1:binary}>,4:i32}',
      '{1:binary,2:list<{1:binary,2:binary}>,4:i32}'
    ])
  })
})

// -------------------------------------------------------------------------------------------------
// answers with fields our IDL does not declare
// -------------------------------------------------------------------------------------------------

/** A value to write schema-free: what Apache's server would put on the wire. */
type Out =
  | { readonly bool: boolean }
  | { readonly byte: number }
  | { readonly i16: number }
  | { readonly i32: number }
  | { readonly i64: number }
  | { readonly bin: string }
  | { readonly struct: ReadonlyArray<readonly [number, Out]> }
  | { readonly list: ReadonlyArray<Out>; readonly of: thrift.Thrift.Type }
  | {
      readonly map: ReadonlyArray<readonly [Out, Out]>
      readonly k: thrift.Thrift.Type
      readonly v: thrift.Thrift.Type
    }

const Ty = thrift.Thrift.Type
const typeOf = (o: Out): thrift.Thrift.Type =>
  'bool' in o
    ? Ty.BOOL
    : 'byte' in o
      ? Ty.BYTE
      : 'i16' in o
        ? Ty.I16
        : 'i32' in o
          ? Ty.I32
          : 'i64' in o
            ? Ty.I64
            : 'bin' in o
              ? Ty.STRING
              : 'struct' in o
                ? Ty.STRUCT
                : 'list' in o
                  ? Ty.LIST
                  : Ty.MAP

const write = (p: thrift.TProtocol, o: Out): void => {
  if ('bool' in o) p.writeBool(o.bool)
  else if ('byte' in o) p.writeByte(o.byte)
  else if ('i16' in o) p.writeI16(o.i16)
  else if ('i32' in o) p.writeI32(o.i32)
  else if ('i64' in o) p.writeI64(o.i64)
  else if ('bin' in o) p.writeBinary(Buffer.from(o.bin))
  else if ('struct' in o) {
    p.writeStructBegin('s')
    for (const [id, v] of o.struct) {
      p.writeFieldBegin('f', typeOf(v), id)
      write(p, v)
      p.writeFieldEnd()
    }
    p.writeFieldStop()
    p.writeStructEnd()
  } else if ('list' in o) {
    p.writeListBegin(o.of, o.list.length)
    for (const x of o.list) write(p, x)
    p.writeListEnd()
  } else {
    p.writeMapBegin(o.k, o.v, o.map.length)
    for (const [a, b] of o.map) {
      write(p, a)
      write(p, b)
    }
    p.writeMapEnd()
  }
}

type ProtocolClass = new (t: thrift.TTransport) => thrift.TProtocol

const bytesOf = (P: ProtocolClass, o: Out): Buffer => {
  let out = Buffer.alloc(0)
  const t = new thrift.TBufferedTransport(undefined, (b?: Buffer) => {
    if (b !== undefined) out = Buffer.concat([out, b])
  })
  write(new P(t), o)
  t.flush()
  return out
}

const readerOver = (P: ProtocolClass, bytes: Buffer): thrift.TProtocol =>
  new P(new thrift.TFramedTransport(bytes))

const bin = (s: string): Out => ({ bin: s })
const strMap = (entries: ReadonlyArray<readonly [string, string]>): Out => ({
  map: entries.map(([a, b]) => [bin(a), bin(b)] as const),
  k: Ty.STRING,
  v: Ty.STRING
})

/** A family as Apache's getTableDescriptor describes it: every field of TColumnFamilyDescriptor. */
const fullFamily = (name: string, maxVersions: number, ttl: number): Out => ({
  struct: [
    [1, bin(name)],
    [2, strMap([['k', 'v']])],
    [3, strMap([['hbase.hstore.blockingStoreFiles', '16']])],
    [4, { i32: 65_536 }],
    [5, { i32: 1 }],
    [6, { i32: 2 }],
    [7, { i16: 3 }],
    [8, { i32: 0 }],
    [9, { i32: 0 }],
    [10, { i32: maxVersions }],
    [11, { i32: 0 }],
    [12, { i32: 0 }],
    [13, { i32: ttl }],
    [14, { bool: true }],
    [15, { bool: false }],
    [16, { bool: false }],
    [17, { bool: false }],
    [18, { bool: true }],
    [19, { bool: false }],
    [20, { bool: false }]
  ]
})

describe.each([
  ['binary', thrift.TBinaryProtocol],
  ['compact', thrift.TCompactProtocol]
] as const)("Apache's answers through the generated readers (%s)", (_, P) => {
  it('a full table descriptor: families with every field, table attributes and durability', () => {
    const d = G.TTableDescriptor.read(
      readerOver(
        P,
        bytesOf(P, {
          struct: [
            [
              1,
              {
                struct: [
                  [1, bin('ns')],
                  [2, bin('t')]
                ]
              }
            ],
            [2, { list: [fullFamily('f', 3, 60), fullFamily('g', 1, 2_147_483_647)], of: Ty.STRUCT }],
            [3, strMap([['OWNER', 'hbase']])],
            [4, { i32: 0 }]
          ]
        })
      )
    )
    expect(d.tableName.qualifier.toString()).toBe('t')
    expect((d.columns ?? []).map((c) => [c.name.toString(), c.maxVersions, c.timeToLive])).toEqual([
      ['f', 3, 60],
      ['g', 1, 2_147_483_647]
    ])
  })

  it('a result with TColumnValue tags and type, and stale/partial flags', () => {
    const r = G.TResult.read(
      readerOver(
        P,
        bytesOf(P, {
          struct: [
            [1, bin('row')],
            [
              2,
              {
                list: [
                  {
                    struct: [
                      [1, bin('f')],
                      [2, bin('q')],
                      [3, bin('value')],
                      [4, { i64: 1_700_000_000_123 }],
                      [5, bin('\u0001tag')],
                      [6, { byte: 4 }]
                    ]
                  }
                ],
                of: Ty.STRUCT
              }
            ],
            [3, { bool: false }],
            [4, { bool: true }]
          ]
        })
      )
    )
    expect(r.row?.toString()).toBe('row')
    expect(
      r.columnValues.map((c) => [
        c.family.toString(),
        c.qualifier.toString(),
        c.value.toString(),
        c.timestamp?.toNumber()
      ])
    ).toEqual([['f', 'q', 'value', 1_700_000_000_123]])
  })

  it('a TIOError with canRetry', () => {
    const e = G.TIOError.read(
      readerOver(
        P,
        bytesOf(P, {
          struct: [
            [1, bin('java.io.IOException: x')],
            [2, { bool: true }]
          ]
        })
      )
    )
    expect(e.message).toBe('java.io.IOException: x')
  })
})
