/**
 * 1. The memory store against (a) its bare ordered map, (b) memory-level, (c) native Map, on the
 * same 10^5 stored rows (19-byte keys, 64-byte values) and the same random keys and prefixes.
 */
import type { Row, Scan } from '../src/core/Operation.js'
import * as KR from '../src/core/KeyRange.js'
import type { Context } from './lib/context.js'
import {
  binary,
  keys as makeKeys,
  picks,
  prefixBytes,
  prng,
  randomBytes,
  ROWS_PER_PREFIX,
  VALUE_BYTES
} from './lib/data.js'
import type { Case } from './lib/measure.js'
import { find, fmtOps, fmtRatio, group, ratio } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { aim, runLine, table } from './lib/report.js'
import { bareTree, fillLevel, fillOurs, fillTree, level, ours, putOf, TABLE } from './lib/stores.js'

const BATCH = 1000
const SCANS_PER_CALL = 10

export const scanOf = (prefix: Uint8Array): Scan<string> => ({
  _tag: 'Scan',
  table: TABLE,
  range: KR.prefix(prefix),
  reverse: false
})

/** The end of a bench prefix's range: the prefix with its last byte (`:`) + 1. */
export const prefixStop = (prefix: Uint8Array): Uint8Array => {
  const stop = prefix.slice()
  stop[stop.length - 1] = (stop[stop.length - 1] as number) + 1
  return stop
}

/** A prefix's range as the bare map sees it. */
export const binaryRange = (prefix: Uint8Array): readonly [string, string] => [
  binary(prefix),
  binary(prefixStop(prefix))
]

