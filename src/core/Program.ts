/**
 * Multi-step operations as data: a program is finished (`Done`), failed (`Failed`), one store
 * instruction with the pure continuation that receives its result (`Step`), or a program followed
 * by a function of its result (`FlatMap`). Programs perform no I/O; an interpreter (a record of
 * handlers, one per instruction, see `interpreter/interpret.ts`) runs them.
 *
 * Instructions and their results (`Instructions` / `Results` below):
 *   Get → Option<Row>   ScanFold<S> → S   Mutate → void   CheckAndPut/Delete → boolean
 *   Snapshot / RestoreSnapshot / DeleteSnapshot → void   SnapshotExists → boolean
 *
 * Typing. A `Step` hides which instruction it holds behind `visit`: whoever looks at it is handed
 * the tag, the instruction and the continuation together, typed by the same `K` and `S`, so a
 * continuation receives exactly its instruction's result type and an interpreter answering the
 * wrong shape does not compile. There is no cast anywhere in this module.
 *
 * Stack safety. `chain` never runs its function: it builds a `FlatMap` node. `resume` turns a
 * program into its head form by re-associating left-nested `FlatMap`s to the right (Scala's Free
 * `resume` / cats' `step`), each rotation O(1) and none recursive, so any chain or `sequence` of
 * 10^5 steps runs in linear time and constant stack.
 *
 * Laws (a monad, observed through any interpreter): `chain(of)(p) ≡ p`, `chain(f)(of(a)) ≡ f(a)`,
 * `chain(g)(chain(f)(p)) ≡ chain((a) => chain(g)(f(a)))(p)`, and a `Failed` program ignores every
 * continuation. `test/core/program.test.ts` checks them as properties.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { DomainError } from './DomainError.js'
import type { CheckAndDelete, CheckAndPut, Get, Mutation, Row, Scan, TableRole } from './Operation.js'
import { checkBatch, checkConditional } from './Limits.js'
import type { ProgramError } from './ProgramError.js'

// -------------------------------------------------------------------------------------------------
// model: instructions
// -------------------------------------------------------------------------------------------------

export interface Mutate {
  readonly _tag: 'Mutate'
  readonly mutations: ReadonlyArray<Mutation>
}

export type SnapshotTag = 'Snapshot' | 'RestoreSnapshot' | 'DeleteSnapshot' | 'SnapshotExists'

/** System-table snapshots, named by the interpreter from the configured table name. */
export interface SnapshotInstr<T extends SnapshotTag = SnapshotTag> {
  readonly _tag: T
  readonly table: TableRole
}

/**
 * A pause before retrying a guarded read-modify-write that lost to a concurrent writer: the
 * interpreter waits a jittered, exponentially growing time (`attempt` counts from 1), so that
 * writers racing for one row spread out instead of colliding again at once. A dry run only shows it.
 */
export interface Backoff {
  readonly _tag: 'Backoff'
  readonly attempt: number
}

/** What a fold step returns: the next state, and whether the fold has what it needs. */
export interface Fold<S> {
  readonly state: S
  readonly done: boolean
}

/**
 * A scan consumed batch by batch: `step` sees each non-empty batch of rows in range order and may
 * stop the scan early (`done`); the result is the last state. `initial` makes a fresh state for each
 * run of the fold, and `step` receives the state only once, so a step may update that state in
 * place and return it (a bounded heap, a list being built) without any run seeing another's.
 */
export interface ScanFold<S> {
  readonly _tag: 'ScanFold'
  readonly scan: Scan
  readonly initial: () => S
  readonly step: (state: S, rows: ReadonlyArray<Row>) => Fold<S>
}

/** The instruction of each tag; `S` is the state of a fold (unused by the others). */
export interface Instructions<S> {
  readonly Get: Get
  readonly ScanFold: ScanFold<S>
  readonly Mutate: Mutate
  readonly CheckAndPut: CheckAndPut
  readonly CheckAndDelete: CheckAndDelete
  readonly Snapshot: SnapshotInstr<'Snapshot'>
  readonly RestoreSnapshot: SnapshotInstr<'RestoreSnapshot'>
  readonly DeleteSnapshot: SnapshotInstr<'DeleteSnapshot'>
  readonly SnapshotExists: SnapshotInstr<'SnapshotExists'>
  readonly Backoff: Backoff
}

