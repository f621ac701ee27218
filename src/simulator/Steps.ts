/**
 * The step runner: every step of a flow goes through it, numbered in the order it runs, so that a
 * fault names a step precisely ("exception at step 5", "crash after step 7") and a trace prints as
 * the flow's script. Kinds follow the reference: [S] a system-table mutation, [R] a system-table
 * read, [X] an external effect (snapshots, backup directories, WAL listing, MapReduce jobs).
 *
 * Main steps and failure-handler steps are numbered separately (`5`, `h2`). Before each step the
 * client waits for its turn (races interleave at step boundaries), and time moves on: a table
 * read or write costs a few virtual milliseconds, an external job seconds.
 *
 * Flows model Java's exceptions with JavaScript ones, which stay inside the flows: an injected
 * exception is an `InjectedFault`, a crash a `Crash`. A crash must escape every handler, so flows
 * never use `finally` (it would run on a crash) but `onError`/`unlessCrash` below.
 */
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import type { MethodName, ResultOf } from '../api/methods.js'
import type { Program } from '../core/Program.js'
import { explain } from '../interpreter/explain.js'
import type { KVStore } from '../port/KVStore.js'
import type { VirtualClock } from './Clock.js'
import type { Fault } from './Fault.js'
import * as F from './Fault.js'
import type { Random } from './Random.js'
import type { Recorded } from './RecordingStore.js'
import type { Scheduler } from './Scheduler.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export type StepKind = 'S' | 'R' | 'X'

export interface StepRecord {
  readonly client: number
  /** `5` for main step 5, `h2` for handler step 2. */
  readonly id: string
  readonly kind: StepKind
  readonly label: string
  readonly at: number
  readonly result: 'ok' | 'error' | 'injected' | 'crash'
  readonly error?: string
}

/** An exception injected by a fault; flows handle it as any other exception. */
export class InjectedFault extends Error {
  readonly _tag = 'InjectedFault'
}

/** The process died: no handler may run. */
export class Crash extends Error {
  readonly _tag = 'Crash'
}

/** A mismatch between what `explain` predicted for an API call and what reached the store. */
export interface ExplainMismatch {
  readonly step: string
  readonly method: string
  readonly explained: ReadonlyArray<string>
  readonly performed: ReadonlyArray<string>
}

export interface StepEnv {
  readonly table: BackupSystemTable
  /** The undecorated store, for `explain`'s reads (they must not be recorded). */
  readonly rawStore: KVStore
  readonly log: ReadonlyArray<Recorded>
  readonly clock: VirtualClock
  readonly rng: Random
  readonly sched: Scheduler
  readonly trace: Array<StepRecord>
  readonly events: Array<string>
  /** Compare every API step with `explain` (slower; used by the flow tests). */
  readonly verifyExplain: boolean
  readonly mismatches: Array<ExplainMismatch>
}

export interface Steps {
  readonly client: number
  readonly env: StepEnv
  readonly step: <A>(kind: StepKind, label: string, f: () => Promise<A>) => Promise<A>
  readonly handler: <A>(kind: StepKind, label: string, f: () => Promise<A>) => Promise<A>
  /** A main step that is one call of the library's API, by its Java name. */
  readonly api: <K extends MethodName>(
    kind: StepKind,
    label: string,
    name: K,
    ...args: ApiArgs<K>
  ) => Promise<ResultOf<K>>
  readonly handlerApi: <K extends MethodName>(
    kind: StepKind,
    label: string,
    name: K,
    ...args: ApiArgs<K>
  ) => Promise<ResultOf<K>>
  /** Waits `ms` of virtual time, letting racing clients run. */
  readonly sleep: (ms: number) => Promise<void>
  /** A log line of the flow (Java's LOG.warn / LOG.error). */
  readonly warn: (text: string) => void
  /** Main steps run so far. */
  readonly count: () => number
}

export type ApiArgs<K extends MethodName> = Parameters<BackupSystemTable[K]>

// -------------------------------------------------------------------------------------------------
// helpers for flows
// -------------------------------------------------------------------------------------------------

