import { describe, expect, it } from 'vitest'
import * as B from '../../src/core/Bytes.js'
import * as Op from '../../src/core/Operation.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import { diagnose, explainRepair, repair } from '../../src/doctor/index.js'
import { recordingStore } from '../../src/testing/recordingStore.js'
import type { Finding } from '../../src/doctor/index.js'
import { fixture, healthy, session, T0 } from './fixture.js'

const kinds = (fs: ReadonlyArray<Finding>): ReadonlyArray<string> => fs.map((f) => f.kind)
const dead = () => false
const alive = () => true

describe('diagnose', () => {
  it('reports nothing on a healthy table', async () => {
    const { table } = await fixture()
    await healthy(table)
    const d = await diagnose(table, { now: T0, isAlive: dead })
    expect(d.findings).toEqual([])
    expect(d.lock._tag).toBe('Free')
    expect(d.skipped).toEqual([])
  })

  it('a live holder with a RUNNING backup is healthy, and the in-progress checks say they were skipped', async () => {
    const { table } = await fixture()
    await healthy(table)
    await table.startBackupExclusiveOperation()
    await table.updateBackupInfo(session(T0, { state: 'RUNNING', tableNames: ['t2'] }))
    await table.addIncrementalBackupTableSet(['t2'], '/backup')
    const d = await diagnose(table, { now: T0 + 60_000, isAlive: alive })
    expect(d.findings).toEqual([])
    expect(d.lock).toMatchObject({ _tag: 'Live' })
    expect(d.skipped.map((s) => s.check)).toContain('running-sessions')
  })

  it('a lock whose recorded holder is gone is stale; so is the RUNNING session under it', async () => {
    const { table } = await fixture()
    await healthy(table)
    await table.startBackupExclusiveOperation()
    await table.updateBackupInfo(session(T0, { state: 'RUNNING' }))
    const d = await diagnose(table, { now: T0 + 1000, isAlive: dead })
    expect(kinds(d.findings)).toEqual(['stale-lock', 'running-session'])
    const lock = d.findings[0]
    expect(lock?.evidence.details['holder']).toBe('pid 101 on node-a')
    expect(lock?.evidence.details['since']).toBe(new Date(T0).toISOString())
    expect(lock?.blocks.join(' ')).toMatch(/backup create/)
    expect(lock?.reference).toMatch(/HBASE-29448/)
    expect(d.findings[1]?.evidence.sessions).toEqual([`backup_${T0}`])
  })

  it('a holder on another host is stale only after the threshold', async () => {
    const { table } = await fixture()
    await table.startBackupExclusiveOperation()
    const unknownHost = () => undefined
    expect(kinds((await diagnose(table, { now: T0 + 60_000, isAlive: unknownHost })).findings)).toEqual([])
    const late = await diagnose(table, { now: T0 + 7 * 3_600_000, isAlive: unknownHost })
    expect(kinds(late.findings)).toEqual(['stale-lock'])
    expect(late.findings[0]?.summary).toMatch(/longer than 6 h/)
  })

  it('a bare "yes" (a Java holder) cannot be judged: a warning with no repair, unless offline', async () => {
    const { other } = await fixture()
    const java = other('none')
    await java.startBackupExclusiveOperation()
    const d = await diagnose(java, { now: T0 + 1000, isAlive: dead })
    expect(kinds(d.findings)).toEqual(['lock-holder-unknown'])
    expect(d.findings[0]?.repair).toBeUndefined()
    expect(d.findings[0]?.summary).toMatch(/cannot tell/)
    expect(kinds((await diagnose(java, { now: T0 + 1000, offline: true })).findings)).toEqual(['stale-lock'])
  })

  it('holder cells left by an earlier holder never name a later Java holder', async () => {
    const { table, clock, other } = await fixture()
    await table.startBackupExclusiveOperation()
    await table.finishBackupExclusiveOperation()
    clock.now += 5000
    await other('none').startBackupExclusiveOperation()
    const d = await diagnose(table, { now: clock.now, isAlive: dead })
    expect(kinds(d.findings)).toEqual(['lock-holder-unknown'])
  })

  it('finds markers, the snapshot and RUNNING sessions left with the lock free', async () => {
    const { table } = await fixture()
    await healthy(table)
    await table.updateBackupInfo(session(T0, { state: 'RUNNING' }))
    await table.startDeleteOperation([`backup_${T0 - 20_000}`, 'backup_1'])
    await table.startMergeOperation([`backup_${T0 - 10_000}`])
    const d = await diagnose(table, { now: T0 })
    expect(kinds(d.findings)).toEqual(['running-session', 'delete-marker-left', 'merge-marker-left'])
    // with the snapshot there, the RUNNING backup is rolled back from it, never just deleted
    await table.snapshot()
    const withSnapshot = await diagnose(table, { now: T0 })
    expect(kinds(withSnapshot.findings)).toEqual([
      'crashed-backup-rollback',
      'delete-marker-left',
      'merge-marker-left'
    ])
    await table.updateBackupInfo(session(T0, { state: 'FAILED' }))
    expect(kinds((await diagnose(table, { now: T0 })).findings)).toEqual([
      'delete-marker-left',
      'merge-marker-left',
      'system-snapshot-left'
    ])
    const del = d.findings[1]
    expect(del?.evidence.details).toMatchObject({
      stillPresent: `backup_${T0 - 20_000}`,
      alreadyGone: 'backup_1'
    })
  })

  it('finds broken chains, unbacked incremental-set tables, stale log-roll rows, orphan bulk rows, impossible sessions', async () => {
    const { table } = await fixture()
    await healthy(table)
    await table.updateBackupInfo(session(T0 - 5000, { type: 'INCREMENTAL', tableNames: ['t1', 't2'] }))
    await table.addIncrementalBackupTableSet(['t3'], '/backup')
    await table.writeRegionServerLastLogRollResult('gone:16020', T0 - 90_000, '/backup')
    await table.writeRegionServerLogTimestamp(['t9'], { 'rs1:16020': T0 }, '/backup')
    await table.writeFilesForBulkLoadPreCommit('t4', '0123456789abcdef0123456789abcdef', 'cf', [
      '/h/t4/cf/f1'
    ])
    await table.updateBackupInfo(session(T0 - 3000, { startTs: T0 - 2000, completeTs: T0 - 2500 }))
    await table.updateBackupInfo(session(T0 - 1000, { failedMessage: 'boom' }))
    const d = await diagnose(table, { now: T0 })
    expect(kinds(d.findings)).toEqual([
      'incremental-without-full',
      'incremental-set-unbacked',
      'impossible-session',
      'impossible-session',
      'stale-table-log-roll',
      'stale-server-log-roll',
      'orphan-bulk-load'
    ])
    expect(d.findings[0]?.evidence.details['tables']).toBe('t2')
    expect(d.findings[1]?.evidence.details['tables']).toBe('t3')
    expect(d.findings[4]?.evidence.details['names']).toBe('t9')
    expect(d.findings[5]?.evidence.details['names']).toBe('gone:16020')
  })

  it('finds a hole in a chain: an incremental that starts after where the backup before it ended', async () => {
    const { table } = await fixture()
    const ts = (rs1: number, extra: Record<string, number> = {}) => ({ t1: { 'rs1:16020': rs1, ...extra } })
    await table.updateBackupInfo(session(T0 - 30_000, { tableSetTimestamp: ts(100) }))
    await table.updateBackupInfo(
      session(T0 - 20_000, { type: 'INCREMENTAL', incrTimestampMap: ts(100), tableSetTimestamp: ts(200) })
    )
    // joins at 200 (contiguous); a server absent before (rs2) joined in between: not a hole
    const next = session(T0 - 10_000, { type: 'INCREMENTAL', incrTimestampMap: ts(200, { 'rs2:16020': 50 }) })
    await table.updateBackupInfo(next)
    expect((await diagnose(table, { now: T0 })).findings).toEqual([])
    // the incremental in the middle merged or deleted away without its successor knowing
    await table.updateBackupInfo({ ...next, incrTimestampMap: ts(300) })
    await table.deleteBackupInfo(`backup_${T0 - 20_000}`)
    await table.updateBackupInfo(session(T0 - 5000, { type: 'INCREMENTAL' }))
    const d = await diagnose(table, { now: T0 })
    expect(kinds(d.findings)).toEqual(['chain-hole'])
    expect(d.findings[0]?.summary).toMatch(/WALs of rs1:16020 in \(100, 300\] for t1/)
    expect(d.findings[0]?.evidence.sessions).toEqual([`backup_${T0 - 10_000}`, `backup_${T0 - 30_000}`])
  })

  it('names a row that does not decode instead of failing', async () => {
    const { table } = await fixture()
    await healthy(table)
    // a raw store call names the physical table
    const raw = await table.store.mutate([
      {
        ...Op.put('system', B.utf8('session:backup_5'), [Op.cell('session', 'context', B.of(0xff))]),
        table: table.tables.system
      }
    ])()
    expect(raw._tag).toBe('Right')
    const d = await diagnose(table, { now: T0 })
    expect(kinds(d.findings)).toEqual(['malformed-row'])
    expect(d.findings[0]?.evidence.rows).toEqual(['session:backup_5'])
  })
})

