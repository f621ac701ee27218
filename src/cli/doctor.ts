/**
 * `doctor` and `expire --plan`: the doctor on a live table (`--store hbase://host:port`) or on the
 * store of a simulation (`--store memory`, the default, with the simulate options; its simulated
 * clients have all ended when the doctor looks, so a lock they hold is stale). `--fix` prints the
 * explained repair, asks on a terminal (or takes `--yes`), repairs, and diagnoses again.
 * Exit codes: 0 healthy, 1 findings (errors or warnings) remain, 2 usage, 3 the run or a repair failed.
 */
import { createInterface } from 'node:readline/promises'
import type { BackupSystemTable } from '../api/BackupSystemTable.js'
import { BackupSystemTable as Table } from '../api/BackupSystemTable.js'
import type { DiagnoseOptions, Diagnosis, ExpirePlan, Finding, RepairOutcome } from '../doctor/index.js'
import { diagnose, explainRepair, findingToJson, planExpire, repair } from '../doctor/index.js'
import { explain } from '../interpreter/explain.js'
import { describe as describeStoreError } from '../port/StoreError.js'
import type { KVStore } from '../port/KVStore.js'
import type { Io } from './io.js'
import { EXIT } from './io.js'
import type { RunOptions } from './options.js'
import { parseOptions } from './options.js'
import { defaultTable, runSimulation, UsageError, withExitCodes } from './simulate.js'
import { doctorUsage, expireUsage } from './usage.js'
import { openHBase, showStore } from './stores.js'

/** Asks a yes/no question; `undefined` when there is no terminal to ask on. */
export type Confirm = (question: string) => Promise<boolean | undefined>

export const ttyConfirm: Confirm = async (question) => {
  if (process.stdin.isTTY !== true) return undefined
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}

interface DoctorFlags {
  readonly fix: boolean
  readonly yes: boolean
  readonly offline: boolean
  readonly staleAfterMinutes: number | undefined
  readonly plan: boolean
  readonly keepLast: number | undefined
  readonly olderThanDays: number | undefined
  readonly root: string | undefined
}

const VALUED = new Set(['--stale-after', '--keep-last', '--older-than', '--root'])
const SWITCHES = new Set(['--fix', '--yes', '--offline', '--plan'])

/** Takes the doctor's own flags out; the rest are the shared store/simulation options. */
export const splitFlags = (
  argv: ReadonlyArray<string>
): { readonly flags: DoctorFlags; readonly rest: ReadonlyArray<string> } | string => {
  const rest: Array<string> = []
  const seen = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined]
    if (SWITCHES.has(name)) seen.set(name, 'true')
    else if (VALUED.has(name)) {
      const v = inline ?? argv[++i]
      if (v === undefined) return `${name} needs a value`
      seen.set(name, v)
    } else rest.push(a)
  }
  const num = (name: string, min: number): number | undefined | string => {
    const v = seen.get(name)
    if (v === undefined) return undefined
    return /^\d+$/.test(v) && Number(v) >= min ? Number(v) : `${name} must be an integer ≥ ${min}, not "${v}"`
  }
  const staleAfter = num('--stale-after', 1)
  const keepLast = num('--keep-last', 1)
  const olderThan = num('--older-than', 0)
  for (const x of [staleAfter, keepLast, olderThan]) if (typeof x === 'string') return x
  return {
    flags: {
      fix: seen.has('--fix'),
      yes: seen.has('--yes'),
      offline: seen.has('--offline'),
      staleAfterMinutes: staleAfter as number | undefined,
      plan: seen.has('--plan'),
      keepLast: keepLast as number | undefined,
      olderThanDays: olderThan as number | undefined,
      root: seen.get('--root')
    },
    rest
  }
}

interface Opened {
  readonly table: BackupSystemTable
  readonly where: string
  readonly options: DiagnoseOptions
  readonly close: () => Promise<void>
}

