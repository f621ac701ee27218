/**
 * `explain`: the operations a program would perform, as data and as text, without writing.
 *
 * Reads go to `store` when one is given (audit a call against a live table) and otherwise see an
 * empty table. Writes are recorded, never applied, and assumed to succeed; a compare-and-set is
 * evaluated against what the reads see, so the branch a call would take is the one shown. Later
 * reads of the same program do not see its own recorded writes; none of this library's programs
 * reads after writing, so for them the explanation is exact.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../core/Bytes.js'
import type { Instruction, Program } from '../core/Program.js'
import * as Op from '../core/Operation.js'
import { snapshotName } from '../core/rows/Schema.js'
import type { KVStore } from '../port/KVStore.js'
import type { ApiError } from './ApiError.js'
import { describe } from './ApiError.js'
import type { Tables } from './run.js'
import { collect } from './run.js'

export interface ExplainedStep {
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

const kindOf = (i: Instruction): ExplainedStep['kind'] =>
  i._tag === 'Get' || i._tag === 'Scan'
    ? 'read'
    : i._tag === 'Mutate'
      ? 'write'
      : i._tag === 'CheckAndPut' || i._tag === 'CheckAndDelete'
        ? 'check'
        : 'admin'

const textOf = (i: Instruction, tables: Tables): string => {
  switch (i._tag) {
    case 'Mutate':
      return i.mutations.map((m) => Op.show({ ...m, table: tables[m.table] })).join('\n   ')
    case 'Snapshot':
    case 'RestoreSnapshot':
    case 'DeleteSnapshot':
    case 'SnapshotExists':
      return `${i._tag.toUpperCase()} ${snapshotName(tables[i.table])}`
    case 'CheckAndPut':
      return Op.show({ ...i, table: tables[i.table], put: { ...i.put, table: tables[i.put.table] } })
    case 'CheckAndDelete':
      return Op.show({ ...i, table: tables[i.table], delete: { ...i.delete, table: tables[i.delete.table] } })
    default:
      return Op.show({ ...i, table: tables[i.table] })
  }
}

/** HBase's rule: an absent or empty expected value matches a missing or empty cell. */
const checkHolds = (expected: O.Option<Uint8Array>, actual: Uint8Array | undefined): boolean =>
  O.isNone(expected) || expected.value.length === 0
    ? actual === undefined || actual.length === 0
    : actual !== undefined && B.equals(actual, expected.value)

const dryRun = async (
  i: Instruction,
  tables: Tables,
  store: KVStore | undefined
): Promise<E.Either<ApiError, { result: unknown; outcome: string }>> => {
  const readCell = async (table: string, row: Uint8Array, family: string, q: Uint8Array) => {
    if (store === undefined) return E.right(undefined)
    const r = await store.get({ _tag: 'Get', table, row, family })()
    return E.map((o: O.Option<Op.Row>) => (O.isSome(o) ? Op.cellValue(family, q)(o.value) : undefined))(r)
  }
  switch (i._tag) {
    case 'Get': {
      if (store === undefined) return E.right({ result: O.none, outcome: 'no row' })
      const r = await store.get({ ...i, table: tables[i.table] })()
      return E.map((o: O.Option<Op.Row>) => ({ result: o, outcome: O.isSome(o) ? '1 row' : 'no row' }))(r)
    }
    case 'Scan': {
      if (store === undefined) return E.right({ result: [], outcome: '0 rows' })
      const r = await collect(store.scan({ ...i, table: tables[i.table] }))
      return E.map((rows: ReadonlyArray<Op.Row>) => ({ result: rows, outcome: `${rows.length} rows` }))(r)
    }
    case 'CheckAndPut':
    case 'CheckAndDelete': {
      const cell = await readCell(tables[i.table], i.row, i.family, i.qualifier)
      return E.map((v: Uint8Array | undefined) => {
        const ok = checkHolds(i.expected, v)
        return { result: ok, outcome: ok ? 'check holds: would apply' : 'check fails: would not apply' }
      })(cell)
    }
    case 'SnapshotExists': {
      if (store === undefined) return E.right({ result: false, outcome: 'absent' })
      const r = await store.snapshotExists(snapshotName(tables[i.table]))()
      return E.map((b: boolean) => ({ result: b, outcome: b ? 'exists' : 'absent' }))(r)
    }
    default:
      return E.right({ result: undefined, outcome: 'not applied (dry run)' })
  }
}

export const explain = async <A>(
  program: Program<A>,
  options: { readonly tables: Tables; readonly store?: KVStore }
): Promise<Explanation<A>> => {
  const steps: Array<ExplainedStep> = []
  let p = program
  let failure: ApiError | undefined
  while (p._tag === 'Step') {
    const i = p.instruction
    const r = await dryRun(i, options.tables, options.store)
    if (E.isLeft(r)) {
      failure = r.left
      break
    }
    steps.push({ instruction: i, kind: kindOf(i), text: textOf(i, options.tables), outcome: r.right.outcome })
    p = p.next(r.right.result)
  }
  const result: E.Either<ApiError, A> =
    failure !== undefined
      ? E.left(failure)
      : p._tag === 'Done'
        ? E.right(p.value)
        : p._tag === 'Failed'
          ? E.left(p.error)
          : E.left({ _tag: 'InvalidState', message: 'unreachable' })
  const lines = steps.map((s, n) => `${n + 1}. ${s.text}\n   → ${s.outcome}`)
  const end = E.isLeft(result) ? `fails: ${describe(result.left)}` : 'completes'
  return {
    steps,
    result,
    text: [...lines, `${steps.length === 0 ? 'no store operation; ' : ''}${end}`].join('\n')
  }
}
