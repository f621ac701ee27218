/**
 * Every layout, proven without a cluster per version: golden tables written from the facts
 * (test/fixtures/layouts/goldenTables.ts) are decoded and re-encoded byte for byte, `auto` detects
 * each, a method a layout does not have is refused before any store call, every layout round-trips
 * what it allows, and a table mixing sessions of 2.6.1, 2.6.7, the field-14-bool PR and the
 * continuous-backup branch reads in full.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as B from '../../src/core/Bytes.js'
import type { BackupInfo } from '../../src/core/domain/BackupInfo.js'
import type { BackupRoot, ServerName } from '../../src/core/domain/Identifiers.js'
import type { LayoutName } from '../../src/core/layout/Layout.js'
import { layoutNames } from '../../src/core/layout/Layout.js'
import { layouts } from '../../src/core/layout/layouts.js'
import type { Cell, Row } from '../../src/core/Operation.js'
import * as Op from '../../src/core/Operation.js'
import { encodeBackupInfo } from '../../src/core/proto/BackupInfoProto.js'
import * as Rows from '../../src/core/rows/index.js'
import { bulkTableName } from '../../src/core/rows/Schema.js'
import { families } from '../../src/core/rows/Schema.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { backupInfo } from '../../src/testing/arbitraries/backupInfo.js'
import type { GoldenTable } from '../fixtures/layouts/goldenTables.js'
import { continuousRow, goldenTables, sessionRow } from '../fixtures/layouts/goldenTables.js'

const right = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}
const text = (b: Uint8Array): string => new TextDecoder().decode(b)
const hexCells = (cells: ReadonlyArray<Cell>) =>
  [...cells].map((c) => [c.family, B.toHex(c.qualifier), B.toHex(c.value)].join(' ')).sort()
const prefixed = (rows: ReadonlyArray<Row>, prefix: string) =>
  rows.filter((r) => text(r.key).startsWith(prefix))

const ROOT = '/r' as BackupRoot

/** Our writer's put for a golden row, when the library has a writer for that row family. */
const rewrite = (row: Row): Op.Put | undefined => {
  const k = text(row.key)
  if (k.startsWith('session:')) return Rows.BackupSession.put(right(Rows.BackupSession.decodeRow(row)))
  if (k.startsWith('startcode:'))
    return Rows.StartCode.put(ROOT, right(Rows.StartCode.decodeRow(row)) as number)
  if (k.startsWith('incrbackupset:'))
    return right(Rows.IncrementalSet.put(ROOT, right(Rows.IncrementalSet.decodeRow(row))))
  if (k.startsWith('trslm:')) {
    const r = right(Rows.TableServerLogRoll.decodeRow(row))
    return Rows.TableServerLogRoll.put(r.root, r.table, r.servers)
  }
  if (k.startsWith('rslogts:')) {
    const r = right(Rows.ServerLogRoll.decodeRow(row))
    return Rows.ServerLogRoll.put(r.root, r.server, r.timestamp)
  }
  if (k.startsWith('wals:')) return Rows.WalFile.put(right(Rows.WalFile.decodeRow(row)))
  if (k.startsWith('backupset:'))
    return Rows.BackupSet.put(
      right(Rows.BackupSet.decodeKey(row.key)),
      right(Rows.BackupSet.decodeRow(row)) ?? []
    )
  if (k.startsWith('activesession:')) return Rows.ExclusiveLock.release.put
  if (k.startsWith('bulk:backup_')) {
    const c = right(Rows.BulkLoadedCopy.decodeRow(row))
    if (O.isNone(c)) throw new Error('not a copy row')
    const [, , ts, idx] = k.split(':')
    return Rows.BulkLoadedCopy.put(c.value.backupId, Number(ts), Number(idx), c.value)
  }
  if (k.startsWith('bulk:')) {
    const b = right(Rows.BulkLoad.decodeRow(row))
    if (O.isNone(b)) throw new Error('not a bulk-load row')
    // the library writes bulk rows only as 2017/2.6.1 did (with state); state-less rows are read only
    return b.value.state === undefined
      ? undefined
      : right(Rows.BulkLoad.put({ ...b.value, state: b.value.state }))
  }
  return undefined
}

const load = async (g: GoldenTable, extra: ReadonlyArray<Row> = []): Promise<KVStore> => {
  const store = memoryStore()
  const put = (table: string, rows: ReadonlyArray<Row>) =>
    store.mutate(rows.map((r) => ({ _tag: 'Put' as const, table, row: r.key, cells: r.cells })))()
  await store.ensureNamespace('backup')()
  await store.ensureTable({ name: 'backup:system', families: families() })()
  await put('backup:system', [...g.system, ...extra])
  if (g.bulk !== undefined) {
    await store.ensureTable({ name: bulkTableName('backup:system'), families: families() })()
    await put(bulkTableName('backup:system'), g.bulk)
  }
  return store
}

