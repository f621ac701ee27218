/**
 * History queries as folds: a bounded query returns what the full history says it should, the
 * streaming forms yield the full history page by page, a corrupt session inside what a query
 * returns is `Malformed` naming it, and nothing a call returns can change a later call's answer.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as B from '../../src/core/Bytes.js'
import { BackupInfo } from '../../src/core/domain/BackupInfo.js'
import type { BackupInfo as BackupInfoT } from '../../src/core/domain/BackupInfo.js'
import * as H from '../../src/core/History.js'
import * as Op from '../../src/core/Operation.js'
import * as Session from '../../src/core/rows/BackupSession.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'
import { arbitraries as A } from '../../src/testing/index.js'

/** Sessions with distinct ids and, often, equal start times (ties are where order bugs hide). */
const sessionsArb = fc
  .uniqueArray(A.backupInfo, { maxLength: 25, selector: (i) => i.backupId })
  .chain((infos) =>
    fc
      .tuple(...infos.map(() => fc.nat({ max: 4 })))
      .map((ts) => infos.map((i, k) => ({ ...i, startTs: ts[k] ?? 0 })))
  )

const queryArb = fc.record(
  {
    limit: fc.nat({ max: 30 }),
    order: fc.constantFrom<'newestFirst' | 'oldestFirst'>('newestFirst', 'oldestFirst'),
    onlyCompleted: fc.boolean()
  },
  { requiredKeys: [] }
)

const tableOf = async (infos: ReadonlyArray<BackupInfoT>) => {
  const t = await BackupSystemTable.open(memoryStore())
  for (const i of infos) await t.updateBackupInfo(BackupInfo.encode(i))
  return t
}

/** What the whole history says a query returns. */
const expected = (
  infos: ReadonlyArray<BackupInfoT>,
  q: { limit?: number; order?: 'newestFirst' | 'oldestFirst'; onlyCompleted?: boolean }
) => {
  const kept = H.newestFirst(infos).filter((i) => q.onlyCompleted !== true || i.state === 'COMPLETE')
  const ordered = q.order === 'oldestFirst' ? [...kept].reverse() : kept
  return q.limit === undefined ? ordered : ordered.slice(0, q.limit)
}

const ids = (xs: ReadonlyArray<BackupInfoT>) => xs.map((i) => i.backupId)

describe('history queries', () => {
  it('with a limit return the first sessions of the whole history, filtered and ordered', async () => {
    await fc.assert(
      fc.asyncProperty(sessionsArb, queryArb, async (infos, q) => {
        const t = await tableOf(infos)
        expect(ids(await t.getBackupHistory(q))).toEqual(ids(expected(infos, q)))
        expect(await t.getBackupHistory(q)).toEqual(expected(infos, q))
      }),
      { numRuns: 60 }
    )
  })

  it('stream the whole history page by page, in either order, with filters', async () => {
    await fc.assert(
      fc.asyncProperty(sessionsArb, queryArb, fc.integer({ min: 1, max: 6 }), async (infos, q, pageSize) => {
        const t = await tableOf(infos)
        const { limit: _, ...options } = q
        const streamed: Array<BackupInfoT> = []
        for await (const i of t.getBackupHistoryIterator({ ...options, pageSize })) streamed.push(i)
        expect(ids(streamed)).toEqual(ids(expected(infos, options)))
      }),
      { numRuns: 40 }
    )
  })

  it('read every session row in one scan and stop nothing early', async () => {
    const infos =
      fc.sample(
        sessionsArb.filter((xs) => xs.length > 5),
        1
      )[0] ?? []
    const t = await tableOf(infos)
    const e = await t.explain('getHistory', 2)
    expect(e.steps.map((s) => [s.kind, s.outcome])).toEqual([['read', `${infos.length} rows`]])
    expect(e.result).toEqual({ _tag: 'Right', right: expected(infos, { limit: 2 }) })
  })

  it('refuse a corrupt session among those they return, naming its row', async () => {
    const infos =
      fc.sample(
        sessionsArb.filter((xs) => xs.length > 2),
        1
      )[0] ?? []
    const t = await tableOf(infos)
    const newest = H.newestFirst(infos)[0] as BackupInfoT
    const row = Session.key(newest.backupId)
    const good = Session.put(newest).cells[0]?.value ?? new Uint8Array()
    // a known field with the wrong wire type (field 2 as length-delimited): well framed, so only
    // the full decode can tell (an unknown enum number is data since newer HBase writes them)
    await t.store.mutate([
      {
        ...Op.put('system', row, [
          Op.cell('session', 'context', B.concat(good, Uint8Array.from([0x12, 0x01, 0x00])))
        ]),
        table: t.tables.system
      }
    ])()
    const error = await t.getHistory(1).then(
      () => undefined,
      (e: unknown) => (e instanceof BackupMetaError ? e.error : e)
    )
    expect(error).toMatchObject({ row: B.toStringBinary(row) })
    // framing errors are found in every row, returned or not
    await t.store.mutate([
      {
        ...Op.put('system', row, [Op.cell('session', 'context', good.subarray(0, 9))]),
        table: t.tables.system
      }
    ])()
    const oldest = await t.getBackupHistory({ limit: 1, order: 'oldestFirst' }).then(
      () => undefined,
      (e: unknown) => (e instanceof BackupMetaError ? e.error : e)
    )
    expect(oldest).toMatchObject({ _tag: 'Malformed', row: B.toStringBinary(row) })
  })
})

