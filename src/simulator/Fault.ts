/**
 * Faults injected into one operation of a history, as data that prints and parses back:
 *
 *   throw@k            an exception at main step k, handled by the flow's failure path
 *   crash@k            the process dies after main step k: no handler, no finally
 *   throw@k/handler@j  an exception at main step k, and another at step j of the failure handler
 *
 * Steps are numbered per flow, from 1, in the order the flow runs them (see `Steps.ts`); a number
 * past the flow's last step injects nothing. Stale snapshots and lock races are operations of the
 * history, not faults (see `Scenario.ts`).
 */

export type Fault =
  | { readonly _tag: 'Throw'; readonly at: number }
  | { readonly _tag: 'Crash'; readonly after: number }
  | { readonly _tag: 'HandlerThrow'; readonly at: number; readonly handlerAt: number }

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

export const throwAt = (at: number): Fault => ({ _tag: 'Throw', at })
export const crashAfter = (after: number): Fault => ({ _tag: 'Crash', after })
export const handlerThrow = (at: number, handlerAt: number): Fault => ({
  _tag: 'HandlerThrow',
  at,
  handlerAt
})

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

export const show = (f: Fault): string => {
  switch (f._tag) {
    case 'Throw':
      return `throw@${f.at}`
    case 'Crash':
      return `crash@${f.after}`
    case 'HandlerThrow':
      return `throw@${f.at}/handler@${f.handlerAt}`
  }
}

/** The main step whose exception starts the failure path, if the fault injects one. */
export const throwsAt = (f: Fault | undefined): number | undefined =>
  f === undefined || f._tag === 'Crash' ? undefined : f.at

export const crashesAfter = (f: Fault | undefined): number | undefined =>
  f?._tag === 'Crash' ? f.after : undefined

export const handlerThrowsAt = (f: Fault | undefined): number | undefined =>
  f?._tag === 'HandlerThrow' ? f.handlerAt : undefined

export const parse = (s: string): Fault | undefined => {
  const h = /^throw@(\d+)\/handler@(\d+)$/.exec(s)
  if (h !== null) return handlerThrow(Number(h[1]), Number(h[2]))
  const t = /^throw@(\d+)$/.exec(s)
  if (t !== null) return throwAt(Number(t[1]))
  const c = /^crash@(\d+)$/.exec(s)
  return c === null ? undefined : crashAfter(Number(c[1]))
}
