/**
 * The few top-level fields of a BackupInfo that history queries order and select by (`backup_id`,
 * `backup_type`, `backup_root_dir`, `backup_state`, `start_ts`), read by one walk over the wire
 * format without decoding the rest: a query reads every session row, and most rows it reads it
 * does not return.
 *
 * The walk is strict about structure, as the full decoder is: every tag, length and varint is
 * checked and must lie inside the message, and every field of the schema must have its schema's
 * wire type (field 14 may also be the bool a newer HBase writes). What it does not check is the
 * content of fields it does not read (UTF-8 of strings, nested messages, ranges of other numbers):
 * those are checked by the full decode of a row a query returns. Protobuf's rules otherwise: a
 * repeated scalar's last value wins, absent is the default (`FULL`, no state, 0).
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { DomainError } from '../DomainError.js'
import { outOfRange } from '../DomainError.js'
import type { BackupState, BackupType } from '../domain/Enums.js'
import { backupStates, backupTypes } from '../domain/Enums.js'
import type { Cursor } from './WireReader.js'
import * as R from './WireReader.js'

export interface BackupInfoHeader {
  /** Where `backup_id`'s bytes are in the message (`start === end` when absent). */
  readonly idStart: number
  readonly idEnd: number
  readonly rootStart: number
  readonly rootEnd: number
  readonly type: BackupType
  readonly state: BackupState | undefined
  readonly startTs: number
}

const NAME = 'BackupInfo'

/** The wire type of fields 1–17 in the schema (`proto/backup.proto`); -1 for no such field. */
const WIRE: ReadonlyArray<number> = [-1, 2, 0, 2, 0, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 2]
const FILE_LIST = 14

/** Passes over a length-delimited value; where its bytes start (they end at the new position). */
const passBytes = (c: Cursor): number => {
  const n = R.length(c, NAME)
  const start = c.pos
  c.pos += n
  return start
}

const header = (c: Cursor): BackupInfoHeader => {
  let idStart = 0
  let idEnd = 0
  let rootStart = 0
  let rootEnd = 0
  let type: BackupType = 'FULL'
  let state: BackupState | undefined
  let startTs = 0
  while (c.pos < c.end) {
    const t = R.tag(c, NAME)
    const field = t >>> 3
    const wire = t & 7
    const expected = WIRE[field]
    if (expected !== undefined && expected !== wire && !(field === FILE_LIST && wire === R.WIRE_VARINT))
      R.wrongWireType(c, `${NAME} field ${field}`, t, 'the schema')
    switch (field) {
      case 1:
        idStart = passBytes(c)
        idEnd = c.pos
        break
      case 2:
        type = backupTypes[R.uint32(c, NAME)] ?? 'UNKNOWN'
        break
      case 3:
        rootStart = passBytes(c)
        rootEnd = c.pos
        break
      case 4:
        state = backupStates[R.uint32(c, NAME)] ?? 'UNKNOWN'
        break
      case 8: {
        const at = c.pos
        startTs = R.uint64(c, `${NAME}.start_ts`)
        if (startTs > Number.MAX_SAFE_INTEGER)
          R.fail(outOfRange(`${NAME}.start_ts`, R.uint64Exact(c.bytes, at).toString(), 'above 2^53 - 1'))
        break
      }
      default:
        R.skip(c, t, NAME)
    }
  }
  return { idStart, idEnd, rootStart, rootEnd, type, state, startTs }
}

/** The header of the BackupInfo message `bytes`; a structurally broken message is `Malformed`. */
export const readBackupInfoHeader: (bytes: Uint8Array) => E.Either<DomainError, BackupInfoHeader> =
  R.decodeWith(NAME, header)
