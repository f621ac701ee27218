/**
 * One boundary: a property per class of defect that a hostile caller or a corrupt table found
 * (issue "One boundary"). Each property states the guarantee, not the example that broke it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../../src/adapters/memory/index.js'
import { BackupSystemTable } from '../../src/api/BackupSystemTable.js'
import type { MethodName } from '../../src/api/methods.js'
import * as B from '../../src/core/Bytes.js'
import { BackupInfo } from '../../src/core/domain/BackupInfo.js'
import type { TableName } from '../../src/core/domain/TableName.js'
import * as KeyRange from '../../src/core/KeyRange.js'
import * as BulkLoad from '../../src/core/rows/BulkLoad.js'
import { BackupMetaError } from '../../src/interpreter/ApiError.js'
import type { KVStore } from '../../src/port/KVStore.js'
import { arbitraries as A } from '../../src/testing/index.js'
import { recordingStore } from '../../src/testing/recordingStore.js'
import { hostileCatalogue } from './hostileInput.js'
import { dumpTables, seededTable, SYSTEM } from './storeFixture.js'

const CLOCK = 1_600_000_000_000
const fixedClock = (): number => CLOCK

const WRITES = new Set([
  'mutate',
  'checkAndPut',
  'checkAndDelete',
  'snapshot',
  'restoreSnapshot',
  'deleteSnapshot'
])
const writes = (rec: ReturnType<typeof recordingStore>) => rec.calls().filter((c) => WRITES.has(c.name))

type Invoke = (...args: ReadonlyArray<unknown>) => Promise<unknown>
const invoke = (table: BackupSystemTable, method: MethodName): Invoke => (table[method] as Invoke).bind(table)

/** How a call ended: the error's tag, or 'ok'. Never throws. */
const outcome = async (call: () => Promise<unknown>): Promise<string> => {
  try {
    await call()
    return 'ok'
  } catch (e) {
    return e instanceof BackupMetaError ? e.error._tag : `raw ${String(e)}`
  }
}

const freshSeeded = async (): Promise<{ store: KVStore; table: BackupSystemTable }> => {
  const store = memoryStore({ clock: fixedClock })
  const table = await seededTable(store, { clock: fixedClock })
  return { store, table }
}

/** The methods whose arguments are checked, each with a generator of valid argument lists. */
const withArgs = (
  Object.entries(hostileCatalogue) as Array<[MethodName, (typeof hostileCatalogue)[MethodName]]>
)
  .filter(([, specs]) => specs.length > 0)
  .map(([method, specs]) => ({ method, specs }))

const validCall = fc
  .constantFrom(...withArgs)
  .chain(({ method, specs }) => fc.tuple(...specs.map((s) => s.valid)).map((args) => ({ method, args })))

// ------------------------------------------------------------------------------------------------
// 1. checked = written
// ------------------------------------------------------------------------------------------------

/** What a value becomes when read a second time: a value no method may store. */
const corrupted = (v: unknown): unknown =>
  typeof v === 'number' ? -1 : typeof v === 'string' ? 'bad\u0000' : typeof v === 'boolean' ? 'yes' : v

/**
 * A value that answers honestly the first time each property is read and lies afterwards, at every
 * depth. A boundary that copies the caller's value once never sees the lie.
 */
const twoFaced = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value
  const seen = new Set<PropertyKey>()
  const cache = new Map<PropertyKey, unknown>()
  return new Proxy(value, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver)
      // `length` is read on every step of a loop over an array: a copy reads it more than once
      if (typeof key === 'symbol' || typeof v === 'function' || key === 'length') return v
      if (seen.has(key)) return cache.has(key) ? cache.get(key) : corrupted(v)
      seen.add(key)
      if (typeof v === 'object' && v !== null) cache.set(key, twoFaced(v))
      return cache.has(key) ? cache.get(key) : v
    }
  })
}

