/**
 * The BackupSystemTable API tests, written once and run against every store: the memory store in
 * `memory.test.ts`, the real HBase in `test/hbase/api.test.ts`. Each case opens its own table
 * (unique name), so cases may share one server.
 */
import { describe, expect, it } from 'vitest'
import type { BackupInfoInput } from '../../src/api/methods.js'
import type { BackupSystemTable as Table, OpenOptions } from '../../src/api/BackupSystemTable.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as H from '../../src/core/History.js'
import type { KVStore } from '../../src/port/KVStore.js'

export interface SuiteOptions {
  readonly makeStore: () => Promise<KVStore>
  /** Whether the store has system-table snapshots. */
  readonly snapshots: boolean
}

let counter = 0
const uniqueName = (): string => `backup:sys_${Date.now().toString(36)}_${(counter++).toString(36)}`

export const info = (
  id: number,
  extra: Partial<BackupInfoInput> & { readonly tableNames?: ReadonlyArray<string> } = {}
): BackupInfoInput => {
  const { tableNames, ...rest } = extra
  return {
    backupId: `backup_${id}`,
    type: 'FULL',
    backupRootDir: '/backup',
    phase: 'REQUEST',
    state: 'COMPLETE',
    tables: (tableNames ?? ['t1']).map((table) => ({ table })),
    startTs: id,
    completeTs: id + 1,
    progress: 100,
    workers: -1,
    bandwidth: -1,
    ...rest
  }
}

/** Awaits a rejection and returns its tagged error. */
export const failure = async (p: Promise<unknown>): Promise<{ _tag: string } & Record<string, unknown>> => {
  try {
    await p
  } catch (e) {
    return (e as { error: { _tag: string } & Record<string, unknown> }).error
  }
  throw new Error('expected the call to fail')
}