export const runStore = async (ctx: Context): Promise<Section> => {
  const rows = ctx.quick ? 10_000 : 100_000
  const random = prng(1)
  const keys = makeKeys(rows)
  const values = keys.map(() => randomBytes(random, VALUE_BYTES))
  const valueOf = (i: number) => values[i] as Uint8Array
  ctx.log(`store: filling ${rows} rows into each contender`)

  const store = await ours()
  await fillOurs(store, keys, valueOf)
  const tree = bareTree()
  fillTree(tree, keys, valueOf)
  const db = await level()
  await fillLevel(db, keys, valueOf)
  const map = new Map<string, Uint8Array>()
  keys.forEach((k, i) => map.set(binary(k), valueOf(i)))

  // the same random keys and values for every contender
  const putKeys = picks(keys, BATCH, random)
  const putValues = putKeys.map(() => randomBytes(random, VALUE_BYTES))
  const puts = putKeys.map((k, i) => putOf(k, putValues[i] as Uint8Array))
  const getKeys = picks(keys, BATCH, random)
  const prefixes = picks(
    Array.from({ length: rows / ROWS_PER_PREFIX }, (_, p) => prefixBytes(p)),
    1000,
    random
  )
  const scans = prefixes.map(scanOf)
  const ranges = prefixes.map(binaryRange)
  const levelBounds = prefixes.map((p) => ({ gte: p, lt: prefixStop(p) }))

  const put: ReadonlyArray<Case> = [
    {
      name: 'ours',
      opsPerCall: BATCH,
      fn: async () => {
        for (const p of puts) await store.mutate([p])()
      }
    },
    {
      name: 'sorted-btree',
      opsPerCall: BATCH,
      fn: () => {
        for (let i = 0; i < BATCH; i++) tree.set(binary(putKeys[i] as Uint8Array), putValues[i] as Uint8Array)
      }
    },
    {
      name: 'memory-level',
      opsPerCall: BATCH,
      fn: async () => {
        for (let i = 0; i < BATCH; i++) await db.put(putKeys[i] as Uint8Array, putValues[i] as Uint8Array)
      }
    },
    {
      name: 'Map',
      opsPerCall: BATCH,
      fn: () => {
        for (let i = 0; i < BATCH; i++) map.set(binary(putKeys[i] as Uint8Array), putValues[i] as Uint8Array)
      }
    }
  ]

  let sink = 0
  const get: ReadonlyArray<Case> = [
    {
      name: 'ours',
      opsPerCall: BATCH,
      fn: async () => {
        for (const row of getKeys) {
          const r = await store.get({ _tag: 'Get', table: TABLE, row })()
          if (r._tag === 'Right' && r.right._tag === 'Some') sink++
        }
      }
    },
    {
      name: 'sorted-btree',
      opsPerCall: BATCH,
      fn: () => {
        for (const k of getKeys) if (tree.get(binary(k)) !== undefined) sink++
      }
    },
    {
      name: 'memory-level',
      opsPerCall: BATCH,
      fn: async () => {
        for (const k of getKeys) if ((await db.get(k)) !== undefined) sink++
      }
    },
    {
      name: 'Map',
      opsPerCall: BATCH,
      fn: () => {
        for (const k of getKeys) if (map.get(binary(k)) !== undefined) sink++
      }
    }
  ]

  let next = 0
  const turn = () => (next = (next + 1) % prefixes.length)
  const scan: ReadonlyArray<Case> = [
    {
      name: 'ours',
      opsPerCall: SCANS_PER_CALL,
      fn: async () => {
        for (let s = 0; s < SCANS_PER_CALL; s++) {
          const out: Array<Row> = []
          for await (const row of store.scan(scans[turn()] as Scan<string>)) out.push(row)
          sink += out.length
        }
      }
    },
    {
      name: 'sorted-btree',
      opsPerCall: SCANS_PER_CALL,
      fn: () => {
        for (let s = 0; s < SCANS_PER_CALL; s++) {
          const [lo, hi] = ranges[turn()] as readonly [string, string]
          const out: Array<[string, Uint8Array]> = []
          tree.forRange(lo, hi, false, (k, v) => {
            out.push([k, v])
          })
          sink += out.length
        }
      }
    },
    {
      name: 'memory-level',
      opsPerCall: SCANS_PER_CALL,
      fn: async () => {
        for (let s = 0; s < SCANS_PER_CALL; s++) {
          const out = await db.iterator(levelBounds[turn()] as { gte: Uint8Array; lt: Uint8Array }).all()
          sink += out.length
        }
      }
    }
  ]

  const rPut = await group('put', put, ctx.fast, ctx.log)
  const rGet = await group('get', get, ctx.fast, ctx.log)
  const rScan = await group('100-row prefix scan', scan, ctx.fast, ctx.log)
  if (sink < 0) ctx.log('unreachable')
  await store.close()
  await db.close()

  const row = (op: string, rs: typeof rPut, unit: string) => {
    const o = find(rs, 'ours')
    const bt = find(rs, 'sorted-btree')
    const ml = find(rs, 'memory-level')
    const mp = rs.find((m) => m.name === 'Map')
    const vsTree = ratio(o, bt)
    const vsLevel = ratio(o, ml)
    return {
      cells: [
        op,
        `${fmtOps(o.opsPerSec)} ${unit}`,
        `${fmtOps(bt.opsPerSec)} ${unit}`,
        `${fmtOps(ml.opsPerSec)} ${unit}`,
        mp === undefined ? '—' : `${fmtOps(mp.opsPerSec)} ${unit}`,
        `${fmtRatio(vsTree)} ${aim(vsTree >= 0.5)}`,
        `${fmtRatio(vsLevel)} ${aim(vsLevel > 1)}`,
        mp === undefined ? '—' : fmtRatio(ratio(o, mp))
      ],
      vsTree,
      vsLevel
    }
  }
  const lines = [
    row('put (one row per call)', rPut, 'ops/s'),
    row('get (one row per call)', rGet, 'ops/s'),
    row(`prefix scan, ${ROWS_PER_PREFIX} rows`, rScan, 'scans/s')
  ]

  const markdown = `## 1. In-memory store against the map it is built on, memory-level and Map

${runLine()} ${rows.toLocaleString('en-US')} stored rows (19-byte keys, 64-byte values); every contender
holds the same rows and is given the same random keys, values and prefixes.

${table(
  [
    'operation',
    'ours (memoryStore)',
    'sorted-btree, bare',
    'memory-level',
    'Map',
    'ours ÷ sorted-btree (aim ≥ 0.5×)',
    'ours ÷ memory-level (aim > 1×)',
    'ours ÷ Map'
  ],
  lines.map((l) => l.cells)
)}

How to read it: a ratio is ours' ops/s divided by the other's, measured in the same run (median of
the per-round ratios); 0.5× means we do the operation at half the other's speed.
- **ours ÷ sorted-btree** is the price of the HBase semantics on top of the bare map: the async
  \`KVStore\` port (one promise per call), table and family checks, copying values in and out,
  cell versions and TTL, building \`Row\` objects, and a scan's O(1) snapshot (\`clone()\`).
  The bare map is given the same bytes and converts keys to the same binary strings, nothing more.
- **ours ÷ memory-level**: the in-memory ordered store JavaScript users reach for; also async, so
  this compares like with like. Its scan uses \`iterator().all()\`, its fastest collect-all path.
- **ours ÷ Map**: a hash map's get and set, the ceiling for a keyed lookup in JavaScript.
- A put is one \`mutate([put])\` per row (the API's write path); a get is one \`get\` of a
  random stored row; a scan returns all ${ROWS_PER_PREFIX} rows of a random prefix.
`
  return { id: 'store', markdown }
}