/** What `auto` detects on each golden table (the closing note lists this). */
const detected: Readonly<
  Record<LayoutName, { readonly layout: LayoutName; readonly candidates: ReadonlyArray<LayoutName> }>
> = {
  '2017': { layout: '2017', candidates: ['2017'] },
  '2.6.1': { layout: '2.6.1', candidates: ['2.6.1'] },
  '2.6.2': { layout: '2.6.2', candidates: ['2.6.2'] },
  // without a copied-file row or a full backup after a bulk load, 2.6.3 writes what 2.6.2 writes
  '2.6.3': { layout: '2.6.2', candidates: ['2.6.2', '2.6.3'] },
  '2.6.5': { layout: '2.6.5', candidates: ['2.6.5'] },
  '2.6.7': { layout: '2.6.7', candidates: ['2.6.7'] }
}

describe.each(goldenTables)('golden table of layout $layout', (g) => {
  const all = [...g.system, ...(g.bulk ?? [])]

  it('every row decodes, and re-encodes byte for byte where the library writes that family', () => {
    for (const row of all) {
      const put = rewrite(row)
      if (put === undefined) continue
      expect(B.toStringBinary(put.row), text(row.key)).toBe(B.toStringBinary(row.key))
      expect(hexCells(put.cells), text(row.key)).toStrictEqual(hexCells(row.cells))
    }
  })

  it('holds exactly the row families its layout says exist', () => {
    const fams = layouts[g.layout].families
    expect(prefixed(all, 'startcode:').length > 0).toBe(fams.startcode.exists)
    expect(prefixed(all, 'wals:').length > 0).toBe(fams.wals.exists)
    expect(prefixed(all, 'bulk:backup_').length > 0).toBe(fams.bulkcopy.exists)
    expect(g.bulk === undefined).toBe(layouts[g.layout].bulkTable === 'shared')
    const bulk = prefixed(all, 'bulk:t1:')
    expect(bulk.some((r) => Op.cellValue('meta', Rows.BulkLoad.STATE)(r) !== undefined)).toBe(
      fams.bulk.cells.includes('state =')
    )
  })

  it(`auto detects ${detected[g.layout].layout}, with its evidence`, async () => {
    const table = await BackupSystemTable.open(await load(g), { layout: 'auto' })
    expect(table.layout.name).toBe(detected[g.layout].layout)
    expect(table.layout.candidates).toStrictEqual(detected[g.layout].candidates)
    expect(table.layout.chosenBy).toBe('auto')
    expect(table.layout.evidence.length).toBeGreaterThan(1)
    // and the chosen layout reads the whole table
    expect(await table.getBackupHistory()).toHaveLength(1)
    expect(await table.readBulkloadRows(['t1'])).toHaveLength(1)
  })
})

describe('a write the layout does not have is refused, naming the layout, before any store call', () => {
  const cases: ReadonlyArray<readonly [LayoutName, (t: BackupSystemTable) => Promise<unknown>, string]> = [
    ['2.6.5', (t) => t.writeBackupStartCode(1, '/r'), 'writeBackupStartCode'],
    ['2.6.7', (t) => t.readBackupStartCode('/r'), 'readBackupStartCode'],
    ['2.6.1', (t) => t.addWALFiles(['hdfs://nn/w/a.1'], 'backup_1', '/r'), 'addWALFiles'],
    [
      '2.6.2',
      (t) => t.writeFilesForBulkLoadPreCommit('t1', 'r1', 'cf', ['hdfs://nn/f1']),
      'writeFilesForBulkLoadPreCommit'
    ],
    [
      '2.6.3',
      (t) => t.writeBulkLoadedFiles('backup_1', [{ table: 't1', family: 'cf', path: 'hdfs://nn/f' }]),
      'writeBulkLoadedFiles'
    ]
  ]
  it.each(cases)('%s refuses %s', async (layout, call, method) => {
    const store = memoryStore()
    const table = await BackupSystemTable.open(store, { layout })
    const calls: Array<string> = []
    const counting: KVStore = {
      ...store,
      mutate: (m) => (calls.push('mutate'), store.mutate(m)),
      get: (g) => (calls.push('get'), store.get(g))
    }
    const t = BackupSystemTable.attach(counting, { layout })
    if (E.isLeft(t)) throw new Error('attach failed')
    await expect(call(t.right)).rejects.toMatchObject({ error: { _tag: 'NotInLayout', layout, method } })
    expect(calls).toStrictEqual([])
    expect(table.layout).toMatchObject({ name: layout, chosenBy: 'option' })
  })

  it('the 2017 layout (the default) refuses nothing it refused before', async () => {
    const table = await BackupSystemTable.open(memoryStore())
    expect(table.layout.name).toBe('2017')
    await table.writeBackupStartCode(5, '/r')
    expect(await table.readBackupStartCode('/r')).toBe(5)
  })

  it('a bulkTable that disagrees with the layout is InvalidValue', async () => {
    await expect(
      BackupSystemTable.open(memoryStore(), { layout: '2.6.1', bulkTable: 'shared' })
    ).rejects.toMatchObject({
      error: { _tag: 'InvalidValue', field: 'bulkTable' }
    })
    await expect(
      BackupSystemTable.open(memoryStore(), { layout: '9.9' as LayoutName })
    ).rejects.toMatchObject({
      error: { _tag: 'InvalidValue', field: 'layout' }
    })
  })
})

