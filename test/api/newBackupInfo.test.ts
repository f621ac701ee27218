import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { backupInfoOf } from '../../src/core/domain/newBackupInfo.js'
import { BackupInfo, BackupMetaError, BackupSystemTable, newBackupInfo } from '../../src/index.js'

const base = {
  backupId: 'backup_1700000000123',
  type: 'FULL',
  backupRootDir: 'hdfs://nn/backup',
  tables: ['orders', 'sales:invoices']
}

const messageOf = (input: Parameters<typeof newBackupInfo>[0]): string => {
  try {
    newBackupInfo(input)
  } catch (e) {
    if (e instanceof BackupMetaError) return `${e.code}: ${e.message}`
    throw e
  }
  throw new Error('accepted')
}

describe('newBackupInfo', () => {
  it("fills Java's defaults: phase REQUEST, progress 0, workers and bandwidth -1, startTs from the id", () => {
    expect(newBackupInfo(base)).toEqual({
      backupId: 'backup_1700000000123',
      type: 'FULL',
      backupRootDir: 'hdfs://nn/backup',
      phase: 'REQUEST',
      tables: [{ table: 'orders' }, { table: 'sales:invoices' }],
      startTs: 1700000000123,
      completeTs: 0,
      progress: 0,
      workers: -1,
      bandwidth: -1
    })
    const given = newBackupInfo({ ...base, startTs: 5, workers: 4, bandwidth: 100, state: 'RUNNING' })
    expect([given.startTs, given.workers, given.bandwidth, given.state]).toEqual([5, 4, 100, 'RUNNING'])
  })

  it('is a valid BackupInfo that round-trips through a table', async () => {
    const table = await BackupSystemTable.open(memoryStore())
    const info = newBackupInfo({ ...base, state: 'RUNNING' })
    expect(BackupInfo.is(info)).toBe(true)
    await table.updateBackupInfo(info)
    expect(await table.readBackupInfo(info.backupId)).toEqual(info)
    await table.close()
  })

  it('names the field and lists the allowed values of an enum', () => {
    expect(messageOf({ ...base, phase: 'x' })).toBe(
      'HBM_INVALID_VALUE: invalid backupInfo.phase "x": expected one of REQUEST, SNAPSHOT, PREPARE_INCREMENTAL, SNAPSHOTCOPY, INCREMENTAL_COPY, STORE_MANIFEST'
    )
    expect(messageOf({ ...base, type: 'full' })).toBe(
      'HBM_INVALID_VALUE: invalid backupInfo.type "full": expected one of FULL, INCREMENTAL'
    )
    expect(messageOf({ ...base, state: 'DONE' })).toMatch(
      /backupInfo\.state "DONE": expected one of RUNNING, COMPLETE, FAILED, CANCELLED$/
    )
    expect(messageOf({ ...base, backupId: 'b1' })).toMatch(
      /^HBM_INVALID_VALUE: invalid backupInfo\.backupId "b1"/
    )
    expect(messageOf({ ...base, tables: ['bad table'] })).toMatch(/backupInfo\.tables\.0\.table "bad table"/)
    expect(messageOf({ ...base, workers: -2 })).toMatch(/backupInfo\.workers/)
  })

  it('any id backup_<safe ms> gives that startTs; the Either form agrees with the throwing one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (ms) => {
        const input = { ...base, backupId: `backup_${ms}` }
        const e = backupInfoOf(input)
        expect(e._tag === 'Right' && e.right.startTs).toBe(ms)
        expect(newBackupInfo(input)).toEqual(e._tag === 'Right' ? e.right : undefined)
      })
    )
  })
})
