/**
 * Multi-step operations as data: a program is either finished (`Done`), failed (`Failed`), or one
 * store instruction plus the pure continuation that receives its result. Programs perform no I/O;
 * the interpreter runs them against a `KVStore`, `explain` records their instructions.
 *
 * Instructions and their results:
 *   Get → Option<Row>   Scan → ReadonlyArray<Row>   Mutate → void   CheckAndPut/Delete → boolean
 *   Snapshot / RestoreSnapshot / DeleteSnapshot → void   SnapshotExists → boolean
 *
 * Laws (a monad): `chain(of)(p) ≡ p`, `chain(f)(of(a)) ≡ f(a)`, and a `Failed` program ignores
 * every continuation.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { DomainError } from './DomainError.js'
import type { CheckAndDelete, CheckAndPut, Get, Mutation, Row, Scan, TableRole } from './Operation.js'
import type { ProgramError } from './ProgramError.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface Mutate {
  readonly _tag: 'Mutate'
  readonly mutations: ReadonlyArray<Mutation>
}

/** System-table snapshots, named by the interpreter from the configured table name. */
export interface SnapshotInstr {
  readonly _tag: 'Snapshot' | 'RestoreSnapshot' | 'DeleteSnapshot' | 'SnapshotExists'
  readonly table: TableRole
}

export type Instruction = Get | Scan | Mutate | CheckAndPut | CheckAndDelete | SnapshotInstr

export interface Results {
  readonly Get: O.Option<Row>
  readonly Scan: ReadonlyArray<Row>
  readonly Mutate: void
  readonly CheckAndPut: boolean
  readonly CheckAndDelete: boolean
  readonly Snapshot: void
  readonly RestoreSnapshot: void
  readonly DeleteSnapshot: void
  readonly SnapshotExists: boolean
}

export type Program<A> =
  | { readonly _tag: 'Done'; readonly value: A }
  | { readonly _tag: 'Failed'; readonly error: ProgramError }
  | {
      readonly _tag: 'Step'
      readonly instruction: Instruction
      readonly next: (result: unknown) => Program<A>
    }

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const of = <A>(value: A): Program<A> => ({ _tag: 'Done', value })

export const unit: Program<void> = of(undefined)

export const fail = <A = never>(error: ProgramError): Program<A> => ({ _tag: 'Failed', error })

const step = <I extends Instruction>(instruction: I): Program<Results[I['_tag']]> => ({
  _tag: 'Step',
  instruction,
  next: (r) => of(r as Results[I['_tag']])
})

export const get = (op: Get): Program<O.Option<Row>> => step(op)
export const scan = (op: Scan): Program<ReadonlyArray<Row>> => step(op)
export const checkAndPut = (op: CheckAndPut): Program<boolean> => step(op)
export const checkAndDelete = (op: CheckAndDelete): Program<boolean> => step(op)

/** One batch of mutations; an empty batch is no instruction at all. */
export const mutate = (mutations: ReadonlyArray<Mutation>): Program<void> =>
  mutations.length === 0 ? unit : step({ _tag: 'Mutate', mutations })

export const snapshotInstr = <T extends SnapshotInstr['_tag']>(
  tag: T,
  table: TableRole = 'system'
): Program<Results[T]> => step<SnapshotInstr>({ _tag: tag, table }) as Program<Results[T]>

/** Lifts a pure decoding result. */
export const fromEither = <A>(e: E.Either<DomainError | ProgramError, A>): Program<A> =>
  e._tag === 'Right' ? of(e.right) : fail(e.left)

// -------------------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------------------

export const chain =
  <A, B>(f: (a: A) => Program<B>) =>
  (p: Program<A>): Program<B> => {
    switch (p._tag) {
      case 'Done':
        return f(p.value)
      case 'Failed':
        return p
      case 'Step':
        return { _tag: 'Step', instruction: p.instruction, next: (r) => chain(f)(p.next(r)) }
    }
  }

export const map =
  <A, B>(f: (a: A) => B) =>
  (p: Program<A>): Program<B> =>
    chain((a: A) => of(f(a)))(p)

/** Sequences `second` after `first`, keeping `second`'s result. */
export const andThen =
  <B>(second: Program<B>) =>
  <A>(first: Program<A>): Program<B> =>
    chain(() => second)(first)

/** Runs the programs one after another and collects their results. */
export const sequence = <A>(ps: ReadonlyArray<Program<A>>): Program<ReadonlyArray<A>> =>
  ps.reduce<Program<ReadonlyArray<A>>>(
    (acc, p) => chain((as: ReadonlyArray<A>) => map((a: A) => [...as, a])(p))(acc),
    of([])
  )

/** Recovers from a failure with another program. */
export const orElse =
  <A>(f: (e: ProgramError) => Program<A>) =>
  (p: Program<A>): Program<A> => {
    switch (p._tag) {
      case 'Done':
        return p
      case 'Failed':
        return f(p.error)
      case 'Step':
        return { _tag: 'Step', instruction: p.instruction, next: (r) => orElse(f)(p.next(r)) }
    }
  }
