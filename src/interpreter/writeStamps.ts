/**
 * The timestamps of one table's writes. HBase masks a put whose timestamp is at or below a delete
 * marker's, and a server stamps both with its clock in milliseconds, so a delete and a re-write of
 * the same row within one millisecond lose the write (HBASE-29622 met it on the incremental set).
 * Every write this table sends therefore carries an explicit timestamp from the table's clock,
 * adjusted per row so that, within this table, a later write to a row is never older than an
 * earlier one: a put after a delete of its row is one millisecond newer than that marker, a delete
 * after a put is at least as new as the put. Rows written in the same millisecond are the only
 * state kept, so it stays as small as one millisecond's writes.
 *
 * All mutations of one row in one batch share one timestamp, as the port promises (HBase's
 * mini-batch): a put and a delete of a row in one batch still leave it deleted.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DomainError } from '../core/DomainError.js'
import { invalidValue } from '../core/DomainError.js'
import type { Cell, CheckAndDelete, CheckAndPut, Delete, Mutation, Put } from '../core/Operation.js'

interface Recent {
  /** Newest put timestamp sent for the row. */
  put: number
  /** Newest delete marker sent for the row. */
  del: number
}

export interface WriteStamps {
  readonly batch: (
    ms: ReadonlyArray<Mutation<string>>
  ) => E.Either<DomainError, ReadonlyArray<Mutation<string>>>
  readonly checkAndPut: (c: CheckAndPut<string>) => E.Either<DomainError, CheckAndPut<string>>
  readonly checkAndDelete: (c: CheckAndDelete<string>) => E.Either<DomainError, CheckAndDelete<string>>
}

const keyOf = (table: string, row: Uint8Array): string => {
  let s = `${table}\u0000`
  for (let i = 0; i < row.length; i++) s += String.fromCharCode(row[i] ?? 0)
  return s
}

const stampPut = (p: Put<string>, ts: number): Put<string> => ({
  ...p,
  cells: p.cells.map((c: Cell) => (c.timestamp === undefined ? { ...c, timestamp: ts } : c))
})

const stampDelete = (d: Delete<string>, ts: number): Delete<string> =>
  d.timestamp === undefined ? { ...d, timestamp: ts } : d

export const writeStamps = (clock: () => number): WriteStamps => {
  const recent = new Map<string, Recent>()
  let floor = -1

  const now = (): E.Either<DomainError, number> => {
    const t = clock()
    if (!(typeof t === 'number' && Number.isSafeInteger(t) && t >= 0))
      return E.left(invalidValue('options.clock', t, 'must return integral milliseconds since the epoch'))
    if (t > floor) {
      // entries that can no longer push a stamp past `t` are forgotten
      for (const [k, r] of recent) if (r.put <= t && r.del + 1 <= t) recent.delete(k)
      floor = t
    }
    return E.right(t)
  }

  /** One timestamp for the writes of one row: puts newer than its markers, markers as new as its puts. */
  const stampRow = (key: string, t: number, puts: boolean, deletes: boolean): number => {
    const r = recent.get(key)
    let ts = t
    if (r !== undefined) {
      if (puts && r.del >= ts) ts = r.del + 1
      if (deletes && r.put > ts) ts = r.put
    }
    const next = r ?? { put: -1, del: -1 }
    if (puts) next.put = Math.max(next.put, ts)
    if (deletes) next.del = Math.max(next.del, ts)
    recent.set(key, next)
    return ts
  }

  const batch = (
    ms: ReadonlyArray<Mutation<string>>
  ): E.Either<DomainError, ReadonlyArray<Mutation<string>>> => {
    const t = now()
    if (E.isLeft(t)) return t
    const kinds = new Map<string, { puts: boolean; deletes: boolean }>()
    const keys = ms.map((m) => {
      const k = keyOf(m.table, m.row)
      const seen = kinds.get(k) ?? { puts: false, deletes: false }
      if (m._tag === 'Put') seen.puts = true
      else seen.deletes = true
      kinds.set(k, seen)
      return k
    })
    const stamps = new Map<string, number>()
    for (const [k, { puts, deletes }] of kinds) stamps.set(k, stampRow(k, t.right, puts, deletes))
    return E.right(
      ms.map((m, i) => {
        const ts = stamps.get(keys[i] ?? '') ?? t.right
        return m._tag === 'Put' ? stampPut(m, ts) : stampDelete(m, ts)
      })
    )
  }

  return {
    batch,
    checkAndPut: (c) =>
      E.map((t: number) => ({
        ...c,
        put: stampPut(c.put, stampRow(keyOf(c.put.table, c.put.row), t, true, false))
      }))(now()),
    checkAndDelete: (c) =>
      E.map((t: number) => ({
        ...c,
        delete: stampDelete(c.delete, stampRow(keyOf(c.delete.table, c.delete.row), t, false, true))
      }))(now())
  }
}
