/**
 * Per backup root and region server, the result of the last log roll: the highest WAL file number
 * before the roll (effectively a millisecond timestamp).
 *
 *   key    "rslogts:" ‖ utf8(root) ‖ 0x00 ‖ utf8("host:port")
 *   cell   meta:rs-log-ts = 8-byte big-endian signed long (`Bytes.toBytes(long)`)
 *
 * A root's rows are the range of "rslogts:" ‖ root ‖ 0x00 (NUL-terminated, see TableServerLogRoll).
 * The server is recovered from the key after the last NUL.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../Bytes.js'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'
import type { BackupRoot, ServerName } from '../domain/Identifiers.js'
import { BackupRoot as BackupRootCodec, ServerName as ServerNameCodec } from '../domain/Identifiers.js'
import { validate } from '../domain/validate.js'
import type { KeyRange } from '../KeyRange.js'
import * as Op from '../Operation.js'
import * as L from '../values/Long.js'
import { META_FAMILY } from './Schema.js'
import * as S from './Subspace.js'

export const space = S.subspace('rslogts:')
export const QUALIFIER = B.utf8('rs-log-ts')

export const key = (root: BackupRoot, server: ServerName): Uint8Array => S.keyOf(space)(root, S.NUL, server)

export const rangeOfRoot = (root: BackupRoot): KeyRange => S.rangeOf(space)(root, S.NUL)

export const scanRoot = (root: BackupRoot): Op.Scan =>
  Op.scan('system', rangeOfRoot(root), { family: META_FAMILY })

export const put = (root: BackupRoot, server: ServerName, timestamp: number): Op.Put =>
  Op.put('system', key(root, server), [Op.cell(META_FAMILY, QUALIFIER, L.encodeBigEndian(timestamp))])

export const decodeKey = (k: Uint8Array): E.Either<DomainError, { root: BackupRoot; server: ServerName }> =>
  pipe(
    S.splitAtLastNul(space)(k),
    O.match(
      () =>
        E.left(malformed('rslogts row key', B.toStringBinary(k), 'expected "rslogts:" root NUL host:port')),
      ([root, server]) =>
        pipe(
          E.Do,
          E.bind('root', () => validate(BackupRootCodec, 'rslogts root')(root)),
          E.bind('server', () => validate(ServerNameCodec, 'rslogts server')(server))
        )
    )
  )

const decodeRowHere = (
  row: Op.Row
): E.Either<DomainError, { root: BackupRoot; server: ServerName; timestamp: number }> =>
  pipe(
    E.Do,
    E.bind('k', () => decodeKey(row.key)),
    E.bind('value', () => {
      // the error (and its toStringBinary of the key) is built only when the cell is missing
      const v = Op.cellValue(META_FAMILY, QUALIFIER)(row)
      return v === undefined
        ? E.left(malformed('meta:rs-log-ts', B.toStringBinary(row.key), 'the row has no rs-log-ts cell'))
        : E.right(v)
    }),
    E.bind('timestamp', ({ value }) => L.decodeBigEndian('meta:rs-log-ts')(value)),
    E.map(({ k, timestamp }) => ({ root: k.root, server: k.server, timestamp }))
  )

/** The decoder above; an error names the row it came from. */
export const decodeRow = S.located(decodeRowHere)
