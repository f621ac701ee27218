/**
 * A concurrent history as a linearizability checker needs it: one entry per call, with the time it
 * was invoked and the time it returned, in any clock that orders events (real or logical). A call
 * whose outcome is unknown (a timeout, a lost connection after the request left) has no return:
 * it may have taken effect at any point after its invocation, or never.
 */
export type Outcome<O> = { readonly _tag: 'Returned'; readonly output: O } | { readonly _tag: 'Unknown' }

export interface Call<I, O> {
  readonly client: number
  readonly input: I
  readonly invokedAt: number
  /** `Infinity` when the outcome is unknown. */
  readonly returnedAt: number
  readonly outcome: Outcome<O>
}

export const returned = <O>(output: O): Outcome<O> => ({ _tag: 'Returned', output })
export const unknown: Outcome<never> = { _tag: 'Unknown' }

export interface Recorder<I, O> {
  /** Call before the operation starts; call the result with its outcome when it ends. */
  readonly invoke: (client: number, input: I) => (outcome: Outcome<O>) => void
  readonly calls: () => ReadonlyArray<Call<I, O>>
}

export const recorder = <I, O>(now: () => number): Recorder<I, O> => {
  const calls: Array<Call<I, O>> = []
  return {
    invoke: (client, input) => {
      const invokedAt = now()
      return (outcome) => {
        calls.push({
          client,
          input,
          invokedAt,
          returnedAt: outcome._tag === 'Unknown' ? Infinity : now(),
          outcome
        })
      }
    },
    calls: () => [...calls]
  }
}

/** A clock that ticks once per reading: enough to order events within one process. */
export const logicalClock = (): (() => number) => {
  let t = 0
  return () => ++t
}
