/**
 * The one place where anything thrown by the Thrift layer becomes a `StoreError` (the original is
 * kept as `cause` where the tag has one). Everything else in the adapter either returns tagged
 * values or throws and lets `toStoreError` classify.
 *
 * What the gateway sends, and what it means (HBase 2.x; the gateway puts the Java exception's
 * message, stack trace and all, into `TIOError.message`):
 * - `TIOError` whose message is the table name, or names `TableNotFoundException` → TableNotFound
 *   (a get, scan or descriptor lookup on a missing table answers just "ns:table");
 * - `NoSuchColumnFamilyException: Column family X does not exist` → InvalidRequest(family, X);
 * - `NamespaceNotFoundException: X` → InvalidRequest(namespace, X);
 * - other `TIOError`s → IOError; `TIllegalArgument` → InvalidRequest; `TApplicationException`
 *   (the gateway failed on something it did not expect) → IOError;
 * - our `CallTimeout` → Timeout; `ConnectionLost`, socket errors, `StoreClosed` → Unavailable;
 * - but for a write (`ErrorContext.write`), a timeout or a connection lost after the socket had
 *   connected → OutcomeUnknown: the request may have been applied, so neither "done" nor "failed"
 *   would be true.
 */
import * as thrift from 'thrift'
import type { StoreError } from '../../port/StoreError.js'
import {
  invalidRequest,
  ioError,
  outcomeUnknown,
  StoreFailure,
  tableNotFound,
  timeout,
  unavailable
} from '../../port/StoreError.js'
import { CallTimeout, ConnectionLost, StoreClosed, unwrap } from './connection.js'
import { TIllegalArgument, TIOError } from './gen/index.js'

export interface ErrorContext {
  /** e.g. 'get', 'mutate', 'scan' */
  readonly operation: string
  /** The table the operation addressed, if one. */
  readonly table?: string
  /** A write: a lost answer leaves its outcome unknown. */
  readonly write?: boolean
}

/** The first line of a Java exception message (the gateway appends the stack trace). */
export const headline = (message: string | undefined): string => (message ?? '').split('\n')[0]?.trim() ?? ''

const NO_SUCH_FAMILY = /NoSuchColumnFamilyException: Column family (\S+) does not exist/
const NO_SUCH_NAMESPACE = /NamespaceNotFoundException: (\S+)/
const TABLE_NOT_FOUND = /TableNotFoundException(?:: (\S+))?/

/** Whether the gateway says that `table` does not exist. */
export const isTableNotFound = (thrown: unknown, table: string): boolean => {
  const e = unwrap(thrown)
  if (!(e instanceof TIOError)) return false
  const first = headline(e.message)
  return first === table || TABLE_NOT_FOUND.test(first)
}

const fromGateway = (e: TIOError, ctx: ErrorContext): StoreError => {
  const message = e.message ?? ''
  const first = headline(message)
  if (ctx.table !== undefined && isTableNotFound(e, ctx.table)) return tableNotFound(ctx.table)
  const tnf = TABLE_NOT_FOUND.exec(first)
  if (tnf !== null) return tableNotFound(tnf[1] ?? ctx.table ?? '')
  const family = NO_SUCH_FAMILY.exec(message)
  if (family !== null) {
    const name = family[1] ?? ''
    return invalidRequest('family', name, `not a column family of ${ctx.table ?? 'the table'}`)
  }
  const namespace = NO_SUCH_NAMESPACE.exec(first)
  if (namespace !== null) return invalidRequest('namespace', namespace[1] ?? '', 'no such namespace')
  return ioError(`${ctx.operation}: ${first}`, e)
}

const isSocketError = (e: unknown): boolean =>
  e instanceof Error &&
  typeof (e as NodeJS.ErrnoException).code === 'string' &&
  /^(E[A-Z]+)$/.test((e as NodeJS.ErrnoException).code ?? '')

export const toStoreError =
  (ctx: ErrorContext) =>
  (caught: unknown): StoreError => {
    const thrown = unwrap(caught)
    if (thrown instanceof StoreFailure) return thrown.error
    if (ctx.write === true && thrown instanceof CallTimeout)
      return outcomeUnknown(ctx.operation, `no answer within ${thrown.ms} ms`, thrown)
    if (ctx.write === true && thrown instanceof ConnectionLost && thrown.sent)
      return outcomeUnknown(ctx.operation, thrown.message, thrown)
    if (thrown instanceof CallTimeout) return timeout(`${ctx.operation} (${thrown.operation})`, thrown.ms)
    if (thrown instanceof StoreClosed) return unavailable('the store is closed')
    if (thrown instanceof ConnectionLost) return unavailable(`${ctx.operation}: ${thrown.message}`, thrown)
    if (thrown instanceof TIOError) return fromGateway(thrown, ctx)
    if (thrown instanceof TIllegalArgument)
      return invalidRequest(ctx.operation, headline(thrown.message), 'the gateway refused the argument')
    if (thrown instanceof thrift.Thrift.TApplicationException)
      return ioError(`${ctx.operation}: the gateway failed: ${headline(thrown.message)}`, thrown)
    if (isSocketError(thrown))
      return unavailable(`${ctx.operation}: ${thrown instanceof Error ? thrown.message : ''}`, thrown)
    return ioError(`${ctx.operation}: ${thrown instanceof Error ? thrown.message : String(thrown)}`, thrown)
  }
