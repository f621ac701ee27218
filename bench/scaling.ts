/**
 * 2. Scaling: a 100-row prefix scan at 10^3 … 10^6 stored rows, and heap bytes per stored row at
 * 10^6 rows, for the memory store and (for reference) its bare map and memory-level.
 */
import type { Row, Scan } from '../src/core/Operation.js'
import type { KVStore } from '../src/port/KVStore.js'
import type { Context } from './lib/context.js'
import { breathe, collectGarbage } from './lib/context.js'
import {
  binary,
  keyBytes,
  picks,
  prefixBytes,
  prng,
  randomBytes,
  ROWS_PER_PREFIX,
  VALUE_BYTES
} from './lib/data.js'
import type { CaseSpec, Measured, Suites } from './lib/measure.js'
import { cpuNow, find, fmtMs, fmtOps, fmtRatio, isolated, ratio, sink } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { aim, pretenuring, runLine, table } from './lib/report.js'
import type { BareTree, Level } from './lib/stores.js'
import { bareTree, level, must, ours, putOf } from './lib/stores.js'
import { binaryRange, scanOf } from './store.js'

const SCANS_PER_CALL = 50
const FILL_BATCH = 1000

/** Values are 64-byte slices of a random pool: fresh memory per row, cheap to make. */
const valueMaker = () => {
  const pool = randomBytes(prng(7), 1 << 16)
  let at = 0
  return (): Uint8Array => {
    at = (at + 61) & 0xffff & ~63
    return pool.slice(at, at + VALUE_BYTES)
  }
}

/** Calls `f` with each batch of fresh keys and values of rows [from, to). */
const batches = async (
  from: number,
  to: number,
  f: (keys: ReadonlyArray<Uint8Array>, values: ReadonlyArray<Uint8Array>) => void | Promise<void>
): Promise<void> => {
  const value = valueMaker()
  for (let at = from; at < to; at += FILL_BATCH) {
    const ks: Array<Uint8Array> = []
    const vs: Array<Uint8Array> = []
    for (let i = at; i < Math.min(at + FILL_BATCH, to); i++) {
      ks.push(keyBytes(Math.floor(i / ROWS_PER_PREFIX), i % ROWS_PER_PREFIX))
      vs.push(value())
    }
    await f(ks, vs)
    if ((at / FILL_BATCH) % 100 === 99) await breathe()
  }
}

const fillOurs = (store: KVStore, rows: number) =>
  batches(0, rows, async (ks, vs) => {
    await must(store.mutate(ks.map((k, i) => putOf(k, vs[i] as Uint8Array))))
  })

const fillTree = (tree: BareTree, rows: number) =>
  batches(0, rows, (ks, vs) => {
    ks.forEach((k, i) => tree.set(binary(k), vs[i] as Uint8Array))
  })

const fillLevel = (db: Level, rows: number) =>
  batches(0, rows, async (ks, vs) => {
    await db.batch(ks.map((key, i) => ({ type: 'put' as const, key, value: vs[i] as Uint8Array })))
  })

interface Footprint {
  readonly fillMs: number
  /** (heapUsed + arrayBuffers) after − before, per row. */
  readonly bytesPerRow: number
  readonly heapPerRow: number
}

/** Fills once, between two full collections. */
const footprint = async <A>(rows: number, make: () => Promise<A>, fill: (a: A) => Promise<void>) => {
  collectGarbage()
  const before = process.memoryUsage()
  const t0 = cpuNow()
  const a = await make()
  await fill(a)
  const fillMs = cpuNow() - t0
  collectGarbage()
  const after = process.memoryUsage()
  const f: Footprint = {
    fillMs,
    heapPerRow: (after.heapUsed - before.heapUsed) / rows,
    bytesPerRow: (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / rows
  }
  return { value: a, footprint: f }
}

const sizesOf = (quick: boolean): ReadonlyArray<number> =>
  quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000]

/** The prefixes a scan group visits: the same for both contenders of a size. */
const prefixesOf = (rows: number): ReadonlyArray<Uint8Array> =>
  picks(
    Array.from({ length: rows / ROWS_PER_PREFIX }, (_, p) => prefixBytes(p)),
    1000,
    prng(2 + rows)
  )

const cycle = (n: number) => {
  let next = 0
  return () => (next = (next + 1) % n)
}

/** One group per size, each with ours and the bare tree, filled in their own process. */
export const suites = (quick: boolean): Suites =>
  Object.fromEntries(
    sizesOf(quick).map((rows): [string, ReadonlyArray<CaseSpec>] => [
      String(rows),
      [
        {
          name: 'ours',
          opsPerCall: SCANS_PER_CALL,
          setup: async () => {
            const store = await ours()
            await fillOurs(store, rows)
            const scans: ReadonlyArray<Scan<string>> = prefixesOf(rows).map(scanOf)
            const turn = cycle(scans.length)
            return async () => {
              for (let n = 0; n < SCANS_PER_CALL; n++) {
                const out: Array<Row> = []
                for await (const batch of store.scan(scans[turn()] as Scan<string>))
                  for (const row of batch) out.push(row)
                sink.n += out.length
              }
            }
          }
        },
        {
          name: 'sorted-btree',
          opsPerCall: SCANS_PER_CALL,
          setup: async () => {
            const tree = bareTree()
            await fillTree(tree, rows)
            const ranges = prefixesOf(rows).map(binaryRange)
            const turn = cycle(ranges.length)
            return () => {
              for (let n = 0; n < SCANS_PER_CALL; n++) {
                const [lo, hi] = ranges[turn()] as readonly [string, string]
                const out: Array<[string, Uint8Array]> = []
                tree.forRange(lo, hi, false, (k, v) => {
                  out.push([k, v])
                })
                sink.n += out.length
              }
            }
          }
        }
      ]
    ])
  )