describe('the writes later releases fixed', () => {
  it('2.6.1+ cut the failed message at 1,024 characters; 2017 does not', async () => {
    const info = {
      ...right(Rows.BackupSession.decodeRow(sessionRow({ id: 'backup_1500000000000' }))),
      failedMessage: 'x'.repeat(5000)
    }
    for (const layout of layoutNames) {
      const table = await BackupSystemTable.open(memoryStore(), { layout })
      await table.updateBackupInfo(info)
      const back = await table.readBackupInfo(info.backupId)
      expect(back?.failedMessage?.length, layout).toBe(layout === '2017' ? 5000 : 1024)
    }
  })

  it('2.6.5+ write the incremental set with an explicit timestamp of now + 1 (HBASE-29622)', async () => {
    for (const layout of layoutNames) {
      const store = memoryStore()
      const writes: Array<Op.Mutation<string>> = []
      const recording: KVStore = { ...store, mutate: (ms) => (writes.push(...ms), store.mutate(ms)) }
      const table = await BackupSystemTable.open(recording, { layout, clock: () => 1_700_000_000_000 })
      await table.addIncrementalBackupTableSet(['t1'], '/r')
      const put = writes[0]
      const stamped = put?._tag === 'Put' ? put.cells[0]?.timestamp : undefined
      expect(stamped, layout).toBe(
        layouts[layout].incrementalSetExplicitTimestamp ? 1_700_000_000_001 : undefined
      )
      expect(await table.getIncrementalBackupTableSet('/r')).toStrictEqual(['t1'])
    }
  })
})

describe('every layout round-trips everything it allows', () => {
  it('sessions, log rolls and sets: what is written is what is read, on every layout', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...layoutNames), backupInfo, async (layout, info) => {
        const table = await BackupSystemTable.open(memoryStore(), { layout })
        await table.updateBackupInfo(info)
        const limit = layouts[layout].failedMessageLimit
        const expected: BackupInfo =
          limit !== undefined && info.failedMessage !== undefined && info.failedMessage.length > limit
            ? { ...info, failedMessage: info.failedMessage.slice(0, limit) }
            : info
        expect(await table.readBackupInfo(info.backupId)).toStrictEqual(expected)
        const servers = { ['rs1:16020' as ServerName]: 5 }
        await table.writeRegionServerLogTimestamp(['t1'], servers, '/r')
        expect(await table.readLogTimestampMap('/r')).toStrictEqual({ t1: servers })
        if (layouts[layout].refuses['writeBackupStartCode'] === undefined) {
          await table.writeBackupStartCode(7, '/r')
          expect(await table.readBackupStartCode('/r')).toBe(7)
        }
      }),
      { numRuns: 60 }
    )
  })
})

