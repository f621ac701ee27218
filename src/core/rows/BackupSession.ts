/**
 * Backup sessions: one row per backup.
 *
 *   key    "session:" ‖ utf8(backupId)                e.g. "session:backup_1500000000000"
 *   cell   session:context = BackupInfo protobuf (plain `toByteArray()`, no length prefix)
 *
 * Keys sort by backup id as text, which is numeric order only while the ids have equally many
 * digits, and history is ordered by the stored `startTs`, which no key holds: history ordering
 * therefore never relies on key order (see `History.ts`); a bounded history scans every session
 * row but reads only its header (`headerOfRow`: order key, type, state, root) until it knows the
 * row is kept.
 * Deleting a session deletes the `session` family of its row, as Java's `deleteBackupInfo` does.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { atRow, malformed } from '../DomainError.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import type { BackupState, BackupType } from '../domain/Enums.js'
import type { BackupId } from '../domain/Identifiers.js'
import { BackupId as BackupIdCodec, backupIdTimestamp } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import { readBackupInfoHeader } from '../proto/BackupInfoHeader.js'
import { decodeBackupInfo, encodeBackupInfo } from '../proto/BackupInfoProto.js'
import { SESSIONS_FAMILY } from './Schema.js'
import * as S from './Subspace.js'
import { deepFreeze } from '../values/deepFreeze.js'

export const space = S.subspace('session:')

export const QUALIFIER = B.utf8('context')

export const key = (id: BackupId): Uint8Array => S.keyOf(space)(id)

const ID_PREFIX = B.utf8('session:backup_')

/** The timestamp of the id a session key names, read from its bytes; `undefined` if not a valid id. */
const idTsOfKey = (k: Uint8Array): number | undefined => {
  if (k.length <= ID_PREFIX.length) return undefined
  for (let i = 0; i < ID_PREFIX.length; i++) if (k[i] !== ID_PREFIX[i]) return undefined
  let n = 0
  for (let i = ID_PREFIX.length; i < k.length; i++) {
    const d = (k[i] as number) - 48
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  return Number.isSafeInteger(n) ? n : undefined
}

/** The id a valid session key names, read from its bytes; `undefined` for any other key. */
const idOfKey = (k: Uint8Array): BackupId | undefined => {
  // `idTsOfKey` accepts exactly the keys of ids the BackupId codec accepts ("backup_", digits, a
  // safe integer): ASCII, so the id's text is one character per byte
  if (idTsOfKey(k) === undefined) return undefined
  let id = ''
  for (let i = space.prefix.length; i < k.length; i++) id += String.fromCharCode(k[i] as number)
  return id as BackupId
}

export const decodeKey = (k: Uint8Array): E.Either<DomainError, BackupId> => {
  const id = idOfKey(k)
  if (id !== undefined) return E.right(id)
  return pipe(
    S.suffixOf(space)(k),
    O.match(
      () => E.left(malformed('session row key', B.toStringBinary(k), 'not a session row')),
      validate(BackupIdCodec, 'backupId')
    )
  )
}

/** Every session row. */
export const range = space.range

export const put = (info: BackupInfo): Op.Put =>
  Op.put('system', key(info.backupId), [Op.cell(SESSIONS_FAMILY, QUALIFIER, encodeBackupInfo(info))])

export const get = (id: BackupId): Op.Get => Op.get('system', key(id), SESSIONS_FAMILY)

export const remove = (id: BackupId): Op.Delete => Op.deleteFamily('system', key(id), SESSIONS_FAMILY)

export const scan = (options: { readonly limit?: number; readonly reverse?: boolean } = {}): Op.Scan =>
  Op.scan('system', range, { ...options, family: SESSIONS_FAMILY })

const contextOf = (row: Op.Row): E.Either<DomainError, Uint8Array> => {
  // the error (and its toStringBinary of the key) is built only when the cell is missing
  const v = Op.cellValue(SESSIONS_FAMILY, QUALIFIER)(row)
  return v === undefined
    ? E.left(malformed('session:context', B.toStringBinary(row.key), 'the session row has no context cell'))
    : E.right(v)
}

/** The BackupInfo of a session row; a row whose id disagrees with its key is malformed. */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, BackupInfo> => {
  // plain steps, no `Do` chain, and a valid key compared as bytes (no string built for it): this
  // runs once per session row a history query returns
  if (idTsOfKey(row.key) === undefined) return E.left(keyError(row.key))
  const bytes = contextOf(row)
  if (E.isLeft(bytes)) return bytes
  const info = decodeBackupInfo(bytes.right)
  if (E.isLeft(info) || keyNames(row.key, info.right.backupId)) return info
  return E.left(
    malformed('session:context', info.right.backupId, `the row key names ${String(idOfKey(row.key))}`)
  )
}

/** Why `k`, which `idTsOfKey` refuses, is no session key: `decodeKey`'s own error. */
const keyError = (k: Uint8Array): DomainError => {
  // the BackupId codec accepts no key `idTsOfKey` refuses, so `decodeKey` fails here
  const id = decodeKey(k)
  return E.isLeft(id) ? id.left : malformed('session row key', id.right, 'not a session id')
}

/** Whether the valid session key `k` names `id` (ASCII, one byte a character). */
const keyNames = (k: Uint8Array, id: string): boolean => {
  const from = space.prefix.length
  if (k.length - from !== id.length) return false
  for (let i = 0; i < id.length; i++) if (k[from + i] !== id.charCodeAt(i)) return false
  return true
}

/** The decoder above, its value frozen deeply (see `values/deepFreeze`); an error names the row. */
export const decodeRow = S.located((row: Op.Row) => E.map(deepFreeze<BackupInfo>)(decodeRowHere(row)))

// -------------------------------------------------------------------------------------------------
// the order key of a session, read without decoding the session
// -------------------------------------------------------------------------------------------------

/**
 * What history order compares, as read from a row without decoding it: `startTs`, the id's
 * timestamp, and the row key (whose bytes order ids exactly as `History.compareNewestFirst`
 * compares the id strings: "session:" then ASCII).
 */
export interface OrderKey {
  readonly startTs: number
  readonly idTs: number
  readonly key: Uint8Array
}

/** Newest first, exactly as `History.compareNewestFirst` orders the sessions themselves. */
export const compareOrderKeys = (a: OrderKey, b: OrderKey): number =>
  b.startTs - a.startTs || b.idTs - a.idTs || B.compare(b.key, a.key)

/** The order key of a session known by its id and start time (a page cursor). */
export const orderKeyOf = (s: { readonly backupId: BackupId; readonly startTs: number }): OrderKey => ({
  startTs: s.startTs,
  idTs: backupIdTimestamp(s.backupId),
  key: key(s.backupId)
})

/**
 * What a history query reads of every session row: its order key and the header fields a query
 * selects by (see `proto/BackupInfoHeader`), read without decoding the session.
 */
export interface RowHeader {
  readonly order: OrderKey
  readonly type: BackupType
  readonly state: BackupState | undefined
  /** The row's BackupInfo bytes, and where `backup_root_dir` is in them. */
  readonly message: Uint8Array
  readonly rootStart: number
  readonly rootEnd: number
}

/** Whether the header's `backup_root_dir` is the UTF-8 `root`. */
export const rootIs = (h: RowHeader, root: Uint8Array): boolean =>
  B.equalsAt(h.message, h.rootStart, h.rootEnd, root, 0, root.length)

/**
 * A session row's header; errors name the row. The key is checked as `decodeKey` checks it, and
 * the message's `backup_id` must be the id the key names (as `decodeRow` requires), so a row that
 * a query skips by its header is still a well-framed session of its own id.
 */
export const headerOfRow = (row: Op.Row): E.Either<DomainError, RowHeader> => {
  // the row's printed key is built only on an error path: this runs once per row of every query
  const at = (e: DomainError): DomainError => atRow(B.toStringBinary(row.key))(e)
  const idTs = idTsOfKey(row.key)
  if (idTs === undefined) return E.left(at(keyError(row.key)))
  const bytes = contextOf(row)
  if (E.isLeft(bytes)) return E.left(at(bytes.left))
  const h = readBackupInfoHeader(bytes.right)
  if (E.isLeft(h)) return E.left(at(h.left))
  const v = bytes.right
  const { idStart, idEnd } = h.right
  if (!B.equalsAt(v, idStart, idEnd, row.key, space.prefix.length, row.key.length))
    return E.left(
      at(
        malformed(
          'session:context',
          B.toStringBinary(v.subarray(idStart, idEnd)),
          `the row key names ${B.toStringBinary(row.key.subarray(space.prefix.length))}`
        )
      )
    )
  return E.right({
    order: { startTs: h.right.startTs, idTs, key: row.key },
    type: h.right.type,
    state: h.right.state,
    message: v,
    rootStart: h.right.rootStart,
    rootEnd: h.right.rootEnd
  })
}