export const runScaling = async (ctx: Context): Promise<Section> => {
  const sizes = sizesOf(ctx.quick)
  const largest = sizes[sizes.length - 1] as number
  const gcOn = collectGarbage()

  ctx.log(`scaling: filling ${largest} rows (ours, then the bare tree, then memory-level), once each`)
  const big = await footprint(largest, ours, (s) => fillOurs(s, largest))
  ctx.log(`  ours: ${fmtMs(big.footprint.fillMs)}, ${big.footprint.bytesPerRow.toFixed(0)} B/row`)
  const bigTree = await footprint(
    largest,
    () => Promise.resolve(bareTree()),
    (t) => fillTree(t, largest)
  )
  ctx.log(
    `  sorted-btree: ${fmtMs(bigTree.footprint.fillMs)}, ${bigTree.footprint.bytesPerRow.toFixed(0)} B/row`
  )
  const bigLevel = await footprint(largest, level, (db) => fillLevel(db, largest))
  ctx.log(
    `  memory-level: ${fmtMs(bigLevel.footprint.fillMs)}, ${bigLevel.footprint.bytesPerRow.toFixed(0)} B/row`
  )
  await bigLevel.value.close()
  await big.value.close()

  const all = suites(ctx.quick)
  const results: Array<{ rows: number; ours: Measured; tree: Measured }> = []
  for (const rows of sizes) {
    const r = await isolated(
      'scaling',
      String(rows),
      `scan @ ${rows}`,
      all[String(rows)] ?? [],
      ctx.fast,
      ctx.quick,
      ctx.log
    )
    results.push({ rows, ours: find(r, 'ours'), tree: find(r, 'sorted-btree') })
  }

  const first = results[0]
  const last = results[results.length - 1]
  if (first === undefined || last === undefined) throw new Error('no sizes')
  const growth = last.ours.msPerCall / first.ours.msPerCall
  const treeGrowth = last.tree.msPerCall / first.tree.msPerCall
  const scanRows = results.map((x) => [
    x.rows.toLocaleString('en-US'),
    fmtMs(x.ours.msPerCall / SCANS_PER_CALL),
    `${fmtOps(x.ours.opsPerSec)} scans/s`,
    fmtMs(x.tree.msPerCall / SCANS_PER_CALL),
    fmtRatio(ratio(x.ours, x.tree))
  ])
  const fp = (name: string, f: Footprint, ref?: Footprint) => [
    name,
    `${((largest * 1000) / f.fillMs / 1000).toFixed(0)} k rows/s (${fmtMs(f.fillMs)})`,
    f.heapPerRow.toFixed(0),
    f.bytesPerRow.toFixed(0),
    ref === undefined ? '—' : fmtRatio(f.bytesPerRow / ref.bytesPerRow)
  ]
  const markdown = `## 2. Scaling: a 100-row prefix scan from 10^3 to 10^${Math.log10(largest)} stored rows

${runLine()}

${table(
  ['stored rows', 'ours: time per scan', 'ours', 'sorted-btree: time per scan', 'ours ÷ sorted-btree'],
  scanRows
)}

V8 pretenured an allocation site while timed (rounds): ${results
    .map((x) => `${x.rows.toLocaleString('en-US')} rows: ${pretenuring([x.ours, x.tree])}`)
    .join('; ')}.

**Growth, time of a scan at ${largest.toLocaleString('en-US')} rows ÷ at ${first.rows.toLocaleString('en-US')} rows: ours ${fmtRatio(growth)}** ${aim(growth <= 2)} (aim: nearly flat, ≤ 2×; the
bare tree: ${fmtRatio(treeGrowth)}). A B+ tree of fan-out 32 is 2 levels deep at 10^3 rows and 4 at 10^6, so a
scan's seek grows with log(n) while its 100 rows cost the same at every size; a ratio near 1× means
the seek is negligible next to reading the rows.

### Fill and heap at ${largest.toLocaleString('en-US')} rows

${
  gcOn
    ? `Each store is filled once from empty, between two forced full collections (\`node --expose-gc\`);
bytes are the growth of \`process.memoryUsage()\` (heapUsed, and heapUsed + arrayBuffers) divided by
the row count. Every contender owns freshly allocated keys and 64-byte values. Ours writes with
\`mutate\` in batches of ${FILL_BATCH} puts, memory-level with \`batch\` of ${FILL_BATCH}, the bare tree with \`set\`.`
    : '**Heap figures are not valid in this run: it was not started with `--expose-gc`.**'
}

${table(
  ['store', 'fill', 'heap B/row', 'heap + buffers B/row', '÷ sorted-btree'],
  [
    fp('ours (memoryStore)', big.footprint, bigTree.footprint),
    fp('sorted-btree, bare', bigTree.footprint),
    fp('memory-level', bigLevel.footprint, bigTree.footprint)
  ]
)}

**Ours: ${big.footprint.bytesPerRow.toFixed(0)} heap + buffer bytes per small stored row** ${aim(big.footprint.bytesPerRow <= 300)} (aim ≤ 300).

A stored row of ours is the binary-string key and an array of entries, one per column (a shared
family schema, the qualifier and value as binary strings, the newest timestamp inline; older
versions and delete markers only where they exist): HBase's cell model over a key → value entry.
The bare tree holds each value as the caller's \`Uint8Array\` (over 200 bytes for 64 bytes of data),
which is why a compact row of ours can be smaller than the bare entry.
`
  return { id: 'scaling', markdown }
}
