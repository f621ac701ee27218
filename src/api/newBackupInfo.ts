/**
 * `newBackupInfo({ backupId, type, backupRootDir, tables })`: a new session ready for
 * `table.updateBackupInfo`, with Java's defaults (see `core/domain/newBackupInfo.ts`); invalid input
 * throws `BackupMetaError` (`InvalidValue`, code `HBM_INVALID_VALUE`) naming the field and value.
 * `backupInfoOf` is the same as an `Either`, for fp-ts code.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { BackupInfo } from '../core/domain/BackupInfo.js'
import type { NewBackupInfo } from '../core/domain/newBackupInfo.js'
import { backupInfoOf } from '../core/domain/newBackupInfo.js'
import { BackupMetaError } from '../interpreter/ApiError.js'

export const newBackupInfo = (input: NewBackupInfo): BackupInfo => {
  const info = backupInfoOf(input)
  if (E.isLeft(info)) throw new BackupMetaError(info.left)
  return info.right
}
