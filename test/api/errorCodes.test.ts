import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BackupSystemTable, BackupMetaError, errorCodes } from '../../src/index.js'
import { memoryStore } from '../../src/adapters/memory/index.js'

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')

describe('error codes', () => {
  it('docs/errors.md lists exactly the codes of the table, one row per tag', () => {
    const rows = [...doc.matchAll(/^\| `(HBM_\w+)` \| `(\w+)` \|/gm)].map((m) => [m[2], m[1]])
    expect(Object.fromEntries(rows)).toEqual(errorCodes)
    expect(rows).toHaveLength(Object.keys(errorCodes).length)
    expect(new Set(Object.values(errorCodes)).size).toBe(Object.keys(errorCodes).length)
  })

  it('a rejection carries the code of its tag', async () => {
    const table = await BackupSystemTable.open(memoryStore())
    const bad = await table.addToBackupSet('a,b', ['t1']).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(BackupMetaError)
    expect(bad).toMatchObject({ code: 'HBM_INVALID_VALUE', _tag: 'InvalidValue' })
    await table.startBackupExclusiveOperation()
    const held = await table.startBackupExclusiveOperation().catch((e: unknown) => e)
    expect(held).toMatchObject({ code: 'HBM_EXCLUSIVE_OPERATION' })
  })
})
