/**
 * Programs for backup sessions and history: `updateBackupInfo`, `readBackupInfo`,
 * `deleteBackupInfo`, and every history query. Each history query is one scan of the session rows
 * followed by pure filtering and ordering (see `../History.ts`).
 */
import * as E from 'fp-ts/lib/Either.js'
import { flow, pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import { BackupInfo as BackupInfoCodec } from '../domain/BackupInfo.js'
import type { BackupId } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import * as H from '../History.js'
import * as P from '../Program.js'
import * as Session from '../rows/BackupSession.js'

export const updateBackupInfo = (info: BackupInfo): P.Program<void> =>
  pipe(
    validate(BackupInfoCodec, 'backupInfo')(info),
    P.fromEither,
    P.chain((valid) => P.mutate([Session.put(valid)]))
  )

export const readBackupInfo = (id: BackupId): P.Program<BackupInfo | undefined> =>
  pipe(
    P.get(Session.get(id)),
    P.chain(
      O.match(
        () => P.of(undefined),
        (row) => (row.cells.length === 0 ? P.of(undefined) : P.fromEither(Session.decodeRow(row)))
      )
    )
  )

export const deleteBackupInfo = (id: BackupId): P.Program<void> => P.mutate([Session.remove(id)])

/** Every session, newest first (see `History.newestFirst`). */
export const allSessions: P.Program<ReadonlyArray<BackupInfo>> = pipe(
  P.scan(Session.scan()),
  P.chain(flow(E.traverseArray(Session.decodeRow), E.map(H.newestFirst), P.fromEither))
)

export const history = (query: H.HistoryQuery = {}): P.Program<ReadonlyArray<BackupInfo>> =>
  pipe(allSessions, P.map(H.select(query)))

export const hasBackupSessions: P.Program<boolean> = pipe(
  P.scan(Session.scan({ limit: 1 })),
  P.map((rows) => rows.length > 0)
)