describe('repair', () => {
  it('is explained first, writing nothing; then repairs everything and says what it changed', async () => {
    const { table } = await fixture()
    await healthy(table)
    await table.startBackupExclusiveOperation()
    await table.updateBackupInfo(session(T0, { state: 'RUNNING' }))
    await table.startDeleteOperation([`backup_${T0 - 20_000}`])
    const d = await diagnose(table, { now: T0, isAlive: dead })
    const text = await explainRepair(table, d.findings, { holder: { host: 'doc', pid: 7 } })
    expect(text).toMatch(
      /CHECK_AND_PUT backup:system activesession: session:holder.pid == 101 then session:c=yes/
    )
    expect(text).toMatch(/CHECK_AND_PUT backup:system session:backup_\d+ session:context == /)
    expect(text).toMatch(/CHECK_AND_DELETE backup:system delete_op_row meta:fam == backup_\d+ then DELETE/)
    expect((await diagnose(table, { now: T0, isAlive: dead })).findings.length).toBe(d.findings.length)

    const out = await repair(table, d.findings, { holder: { host: 'doc', pid: 7 } })
    expect(out.ok).toBe(true)
    expect(out.repaired.flatMap((r) => r.changes)).toEqual([
      'took the lock over from pid 101 on node-a; released when the repairs are done',
      `backup_${T0}: RUNNING → FAILED`,
      'removed delete_op_row'
    ])
    expect(out.rerun).toBe(false)
    expect((await diagnose(table, { now: T0, isAlive: dead })).findings).toEqual([])
    const s = await table.readBackupInfo(`backup_${T0}`)
    expect(s?.state).toBe('FAILED')
    expect(s?.failedMessage).toMatch(/doctor/)
  })

  it('rolls a crashed backup back from its snapshot, keeping bulk rows written since, then repairs the rest', async () => {
    const { table, clock } = await fixture()
    await healthy(table)
    await table.startBackupExclusiveOperation()
    await table.snapshot()
    // the crashed incremental had advanced the log-roll map and added t2 before it died
    await table.updateBackupInfo(session(T0, { type: 'INCREMENTAL', state: 'RUNNING', tableNames: ['t1'] }))
    await table.writeRegionServerLogTimestamp(['t1'], { 'rs1:16020': T0 }, '/backup')
    await table.addIncrementalBackupTableSet(['t2'], '/backup')
    await table.writeFilesForBulkLoadPreCommit('t1', '0123456789abcdef0123456789abcdef', 'cf', [
      '/h/t1/cf/late'
    ])
    await table.startMergeOperation([`backup_${T0 - 10_000}`])
    clock.now += 1000
    const d = await diagnose(table, { now: clock.now, isAlive: dead })
    expect(kinds(d.findings)).toEqual([
      'stale-lock',
      'crashed-backup-rollback',
      'merge-marker-left',
      'incremental-set-unbacked'
    ])
    const text = await explainRepair(table, d.findings)
    expect(text).toMatch(/RESTORESNAPSHOT snapshot_backup_system/)
    expect(text).not.toMatch(/merge_op_row/)
    const first = await repair(table, d.findings)
    expect(first).toMatchObject({ ok: true, rerun: true })
    expect(first.repaired.flatMap((r) => r.changes)).toContain(
      're-put 1 bulk-load row(s) the restore would have lost'
    )
    expect(await table.readLogTimestampMap('/backup')).toEqual({ t1: { 'rs1:16020': T0 - 10_000 } })
    expect(await table.getIncrementalBackupTableSet('/backup')).toEqual(['t1'])
    expect((await table.readBulkloadRows(['t1'])).map((b) => b.path)).toEqual(['/h/t1/cf/late'])
    expect((await table.readBackupInfo(`backup_${T0}`))?.state).toBe('FAILED')
    expect(await table.snapshotExists()).toBe(false)
    // the marker and t2 came after the snapshot, so the restore took them: nothing is left
    const again = await diagnose(table, { now: clock.now, isAlive: dead })
    expect(kinds(again.findings)).toEqual([])
    await table.startBackupExclusiveOperation()
  })

  it('stops with Conflict when a live operation changed a guarded cell, and overwrites nothing', async () => {
    const { table } = await fixture()
    await healthy(table)
    await table.updateBackupInfo(session(T0, { state: 'RUNNING' }))
    await table.startMergeOperation([`backup_${T0 - 10_000}`])
    const d = await diagnose(table, { now: T0 })
    // the "crashed" backup was alive after all: it completes before the repair runs
    await table.updateBackupInfo(session(T0, { state: 'COMPLETE' }))
    const out = await repair(table, d.findings)
    expect(out.ok).toBe(false)
    expect(out.stopped).toMatchObject({
      kind: 'running-session',
      error: { _tag: 'Conflict', row: `session:backup_${T0}` }
    })
    expect(out.repaired).toEqual([])
    expect((await table.readBackupInfo(`backup_${T0}`))?.state).toBe('COMPLETE')
    // the repairs after it did not run, and the lock was released
    expect(await table.isMergeInProgress()).toBe(true)
    await table.startBackupExclusiveOperation()
  })

  it('refuses to run while someone else holds the lock', async () => {
    const { table, other } = await fixture()
    await healthy(table)
    await table.addIncrementalBackupTableSet(['t3'], '/backup')
    const d = await diagnose(table, { now: T0 })
    await other({ host: 'node-b', pid: 5 }).startBackupExclusiveOperation()
    const out = await repair(table, d.findings)
    expect(out.stopped).toMatchObject({ kind: 'lock', error: { _tag: 'ExclusiveOperation' } })
    expect(await table.getIncrementalBackupTableSet('/backup')).toEqual(['t1', 't3'])
  })

  it('does not steal a stale lock that changed hands after diagnosis', async () => {
    const { table, other } = await fixture()
    await table.startBackupExclusiveOperation()
    const d = await diagnose(table, { now: T0, isAlive: dead })
    await table.finishBackupExclusiveOperation()
    await other({ host: 'node-b', pid: 5 }).startBackupExclusiveOperation()
    const out = await repair(table, d.findings)
    expect(out.stopped).toMatchObject({ kind: 'lock', error: { _tag: 'Conflict' } })
    const after = await diagnose(table, { now: T0, isAlive: () => true })
    expect(after.lock).toMatchObject({ _tag: 'Live', reason: expect.stringMatching(/node-b/) as unknown })
  })
})

