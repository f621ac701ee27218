/**
 * A documented fallback for stores without the 'snapshots' capability (the HBase Thrift2 gateway
 * has no snapshot calls): `snapshot_<x>` becomes a shadow table `<namespace>:<snapshot name>` that
 * holds a row-by-row copy, plus a marker row saying which table it copies. Restore deletes the rows
 * and columns of the live table the shadow lacks and puts the shadow's cells back; delete empties
 * the shadow (the port cannot drop tables). Not atomic — a real snapshot is — but it keeps the same observable contents, which is
 * what the backup flows and the simulator rely on. Stores that have snapshots are returned as is.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import * as B from '../core/Bytes.js'
import * as KR from '../core/KeyRange.js'
import type { Mutation, Row } from '../core/Operation.js'
import { collect } from '../interpreter/run.js'
import type { KVStore } from '../port/KVStore.js'
import type { StoreError } from '../port/StoreError.js'
import { snapshotExists, snapshotNotFound } from '../port/StoreError.js'

const MARKER = B.utf8('\u0000snapshot-of')
const FAMILIES = ['session', 'meta'].map((name) => ({ name, maxVersions: 1 }))

const shadowName = (table: string, name: string): string => {
  const i = table.indexOf(':')
  return i < 0 ? name : `${table.slice(0, i)}:${name}`
}

export const emulatedSnapshots = (inner: KVStore, systemTable: string): KVStore => {
  if (inner.capabilities.has('snapshots')) return inner
  const rowsOf = (table: string) =>
    collect(inner.scan({ _tag: 'Scan', table, range: KR.all, reverse: false }))
  const chain =
    <A, B>(
      te: TE.TaskEither<StoreError, A>,
      f: (a: A) => TE.TaskEither<StoreError, B>
    ): TE.TaskEither<StoreError, B> =>
    async () => {
      const a = await te()
      return E.isLeft(a) ? a : f(a.right)()
    }
  /**
   * Makes `to` hold exactly the rows of `from` that `keep`, without deleting what it then writes:
   * a delete marker masks a put in its millisecond (HBase does, and the memory store with it), so
   * wiping the table and putting the rows back in the same millisecond would lose them. Rows only
   * in `to` are deleted, columns only in `to` are deleted, every cell of `from` is put.
   */
  const copy =
    (from: string, to: string, keep: (r: Row) => boolean): TE.TaskEither<StoreError, void> =>
    async () => {
      const target = await rowsOf(to)
      if (E.isLeft(target)) return target
      const source = await rowsOf(from)
      if (E.isLeft(source)) return source
      const column = (family: string, qualifier: Uint8Array) => `${family}/${B.toHex(qualifier)}`
      const wanted = new Map(
        source.right
          .filter(keep)
          .map((r) => [B.toHex(r.key), new Set(r.cells.map((c) => column(c.family, c.qualifier)))])
      )
      const stale: ReadonlyArray<Mutation<string>> = target.right.flatMap(
        (r): ReadonlyArray<Mutation<string>> => {
          const columns = wanted.get(B.toHex(r.key))
          if (columns === undefined) return [{ _tag: 'Delete', table: to, row: r.key }]
          return r.cells
            .filter((c) => !columns.has(column(c.family, c.qualifier)))
            .map((c) => ({ _tag: 'Delete', table: to, row: r.key, family: c.family, qualifier: c.qualifier }))
        }
      )
      const puts: ReadonlyArray<Mutation<string>> = source.right.filter(keep).map((r) => ({
        _tag: 'Put',
        table: to,
        row: r.key,
        cells: r.cells.map(({ timestamp: _t, ...c }) => c)
      }))
      return inner.mutate([...stale, ...puts])()
    }
  const notMarker = (r: Row): boolean => !B.equals(r.key, MARKER)
  const exists = (name: string): TE.TaskEither<StoreError, boolean> =>
    chain(inner.tableExists(shadowName(systemTable, name)), (ok): TE.TaskEither<StoreError, boolean> =>
      ok
        ? async () => {
            const r = await inner.get({ _tag: 'Get', table: shadowName(systemTable, name), row: MARKER })()
            return E.map((o: O.Option<Row>) => O.isSome(o))(r)
          }
        : () => Promise.resolve(E.right(false))
    )
  const markerOf =
    (name: string): TE.TaskEither<StoreError, string | undefined> =>
    async () => {
      const r = await inner.get({ _tag: 'Get', table: shadowName(systemTable, name), row: MARKER })()
      if (E.isLeft(r)) return r
      const v = O.isSome(r.right) ? r.right.value.cells[0]?.value : undefined
      return E.right(v === undefined ? undefined : new TextDecoder().decode(v))
    }
  return {
    ...inner,
    capabilities: new Set([...inner.capabilities, 'snapshots']),
    snapshot: (table, name) => {
      const shadow = shadowName(table, name)
      return chain(exists(name), (there) =>
        there
          ? () => Promise.resolve(E.left(snapshotExists(name)))
          : chain(inner.ensureTable({ name: shadow, families: FAMILIES }), () =>
              chain(
                copy(table, shadow, () => true),
                () =>
                  inner.mutate([
                    {
                      _tag: 'Put',
                      table: shadow,
                      row: MARKER,
                      cells: [{ family: 'meta', qualifier: B.utf8('table'), value: B.utf8(table) }]
                    }
                  ])
              )
            )
      )
    },
    restoreSnapshot: (name) =>
      chain(markerOf(name), (table) =>
        table === undefined
          ? () => Promise.resolve(E.left(snapshotNotFound(name)))
          : copy(shadowName(systemTable, name), table, notMarker)
      ),
    deleteSnapshot: (name) =>
      chain(exists(name), (there) =>
        there
          ? async () => {
              const shadow = shadowName(systemTable, name)
              const rows = await rowsOf(shadow)
              if (E.isLeft(rows)) return rows
              return inner.mutate(
                rows.right.map((r): Mutation<string> => ({ _tag: 'Delete', table: shadow, row: r.key }))
              )()
            }
          : () => Promise.resolve(E.left(snapshotNotFound(name)))
      ),
    snapshotExists: exists
  }
}
