/**
 * `simulate`: build the history (random from the seed, a scenario file, or a named scenario), run
 * it with a progress bar, shrink each violated invariant to a minimal scenario, and print the
 * summary (text or JSON), optionally writing the HTML report.
 */
import { BackupMetaError } from '../interpreter/ApiError.js'
import type { KVStore } from '../port/KVStore.js'
import * as KR from '../core/KeyRange.js'
import { byName, catalogue, scenarioOf } from '../simulator/catalogue.js'
import { emulatedSnapshots } from '../simulator/emulatedSnapshots.js'
import { generate } from '../simulator/generate.js'
import type { Scenario } from '../simulator/Scenario.js'
import * as Sc from '../simulator/Scenario.js'
import { shrink } from '../simulator/shrink.js'
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import { diagnose } from '../doctor/diagnose.js'
import type { FindingMark, SimOptions, SimResult } from '../simulator/Simulation.js'
import { simulate } from '../simulator/Simulation.js'
import { describe as describeStoreError } from '../port/StoreError.js'
import type { Io } from './io.js'
import { commandLine, EXIT } from './io.js'
import type { RunOptions } from './options.js'
import { progress } from './progress.js'
import { renderReport } from './report/html.js'
import { renderSummary } from './render.js'
import { openHBase, showStore } from './stores.js'
import type { Summary } from './summary.js'
import { summarize } from './summary.js'
import { rowsOf } from '../port/rowsOf.js'

/**
 * The doctor after an operation, as the report draws it: kind and severity of each finding. Between
 * two operations no simulated client runs, so the table is diagnosed as offline: a held lock and a
 * RUNNING session are left over.
 */
const doctorFindings = async (table: BackupSystemTable): Promise<ReadonlyArray<FindingMark>> =>
  (await diagnose(table, { offline: true })).findings.map((f) => ({ kind: f.kind, severity: f.severity }))

export class UsageError extends Error {}

/** The arguments less any `--mode` (both spellings), to suggest the same run in another mode. */
const withoutMode = (args: ReadonlyArray<string>): ReadonlyArray<string> =>
  args.filter((a, i) => a !== '--mode' && args[i - 1] !== '--mode' && !a.startsWith('--mode='))

/** The history a command runs. */
export const scenarioFor = async (o: RunOptions, io: Io): Promise<Scenario> => {
  const config: Sc.Config = { seed: o.seed, mode: o.mode, tables: o.tables, servers: o.servers }
  if (o.named !== undefined) {
    const n = byName(o.named)
    if (n === undefined)
      throw new UsageError(
        `no scenario named "${o.named}"; known: ${catalogue.map((c) => c.name).join(', ')}`
      )
    return scenarioOf(n, o.mode, o.seed)
  }
  if (o.scenario !== undefined) {
    const parsed = Sc.parse(await io.readFile(o.scenario), config)
    if (!parsed.ok) throw new UsageError(`${o.scenario}: ${parsed.error}`)
    return parsed.value
  }
  return generate(config, { ops: o.ops, faultRate: o.faultRate })
}

export const defaultTable = (o: RunOptions): string =>
  o.table ?? (o.store._tag === 'HBase' ? 'backup_sim:system' : 'backup:system')

const hasRows = async (store: KVStore, table: string): Promise<boolean> => {
  for await (const _row of rowsOf(
    store.scan({ _tag: 'Scan', table, range: KR.all, reverse: false, limit: 1 })
  ))
    return true
  return false
}

/** The store a simulation runs on; an HBase table must be empty (the simulator starts from nothing). */
export const storeFor = async (o: RunOptions): Promise<SimOptions['store']> => {
  if (o.store._tag === 'Memory') return undefined
  const table = defaultTable(o)
  const hbase: KVStore = emulatedSnapshots(await openHBase(o.store), table)
  const exists = await hbase.tableExists(table)()
  const problem =
    exists._tag === 'Left'
      ? `cannot reach ${showStore(o.store)}: ${describeStoreError(exists.left)}`
      : exists.right && (await hasRows(hbase, table))
        ? `${table} on ${showStore(o.store)} is not empty: simulate needs an empty table (choose one with --table)`
        : undefined
  if (problem !== undefined) {
    await hbase.close()
    throw new Error(problem)
  }
  return () => hbase
}

