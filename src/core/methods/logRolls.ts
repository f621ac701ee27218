/**
 * Programs for log-roll bookkeeping: the start code of a root, the region servers' last log-roll
 * results (`rslogts`), and the per-table log-roll map (`trslm`). Root-scoped reads use the
 * NUL-terminated ranges of their row modules, so one root never reads another's rows.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type { ServerTimestamps, TableServerTimestamps } from '../domain/BackupInfo.js'
import type { BackupRoot, ServerName } from '../domain/Identifiers.js'
import type { TableName } from '../domain/TableName.js'
import * as P from '../Program.js'
import * as L from '../values/Long.js'
import * as ServerLogRoll from '../rows/ServerLogRoll.js'
import * as StartCode from '../rows/StartCode.js'
import * as TableServerLogRoll from '../rows/TableServerLogRoll.js'

export const readBackupStartCode = (root: BackupRoot): P.Program<number | undefined> =>
  pipe(
    P.get(StartCode.get(root)),
    P.chain(
      O.match(
        () => P.of(undefined),
        (row) => P.fromEither(StartCode.decodeRow(row))
      )
    )
  )

export const writeBackupStartCode = (startCode: number, root: BackupRoot): P.Program<void> =>
  pipe(
    L.checkLong('startCode', startCode),
    P.fromEither,
    P.chain((code) => P.mutate([StartCode.put(root, code)]))
  )

export const readRegionServerLastLogRollResult = (root: BackupRoot): P.Program<ServerTimestamps> =>
  pipe(
    P.scan(ServerLogRoll.scanRoot(root)),
    P.chain((rows) =>
      pipe(
        rows,
        E.traverseArray(ServerLogRoll.decodeRow),
        E.map((rs) => Object.fromEntries(rs.map((r) => [r.server, r.timestamp]))),
        P.fromEither
      )
    )
  )

export const writeRegionServerLastLogRollResult = (
  server: ServerName,
  timestamp: number,
  root: BackupRoot
): P.Program<void> =>
  pipe(
    L.checkLong('timestamp', timestamp),
    P.fromEither,
    P.chain((ts) => P.mutate([ServerLogRoll.put(root, server, ts)]))
  )

/** One Put per table, in one batch: each table's row gets the same server → timestamp map. */
export const writeRegionServerLogTimestamp = (
  tables: ReadonlyArray<TableName>,
  timestamps: ServerTimestamps,
  root: BackupRoot
): P.Program<void> => P.mutate(tables.map((t) => TableServerLogRoll.put(root, t, timestamps)))

export const readLogTimestampMap = (root: BackupRoot): P.Program<TableServerTimestamps> =>
  pipe(
    P.scan(TableServerLogRoll.scanRoot(root)),
    P.chain((rows) =>
      pipe(
        rows,
        E.traverseArray(TableServerLogRoll.decodeRow),
        E.map((rs) => Object.fromEntries(rs.map((r) => [r.table, r.servers]))),
        P.fromEither
      )
    )
  )
