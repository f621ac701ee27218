/**
 * The failures of API programs besides store errors, as tagged values:
 * - domain errors (invalid input, malformed rows);
 * - `ExclusiveOperation`: the lock is held by someone else (Java's ExclusiveOperationException);
 * - `NoExclusiveOperation`: releasing a lock that is not held;
 * - `Conflict`: a guarded read-modify-write lost every retry to concurrent writers;
 * - `InvalidState`: the table holds something the operation cannot proceed from.
 */
import type { DomainError } from './DomainError.js'
import { describe as describeDomain } from './DomainError.js'

export type ProgramError =
  | DomainError
  | { readonly _tag: 'ExclusiveOperation'; readonly message: string }
  | { readonly _tag: 'NoExclusiveOperation'; readonly message: string }
  | { readonly _tag: 'Conflict'; readonly row: string; readonly attempts: number }
  | { readonly _tag: 'InvalidState'; readonly message: string }

export const exclusiveOperation: ProgramError = {
  _tag: 'ExclusiveOperation',
  message: 'There is an active backup exclusive operation'
}

export const noExclusiveOperation: ProgramError = {
  _tag: 'NoExclusiveOperation',
  message: 'There is no active backup exclusive operation'
}

export const conflict = (row: string, attempts: number): ProgramError => ({ _tag: 'Conflict', row, attempts })

export const describe = (e: ProgramError): string => {
  switch (e._tag) {
    case 'ExclusiveOperation':
    case 'NoExclusiveOperation':
    case 'InvalidState':
      return e.message
    case 'Conflict':
      return `row ${e.row} changed concurrently on each of ${e.attempts} attempts`
    default:
      return describeDomain(e)
  }
}