describe('diagnose reads, streaming', () => {
  it('writes nothing, and keeps only counts of the bulk rows of backed-up tables', async () => {
    const { table } = await fixture({ bulkTable: 'separate' })
    await healthy(table)
    const region = '0123456789abcdef0123456789abcdef'
    const paths = Array.from({ length: 5000 }, (_, i) => `/h/t1/cf/f${i}`)
    await table.writeFilesForBulkLoadPreCommit('t1', region, 'cf', paths)
    await table.writeFilesForBulkLoadPreCommit('t2', region, 'cf', ['/h/t2/cf/g'])
    const rec = recordingStore(table.store)
    const seen = BackupSystemTable.attach(rec.store, {
      tableName: table.tables.system,
      bulkTable: 'separate'
    })
    if (seen._tag === 'Left') throw new Error('attach')
    const d = await diagnose(seen.right, { now: T0 })
    expect(d.seen.bulkRows).toBe(5001)
    // only the rows a repair would delete are kept, not the 5000 that nothing is wrong with
    expect(d.seen.orphanBulkRows.map((r) => r.table)).toEqual(['t2'])
    expect(kinds(d.findings)).toEqual(['orphan-bulk-load'])
    const names = new Set(rec.calls().map((c) => c.name))
    expect([...names].sort()).toEqual(['get', 'scan', 'snapshotExists'])
  })
})
