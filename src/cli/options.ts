/**
 * Command-line options of `simulate` and `inspect`, parsed with `node:util`'s `parseArgs` and
 * checked into one record; a problem is a message (the caller prints it with the usage and exits 2).
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
  readonly help: boolean
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
  help: { type: 'boolean', short: 'h' }
} as const

const int = (name: string, v: string | undefined, dflt: number, lo: number, hi: number): number | string => {
  if (v === undefined) return dflt
  if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
    return `--${name} must be an integer from ${lo} to ${hi}, not "${v}"`
  return Number(v)
}

export const parseOptions = (args: ReadonlyArray<string>): RunOptions | string => {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: spec, allowPositionals: false, strict: true })
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  const v = parsed.values
  const seed = int('seed', v.seed, 1, 0, 2 ** 32 - 1)
  const ops = int('ops', v.ops, 200, 0, 1_000_000)
  const tables = int('tables', v.tables, 3, 1, 8)
  const servers = int('servers', v.servers, 2, 1, 64)
  const faultRate = v['fault-rate'] === undefined ? 0.2 : Number(v['fault-rate'])
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
    help: v.help ?? false
  }
}
