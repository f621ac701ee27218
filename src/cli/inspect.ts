/**
 * `inspect`: the decoded view of a system table. On `hbase://host:port` it reads the live table
 * (read only: it never creates or writes anything); on `memory` it first runs the simulation the
 * options describe and then shows that store. Roots are discovered from the sessions.
 */
import { BackupSystemTable } from '../api/BackupSystemTable.js'
import * as B from '../core/Bytes.js'
import * as KR from '../core/KeyRange.js'
import type { KVStore } from '../port/KVStore.js'
import { readView } from '../simulator/TableView.js'
import { describe as describeStoreError } from '../port/StoreError.js'
import type { Io } from './io.js'
import { EXIT } from './io.js'
import type { RunOptions } from './options.js'
import { renderState } from './render.js'
import { defaultTable, runSimulation } from './simulate.js'
import { openHBase, showStore } from './stores.js'
import type { FinalState } from './summary.js'
import { finalState } from './summary.js'
import { rowsOf } from '../port/rowsOf.js'

const rawRows = async (store: KVStore, table: string): Promise<ReadonlyArray<string>> => {
  const lines: Array<string> = []
  for await (const row of rowsOf(store.scan({ _tag: 'Scan', table, range: KR.all, reverse: false }))) {
    lines.push(`  ${B.toStringBinary(row.key)}`)
    for (const c of row.cells) {
      const v = B.toStringBinary(c.value)
      lines.push(
        `      ${c.family}:${B.toStringBinary(c.qualifier)} = ${v.length > 160 ? `${v.slice(0, 160)}… (${c.value.length} bytes)` : v}`
      )
    }
  }
  return lines
}

const views = async (
  store: KVStore,
  table: string
): Promise<ReadonlyArray<{ root: string; state: FinalState }>> => {
  const t = BackupSystemTable.attach(store, { tableName: table })
  if (t._tag === 'Left') throw new Error(`bad table name ${table}`)
  const sessions = await t.right.getBackupHistory()
  const roots = [...new Set(sessions.map((s) => s.backupRootDir as string))]
  const tables = [...new Set(sessions.flatMap((s) => s.tables.map((x) => x.table as string)))]
  const out: Array<{ root: string; state: FinalState }> = []
  for (const root of roots.length === 0 ? ['hdfs://sim/backup'] : roots)
    out.push({ root, state: finalState(await readView(t.right, root, tables)) })
  return out
}

export const inspectCommand = async (o: RunOptions, io: Io): Promise<number> => {
  let store: KVStore
  let table: string
  if (o.store._tag === 'HBase') {
    table = o.table ?? 'backup:system'
    store = await openHBase(o.store)
    const exists = await store.tableExists(table)()
    if (exists._tag === 'Left')
      throw new Error(`cannot reach ${showStore(o.store)}: ${describeStoreError(exists.left)}`)
    if (!exists.right) {
      await store.close()
      io.err(`${table} does not exist on ${showStore(o.store)}`)
      return EXIT.failure
    }
  } else {
    io.err(
      `inspect: reading the system table of a simulated run (${o.named !== undefined ? `scenario ${o.named}` : o.scenario !== undefined ? `scenario file ${o.scenario}` : `seed ${o.seed}, ${o.ops} operations`}, mode ${o.mode}, in memory); give --store hbase://host:port to read a live table`
    )
    const run = await runSimulation(
      { ...o, shrink: false },
      { ...io, progressStream: { isTTY: false, write: () => true } }
    )
    store = run.result.table.store
    table = defaultTable(o)
  }
  let vs: Awaited<ReturnType<typeof views>>
  let raw: ReadonlyArray<string>
  try {
    vs = await views(store, table)
    raw = o.raw ? await rawRows(store, table) : []
  } finally {
    if (o.store._tag === 'HBase') await store.close()
  }
  if (o.json)
    io.out(
      JSON.stringify(
        { store: showStore(o.store), table, roots: vs, ...(o.raw ? { rows: raw.map((l) => l.trim()) } : {}) },
        null,
        2
      )
    )
  else {
    for (const v of vs) io.out([`root ${v.root}`, ...renderState(v.state, table, true)].join('\n'))
    if (o.raw) io.out(['', `Rows of ${table}:`, ...raw].join('\n'))
  }
  return EXIT.ok
}
