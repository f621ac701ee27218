/**
 * One Thrift connection to the gateway, made safe to use: every call has a deadline, every call in
 * flight is rejected when the socket closes or errors (the npm `thrift` library would leave it
 * pending forever), and the next call after a drop opens a fresh connection.
 *
 * Failures are thrown as the three classes below; `errors.ts` turns them (and the gateway's own
 * exceptions) into `StoreError`s. A timed-out call also drops its connection: the gateway serves a
 * connection's requests one at a time, so whatever follows would queue behind the stuck one, and a
 * late answer must not be mistaken for a later call's. Calls in flight on a dropped connection
 * fail as `ConnectionLost`; for a mutation that means "outcome unknown".
 *
 * One connection multiplexes concurrent calls by sequence id; the gateway answers them in order.
 */
import * as thrift from 'thrift'
import type { ResolvedConfig } from './config.js'
import { THBaseService } from './gen/index.js'

export type Client = THBaseService.Client

/** The call did not finish within its deadline. */
export class CallTimeout extends Error {
  constructor(
    readonly operation: string,
    readonly ms: number
  ) {
    super(`${operation} timed out after ${ms} ms`)
    this.name = 'CallTimeout'
  }
}

/**
 * The connection failed or closed before the answer came. `sent`: whether the socket had been
 * connected, so a request may have reached the gateway (false only when it never connected).
 */
export class ConnectionLost extends Error {
  constructor(
    message: string,
    readonly sent: boolean,
    options?: { readonly cause?: unknown }
  ) {
    super(message, options)
    this.name = 'ConnectionLost'
  }
}

/**
 * The gateway answered with an exception (TIOError, TIllegalArgument, TApplicationException …).
 * The generated exception classes are not `Error`s; this carries one through promise rejections.
 */
export class GatewayException extends Error {
  constructor(
    readonly operation: string,
    readonly exception: unknown
  ) {
    super(`${operation}: the gateway answered with an exception`)
    this.name = 'GatewayException'
  }
}

/** What the gateway threw, if `e` carries it; else `e`. */
export const unwrap = (e: unknown): unknown => (e instanceof GatewayException ? e.exception : e)

/** `close()` was called. */
export class StoreClosed extends Error {
  constructor() {
    super('the store is closed')
    this.name = 'StoreClosed'
  }
}

export interface Gateway {
  /** Runs `f` on a live client within the deadline; `operation` names it in errors. */
  readonly call: <A>(operation: string, f: (client: Client) => Promise<A>) => Promise<A>
  readonly close: () => Promise<void>
  readonly closed: () => boolean
}

interface Live {
  readonly connection: thrift.Connection
  readonly client: Client
  /** Rejecters of the calls in flight. */
  readonly inFlight: Set<(e: Error) => void>
  dead: boolean
  /** Whether the socket ever connected: before that, no request can have left. */
  connected: boolean
}

const drop = (live: Live, why: Error): void => {
  if (live.dead) return
  live.dead = true
  for (const reject of live.inFlight) reject(why)
  live.inFlight.clear()
  live.connection.destroy()
}

export const gateway = (config: ResolvedConfig): Gateway => {
  const where = `${config.host}:${config.port} (${config.transport}+${config.protocol})`
  let current: Live | undefined
  let isClosed = false

  const open = (): Live => {
    const connection = thrift.createConnection(config.host, config.port, {
      transport: config.transport === 'framed' ? thrift.TFramedTransport : thrift.TBufferedTransport,
      protocol: config.protocol === 'compact' ? thrift.TCompactProtocol : thrift.TBinaryProtocol,
      connect_timeout: config.timeoutMs
    })
    const live: Live = {
      connection,
      client: thrift.createClient(THBaseService.Client, connection),
      inFlight: new Set(),
      dead: false,
      connected: false
    }
    connection.on('connect', () => {
      live.connected = true
    })
    // Without an 'error' listener the library rethrows socket errors as uncaught exceptions.
    connection.on('error', (e: Error) =>
      drop(live, new ConnectionLost(`gateway ${where}: ${e.message}`, live.connected, { cause: e }))
    )
    connection.on('close', () =>
      drop(live, new ConnectionLost(`gateway ${where}: connection closed`, live.connected))
    )
    return live
  }

  const live = (): Live => {
    if (current === undefined || current.dead) current = open()
    return current
  }

  const call = <A>(operation: string, f: (client: Client) => Promise<A>): Promise<A> => {
    if (isClosed) return Promise.reject(new StoreClosed())
    const l = live()
    return new Promise<A>((resolve, reject) => {
      let settled = false
      const settle = (done: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        l.inFlight.delete(onLost)
        done()
      }
      const onLost = (e: Error): void => settle(() => reject(e))
      const timer = setTimeout(() => {
        settle(() => reject(new CallTimeout(operation, config.timeoutMs)))
        drop(
          l,
          new ConnectionLost(`gateway ${where}: connection dropped after ${operation} timed out`, l.connected)
        )
      }, config.timeoutMs)
      l.inFlight.add(onLost)
      let started: Promise<A>
      try {
        started = f(l.client)
      } catch (e) {
        started = Promise.reject(e instanceof Error ? e : new GatewayException(operation, e))
      }
      started.then(
        (a) => settle(() => resolve(a)),
        (e: unknown) => settle(() => reject(e instanceof Error ? e : new GatewayException(operation, e)))
      )
    })
  }

  const close = (): Promise<void> => {
    isClosed = true
    if (current !== undefined) drop(current, new StoreClosed())
    current = undefined
    return Promise.resolve()
  }

  return { call, close, closed: () => isClosed }
}
