/**
 * Programs: the monad laws stated in `Program.ts`, observed through a scripted handler record (the
 * instructions reached, in order, and the result); stack-safe linear composition; scan folds that
 * stop early and close the store's scan.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import * as B from '../../src/core/Bytes.js'
import * as KR from '../../src/core/KeyRange.js'
import * as Op from '../../src/core/Operation.js'
import type { Row } from '../../src/core/Operation.js'
import * as P from '../../src/core/Program.js'
import { conflict } from '../../src/core/ProgramError.js'
import type { Handlers } from '../../src/interpreter/interpret.js'
import { interpret } from '../../src/interpreter/interpret.js'
import { run } from '../../src/interpreter/run.js'
import type { KVStore } from '../../src/port/KVStore.js'

const row = (k: number): Uint8Array => B.utf8(`r${k}`)
const getOf = (k: number): Op.Get => Op.get('system', row(k))

/** Batches a scripted scan yields: 5 batches of 3 rows. */
const batches: ReadonlyArray<ReadonlyArray<Row>> = Array.from({ length: 5 }, (_, b) =>
  Array.from({ length: 3 }, (_, r) => ({ key: row(b * 3 + r), cells: [] }))
)

/** A pure handler record: gets of odd rows find a row; every instruction is logged. */
const scripted = (log: Array<string>): Handlers => {
  const logged = <A>(text: string, a: () => A) =>
    TE.fromIO(() => {
      log.push(text)
      return a()
    })
  return {
    Get: (i) =>
      logged(Op.show(i), () => ((i.row.at(-1) ?? 0) % 2 === 1 ? O.some({ key: i.row, cells: [] }) : O.none)),
    ScanFold: (i) =>
      logged(Op.show(i.scan), () => {
        let s = i.initial()
        for (const b of batches) {
          const next = i.step(s, b)
          s = next.state
          if (next.done) break
        }
        return s
      }),
    Mutate: (i) => logged(`mutate ${i.mutations.length}`, () => undefined),
    CheckAndPut: (i) => logged(Op.show(i), () => true),
    CheckAndDelete: (i) => logged(Op.show(i), () => false),
    Snapshot: () => logged('snapshot', () => undefined),
    RestoreSnapshot: () => logged('restore', () => undefined),
    DeleteSnapshot: () => logged('delete snapshot', () => undefined),
    SnapshotExists: () => logged('exists', () => true),
    Backoff: (i) => logged(`backoff ${i.attempt}`, () => undefined)
  }
}

/** What a program does: the instructions it reaches and its result. */
const observe = async <A>(p: P.Program<A>) => {
  const log: Array<string> = []
  const result = await interpret(scripted(log))(p)()
  return { log, result }
}

const failure = P.fail<number>(conflict('scripted', 1))

/** Functions number → program: pure, one get, a failure, or a get then pure arithmetic. */
const fnArb: fc.Arbitrary<(a: number) => P.Program<number>> = fc
  .tuple(fc.nat(3), fc.integer({ min: -3, max: 3 }))
  .map(([kind, d]) => {
    switch (kind) {
      case 0:
        return (a: number) => P.of(a + d)
      case 1:
        return (a: number) => P.map((o: O.Option<Row>) => (O.isSome(o) ? a * 2 : a - d))(P.get(getOf(a + d)))
      case 2:
        return (a: number) => (a % 3 === 0 ? failure : P.of(a))
      default:
        return (a: number) =>
          P.chain((o: O.Option<Row>) => P.of(O.isSome(o) ? d : a))(P.get(getOf(Math.abs(a) % 7)))
    }
  })

const programArb: fc.Arbitrary<P.Program<number>> = fc.letrec<{ p: P.Program<number> }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -20, max: 20 }).map(P.of),
    fc.constant(failure),
    fc.nat(9).map((k) => P.map((o: O.Option<Row>) => (O.isSome(o) ? k : -k))(P.get(getOf(k)))),
    fc.tuple(tie('p'), fnArb).map(([p, f]) => P.chain(f)(p))
  )
})).p

describe('the monad laws', () => {
  it('left identity: chain(f)(of(a)) ≡ f(a)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -50, max: 50 }), fnArb, async (a, f) => {
        expect(await observe(P.chain(f)(P.of(a)))).toEqual(await observe(f(a)))
      })
    )
  })

  it('right identity: chain(of)(p) ≡ p', async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async (p) => {
        expect(await observe(P.chain((a: number) => P.of(a))(p))).toEqual(await observe(p))
      })
    )
  })

  it('associativity: chain(g)(chain(f)(p)) ≡ chain(a => chain(g)(f(a)))(p)', async () => {
    await fc.assert(
      fc.asyncProperty(programArb, fnArb, fnArb, async (p, f, g) => {
        expect(await observe(P.chain(g)(P.chain(f)(p)))).toEqual(
          await observe(P.chain((a: number) => P.chain(g)(f(a)))(p))
        )
      })
    )
  })

  it('a failed program ignores every continuation', async () => {
    await fc.assert(
      fc.asyncProperty(fnArb, async (f) => {
        const o = await observe(P.chain(f)(failure))
        expect(o).toEqual({ log: [], result: E.left(conflict('scripted', 1)) })
      })
    )
  })

  it('sequence runs each program once, in order, and collects their results in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(9), { maxLength: 12 }), async (ks) => {
        const o = await observe(P.sequence(ks.map((k) => P.map(() => k)(P.get(getOf(k))))))
        expect(o.log).toEqual(ks.map((k) => Op.show(getOf(k))))
        expect(o.result).toEqual(E.right(ks))
      })
    )
  })
})

