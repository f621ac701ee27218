/**
 * A sequential specification: from a state, what a call with this input may lead to, given the
 * output it reported. An empty list means the output is impossible in that state. A call of
 * unknown outcome is stepped with `undefined` and should list every state it may leave behind,
 * the unchanged state included (it may never have happened).
 */
export interface Model<S, I, O> {
  readonly init: S
  readonly step: (state: S, input: I, output: O | undefined) => ReadonlyArray<S>
  /** A key that is equal exactly for equal states (for memoisation). */
  readonly key: (state: S) => string
  readonly show?: (input: I, output: O | undefined) => string
}

export type LockState = 'free' | 'held'
export type LockInput = 'acquire' | 'release'
/** `true`: the compare-and-set applied (acquired, released); `false`: it was refused. */
export type LockOutput = boolean

/**
 * The exclusive-operation lock as a register: acquire succeeds exactly when free, release exactly
 * when held; a refused call changes nothing.
 */
export const lockModel: Model<LockState, LockInput, LockOutput> = {
  init: 'free',
  step: (s, input, ok) => {
    const from: LockState = input === 'acquire' ? 'free' : 'held'
    const to: LockState = input === 'acquire' ? 'held' : 'free'
    if (ok === undefined) return s === from ? [to, s] : [s]
    if (ok) return s === from ? [to] : []
    return s === from ? [] : [s]
  },
  key: (s) => s,
  show: (input, ok) => `${input} → ${ok === undefined ? 'unknown' : ok ? 'ok' : 'refused'}`
}
