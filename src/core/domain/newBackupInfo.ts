/**
 * A new session from plain strings and numbers, with Java's defaults (`BackupInfo`'s field
 * initialisers and `BackupManager.createBackupInfo`): phase REQUEST, progress 0, workers and
 * bandwidth -1 (unset), completeTs 0, no state yet, and `startTs` the backup id's own timestamp
 * (Java names a session `backup_<its start time>`) unless given. Everything goes through the
 * `BackupInfo` codec, so a bad value is an `InvalidValue` naming the field (`backupInfo.type`), and
 * a bad enum lists the values it may take.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { DomainError } from '../DomainError.js'
import { BackupInfo } from './BackupInfo.js'
import { BackupId, backupIdTimestamp } from './Identifiers.js'
import { validate } from './validate.js'

/** What a caller gives: the four of Java's constructor, then optional overrides of the defaults. */
export interface NewBackupInfo {
  /** `backup_<ms>`; its timestamp is the default `startTs`. */
  readonly backupId: string
  /** `FULL` or `INCREMENTAL`. */
  readonly type: string
  readonly backupRootDir: string
  /** Table names as `ns:qualifier` or `qualifier` (the default namespace). */
  readonly tables: ReadonlyArray<string>
  readonly startTs?: number
  /** Default `REQUEST`. */
  readonly phase?: string
  /** Unset by default; `RUNNING`, `COMPLETE`, `FAILED` or `CANCELLED`. */
  readonly state?: string
  /** Default -1 (unset), as in Java. */
  readonly workers?: number
  /** Default -1 (unset), as in Java. */
  readonly bandwidth?: number
}

const FIELD = 'backupInfo'

export const backupInfoOf = (input: NewBackupInfo): E.Either<DomainError, BackupInfo> =>
  pipe(
    validate(BackupId, `${FIELD}.backupId`)(input.backupId),
    E.chain((backupId) =>
      validate(
        BackupInfo,
        FIELD
      )({
        backupId,
        type: input.type,
        backupRootDir: input.backupRootDir,
        phase: input.phase ?? 'REQUEST',
        tables: input.tables.map((table) => ({ table })),
        startTs: input.startTs ?? backupIdTimestamp(backupId),
        completeTs: 0,
        progress: 0,
        workers: input.workers ?? -1,
        bandwidth: input.bandwidth ?? -1,
        ...(input.state === undefined ? {} : { state: input.state })
      })
    )
  )
