/**
 * `hbaseStore(config)`: the `KVStore` port over HBase's Thrift2 gateway. This module wires the
 * parts to the port; each lives in its own module:
 * - `connection.ts` a pool of connections with deadlines, idle closing, retries, reconnects;
 * - `errors.ts` every exception → `StoreError` (the only place);
 * - `convert.ts` values ↔ Thrift structs (the only place with `Buffer`);
 * - `validate.ts` / `schema.ts` argument and family checks before anything is sent;
 * - `mutate.ts` batches (split to fit, `size.ts`); `scan.ts` scanners and range bounds.
 *
 * Capabilities: 'admin' (namespaces and tables through the gateway's DDL calls, HBase ≥ 2.2) and
 * 'ttl' (HBase expires cells by itself). Not 'snapshots': Thrift2 has no snapshot call, so the four
 * snapshot functions answer `Unsupported`. Every task does its work when run, not when built.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import type { CheckAndDelete, CheckAndPut, Delete, Get, Put, Row } from '../../core/Operation.js'
import { checkedStore } from '../../port/checked.js'
import type { KVStore, TableSpec } from '../../port/KVStore.js'
import type { Capability, StoreError } from '../../port/StoreError.js'
import { invalidRequest, StoreFailure, unavailable, unsupported } from '../../port/StoreError.js'
import { resolve, type HBaseStoreConfig } from './config.js'
import { gateway as openGateway, type Gateway } from './connection.js'
import * as C from './convert.js'
import { toStoreError, type ErrorContext } from './errors.js'
import * as G from './gen/index.js'
import { mutate } from './mutate.js'
import { scan } from './scan.js'
import { schema as makeSchema, type Schema } from './schema.js'
import * as V from './validate.js'

const CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['admin', 'ttl'])

const check = (c: E.Either<StoreError, void>): void => {
  if (E.isLeft(c)) throw new StoreFailure(c.left)
}

/** Runs `f` as a task; whatever it throws becomes a `StoreError` through `errors.ts`. */
const task =
  <A>(gw: Gateway, schema: Schema, ctx: ErrorContext, f: () => Promise<A>): TE.TaskEither<StoreError, A> =>
  async () => {
    if (gw.closed()) return E.left(unavailable('the store is closed'))
    try {
      return E.right(await f())
    } catch (e) {
      const error = toStoreError(ctx)(e)
      // The server contradicted the cached schema: look it up again next time.
      if (
        ctx.table !== undefined &&
        (error._tag === 'TableNotFound' || (error._tag === 'InvalidRequest' && error.field === 'family'))
      )
        schema.forget(ctx.table)
      return E.left(error)
    }
  }

// -------------------------------------------------------------------------------------------------
// reads and conditional writes
// -------------------------------------------------------------------------------------------------

const get =
  (gw: Gateway, schema: Schema) =>
  async (g: Get<string>): Promise<O.Option<Row>> => {
    await schema.check(g.table, g.family === undefined ? [] : [g.family])
    const tget = new G.TGet({
      row: C.toBuffer(g.row),
      ...(g.family === undefined ? {} : { columns: C.familyColumns(g.family) })
    })
    const result = await gw.call('get', (c) => c.get(C.utf8Buffer(g.table), tget))
    return O.fromNullable(C.toRow(result, g.row))
  }

/** The families of a check-and-mutate must be declared (its table and row the port has checked). */
const checkConditional = async (
  schema: Schema,
  cond: CheckAndPut<string> | CheckAndDelete<string>,
  m: Put<string> | Delete<string>
): Promise<void> => {
  await schema.check(cond.table, [cond.family, ...V.familiesOf(m)])
}

/** `none` sends no value, which the gateway reads as "the column must not exist". */
const expectedValue = (expected: O.Option<Uint8Array>): ReturnType<typeof C.toBuffer> | undefined =>
  O.isSome(expected) ? C.toBuffer(expected.value) : undefined

const checkAndPut =
  (gw: Gateway, schema: Schema) =>
  async (cap: CheckAndPut<string>): Promise<boolean> => {
    await checkConditional(schema, cap, cap.put)
    const tput = C.tPut(cap.row, C.mergedCells([cap.put]))
    const value = expectedValue(cap.expected)
    return gw.call(
      'checkAndPut',
      (c) =>
        c.checkAndPut(
          C.utf8Buffer(cap.table),
          C.toBuffer(cap.row),
          C.utf8Buffer(cap.family),
          C.toBuffer(cap.qualifier),
          tput,
          value
        ),
      'unsent'
    )
  }

