/**
 * Interleaving of racing clients at step boundaries, deterministic from a seed.
 *
 * Every client calls `turn(client)` before each step. Only one client runs at a time: when every
 * unfinished client is waiting at its gate, the scheduler picks one with its generator and lets it
 * run its step. A step is therefore atomic with respect to the other clients (as a single RPC is),
 * while the order of steps across clients is a seeded shuffle. With one client, `turn` never waits.
 */
import type { Random } from './Random.js'

export interface Scheduler {
  /** Waits until `client` may run its next step. */
  readonly turn: (client: number) => Promise<void>
  /** The client whose step is running (the one the store attributes operations to). */
  readonly current: () => number
  /** Runs the clients' tasks interleaved; never rejects (each task reports its own outcome). */
  readonly race: <A>(
    tasks: ReadonlyArray<(client: number) => Promise<A>>,
    firstClient: number
  ) => Promise<Array<A>>
}

export const scheduler = (rng: Random): Scheduler => {
  const active = new Set<number>()
  const waiting = new Map<number, () => void>()
  let running: number | undefined
  let last = 0

  const dispatch = (): void => {
    if (running !== undefined || waiting.size === 0 || waiting.size < active.size) return
    const ids = [...waiting.keys()].sort((a, b) => a - b)
    const next = rng.pick(ids)
    const resume = waiting.get(next)
    waiting.delete(next)
    running = next
    last = next
    resume?.()
  }

  const turn = (client: number): Promise<void> => {
    if (running === client) running = undefined
    if (!active.has(client) || active.size <= 1) {
      running = client
      last = client
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      waiting.set(client, resolve)
      dispatch()
    })
  }

  const finish = (client: number): void => {
    active.delete(client)
    waiting.delete(client)
    if (running === client) running = undefined
    // the others may all be parked at their gates: let one go (a lone survivor included)
    dispatch()
  }

  return {
    turn,
    current: () => running ?? last,
    race: async (tasks, firstClient) => {
      const ids = tasks.map((_, i) => firstClient + i)
      running = undefined
      for (const id of ids) active.add(id)
      const runs = tasks.map(async (task, i) => {
        const id = firstClient + i
        try {
          return await task(id)
        } finally {
          finish(id)
        }
      })
      return Promise.all(runs)
    }
  }
}
