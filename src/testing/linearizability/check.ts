/**
 * A linearizability checker in the manner of Wing & Gong with Lowe's memoisation (the algorithm
 * Porcupine and Knossos use): search for a total order of the calls that respects real time (a
 * call that returned before another was invoked comes first) and that the sequential model
 * accepts, remembering every (set of linearized calls, state) already explored.
 *
 * Calls of unknown outcome never constrain others (they "return" at infinity) and need not be
 * linearized at all.
 */
import type { Call } from './history.js'
import type { Model } from './model.js'

export type Verdict =
  | { readonly _tag: 'Linearizable'; readonly calls: number; readonly explored: number }
  | {
      readonly _tag: 'NotLinearizable'
      readonly calls: number
      readonly explored: number
      /** The most calls any explored order could place. */
      readonly longestPrefix: number
      /** Calls that could come next at that point, none of which the model accepted. */
      readonly stuckAt: ReadonlyArray<string>
    }

export const checkLinearizable = <S, I, O>(
  model: Model<S, I, O>,
  history: ReadonlyArray<Call<I, O>>
): Verdict => {
  const calls = [...history].sort((a, b) => a.invokedAt - b.invokedAt)
  const n = calls.length
  const known = calls.filter((c) => c.outcome._tag === 'Returned').length
  const done = new Uint8Array(n)
  const seen = new Set<string>()
  const show = (c: Call<I, O>) =>
    `client ${c.client}: ${model.show?.(c.input, output(c)) ?? String(c.input)} [${c.invokedAt}, ${c.returnedAt}]`
  let explored = 0
  let longest = 0
  let stuck: ReadonlyArray<string> = []

  const search = (state: S, placed: number, placedKnown: number): boolean => {
    explored++
    if (placedKnown === known) return true
    if (placed > longest) longest = placed
    // a call may come next iff it was invoked before every pending call returned
    let minReturn = Infinity
    for (let i = 0; i < n; i++)
      if (done[i] === 0) minReturn = Math.min(minReturn, calls[i]?.returnedAt ?? Infinity)
    const candidates: Array<number> = []
    for (let i = 0; i < n; i++) {
      const c = calls[i]
      if (c === undefined) continue
      if (c.invokedAt > minReturn) break
      if (done[i] === 0) candidates.push(i)
    }
    for (const i of candidates) {
      const c = calls[i] as Call<I, O>
      for (const next of model.step(state, c.input, output(c))) {
        done[i] = 1
        const memo = `${model.key(next)}|${done.join('')}`
        if (!seen.has(memo)) {
          seen.add(memo)
          if (search(next, placed + 1, placedKnown + (c.outcome._tag === 'Returned' ? 1 : 0))) return true
        }
        done[i] = 0
      }
    }
    if (placed >= longest) stuck = candidates.map((i) => show(calls[i] as Call<I, O>))
    return false
  }

  return search(model.init, 0, 0)
    ? { _tag: 'Linearizable', calls: n, explored }
    : { _tag: 'NotLinearizable', calls: n, explored, longestPrefix: longest, stuckAt: stuck }
}

const output = <I, O>(c: Call<I, O>): O | undefined =>
  c.outcome._tag === 'Returned' ? c.outcome.output : undefined
