/**
 * The linearizability checker on hand-made histories and generated ones, then the exclusive lock
 * under fast-check's scheduler: many clients on one memory store, every interleaving of their store
 * calls that the scheduler picks, each history checked against the lock's sequential model. A lock
 * made of a non-atomic get-then-put must be caught.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import * as B from '../../src/core/Bytes.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'
import type { KVStore } from '../../src/port/KVStore.js'
import type {
  Call,
  LockInput,
  LockOutput,
  Outcome,
  Verdict
} from '../../src/testing/linearizability/index.js'
import {
  checkLinearizable,
  lockModel,
  logicalClock,
  recorder,
  returned,
  unknown
} from '../../src/testing/linearizability/index.js'

type LockCall = Call<LockInput, LockOutput>

const call = (client: number, input: LockInput, at: readonly [number, number], ok?: boolean): LockCall => ({
  client,
  input,
  invokedAt: at[0],
  returnedAt: ok === undefined ? Infinity : at[1],
  outcome: ok === undefined ? unknown : returned(ok)
})

const verdict = (h: ReadonlyArray<LockCall>) => checkLinearizable(lockModel, h)._tag

export const SCHEDULED_RUNS = 300

describe('the linearizability checker', () => {
  it('accepts a sequential acquire, release, acquire', () => {
    expect(
      verdict([
        call(1, 'acquire', [1, 2], true),
        call(2, 'release', [3, 4], true),
        call(2, 'acquire', [5, 6], true)
      ])
    ).toBe('Linearizable')
  })

  it('refuses two acquisitions with no release between, overlapping or not', () => {
    expect(verdict([call(1, 'acquire', [1, 2], true), call(2, 'acquire', [3, 4], true)])).toBe(
      'NotLinearizable'
    )
    expect(verdict([call(1, 'acquire', [1, 4], true), call(2, 'acquire', [2, 3], true)])).toBe(
      'NotLinearizable'
    )
  })

  it('refuses a lost acquisition: refused while nobody holds the lock', () => {
    expect(verdict([call(1, 'acquire', [1, 2], false)])).toBe('NotLinearizable')
    expect(
      verdict([
        call(1, 'acquire', [1, 2], true),
        call(1, 'release', [3, 4], true),
        call(2, 'acquire', [5, 6], false)
      ])
    ).toBe('NotLinearizable')
  })

  it('orders overlapping calls either way', () => {
    expect(verdict([call(1, 'acquire', [1, 4], true), call(2, 'acquire', [2, 3], false)])).toBe(
      'Linearizable'
    )
    expect(verdict([call(1, 'release', [1, 4], true), call(2, 'acquire', [2, 3], true)])).toBe('Linearizable')
  })

  it('lets a call of unknown outcome have happened, or not', () => {
    // client 1 timed out: client 2's refusal is explained only if client 1's acquire took effect
    expect(verdict([call(1, 'acquire', [1, 0]), call(2, 'acquire', [3, 4], false)])).toBe('Linearizable')
    // … and client 2's success only if it did not
    expect(verdict([call(1, 'acquire', [1, 0]), call(2, 'acquire', [3, 4], true)])).toBe('Linearizable')
    // an unknown outcome cannot excuse two known holders
    expect(
      verdict([
        call(1, 'acquire', [1, 2], true),
        call(3, 'release', [2, 0]),
        call(2, 'acquire', [5, 6], true),
        call(2, 'acquire', [7, 8], true)
      ])
    ).toBe('NotLinearizable')
  })

  /** A sequential run of the lock: each output is what the model says. */
  const sequential = fc
    .array(fc.tuple(fc.nat({ max: 3 }), fc.constantFrom<LockInput>('acquire', 'release')), {
      minLength: 1,
      maxLength: 30
    })
    .map((ops) => {
      let s: 'free' | 'held' = 'free'
      return ops.map(([client, input], i): LockCall => {
        const ok = input === 'acquire' ? s === 'free' : s === 'held'
        if (ok) s = input === 'acquire' ? 'held' : 'free'
        return call(client, input, [2 * i, 2 * i + 1], ok)
      })
    })

  it('accepts every sequential run of the model, and catches any one output changed', () => {
    fc.assert(
      fc.property(sequential, fc.nat(), (h, k) => {
        expect(verdict(h)).toBe('Linearizable')
        const i = k % h.length
        const flipped = h.map((c, j) =>
          j === i && c.outcome._tag === 'Returned' ? { ...c, outcome: returned(!c.outcome.output) } : c
        )
        expect(verdict(flipped)).toBe('NotLinearizable')
      })
    )
  })

  it('accepts concurrent runs of an atomic register, whatever the overlap', () => {
    // each call takes effect at a point inside its interval; intervals are stretched at random
    fc.assert(
      fc.property(
        sequential,
        fc.array(fc.nat({ max: 6 }), { minLength: 60, maxLength: 60 }),
        (h, stretch) => {
          const widened = h.map((c, i) => ({
            ...c,
            invokedAt: c.invokedAt - (stretch[2 * i] ?? 0),
            returnedAt: c.returnedAt + (stretch[2 * i + 1] ?? 0)
          }))
          expect(verdict(widened)).toBe('Linearizable')
        }
      )
    )
  })
})