/** The result of each tag's instruction. */
export interface Results<S> {
  readonly Get: O.Option<Row>
  readonly ScanFold: S
  readonly Mutate: void
  readonly CheckAndPut: boolean
  readonly CheckAndDelete: boolean
  readonly Snapshot: void
  readonly RestoreSnapshot: void
  readonly DeleteSnapshot: void
  readonly SnapshotExists: boolean
  readonly Backoff: void
}

export type Tag = keyof Instructions<unknown>
export type InstrOf<K extends Tag, S> = Instructions<S>[K]
export type ResultOf<K extends Tag, S> = Results<S>[K]

/** An instruction as shown (by `explain`): a scan fold is shown as its scan. */
export type Instruction = Get | Scan | Mutate | CheckAndPut | CheckAndDelete | SnapshotInstr | Backoff

// -------------------------------------------------------------------------------------------------
// model: programs
// -------------------------------------------------------------------------------------------------

/** Receives a step's parts, their types tied by `K` and `S`. */
export type StepVisitor<A, R> = <K extends Tag, S>(
  tag: K,
  instruction: InstrOf<K, S>,
  next: (result: ResultOf<K, S>) => Program<A>
) => R

/** Receives a `FlatMap`'s parts: a program of some `X` and what follows it. */
export type FlatMapVisitor<A, R> = <X>(first: Program<X>, then: (x: X) => Program<A>) => R

export interface Done<A> {
  readonly _tag: 'Done'
  readonly value: A
}

export interface Failed {
  readonly _tag: 'Failed'
  readonly error: ProgramError
}

export interface Step<A> {
  readonly _tag: 'Step'
  readonly visit: <R>(visitor: StepVisitor<A, R>) => R
}

export interface FlatMap<A> {
  readonly _tag: 'FlatMap'
  readonly visit: <R>(visitor: FlatMapVisitor<A, R>) => R
}

export type Program<A> = Done<A> | Failed | Step<A> | FlatMap<A>

/** A program in head form: what an interpreter looks at. */
export type Resumed<A> = Done<A> | Failed | Step<A>

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const of = <A>(value: A): Program<A> => ({ _tag: 'Done', value })

export const unit: Program<void> = of(undefined)

export const fail = <A = never>(error: ProgramError): Program<A> => ({ _tag: 'Failed', error })

/** One instruction whose result is the program's result. */
export const instruction = <K extends Tag, S>(tag: K, i: InstrOf<K, S>): Program<ResultOf<K, S>> => ({
  _tag: 'Step',
  visit: (visitor) => visitor(tag, i, of)
})

export const get = (op: Get): Program<O.Option<Row>> => instruction('Get', op)
/**
 * Writes are checked against HBase's limits as composed (`Limits`) when the program is built, so an
 * oversized write fails the program before its instruction reaches any interpreter.
 */
export const checkAndPut = (op: CheckAndPut): Program<boolean> => {
  const checked = checkConditional(op)
  return checked._tag === 'Left' ? fail(checked.left) : instruction('CheckAndPut', checked.right)
}
export const checkAndDelete = (op: CheckAndDelete): Program<boolean> => {
  const checked = checkConditional(op)
  return checked._tag === 'Left' ? fail(checked.left) : instruction('CheckAndDelete', checked.right)
}

/** Waits before attempt `attempt` of a guarded write (see `Backoff`). */
export const backoff = (attempt: number): Program<void> =>
  instruction('Backoff', { _tag: 'Backoff', attempt })

/** Folds a scan batch by batch (see `ScanFold`). */
export const scanFold = <S>(
  scan: Scan,
  initial: () => S,
  step: (state: S, rows: ReadonlyArray<Row>) => Fold<S>
): Program<S> => instruction<'ScanFold', S>('ScanFold', { _tag: 'ScanFold', scan, initial, step })

/** Every row of a scan, in range order. */
export const scan = (op: Scan): Program<ReadonlyArray<Row>> =>
  map((batches: Array<ReadonlyArray<Row>>) => batches.flat())(
    scanFold(
      op,
      (): Array<ReadonlyArray<Row>> => [],
      (acc, rows) => {
        acc.push(rows)
        return { state: acc, done: false }
      }
    )
  )

