/**
 * `explain`: the operations a program would perform, as data and as text, without writing.
 *
 * Two handler records run in the one loop of `interpret.ts`: the dry run (reads go to `store` when
 * one is given — audit a call against a live table — and otherwise see an empty table; writes are
 * assumed to succeed and never applied; a compare-and-set is evaluated against what the reads see,
 * with HBase's rule from `core/CheckRule.ts`, so the branch a call would take is the one shown),
 * wrapped by a recording record that notes each step with its outcome. Later reads of the same
 * program do not see its own recorded writes; none of this library's programs reads after writing,
 * so for them the explanation is exact.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { holds } from '../core/CheckRule.js'
import * as Op from '../core/Operation.js'
import type { Instruction, Program } from '../core/Program.js'
import type { KVStore } from '../port/KVStore.js'
import type { ApiError } from './ApiError.js'
import { describe } from './ApiError.js'
import type { Handlers } from './interpret.js'
import { interpret } from './interpret.js'
import { storeHandlers } from './run.js'
import type { Tables } from './tables.js'
import { physical } from './tables.js'

export interface ExplainedStep {
  /** The instruction; a scan fold is shown as its scan. */
  readonly instruction: Instruction
  readonly kind: 'read' | 'write' | 'check' | 'admin'
  readonly text: string
  /** What the step returned in the dry run (rows read, check outcome). */
  readonly outcome: string
}

export interface Explanation<A> {
  readonly steps: ReadonlyArray<ExplainedStep>
  readonly result: E.Either<ApiError, A>
  readonly text: string
}

const NOT_APPLIED = 'not applied (dry run)'

/** Reads against `store` (or an empty table), writes assumed to succeed. */
export const dryRunHandlers = (tables: Tables, store: KVStore | undefined): Handlers => {
  const real = store === undefined ? undefined : storeHandlers({ store, tables })
  const check = (c: Op.CheckAndPut | Op.CheckAndDelete): TE.TaskEither<ApiError, boolean> =>
    pipe(
      real === undefined ? TE.right(O.none) : real.Get(Op.get(c.table, c.row, c.family)),
      TE.map((row) =>
        holds(
          O.toUndefined(c.expected),
          O.isSome(row) ? Op.cellValue(c.family, c.qualifier)(row.value) : undefined
        )
      )
    )
  return {
    Get: (i) => (real === undefined ? TE.right(O.none) : real.Get(i)),
    ScanFold: (i) => (real === undefined ? TE.fromIO(i.initial) : real.ScanFold(i)),
    Mutate: () => TE.right(undefined),
    CheckAndPut: check,
    CheckAndDelete: check,
    Snapshot: () => TE.right(undefined),
    RestoreSnapshot: () => TE.right(undefined),
    DeleteSnapshot: () => TE.right(undefined),
    SnapshotExists: (i) => (real === undefined ? TE.right(false) : real.SnapshotExists(i)),
    // a dry run does not wait
    Backoff: () => TE.right(undefined)
  }
}

/** `inner`, noting each step that succeeds into `steps`, with its physical text and outcome. */
export const recordingHandlers = (inner: Handlers, tables: Tables, steps: Array<ExplainedStep>): Handlers => {
  const to = physical(tables)
  const note = <A>(
    te: TE.TaskEither<ApiError, A>,
    instruction: Instruction,
    kind: ExplainedStep['kind'],
    text: string,
    outcome: (a: A) => string
  ): TE.TaskEither<ApiError, A> =>
    TE.map((a: A) => {
      steps.push({ instruction, kind, text, outcome: outcome(a) })
      return a
    })(te)
  const checked = (ok: boolean) => (ok ? 'check holds: would apply' : 'check fails: would not apply')
  const admin = (i: { readonly _tag: string; readonly table: Op.TableRole }) =>
    `${i._tag.toUpperCase()} ${to.snapshot(i.table)}`
  return {
    Get: (i) =>
      note(inner.Get(i), i, 'read', Op.show(to.get(i)), (r: O.Option<Op.Row>) =>
        O.isSome(r) ? '1 row' : 'no row'
      ),
    ScanFold: (i) => async () => {
      // the rows the fold consumed, counted by wrapping its step
      let rows = 0
      let stopped = false
      const counted = {
        ...i,
        step: (s: Parameters<typeof i.step>[0], batch: ReadonlyArray<Op.Row>) => {
          rows += batch.length
          const next = i.step(s, batch)
          stopped = next.done
          return next
        }
      }
      return note(
        inner.ScanFold(counted),
        i.scan,
        'read',
        Op.show(to.scan(i.scan)),
        () => `${rows} rows${stopped ? ', then stopped' : ''}`
      )()
    },
    Mutate: (i) =>
      note(
        inner.Mutate(i),
        i,
        'write',
        i.mutations.map((m) => Op.show(to.mutation(m))).join('\n   '),
        () => NOT_APPLIED
      ),
    CheckAndPut: (i) => note(inner.CheckAndPut(i), i, 'check', Op.show(to.checkAndPut(i)), checked),
    CheckAndDelete: (i) => note(inner.CheckAndDelete(i), i, 'check', Op.show(to.checkAndDelete(i)), checked),
    Snapshot: (i) => note(inner.Snapshot(i), i, 'admin', admin(i), () => NOT_APPLIED),
    RestoreSnapshot: (i) => note(inner.RestoreSnapshot(i), i, 'admin', admin(i), () => NOT_APPLIED),
    DeleteSnapshot: (i) => note(inner.DeleteSnapshot(i), i, 'admin', admin(i), () => NOT_APPLIED),
    SnapshotExists: (i) =>
      note(inner.SnapshotExists(i), i, 'admin', admin(i), (b: boolean) => (b ? 'exists' : 'absent')),
    // a pause is no store operation: an explanation lists only what reaches the store
    Backoff: (i) => inner.Backoff(i)
  }
}

export const explain = async <A>(
  program: Program<A>,
  options: { readonly tables: Tables; readonly store?: KVStore }
): Promise<Explanation<A>> => {
  const steps: Array<ExplainedStep> = []
  const handlers = recordingHandlers(dryRunHandlers(options.tables, options.store), options.tables, steps)
  const result = await interpret(handlers)(program)()
  const lines = steps.map((s, n) => `${n + 1}. ${s.text}\n   → ${s.outcome}`)
  const end = E.isLeft(result) ? `fails: ${describe(result.left)}` : 'completes'
  return {
    steps,
    result,
    text: [...lines, `${steps.length === 0 ? 'no store operation; ' : ''}${end}`].join('\n')
  }
}
