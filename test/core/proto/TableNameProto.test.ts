import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../../src/core/Bytes.js'
import type { TableName } from '../../../src/core/domain/TableName.js'
import { tableNameFromMessage, tableNameToMessage } from '../../../src/core/proto/TableNameProto.js'
import { tableName } from '../../../src/testing/arbitraries/backupInfo.js'

const from = tableNameFromMessage('f')
const msg = (namespace: string, qualifier: string) => ({
  namespace: B.utf8(namespace),
  qualifier: B.utf8(qualifier)
})

describe('TableNameProto', () => {
  it('writes the namespace explicitly', () => {
    expect(tableNameToMessage('t1' as TableName)).toStrictEqual(msg('default', 't1'))
    expect(tableNameToMessage('ns:t1' as TableName)).toStrictEqual(msg('ns', 't1'))
  })

  it('fromMessage(toMessage(t)) = t', () => {
    fc.assert(
      fc.property(tableName, (t) => {
        expect(from(tableNameToMessage(t))).toStrictEqual(E.right(t))
      })
    )
  })

  it('reads namespace "default" as the short form', () => {
    expect(from(msg('default', 't1'))).toStrictEqual(E.right('t1'))
  })

  it('does not let a ":" in a part move the namespace boundary', () => {
    expect(from(msg('default', 'ns:t'))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'InvalidValue', field: 'f' }
    })
    expect(from(msg('a:b', 't'))).toMatchObject({ _tag: 'Left', left: { _tag: 'InvalidValue' } })
  })

  it('rejects non-UTF-8 parts and a missing message', () => {
    expect(from({ namespace: B.utf8('ns'), qualifier: Uint8Array.of(0xc3) })).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'InvalidValue', value: '\\xC3' }
    })
    expect(from(undefined)).toMatchObject({ _tag: 'Left', left: { _tag: 'Malformed', field: 'f' } })
  })
})
