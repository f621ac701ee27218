/**
 * Whether the lock's holder is alive, from what the lock row says: the holder this library records
 * (host, pid, since), probed when it is this host; a lock older than the threshold on another host
 * is stale (restic's rule); a bare "yes" (Java) has no holder to ask, so the doctor says it cannot
 * tell, unless the operator says nothing is running (`offline`).
 */
import * as O from 'fp-ts/lib/Option.js'
import type { Context, Observed } from '../Observed.js'

export type LockVerdict =
  | { readonly _tag: 'Free' }
  | { readonly _tag: 'Live'; readonly reason: string }
  | { readonly _tag: 'Unknown'; readonly reason: string }
  | { readonly _tag: 'Stale'; readonly reason: string }

const minutes = (ms: number): string =>
  ms >= 7_200_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.max(0, Math.round(ms / 60_000))} min`

export const describeHolder = (seen: Observed): string =>
  O.match(
    () => 'no recorded holder (a bare "yes", as Java writes it)',
    (h: { host: string; pid: number }) => `pid ${h.pid} on ${h.host}`
  )(seen.lock.holder)

export const lockVerdict = (seen: Observed, ctx: Context): LockVerdict => {
  if (seen.lock.state !== 'held') return { _tag: 'Free' }
  const age = seen.lock.since === undefined ? undefined : ctx.now - seen.lock.since
  const held = age === undefined ? '' : `, held for ${minutes(age)}`
  if (ctx.offline)
    return { _tag: 'Stale', reason: `the operator says no backup tool is running (offline)${held}` }
  if (O.isNone(seen.lock.holder))
    return { _tag: 'Unknown', reason: `the lock was taken with no holder record (Java)${held}` }
  const h = seen.lock.holder.value
  const alive = ctx.isAlive(h)
  if (alive === false)
    return { _tag: 'Stale', reason: `its holder, pid ${h.pid} on ${h.host}, is gone${held}` }
  if (alive === true)
    return { _tag: 'Live', reason: `its holder, pid ${h.pid} on ${h.host}, is alive${held}` }
  return age !== undefined && age > ctx.lockStaleAfterMs
    ? {
        _tag: 'Stale',
        reason: `held by pid ${h.pid} on ${h.host} for ${minutes(age)}, longer than ${minutes(ctx.lockStaleAfterMs)} (that host cannot be probed from here)`
      }
    : {
        _tag: 'Live',
        reason: `held by pid ${h.pid} on ${h.host}${held}, within ${minutes(ctx.lockStaleAfterMs)}`
      }
}

/** Nothing live holds the lock: whatever is in progress was left behind. */
export const isQuiet = (v: LockVerdict): boolean => v._tag === 'Free' || v._tag === 'Stale'
