/**
 * The value of a `trslm:` row: one table's region-server log-roll timestamps.
 *
 *   TableServerTimestamp { 1: TableName table_name, 2: repeated ServerTimestamp server_timestamp }
 *   ServerTimestamp      { 1: ServerName server_name, 2: uint64 timestamp }
 *   ServerName           { 1: string host_name, 2: uint32 port, 3: uint64 start_code }
 *
 * Java's writer sets `host_name` and `port` only, never `start_code`; its reader keys the map by
 * `host:port` and ignores the start code, as this module does. One `ServerTimestamp` per server, in
 * the record's key order. A server without a port is an error (there is no `host:port` to key it by),
 * a missing timestamp reads as 0 (the proto default Java's getter returns), a timestamp above 2^53 - 1
 * is `OutOfRange`, a host the `ServerName` codec rejects is `InvalidValue`. The result then passes the
 * `TableServerTimestamp` codec (table name, server names, millis).
 *
 * Law: for every valid x, `decodeTableServerTimestamp(encodeTableServerTimestamp(x)) = right(x)`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import * as t from 'io-ts'
import type { DomainError } from '../DomainError.js'
import { malformed } from '../DomainError.js'
import { ServerTimestamps } from '../domain/BackupInfo.js'
import { ServerName, serverHost, serverPort } from '../domain/Identifiers.js'
import { TableName } from '../domain/TableName.js'
import { validate } from '../domain/validate.js'
import { TableServerTimestampType } from './schema.js'
import type { TableNameMessage } from './TableNameProto.js'
import { tableNameFromMessage, tableNameToMessage } from './TableNameProto.js'
import type { LongBits } from './Unsigned.js'
import { fromUint64, toUint64 } from './Unsigned.js'
import { decodeMessage, encodeMessage } from './Wire.js'

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

/** The `toObject` shapes; `U` is how a uint64 is held (`bigint` decoded, `LongBits` to encode). */
interface ServerNameMessage<U> {
  readonly host_name: string
  readonly port?: number
  readonly start_code?: U
}
interface ServerTimestampMessage<U> {
  readonly server_name?: ServerNameMessage<U>
  readonly timestamp?: U
}
interface TableServerTimestampMessage<U> {
  readonly table_name?: TableNameMessage
  readonly server_timestamp?: ReadonlyArray<ServerTimestampMessage<U>>
}

const NAME = 'TableServerTimestamp'

// -------------------------------------------------------------------------------------------------
// encode / decode
// -------------------------------------------------------------------------------------------------

export const encodeTableServerTimestamp = (x: TableServerTimestamp): Uint8Array =>
  encodeMessage(TableServerTimestampType)({
    table_name: tableNameToMessage(x.table),
    server_timestamp: Object.entries(x.servers).map(([server, ts]): ServerTimestampMessage<LongBits> => ({
      server_name: { host_name: serverHost(server as ServerName), port: serverPort(server as ServerName) },
      timestamp: toUint64(ts)
    }))
  } satisfies TableServerTimestampMessage<LongBits>)

export const decodeTableServerTimestamp = (bytes: Uint8Array): E.Either<DomainError, TableServerTimestamp> =>
  pipe(
    decodeMessage<TableServerTimestampMessage<bigint>>(TableServerTimestampType)(bytes),
    E.chain((m) =>
      pipe(
        E.Do,
        E.apS('table', tableNameFromMessage(`${NAME}.table_name`)(m.table_name)),
        E.apS(
          'servers',
          pipe(m.server_timestamp ?? [], RA.traverse(E.Applicative)(serverEntry), E.map(Object.fromEntries))
        )
      )
    ),
    E.chain(validate(TableServerTimestamp))
  )

const serverEntry = (
  st: ServerTimestampMessage<bigint>
): E.Either<DomainError, readonly [string, number]> => {
  const field = `${NAME}.server_timestamp`
  if (st.server_name === undefined)
    return E.left(malformed(`${field}.server_name`, '', 'the server name is missing'))
  const { host_name, port } = st.server_name
  if (port === undefined)
    return E.left(
      malformed(`${field}.server_name.port`, host_name, 'a region server name needs a port (host:port)')
    )
  return pipe(
    E.Do,
    E.apS('server', validate(ServerName, `${field}.server_name`)(`${host_name}:${port}`)),
    E.bind('ts', ({ server }) => fromUint64(`${field}[${server}].timestamp`)(st.timestamp ?? 0n)),
    E.map(({ server, ts }) => [server, ts] as const)
  )
}
