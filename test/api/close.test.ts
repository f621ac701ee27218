import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupSystemTable } from '../../src/index.js'
import type { KVStore } from '../../src/index.js'

const counting = (): { readonly store: KVStore; readonly closes: () => number } => {
  const inner = memoryStore()
  let n = 0
  const store: KVStore = {
    ...inner,
    close: () => {
      n++
      return inner.close()
    }
  }
  return { store, closes: () => n }
}

describe('table.close()', () => {
  it('closes the store it was opened over, once, however often it is called', async () => {
    const { store, closes } = counting()
    const table = await BackupSystemTable.open(store)
    await table.addToBackupSet('nightly', ['t1'])
    expect(closes()).toBe(0)
    await Promise.all([table.close(), table.close()])
    await table.close()
    expect(closes()).toBe(1)
  })

  it('an attached table closes its store too', async () => {
    const { store, closes } = counting()
    const table = BackupSystemTable.attach(store)
    if (table._tag === 'Left') throw new Error('attach failed')
    await table.right.close()
    expect(closes()).toBe(1)
  })
})
