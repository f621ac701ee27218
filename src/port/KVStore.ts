/**
 * The port: everything the library needs from an ordered, HBase-like key-value store. Adapters are
 * values implementing this interface (`memoryStore()`, `hbaseStore(config)`); the shared contract
 * suite in `testing/kvStoreContract` states the laws every adapter must satisfy.
 *
 * Tables are physical names (`ns:qualifier`). Operations are the core's data types with a physical
 * table name. Semantics follow HBase 2.x:
 * - keys ordered as unsigned bytes; cells within a row by (family, qualifier);
 * - a read returns the newest version of each cell, honouring the family's TTL;
 * - all mutations of one row in a `mutate` batch are applied atomically; across rows, in order;
 * - `checkAndPut` and `checkAndDelete` are atomic. As in HBase's `HRegion.checkAndMutate`, an
 *   expected value that is `none` or empty matches a missing cell *and* a cell holding an empty
 *   value; any other expected value matches exactly those bytes;
 * - every mutation of one `mutate` call gets the same server timestamp, so a put and a delete of
 *   the same row in one batch leave the row deleted, whatever their order (HBase's mini-batch);
 * - a scan's `limit` counts rows; a reverse scan visits the same rows in descending order;
 * - a scan yields its rows in batches (non-empty arrays, in order): a store picks the size, as
 *   HBase's scanner caching does; one promise per batch, not per row. `rowsOf` flattens them.
 *
 * Optional capabilities are declared in `capabilities`; calling one that is missing yields
 * `Unsupported`, never a silent no-op.
 */
import type * as O from 'fp-ts/lib/Option.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import type { CheckAndDelete, CheckAndPut, Get, Mutation, Row, Scan } from '../core/Operation.js'
import type { Capability, StoreError } from './StoreError.js'

export interface FamilySpec {
  readonly name: string
  /** Versions kept per cell; HBase's default is 1 for the backup table. */
  readonly maxVersions: number
  /** Seconds a cell lives; `undefined` is forever (HBase's `FOREVER`). */
  readonly ttlSeconds?: number
}

export interface TableSpec {
  readonly name: string
  readonly families: ReadonlyArray<FamilySpec>
}

export interface KVStore {
  readonly capabilities: ReadonlySet<Capability>
  /**
   * The clock this store stamps writes with, in ms, when a client can read it (the memory store's);
   * absent for a remote server, whose clock is its own. A table that must stamp a write itself
   * (`interpreter/writeStamps.ts`) stamps it on this clock, so its stamps and the store's agree.
   */
  readonly clock?: () => number

  readonly get: (get: Get<string>) => TE.TaskEither<StoreError, O.Option<Row>>
  /** Rows in range order, in non-empty batches; rejects with `StoreFailure` if the store fails mid-way. */
  readonly scan: (scan: Scan<string>) => AsyncIterable<ReadonlyArray<Row>>
  readonly mutate: (mutations: ReadonlyArray<Mutation<string>>) => TE.TaskEither<StoreError, void>
  /** `true` when the put was applied. */
  readonly checkAndPut: (cap: CheckAndPut<string>) => TE.TaskEither<StoreError, boolean>
  /** `true` when the delete was applied; the check as for `checkAndPut`. */
  readonly checkAndDelete: (cad: CheckAndDelete<string>) => TE.TaskEither<StoreError, boolean>

  // admin ('admin' capability)
  readonly ensureNamespace: (namespace: string) => TE.TaskEither<StoreError, void>
  /** Creates the table if missing; an existing table is left as it is. */
  readonly ensureTable: (spec: TableSpec) => TE.TaskEither<StoreError, void>
  readonly tableExists: (table: string) => TE.TaskEither<StoreError, boolean>

  // snapshots ('snapshots' capability): a named, point-in-time copy of one table
  readonly snapshot: (table: string, name: string) => TE.TaskEither<StoreError, void>
  /** Restores the table the snapshot was taken of to its contents at that time. */
  readonly restoreSnapshot: (name: string) => TE.TaskEither<StoreError, void>
  readonly deleteSnapshot: (name: string) => TE.TaskEither<StoreError, void>
  readonly snapshotExists: (name: string) => TE.TaskEither<StoreError, boolean>

  readonly close: () => Promise<void>
}
