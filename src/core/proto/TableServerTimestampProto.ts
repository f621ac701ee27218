/**
 * The value of a `trslm:` row: one table's region-server log-roll timestamps.
 *
 *   TableServerTimestamp { 1: TableName table_name, 2: repeated ServerTimestamp server_timestamp }
 *   ServerTimestamp      { 1: ServerName server_name, 2: uint64 timestamp }
 *   ServerName           { 1: string host_name (required), 2: uint32 port, 3: uint64 start_code }
 *
 * Java's writer sets `host_name` and `port` only, never `start_code`; its reader keys the map by
 * `host:port` and ignores the start code, as this module does. One `ServerTimestamp` per server, in
 * the record's key order.
 *
 * Decoding is one pass over the bytes (linear in the number of servers), each value checked as it is
 * read, so the result is a valid `TableServerTimestamp` by construction: a missing table name or
 * server name, a server without a port (there is no `host:port` to key it by), or a known field of
 * any of the three messages with the wrong wire type is `Malformed`; a host the `ServerName` rules
 * reject is `InvalidValue`; a timestamp above 2^53 - 1 is `OutOfRange`; a missing timestamp reads as
 * 0 (the proto default Java's getter returns). Unknown field numbers are skipped, as in Java. A
 * later entry for the same server replaces an earlier one.
 *
 * Law: for every valid x, `decodeTableServerTimestamp(encodeTableServerTimestamp(x)) = right(x)`.
 */
import type * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { DomainError } from '../DomainError.js'
import { invalidValue, malformed, outOfRange } from '../DomainError.js'
import { ServerTimestamps } from '../domain/BackupInfo.js'
import type { ServerName as ServerNameT } from '../domain/Identifiers.js'
import { ServerName, hostPortProblem, serverHost, serverPort } from '../domain/Identifiers.js'
import { TableName } from '../domain/TableName.js'
import { readTableName, writeTableName } from './TableNameProto.js'
import type { Cursor } from './WireReader.js'
import * as R from './WireReader.js'
import * as W from './WireWriter.js'

/**
 * `servers` is keyed by `host:port`. Not `t.record(ServerName, …)`: io-ts's record silently drops the
 * keys its domain rejects (and `is` ignores them), so the keys are checked by a refinement instead.
 */
export const TableServerTimestamp = t.type(
  {
    table: TableName,
    servers: t.refinement(
      ServerTimestamps,
      (r) => Object.keys(r).every(ServerName.is),
      'ServerTimestampsByServer'
    )
  },
  'TableServerTimestamp'
)
export type TableServerTimestamp = t.TypeOf<typeof TableServerTimestamp>

const NAME = 'TableServerTimestamp'
const ENTRY = `${NAME}.server_timestamp`
const SERVER = `${ENTRY}.server_name`

const TABLE_NAME_TAG = (1 << 3) | R.WIRE_LENGTH
const SERVER_TIMESTAMP_TAG = (2 << 3) | R.WIRE_LENGTH
const SERVER_NAME_TAG = (1 << 3) | R.WIRE_LENGTH
const TIMESTAMP_TAG = (2 << 3) | R.WIRE_VARINT
const HOST_TAG = (1 << 3) | R.WIRE_LENGTH
const PORT_TAG = (2 << 3) | R.WIRE_VARINT
const START_CODE_TAG = (3 << 3) | R.WIRE_VARINT

// -------------------------------------------------------------------------------------------------
// encode
// -------------------------------------------------------------------------------------------------

export const encodeTableServerTimestamp = (x: TableServerTimestamp): Uint8Array => {
  const w = W.writer()
  writeTableName(w, 1, x.table)
  for (const server of Object.keys(x.servers)) {
    const entry = W.open(w, 2)
    const name = W.open(w, 1)
    W.string(w, 1, serverHost(server as ServerNameT))
    W.tag(w, 2, R.WIRE_VARINT)
    W.uint32(w, serverPort(server as ServerNameT))
    W.close(w, name)
    W.tag(w, 2, R.WIRE_VARINT)
    W.uint64(w, x.servers[server] as number)
    W.close(w, entry)
  }
  return W.finish(w)
}