const openTable = async (o: RunOptions, io: Io, flags: DoctorFlags): Promise<Opened> => {
  const base: DiagnoseOptions = {
    offline: flags.offline,
    ...(flags.staleAfterMinutes === undefined ? {} : { lockStaleAfterMs: flags.staleAfterMinutes * 60_000 })
  }
  if (o.store._tag === 'HBase') {
    const name = o.table ?? 'backup:system'
    const store: KVStore = await openHBase(o.store)
    const exists = await store.tableExists(name)()
    if (exists._tag === 'Left' || !exists.right) {
      await store.close()
      throw new Error(
        exists._tag === 'Left'
          ? `cannot reach ${showStore(o.store)}: ${describeStoreError(exists.left)}`
          : `${name} does not exist on ${showStore(o.store)}`
      )
    }
    const t = Table.attach(store, { tableName: name })
    if (t._tag === 'Left') throw new UsageError(`bad --table ${name}`)
    return {
      table: t.right,
      where: `${name} on ${showStore(o.store)}`,
      options: base,
      close: () => store.close()
    }
  }
  const sim = await runSimulation(
    { ...o, shrink: false },
    { ...io, progressStream: { isTTY: false, write: () => true } }
  )
  const what =
    o.named !== undefined
      ? `named ${o.named}`
      : o.scenario !== undefined
        ? o.scenario
        : `seed ${o.seed}, ${o.ops} ops`
  return {
    table: sim.result.table,
    where: `${defaultTable(o)} in memory, after a ${o.mode} simulation (${what})`,
    // the simulation has ended: none of its clients is alive, and its clock is the table's
    options: { ...base, now: sim.result.clock.end, isAlive: () => false },
    close: () => Promise.resolve()
  }
}

/** Rounds of --fix: a rollback runs alone, then the rest; more means something keeps coming back. */
const MAX_ROUNDS = 3

const MARK = { error: '✗', warning: '!', info: '·' } as const

const renderFinding = (f: Finding): string => {
  const details = Object.entries(f.evidence.details).map(([k, v]) => `${k}=${v}`)
  return [
    `${MARK[f.severity]} ${f.kind}  ${f.summary}`,
    ...(f.evidence.rows.length + f.evidence.sessions.length + details.length > 0
      ? [
          `    evidence: ${[...f.evidence.rows, ...f.evidence.sessions.filter((s) => !f.evidence.rows.some((r) => r.includes(s))), ...details].join(' · ')}`
        ]
      : []),
    ...(f.blocks.length > 0 ? [`    blocks: ${f.blocks.join('; ')}`] : []),
    ...(f.reference === undefined ? [] : [`    see: ${f.reference}`]),
    `    repair: ${f.repair === undefined ? 'none proposed (needs a person)' : f.repair.summary.join('; ')}`
  ].join('\n')
}

const alarming = (d: Diagnosis): ReadonlyArray<Finding> => d.findings.filter((f) => f.severity !== 'info')

const lockLine = (d: Diagnosis): string =>
  `lock: ${d.lock._tag === 'Free' ? 'free' : `${d.lock._tag.toLowerCase()} — ${d.lock.reason}`}`

