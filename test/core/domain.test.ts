import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { BackupId, BackupRoot, BackupSetName, ServerName } from '../../src/core/domain/Identifiers.js'
import { TableName, namespaceOf, qualifierOf } from '../../src/core/domain/TableName.js'
import { validate } from '../../src/core/domain/validate.js'
import * as A from '../../src/testing/arbitraries/domain.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- codecs of different branded types
type Case = readonly [string, t.Type<any, string, unknown>, fc.Arbitrary<string>, fc.Arbitrary<string>]
const codecs: ReadonlyArray<Case> = [
  ['tableName', TableName, A.tableName, A.invalidTableName],
  ['backupId', BackupId, A.backupId, A.invalidBackupId],
  ['backupRoot', BackupRoot, A.backupRoot, A.invalidBackupRoot],
  ['serverName', ServerName, A.serverName, A.invalidServerName],
  ['backupSetName', BackupSetName, A.backupSetName, A.invalidBackupSetName]
]

describe.each(codecs)('%s', (field, codec, valid, invalid) => {
  it('accepts every valid value unchanged', () => {
    fc.assert(
      fc.property(valid, (v) => {
        expect(validate(codec, field)(v)).toEqual(E.right(v))
      })
    )
  })

  it('rejects every invalid value with an error naming the field and the value', () => {
    fc.assert(
      fc.property(invalid, (v) => {
        const r = validate(codec, field)(v)
        expect(E.isLeft(r)).toBe(true)
        if (E.isLeft(r)) {
          expect(r.left).toMatchObject({ _tag: 'InvalidValue', field, value: v })
          expect(r.left.reason.length).toBeGreaterThan(0)
        }
      })
    )
  })

  it('rejects non-strings', () => {
    for (const v of [undefined, null, 42, {}, []]) expect(E.isLeft(validate(codec, field)(v))).toBe(true)
  })
})

describe('TableName', () => {
  it('keeps the form getNameAsString() prints and normalises default:', () => {
    expect(validate(TableName)('default:t1')).toEqual(E.right('t1'))
    expect(validate(TableName)('ns:t1')).toEqual(E.right('ns:t1'))
    const t = validate(TableName)('ns:t1')
    if (E.isRight(t)) {
      expect(namespaceOf(t.right)).toBe('ns')
      expect(qualifierOf(t.right)).toBe('t1')
    }
  })
})
