/**
 * Interop with HBase's own backup tool (hbase-backup 2.6.1-hadoop3, `hbase backup …`) on the same
 * standalone HBase, both directions:
 *
 * - Java writes, we read: backup sets made with `set add/remove/delete`, and a real
 *   `create full` (snapshot + ExportSnapshot in a local MapReduce job), whose session,
 *   incremental set, table → RS log-roll map and RS log-roll rows we read back and hold against
 *   what `history`, `set list` and `set describe` print.
 * - We write, Java reads: sessions in `history`/`describe`, sets in `set list/describe`; our delete
 *   and merge markers and a RUNNING session make `create` refuse as for its own; our lock and
 *   Java's lock (BackupSystemTable#start/finishBackupExclusiveOperation) exclude each other, with
 *   our holder cells (session:holder.host/pid) in the lock row: Java takes, refuses and releases
 *   the lock as if they were not there, and the doctor never names a later Java holder as ours.
 *
 * Every JVM start costs seconds, so the CLI runs in five batches (javaCli.ts). With
 * HBASE_CAPTURE_JAVA_FIXTURES=1 the rows Java wrote are saved to test/fixtures/java-written/, which
 * test/core/javaFixtures.test.ts decodes without HBase.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import type { Row } from '../../src/core/Operation.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { diagnose } from '../../src/doctor/index.js'
import { repoRoot } from './harness.js'
import {
  backupCli,
  javaDateUtc,
  parseHistory,
  parseSets,
  type CommandResult,
  type ShortDescription
} from './javaCli.js'

const context = inject('hbase')
const [plain] = context.endpoints
const java = context.java

const T1 = 'interop:t1'
const T2 = 'interop:t2'
const SYSTEM = 'backup:system'
const BULK = 'backup:system_bulk'

const right = async <A>(te: () => Promise<E.Either<unknown, A>>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(`store call failed: ${JSON.stringify(r.left)}`)
  return r.right
}

const rowsOf = async (store: KVStore, table: string): Promise<ReadonlyArray<Row>> => {
  const rows: Array<Row> = []
  for await (const batch of store.scan({ _tag: 'Scan', table, range: KR.all, reverse: false }))
    rows.push(...batch)
  return rows
}

const text = (b: Uint8Array): string => B.toStringBinary(b)
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** A command's result, failing with its whole output when it is not there. */
const only = (results: ReadonlyArray<CommandResult>, args: string): CommandResult => {
  const r = results.find((x) => x.args === args)
  if (r === undefined) throw new Error(`no result for "${args}" in ${JSON.stringify(results, null, 1)}`)
  return r
}

const sorted = (xs: ReadonlyArray<string>): ReadonlyArray<string> => [...xs].sort()

// Never a silent skip: without the harness's Java (an external gateway via HBASE_THRIFT) or without
// a gateway, this file fails and says why.
describe('interop prerequisites', () => {
  it('has HBase started by the harness, with its Java backup CLI, and a buffered+binary gateway', () => {
    if (java === undefined)
      throw new Error(
        "the interop tests run HBase's own backup CLI and need the HBase the harness starts; unset HBASE_THRIFT"
      )
    if (plain === undefined) throw new Error('no Thrift2 gateway endpoint was provided by the global setup')
  })
})

