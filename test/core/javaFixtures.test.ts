/**
 * Rows HBase's own backup tool wrote (hbase-backup 2.6.1-hadoop3, captured by
 * test/hbase/interop.test.ts with HBASE_CAPTURE_JAVA_FIXTURES=1 into test/fixtures/java-written/),
 * decoded with our row modules, no HBase needed. Each value is held against what Java printed
 * (`history`, `set list`) or what Java's own writer must have meant, and re-encoded where our
 * writer has to produce the very same bytes.
 *
 * Byte-exact: row keys, backup-set values of one table, the incremental-set columns, the start
 * code, TableServerTimestamp, the 8-byte RS log-roll value, the lock value, and these BackupInfos
 * (2.6.1 writes fields 1–13 in field order, and we keep the stored order of backup_table_info, a
 * Java HashMap's); each is also compared semantically (decode∘encode), which is all a BackupInfo
 * from a newer HBase (fields 15/16 always written) could be held to.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import type { BackupRoot } from '../../src/core/domain/Identifiers.js'
import type { Cell, Put, Row } from '../../src/core/Operation.js'
import { decodeBackupInfo, encodeBackupInfo } from '../../src/core/proto/BackupInfoProto.js'
import * as Rows from '../../src/core/rows/index.js'
import { families } from '../../src/core/rows/Schema.js'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import { javaDateUtc, parseSets, parseShortDescription } from '../hbase/javaCli.js'

interface FixtureCell {
  readonly family: string
  readonly qualifier: string
  readonly qualifierText: string
  readonly value: string
}
interface FixtureRow {
  readonly key: string
  readonly keyText: string
  readonly cells: ReadonlyArray<FixtureCell>
}
interface Fixture<X> {
  readonly writtenBy: string
  readonly table: string
  readonly backupRoot: string
  readonly commands: ReadonlyArray<string>
  readonly javaPrinted?: ReadonlyArray<string>
  readonly rows: ReadonlyArray<FixtureRow>
  readonly expected: X
}

const dir = join(import.meta.dirname, '../fixtures/java-written')
const load = <X>(name: string): Fixture<X> =>
  JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Fixture<X>

const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'))
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const rowOf = (r: FixtureRow): Row => ({
  key: bytes(r.key),
  cells: r.cells.map((c) => ({ family: c.family, qualifier: bytes(c.qualifier), value: bytes(c.value) }))
})
const right = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}
const rowsWith = (f: Fixture<unknown>, prefix: string): ReadonlyArray<FixtureRow> =>
  f.rows.filter((r) => r.keyText.startsWith(prefix))
const single = (f: Fixture<unknown>, prefix: string): FixtureRow => {
  const rows = rowsWith(f, prefix)
  expect(rows, `one ${prefix} row`).toHaveLength(1)
  return rows[0] as FixtureRow
}
/** A put as stored: key and cells in hex, (family, qualifier) order as HBase returns them. */
const stored = (p: Put): { key: string; cells: ReadonlyArray<[string, string, string]> } => ({
  key: hex(p.row),
  cells: [...p.cells]
    .map((c: Cell): [string, string, string] => [c.family, hex(c.qualifier), hex(c.value)])
    .sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1))
})
const asStored = (r: FixtureRow): { key: string; cells: ReadonlyArray<[string, string, string]> } => ({
  key: r.key,
  cells: r.cells.map((c): [string, string, string] => [c.family, c.qualifier, c.value])
})

describe('java-written fixtures: backup sets (set add/remove/delete)', () => {
  const f = load<Record<string, ReadonlyArray<string>>>('backup-sets')
  it('are what Java printed in set list, and nothing of the deleted set js3 is left', () => {
    expect(Object.fromEntries(parseSets(f.javaPrinted ?? []))).toEqual(f.expected)
    expect(f.rows.map((r) => r.keyText).sort()).toEqual(Object.keys(f.expected).map((n) => `backupset:${n}`))
  })
  it.each(load<unknown>('backup-sets').rows.map((r) => [r.keyText, r] as const))(
    '%s decodes to the tables Java listed, and re-encodes byte for byte',
    (_, r) => {
      const row = rowOf(r)
      const name = right(Rows.BackupSet.decodeKey(row.key))
      const tables = right(Rows.BackupSet.decodeRow(row))
      expect(tables).toEqual(f.expected[name])
      expect(stored(Rows.BackupSet.put(name, tables ?? []))).toEqual(asStored(r))
    }
  )
})

