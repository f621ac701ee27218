/**
 * Connections to the gateway, made safe to use: every call has a deadline, every call in flight is
 * rejected when its socket closes or errors (the npm `thrift` library would leave it pending
 * forever), and a dropped connection is replaced by a fresh one.
 *
 * Pool. Apache's server gives each connection one worker thread and serves its requests one at a
 * time, so the store keeps up to `poolSize` connections and sends each call on the least busy one,
 * opening another only while every open one is busy. One connection multiplexes concurrent calls
 * by sequence id; the gateway answers them in order.
 *
 * Idle connections. Apache closes a connection idle for 60 s (`hbase.thrift.server.socket.read.
 * timeout`). A connection is closed here after `idleTimeoutMs` (default 50 s) without a call, so
 * the server's close never meets a request; and before a call is written on a connection that has
 * been idle, pending socket events are let in first (one `setImmediate`), so a close the server
 * already sent is seen and the call goes to a fresh connection instead.
 *
 * Failures are thrown as the classes below; `errors.ts` turns them (and the gateway's own
 * exceptions) into `StoreError`s. A timed-out call also drops its connection: whatever follows on
 * it would queue behind the stuck request, and a late answer must not be mistaken for a later
 * call's. Calls in flight on a dropped connection fail as `ConnectionLost`; for a mutation whose
 * request had left that means "outcome unknown".
 *
 * Retries, within the call's one deadline (`timeoutMs`), after a jittered, doubling pause:
 * - a call that provably never left (its connection never connected: refused, unreachable, or
 *   closed before the request was written) is retried on a fresh connection, whatever it is;
 * - an idempotent call (`'idempotent'`: reads, lookups) is also retried after its connection was
 *   lost with the request sent, since running it twice is harmless;
 * - anything else (`'unsent'`: writes, `getScannerRows`, which advances its scanner) is never
 *   retried once its request may have left.
 * The gateway's own answers (TIOError, TIllegalArgument, …) are never retried here.
 */
import type { Socket } from 'node:net'
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

/** Which failures a call may be retried after (see the module comment). */
export type Retry = 'idempotent' | 'unsent'

export interface Gateway {
  /** Runs `f` on a live client within the deadline; `operation` names it in errors. */
  readonly call: <A>(operation: string, f: (client: Client) => Promise<A>, retry?: Retry) => Promise<A>
  readonly close: () => Promise<void>
  readonly closed: () => boolean
  /** Connections open now (for tests and figures). */
  readonly open: () => number
}

interface Live {
  readonly connection: thrift.Connection
  readonly client: Client
  /** Rejecters of the calls in flight. */
  readonly inFlight: Set<(e: Error) => void>
  /** Calls that picked this connection and have not been written yet. */
  reserved: number
  dead: boolean
  /** Whether the socket ever connected: before that, no request can have left. */
  connected: boolean
  /** When the last call on it settled (or it opened), while nothing is in flight. */
  idleSince: number
  idleTimer: ReturnType<typeof setTimeout> | undefined
}

const load = (live: Live): number => live.inFlight.size + live.reserved

const drop = (live: Live, why: Error): void => {
  if (live.dead) return
  live.dead = true
  if (live.idleTimer !== undefined) clearTimeout(live.idleTimer)
  for (const reject of live.inFlight) reject(why)
  live.inFlight.clear()
  live.connection.destroy()
}

