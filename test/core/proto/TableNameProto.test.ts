import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../../src/core/Bytes.js'
import type { TableName } from '../../../src/core/domain/TableName.js'
import { TableNameType } from '../../../src/core/proto/schema.js'
import { readTableName, writeTableName } from '../../../src/core/proto/TableNameProto.js'
import * as R from '../../../src/core/proto/WireReader.js'
import * as W from '../../../src/core/proto/WireWriter.js'
import { tableName } from '../../../src/testing/arbitraries/backupInfo.js'

/** A message whose field 1 is the TableName, as BackupTableInfo and TableServerTimestamp hold it. */
const holder = (t: TableName): Uint8Array => {
  const w = W.writer(4)
  writeTableName(w, 1, t)
  return W.finish(w)
}
/** The same holder around a TableName message protobufjs wrote from raw parts. */
const holderOf = (message: object): Uint8Array => {
  const inner = TableNameType.encode(message).finish()
  return Uint8Array.from([0x0a, inner.length, ...inner])
}
const from = R.decodeWith('f', (c) => {
  R.tag(c, 'f')
  return readTableName(c, 'f')
})
const msg = (namespace: string, qualifier: string) => ({
  namespace: B.utf8(namespace),
  qualifier: B.utf8(qualifier)
})

describe('TableNameProto', () => {
  it('writes the namespace explicitly, as protobufjs would write the message', () => {
    expect(B.toHex(holder('t1' as TableName))).toBe(B.toHex(holderOf(msg('default', 't1'))))
    expect(B.toHex(holder('ns:t1' as TableName))).toBe(B.toHex(holderOf(msg('ns', 't1'))))
  })

  it('read(write(t)) = t', () => {
    fc.assert(
      fc.property(tableName, (t) => {
        expect(from(holder(t))).toStrictEqual(E.right(t))
      })
    )
  })

  it('reads namespace "default" as the short form', () => {
    expect(from(holderOf(msg('default', 't1')))).toStrictEqual(E.right('t1'))
  })

  it('does not let a ":" in a part move the namespace boundary', () => {
    expect(from(holderOf(msg('default', 'ns:t')))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'InvalidValue', field: 'f' }
    })
    expect(from(holderOf(msg('a:b', 't')))).toMatchObject({ _tag: 'Left', left: { _tag: 'InvalidValue' } })
  })

  it('rejects non-UTF-8 parts and a missing part', () => {
    expect(from(holderOf({ namespace: B.utf8('ns'), qualifier: Uint8Array.of(0xc3) }))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'InvalidValue', value: '\\xC3' }
    })
    expect(from(B.fromHex('0a 04 0a 02 6e73'))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'Malformed', field: 'f' }
    })
  })

  it('is as strict as a top-level message: a part with the wrong wire type is Malformed, not skipped', () => {
    // qualifier (2) as a varint
    expect(from(B.fromHex('0a 06 0a 02 6e73 10 01'))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'Malformed', field: 'f.qualifier' }
    })
  })

  it('a part that runs past the nested message is Malformed', () => {
    // the TableName claims 4 bytes but its qualifier claims 5
    expect(from(B.fromHex('0a 04 12 05 7431 0000 00'))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'Malformed' }
    })
  })
})