describe('checked = written', () => {
  it('a value that changes after being read stores exactly what a plain copy of it would', async () => {
    await fc.assert(
      fc.asyncProperty(validCall, async ({ method, args }) => {
        const plain = await freshSeeded()
        const hostile = await freshSeeded()
        const expected = await outcome(() => invoke(plain.table, method)(...structuredClone(args)))
        const actual = await outcome(() => invoke(hostile.table, method)(...args.map(twoFaced)))
        expect(actual, method).toBe(expected)
        expect(await dumpTables(hostile.store), method).toEqual(await dumpTables(plain.store))
      }),
      { numRuns: 300 }
    )
  })
})

// ------------------------------------------------------------------------------------------------
// 2. objects that are not what they seem
// ------------------------------------------------------------------------------------------------

const recordArgs: ReadonlyArray<{ method: MethodName; at: number }> = withArgs.flatMap(({ method, specs }) =>
  specs.flatMap((s, at) => (s.field === 'timestamps' || s.field === 'pathsByFamily' ? [{ method, at }] : []))
)

describe('records', () => {
  it('a record with no own enumerable entries of its own is refused, or (a Map) means its entries', async () => {
    expect(recordArgs.length).toBeGreaterThanOrEqual(2)
    const call = fc
      .constantFrom(...recordArgs)
      .chain(({ method, at }) =>
        fc.tuple(...hostileCatalogue[method].map((s) => s.valid)).map((args) => ({ method, at, args }))
      )
    await fc.assert(
      fc.asyncProperty(
        call,
        fc.constantFrom('inherited', 'map', 'class'),
        async ({ method, at, args }, shape) => {
          const record = args[at] as Record<string, unknown>
          class Holder {}
          const disguised: unknown =
            shape === 'inherited'
              ? (Object.create(record) as unknown)
              : shape === 'map'
                ? new Map(Object.entries(record))
                : Object.assign(new Holder(), record)
          const plain = await freshSeeded()
          const hostile = await freshSeeded()
          const rec = recordingStore(hostile.store)
          const table = await BackupSystemTable.open(rec.store, { clock: fixedClock })
          rec.clear()
          const hostileArgs: ReadonlyArray<unknown> = args.map((a: unknown, i) => (i === at ? disguised : a))
          const got = await outcome(() => invoke(table, method)(...hostileArgs))
          if (got === 'InvalidValue') {
            expect(rec.calls(), `${method} ${shape}`).toEqual([])
          } else {
            // accepted: then it must mean exactly what the plain record means
            const expected = await outcome(() => invoke(plain.table, method)(...args))
            expect(got, `${method} ${shape}`).toBe(expected)
            expect(await dumpTables(hostile.store)).toEqual(await dumpTables(plain.store))
          }
          expect(shape === 'map' || got === 'InvalidValue', `${method} accepted a ${shape} record`).toBe(true)
        }
      ),
      { numRuns: 100 }
    )
  })
})

// ------------------------------------------------------------------------------------------------
// 3. text UTF-8 can carry
// ------------------------------------------------------------------------------------------------

const withLoneSurrogate = (s: string, at: number, high: boolean): string => {
  const i = at % (s.length + 1)
  return `${s.slice(0, i)}${high ? '\ud800' : '\udc00'}${s.slice(i)}`
}

/** Every string inside a valid argument list, replaced one at a time. */
const stringPaths = (
  v: unknown,
  path: ReadonlyArray<string | number> = []
): Array<ReadonlyArray<string | number>> =>
  typeof v === 'string'
    ? [path]
    : Array.isArray(v)
      ? v.flatMap((x, i) => stringPaths(x, [...path, i]))
      : typeof v === 'object' && v !== null && !(v instanceof Uint8Array)
        ? Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]))
        : []

const replaceAt = (v: unknown, path: ReadonlyArray<string | number>, f: (s: string) => string): unknown => {
  if (path.length === 0) return typeof v === 'string' ? f(v) : v
  const [head, ...rest] = path
  if (Array.isArray(v))
    return (v as ReadonlyArray<unknown>).map((x, i) => (i === head ? replaceAt(x, rest, f) : x))
  const o = v as Record<string, unknown>
  return { ...o, [String(head)]: replaceAt(o[String(head)], rest, f) }
}