export const renderDiagnosis = (d: Diagnosis, where: string): string => {
  const count = (s: string) => d.findings.filter((f) => f.severity === s).length
  return [
    `doctor: ${where}`,
    lockLine(d),
    `read ${d.seen.sessions.length} sessions, ${d.seen.bulkRows} bulk-load rows`,
    ...d.skipped.map((s) => `skipped ${s.check}: ${s.reason}`),
    d.findings.length === 0
      ? 'healthy: no findings'
      : `${d.findings.length} finding(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
    ...d.findings.map(renderFinding)
  ].join('\n')
}

const diagnosisJson = (d: Diagnosis, where: string) => ({
  where,
  healthy: alarming(d).length === 0,
  lock: d.lock,
  skipped: d.skipped,
  findings: d.findings.map(findingToJson)
})

export const doctorCommand = async (
  argv: ReadonlyArray<string>,
  io: Io,
  confirm: Confirm = ttyConfirm
): Promise<number> => {
  const split = splitFlags(argv)
  if (typeof split === 'string') throw new UsageError(split)
  const { flags } = split
  if (
    flags.plan ||
    flags.keepLast !== undefined ||
    flags.olderThanDays !== undefined ||
    flags.root !== undefined
  )
    throw new UsageError('--plan, --keep-last, --older-than and --root belong to "expire"')
  if (flags.yes && !flags.fix) throw new UsageError('--yes only goes with --fix')
  const o = parseOptions(split.rest)
  if (typeof o === 'string') throw new UsageError(o)
  const opened = await openTable(o, io, flags)
  try {
    const d = await diagnose(opened.table, opened.options)
    if (!flags.fix) {
      io.out(
        o.json ? JSON.stringify(diagnosisJson(d, opened.where), null, 2) : renderDiagnosis(d, opened.where)
      )
      if (!o.json && d.findings.some((f) => f.repair !== undefined))
        io.out('\nRun again with --fix to repair (the plan is explained first).')
      return alarming(d).length > 0 ? EXIT.violations : EXIT.ok
    }
    // a rollback runs alone and asks for another round; each round is explained and confirmed
    const rounds: Array<{ before: Diagnosis; outcome: RepairOutcome }> = []
    let current = d
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const fixable = current.findings.filter((f) => f.repair !== undefined)
      const plan = await explainRepair(opened.table, fixable)
      if (!o.json)
        io.out(
          `${round === 0 ? renderDiagnosis(current, opened.where) : `Round ${round + 1}:`}\n\nRepair plan (dry run against the table):\n${plan}`
        )
      if (fixable.length === 0) break
      if (!flags.yes) {
        const ok = await confirm(`Apply ${fixable.length} repair(s) to ${opened.where}?`)
        if (ok === undefined) throw new UsageError('--fix needs --yes when there is no terminal to ask on')
        if (!ok) {
          io.out('nothing written')
          return EXIT.violations
        }
      }
      const outcome = await repair(opened.table, fixable)
      rounds.push({ before: current, outcome })
      if (!o.json) {
        io.out(
          ['', 'Changed:', ...outcome.repaired.flatMap((r) => r.changes.map((c) => `  ${c}`))].join('\n')
        )
        if (outcome.stopped !== undefined)
          io.out(`stopped at ${outcome.stopped.kind}: ${outcome.stopped.message}`)
      }
      current = await diagnose(opened.table, opened.options)
      if (!outcome.ok || !outcome.rerun) break
    }
    if (o.json)
      io.out(
        JSON.stringify(
          {
            before: diagnosisJson(d, opened.where),
            repairs: rounds.map((r) => r.outcome),
            after: diagnosisJson(current, opened.where)
          },
          null,
          2
        )
      )
    else if (rounds.length > 0) io.out(`\nAfter repair:\n${renderDiagnosis(current, opened.where)}`)
    if (rounds.some((r) => !r.outcome.ok)) return EXIT.failure
    return alarming(current).length > 0 ? EXIT.violations : EXIT.ok
  } finally {
    await opened.close()
  }
}

const renderPlan = (p: ExpirePlan): string => p.summary.join('\n')

export const expireCommand = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const split = splitFlags(argv)
  if (typeof split === 'string') throw new UsageError(split)
  const { flags } = split
  if (!flags.plan)
    throw new UsageError(
      'expire only plans: give --plan (the plan is a program to review and run with the library)'
    )
  if (flags.keepLast === undefined && flags.olderThanDays === undefined)
    throw new UsageError('give --keep-last N, --older-than DAYS, or both')
  if (flags.fix || flags.yes) throw new UsageError('--fix and --yes belong to "doctor"')
  const o = parseOptions(split.rest)
  if (typeof o === 'string') throw new UsageError(o)
  const opened = await openTable(o, io, flags)
  try {
    const plan = await planExpire(opened.table, {
      ...(flags.keepLast === undefined ? {} : { keepLast: flags.keepLast }),
      ...(flags.olderThanDays === undefined ? {} : { olderThan: flags.olderThanDays * 86_400_000 }),
      ...(flags.root === undefined ? {} : { root: flags.root }),
      ...(opened.options.now === undefined ? {} : { now: opened.options.now })
    })
    const text = (await explain(plan.program, { tables: opened.table.tables, store: opened.table.store }))
      .text
    if (o.json)
      io.out(
        JSON.stringify(
          { where: opened.where, roots: plan.roots, summary: plan.summary, program: text },
          null,
          2
        )
      )
    else
      io.out(`expire plan for ${opened.where} (nothing written):\n${renderPlan(plan)}\n\nProgram:\n${text}`)
    return EXIT.ok
  } finally {
    await opened.close()
  }
}

/** The two commands' entry from `main`: help, usage errors (2) and failures (3). */
export const doctorMain = async (
  command: 'doctor' | 'expire',
  argv: ReadonlyArray<string>,
  io: Io,
  confirm: Confirm = ttyConfirm
): Promise<number> => {
  const usage = command === 'doctor' ? doctorUsage : expireUsage
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage)
    return EXIT.ok
  }
  return withExitCodes(command, usage, io, () =>
    command === 'doctor' ? doctorCommand(argv, io, confirm) : expireCommand(argv, io)
  )
}
