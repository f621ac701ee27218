/**
 * Command-line options of `simulate` and `inspect`, parsed with `node:util`'s `parseArgs` and
 * checked into one record; a problem is a message (the caller prints it with the usage and exits 2).
 * Before `parseArgs` sees them, the arguments are checked against the option names here, so an
 * unknown flag gets the nearest known one, and a value that starts with a dash (`--ops -5`) reaches
 * the range check instead of `parseArgs`'s "ambiguous argument" text.
 */
import { parseArgs } from 'node:util'
import type { Mode } from '../simulator/flows/types.js'
import type { StoreSpec } from './stores.js'
import { parseStore } from './stores.js'

export interface RunOptions {
  readonly seed: number
  readonly ops: number
  readonly tables: number
  readonly servers: number
  readonly faultRate: number
  readonly mode: Mode
  readonly store: StoreSpec
  readonly table: string | undefined
  readonly json: boolean
  readonly report: string | undefined
  readonly scenario: string | undefined
  readonly named: string | undefined
  readonly shrink: boolean
  readonly raw: boolean
  /** simulate: diagnose the table after every operation; the report draws the findings as a lane. */
  readonly doctor: boolean
  readonly help: boolean
  /** The arguments as given, for hints that show a command line to run next. */
  readonly args: ReadonlyArray<string>
}

const spec = {
  seed: { type: 'string' },
  ops: { type: 'string' },
  tables: { type: 'string' },
  servers: { type: 'string' },
  'fault-rate': { type: 'string' },
  mode: { type: 'string' },
  store: { type: 'string' },
  table: { type: 'string' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  scenario: { type: 'string' },
  named: { type: 'string' },
  'no-shrink': { type: 'boolean' },
  raw: { type: 'boolean' },
  doctor: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

type Spec = typeof spec
type Name = keyof Spec

const names = Object.keys(spec) as ReadonlyArray<Name>
const isName = (s: string): s is Name => (names as ReadonlyArray<string>).includes(s)

/** Edit distance, for "did you mean". */
const distance = (a: string, b: string): number => {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next.push(
        Math.min(
          (row[j] ?? 0) + 1,
          (next[j - 1] ?? 0) + 1,
          (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
        )
      )
    row = next
  }
  return row[b.length] ?? 0
}

/** Letters of `short` appear in `long` in order, starting at its first: `ops` in `operations`. */
const abbreviates = (short: string, long: string): boolean => {
  if (short.length < 2 || short[0] !== long[0]) return false
  let i = 0
  for (const ch of long) if (ch === short[i]) i++
  return i === short.length
}

/** The candidate nearest to an unknown word, if any is near enough to be what was meant. */
export const nearest = (given: string, candidates: ReadonlyArray<string>): string | undefined =>
  candidates
    .map((n) => ({ n, d: distance(given, n) }))
    .filter(
      ({ n, d }) =>
        d <= Math.max(1, Math.floor(n.length / 3)) || abbreviates(n, given) || abbreviates(given, n)
    )
    .sort((a, b) => a.d - b.d)[0]?.n

/** The known option nearest to an unknown one. */
export const nearestOption = (given: string): string | undefined => nearest(given, names)

/**
 * Our own first pass: unknown `--names` (with a suggestion), a string option without a value, and
 * every string option's value joined as `--name=value`, which `parseArgs` takes whatever it starts with.
 */
const normalize = (args: ReadonlyArray<string>): ReadonlyArray<string> | string => {
  const out: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    if (!a.startsWith('--') || a === '--') {
      if (a === '-h' || !a.startsWith('-')) out.push(a)
      else return `unknown option "${a}"`
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(2, eq < 0 ? undefined : eq)
    if (!isName(name)) {
      const near = nearestOption(name)
      return `unknown option "--${name}"${near === undefined ? '' : `; did you mean --${near}?`}`
    }
    if (spec[name].type === 'boolean') {
      if (eq >= 0) return `--${name} takes no value`
      out.push(a)
    } else if (eq >= 0) out.push(a)
    else {
      const value = args[i + 1]
      if (value === undefined || (value.startsWith('--') && isName(value.slice(2).split('=')[0] ?? '')))
        return `--${name} needs a value`
      out.push(`--${name}=${value}`)
      i++
    }
  }
  return out
}

const int = (name: string, v: string | undefined, dflt: number, lo: number, hi: number): number | string => {
  if (v === undefined) return dflt
  if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
    return `--${name} must be a whole number from ${lo} to ${hi}, not "${v}"`
  return Number(v)
}

export const parseOptions = (args: ReadonlyArray<string>): RunOptions | string => {
  const normalized = normalize(args)
  if (typeof normalized === 'string') return normalized
  const positional = normalized.find((a) => !a.startsWith('-'))
  if (positional !== undefined) return `unexpected argument "${positional}" (options start with --)`
  let parsed
  try {
    parsed = parseArgs({ args: [...normalized], options: spec, allowPositionals: false, strict: true })
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  const v = parsed.values
  const seed = int('seed', v.seed, 1, 0, 2 ** 32 - 1)
  const ops = int('ops', v.ops, 200, 0, 1_000_000)
  const tables = int('tables', v.tables, 3, 1, 8)
  const servers = int('servers', v.servers, 2, 1, 64)
  const faultRate =
    v['fault-rate'] === undefined ? 0.2 : v['fault-rate'].trim() === '' ? NaN : Number(v['fault-rate'])
  const store = parseStore(v.store ?? 'memory')
  const mode = v.mode ?? 'hardened'
  for (const x of [seed, ops, tables, servers, store]) if (typeof x === 'string') return x
  if (!(faultRate >= 0 && faultRate <= 1))
    return `--fault-rate must be a number from 0 to 1, not "${v['fault-rate']}"`
  if (mode !== 'faithful' && mode !== 'hardened')
    return `--mode must be "faithful" or "hardened", not "${mode}"`
  if (v.scenario !== undefined && v.named !== undefined)
    return '--scenario and --named cannot be used together'
  return {
    seed: seed as number,
    ops: ops as number,
    tables: tables as number,
    servers: servers as number,
    faultRate,
    mode,
    store: store as StoreSpec,
    table: v.table,
    json: v.json ?? false,
    report: v.report,
    scenario: v.scenario,
    named: v.named,
    shrink: !(v['no-shrink'] ?? false),
    raw: v.raw ?? false,
    doctor: v.doctor ?? false,
    help: v.help ?? false,
    args: [...args]
  }
}
