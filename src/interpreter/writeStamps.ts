/**
 * The timestamps of one table's writes. HBase masks a put whose timestamp is at or below a delete
 * marker's, and a server stamps both with its clock in milliseconds, so a delete and a re-write of
 * the same row within one millisecond lose the write (HBASE-29622 met it on the incremental set).
 * This table keeps, for the rows it wrote in the current millisecond, the newest put and delete it
 * sent, and gives a write an explicit timestamp only where the server's would be wrong: a put after
 * its row's delete is one millisecond newer than that marker, and a delete after such a put is as
 * new as the put. Every other write keeps the server's timestamp, so the order in which writes are
 * applied stays the order that decides (a compare-and-set lock relies on it).
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

const stampPut = (p: Put<string>, ts: number | undefined): Put<string> =>
  ts === undefined
    ? p
    : { ...p, cells: p.cells.map((c: Cell) => (c.timestamp === undefined ? { ...c, timestamp: ts } : c)) }

const stampDelete = (d: Delete<string>, ts: number | undefined): Delete<string> =>
  ts === undefined || d.timestamp !== undefined ? d : { ...d, timestamp: ts }

export const writeStamps = (clock: () => number): WriteStamps => {
  const recent = new Map<string, Recent>()
  let floor = -1

  const now = (): E.Either<DomainError, number> => {
    const t = clock()
    if (!(typeof t === 'number' && Number.isSafeInteger(t) && t >= 0))
      return E.left(invalidValue('options.clock', t, 'must return integral milliseconds since the epoch'))
    if (t > floor) {
      // entries that can no longer move a stamp at `t` are forgotten
      for (const [k, r] of recent) if (r.put <= t && r.del < t) recent.delete(k)
      floor = t
    }
    return E.right(t)
  }

  /**
   * The explicit timestamp for the writes of one row, or `undefined` for the server's. Unstamped
   * writes are remembered at `t`, the server's millisecond as far as this table can tell.
   */
  const stampRow = (key: string, t: number, puts: boolean, deletes: boolean): number | undefined => {
    const r = recent.get(key)
    let ts: number | undefined
    if (r !== undefined) {
      if (puts && r.del >= t) ts = r.del + 1
      if (deletes && r.put > (ts ?? t)) ts = r.put
    }
    const at = ts ?? t
    const next = r ?? { put: -1, del: -1 }
    if (puts) next.put = Math.max(next.put, at)
    if (deletes) next.del = Math.max(next.del, at)
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
    const stamps = new Map<string, number | undefined>()
    for (const [k, { puts, deletes }] of kinds) stamps.set(k, stampRow(k, t.right, puts, deletes))
    return E.right(
      ms.map((m, i) => {
        const ts = stamps.get(keys[i] ?? '')
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