export const isCrash = (e: unknown): e is Crash => e instanceof Crash

/** Rethrows a crash; returns other errors for handling. */
export const unlessCrash = (e: unknown): unknown => {
  if (isCrash(e)) throw e
  return e
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Java's try/finally, except that a crash skips the finally block. */
export const withFinally = async <A>(body: () => Promise<A>, fin: () => Promise<void>): Promise<A> => {
  let result: A
  try {
    result = await body()
  } catch (e) {
    unlessCrash(e)
    await fin()
    throw e
  }
  await fin()
  return result
}

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

const COST: Readonly<Record<StepKind, readonly [number, number]>> = { S: [2, 8], R: [1, 5], X: [400, 3000] }

export const steps = (env: StepEnv, client: number, fault: Fault | undefined): Steps => {
  let main = 0
  let handlers = 0
  const throwAt = F.throwsAt(fault)
  const crashAfter = F.crashesAfter(fault)
  const handlerThrowAt = F.handlerThrowsAt(fault)

  const record = (r: Omit<StepRecord, 'client' | 'at'>): void => {
    // fields written out, not spread: one record per step of every operation
    const at = env.clock.now()
    env.trace.push(
      r.error === undefined
        ? { id: r.id, kind: r.kind, label: r.label, result: r.result, client, at }
        : { id: r.id, kind: r.kind, label: r.label, result: r.result, error: r.error, client, at }
    )
  }

  const run = async <A>(
    id: string,
    kind: StepKind,
    label: string,
    inject: boolean,
    crash: boolean,
    f: () => Promise<A>
  ): Promise<A> => {
    await env.sched.turn(client)
    const [lo, hi] = COST[kind]
    env.clock.advance(env.rng.int(lo, hi))
    if (inject) {
      record({ id, kind, label, result: 'injected', error: 'injected exception' })
      throw new InjectedFault(`injected exception at step ${id} (${label})`)
    }
    let a: A
    try {
      a = await f()
    } catch (e) {
      record({ id, kind, label, result: 'error', error: messageOf(e) })
      throw e
    }
    record({ id, kind, label, result: crash ? 'crash' : 'ok' })
    if (crash) throw new Crash(`crash after step ${id} (${label})`)
    return a
  }

  const step = <A>(kind: StepKind, label: string, f: () => Promise<A>): Promise<A> => {
    const n = ++main
    return run(String(n), kind, label, n === throwAt, n === crashAfter, f)
  }

  const handler = <A>(kind: StepKind, label: string, f: () => Promise<A>): Promise<A> => {
    const n = ++handlers
    return run(`h${n}`, kind, label, n === handlerThrowAt, false, f)
  }

  const call =
    <K extends MethodName>(name: K, args: ApiArgs<K>) =>
    async (): Promise<ResultOf<K>> => {
      const method = env.table[name] as (...a: ApiArgs<K>) => Promise<ResultOf<K>>
      if (!env.verifyExplain) return method(...args)
      const program = (
        env.table.program as (n: MethodName, ...a: ReadonlyArray<unknown>) => Program<unknown>
      )(name, ...args)
      const predicted = await explain(program, { tables: env.table.tables, store: env.rawStore })
      const from = env.log.length
      const settle = (): void => {
        const performed = env.log
          .slice(from)
          .filter((r) => r.client === client)
          .map((r) => r.text)
        const explained = predicted.steps.map((s) => s.text)
        if (JSON.stringify(performed) !== JSON.stringify(explained))
          env.mismatches.push({ step: `${main}`, method: name, explained, performed })
      }
      try {
        const a = await method(...args)
        settle()
        return a
      } catch (e) {
        settle()
        throw e
      }
    }

  return {
    client,
    env,
    step,
    handler,
    api: (kind, label, name, ...args) => step(kind, label, call(name, args)),
    handlerApi: (kind, label, name, ...args) => handler(kind, label, call(name, args)),
    sleep: async (ms) => {
      env.clock.advance(ms)
      await env.sched.turn(client)
    },
    warn: (text) => {
      env.events.push(`client ${client}: ${text}`)
    },
    count: () => main
  }
}
