/**
 * The stable string code of every `ApiError` tag, for `err.code === 'HBM_CONFLICT'` as users of
 * Node and Level expect. Codes never change meaning once published; a new tag gets a new code.
 * The table is total over the tags (the compiler checks it) and docs/errors.md lists it
 * (test/api/errorCodes.test.ts keeps the two equal).
 */
import type { ApiError } from './ApiError.js'

export const errorCodes = {
  InvalidValue: 'HBM_INVALID_VALUE',
  Malformed: 'HBM_MALFORMED',
  OutOfRange: 'HBM_OUT_OF_RANGE',
  ExclusiveOperation: 'HBM_EXCLUSIVE_OPERATION',
  NoExclusiveOperation: 'HBM_NO_EXCLUSIVE_OPERATION',
  Conflict: 'HBM_CONFLICT',
  InvalidState: 'HBM_INVALID_STATE',
  NotInLayout: 'HBM_NOT_IN_LAYOUT',
  Unavailable: 'HBM_UNAVAILABLE',
  Timeout: 'HBM_TIMEOUT',
  TableNotFound: 'HBM_TABLE_NOT_FOUND',
  Unsupported: 'HBM_UNSUPPORTED',
  InvalidRequest: 'HBM_INVALID_REQUEST',
  SnapshotExists: 'HBM_SNAPSHOT_EXISTS',
  SnapshotNotFound: 'HBM_SNAPSHOT_NOT_FOUND',
  IOError: 'HBM_IO_ERROR',
  OutcomeUnknown: 'HBM_OUTCOME_UNKNOWN'
} as const satisfies Record<ApiError['_tag'], `HBM_${string}`>

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes]

export const codeOf = (e: ApiError): ErrorCode => errorCodes[e._tag]
