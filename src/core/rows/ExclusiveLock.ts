/**
 * The exclusive-operation lock: one fixed row, never deleted; its steady state is "no".
 *
 *   key    "activesession:"
 *   cell   session:c = "yes" (held) | "no" (free)
 *
 * Acquire is two compare-and-sets tried in order: absent → "yes", then "no" → "yes".
 * Release is one: "yes" → "no". The row lives in the TTL'd `session` family, as in Java.
 *
 * Holder cells (this library only; Java reads and writes nothing but `session:c`, so its CLI takes,
 * refuses and releases the lock with them present):
 *   cells  session:holder.host = utf8(host), session:holder.pid = decimal pid
 * An acquire writes them in the same Put as "yes", so they share its server timestamp, which is
 * when the lock was taken. Release leaves them (Java's release would too): they describe the
 * holder only while `c` is "yes" with that same timestamp; a later "yes" written by Java carries a
 * newer timestamp, and the holder is then unknown, never the previous one.
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

export const HOLDER_HOST = B.utf8('holder.host')
export const HOLDER_PID = B.utf8('holder.pid')

/** Who takes the lock: a host name and a process id. */
export interface Holder {
  readonly host: string
  readonly pid: number
}

const holderCells = (h: Holder): ReadonlyArray<Op.Cell> => [
  Op.cell(SESSIONS_FAMILY, HOLDER_HOST, B.utf8(h.host)),
  Op.cell(SESSIONS_FAMILY, HOLDER_PID, B.utf8(String(h.pid)))
]

const putHeld = (h: Holder): Op.Put =>
  Op.put('system', KEY, [Op.cell(SESSIONS_FAMILY, QUALIFIER, YES), ...holderCells(h)])

/** The two acquire attempts, recording `holder` in the same Put as "yes". */
export const acquireBy = (h: Holder): readonly [Op.CheckAndPut, Op.CheckAndPut] => [
  Op.checkAndPut(column, O.none, putHeld(h)),
  Op.checkAndPut(column, O.some(NO), putHeld(h))
]

/**
 * Taking over a lock whose holder is gone: "yes" with `h` as holder, applied only while the
 * `holder.pid` cell still holds what was read (`none`: absent, a Java holder), so a lock that
 * changed hands since is not stolen.
 */
export const takeOver = (readPid: O.Option<Uint8Array>, h: Holder): Op.CheckAndPut =>
  Op.checkAndPut({ family: SESSIONS_FAMILY, qualifier: HOLDER_PID }, readPid, putHeld(h))

/** Releasing a lock whose holder is gone, with the guard of `takeOver`. */
export const releaseFrom = (readPid: O.Option<Uint8Array>): Op.CheckAndPut =>
  Op.checkAndPut({ family: SESSIONS_FAMILY, qualifier: HOLDER_PID }, readPid, putValue(NO))

/** `finishBackupExclusiveOperation`. */
export const release: Op.CheckAndPut = Op.checkAndPut(column, O.some(YES), putValue(NO))

export const get: Op.Get = Op.get('system', KEY, SESSIONS_FAMILY)

export type LockState = 'absent' | 'held' | 'free' | 'unknown'

export const decodeState = (row: O.Option<Op.Row>): LockState => {
  if (O.isNone(row)) return 'absent'
  const v = Op.cellValue(SESSIONS_FAMILY, QUALIFIER)(row.value)
  return v === undefined ? 'absent' : B.equals(v, YES) ? 'held' : B.equals(v, NO) ? 'free' : 'unknown'
}

export interface HeldBy extends Holder {
  /** Server time the lock was taken (the Put's timestamp), when the store reports timestamps. */
  readonly since: number | undefined
}

const cellOf = (row: Op.Row, q: Uint8Array): Op.Cell | undefined =>
  row.cells.find((c) => c.family === SESSIONS_FAMILY && B.equals(c.qualifier, q))

/**
 * The holder recorded with a held lock; `none` when the lock is not held or was taken without one
 * (Java), including holder cells left by an earlier holder (their timestamp differs from "yes").
 */
export const decodeHolder = (row: O.Option<Op.Row>): O.Option<HeldBy> => {
  if (O.isNone(row)) return O.none
  const c = cellOf(row.value, QUALIFIER)
  const host = cellOf(row.value, HOLDER_HOST)
  const pid = cellOf(row.value, HOLDER_PID)
  if (c === undefined || !B.equals(c.value, YES) || host === undefined || pid === undefined) return O.none
  if (c.timestamp !== host.timestamp || c.timestamp !== pid.timestamp) return O.none
  const hostText = B.toUtf8(host.value)
  const pidText = B.toUtf8(pid.value)
  if (O.isNone(hostText) || O.isNone(pidText) || !/^[0-9]{1,10}$/.test(pidText.value)) return O.none
  return O.some({ host: hostText.value, pid: Number(pidText.value), since: c.timestamp })
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