const checkAndDelete =
  (gw: Gateway, schema: Schema) =>
  async (cad: CheckAndDelete<string>): Promise<boolean> => {
    await checkConditional(schema, cad, cad.delete)
    const deletes = C.tDeletes(cad.row, [cad.delete])
    const tdelete = deletes[0]
    if (tdelete === undefined || deletes.length !== 1) throw new Error('one delete makes one TDelete')
    const value = expectedValue(cad.expected)
    return gw.call(
      'checkAndDelete',
      (c) =>
        c.checkAndDelete(
          C.utf8Buffer(cad.table),
          C.toBuffer(cad.row),
          C.utf8Buffer(cad.family),
          C.toBuffer(cad.qualifier),
          tdelete,
          value
        ),
      'unsent'
    )
  }

// -------------------------------------------------------------------------------------------------
// admin
// -------------------------------------------------------------------------------------------------

const namespaceExists = async (gw: Gateway, ns: string): Promise<boolean> =>
  (await gw.call('listNamespaces', (c) => c.listNamespaces())).includes(ns)

/** Create when missing; a concurrent creator winning the race is success. */
const ensureNamespace =
  (gw: Gateway) =>
  async (ns: string): Promise<void> => {
    if (await namespaceExists(gw, ns)) return
    try {
      await gw.call(
        'createNamespace',
        (c) => c.createNamespace(new G.TNamespaceDescriptor({ name: ns })),
        'unsent'
      )
    } catch (e) {
      if (!(await namespaceExists(gw, ns))) throw e
    }
  }

const tableExists = async (gw: Gateway, table: string): Promise<boolean> =>
  gw.call('tableExists', (c) => c.tableExists(C.tTableName(table)))

const descriptor = (spec: TableSpec): G.TTableDescriptor =>
  new G.TTableDescriptor({
    tableName: C.tTableName(spec.name),
    columns: spec.families.map(
      (f) =>
        new G.TColumnFamilyDescriptor({
          name: C.utf8Buffer(f.name),
          maxVersions: f.maxVersions,
          ...(f.ttlSeconds === undefined ? {} : { timeToLive: f.ttlSeconds })
        })
    )
  })

/** Create when missing; an existing table is left as it is (its spec is not compared). */
const ensureTable =
  (gw: Gateway) =>
  async (spec: TableSpec): Promise<void> => {
    check(V.tableSpec(spec))
    if (await tableExists(gw, spec.name)) return
    try {
      await gw.call('createTable', (c) => c.createTable(descriptor(spec), []), 'unsent')
    } catch (e) {
      if (await tableExists(gw, spec.name)) return
      const ns = C.splitTableName(spec.name).namespace
      if (!(await namespaceExists(gw, ns)))
        throw new StoreFailure(invalidRequest('namespace', ns, 'no such namespace'))
      throw e
    }
  }

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

const uncheckedHBaseStore = (config: HBaseStoreConfig): KVStore => {
  const resolved = resolve(config)
  const gw = openGateway(resolved)
  const schema = makeSchema(gw)
  const run = <A>(ctx: ErrorContext, f: () => Promise<A>): TE.TaskEither<StoreError, A> =>
    task(gw, schema, ctx, f)
  const scanner = scan(gw, schema, resolved)
  const noSnapshots =
    (operation: string): TE.TaskEither<StoreError, never> =>
    () =>
      Promise.resolve(E.left(unsupported('snapshots', operation)))

  return {
    capabilities: CAPABILITIES,
    get: (g) => run({ operation: 'get', table: g.table }, () => get(gw, schema)(g)),
    scan: (s) =>
      gw.closed()
        ? {
            [Symbol.asyncIterator]: () => ({
              next: () => Promise.reject(new StoreFailure(unavailable('the store is closed')))
            })
          }
        : scanner(s),
    mutate: (ms) =>
      run(
        { operation: 'mutate', write: true, ...(ms.length === 0 ? {} : { table: ms[0]?.table ?? '' }) },
        () => mutate(gw, schema, resolved)(ms)
      ),
    checkAndPut: (cap) =>
      run({ operation: 'checkAndPut', write: true, table: cap.table }, () => checkAndPut(gw, schema)(cap)),
    checkAndDelete: (cad) =>
      run({ operation: 'checkAndDelete', write: true, table: cad.table }, () =>
        checkAndDelete(gw, schema)(cad)
      ),
    ensureNamespace: (ns) => run({ operation: 'ensureNamespace' }, () => ensureNamespace(gw)(ns)),
    ensureTable: (spec) => run({ operation: 'ensureTable', table: spec.name }, () => ensureTable(gw)(spec)),
    tableExists: (table) => run({ operation: 'tableExists', table }, () => tableExists(gw, table)),
    snapshot: () => noSnapshots('snapshot'),
    restoreSnapshot: () => noSnapshots('restoreSnapshot'),
    deleteSnapshot: () => noSnapshots('deleteSnapshot'),
    snapshotExists: () => noSnapshots('snapshotExists'),
    close: () => gw.close()
  }
}

/** Every argument validated and normalised by the port (`port/checked.ts`) before it gets here. */
export const hbaseStore = (config: HBaseStoreConfig): KVStore => checkedStore(uncheckedHBaseStore(config))