/** Keys of records are strings too: a lone surrogate in one renames the entry. */
const withBadKey = (v: unknown, f: (s: string) => string): unknown => {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return v
  const entries = Object.entries(v)
  if (entries.length === 0) return v
  const [[k, x], ...rest] = entries as [[string, unknown], ...Array<[string, unknown]>]
  return Object.fromEntries([[f(k), x], ...rest])
}

describe('well-formed text', () => {
  it('a lone surrogate anywhere in any string argument is refused before the store', async () => {
    const store = memoryStore({ clock: fixedClock })
    await seededTable(store)
    const before = await dumpTables(store)
    const rec = recordingStore(store)
    const table = await BackupSystemTable.open(rec.store, { clock: fixedClock })
    const call = validCall.chain(({ method, args }) => {
      const paths = stringPaths(args)
      const keyed = args.flatMap((a, i) =>
        typeof a === 'object' &&
        a !== null &&
        !Array.isArray(a) &&
        !(a instanceof Uint8Array) &&
        Object.keys(a).length > 0
          ? [i]
          : []
      )
      return fc.record({
        method: fc.constant(method),
        args: fc.constant(args),
        target:
          paths.length + keyed.length === 0
            ? fc.constant(-1)
            : fc.nat({ max: paths.length + keyed.length - 1 }),
        at: fc.nat(),
        high: fc.boolean(),
        paths: fc.constant(paths),
        keyed: fc.constant(keyed)
      })
    })
    await fc.assert(
      fc.asyncProperty(
        call.filter((c) => c.target >= 0),
        async ({ method, args, target, at, high, paths, keyed }) => {
          const f = (s: string) => withLoneSurrogate(s, at, high)
          const bad =
            target < paths.length
              ? (replaceAt(args, paths[target] ?? [], f) as ReadonlyArray<unknown>)
              : args.map((a, i) => (i === keyed[target - paths.length] ? withBadKey(a, f) : a))
          rec.clear()
          const got = await outcome(() => invoke(table, method)(...bad))
          expect(got, `${method} ${JSON.stringify(paths[target] ?? 'key')}`).toBe('InvalidValue')
          expect(writes(rec)).toEqual([])
        }
      ),
      { numRuns: 400 }
    )
    expect(await dumpTables(store)).toEqual(before)
  })
})

// ------------------------------------------------------------------------------------------------
// 4. every failure is a value
// ------------------------------------------------------------------------------------------------

const circular = (): unknown => {
  const o: Record<string, unknown> = { a: 1 }
  o['self'] = o
  return o
}
const throwingGetter = (): unknown =>
  Object.defineProperty({}, 'backupId', {
    enumerable: true,
    get() {
      throw new Error('getter exploded')
    }
  })
const throwingToJson = (): unknown => ({
  toJSON() {
    throw new Error('toJSON exploded')
  },
  toString() {
    throw new Error('toString exploded')
  }
})
const throwingProxy = (): unknown =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('proxy get')
      },
      ownKeys() {
        throw new Error('proxy ownKeys')
      },
      getPrototypeOf() {
        throw new Error('proxy getPrototypeOf')
      },
      has() {
        throw new Error('proxy has')
      }
    }
  )
const sparse = (): unknown => [, 't1', , 't2']

/** Made inside the property: fast-check itself probes generated values (`in`), which a Proxy would refuse. */
const nastyValues: Readonly<Record<string, () => unknown>> = {
  bigint: () => 10n,
  symbol: () => Symbol('s'),
  nullPrototype: () => Object.create(null) as unknown,
  circular,
  throwingGetter,
  throwingToJson,
  throwingProxy,
  sparse,
  nested: () => [10n, circular()]
}
const nasty = fc.constantFrom(...Object.keys(nastyValues))

