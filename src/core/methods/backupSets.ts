/**
 * Programs for named backup sets. The two read-modify-write methods are guarded: each reads the
 * row, computes the new value, and writes it with a compare-and-set against the value it read
 * (`absent` when there was none). When another writer got there first the attempt starts over, up
 * to `maxAttempts`; then the program fails with `Conflict`. The seed read, merged and put with no
 * guard, losing concurrent updates.
 *
 * Merge semantics follow the seed (order preserved): add = existing names, then new ones not yet
 * present (a new set keeps `tables` as given); remove = drop the first occurrence of each name; a
 * set left empty is deleted; nothing removed means nothing written; a missing set is left alone.
 *
 * HBase compares an empty expected value as "absent or empty", so the guard of a set stored with an
 * empty value (only Java writes one) also passes when the row was deleted meanwhile; the write
 * then recreates the set with the added names, which is what adding to a missing set does too.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { BackupSetName } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import * as Op from '../Operation.js'
import * as P from '../Program.js'
import { conflict } from '../ProgramError.js'
import * as BackupSet from '../rows/BackupSet.js'

export const DEFAULT_MAX_ATTEMPTS = 10

export const listBackupSets: P.Program<ReadonlyArray<BackupSetName>> = pipe(
  P.scan(BackupSet.scanAll),
  P.chain((rows) => pipe(rows, E.traverseArray(BackupSet.decodeNameOfRow), P.fromEither))
)

export const describeBackupSet = (name: BackupSetName): P.Program<ReadonlyArray<TableName> | undefined> =>
  pipe(
    P.get(BackupSet.get(name)),
    P.chain(
      O.match(
        () => P.of(undefined),
        (row) => P.fromEither(BackupSet.decodeRow(row))
      )
    )
  )

export const deleteBackupSet = (name: BackupSetName): P.Program<void> => P.mutate([BackupSet.remove(name)])

/** Seed `merge`: existing first, then the new names not already present. */
export const union = (
  existing: ReadonlyArray<TableName>,
  added: ReadonlyArray<TableName>
): ReadonlyArray<TableName> =>
  added.reduce<ReadonlyArray<TableName>>((acc, t) => (acc.includes(t) ? acc : [...acc, t]), existing)

/** Seed `disjoin`: removes the first occurrence of each name. */
export const without = (
  existing: ReadonlyArray<TableName>,
  removed: ReadonlyArray<TableName>
): ReadonlyArray<TableName> =>
  removed.reduce<ReadonlyArray<TableName>>((acc, t) => {
    const i = acc.indexOf(t)
    return i < 0 ? acc : [...acc.slice(0, i), ...acc.slice(i + 1)]
  }, existing)

type Decision = { readonly _tag: 'Write'; readonly attempt: P.Program<boolean> } | { readonly _tag: 'Skip' }

/** Reads the set row once and lets `decide` pick a guarded write, or none. */
const guarded =
  (name: BackupSetName, maxAttempts: number) =>
  (
    decide: (current: O.Option<{ raw: Uint8Array; tables: ReadonlyArray<TableName> }>) => Decision
  ): P.Program<void> => {
    const attempt = (n: number): P.Program<void> =>
      pipe(
        P.get(BackupSet.get(name)),
        P.chain((row) => {
          const raw = pipe(
            row,
            O.chain((r) => O.fromNullable(Op.cellValue(BackupSet.column.family, BackupSet.QUALIFIER)(r)))
          )
          return O.isNone(raw) || O.isNone(row)
            ? P.of(decide(O.none))
            : pipe(
                BackupSet.decodeRow(row.value),
                P.fromEither,
                P.map((tables) => decide(O.some({ raw: raw.value, tables: tables ?? [] })))
              )
        }),
        P.chain((d) => (d._tag === 'Skip' ? P.of(true) : d.attempt)),
        P.chain((done) =>
          done
            ? P.unit
            : n < maxAttempts
              ? pipe(
                  P.backoff(n),
                  P.chain(() => attempt(n + 1))
                )
              : P.fail(conflict(B.toStringBinary(BackupSet.key(name)), n))
        )
      )
    return attempt(1)
  }

export const addToBackupSet = (
  name: BackupSetName,
  tables: ReadonlyArray<TableName>,
  maxAttempts: number = DEFAULT_MAX_ATTEMPTS
): P.Program<void> =>
  guarded(
    name,
    maxAttempts
  )((current) => {
    if (O.isNone(current))
      return {
        _tag: 'Write',
        attempt: P.checkAndPut(Op.checkAndPut(BackupSet.column, O.none, BackupSet.put(name, tables)))
      }
    const merged = union(current.value.tables, tables)
    return merged.length === current.value.tables.length
      ? { _tag: 'Skip' }
      : {
          _tag: 'Write',
          attempt: P.checkAndPut(
            Op.checkAndPut(BackupSet.column, O.some(current.value.raw), BackupSet.put(name, merged))
          )
        }
  })

export const removeFromBackupSet = (
  name: BackupSetName,
  tables: ReadonlyArray<TableName>,
  maxAttempts: number = DEFAULT_MAX_ATTEMPTS
): P.Program<void> =>
  guarded(
    name,
    maxAttempts
  )((current) => {
    if (O.isNone(current)) return { _tag: 'Skip' }
    const remaining = without(current.value.tables, tables)
    if (remaining.length === current.value.tables.length) return { _tag: 'Skip' }
    const expected = O.some(current.value.raw)
    return {
      _tag: 'Write',
      attempt:
        remaining.length === 0
          ? P.checkAndDelete(Op.checkAndDelete(BackupSet.column, expected, BackupSet.remove(name)))
          : P.checkAndPut(Op.checkAndPut(BackupSet.column, expected, BackupSet.put(name, remaining)))
    }
  })
