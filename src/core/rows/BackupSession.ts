/**
 * Backup sessions: one row per backup.
 *
 *   key    "session:" ‖ utf8(backupId)                e.g. "session:backup_1500000000000"
 *   cell   session:context = BackupInfo protobuf (plain `toByteArray()`, no length prefix)
 *
 * Keys sort by backup id as text, which is numeric order only while the ids have equally many
 * digits, and history is ordered by the stored `startTs`, which no key holds: history ordering
 * therefore never relies on key order (see `History.ts`); a bounded history scans every session
 * row but reads only its order key (`orderKeyOfRow`) until it knows the row is kept.
 * Deleting a session deletes the `session` family of its row, as Java's `deleteBackupInfo` does.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { atRow, malformed, outOfRange } from '../DomainError.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import type { BackupId } from '../domain/Identifiers.js'
import { BackupId as BackupIdCodec, backupIdTimestamp } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import { decodeBackupInfo, encodeBackupInfo } from '../proto/BackupInfoProto.js'
import { SESSIONS_FAMILY } from './Schema.js'
import * as S from './Subspace.js'
import { deepFreeze } from '../values/deepFreeze.js'

export const space = S.subspace('session:')

export const QUALIFIER = B.utf8('context')

export const key = (id: BackupId): Uint8Array => S.keyOf(space)(id)

export const decodeKey = (k: Uint8Array): E.Either<DomainError, BackupId> =>
  pipe(
    S.suffixOf(space)(k),
    O.match(
      () => E.left(malformed('session row key', B.toStringBinary(k), 'not a session row')),
      validate(BackupIdCodec, 'backupId')
    )
  )

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
const decodeRowHere = (row: Op.Row): E.Either<DomainError, BackupInfo> =>
  pipe(
    E.Do,
    E.bind('id', () => decodeKey(row.key)),
    E.bind('bytes', () => contextOf(row)),
    E.bind('info', ({ bytes }) => decodeBackupInfo(bytes)),
    E.chain(({ id, info }) =>
      info.backupId === id
        ? E.right(info)
        : E.left(malformed('session:context', info.backupId, `the row key names ${id}`))
    )
  )

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

/** BackupInfo.start_ts (uint64, varint); see `proto/backup.proto`. */
const START_TS_FIELD = 8

/**
 * `start_ts` of a BackupInfo message, by walking its wire format (every field's tag and length is
 * checked, none but `start_ts` is decoded): a structurally broken message is `Malformed`, as the
 * full decoder says. Absent is 0 and a repeated field's last value wins, as protobuf reads them;
 * a value above 2^53 − 1 is `OutOfRange`, as `decodeBackupInfo` says.
 */
const startTsOf = (bytes: Uint8Array): E.Either<DomainError, number> => {
  const bad = (reason: string) => E.left(malformed('BackupInfo', `${bytes.length} bytes`, reason))
  let at = 0
  let startTs = 0
  // plain loops: this runs once per session row of every bounded history query
  const varint = (): number => {
    let value = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (at >= bytes.length) return -1
      const b = bytes[at++] as number
      value += (b & 0x7f) * scale
      scale *= 128
      if (b < 0x80) return value
    }
    return -1
  }
  while (at < bytes.length) {
    const tag = varint()
    if (tag < 0) return bad('truncated field tag')
    const field = Math.floor(tag / 8)
    const wire = tag % 8
    if (field === 0) return bad('field number 0')
    if (wire === 0) {
      const v = varint()
      if (v < 0) return bad(`truncated varint of field ${field}`)
      if (field === START_TS_FIELD) {
        if (!Number.isSafeInteger(v))
          return E.left(outOfRange('BackupInfo.start_ts', String(v), 'above 2^53 - 1'))
        startTs = v
      }
    } else if (field === START_TS_FIELD) return bad(`start_ts with wire type ${wire}`)
    else if (wire === 1 || wire === 5) at += wire === 1 ? 8 : 4
    else if (wire === 2) {
      const n = varint()
      if (n < 0) return bad(`truncated length of field ${field}`)
      at += n
    } else return bad(`wire type ${wire} of field ${field}`)
    if (at > bytes.length) return bad(`field ${field} runs past the end`)
  }
  return E.right(startTs)
}

/**
 * A session row's order key; errors name the row. The id is checked as `decodeKey` checks it (the
 * same rule as the `BackupId` codec, read from the bytes: this runs once per row of every bounded
 * history query), and a key that fails it gets `decodeKey`'s own error.
 */
export const orderKeyOfRow = (row: Op.Row): E.Either<DomainError, OrderKey> => {
  const idTs = idTsOfKey(row.key)
  if (idTs === undefined) {
    const id = decodeKey(row.key)
    return E.left(
      atRow(B.toStringBinary(row.key))(
        E.isLeft(id) ? id.left : malformed('session row key', id.right, 'not a session id')
      )
    )
  }
  const startTs = pipe(contextOf(row), E.chain(startTsOf))
  return E.isLeft(startTs)
    ? E.left(atRow(B.toStringBinary(row.key))(startTs.left))
    : E.right({ startTs: startTs.right, idTs, key: row.key })
}