describe('java-written fixtures: the exclusive lock (BackupSystemTable#startBackupExclusiveOperation)', () => {
  const f = load<{ state: string }>('exclusive-lock')
  it('is held, with the key and value our lock writes', () => {
    const r = single(f, 'activesession:')
    expect(Rows.ExclusiveLock.decodeState(O.some(rowOf(r)))).toBe('held')
    expect(r.key).toBe(hex(Rows.ExclusiveLock.KEY))
    expect(r.cells).toEqual([
      {
        family: 'session',
        qualifier: hex(Rows.ExclusiveLock.QUALIFIER),
        qualifierText: 'c',
        value: hex(Rows.ExclusiveLock.YES)
      }
    ])
  })
})

interface SessionJson {
  readonly backupId: string
  readonly type: string
  readonly state: string
  readonly startTs: number
  readonly tableSetTimestamp?: Record<string, Record<string, number>>
}
interface BackupsExpected {
  readonly sessions: Record<string, SessionJson>
  readonly startCode: number
  readonly incrementalSet: ReadonlyArray<string>
  readonly logTimestampMap: Record<string, Record<string, number>>
  readonly lastLogRoll: Record<string, number>
}

describe('java-written fixtures: a failed full, a full and an incremental backup (create)', () => {
  const f = load<BackupsExpected>('backups')
  const root = f.backupRoot as BackupRoot
  const printed = (f.javaPrinted ?? []).map((l) => parseShortDescription(l))
  const sessions = Object.values(f.expected.sessions)
  const newest = [...sessions].sort((x, y) => y.startTs - x.startTs)[0]

  it('holds one FAILED FULL, one COMPLETE FULL and one COMPLETE INCREMENTAL session, as Java printed', () => {
    expect(sessions.map((x) => `${x.type} ${x.state}`).sort()).toEqual([
      'FULL COMPLETE',
      'FULL FAILED',
      'INCREMENTAL COMPLETE'
    ])
    expect(printed.map((p) => p?.id).sort()).toEqual(Object.keys(f.expected.sessions).sort())
    expect(
      rowsWith(f, 'session:')
        .map((r) => r.keyText.slice('session:'.length))
        .sort()
    ).toEqual(Object.keys(f.expected.sessions).sort())
  })

  it.each(
    load<BackupsExpected>('backups')
      .rows.filter((r) => r.keyText.startsWith('session:'))
      .map((r) => [r.keyText, r] as const)
  )('%s: the BackupInfo says what Java history printed, and re-encodes byte for byte', (_, r) => {
    const info = right(Rows.BackupSession.decodeRow(rowOf(r)))
    expect(info).toEqual(f.expected.sessions[info.backupId])
    const line = printed.find((p) => p?.id === info.backupId)
    expect(line).toBeDefined()
    expect(info.type).toBe(line?.type)
    expect(info.state).toBe(line?.state)
    expect(info.progress).toBe(line?.progress)
    expect(info.tables.map((t) => t.table)).toEqual(line?.tables)
    expect(javaDateUtc(info.startTs)).toBe(line?.startTime)
    if (info.state === 'COMPLETE') expect(javaDateUtc(info.completeTs)).toBe(line?.endTime)
    if (info.state === 'FAILED') {
      expect(info.failedMessage).toBe(line?.failedMessage)
      expect(info.tableSetTimestamp).toBeUndefined()
    }
    expect(info.backupRootDir).toBe(f.backupRoot)
    const value = bytes(r.cells[0]?.value ?? '')
    expect(hex(encodeBackupInfo(info))).toBe(hex(value))
    expect(right(decodeBackupInfo(encodeBackupInfo(info)))).toEqual(info)
    expect(hex(Rows.BackupSession.put(info).row)).toBe(r.key)
  })

  it('the newest session persists the trslm map of the root (field 13)', () => {
    expect(newest?.type).toBe('INCREMENTAL')
    expect(newest?.tableSetTimestamp).toEqual(f.expected.logTimestampMap)
  })

  it('startcode: the decimal minimum of the trslm map, as our writer spells it', () => {
    const r = single(f, 'startcode:')
    const code = right(Rows.StartCode.decodeRow(rowOf(r)))
    expect(code).toBe(f.expected.startCode)
    const all = Object.values(f.expected.logTimestampMap).flatMap((s) => Object.values(s))
    expect(code).toBe(Math.min(...all))
    expect(stored(Rows.StartCode.put(root, code ?? -1))).toEqual(asStored(r))
  })

  it('incrbackupset: one empty column per table, sorted, and our put is the same', () => {
    const r = single(f, 'incrbackupset:')
    const tables = right(Rows.IncrementalSet.decodeRow(rowOf(r)))
    expect(tables).toEqual(f.expected.incrementalSet)
    expect(stored(right(Rows.IncrementalSet.put(root, tables)))).toEqual(asStored(r))
  })

  it('trslm: one TableServerTimestamp per table, equal to the rslogts of the root, re-encoded exactly', () => {
    const rows = rowsWith(f, 'trslm:')
    expect(rows).toHaveLength(Object.keys(f.expected.logTimestampMap).length)
    for (const r of rows) {
      const d = right(Rows.TableServerLogRoll.decodeRow(rowOf(r)))
      expect(d.root).toBe(f.backupRoot)
      expect(d.servers).toEqual(f.expected.logTimestampMap[d.table])
      expect(d.servers).toEqual(f.expected.lastLogRoll)
      expect(stored(Rows.TableServerLogRoll.put(root, d.table, d.servers))).toEqual(asStored(r))
    }
  })

  it('rslogts: an 8-byte big-endian timestamp per host:port, not after the backup started', () => {
    const rows = rowsWith(f, 'rslogts:')
    expect(rows).toHaveLength(Object.keys(f.expected.lastLogRoll).length)
    for (const r of rows) {
      const d = right(Rows.ServerLogRoll.decodeRow(rowOf(r)))
      expect(d.server).toMatch(/^127\.0\.0\.1:\d+$/)
      expect(d.timestamp).toBe(f.expected.lastLogRoll[d.server])
      expect(d.timestamp).toBeLessThanOrEqual(newest?.startTs ?? 0)
      expect(stored(Rows.ServerLogRoll.put(root, d.server, d.timestamp))).toEqual(asStored(r))
    }
  })
})

describe("java-written fixtures: layout: 'auto' on the table HBase 2.6.1 wrote", () => {
  it('detects 2.6.1 (start codes, no wals: rows, a bulk table), and reads the history through it', async () => {
    const f = load<unknown>('backups')
    const store = memoryStore()
    await store.ensureNamespace('backup')()
    await store.ensureTable({ name: 'backup:system', families: families() })()
    // Java 2.6.1 created backup:system_bulk too (verified by the interop test); no bulk load ran
    await store.ensureTable({ name: 'backup:system_bulk', families: families() })()
    const rows = f.rows.map(rowOf)
    await store.mutate(
      rows.map((r) => ({ _tag: 'Put' as const, table: 'backup:system', row: r.key, cells: r.cells }))
    )()
    const table = await BackupSystemTable.open(store, { layout: 'auto' })
    expect(table.layout).toMatchObject({ name: '2.6.1', chosenBy: 'auto' })
    expect(table.layout.candidates).toContain('2.6.1')
    expect(await table.getBackupHistory()).toHaveLength(3)
  })
})