describe.runIf(java !== undefined && plain !== undefined)('interop with HBase backup CLI 2.6.1', () => {
  const cli = java === undefined ? undefined : backupCli(java)
  const run = (commands: ReadonlyArray<ReadonlyArray<string>>): Promise<ReadonlyArray<CommandResult>> => {
    if (cli === undefined) throw new Error('no Java')
    return cli(commands)
  }
  let store: KVStore
  let table: BackupSystemTable
  const root = `file://${java?.workDir ?? '/nowhere'}/backup-root`
  const ourRoot = 'file:///interop/ours'
  // LocalFsCopyJob: ExportSnapshot without its checksum check, which a file:// HBase cannot pass
  const createFull = [
    '-D',
    'hbase.backup.copy.class=hbasebackupmeta.interop.LocalFsCopyJob',
    'create',
    'full',
    root,
    '-t',
    `${T1},${T2}`
  ]
  const createIncremental = ['create', 'incremental', root, '-t', `${T1},${T2}`]
  // fails in its snapshot phase: Java writes a FAILED session (after restoring its system table)
  const failingFull = ['create', 'full', root, '-t', 'hbase:namespace']

  // -----------------------------------------------------------------------------------------------
  // Java writes: sets, a full backup; then Java takes its own lock
  // -----------------------------------------------------------------------------------------------
  let first: ReadonlyArray<CommandResult>
  let fullId: string
  let incrId: string
  let failedId: string
  let javaHistory: ReadonlyMap<string, ShortDescription>

  beforeAll(async () => {
    if (plain === undefined) return
    store = hbaseStore({
      host: plain.host,
      port: plain.port,
      transport: plain.transport,
      protocol: plain.protocol
    })
    await right(store.ensureNamespace('interop'))
    for (const t of [T1, T2]) {
      await right(store.ensureTable({ name: t, families: [{ name: 'f', maxVersions: 1 }] }))
      await right(
        store.mutate([
          {
            _tag: 'Put',
            table: t,
            row: B.utf8('r1'),
            cells: [{ family: 'f', qualifier: B.utf8('q'), value: B.utf8(`value of ${t}`) }]
          }
        ])
      )
    }
    first = await run([
      failingFull,
      ['set', 'add', 'js1', `${T1},${T2}`],
      ['set', 'add', 'js2', T1],
      ['set', 'add', 'js3', T2],
      ['set', 'remove', 'js1', T2],
      ['set', 'delete', 'js3'],
      ['set', 'list'],
      ['set', 'describe', 'js1'],
      createFull,
      createIncremental,
      ['history', '-n', '100'],
      ['@lock']
    ])
    const idOf = (command: ReadonlyArray<string>, status: string): string => {
      const r = only(first, command.join(' '))
      const m = new RegExp(`Backup session (backup_\\d+) finished\\. Status: ${status}`).exec(
        r.out.join('\n')
      )
      if (m === null) throw new Error(`${command.join(' ')}: no ${status}: ${JSON.stringify(r)}`)
      return m[1] as string
    }
    fullId = idOf(createFull, 'SUCCESS')
    incrId = idOf(createIncremental, 'SUCCESS')
    javaHistory = parseHistory(only(first, 'history -n 100').out)
    // the failed backup's CLI line has no id; history has it
    failedId = [...javaHistory.values()].find((d) => d.state === 'FAILED')?.id ?? 'none'
    // The tables now exist (Java made them); open ours on the same names, HBase 2.6 layout.
    table = await BackupSystemTable.open(store, { tableName: SYSTEM, bulkTable: 'separate' })
  }, 300_000)

  afterAll(async () => {
    await store?.close()
  })

  it('every Java command of the first batch exited 0, except the backup meant to fail', () => {
    const failing = failingFull.join(' ')
    expect(first.map((r) => [r.args, r.code])).toEqual(first.map((r) => [r.args, r.args === failing ? 1 : 0]))
    expect(only(first, failing).log.join('\n')).toMatch(/System table snapshots are not allowed/)
  })

  it('Java created both tables of the 2.6 layout: backup:system and backup:system_bulk', async () => {
    expect(await right(store.tableExists(SYSTEM))).toBe(true)
    expect(await right(store.tableExists(BULK))).toBe(true)
    expect(table.tables).toEqual({ system: SYSTEM, bulk: BULK })
  })

  it('sets Java wrote: our listBackupSets and describeBackupSet agree with its set list/describe', async () => {
    const javaList = parseSets(only(first, 'set list').out)
    expect(sorted([...javaList.keys()])).toEqual(['js1', 'js2'])
    expect(await table.listBackupSets()).toEqual(['js1', 'js2'])
    for (const [name, tables] of javaList)
      expect(sorted((await table.describeBackupSet(name)) ?? [])).toEqual(sorted(tables))
    expect(parseSets(only(first, 'set describe js1').out).get('js1')).toEqual([T1])
    expect(await table.describeBackupSet('js1')).toEqual([T1])
    expect(await table.describeBackupSet('js3')).toBeUndefined()
  })

  it('the full backup Java made: our BackupInfo says what its history says', async () => {
    const line = javaHistory.get(fullId)
    expect(line).toBeDefined()
    const info = await table.readBackupInfo(fullId)
    expect(info).toBeDefined()
    if (info === undefined || line === undefined) return
    expect(info.backupId).toBe(fullId)
    expect(info.type).toBe(line.type)
    expect(info.state).toBe(line.state)
    expect(info.state).toBe('COMPLETE')
    expect(info.phase).toBe('STORE_MANIFEST')
    expect(info.progress).toBe(line.progress)
    expect(sorted(info.tables.map((t) => t.table))).toEqual(sorted(line.tables))
    expect(javaDateUtc(info.startTs)).toBe(line.startTime)
    expect(javaDateUtc(info.completeTs)).toBe(line.endTime)
    expect(info.backupRootDir).toBe(root)
    expect(info.workers).toBe(-1)
    expect(info.bandwidth).toBe(-1)
    // a full backup records the snapshot it copied, one per table
    for (const t of info.tables) expect(t.snapshotName).toMatch(/^snapshot_\d+_interop_t[12]$/)
    // our history lists it too, newest first by id
    const history = await table.getBackupHistory()
    expect(history.map((h) => h.backupId)).toContain(fullId)
  })

  it('the incremental backup and the failed one Java made: our BackupInfo says what its history says', async () => {
    const incr = await table.readBackupInfo(incrId)
    const incrLine = javaHistory.get(incrId)
    expect(incr?.type).toBe('INCREMENTAL')
    expect(incrLine?.type).toBe('INCREMENTAL')
    expect(incr?.state).toBe(incrLine?.state)
    expect(incr?.state).toBe('COMPLETE')
    expect(sorted(incr?.tables.map((t) => t.table) ?? [])).toEqual(sorted(incrLine?.tables ?? []))
    expect(javaDateUtc(incr?.startTs ?? 0)).toBe(incrLine?.startTime)
    expect(javaDateUtc(incr?.completeTs ?? 0)).toBe(incrLine?.endTime)
    expect(incr?.progress).toBe(incrLine?.progress)

    const failed = await table.readBackupInfo(failedId)
    const failedLine = javaHistory.get(failedId)
    expect(failed?.state).toBe('FAILED')
    expect(failed?.phase).toBe('SNAPSHOT')
    expect(failed?.failedMessage).toBe('System table snapshots are not allowed')
    expect(failed?.failedMessage).toBe(failedLine?.failedMessage)
    expect(failed?.tables.map((t) => t.table)).toEqual(['hbase:namespace'])
    expect(failedLine?.tables).toEqual(['hbase:namespace'])
    expect(javaDateUtc(failed?.startTs ?? 0)).toBe(failedLine?.startTime)
    expect(failed?.progress).toBe(failedLine?.progress)

    // ours, newest first by id, lists the three; Java printed the same ids
    const ids = (await table.getBackupHistory()).map((h) => h.backupId)
    expect(ids).toEqual([incrId, fullId, failedId])
    expect(sorted([...javaHistory.keys()])).toEqual(sorted(ids))
  })

  it('the incremental set, trslm map and rslogts rows after both backups, and BackupInfo field 13', async () => {
    const full = await table.readBackupInfo(fullId)
    const incr = await table.readBackupInfo(incrId)
    expect(await table.getIncrementalBackupTableSet(root)).toEqual([T1, T2])
    const rolls = await table.readRegionServerLastLogRollResult(root)
    const servers = Object.keys(rolls)
    expect(servers).toHaveLength(1)
    const server = servers[0] as string
    expect(server).toMatch(/^127\.0\.0\.1:\d+$/)
    const rollTs = rolls[server] as number
    // the incremental backup rolled the log again, after the full backup started
    expect(rollTs).toBeGreaterThan(full?.startTs ?? Infinity)
    expect(rollTs).toBeLessThanOrEqual(incr?.startTs ?? 0)
    // trslm of every table = the rslogts scan after the last log roll
    const map = await table.readLogTimestampMap(root)
    expect(map).toEqual({ [T1]: rolls, [T2]: rolls })
    // each session persists the map as it was when it completed (table_set_timestamp, field 13)
    expect(incr?.tableSetTimestamp).toEqual(map)
    const fullTs = full?.tableSetTimestamp?.[T1]?.[server] ?? Infinity
    expect(full?.tableSetTimestamp).toEqual({ [T1]: { [server]: fullTs }, [T2]: { [server]: fullTs } })
    expect(fullTs).toBeLessThan(rollTs)
    // nothing of this root is visible from another root
    expect(await table.readLogTimestampMap(`${root}/nested`)).toEqual({})
  })

  it('2.6.1 still writes the start code (removed only by HBASE-29800, 2026) but no wals: rows; we read it', async () => {
    const keys = (await rowsOf(store, SYSTEM)).map((r) => text(r.key))
    expect(keys.filter((k) => k.startsWith('wals:'))).toEqual([])
    expect(keys).toContain(`startcode:${root}`)
    // FullTableBackupClient: the new start code is the minimum over the trslm map of this root
    const map = await table.readLogTimestampMap(root)
    const min = Math.min(...Object.values(map).flatMap((servers) => Object.values(servers)))
    expect(await table.readBackupStartCode(root)).toBe(min)
    expect(keys).toContain('activesession:')
  })

  it("layout 'auto' detects 2.6.1 on the table Java wrote, and says on what evidence", async () => {
    const detected = await BackupSystemTable.open(store, { tableName: SYSTEM, layout: 'auto' })
    expect(detected.layout.chosenBy).toBe('auto')
    expect(detected.layout.candidates).toContain('2.6.1')
    expect(detected.layout.name).toBe('2.6.1')
    expect(detected.layout.evidence.length).toBeGreaterThan(0)
  })

  it('captures the rows Java wrote as fixtures when HBASE_CAPTURE_JAVA_FIXTURES=1', async () => {
    const rows = await rowsOf(store, SYSTEM)
    expect(rows.length).toBeGreaterThanOrEqual(7)
    if (process.env['HBASE_CAPTURE_JAVA_FIXTURES'] !== '1') return
    const dir = join(repoRoot, 'test/fixtures/java-written')
    mkdirSync(dir, { recursive: true })
    const rowJson = (r: Row) => ({
      key: hex(r.key),
      keyText: text(r.key),
      cells: r.cells.map((c) => ({
        family: c.family,
        qualifier: hex(c.qualifier),
        qualifierText: text(c.qualifier),
        value: hex(c.value)
      }))
    })
    const pick = (prefix: string) => rows.filter((r) => text(r.key).startsWith(prefix)).map(rowJson)
    const common = {
      writtenBy:
        'org.apache.hbase:hbase-backup:2.6.1-hadoop3 (BackupDriver CLI), captured by test/hbase/interop.test.ts',
      table: SYSTEM,
      backupRoot: root
    }
    const write = (name: string, body: object): void =>
      writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ ...common, ...body }, null, 2)}\n`)
    write('backup-sets', {
      commands: first.slice(0, 5).map((r) => `hbase backup ${r.args}`),
      javaPrinted: only(first, 'set list').out,
      rows: pick('backupset:'),
      expected: Object.fromEntries(parseSets(only(first, 'set list').out))
    })
    write('backups', {
      commands: [failingFull, createFull, createIncremental].map((c) => `hbase backup ${c.join(' ')}`),
      javaPrinted: only(first, 'history -n 100').out,
      rows: [
        ...pick('session:'),
        ...pick('startcode:'),
        ...pick('incrbackupset:'),
        ...pick('trslm:'),
        ...pick('rslogts:')
      ],
      expected: {
        sessions: Object.fromEntries(
          await Promise.all(
            [failedId, fullId, incrId].map(async (id) => [id, await table.readBackupInfo(id)] as const)
          )
        ),
        startCode: await table.readBackupStartCode(root),
        incrementalSet: await table.getIncrementalBackupTableSet(root),
        logTimestampMap: await table.readLogTimestampMap(root),
        lastLogRoll: await table.readRegionServerLastLogRollResult(root)
      }
    })
    write('exclusive-lock', {
      commands: ['BackupSystemTable#startBackupExclusiveOperation() after the full backup released it'],
      rows: pick('activesession:'),
      expected: { state: 'yes' }
    })
  })

  // -----------------------------------------------------------------------------------------------
  // We write, Java reads
  // -----------------------------------------------------------------------------------------------
  const ours = {
    full: {
      backupId: 'backup_1700000000001',
      type: 'FULL',
      backupRootDir: ourRoot,
      state: 'COMPLETE',
      phase: 'STORE_MANIFEST',
      tables: [{ table: T1, snapshotName: 'snapshot_1700000000002_interop_t1' }],
      startTs: 1_700_000_000_001,
      completeTs: 1_700_000_123_456,
      progress: 100,
      workers: -1,
      bandwidth: -1
    },
    incr: {
      backupId: 'backup_1700000200000',
      type: 'INCREMENTAL',
      backupRootDir: ourRoot,
      state: 'FAILED',
      phase: 'INCREMENTAL_COPY',
      failedMessage: 'copy failed: no space, retry later',
      tables: [{ table: T1 }, { table: T2 }],
      startTs: 1_700_000_200_000,
      completeTs: 1_700_000_260_000,
      progress: 40,
      workers: 3,
      bandwidth: 100
    }
  } as const

  let second: ReadonlyArray<CommandResult>
  const lockTimeout = ['-D', 'hbase.backup.exclusive.op.timeout.seconds=2', ...createFull]

  it("Java's lock is held: ours cannot take it, and our release frees it as Java's would", async () => {
    await expect(table.startBackupExclusiveOperation()).rejects.toThrow()
    await table.finishBackupExclusiveOperation()
    await table.startBackupExclusiveOperation()
  })

  /** The lock row's qualifiers as stored, in order. */
  const lockCells = async (): Promise<
    ReadonlyArray<Readonly<Record<string, string | number | undefined>>>
  > => {
    const r = await right(
      store.get({ _tag: 'Get', table: SYSTEM, row: B.utf8('activesession:'), family: 'session' })
    )
    return r._tag === 'None'
      ? []
      : r.value.cells.map((c) => ({ q: text(c.qualifier), v: text(c.value), ts: c.timestamp }))
  }

  it('our sessions, sets and held lock, then Java reads them (second batch)', async () => {
    // the lock Java is about to meet carries our holder cells next to session:c
    expect((await lockCells()).map((c) => c.q)).toEqual(['c', 'holder.host', 'holder.pid'])
    await table.updateBackupInfo(ours.full)
    await table.updateBackupInfo(ours.incr)
    await table.addToBackupSet('ours1', [T1, T2])
    await table.addToBackupSet('ours2', [T2])
    second = await run([
      ['history', '-n', '100'],
      ['describe', ours.full.backupId],
      ['describe', ours.incr.backupId],
      ['set', 'list'],
      ['set', 'describe', 'ours1'],
      lockTimeout,
      ['@unlock'],
      ['history', '-n', '100']
    ])
    expect(second.map((r) => r.args)).toHaveLength(8)
  }, 240_000)

  it('our sessions appear in Java history and describe with the same ids, types, states, tables and times', () => {
    const history = parseHistory(only(second, 'history -n 100').out)
    expect(history.get(fullId)?.state).toBe('COMPLETE')
    for (const s of [ours.full, ours.incr]) {
      const line = history.get(s.backupId)
      expect(line, `history line of ${s.backupId}`).toBeDefined()
      const described = parseHistory(only(second, `describe ${s.backupId}`).out).get(s.backupId)
      expect(described, `describe of ${s.backupId}`).toEqual(line)
      expect(line?.type).toBe(s.type)
      expect(line?.state).toBe(s.state)
      expect(sorted(line?.tables ?? [])).toEqual(sorted(s.tables.map((t) => t.table)))
      expect(line?.startTime).toBe(javaDateUtc(s.startTs))
      expect(line?.progress).toBe(s.progress)
    }
    expect(history.get(ours.full.backupId)?.endTime).toBe(javaDateUtc(ours.full.completeTs))
    expect(history.get(ours.incr.backupId)?.failedMessage).toBe(ours.incr.failedMessage)
  })

  it('our sets appear in Java set list and set describe', () => {
    const list = parseSets(only(second, 'set list').out)
    expect(sorted([...list.keys()])).toEqual(['js1', 'js2', 'ours1', 'ours2'])
    expect(sorted(list.get('ours1') ?? [])).toEqual([T1, T2])
    expect(list.get('ours2')).toEqual([T2])
    expect(sorted(parseSets(only(second, 'set describe ours1').out).get('ours1') ?? [])).toEqual([T1, T2])
  })

  it('our lock makes Java create give up, and Java releases our lock', async () => {
    const refused = only(second, lockTimeout.join(' '))
    expect(refused.code).not.toBe(0)
    expect(refused.log.join('\n')).toMatch(/exclusive lock/i)
    expect(only(second, '@unlock').code).toBe(0)
    // Java set it back to "no": our release finds nothing to release, our acquire works again
    await expect(table.finishBackupExclusiveOperation()).rejects.toThrow()
    await table.startBackupExclusiveOperation()
    await table.finishBackupExclusiveOperation()
    // the refused create wrote no session
    const after = parseHistory(only(second, 'history -n 100').out)
    expect(sorted([...after.keys()])).toEqual(
      sorted([failedId, fullId, incrId, ours.full.backupId, ours.incr.backupId])
    )
  })

  it('with our holder cells left in the lock row, Java takes its lock, backs up and releases; the doctor never names Java as us', async () => {
    await table.startBackupExclusiveOperation()
    await table.finishBackupExclusiveOperation()
    const left = await lockCells()
    expect(left.map((c) => c.q)).toEqual(['c', 'holder.host', 'holder.pid'])
    expect(left[0]?.v).toBe('no')
    const third = await run([createFull, ['@lock']])
    expect(third.map((r) => r.code)).toEqual([0, 0])
    expect(third[0]?.out.join('\n')).toMatch(/Backup session backup_\d+ finished\. Status: SUCCESS/)
    // Java's "yes" is newer than our cells: they no longer describe the holder
    const held = await lockCells()
    const c = held.find((x) => x.q === 'c')
    const pid = held.find((x) => x.q === 'holder.pid')
    expect(c?.v).toBe('yes')
    expect(pid?.v).toBe(String(process.pid))
    expect(c?.ts).not.toBe(pid?.ts)
    const d = await diagnose(table, { isAlive: () => false })
    expect(d.lock._tag).toBe('Unknown')
    expect(d.findings.map((f) => f.kind)).toContain('lock-holder-unknown')
    expect(d.findings.map((f) => f.kind)).not.toContain('stale-lock')
    // released by us exactly as Java's own finishBackupExclusiveOperation would
    await table.finishBackupExclusiveOperation()
    expect((await lockCells()).find((x) => x.q === 'c')?.v).toBe('no')
  }, 300_000)

  // -----------------------------------------------------------------------------------------------
  // Command guards (BackupCommands.Command#execute): as for Java's own state
  // -----------------------------------------------------------------------------------------------
  const refusedCreate = async (): Promise<CommandResult> => {
    const [r] = await run([createFull])
    if (r === undefined) throw new Error('no result')
    return r
  }

  it('a RUNNING session of ours: Java create refuses with "Active session found"', async () => {
    await table.updateBackupInfo({
      ...ours.full,
      backupId: 'backup_1700000300000',
      state: 'RUNNING',
      phase: 'SNAPSHOTCOPY',
      completeTs: 0,
      progress: 10
    })
    const r = await refusedCreate()
    await table.deleteBackupInfo('backup_1700000300000')
    expect(r.code).not.toBe(0)
    expect(r.log.join('\n')).toMatch(/Active session found/)
  }, 120_000)

  it('our delete marker: Java create refuses with "Failed backup DELETE found"', async () => {
    await table.startDeleteOperation([ours.full.backupId])
    const r = await refusedCreate()
    await table.finishDeleteOperation()
    expect(r.code).not.toBe(0)
    expect(r.log.join('\n')).toMatch(/Failed backup DELETE found/)
  }, 120_000)

  it('our merge marker: Java create refuses with "Failed backup MERGE found"', async () => {
    await table.startMergeOperation([ours.incr.backupId])
    await table.updateProcessedTablesForMerge([T1])
    const r = await refusedCreate()
    await table.finishMergeOperation()
    expect(r.code).not.toBe(0)
    expect(r.log.join('\n')).toMatch(/Failed backup MERGE found/)
    expect(await table.isMergeInProgress()).toBe(false)
  }, 120_000)
})
