/**
 * Every failure a call on the backup system table can report: a store error (I/O) or a program
 * error (validation, decoding, lock contention, conflicts). Tags of the two unions are disjoint.
 * The Promise API rejects with `BackupMetaError`, an `Error` carrying the tagged value and its
 * stable string `code` (`ErrorCode.ts`, listed in docs/errors.md).
 */
import type { ProgramError } from '../core/ProgramError.js'
import { describe as describeProgram } from '../core/ProgramError.js'
import type { StoreError } from '../port/StoreError.js'
import type { ErrorCode } from './ErrorCode.js'
import { codeOf } from './ErrorCode.js'
import { describe as describeStore } from '../port/StoreError.js'

export type ApiError = StoreError | ProgramError

const storeTags: ReadonlySet<string> = new Set([
  'Unavailable',
  'Timeout',
  'TableNotFound',
  'Unsupported',
  'InvalidRequest',
  'SnapshotExists',
  'SnapshotNotFound',
  'IOError',
  'OutcomeUnknown'
])

export const isStoreError = (e: ApiError): e is StoreError => storeTags.has(e._tag)

export const describe = (e: ApiError): string => (isStoreError(e) ? describeStore(e) : describeProgram(e))

export class BackupMetaError extends Error {
  /** The tag's stable code, e.g. `HBM_INVALID_VALUE` for `InvalidValue` (docs/errors.md). */
  readonly code: ErrorCode

  constructor(readonly error: ApiError) {
    super(describe(error))
    this.name = 'BackupMetaError'
    this.code = codeOf(error)
  }

  get _tag(): ApiError['_tag'] {
    return this.error._tag
  }
}