describe('every failure is a value', () => {
  it('no argument makes a call throw synchronously; every rejection is a BackupMetaError that renders', async () => {
    const store = memoryStore({ clock: fixedClock })
    await seededTable(store, { clock: fixedClock })
    const rec = recordingStore(store)
    const table = await BackupSystemTable.open(rec.store, { clock: fixedClock })
    const call = validCall.chain(({ method, args }) =>
      fc.tuple(fc.nat({ max: args.length - 1 }), nasty).map(([at, bad]) => ({
        method,
        args,
        at,
        bad
      }))
    )
    await fc.assert(
      fc.asyncProperty(call, async ({ method, args: good, at, bad }) => {
        const args = good.map((a, i) => (i === at ? nastyValues[bad]?.() : a))
        rec.clear()
        let promise: Promise<unknown> | undefined
        let explained: Promise<unknown> | undefined
        expect(() => {
          promise = invoke(table, method)(...args)
        }, method).not.toThrow()
        expect(() => {
          explained = (table.explain as (m: MethodName, ...a: ReadonlyArray<unknown>) => Promise<unknown>)(
            method,
            ...args
          )
        }, method).not.toThrow()
        const te = table.te[method] as (...a: ReadonlyArray<unknown>) => () => Promise<unknown>
        expect(() => te(...args), method).not.toThrow()
        let rejected: unknown
        const resolved = await promise?.then(
          () => true,
          (e: unknown) => {
            rejected = e
            return false
          }
        )
        await explained
        // a null-prototype object or one with extra function-valued keys can be a valid record
        const mayResolve = bad === 'nullPrototype' || bad === 'throwingToJson'
        if (resolved === true) expect(mayResolve, `${method} accepted ${bad}`).toBe(true)
        else {
          expect(rejected, method).toBeInstanceOf(BackupMetaError)
          const e = rejected as BackupMetaError
          expect(e.error._tag).toBe('InvalidValue')
          expect(typeof e.message).toBe('string')
          expect(() => JSON.stringify(e.error)).not.toThrow()
          expect(writes(rec), `${method} wrote before refusing`).toEqual([])
        }
      }),
      { numRuns: 300 }
    )
  })
})

// ------------------------------------------------------------------------------------------------
// 5. sizes as composed
// ------------------------------------------------------------------------------------------------

const MAX_ROW = 32_767

describe('sizes as composed', () => {
  it('parts that are each valid but compose a row key over HBase limits are refused before the store', async () => {
    const store = memoryStore({ clock: fixedClock })
    const rec = recordingStore(store)
    const table = await BackupSystemTable.open(rec.store, { clock: fixedClock })
    const part = fc.integer({ min: 1, max: 15_900 })
    await fc.assert(
      fc.asyncProperty(part, part, part, fc.boolean(), async (tl, rl, pl, pre) => {
        const [tn, region, hfile] = ['t'.repeat(tl), 'r'.repeat(rl), 'p'.repeat(pl)]
        const keyLength = BulkLoad.key(tn as TableName, region, hfile).length
        rec.clear()
        const got = await outcome(() =>
          pre
            ? table.writeFilesForBulkLoadPreCommit(tn, region, 'cf', [`/staging/cf/${hfile}`])
            : table.writePathsPostBulkLoad(tn, region, { cf: [`/staging/cf/${hfile}`] })
        )
        if (keyLength > MAX_ROW) {
          expect(got, `key of ${keyLength} bytes`).toBe('InvalidValue')
          expect(rec.calls()).toEqual([])
        } else expect(got, `key of ${keyLength} bytes`).not.toBe('InvalidValue')
      }),
      { numRuns: 60 }
    )
  })

  it('a failure message is stored truncated to 1,024 characters, as HBase 2.6.1+ does', async () => {
    const table = await BackupSystemTable.open(memoryStore({ clock: fixedClock }), { clock: fixedClock })
    await fc.assert(
      fc.asyncProperty(A.backupInfo, fc.integer({ min: 1_025, max: 200_000 }), async (info, n) => {
        const encoded = BackupInfo.encode(info)
        await table.updateBackupInfo({ ...encoded, state: 'FAILED', failedMessage: 'm'.repeat(n) })
        const back = await table.readBackupInfo(info.backupId)
        expect(back?.failedMessage?.length).toBe(1_024)
      }),
      { numRuns: 10 }
    )
  })

  it('a cell value over the 10 MiB client limit is refused, not written', async () => {
    const store = memoryStore({ clock: fixedClock })
    const rec = recordingStore(store)
    const table = await BackupSystemTable.open(rec.store, { clock: fixedClock })
    rec.clear()
    const many = Array.from({ length: 300_000 }, (_, i) => `t${i}`.padEnd(40, 'x'))
    const got = await outcome(() => table.addToBackupSet('huge', many))
    const got2 = await outcome(() =>
      table.updateBackupInfo({
        backupId: 'backup_1600000000000',
        type: 'FULL',
        backupRootDir: 'hdfs://nn/backup',
        phase: 'REQUEST',
        startTs: CLOCK,
        completeTs: 0,
        progress: 0,
        workers: -1,
        bandwidth: -1,
        tables: many.map((t) => ({ table: t }))
      })
    )
    expect([got, got2]).toEqual(['InvalidValue', 'InvalidValue'])
    expect(writes(rec)).toEqual([])
  })
})

