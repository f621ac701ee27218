/**
 * The exclusive-operation lock on a real HBase: 8 clients, each with its own connection to the
 * gateway, race 50 rounds of acquire → release. Every call is recorded with real invoke and return
 * times (a timeout or lost answer as "unknown outcome") and the history is checked for
 * linearizability against the lock's sequential model.
 */
import { performance } from 'node:perf_hooks'
import { describe, expect, inject, it } from 'vitest'
import { hbaseStore } from '../../src/adapters/hbase/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'
import type { LockInput, LockOutput, Outcome } from '../../src/testing/linearizability/index.js'
import {
  checkLinearizable,
  lockModel,
  recorder,
  returned,
  unknown
} from '../../src/testing/linearizability/index.js'

const { endpoints } = inject('hbase')
const CLIENTS = 8
const ROUNDS = 50

describe('the exclusive lock on a real HBase', () => {
  it(`is linearizable with ${CLIENTS} clients × ${ROUNDS} rounds racing for it`, async () => {
    const e = endpoints[0]
    if (e === undefined) throw new Error('no gateway endpoint')
    const tableName = `backup:lockrace_${Date.now()}`
    const stores = Array.from({ length: CLIENTS }, () =>
      hbaseStore({ host: e.host, port: e.port, transport: e.transport, protocol: e.protocol })
    )
    try {
      const tables = await Promise.all(stores.map((s) => BackupSystemTable.open(s, { tableName })))
      const rec = recorder<LockInput, LockOutput>(() => performance.now())
      const unexpected: Array<string> = []
      const attempt = async (client: number, input: LockInput): Promise<boolean> => {
        const t = tables[client] as BackupSystemTable
        const done = rec.invoke(client, input)
        let outcome: Outcome<boolean>
        try {
          await (input === 'acquire' ? t.startBackupExclusiveOperation() : t.finishBackupExclusiveOperation())
          outcome = returned(true)
        } catch (thrown) {
          const tag = thrown instanceof BackupMetaError ? thrown.error._tag : 'untyped'
          if (tag === 'ExclusiveOperation' || tag === 'NoExclusiveOperation') outcome = returned(false)
          else {
            if (!['Timeout', 'Unavailable', 'OutcomeUnknown'].includes(tag)) unexpected.push(String(thrown))
            outcome = unknown
          }
        }
        done(outcome)
        return outcome._tag === 'Returned' && outcome.output
      }
      const client = async (id: number) => {
        for (let r = 0; r < ROUNDS; r++) if (await attempt(id, 'acquire')) await attempt(id, 'release')
      }
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)))
      const history = rec.calls()
      const checkStarted = performance.now()
      const verdict = checkLinearizable(lockModel, history)
      const checkMs = performance.now() - checkStarted

      const acquired = history.filter(
        (c) => c.input === 'acquire' && c.outcome._tag === 'Returned' && c.outcome.output
      )
      const released = history.filter(
        (c) => c.input === 'release' && c.outcome._tag === 'Returned' && c.outcome.output
      )
      const refused = history.filter(
        (c) => c.input === 'acquire' && c.outcome._tag === 'Returned' && !c.outcome.output
      )
      process.stdout.write(
        `[lock race] ${history.length} calls: ${acquired.length} acquired, ${refused.length} refused, ` +
          `${history.filter((c) => c.outcome._tag === 'Unknown').length} unknown; checked in ${checkMs.toFixed(0)} ms ` +
          `(${verdict.explored} states)\n`
      )
      expect(unexpected).toEqual([])
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ _tag: 'Linearizable' })
      // every round's acquisition was released by its holder, and the race had contention
      expect(released.length).toBe(acquired.length)
      const unknownAcquires = history.filter((c) => c.input === 'acquire' && c.outcome._tag === 'Unknown')
      expect(acquired.length + refused.length + unknownAcquires.length).toBe(CLIENTS * ROUNDS)
      expect(refused.length).toBeGreaterThan(0)
      // at most one holder at a time, directly: the [acquire return, release invoke] windows never overlap
      const holds = acquired
        .map((a) => ({
          from: a.returnedAt,
          to:
            released.find((r) => r.client === a.client && r.invokedAt >= a.returnedAt)?.invokedAt ?? Infinity
        }))
        .sort((x, y) => x.from - y.from)
      for (let i = 1; i < holds.length; i++)
        expect(holds[i]?.from).toBeGreaterThanOrEqual(holds[i - 1]?.to ?? 0)
      // and the lock ends free: one more client takes and gives it back
      await tables[0]?.startBackupExclusiveOperation()
      await tables[0]?.finishBackupExclusiveOperation()
    } finally {
      await Promise.all(stores.map((s) => s.close()))
    }
  })
})