// -------------------------------------------------------------------------------------------------
// decode
// -------------------------------------------------------------------------------------------------

/** The `host:port` of the nested ServerName message at the cursor. */
const readServerName = (c: Cursor): ServerNameT => {
  const outer = R.enter(c, SERVER)
  let host: string | undefined
  let port: number | undefined
  while (c.pos < c.end) {
    const tg = R.tag(c, SERVER)
    if (tg === HOST_TAG) host = R.string(c, `${SERVER}.host_name`)
    else if (tg === PORT_TAG) port = R.uint32(c, `${SERVER}.port`)
    else if (tg === START_CODE_TAG) R.uint64(c, `${SERVER}.start_code`)
    else if (tg >>> 3 >= 1 && tg >>> 3 <= 3)
      R.wrongWireType(
        c,
        `${SERVER}.${['host_name', 'port', 'start_code'][(tg >>> 3) - 1] ?? ''}`,
        tg,
        'its own'
      )
    else R.skip(c, tg, SERVER)
  }
  R.leave(c, outer)
  if (host === undefined) return R.fail(malformed(`${SERVER}.host_name`, '', 'the host name is missing'))
  if (port === undefined)
    return R.fail(malformed(`${SERVER}.port`, host, 'a region server name needs a port (host:port)'))
  const reason = hostPortProblem(host, port)
  if (reason !== undefined) return R.fail(invalidValue(SERVER, `${host}:${port}`, reason))
  // checked just above by the ServerName rules, on its parts
  return `${host}:${port}` as ServerNameT
}

const put = (servers: Record<string, number>, key: string, ts: number): void => {
  if (key === '__proto__')
    Object.defineProperty(servers, key, { value: ts, enumerable: true, writable: true })
  else servers[key] = ts
}

const readEntry = (c: Cursor, servers: Record<string, number>): void => {
  const outer = R.enter(c, ENTRY)
  let server: ServerNameT | undefined
  let ts = 0
  let tsAt = -1
  while (c.pos < c.end) {
    const tg = R.tag(c, ENTRY)
    if (tg === SERVER_NAME_TAG) server = readServerName(c)
    else if (tg === TIMESTAMP_TAG) {
      tsAt = c.pos
      ts = R.uint64(c, `${ENTRY}.timestamp`)
    } else if (tg >>> 3 === 1 || tg >>> 3 === 2)
      R.wrongWireType(c, `${ENTRY}.${tg >>> 3 === 1 ? 'server_name' : 'timestamp'}`, tg, 'its own')
    else R.skip(c, tg, ENTRY)
  }
  R.leave(c, outer)
  if (server === undefined) return R.fail(malformed(SERVER, '', 'the server name is missing'))
  if (ts > Number.MAX_SAFE_INTEGER)
    return R.fail(
      outOfRange(
        `${ENTRY}[${server}].timestamp`,
        R.uint64Exact(c.bytes, tsAt).toString(),
        'a uint64 above 2^53 - 1 does not fit a JavaScript number exactly'
      )
    )
  put(servers, server, ts)
}

const readMessage = (c: Cursor): TableServerTimestamp => {
  let table: TableName | undefined
  const servers: Record<string, number> = {}
  while (c.pos < c.end) {
    const tg = R.tag(c, NAME)
    if (tg === SERVER_TIMESTAMP_TAG) readEntry(c, servers)
    else if (tg === TABLE_NAME_TAG) table = readTableName(c, `${NAME}.table_name`)
    else if (tg >>> 3 === 1 || tg >>> 3 === 2)
      R.wrongWireType(c, `${NAME}.${tg >>> 3 === 1 ? 'table_name' : 'server_timestamp'}`, tg, 'message')
    else R.skip(c, tg, NAME)
  }
  if (table === undefined) return R.fail(malformed(`${NAME}.table_name`, '', 'the table name is missing'))
  return { table, servers }
}

export const decodeTableServerTimestamp: (bytes: Uint8Array) => E.Either<DomainError, TableServerTimestamp> =
  R.decodeWith(NAME, readMessage)
