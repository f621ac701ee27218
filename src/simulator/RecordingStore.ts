/**
 * A `KVStore` decorator that records every operation reaching the store, attributed to the client
 * whose step is running, in the notation `explain` prints (`Op.show` of the physical operation).
 * The simulator uses it four ways: to compare a flow's operations with `explain`, to check that a
 * client which never held the lock wrote nothing, to count operations per second, and to know which
 * rows changed (`changes`), so that its view of the table is updated from those rows alone.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import * as Op from '../core/Operation.js'
import type { KVStore } from '../port/KVStore.js'

export interface Recorded {
  readonly client: number
  readonly kind: 'read' | 'write' | 'check' | 'admin'
  /** Made when first read: most records are counted and dropped, never printed. */
  readonly text: string
  /** Writes and admin calls that succeeded; checks whose condition held. */
  readonly applied: boolean
}

/** The rows written since the last `take`, by table; `restored` when a snapshot restore replaced them all. */
export interface Changed {
  readonly rows: ReadonlyMap<string, ReadonlyArray<Uint8Array>>
  readonly restored: boolean
  /** A snapshot was taken, restored or deleted. */
  readonly snapshots: boolean
}

export interface Changes {
  /** What changed since the previous call, and forget it. */
  readonly take: () => Changed
}

export interface RecordingStore {
  readonly store: KVStore
  readonly log: Array<Recorded>
  readonly changes: Changes
}

/** A row key as a latin1 string: cheap to make, one character per byte, compared as the bytes are. */
export const keyString = (key: Uint8Array): string => {
  let k = ''
  for (let i = 0; i < key.length; i++) k += String.fromCharCode(key[i] as number)
  return k
}

/**
 * Rows touched by a write, whether or not it applied (re-reading a row that did not change is
 * harmless; missing one that did would not be). Keys as latin1 strings, cheap to make and compare.
 */
const changeTracker = () => {
  let rows = new Map<string, Map<string, Uint8Array>>()
  let restored = false
  let snapshots = false
  const touch = (table: string, key: Uint8Array): void => {
    let t = rows.get(table)
    if (t === undefined) rows.set(table, (t = new Map<string, Uint8Array>()))
    t.set(keyString(key), key)
  }
  return {
    touch,
    restore: (): void => {
      restored = true
      snapshots = true
    },
    snapshot: (): void => {
      snapshots = true
    },
    changes: {
      take: (): Changed => {
        const out: Changed = {
          rows: new Map([...rows].map(([t, ks]) => [t, [...ks.values()]])),
          restored,
          snapshots
        }
        rows = new Map()
        restored = false
        snapshots = false
        return out
      }
    }
  }
}

/**
 * A record whose text is made when first read. The operation it shows is the caller's and is not
 * copied: a caller that changes it afterwards changes the text (no flow does; the API copies its
 * arguments in before building operations).
 */
const recorded = (client: number, kind: Recorded['kind'], show: () => string, applied: boolean): Recorded => {
  let text: string | undefined
  return {
    client,
    kind,
    applied,
    get text() {
      text ??= show()
      return text
    }
  }
}

export const recordingStore = (inner: KVStore, who: () => number): RecordingStore => {
  const log: Array<Recorded> = []
  const tracked = changeTracker()
  const note =
    (kind: Recorded['kind'], show: () => string, appliedOf: (a: unknown) => boolean) =>
    <L, A>(te: TE.TaskEither<L, A>): TE.TaskEither<L, A> =>
    async () => {
      const client = who()
      const r = await te()
      log.push(recorded(client, kind, show, E.isRight(r) && appliedOf(r.right)))
      return r
    }
  const always = (): boolean => true
  const asBool = (a: unknown): boolean => a === true
  const never = (): boolean => false
  const store: KVStore = {
    ...inner,
    get: (g) => note('read', () => Op.show(g), never)(inner.get(g)),
    scan: (s) => {
      log.push(recorded(who(), 'read', () => Op.show(s), false))
      return inner.scan(s)
    },
    mutate: (ms) => {
      for (const m of ms) tracked.touch(m.table, m.row)
      return note('write', () => ms.map((m) => Op.show(m)).join('\n   '), always)(inner.mutate(ms))
    },
    checkAndPut: (c) => {
      tracked.touch(c.put.table, c.put.row)
      return note('check', () => Op.show(c), asBool)(inner.checkAndPut(c))
    },
    checkAndDelete: (c) => {
      tracked.touch(c.delete.table, c.delete.row)
      return note('check', () => Op.show(c), asBool)(inner.checkAndDelete(c))
    },
    snapshot: (table, name) => {
      tracked.snapshot()
      return note('admin', () => `SNAPSHOT ${name}`, always)(inner.snapshot(table, name))
    },
    restoreSnapshot: (name) => {
      tracked.restore()
      return note('admin', () => `RESTORESNAPSHOT ${name}`, always)(inner.restoreSnapshot(name))
    },
    deleteSnapshot: (name) => {
      tracked.snapshot()
      return note('admin', () => `DELETESNAPSHOT ${name}`, always)(inner.deleteSnapshot(name))
    },
    snapshotExists: (name) => note('read', () => `SNAPSHOTEXISTS ${name}`, never)(inner.snapshotExists(name))
  }
  return { store, log, changes: tracked.changes }
}

/** Did `client` change anything in the store (a write, an applied check, a snapshot admin call)? */
export const wroteAnything =
  (client: number, from = 0) =>
  (log: ReadonlyArray<Recorded>): ReadonlyArray<Recorded> =>
    log.slice(from).filter((r) => r.client === client && r.applied && r.kind !== 'read')
