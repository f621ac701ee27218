/**
 * The `KVStore` contract: every law of the port as a list of named cases, for any adapter.
 *
 *   for (const c of kvStoreContract(factory, ['admin', 'snapshots', 'ttl'])) it(c.name, c.run)
 *
 * Each case asks the factory for a store, creates its own tables (fresh names, so cases can share
 * one real server), runs, and closes the store; a failure is a thrown `Error` whose message says
 * what differed. The suite depends on no test framework (after abstract-level's `test/index.js`).
 *
 * Groups: basics (reads, writes, deletes, errors, aliasing), ranges (a fixed fixture with every
 * forward case mirrored by a derived reverse case), conditional (checkAndPut/checkAndDelete with
 * HBase's empty-value rule), batches (per-row atomicity, validation before any write), lifecycle
 * (capabilities, `Unsupported`, admin, close), markers (delete markers mask later older puts), snapshots and TTL (only where the capability is
 * declared, TTL also needs `clock: 'controllable'` and the fixture's `advanceClock`), and a
 * fast-check property against a sorted-map model.
 *
 * `capabilities` are what the store must declare; optional groups are chosen by them, never by
 * guessing from the store, so a store that forgets to declare a capability fails a case.
 */
import type { Capability } from '../port/StoreError.js'
import { basics } from './contract/basics.js'
import { batches } from './contract/batches.js'
import { conditional } from './contract/conditional.js'
import type { CaseDef, ContractCase, ContractFactory, ContractOptions, Ctx } from './contract/harness.js'
import { defaultFamilies, fail, right, sleep } from './contract/harness.js'
import { lifecycle } from './contract/lifecycle.js'
import { markers } from './contract/markers.js'
import { model } from './contract/model.js'
import { ranges } from './contract/ranges.js'
import { snapshots } from './contract/snapshots.js'
import { ttl } from './contract/ttl.js'

export type { ContractCase, ContractFactory, ContractFixture, ContractOptions } from './contract/harness.js'

const defaults: Required<ContractOptions> = {
  clock: 'real',
  propertyRuns: 25,
  settleMs: 2,
  namespace: 'kvcontract',
  sharedServer: false
}

const groups = (
  declared: ReadonlyArray<Capability>
): ReadonlyArray<readonly [string, ReadonlyArray<CaseDef>]> => [
  ['basics', basics],
  ['ranges', ranges],
  ['conditional', conditional],
  ['batches', batches],
  ['markers', markers],
  ['lifecycle', lifecycle(declared)],
  ['snapshots', snapshots],
  ['ttl', ttl],
  ['model', model]
]

/** A run id per suite instance, so tables of earlier runs on a shared server never collide. */
const runId = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`

export const kvStoreContract = (
  factory: ContractFactory,
  capabilities: ReadonlyArray<Capability>,
  options: ContractOptions = {}
): ReadonlyArray<ContractCase> => {
  const o: Required<ContractOptions> = { ...defaults, ...options }
  const caps: ReadonlySet<Capability> = new Set(capabilities)
  const run = runId()
  const suiteMemo = new Map<string, Promise<unknown>>()
  let caseNumber = 0

  const toCase = (group: string, def: CaseDef): ContractCase => {
    const id = ++caseNumber
    return {
      name: `${group}: ${def.name}`,
      run: async () => {
        const fixture = await factory()
        const { store } = fixture
        let n = 0
        const fresh = (label: string) => `kv_${run}_${id}_${++n}_${label}`
        const caseMemo = new Map<string, Promise<unknown>>()
        const ctx: Ctx = {
          store,
          capabilities: caps,
          options: o,
          advanceClock:
            fixture.advanceClock ?? (() => fail('this case needs the fixture to provide advanceClock')),
          fresh,
          // A controllable clock moves on instead of sleeping: a delete marker and the next put
          // must not share a millisecond (HBase masks the put), and on a real clock sleeping does it.
          settle: () => {
            if (o.clock !== 'controllable' || fixture.advanceClock === undefined) return sleep(o.settleMs)
            fixture.advanceClock(Math.max(1, o.settleMs))
            return Promise.resolve()
          },
          shared: <A>(key: string, make: () => Promise<A>): Promise<A> => {
            const memo = o.sharedServer ? suiteMemo : caseMemo
            const made = memo.get(key) ?? make()
            memo.set(key, made)
            return made as Promise<A>
          },
          table: async (families = defaultFamilies) => {
            const spec = { name: `${o.namespace}:${fresh('t')}`, families }
            if (caps.has('admin')) {
              await right(store.ensureNamespace(o.namespace), 'ensureNamespace')
              await right(store.ensureTable(spec), `ensureTable ${spec.name}`)
            } else if (fixture.prepareTable !== undefined) await fixture.prepareTable(spec)
            else fail("a store without 'admin' needs the fixture's prepareTable")
            return spec.name
          }
        }
        try {
          await def.run(ctx)
        } finally {
          await store.close()
        }
      }
    }
  }

  return groups(capabilities).flatMap(([group, defs]) =>
    defs.filter((d) => d.when === undefined || d.when(caps, o)).map((d) => toCase(group, d))
  )
}
