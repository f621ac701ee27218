/**
 * The writes a repair may make: each a compare-and-set on a cell diagnosis read, so a table that
 * changed since makes the repair stop with `Conflict` naming the row instead of overwriting it.
 * Each returns a line saying what it changed.
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as B from '../core/Bytes.js'
import type * as Op from '../core/Operation.js'
import * as P from '../core/Program.js'
import { conflict } from '../core/ProgramError.js'

const orConflict =
  (row: Uint8Array, change: string) =>
  (applied: boolean): P.Program<string> =>
    applied ? P.of(change) : P.fail(conflict(B.toStringBinary(row), 1))

export const guardedPut = (cas: Op.CheckAndPut, change: string): P.Program<string> =>
  pipe(P.checkAndPut(cas), P.chain(orConflict(cas.row, change)))

export const guardedDelete = (cad: Op.CheckAndDelete, change: string): P.Program<string> =>
  pipe(P.checkAndDelete(cad), P.chain(orConflict(cad.row, change)))

/** Runs the guarded writes in order; the first that fails stops the rest. */
export const all = (writes: ReadonlyArray<P.Program<string>>): P.Program<ReadonlyArray<string>> =>
  P.sequence(writes)
