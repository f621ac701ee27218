/**
 * Hostile input: for any invalid argument of any API method the call rejects with a typed error
 * naming the argument, no call reaches the store, and the stored bytes are unchanged.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import { argumentNames } from '../../src/api/argumentNames.js'
import { methods, type MethodName } from '../../src/api/methods.js'
import { recordingStore } from '../../src/testing/recordingStore.js'
import { hostileCall, hostileCatalogue } from './hostileInput.js'
import { dumpTables, seededTable } from './storeFixture.js'

export const HOSTILE_RUNS = 2_000

describe('hostile input', () => {
  it('every method with arguments has a catalogue entry for each of them', () => {
    const ms = methods({ maxAttempts: 1, clock: () => 0 })
    for (const name of Object.keys(ms) as Array<MethodName>) {
      expect(hostileCatalogue[name].length, name).toBeGreaterThanOrEqual(ms[name].length)
    }
  })

  it('the catalogue names each argument as the boundary does (argumentNames), so errors and tests agree', () => {
    for (const name of Object.keys(hostileCatalogue) as Array<MethodName>) {
      const named: ReadonlyArray<string> = argumentNames[name]
      expect(
        hostileCatalogue[name].map((s) => s.field),
        name
      ).toEqual(named.slice(0, hostileCatalogue[name].length))
    }
  })

  it('an invalid argument is refused with an error naming it; nothing reaches the store; nothing changes', async () => {
    const inner = memoryStore()
    await seededTable(inner)
    const before = await dumpTables(inner)
    const rec = recordingStore(inner)
    const table = await BackupSystemTable.open(rec.store)
    const tried = new Map<MethodName, number>()
    await fc.assert(
      fc.asyncProperty(hostileCall, async (call) => {
        rec.clear()
        tried.set(call.method, (tried.get(call.method) ?? 0) + 1)
        const invoke = table[call.method] as (...a: ReadonlyArray<unknown>) => Promise<unknown>
        let thrown: unknown
        try {
          await invoke(...call.args)
        } catch (e) {
          thrown = e
        }
        expect(thrown, `${call.method} accepted a bad ${call.field}`).toBeInstanceOf(BackupMetaError)
        const error = (thrown as BackupMetaError).error
        expect(error._tag).toBe('InvalidValue')
        expect('field' in error ? error.field : '', JSON.stringify(error)).toMatch(
          new RegExp(`^${call.field.replace(/[.[\]]/g, '\\$&')}`)
        )
        expect(rec.calls()).toEqual([])
      }),
      { numRuns: HOSTILE_RUNS }
    )
    expect(await dumpTables(inner)).toEqual(before)
    process.stdout.write(
      `[hostile input] ${HOSTILE_RUNS} invalid calls over ${tried.size} methods ` +
        `(${Math.min(...tried.values())}–${Math.max(...tried.values())} each): all refused, 0 store calls, 0 bytes changed\n`
    )
    const withArgs = Object.entries(hostileCatalogue).filter(([, specs]) => specs.length > 0)
    expect(tried.size).toBe(withArgs.length)
  })
})
