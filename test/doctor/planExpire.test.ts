import { describe, expect, it } from 'vitest'
import { run } from '../../src/interpreter/run.js'
import { explain } from '../../src/interpreter/explain.js'
import { diagnose, planExpire } from '../../src/doctor/index.js'
import { fixture, session, T0 } from './fixture.js'

const DAY = 86_400_000
const id = (d: number) => `backup_${T0 - d * DAY}`

// root /backup: F1 ← I1 ← I2, F2 ← I3, F3 (t1,t2), a FAILED session before F2; root /other: G1
const history = async (t: Awaited<ReturnType<typeof fixture>>['table']): Promise<void> => {
  const at = (d: number) => T0 - d * DAY
  await t.updateBackupInfo(session(at(30), { completeTs: at(30) + 1 }))
  await t.updateBackupInfo(session(at(29), { type: 'INCREMENTAL', completeTs: at(29) + 1 }))
  await t.updateBackupInfo(session(at(28), { type: 'INCREMENTAL', completeTs: at(28) + 1 }))
  await t.updateBackupInfo(session(at(25), { state: 'FAILED', completeTs: at(25) + 1 }))
  await t.updateBackupInfo(session(at(20), { completeTs: at(20) + 1 }))
  await t.updateBackupInfo(session(at(19), { type: 'INCREMENTAL', completeTs: at(19) + 1 }))
  await t.updateBackupInfo(session(at(10), { tableNames: ['t1', 't2'], completeTs: at(10) + 1 }))
  await t.updateBackupInfo(
    session(at(40), { backupRootDir: '/other', tableNames: ['t5'], completeTs: at(40) + 1 })
  )
  await t.addIncrementalBackupTableSet(['t1', 't2'], '/backup')
  await t.addIncrementalBackupTableSet(['t5'], '/other')
  await t.writeRegionServerLogTimestamp(['t1', 't2'], { 'rs1:16020': at(10) }, '/backup')
  await t.writeRegionServerLogTimestamp(['t5'], { 'rs9:16020': at(40) }, '/other')
  await t.writeRegionServerLastLogRollResult('rs9:16020', at(40), '/other')
}

describe('planExpire', () => {
  it('keepLast: older FULLs go with the incrementals built on them, and failed sessions before the oldest kept', async () => {
    const { table } = await fixture()
    await history(table)
    const plan = await planExpire(table, { keepLast: 2, root: '/backup', now: T0 })
    const [p] = plan.roots
    expect(p?.expire.map((e) => [e.backupId, e.reason])).toEqual([
      [id(30), 'not among the 2 newest FULL backups of any of its tables'],
      [id(28), `depends on ${id(30)}, which goes`],
      [id(29), `depends on ${id(30)}, which goes`],
      [id(25), 'a failed session older than every FULL kept']
    ])
    expect(p?.keep).toEqual([id(10), id(19), id(20)])
    expect(p?.incrementalSet).toEqual({ before: ['t1', 't2'], after: ['t1', 't2'] })
    expect(p?.tableLogRollsDeleted).toEqual([])
  })

  it('olderThan and keepLast together keep what either keeps; a root emptied loses its set and log rolls', async () => {
    const { table } = await fixture()
    await history(table)
    const both = await planExpire(table, { keepLast: 1, olderThan: 25 * DAY, now: T0 })
    expect(
      both.roots.map((p) => [
        p.root,
        p.expire.filter((e) => e.type === 'FULL' && e.state === 'COMPLETE').map((e) => e.backupId)
      ])
    ).toEqual([
      ['/backup', [id(30)]],
      ['/other', []]
    ])
    const other = await planExpire(table, { olderThan: 35 * DAY, root: '/other', now: T0 })
    expect(other.roots[0]).toMatchObject({
      expire: [{ backupId: id(40) }],
      incrementalSet: { before: ['t5'], after: [] },
      tableLogRollsDeleted: ['t5'],
      serverLogRollsDeleted: ['rs9:16020']
    })
    expect(other.summary).toContain('/other: incremental set t5 → (empty)')
  })

  it('keepLast counts FULL backups per table: the only FULL of a table is kept', async () => {
    const { table } = await fixture()
    await table.updateBackupInfo(session(T0 - 3 * DAY, { tableNames: ['t1'] }))
    await table.updateBackupInfo(session(T0 - 2 * DAY, { tableNames: ['t2'] }))
    await table.updateBackupInfo(session(T0 - DAY, { tableNames: ['t2'] }))
    const plan = await planExpire(table, { keepLast: 1, now: T0 })
    expect(plan.roots[0]?.expire.map((e) => e.backupId)).toEqual([id(2)])
  })

  it('is a program: explained without writing, then run; the table is healthy after it', async () => {
    const { table } = await fixture()
    await history(table)
    const plan = await planExpire(table, { keepLast: 1, now: T0 })
    const env = { store: table.store, tables: table.tables }
    const text = (await explain(plan.program, env)).text
    expect(text).toMatch(/CHECK_AND_PUT backup:system activesession:/)
    expect(text).toMatch(/PUT backup:system delete_op_row meta:fam=/)
    expect(text).toMatch(/DELETE backup:system session:backup_\d+ session/)
    expect((await table.getBackupHistory()).length).toBe(8)
    const r = await run(env)(plan.program)()
    expect(r._tag).toBe('Right')
    expect((await table.getBackupHistory()).map((s) => s.backupId)).toEqual([id(10), id(40)])
    expect((await diagnose(table, { now: T0 })).findings).toEqual([])
  })

  it('refuses a plan with no rule, or a bad one, naming the field', async () => {
    const { table } = await fixture()
    await expect(planExpire(table, {})).rejects.toThrow(/keepLast\/olderThan/)
    await expect(planExpire(table, { keepLast: 0 })).rejects.toThrow(/keepLast/)
  })
})