/** One batch of mutations; an empty batch is no instruction at all. */
export const mutate = (mutations: ReadonlyArray<Mutation>): Program<void> => {
  if (mutations.length === 0) return unit
  const checked = checkBatch(mutations)
  return checked._tag === 'Left' ? fail(checked.left) : instruction('Mutate', { _tag: 'Mutate', mutations })
}

/** System-table snapshots (the `system` role unless told). */
export const snapshot = (table: TableRole = 'system'): Program<void> =>
  instruction('Snapshot', { _tag: 'Snapshot', table })
export const restoreSnapshot = (table: TableRole = 'system'): Program<void> =>
  instruction('RestoreSnapshot', { _tag: 'RestoreSnapshot', table })
export const deleteSnapshot = (table: TableRole = 'system'): Program<void> =>
  instruction('DeleteSnapshot', { _tag: 'DeleteSnapshot', table })
export const snapshotExists = (table: TableRole = 'system'): Program<boolean> =>
  instruction('SnapshotExists', { _tag: 'SnapshotExists', table })

/** Lifts a pure decoding result. */
export const fromEither = <A>(e: E.Either<DomainError | ProgramError, A>): Program<A> =>
  e._tag === 'Right' ? of(e.right) : fail(e.left)

// -------------------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------------------

const flatMap = <X, A>(first: Program<X>, then: (x: X) => Program<A>): Program<A> => ({
  _tag: 'FlatMap',
  visit: (visitor) => visitor(first, then)
})

export const chain =
  <A, B>(f: (a: A) => Program<B>) =>
  (p: Program<A>): Program<B> =>
    flatMap(p, f)

/** Runs `second` after `first`, keeping `second`'s result. */
export const andThen =
  <B>(second: Program<B>) =>
  <A>(first: Program<A>): Program<B> =>
    chain(() => second)(first)

export const map =
  <A, B>(f: (a: A) => B) =>
  (p: Program<A>): Program<B> =>
    flatMap(p, (a: A) => of(f(a)))

/** Runs `f` of each element one after another and collects their results, in order. */
export const traverse =
  <A, B>(f: (a: A, index: number) => Program<B>) =>
  (as: ReadonlyArray<A>): Program<ReadonlyArray<B>> => {
    // results as a cons list (newest first), so each step is O(1) and no array is copied per step
    type List = { readonly head: B; readonly tail: List } | undefined
    const go = (i: number, done: List): Program<ReadonlyArray<B>> => {
      if (i === as.length) {
        const out = new Array<B>(as.length)
        for (let l = done, k = as.length - 1; l !== undefined; l = l.tail, k--) out[k] = l.head
        return of(out)
      }
      return flatMap(f(as[i] as A, i), (b) => go(i + 1, { head: b, tail: done }))
    }
    return flatMap(unit, () => go(0, undefined))
  }

/** Runs the programs one after another and collects their results. */
export const sequence = <A>(ps: ReadonlyArray<Program<A>>): Program<ReadonlyArray<A>> =>
  traverse((p: Program<A>) => p)(ps)

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

/** `then` after the first step of `first`: the step's continuation is extended, nothing runs. */
const rotate = <X, A>(first: Program<X>, then: (x: X) => Program<A>): Program<A> => {
  switch (first._tag) {
    case 'Done':
      return then(first.value)
    case 'Failed':
      return first
    case 'Step':
      return {
        _tag: 'Step',
        visit: (visitor) => first.visit((tag, i, next) => visitor(tag, i, (r) => flatMap(next(r), then)))
      }
    case 'FlatMap':
      // (p >>= g) >>= then  ≡  p >>= (y => g(y) >>= then): one level of left nesting removed
      return first.visit(<Y>(p: Program<Y>, g: (y: Y) => Program<X>) =>
        flatMap(p, (y: Y) => flatMap(g(y), then))
      )
  }
}

/** The program's head form: its result, its failure, or its next instruction. Iterative. */
export const resume = <A>(program: Program<A>): Resumed<A> => {
  let p: Program<A> = program
  while (p._tag === 'FlatMap')
    p = p.visit(<X>(first: Program<X>, then: (x: X) => Program<A>) => rotate(first, then))
  return p
}
