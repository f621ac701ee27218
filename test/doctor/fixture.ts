// A memory table with a settable clock and helpers to write the states the doctor looks for.
import { memoryStore } from '../../src/adapters/memory/index.js'
import type { BackupSystemTable as Table, OpenOptions } from '../../src/api/BackupSystemTable.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import { info } from '../api/apiSuite.js'

export const T0 = 1_700_000_000_000

export interface Fixture {
  readonly table: Table
  readonly clock: { now: number }
  /** The same store seen by another process (another holder). */
  readonly other: (holder: OpenOptions['lockHolder']) => Table
}

export const fixture = async (options: OpenOptions = {}): Promise<Fixture> => {
  const clock = { now: T0 }
  const store = memoryStore({ clock: () => clock.now })
  const opts: OpenOptions = { clock: () => clock.now, lockHolder: { host: 'node-a', pid: 101 }, ...options }
  const table = await BackupSystemTable.open(store, opts)
  const other = (lockHolder: OpenOptions['lockHolder']): Table => {
    const t = BackupSystemTable.attach(store, {
      ...opts,
      ...(lockHolder === undefined ? {} : { lockHolder })
    })
    if (t._tag === 'Left') throw new Error('attach')
    return t.right
  }
  return { table, clock, other }
}

/** A session as the API suite writes them (COMPLETE FULL of t1 in /backup, started at `id`). */
export const session = info

/** A healthy history: a FULL of t1 and an incremental on top, with their log-roll rows. */
export const healthy = async (t: Table): Promise<void> => {
  await t.updateBackupInfo(session(T0 - 20_000))
  await t.updateBackupInfo(session(T0 - 10_000, { type: 'INCREMENTAL' }))
  await t.addIncrementalBackupTableSet(['t1'], '/backup')
  await t.writeRegionServerLastLogRollResult('rs1:16020', T0 - 10_000, '/backup')
  await t.writeRegionServerLogTimestamp(['t1'], { 'rs1:16020': T0 - 10_000 }, '/backup')
}