/** A store whose lock CAS is a read, a scheduled pause, then an unconditional put: not atomic. */
const nonAtomicCas = (inner: KVStore, pause: () => Promise<void>): KVStore => ({
  ...inner,
  checkAndPut: (cap) => async () => {
    const row = await inner.get({ _tag: 'Get', table: cap.table, row: cap.row })()
    if (E.isLeft(row)) return row
    const current = O.isSome(row.right)
      ? row.right.value.cells.find((c) => c.family === cap.family && B.equals(c.qualifier, cap.qualifier))
          ?.value
      : undefined
    const expected = O.toUndefined(cap.expected)
    const matches =
      expected === undefined || expected.length === 0
        ? current === undefined || current.length === 0
        : current !== undefined && B.equals(current, expected)
    await pause()
    if (!matches) return E.right(false)
    const put = await inner.mutate([cap.put])()
    return E.isLeft(put) ? put : E.right(true)
  }
})

/** Every store call waits for the scheduler to release it. */
const scheduled = (inner: KVStore, s: fc.Scheduler): KVStore => {
  const gate =
    <A>(task: () => Promise<A>) =>
    () =>
      s.schedule(Promise.resolve()).then(task)
  return {
    ...inner,
    get: (g) => gate(inner.get(g)),
    mutate: (m) => gate(inner.mutate(m)),
    checkAndPut: (c) => gate(inner.checkAndPut(c)),
    checkAndDelete: (c) => gate(inner.checkAndDelete(c))
  }
}

const CLIENTS = 4
const ROUNDS = 3

/** Clients racing acquire → release rounds; the history of every lock call. */
const race = async (s: fc.Scheduler, broken: boolean): Promise<ReadonlyArray<LockCall>> => {
  const base = memoryStore()
  await BackupSystemTable.open(base)
  const store = scheduled(broken ? nonAtomicCas(base, () => s.schedule(Promise.resolve())) : base, s)
  const table = await BackupSystemTable.open(store)
  const rec = recorder<LockInput, LockOutput>(logicalClock())
  const attempt = async (client: number, input: LockInput): Promise<boolean> => {
    const done = rec.invoke(client, input)
    let outcome: Outcome<boolean>
    try {
      await (input === 'acquire'
        ? table.startBackupExclusiveOperation()
        : table.finishBackupExclusiveOperation())
      outcome = returned(true)
    } catch (e) {
      if (!(e instanceof BackupMetaError)) throw e
      const refused = e.error._tag === 'ExclusiveOperation' || e.error._tag === 'NoExclusiveOperation'
      outcome = refused ? returned(false) : unknown
    }
    done(outcome)
    return outcome._tag === 'Returned' && outcome.output
  }
  const client = async (id: number) => {
    for (let r = 0; r < ROUNDS; r++) if (await attempt(id, 'acquire')) await attempt(id, 'release')
  }
  const all = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)))
  await s.waitFor(all)
  return rec.calls()
}

describe('the exclusive lock under scheduled interleavings (memory store)', () => {
  it(`is linearizable in ${SCHEDULED_RUNS} scheduled races of ${CLIENTS} clients × ${ROUNDS} rounds`, async () => {
    let calls = 0
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const h = await race(s, false)
        calls += h.length
        const v = checkLinearizable(lockModel, h)
        expect(v, JSON.stringify(v)).toMatchObject({ _tag: 'Linearizable' })
      }),
      { numRuns: SCHEDULED_RUNS }
    )
    expect(calls).toBeGreaterThanOrEqual(SCHEDULED_RUNS * CLIENTS * ROUNDS)
    process.stdout.write(
      `[lock, scheduled] ${SCHEDULED_RUNS} interleavings, ${calls} lock calls checked: linearizable\n`
    )
  })

  it('catches a lock whose compare-and-set is a non-atomic read then put', async () => {
    let caught: Verdict | undefined
    const failed = await fc
      .assert(
        fc.asyncProperty(fc.scheduler(), async (s) => {
          const v = checkLinearizable(lockModel, await race(s, true))
          if (v._tag === 'NotLinearizable') caught ??= v
          expect(v._tag).toBe('Linearizable')
        }),
        { numRuns: SCHEDULED_RUNS }
      )
      .then(
        () => false,
        () => true
      )
    expect(failed).toBe(true)
    expect(caught?._tag).toBe('NotLinearizable')
  })
})