describe('WAL files', () => {
  it('stream page by page in key order, only the root asked for', async () => {
    const t = await BackupSystemTable.open(memoryStore())
    const files = Array.from({ length: 23 }, (_, i) => `/hbase/oldWALs/rs1.${String(i).padStart(3, '0')}`)
    await t.addWALFiles(
      files.filter((_, i) => i % 3 !== 0),
      'backup_1',
      '/r'
    )
    await t.addWALFiles(
      files.filter((_, i) => i % 3 === 0),
      'backup_2',
      '/other'
    )
    for (const pageSize of [1, 2, 7, 100]) {
      const seen: Array<string> = []
      for await (const w of t.getWALFilesIterator('/r', pageSize)) seen.push(w.file)
      expect(seen).toEqual(files.filter((_, i) => i % 3 !== 0))
    }
    const e = await t.explain('getWALFilesPage', '/r', files[4], 2)
    expect(e.result).toEqual({
      _tag: 'Right',
      right: [files[5], files[7]].map((file) => ({ backupId: 'backup_1', file, backupRoot: '/r' }))
    })
    expect(e.steps[0]?.outcome).toMatch(/then stopped$/)
  })

  it('refuse an invalid root before any page is read', async () => {
    const t = await BackupSystemTable.open(memoryStore())
    const it = t.getWALFilesIterator('')[Symbol.asyncIterator]()
    await expect(it.next()).rejects.toMatchObject({ error: { _tag: 'InvalidValue', field: 'backupRoot' } })
  })
})

describe('returned values', () => {
  it('cannot change what a later call returns', async () => {
    await fc.assert(
      fc.asyncProperty(
        sessionsArb.filter((xs) => xs.length > 0),
        async (infos) => {
          const t = await tableOf(infos)
          const id = (infos[0] as BackupInfoT).backupId
          const before = await t.readBackupInfo(id)
          const history = await t.getBackupHistory()
          const top = await t.getHistory(3)
          // what a careless caller does with what it read
          for (const i of [before, ...history, ...top] as Array<Record<string, unknown> | undefined>) {
            if (i === undefined) continue
            // a frozen value refuses (strict mode throws); a fresh one may change, alone
            const attempts = [
              () => (i['state'] = 'CANCELLED'),
              () => (i['startTs'] = -1),
              () => (i['tables'] as Array<unknown>).push({ table: 'mutated' }),
              () => (((i['tables'] as Array<Record<string, unknown>>)[0] ?? {})['table'] = 'mutated')
            ]
            for (const attempt of attempts)
              try {
                attempt()
              } catch {
                // refused
              }
          }
          expect(await t.readBackupInfo(id)).toEqual(infos[0])
          expect(await t.getBackupHistory()).toEqual(expected(infos, {}))
          expect(await t.getHistory(3)).toEqual(expected(infos, { limit: 3 }))
        }
      ),
      { numRuns: 30 }
    )
  })
})