export const describeError = (e: unknown): string =>
  e instanceof BackupMetaError ? `${e.message} (${e._tag})` : e instanceof Error ? e.message : String(e)

/** A command's body under the CLI's exit codes: a usage error prints the usage (2), a failure its cause (3). */
export const withExitCodes = async (
  command: string,
  usage: string,
  io: Io,
  body: () => Promise<number>
): Promise<number> => {
  try {
    return await body()
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${usage}`)
      return EXIT.usage
    }
    io.err(`hbase-backup-meta ${command}: ${describeError(e)}`)
    return EXIT.failure
  }
}

/** Runs the simulation and shrinks what it found. */
export const runSimulation = async (
  o: RunOptions,
  io: Io
): Promise<{
  readonly result: SimResult
  readonly summary: Summary
  readonly table: string
  /** SIGINT stopped the run early: the result covers the operations that ran. */
  readonly interrupted: boolean
}> => {
  const scenario = await scenarioFor(o, io)
  const store = await storeFor(o)
  const table = defaultTable(o)
  const sim: SimOptions = { tableName: table, ...(store === undefined ? {} : { store }) }
  const bar = progress(io.progressStream, io.now)
  const t0 = io.now()
  let result: SimResult
  // the first Ctrl-C stops after the running operation and prints what ran; a second one kills
  let interrupted = false
  const onInterrupt = (): void => {
    interrupted = true
  }
  process.once('SIGINT', onInterrupt)
  try {
    result = await simulate(scenario, {
      ...sim,
      onProgress: bar.tick,
      keepLog: false,
      keepSteps: false,
      interrupted: () => interrupted,
      ...(o.doctor ? { findingsAfter: doctorFindings } : {})
    })
  } finally {
    process.off('SIGINT', onInterrupt)
    bar.end()
    // an HBase connection would keep the process alive
    if (store !== undefined) await store(io.now).close()
  }
  const wallMs = Math.round(io.now() - t0)
  const minimal = new Map<string, string>()
  if (interrupted)
    io.err(
      `interrupted: ${result.ops.length} of ${scenario.ops.length} operations ran; the summary covers those`
    )
  if (o.shrink && o.store._tag === 'Memory' && !interrupted) {
    const firsts = new Map<string, number>()
    for (const v of result.violations) if (!firsts.has(v.invariant)) firsts.set(v.invariant, v.opIndex)
    for (const [invariant, opIndex] of [...firsts.entries()].slice(0, 10)) {
      const s = await shrink(scenario, invariant, opIndex, { budgetMs: 1_500, tableName: table })
      minimal.set(invariant, Sc.show(s.scenario))
    }
  }
  return { result, summary: summarize(result, wallMs, showStore(o.store), minimal), table, interrupted }
}

/** A report that could not be written is found before the run, not after minutes of it. */
const checkReport = async (o: RunOptions, io: Io): Promise<void> => {
  if (o.report === undefined || io.checkWritable === undefined) return
  const problem = await io.checkWritable(o.report)
  if (problem !== undefined) throw new UsageError(`--report ${o.report}: ${problem}`)
}

export const simulateCommand = async (o: RunOptions, io: Io): Promise<number> => {
  await checkReport(o, io)
  const { result, summary, table, interrupted } = await runSimulation(o, io)
  const faithful = commandLine(io.startedAs, 'simulate', [...withoutMode(o.args), '--mode', 'faithful'])
  io.out(o.json ? JSON.stringify(summary, null, 2) : renderSummary(summary, table, faithful))
  if (o.report !== undefined) {
    await io.writeFile(o.report, renderReport(result, summary, table))
    if (!o.json) io.out(`\nHTML report written to ${o.report}`)
  }
  return summary.violations.length > 0 ? EXIT.violations : interrupted ? EXIT.failure : EXIT.ok
}