describe('composition is stack-safe and linear', () => {
  const N = 100_000

  it(`sequences ${N.toLocaleString('en-US')} instructions`, async () => {
    const log: Array<string> = []
    const r = await interpret(scripted(log))(
      P.sequence(Array.from({ length: N }, (_, i) => P.map(() => i)(P.get(getOf(1)))))
    )()
    expect(log).toHaveLength(N)
    expect(E.isRight(r) && r.right.length === N && r.right[N - 1] === N - 1).toBe(true)
  })

  it(`runs a left-nested chain of ${N.toLocaleString('en-US')} steps`, async () => {
    let p: P.Program<number> = P.of(0)
    for (let i = 0; i < N; i++)
      p = P.chain((x: number) => (x % 1000 === 0 ? P.map(() => x + 1)(P.get(getOf(2))) : P.of(x + 1)))(p)
    const o = await observe(p)
    expect(o.result).toEqual(E.right(N))
    expect(o.log).toHaveLength(N / 1000)
  })

  it(`runs a right-nested recursion of ${N.toLocaleString('en-US')} steps`, async () => {
    const count = (n: number): P.Program<number> =>
      n === 0 ? P.of(0) : P.chain((x: number) => P.map((y: number) => x + y)(count(n - 1)))(P.of(1))
    expect((await observe(count(N))).result).toEqual(E.right(N))
  })
})

describe('scan folds', () => {
  const SCAN = Op.scan('system', KR.all)

  it('stop at the batch where the fold is done, and see each batch once, in order', async () => {
    const seen = await observe(
      P.scanFold(
        SCAN,
        (): Array<string> => [],
        (acc, rows) => {
          acc.push(...rows.map((r) => B.toStringBinary(r.key)))
          return { state: acc, done: acc.length >= 7 }
        }
      )
    )
    expect(seen.result).toEqual(E.right(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']))
  })

  it('start from a fresh state on every run of the same program', async () => {
    const p = P.scan(SCAN)
    expect(await observe(p)).toEqual(await observe(p))
    expect((await observe(p)).result).toEqual(E.right(batches.flat()))
  })

  it("close the store's scan when they stop early", async () => {
    const inner = memoryStore()
    const tables = { system: 'ns:t', bulk: 'ns:t' }
    await inner.ensureNamespace('ns')()
    await inner.ensureTable({ name: 'ns:t', families: [{ name: 'f', maxVersions: 1 }] })()
    await inner.mutate(
      Array.from({ length: 5000 }, (_, i) => Op.put('system', row(i), [Op.cell('f', 'q', row(i))])).map(
        (m) => ({ ...m, table: 'ns:t' })
      )
    )()
    let pulled = 0
    let closed = 0
    const store: KVStore = {
      ...inner,
      scan: (s) => ({
        [Symbol.asyncIterator]: () => {
          const it = inner.scan(s)[Symbol.asyncIterator]()
          return {
            next: () => {
              pulled++
              return it.next()
            },
            return: (v?: unknown) => {
              closed++
              return it.return?.(v) ?? Promise.resolve({ done: true as const, value: undefined })
            }
          }
        }
      })
    }
    const first = await run({ store, tables })(
      P.scanFold(
        SCAN,
        () => 0,
        (n, rows) => ({ state: n + rows.length, done: true })
      )
    )()
    expect(E.isRight(first) && first.right > 0 && first.right < 5000).toBe(true)
    expect(pulled).toBe(1)
    expect(closed).toBe(1)
    await inner.close()
  })
})

describe('handler records', () => {
  it('are typed by instruction: a handler answering the wrong shape does not compile', () => {
    const log: Array<string> = []
    const good = scripted(log)
    const wrong: Handlers = {
      ...good,
      // @ts-expect-error a Get handler must answer Option<Row>, not boolean
      Get: () => TE.right(true),
      // @ts-expect-error a fold's handler must answer the fold's own state
      ScanFold: () => TE.right(0)
    }
    expect(Object.keys(wrong).sort()).toEqual(Object.keys(good).sort())
  })
})