describe('a table mixing sessions of 2.6.1, 2.6.7, the field-14-bool PR and the continuous-backup branch', () => {
  const mixed: ReadonlyArray<Row> = [
    sessionRow({ id: 'backup_1500000000001', tableSetTimestamp: true }), // 2.6.1
    sessionRow({ id: 'backup_1500000000002', tableSetTimestamp: true, fields1516: true }), // 2.6.7
    sessionRow({ id: 'backup_1500000000003', tableSetTimestamp: true, field14Bool: true, fields1516: true }), // PR
    sessionRow({
      id: 'backup_1500000000004',
      state: 0,
      phase: 6,
      tableSetTimestamp: true,
      fields1516: true,
      field18: true
    }), // branch
    continuousRow
  ]
  const golden = goldenTables.find((g) => g.layout === '2.6.1') as GoldenTable

  it('reads in full: every session in the history, each re-encoded byte for byte', async () => {
    const table = await BackupSystemTable.open(await load(golden, mixed), { layout: 'auto' })
    const history = await table.getBackupHistory()
    expect(history.map((i) => i.backupId).sort()).toStrictEqual([
      'backup_1500000000000',
      'backup_1500000000001',
      'backup_1500000000002',
      'backup_1500000000003',
      'backup_1500000000004'
    ])
    for (const r of mixed.filter((x) => text(x.key).startsWith('session:'))) {
      const info = history.find((i) => `session:${i.backupId}` === text(r.key)) as BackupInfo
      expect(B.toHex(encodeBackupInfo(info))).toBe(B.toHex(r.cells[0]?.value ?? new Uint8Array(0)))
    }
    const branch = history.find((i) => i.backupId === 'backup_1500000000004')
    expect(branch).toMatchObject({ state: 'RUNNING', phase: 'UNKNOWN' })
    expect(branch?.unknownFields?.map((f) => f.number)).toStrictEqual([5, 18])
    const pr = history.find((i) => i.backupId === 'backup_1500000000003')
    expect(pr?.unknownFields).toStrictEqual([{ number: 14, wireType: 0, bytes: B.fromHex('7001') }])
    // the newest writer decides: 2.6.7 (fields 15/16), with the newer marks as evidence
    expect(table.layout.name).toBe('2.6.7')
  })

  it('a rewrite by this library keeps what the newer writers stored', async () => {
    const table = await BackupSystemTable.open(await load(golden, mixed), { layout: '2.6.7' })
    const pr = await table.readBackupInfo('backup_1500000000003')
    if (pr === undefined) throw new Error('missing')
    await table.updateBackupInfo({ ...pr, progress: 100 })
    const stored = await table.store.get({
      _tag: 'Get',
      table: 'backup:system',
      row: B.utf8('session:backup_1500000000003')
    })()
    const value = E.isRight(stored) && O.isSome(stored.right) ? stored.right.value.cells[0]?.value : undefined
    expect(B.toHex(value ?? new Uint8Array(0))).toContain('7001')
  })

  it('the continuousbackupset row is read, and no method of ours deletes it', async () => {
    const store = await load(golden, mixed)
    const table = await BackupSystemTable.open(store, { layout: '2.6.7' })
    await table.deleteBackupInfo('backup_1500000000004')
    await table.deleteIncrementalBackupTableSet('/r')
    await table.deleteBackupSet('daily')
    const row = await store.get({ _tag: 'Get', table: 'backup:system', row: Rows.ContinuousBackupSet.KEY })()
    if (E.isLeft(row) || O.isNone(row.right)) throw new Error('continuousbackupset row was lost')
    expect(right(Rows.ContinuousBackupSet.decodeRow(row.right.value))).toStrictEqual([
      { table: 't1', startTs: 1_500_000_050_000 }
    ])
  })
})

describe("master's names beside the 2017 ones", () => {
  it('registerBulkLoad writes the 2.6.2+ row (no state), byte for byte; refused on 2.6.1', async () => {
    const store = memoryStore()
    const table = await BackupSystemTable.open(store, { layout: '2.6.7' })
    const golden = goldenTables.find((g) => g.layout === '2.6.7')?.bulk?.[0] as Row
    const path = text(Op.cellValue('meta', Rows.BulkLoad.PATH)(golden) ?? new Uint8Array(0))
    await table.registerBulkLoad('t1', '0123456789abcdef0123456789abcdef', { cf: [path] })
    const [loaded] = await table.readBulkloadRows(['t1'])
    expect(loaded?.state).toBeUndefined()
    const stored = await store.get({ _tag: 'Get', table: 'backup:system_bulk', row: golden.key })()
    expect(
      E.isRight(stored) && O.isSome(stored.right) ? hexCells(stored.right.value.cells) : []
    ).toStrictEqual(hexCells(golden.cells))
    await table.deleteBulkLoadedRows([golden.key])
    expect(await table.readBulkloadRows(['t1'])).toStrictEqual([])
    const old = await BackupSystemTable.open(memoryStore(), { layout: '2.6.1' })
    await expect(old.registerBulkLoad('t1', 'r1', { cf: [path] })).rejects.toMatchObject({
      error: { _tag: 'NotInLayout', layout: '2.6.1', method: 'registerBulkLoad' }
    })
  })

  it('getContinuousBackupTableSet and getTablesIncludedInBackups read on every layout', async () => {
    const golden = goldenTables.find((g) => g.layout === '2.6.7') as GoldenTable
    for (const layout of layoutNames) {
      const table = await BackupSystemTable.open(await load(golden, [continuousRow]), { layout })
      expect(await table.getContinuousBackupTableSet(), layout).toStrictEqual([
        { table: 't1', startTs: 1_500_000_050_000 }
      ])
      expect(await table.getTablesIncludedInBackups(), layout).toStrictEqual(['t1'])
    }
    const empty = await BackupSystemTable.open(memoryStore(), { layout: '2.6.7' })
    expect(await empty.getContinuousBackupTableSet()).toStrictEqual([])
  })
})
