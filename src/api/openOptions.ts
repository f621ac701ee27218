/**
 * `open`'s options, checked before the first store call: a clock that gives fractional or negative
 * milliseconds would stamp copy records that are written but never readable (their key holds the
 * time), and `maxAttempts` NaN or negative would silently mean one attempt.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DomainError } from '../core/DomainError.js'
import { invalidValue } from '../core/DomainError.js'
import { Refused } from './copyIn.js'

export interface CheckedOptions {
  readonly maxAttempts: number
  /** Every reading is checked; a bad one fails the call that read it, typed. */
  readonly clock: () => number
}

export const DEFAULT_MAX_ATTEMPTS = 10

const isMillis = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

const badClock = (n: unknown): DomainError =>
  invalidValue('options.clock', n, 'must return integral milliseconds since the epoch (a safe integer ≥ 0)')

export const checkOptions = (options: {
  readonly maxAttempts?: unknown
  readonly clock?: unknown
  readonly ttlSeconds?: unknown
  readonly bulkTable?: unknown
}): E.Either<DomainError, CheckedOptions> => {
  const { maxAttempts = DEFAULT_MAX_ATTEMPTS, clock = Date.now, ttlSeconds, bulkTable } = options
  if (typeof maxAttempts !== 'number' || !Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
    return E.left(invalidValue('options.maxAttempts', maxAttempts, 'must be a positive integer'))
  if (
    ttlSeconds !== undefined &&
    (typeof ttlSeconds !== 'number' || !Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1)
  )
    return E.left(invalidValue('options.ttlSeconds', ttlSeconds, 'must be a positive integer of seconds'))
  if (bulkTable !== undefined && bulkTable !== 'shared' && bulkTable !== 'separate')
    return E.left(invalidValue('options.bulkTable', bulkTable, 'must be "shared" or "separate"'))
  if (typeof clock !== 'function') return E.left(invalidValue('options.clock', clock, 'must be a function'))
  const read = clock as () => unknown
  let first: unknown
  try {
    first = read()
  } catch (thrown) {
    return E.left(
      invalidValue(
        'options.clock',
        '<call>',
        `threw: ${thrown instanceof Error ? thrown.message : 'a non-error'}`
      )
    )
  }
  if (!isMillis(first)) return E.left(badClock(first))
  return E.right({
    maxAttempts,
    clock: () => {
      const now = read()
      if (!isMillis(now)) throw new Refused(badClock(now))
      return now
    }
  })
}
