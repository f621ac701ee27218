import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../../src/core/Bytes.js'
import type { DomainError } from '../../../src/core/DomainError.js'
import type { TableName } from '../../../src/core/domain/TableName.js'
import { TableServerTimestampType } from '../../../src/core/proto/schema.js'
import {
  TableServerTimestamp,
  decodeTableServerTimestamp,
  encodeTableServerTimestamp
} from '../../../src/core/proto/TableServerTimestampProto.js'
import { toUint64 } from '../../../src/core/proto/Unsigned.js'
import { tableServerTimestamp } from '../../../src/testing/arbitraries/backupInfo.js'

const raw = (message: object): Uint8Array => new Uint8Array(TableServerTimestampType.encode(message).finish())
const right = <A>(x: E.Either<DomainError, A>): A => {
  if (E.isLeft(x)) throw new Error(`expected Right, got ${JSON.stringify(x.left)}`)
  return x.right
}
const left = <A>(x: E.Either<DomainError, A>): DomainError => {
  if (E.isRight(x)) throw new Error(`expected Left, got ${JSON.stringify(x.right)}`)
  return x.left
}

// §3.3 example: t1 with { rs1:100 → 100 }.
const GOLDEN = [
  '0a 0d 0a 07 64656661756c74 12 02 7431', // 1 table_name { "default", "t1" }
  '12 0b', //                                 2 server_timestamp {
  '0a 07 0a 03 727331 10 64', //                  1 server_name { host_name "rs1", port 100 }
  '10 64' //                                      2 timestamp 100 }
].join(' ')

const t1 = { namespace: B.utf8('default'), qualifier: B.utf8('t1') }

describe('TableServerTimestamp golden bytes (§3.3)', () => {
  it('decodes to exactly its values', () => {
    expect(right(decodeTableServerTimestamp(B.fromHex(GOLDEN)))).toStrictEqual({
      table: 't1',
      servers: { 'rs1:100': 100 }
    })
  })

  it('re-encodes to the same bytes', () => {
    const x = { table: 't1' as TableName, servers: { 'rs1:100': 100 } }
    expect(B.toHex(encodeTableServerTimestamp(x))).toBe(B.toHex(B.fromHex(GOLDEN)))
  })
})

describe('TableServerTimestamp round trip', () => {
  it('generated values pass the codec', () => {
    fc.assert(fc.property(tableServerTimestamp, (x) => TableServerTimestamp.is(x)))
  })

  it('decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(tableServerTimestamp, (x) => {
        expect(right(decodeTableServerTimestamp(encodeTableServerTimestamp(x)))).toStrictEqual(x)
      }),
      { numRuns: 500 }
    )
  })

  it('never writes start_code; ignores it when read', () => {
    const bytes = encodeTableServerTimestamp({ table: 'ns:t' as TableName, servers: { 'h:1': 5 } })
    expect(B.toHex(bytes)).not.toContain('18') // tag of ServerName.start_code (3, varint)
    const withStartCode = raw({
      table_name: t1,
      server_timestamp: [
        {
          server_name: { host_name: 'rs1', port: 100, start_code: toUint64(1_600_000_000_000) },
          timestamp: 7
        }
      ]
    })
    expect(right(decodeTableServerTimestamp(withStartCode))).toStrictEqual({
      table: 't1',
      servers: { 'rs1:100': 7 }
    })
  })
})

describe('TableServerTimestamp errors', () => {
  it('a server without a port', () => {
    const bytes = raw({
      table_name: t1,
      server_timestamp: [{ server_name: { host_name: 'rs1' }, timestamp: 7 }]
    })
    expect(left(decodeTableServerTimestamp(bytes))).toMatchObject({
      _tag: 'Malformed',
      field: 'TableServerTimestamp.server_timestamp.server_name.port'
    })
  })

  it('a server timestamp without a server name, a message without a table', () => {
    expect(
      left(decodeTableServerTimestamp(raw({ table_name: t1, server_timestamp: [{ timestamp: 7 }] })))
    ).toMatchObject({
      _tag: 'Malformed'
    })
    expect(left(decodeTableServerTimestamp(raw({})))).toMatchObject({
      _tag: 'Malformed',
      field: 'TableServerTimestamp.table_name'
    })
  })

  it('an illegal host is InvalidValue', () => {
    const bytes = raw({
      table_name: t1,
      server_timestamp: [{ server_name: { host_name: 'a b', port: 1 }, timestamp: 7 }]
    })
    expect(left(decodeTableServerTimestamp(bytes))).toMatchObject({
      _tag: 'InvalidValue',
      field: 'TableServerTimestamp.server_timestamp.server_name',
      value: 'a b:1'
    })
  })

  it('the codec rejects (does not drop) a key that is not host:port', () => {
    expect(TableServerTimestamp.is({ table: 't1', servers: { 'no-port': 1 } })).toBe(false)
    expect(E.isLeft(TableServerTimestamp.decode({ table: 't1', servers: { 'no-port': 1 } }))).toBe(true)
  })

  it('a timestamp above 2^53 - 1 is OutOfRange naming the field', () => {
    const bytes = raw({
      table_name: t1,
      server_timestamp: [
        {
          server_name: { host_name: 'rs1', port: 100 },
          timestamp: { low: 0, high: 0x20_0000, unsigned: true }
        }
      ]
    })
    expect(left(decodeTableServerTimestamp(bytes))).toMatchObject({
      _tag: 'OutOfRange',
      field: 'TableServerTimestamp.server_timestamp[rs1:100].timestamp',
      value: String(2 ** 53)
    })
  })

  it('truncated bytes are Malformed', () => {
    // named by the innermost field being read when the bytes ran out
    expect(left(decodeTableServerTimestamp(B.fromHex(GOLDEN).subarray(0, 20)))).toMatchObject({
      _tag: 'Malformed',
      field: 'TableServerTimestamp.server_timestamp'
    })
  })

  it('any byte string decodes to Right or Left without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const r = decodeTableServerTimestamp(bytes)
        expect(E.isLeft(r) || TableServerTimestamp.is(r.right)).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })
})
