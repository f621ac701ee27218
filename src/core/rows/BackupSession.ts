/**
 * Backup sessions: one row per backup.
 *
 *   key    "session:" ‖ utf8(backupId)                e.g. "session:backup_1500000000000"
 *   cell   session:context = BackupInfo protobuf (plain `toByteArray()`, no length prefix)
 *
 * Keys sort by backup id as text, which is numeric order only while the ids have equally many
 * digits; history ordering therefore never relies on key order (see `History.ts`).
 * Deleting a session deletes the `session` family of its row, as Java's `deleteBackupInfo` does.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import type { BackupId } from '../domain/Identifiers.js'
import { BackupId as BackupIdCodec } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import * as Op from '../Operation.js'
import { decodeBackupInfo, encodeBackupInfo } from '../proto/BackupInfoProto.js'
import { memoByBytes } from '../values/memoByBytes.js'
import { SESSIONS_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('session:')

/** Histories decode every session on each read; unchanged bytes are decoded once. */
const decodeInfo = memoByBytes(decodeBackupInfo, 8_192)
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

/** The BackupInfo of a session row; a row whose id disagrees with its key is malformed. */
const decodeRowHere = (row: Op.Row): E.Either<DomainError, BackupInfo> =>
  pipe(
    E.Do,
    E.bind('id', () => decodeKey(row.key)),
    E.bind('bytes', () => {
      // the error (and its toStringBinary of the key) is built only when the cell is missing
      const v = Op.cellValue(SESSIONS_FAMILY, QUALIFIER)(row)
      return v === undefined
        ? E.left(
            malformed('session:context', B.toStringBinary(row.key), 'the session row has no context cell')
          )
        : E.right(v)
    }),
    E.bind('info', ({ bytes }) => decodeInfo(bytes)),
    E.chain(({ id, info }) =>
      info.backupId === id
        ? E.right(info)
        : E.left(malformed('session:context', info.backupId, `the row key names ${id}`))
    )
  )

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