// ------------------------------------------------------------------------------------------------
// 6. row keys handed back
// ------------------------------------------------------------------------------------------------

describe('row keys handed back', () => {
  it('removeBulkLoadedRows / deleteBulkLoadedFiles refuse any key that is not a bulk-load key of their kind', async () => {
    const { store } = await freshSeeded()
    const before = await dumpTables(store)
    const rec = recordingStore(store)
    const table = await BackupSystemTable.open(rec.store, { clock: fixedClock })
    const stored: Array<Uint8Array> = []
    for await (const batch of store.scan({
      _tag: 'Scan',
      table: SYSTEM,
      range: KeyRange.all,
      reverse: false
    }))
      for (const r of batch) stored.push(r.key)
    const preCommit = stored.filter((k) => B.toStringBinary(k).startsWith('bulk:'))
    const copied = stored.filter((k) => B.toStringBinary(k).startsWith('bulkload-'))
    const foreign = stored.filter((k) => !preCommit.includes(k) && !copied.includes(k))
    expect(foreign.length).toBeGreaterThan(5)
    const key = fc.oneof(
      fc.constantFrom(...foreign),
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
      fc.constant(B.utf8('activesession:')),
      fc.constant(B.utf8('bulk:')),
      fc.constant(B.utf8('bulk:t1'))
    )
    await fc.assert(
      fc.asyncProperty(key, fc.boolean(), async (k, pre) => {
        fc.pre(!(pre ? preCommit : copied).some((x) => B.equals(x, k)))
        rec.clear()
        const got = await outcome(() =>
          pre ? table.removeBulkLoadedRows([k]) : table.deleteBulkLoadedFiles([k])
        )
        expect(got, B.toStringBinary(k)).toBe('InvalidValue')
        expect(rec.calls()).toEqual([])
      }),
      { numRuns: 300 }
    )
    expect(await dumpTables(store)).toEqual(before)
  })
})

// ------------------------------------------------------------------------------------------------
// 7. options checked at open
// ------------------------------------------------------------------------------------------------

describe('options checked at open', () => {
  it('a clock that does not give integral milliseconds, or attempts that are not a positive integer, fail open', async () => {
    const badClock = fc.constantFrom(1.5, -1, Number.NaN, Infinity, 2 ** 60, '1')
    const badAttempts = fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, Infinity, '3', null)
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          badClock.map((c) => ({ clock: () => c })),
          badAttempts.map((m) => ({ maxAttempts: m }))
        ),
        async (opts) => {
          const got = await outcome(() =>
            BackupSystemTable.open(memoryStore(), opts as Parameters<typeof BackupSystemTable.open>[1])
          )
          expect(got, JSON.stringify(opts)).toBe('InvalidValue')
        }
      ),
      { numRuns: 40 }
    )
  })
})

