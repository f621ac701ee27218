/**
 * Runs the layout probes of `core/layout/detect.ts` against a store: a few bounded scans and one
 * get, only on tables that exist. The decision itself is pure (`decide`).
 */
import * as O from 'fp-ts/lib/Option.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Detection, Observations } from '../core/layout/detect.js'
import { decide, probes } from '../core/layout/detect.js'
import type { Row, Scan } from '../core/Operation.js'
import { collect } from '../interpreter/run.js'
import type { Tables } from '../interpreter/run.js'
import type { KVStore } from '../port/KVStore.js'
import type { StoreError } from '../port/StoreError.js'

const scanOf =
  (store: KVStore, tables: Tables) =>
  (scan: Scan): TE.TaskEither<StoreError, ReadonlyArray<Row>> =>
  () =>
    collect(store.scan({ ...scan, table: tables[scan.table] }))

export const detectLayout = (store: KVStore, tables: Tables): TE.TaskEither<StoreError, Detection> => {
  const scan = scanOf(store, tables)
  const none: TE.TaskEither<StoreError, ReadonlyArray<Row>> = TE.right([])
  return pipe(
    TE.Do,
    TE.bind('systemTableExists', () => store.tableExists(tables.system)),
    TE.bind('bulkTableExists', () =>
      tables.bulk === tables.system ? TE.right(false) : store.tableExists(tables.bulk)
    ),
    TE.chain((t) =>
      !t.systemTableExists
        ? TE.right<StoreError, Observations>({
            ...t,
            sessions: [],
            startCodes: [],
            wals: [],
            bulkInSystem: [],
            bulkInBulk: [],
            continuousBackupSet: O.none
          })
        : pipe(
            TE.Do,
            TE.bind('sessions', () => scan(probes.sessions)),
            TE.bind('startCodes', () => scan(probes.startCodes)),
            TE.bind('wals', () => scan(probes.wals)),
            TE.bind('bulkInSystem', () => scan(probes.bulkInSystem)),
            TE.bind('bulkInBulk', () => (t.bulkTableExists ? scan(probes.bulkInBulk) : none)),
            TE.bind('continuousBackupSet', () =>
              store.get({ ...probes.continuousBackupSet, table: tables.system })
            ),
            TE.map((o): Observations => ({ ...t, ...o }))
          )
    ),
    TE.map(decide)
  )
}