/** Whether the socket under a thrift connection is closed or half closed by the peer. */
const socketGone = (live: Live): boolean => {
  // npm thrift's Connection keeps its net.Socket as `connection`, which its typings leave out
  const socket = (live.connection as unknown as { readonly connection?: Socket }).connection
  return socket !== undefined && (socket.destroyed || socket.readableEnded)
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const nextTick = (): Promise<void> => new Promise((r) => setImmediate(r))

/** After this long idle, let pending socket events in before writing on a connection. */
const IDLE_CHECK_MS = 1_000

const retryable = (e: unknown, retry: Retry): boolean =>
  e instanceof ConnectionLost ? retry === 'idempotent' || !e.sent : false

export const gateway = (config: ResolvedConfig): Gateway => {
  const where = `${config.host}:${config.port} (${config.transport}+${config.protocol})`
  const pool: Array<Live> = []
  let isClosed = false

  const idle = (live: Live): void => {
    live.idleSince = Date.now()
    if (live.idleTimer !== undefined) clearTimeout(live.idleTimer)
    live.idleTimer = setTimeout(() => {
      if (load(live) === 0) drop(live, new ConnectionLost(`gateway ${where}: idle`, false))
    }, config.idleTimeoutMs)
    live.idleTimer.unref()
  }

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
      reserved: 0,
      dead: false,
      connected: false,
      idleSince: Date.now(),
      idleTimer: undefined
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

  /**
   * The least busy live connection, or a new one while every open one is busy and there is room;
   * reserved for the caller at once (before any await), so concurrent callers see each other.
   */
  const pick = async (): Promise<Live> => {
    for (let i = pool.length - 1; i >= 0; i--) if ((pool[i] as Live).dead) pool.splice(i, 1)
    let best: Live | undefined
    for (const l of pool) if (best === undefined || load(l) < load(best)) best = l
    if (best === undefined || (load(best) > 0 && pool.length < config.poolSize)) {
      const fresh = open()
      pool.push(fresh)
      fresh.reserved++
      return fresh
    }
    const chosen = best
    chosen.reserved++
    if (load(chosen) === 1 && Date.now() - chosen.idleSince >= IDLE_CHECK_MS) {
      await nextTick()
      if (chosen.dead || socketGone(chosen)) {
        chosen.reserved--
        drop(chosen, new ConnectionLost(`gateway ${where}: closed while idle`, false))
        return pick()
      }
    }
    return chosen
  }

  const attempt = async <A>(operation: string, f: (client: Client) => Promise<A>, ms: number): Promise<A> => {
    const l = await pick()
    l.reserved--
    if (isClosed) throw new StoreClosed()
    // it died between the pick and now: nothing was written
    if (l.dead)
      throw new ConnectionLost(`gateway ${where}: connection closed before the call was written`, false)
    if (l.idleTimer !== undefined) clearTimeout(l.idleTimer)
    return new Promise<A>((resolve, reject) => {
      let settled = false
      const settle = (done: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        l.inFlight.delete(onLost)
        if (load(l) === 0 && !l.dead) idle(l)
        done()
      }
      const onLost = (e: Error): void => settle(() => reject(e))
      const timer = setTimeout(() => {
        settle(() => reject(new CallTimeout(operation, config.timeoutMs)))
        drop(
          l,
          new ConnectionLost(`gateway ${where}: connection dropped after ${operation} timed out`, l.connected)
        )
      }, ms)
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

  const call = async <A>(
    operation: string,
    f: (client: Client) => Promise<A>,
    retry: Retry = 'idempotent'
  ): Promise<A> => {
    if (isClosed) throw new StoreClosed()
    const deadline = Date.now() + config.timeoutMs
    for (let tries = 0; ; tries++) {
      try {
        return await attempt(operation, f, Math.max(1, deadline - Date.now()))
      } catch (e) {
        if (isClosed || !retryable(e, retry)) throw e
        // doubling, jittered to [0.5, 1.5) of the step, never past the deadline
        const pause = config.retryBackoffMs * 2 ** Math.min(tries, 10) * (0.5 + Math.random())
        if (Date.now() + pause >= deadline) throw e
        await sleep(pause)
      }
    }
  }

  const close = (): Promise<void> => {
    isClosed = true
    for (const l of pool) drop(l, new StoreClosed())
    pool.length = 0
    return Promise.resolve()
  }

  return {
    call,
    close,
    closed: () => isClosed,
    open: () => pool.filter((l) => !l.dead).length
  }
}