// ------------------------------------------------------------------------------------------------
// 9. a delete and a put in the same millisecond
// ------------------------------------------------------------------------------------------------

describe('delete and put in the same millisecond', () => {
  it('the memory store masks a put by a delete of the same timestamp, as HBase does', async () => {
    const store = memoryStore({ clock: fixedClock })
    await BackupSystemTable.open(store)
    const row = B.utf8('probe')
    const cell = { family: 'meta', qualifier: B.utf8('q'), value: B.utf8('v') }
    await store.mutate([{ _tag: 'Delete', table: SYSTEM, row }])()
    await store.mutate([{ _tag: 'Put', table: SYSTEM, row, cells: [cell] }])()
    const got = await store.get({ _tag: 'Get', table: SYSTEM, row })()
    expect(got).toEqual({ _tag: 'Right', right: { _tag: 'None' } })
  })

  it('no flow loses a write when its delete and re-write fall in one millisecond', async () => {
    const store = memoryStore({ clock: fixedClock })
    const table = await BackupSystemTable.open(store, { clock: fixedClock })
    const root = 'hdfs://nn/backup'
    await table.addIncrementalBackupTableSet(['t1'], root)
    await table.deleteIncrementalBackupTableSet(root)
    await table.addIncrementalBackupTableSet(['t2'], root)
    expect(await table.getIncrementalBackupTableSet(root)).toEqual(['t2'])

    await table.addToBackupSet('s', ['t1'])
    await table.deleteBackupSet('s')
    await table.addToBackupSet('s', ['t3'])
    expect(await table.describeBackupSet('s')).toEqual(['t3'])

    await table.startDeleteOperation(['backup_1'])
    await table.finishDeleteOperation()
    await table.startDeleteOperation(['backup_2'])
    expect(await table.getListOfBackupIdsFromDeleteOperation()).toEqual(['backup_2'])

    const info = {
      backupId: 'backup_1600000000000',
      type: 'FULL',
      backupRootDir: root,
      state: 'RUNNING',
      phase: 'REQUEST',
      startTs: CLOCK,
      completeTs: 0,
      progress: 0,
      workers: -1,
      bandwidth: -1,
      tables: [{ table: 't1' }]
    } as const
    await table.updateBackupInfo(info)
    await table.deleteBackupInfo(info.backupId)
    await table.updateBackupInfo({ ...info, state: 'COMPLETE' })
    expect((await table.readBackupInfo(info.backupId))?.state).toBe('COMPLETE')
  })
})

// ------------------------------------------------------------------------------------------------
// 10. read-modify-write under contention
// ------------------------------------------------------------------------------------------------

describe('contention', () => {
  it('50 concurrent adds to one backup set all succeed and all their tables are in it', async () => {
    const table = await BackupSystemTable.open(memoryStore())
    const names = Array.from({ length: 50 }, (_, i) => `t${i}`)
    const results = await Promise.allSettled(names.map((n) => table.addToBackupSet('shared', [n])))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    expect([...((await table.describeBackupSet('shared')) ?? [])].sort()).toEqual([...names].sort())
  })
})

// ------------------------------------------------------------------------------------------------
// 8. corrupt data is never read as something else
// ------------------------------------------------------------------------------------------------

const META = 'meta'
const bulkRow = (key: string, cells: Readonly<Record<string, string>>) => ({
  _tag: 'Put' as const,
  table: SYSTEM,
  row: B.utf8(key),
  cells: Object.entries(cells).map(([q, v]) => ({ family: META, qualifier: B.utf8(q), value: B.utf8(v) }))
})

