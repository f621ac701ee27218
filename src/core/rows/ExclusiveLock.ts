/**
 * The exclusive-operation lock: one fixed row, never deleted; its steady state is "no".
 *
 *   key    "activesession:"
 *   cell   session:c = "yes" (held) | "no" (free)
 *
 * Acquire is two compare-and-sets tried in order: absent → "yes", then "no" → "yes".
 * Release is one: "yes" → "no". The row lives in the TTL'd `session` family, as in Java.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'
import * as Op from '../Operation.js'
import { SESSIONS_FAMILY } from './Schema.js'

export const KEY = B.utf8('activesession:')
export const QUALIFIER = B.utf8('c')
export const YES = B.utf8('yes')
export const NO = B.utf8('no')

const column: Op.Column = { family: SESSIONS_FAMILY, qualifier: QUALIFIER }
const putValue = (v: Uint8Array): Op.Put => Op.put('system', KEY, [Op.cell(SESSIONS_FAMILY, QUALIFIER, v)])

/** The two CAS attempts of `startBackupExclusiveOperation`, in order. */
export const acquireIfAbsent: Op.CheckAndPut = Op.checkAndPut(column, O.none, putValue(YES))
export const acquireIfReleased: Op.CheckAndPut = Op.checkAndPut(column, O.some(NO), putValue(YES))

/** `finishBackupExclusiveOperation`. */
export const release: Op.CheckAndPut = Op.checkAndPut(column, O.some(YES), putValue(NO))

export const get: Op.Get = Op.get('system', KEY, SESSIONS_FAMILY)

export type LockState = 'absent' | 'held' | 'free' | 'unknown'

export const decodeState = (row: O.Option<Op.Row>): LockState => {
  if (O.isNone(row)) return 'absent'
  const v = Op.cellValue(SESSIONS_FAMILY, QUALIFIER)(row.value)
  return v === undefined ? 'absent' : B.equals(v, YES) ? 'held' : B.equals(v, NO) ? 'free' : 'unknown'
}

/** The lock's state, or `Malformed` naming the row when the cell holds neither "yes" nor "no". */
export const decodeRow = (row: O.Option<Op.Row>): E.Either<DomainError, Exclude<LockState, 'unknown'>> => {
  const state = decodeState(row)
  if (state !== 'unknown') return E.right(state)
  const v = O.isSome(row) ? Op.cellValue(SESSIONS_FAMILY, QUALIFIER)(row.value) : undefined
  return E.left(
    malformed(
      `${B.toStringBinary(KEY)} ${SESSIONS_FAMILY}:c`,
      B.toStringBinary(v ?? B.empty),
      'the lock cell holds neither "yes" nor "no"'
    )
  )
}
