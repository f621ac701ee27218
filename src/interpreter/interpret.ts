/**
 * One loop for every interpreter. An interpreter is a record of handlers, one per instruction tag,
 * each typed by its instruction: the handler of `K` receives `InstrOf<K, S>` and must answer
 * `ResultOf<K, S>`. Running against a store (`run.ts`), `explain`'s dry run and its recording
 * (`explain.ts`) are such records; none of them repeats this loop.
 *
 * The loop asks `resume` for the program's head form, hands a step's instruction to its handler and
 * continues with the continuation's program. It never recurses, so a program's length costs time,
 * not stack.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { InstrOf, Program, ResultOf, Tag } from '../core/Program.js'
import { resume } from '../core/Program.js'
import type { ApiError } from './ApiError.js'

export type Handlers = {
  readonly [K in Tag]: <S>(instruction: InstrOf<K, S>) => TE.TaskEither<ApiError, ResultOf<K, S>>
}

export const interpret =
  (handlers: Handlers) =>
  <A>(program: Program<A>): TE.TaskEither<ApiError, A> =>
  async () => {
    let p = resume(program)
    while (p._tag === 'Step') {
      const r = await p.visit((tag, instruction, next) => TE.map(next)(handlers[tag](instruction)))()
      if (E.isLeft(r)) return r
      p = resume(r.right)
    }
    return p._tag === 'Done' ? E.right(p.value) : E.left(p.error)
  }