describe('corrupt rows', () => {
  const good = { tbl: 't1', fam: 'cf', path: '/staging/cf/f1', state: 'D' }
  const corruptions: ReadonlyArray<{
    readonly name: string
    readonly key: string
    readonly cells: Record<string, string>
  }> = [
    { name: 'no fam', key: 'bulk:t1:r1:f1', cells: { tbl: 't1', path: '/p/f1', state: 'D' } },
    { name: 'no path', key: 'bulk:t1:r1:f1', cells: { tbl: 't1', fam: 'cf', state: 'R' } },
    { name: 'no tbl', key: 'bulk:t1:r1:f1', cells: { fam: 'cf', path: '/p/f1', state: 'D' } },
    { name: 'extra ":" in the key', key: 'bulk:t1:r:1:f1', cells: good },
    { name: 'tbl names another table', key: 'bulk:t1:r1:f1', cells: { ...good, tbl: 't2' } },
    { name: 'state is neither R nor D', key: 'bulk:t1:r1:f1', cells: { ...good, state: 'X' } }
  ]

  it('a bulk-load row that does not decode fails every read of it with Malformed naming the row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...corruptions), fc.boolean(), async (c, viaAll) => {
        const store = memoryStore({ clock: fixedClock })
        const table = await BackupSystemTable.open(store, { clock: fixedClock })
        await store.mutate([bulkRow('bulk:t1:r0:f0', good), bulkRow(c.key, c.cells)])()
        const read = table.readBulkloadRows(viaAll ? ['t0', 't1', 't2'] : ['t1'])
        const e = await read.then(
          (rows) => rows,
          (err: unknown) => err
        )
        expect(e, `${c.name}: ${JSON.stringify(e)}`).toBeInstanceOf(BackupMetaError)
        const error = (e as BackupMetaError).error
        expect(error._tag).toBe('Malformed')
        expect('row' in error ? error.row : undefined).toBe(c.key)
      }),
      { numRuns: 40 }
    )
  })

  it('a bulk-load row whose tbl is the canonical name spelled with its namespace is read, not dropped', async () => {
    const store = memoryStore({ clock: fixedClock })
    const table = await BackupSystemTable.open(store, { clock: fixedClock })
    await store.mutate([bulkRow('bulk:t1:r1:f1', { ...good, tbl: 'default:t1' })])()
    const rows = await table.readBulkloadRows(['t1'])
    expect(JSON.stringify(rows)).toContain('/staging/cf/f1')
  })

  it('a corrupt backup-set row is Malformed naming the row on every path that reads it', async () => {
    const store = memoryStore({ clock: fixedClock })
    const table = await BackupSystemTable.open(store, { clock: fixedClock })
    const corrupt = [
      { key: 'backupset:s', value: 'not a table!,t1' },
      { key: 'backupset:s', value: '\u0000' }
    ]
    for (const c of corrupt) {
      await store.mutate([
        {
          _tag: 'Put',
          table: SYSTEM,
          row: B.utf8(c.key),
          cells: [{ family: META, qualifier: B.utf8('tables'), value: B.utf8(c.value) }]
        }
      ])()
      for (const call of [
        () => table.describeBackupSet('s'),
        () => table.addToBackupSet('s', ['t9']),
        () => table.removeFromBackupSet('s', ['t1'])
      ]) {
        const e = await call().then(
          () => undefined,
          (err: unknown) => err
        )
        expect(e).toBeInstanceOf(BackupMetaError)
        const error = (e as BackupMetaError).error
        expect(error._tag).toBe('Malformed')
        expect('row' in error ? error.row : undefined).toBe(c.key)
      }
    }
    await store.mutate([
      {
        _tag: 'Put',
        table: SYSTEM,
        row: B.utf8('backupset:a,b'),
        cells: [{ family: META, qualifier: B.utf8('tables'), value: B.utf8('t1') }]
      }
    ])()
    const e = await table.listBackupSets().then(
      () => undefined,
      (err: unknown) => err
    )
    expect((e as BackupMetaError).error).toMatchObject({ _tag: 'Malformed', row: 'backupset:a,b' })
  })
})