export const apiSuite = (name: string, o: SuiteOptions): void => {
  const open = async (options: OpenOptions = {}): Promise<Table> =>
    BackupSystemTable.open(await o.makeStore(), { tableName: uniqueName(), ...options })

  describe(`BackupSystemTable on ${name}`, () => {
    describe('sessions', () => {
      it('writes, reads and deletes a BackupInfo', async () => {
        const t = await open()
        expect(await t.readBackupInfo('backup_1')).toBeUndefined()
        await t.updateBackupInfo(info(1, { tableNames: ['t1', 'ns:t2'], failedMessage: 'x' }))
        expect(await t.readBackupInfo('backup_1')).toEqual(
          info(1, { tableNames: ['t1', 'ns:t2'], failedMessage: 'x' })
        )
        await t.deleteBackupInfo('backup_1')
        expect(await t.readBackupInfo('backup_1')).toBeUndefined()
        expect(await t.hasBackupSessions()).toBe(false)
      })

      it('rejects an invalid BackupInfo, naming the field, and writes nothing', async () => {
        const t = await open()
        const e = await failure(t.updateBackupInfo({ ...info(1), tables: [{ table: 'bad name' }] }))
        expect(e).toMatchObject({ _tag: 'InvalidValue', value: 'bad name' })
        expect(String(e.field)).toContain('tables')
        expect(await t.hasBackupSessions()).toBe(false)
      })
    })

    describe('history', () => {
      const seed = async (t: Table): Promise<void> => {
        await t.updateBackupInfo(info(999, { tableNames: ['t1'] }))
        await t.updateBackupInfo(info(1000, { tableNames: ['t2'], state: 'FAILED', type: 'INCREMENTAL' }))
        await t.updateBackupInfo(info(10, { tableNames: ['t1', 't2'], backupRootDir: '/other' }))
        await t.updateBackupInfo(info(20, { tableNames: ['t1'], state: 'RUNNING', startTs: 999 }))
      }

      it('orders newest first numerically and keeps equal start times', async () => {
        const t = await open()
        await seed(t)
        expect((await t.getBackupHistory()).map((i) => i.backupId)).toEqual([
          'backup_1000',
          'backup_999',
          'backup_20',
          'backup_10'
        ])
        expect((await t.getHistory(2)).map((i) => i.backupId)).toEqual(['backup_1000', 'backup_999'])
        expect(await t.getHistory(0)).toEqual([])
        expect(await failure(t.getHistory(-1))).toMatchObject({ _tag: 'InvalidValue', field: 'n' })
      })

      it('filters by completion, root, table, state and type', async () => {
        const t = await open()
        await seed(t)
        const ids = (is: ReadonlyArray<{ backupId: string }>) => is.map((i) => i.backupId)
        expect(ids(await t.getBackupHistory({ onlyCompleted: true }))).toEqual(['backup_999', 'backup_10'])
        expect(ids(await t.getBackupHistory({ limit: 1, filters: [H.withRoot('/backup')] }))).toEqual([
          'backup_1000'
        ])
        expect(ids(await t.getBackupHistoryForRoot('/other'))).toEqual(['backup_10'])
        expect(ids(await t.getBackupHistoryForTable('t2'))).toEqual(['backup_1000', 'backup_10'])
        expect(ids(await t.getBackupInfos('RUNNING'))).toEqual(['backup_20'])
        expect(ids(await t.getBackupInfos('COMPLETE'))).toEqual(['backup_10', 'backup_999'])
        expect(await t.getTablesForBackupType('FULL')).toEqual(expect.arrayContaining(['t1', 't2']))
        expect(await t.getTablesForBackupType('INCREMENTAL')).toEqual([])
        const forSet = await t.getBackupHistoryForTableSet(['t1', 't2'], '/backup')
        expect(ids(forSet.get('t1') ?? [])).toEqual(['backup_999', 'backup_20'])
        expect(ids(forSet.get('t2') ?? [])).toEqual(['backup_1000'])
        expect(await t.hasBackupSessions()).toBe(true)
      })
    })

    describe('the exclusive lock', () => {
      it('is taken once, refused while held, released once, and taken again', async () => {
        const t = await open()
        await t.startBackupExclusiveOperation()
        expect(await failure(t.startBackupExclusiveOperation())).toMatchObject({ _tag: 'ExclusiveOperation' })
        await t.finishBackupExclusiveOperation()
        expect(await failure(t.finishBackupExclusiveOperation())).toMatchObject({
          _tag: 'NoExclusiveOperation'
        })
        await t.startBackupExclusiveOperation()
        const steps = await t.explain('startBackupExclusiveOperation')
        // both CAS fail; the read after them tells a held lock from a corrupt one
        expect(steps.steps.map((s) => s.outcome)).toEqual([
          'check fails: would not apply',
          'check fails: would not apply',
          '1 row'
        ])
      })

      it('lets exactly one of several racing clients win', async () => {
        const store = await o.makeStore()
        const tableName = uniqueName()
        const clients = await Promise.all(
          [1, 2, 3, 4].map(() => BackupSystemTable.open(store, { tableName }))
        )
        const results = await Promise.allSettled(clients.map((c) => c.startBackupExclusiveOperation()))
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      })
    })

    describe('start codes and log rolls', () => {
      it('stores start codes per root', async () => {
        const t = await open()
        expect(await t.readBackupStartCode('/r')).toBeUndefined()
        await t.writeBackupStartCode(1500000000000, '/r')
        await t.writeBackupStartCode(0, '/r2')
        expect(await t.readBackupStartCode('/r')).toBe(1500000000000)
        expect(await t.readBackupStartCode('/r2')).toBe(0)
      })

      it('keeps region-server log rolls of one root away from roots that extend it', async () => {
        const t = await open()
        await t.writeRegionServerLastLogRollResult('rs1:16020', 100, '/r')
        await t.writeRegionServerLastLogRollResult('rs1:16020', 200, '/r2')
        await t.writeRegionServerLastLogRollResult('rs2:16020', 300, '/r/backup')
        expect(await t.readRegionServerLastLogRollResult('/r')).toEqual({ 'rs1:16020': 100 })
        expect(await t.readRegionServerLastLogRollResult('/r/backup')).toEqual({ 'rs2:16020': 300 })
      })

      it('keeps the table → server log-roll map per root', async () => {
        const t = await open()
        await t.writeRegionServerLogTimestamp(['t1', 'ns:t2'], { 'rs1:1': 10, 'rs2:2': 20 }, '/r')
        await t.writeRegionServerLogTimestamp(['t1'], { 'rs1:1': 99 }, '/r2')
        expect(await t.readLogTimestampMap('/r')).toEqual({
          t1: { 'rs1:1': 10, 'rs2:2': 20 },
          'ns:t2': { 'rs1:1': 10, 'rs2:2': 20 }
        })
        expect(await t.readLogTimestampMap('/r2')).toEqual({ t1: { 'rs1:1': 99 } })
        expect(await failure(t.writeRegionServerLogTimestamp(['t1'], { nohost: 1 }, '/r'))).toMatchObject({
          _tag: 'InvalidValue'
        })
      })
    })

    describe('the incremental table set', () => {
      it('is a union, sorted by name bytes, and deleted whole', async () => {
        const t = await open()
        expect(await t.getIncrementalBackupTableSet('/r')).toEqual([])
        await t.addIncrementalBackupTableSet(['t2', 'ns:t1'], '/r')
        await t.addIncrementalBackupTableSet(['t1'], '/r')
        expect(await t.getIncrementalBackupTableSet('/r')).toEqual(['ns:t1', 't1', 't2'])
        expect(await t.getIncrementalBackupTableSet('/r2')).toEqual([])
        await t.deleteIncrementalBackupTableSet('/r')
        expect(await t.getIncrementalBackupTableSet('/r')).toEqual([])
      })

      it('writes nothing when one table name is invalid, or none is given', async () => {
        const t = await open()
        expect(await failure(t.addIncrementalBackupTableSet(['ok', 'not ok'], '/r'))).toMatchObject({
          _tag: 'InvalidValue',
          field: 'tables[1]',
          value: 'not ok'
        })
        expect(await failure(t.addIncrementalBackupTableSet([], '/r'))).toMatchObject({
          _tag: 'InvalidValue'
        })
        expect(await t.getIncrementalBackupTableSet('/r')).toEqual([])
      })
    })

    describe('WAL files', () => {
      it('are read per root and deletable once recorded', async () => {
        const t = await open()
        await t.addWALFiles(['/hbase/oldWALs/rs1.1', '/hbase/oldWALs/rs1.2'], 'backup_1', '/r')
        await t.addWALFiles(['/hbase/oldWALs/rs2.1'], 'backup_2', '/r2')
        const files: Array<string> = []
        for await (const w of t.getWALFilesIterator('/r')) files.push(w.file)
        expect(files).toEqual(['/hbase/oldWALs/rs1.1', '/hbase/oldWALs/rs1.2'])
        expect(await t.isWALFileDeletable('/hbase/WALs/rs1.2')).toBe(true)
        expect(await t.isWALFileDeletable('/hbase/WALs/rs9.9')).toBe(false)
      })
    })

    describe('backup sets', () => {
      it('adds as a union in order, keeping a new set as given', async () => {
        const t = await open()
        await t.addToBackupSet('daily', ['t1', 't1', 'ns:t2'])
        expect(await t.describeBackupSet('daily')).toEqual(['t1', 't1', 'ns:t2'])
        await t.addToBackupSet('daily', ['t3', 'ns:t2'])
        expect(await t.describeBackupSet('daily')).toEqual(['t1', 't1', 'ns:t2', 't3'])
        await t.addToBackupSet('a', ['x'])
        expect(await t.listBackupSets()).toEqual(['a', 'daily'])
      })

      it('removes the first occurrences, deletes a set left empty, and ignores a missing set', async () => {
        const t = await open()
        await t.addToBackupSet('s', ['t1', 't2', 't3'])
        await t.removeFromBackupSet('s', ['t2', 'zz'])
        expect(await t.describeBackupSet('s')).toEqual(['t1', 't3'])
        await t.removeFromBackupSet('s', ['t1', 't3'])
        expect(await t.describeBackupSet('s')).toBeUndefined()
        expect(await t.listBackupSets()).toEqual([])
        await t.removeFromBackupSet('missing', ['t1'])
        expect(await t.listBackupSets()).toEqual([])
      })

      it('writes nothing when nothing is removed', async () => {
        const t = await open()
        await t.addToBackupSet('s', ['t1'])
        const e = await t.explain('removeFromBackupSet', 's', ['t9'])
        expect(e.steps.map((s) => s.kind)).toEqual(['read'])
      })

      it('loses no concurrent update', async () => {
        const store = await o.makeStore()
        const tableName = uniqueName()
        const clients = await Promise.all(
          [0, 1, 2, 3].map(() => BackupSystemTable.open(store, { tableName }))
        )
        await Promise.all(clients.map((c, i) => c.addToBackupSet('s', [`t${i}`])))
        expect([...((await clients[0]?.describeBackupSet('s')) ?? [])].sort()).toEqual([
          't0',
          't1',
          't2',
          't3'
        ])
      })

      it('50 concurrent adds to one set all succeed within the default attempts (jittered backoff)', async () => {
        const store = await o.makeStore()
        const tableName = uniqueName()
        const first = await BackupSystemTable.open(store, { tableName })
        const others = await Promise.all([1, 2, 3, 4].map(() => BackupSystemTable.open(store, { tableName })))
        const clients = [first, ...others]
        const names = Array.from({ length: 50 }, (_, i) => `t${i}`)
        const results = await Promise.allSettled(
          names.map((n, i) => (clients[i % clients.length] ?? first).addToBackupSet('shared', [n]))
        )
        expect(results.filter((r) => r.status === 'rejected')).toEqual([])
        expect([...((await first.describeBackupSet('shared')) ?? [])].sort()).toEqual([...names].sort())
      }, 60_000)

      it('rejects names with "," and tables with illegal characters', async () => {
        const t = await open()
        expect(await failure(t.addToBackupSet('a,b', ['t1']))).toMatchObject({
          _tag: 'InvalidValue',
          field: 'name'
        })
        expect(await failure(t.addToBackupSet('s', ['t 1']))).toMatchObject({
          _tag: 'InvalidValue',
          value: 't 1'
        })
        expect(await t.listBackupSets()).toEqual([])
      })

      it('deletes a set', async () => {
        const t = await open()
        await t.addToBackupSet('s', ['t1'])
        await t.deleteBackupSet('s')
        expect(await t.describeBackupSet('s')).toBeUndefined()
      })
    })

    describe.each(['shared', 'separate'] as const)('bulk loads (%s bulk table)', (bulkTable) => {
      it('tracks HFiles per table without confusing t with namespace t', async () => {
        const t = await open({ bulkTable })
        await t.writeFilesForBulkLoadPreCommit('t', 'r1', 'cf', ['/staging/cf/h1'])
        await t.writePathsPostBulkLoad('t:x', 'r2', { cf: ['/staging/cf/h2'], cf2: ['/staging/cf2/h3'] })
        const rows = await t.readBulkloadRows(['t'])
        expect(rows.map((r) => [r.table, r.region, r.family, r.path, r.state])).toEqual([
          ['t', 'r1', 'cf', '/staging/cf/h1', 'R']
        ])
        const nsRows = await t.readBulkloadRows(['t:x'])
        expect(nsRows.map((r) => r.family)).toEqual(['cf', 'cf2'])
        await t.removeBulkLoadedRows(nsRows.map((r) => r.rowKey))
        expect(await t.readBulkloadRows(['t:x'])).toEqual([])
        expect(await t.readBulkloadRows(['t'])).toHaveLength(1)
      })

      it('records copied files per backup', async () => {
        const t = await open({ bulkTable, clock: () => 1700000000000 })
        await t.writeBulkLoadedFiles('backup_1', [
          { table: 't1', family: 'cf', path: '/b/1' },
          { table: 't2', family: 'cf', path: '/b/2' }
        ])
        await t.writeBulkLoadedFiles('backup_12', [{ table: 't1', family: 'cf', path: '/b/3' }])
        const files = await t.readBulkLoadedFiles('backup_1')
        expect(files.map((f) => f.path)).toEqual(['/b/1', '/b/2'])
        await t.deleteBulkLoadedFiles(files.map((f) => f.rowKey))
        expect(await t.readBulkLoadedFiles('backup_1')).toEqual([])
        expect(await t.readBulkLoadedFiles('backup_12')).toHaveLength(1)
      })
    })

    describe('delete and merge markers', () => {
      it('record the ids of an operation until it finishes', async () => {
        const t = await open()
        expect(await t.getListOfBackupIdsFromDeleteOperation()).toBeUndefined()
        await t.startDeleteOperation(['backup_1', 'backup_2'])
        expect(await t.getListOfBackupIdsFromDeleteOperation()).toEqual(['backup_1', 'backup_2'])
        await t.finishDeleteOperation()
        expect(await t.getListOfBackupIdsFromDeleteOperation()).toBeUndefined()

        expect(await t.isMergeInProgress()).toBe(false)
        await t.startMergeOperation(['backup_3'])
        await t.updateProcessedTablesForMerge(['t1', 'ns:t2'])
        expect(await t.isMergeInProgress()).toBe(true)
        expect(await t.getListOfBackupIdsFromMergeOperation()).toEqual(['backup_3'])
        await t.finishMergeOperation()
        expect(await t.isMergeInProgress()).toBe(false)
        expect(await t.getListOfBackupIdsFromMergeOperation()).toBeUndefined()
      })
    })

    describe('system-table snapshots', () => {
      if (o.snapshots) {
        it('restores the table as it was at snapshot time', async () => {
          const t = await open()
          await t.addToBackupSet('s', ['t1'])
          expect(await t.snapshotExists()).toBe(false)
          await t.snapshot()
          expect(await t.snapshotExists()).toBe(true)
          await t.addToBackupSet('s', ['t2'])
          await t.startBackupExclusiveOperation()
          await t.restoreFromSnapshot()
          expect(await t.describeBackupSet('s')).toEqual(['t1'])
          await t.startBackupExclusiveOperation()
          await t.deleteSnapshot()
          expect(await t.snapshotExists()).toBe(false)
        })
      } else {
        it('reports the missing capability as a typed Unsupported error', async () => {
          const t = await open()
          expect(await failure(t.snapshot())).toMatchObject({ _tag: 'Unsupported', capability: 'snapshots' })
          expect(await failure(t.snapshotExists())).toMatchObject({ _tag: 'Unsupported' })
        })
      }
    })
  })
}
