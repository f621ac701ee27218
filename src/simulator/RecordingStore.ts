/**
 * A `KVStore` decorator that records every operation reaching the store, attributed to the client
 * whose step is running, in the notation `explain` prints (`Op.show` of the physical operation).
 * The simulator uses it three ways: to compare a flow's operations with `explain`, to check that a
 * client which never held the lock wrote nothing, and to count operations per second.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import * as Op from '../core/Operation.js'
import type { KVStore } from '../port/KVStore.js'

export interface Recorded {
  readonly client: number
  readonly kind: 'read' | 'write' | 'check' | 'admin'
  readonly text: string
  /** Writes and admin calls that succeeded; checks whose condition held. */
  readonly applied: boolean
}

export interface RecordingStore {
  readonly store: KVStore
  readonly log: Array<Recorded>
}

export const recordingStore = (inner: KVStore, who: () => number): RecordingStore => {
  const log: Array<Recorded> = []
  const note =
    (kind: Recorded['kind'], text: string, appliedOf: (a: unknown) => boolean) =>
    <L, A>(te: TE.TaskEither<L, A>): TE.TaskEither<L, A> =>
    async () => {
      const client = who()
      const r = await te()
      log.push({ client, kind, text, applied: E.isRight(r) && appliedOf(r.right) })
      return r
    }
  const always = (): boolean => true
  const asBool = (a: unknown): boolean => a === true
  const never = (): boolean => false
  const store: KVStore = {
    ...inner,
    get: (g) => note('read', Op.show(g), never)(inner.get(g)),
    scan: (s) => {
      log.push({ client: who(), kind: 'read', text: Op.show(s), applied: false })
      return inner.scan(s)
    },
    mutate: (ms) => note('write', ms.map((m) => Op.show(m)).join('\n   '), always)(inner.mutate(ms)),
    checkAndPut: (c) => note('check', Op.show(c), asBool)(inner.checkAndPut(c)),
    checkAndDelete: (c) => note('check', Op.show(c), asBool)(inner.checkAndDelete(c)),
    snapshot: (table, name) => note('admin', `SNAPSHOT ${name}`, always)(inner.snapshot(table, name)),
    restoreSnapshot: (name) => note('admin', `RESTORESNAPSHOT ${name}`, always)(inner.restoreSnapshot(name)),
    deleteSnapshot: (name) => note('admin', `DELETESNAPSHOT ${name}`, always)(inner.deleteSnapshot(name)),
    snapshotExists: (name) => note('read', `SNAPSHOTEXISTS ${name}`, never)(inner.snapshotExists(name))
  }
  return { store, log }
}

/** Did `client` change anything in the store (a write, an applied check, a snapshot admin call)? */
export const wroteAnything =
  (client: number, from = 0) =>
  (log: ReadonlyArray<Recorded>): ReadonlyArray<Recorded> =>
    log.slice(from).filter((r) => r.client === client && r.applied && r.kind !== 'read')
