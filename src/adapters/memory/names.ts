/**
 * The memory store's view of HBase names: the rules themselves live once in `port/names.ts`; this
 * module adds the store's canonical key for a table and the namespaces every cluster has.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { StoreError } from '../../port/StoreError.js'
import * as Names from '../../port/names.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface TableName {
  readonly namespace: string
  readonly qualifier: string
  /** `namespace:qualifier`, the one key under which the store knows the table. */
  readonly canonical: string
}

/** Namespaces every HBase cluster has. */
export const builtinNamespaces: ReadonlyArray<string> = ['default', 'hbase']

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

export const namespace = Names.namespace
export const family = Names.family
export const snapshot = Names.snapshot

export const table = (name: string): E.Either<StoreError, TableName> =>
  E.map((p: Names.TableParts) => ({ ...p, canonical: `${p.namespace}:${p.qualifier}` }))(Names.table(name))
