/**
 * A history as data: the simulation's configuration and its operations, printable as a small
 * text format that parses back exactly, so a failing history can be read, saved and replayed
 * (`hbase-backup-meta simulate --scenario FILE`).
 *
 *   # comment
 *   config seed=7 mode=faithful tables=3 servers=2
 *   full t1,t2 ! throw@5          a full backup of t1 and t2, exception at step 5
 *   incremental ! crash@9         an incremental backup of the incremental set, crash after step 9
 *   delete #0 x2                  delete 2 sessions from the oldest (index taken modulo the count)
 *   merge #1 x2                   merge 2 consecutive COMPLETE incrementals from the 2nd
 *   repair ! throw@3/handler@1
 *   bulkload t2 x3                a region server bulk-loads 3 HFiles into t2
 *   traffic 60000                 a minute of writes; some WALs roll
 *   stale-snapshot                a dead tool leaves snapshot_backup_system behind
 *   race { full t1 | merge #0 x2 } clients run concurrently, interleaved at step boundaries
 *
 * Sessions are picked by position, not id, so every sub-history of a history is valid: that is
 * what lets a failing history shrink.
 */
import type { Fault } from './Fault.js'
import * as F from './Fault.js'
import type { Mode } from './flows/types.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export type ClientOp =
  | { readonly _tag: 'Full'; readonly tables: ReadonlyArray<string>; readonly fault?: Fault }
  | { readonly _tag: 'Incremental'; readonly fault?: Fault }
  | { readonly _tag: 'Delete'; readonly pick: number; readonly count: number; readonly fault?: Fault }
  | { readonly _tag: 'Merge'; readonly pick: number; readonly count: number; readonly fault?: Fault }
  | { readonly _tag: 'Repair'; readonly fault?: Fault }
  | { readonly _tag: 'BulkLoad'; readonly table: string; readonly files: number }

export type Op =
  | ClientOp
  | { readonly _tag: 'Traffic'; readonly ms: number }
  | { readonly _tag: 'StaleSnapshot' }
  | { readonly _tag: 'Race'; readonly clients: ReadonlyArray<ClientOp> }

export interface Config {
  readonly seed: number
  readonly mode: Mode
  readonly tables: number
  readonly servers: number
}

export interface Scenario {
  readonly config: Config
  readonly ops: ReadonlyArray<Op>
}

export type OpKind =
  'full' | 'incremental' | 'delete' | 'merge' | 'repair' | 'bulkload' | 'traffic' | 'stale-snapshot' | 'race'

export const kindOf = (op: Op): OpKind =>
  op._tag === 'StaleSnapshot' ? 'stale-snapshot' : (op._tag.toLowerCase() as OpKind)

export const faultOf = (op: Op): Fault | undefined => ('fault' in op ? op.fault : undefined)

/** The same operation without its fault. */
export const withoutFault = (op: Op): Op => {
  if (!('fault' in op) || op.fault === undefined) return op
  const { fault: _f, ...rest } = op
  return rest
}

// -------------------------------------------------------------------------------------------------
// printing
// -------------------------------------------------------------------------------------------------

const suffix = (op: Op): string => {
  const f = faultOf(op)
  return f === undefined ? '' : ` ! ${F.show(f)}`
}

export const showOp = (op: Op): string => {
  switch (op._tag) {
    case 'Full':
      return `full ${op.tables.join(',')}${suffix(op)}`
    case 'Incremental':
      return `incremental${suffix(op)}`
    case 'Delete':
      return `delete #${op.pick} x${op.count}${suffix(op)}`
    case 'Merge':
      return `merge #${op.pick} x${op.count}${suffix(op)}`
    case 'Repair':
      return `repair${suffix(op)}`
    case 'BulkLoad':
      return `bulkload ${op.table} x${op.files}`
    case 'Traffic':
      return `traffic ${op.ms}`
    case 'StaleSnapshot':
      return 'stale-snapshot'
    case 'Race':
      return `race { ${op.clients.map(showOp).join(' | ')} }`
  }
}

export const showConfig = (c: Config): string =>
  `config seed=${c.seed} mode=${c.mode} tables=${c.tables} servers=${c.servers}`

export const show = (s: Scenario): string =>
  [
    '# hbase-backup-meta scenario; replay: hbase-backup-meta simulate --scenario FILE',
    showConfig(s.config),
    ...s.ops.map(showOp)
  ].join('\n')

// -------------------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------------------

export type ParseResult<A> =
  { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: string }

const ok = <A>(value: A): ParseResult<A> => ({ ok: true, value })
const err = <A>(error: string): ParseResult<A> => ({ ok: false, error })

const withFault = <A extends object>(a: A, f: Fault | undefined): A =>
  f === undefined ? a : { ...a, fault: f }

export const parseOp = (line: string): ParseResult<Op> => {
  const race = /^race\s*\{(.*)\}$/.exec(line.trim())
  if (race !== null) {
    const parts = (race[1] ?? '').split('|').map((p) => parseOp(p.trim()))
    const bad = parts.find((p) => !p.ok)
    if (bad !== undefined && !bad.ok) return err(bad.error)
    const clients = parts.flatMap((p) => (p.ok ? [p.value] : []))
    if (clients.some((c) => ['Race', 'Traffic', 'StaleSnapshot'].includes(c._tag)))
      return err(`a race holds client operations only: ${line}`)
    return ok({ _tag: 'Race', clients: clients as ReadonlyArray<ClientOp> })
  }
  const [body = '', faultText] = line.split('!').map((x) => x.trim())
  const fault = faultText === undefined ? undefined : F.parse(faultText)
  if (faultText !== undefined && fault === undefined) return err(`bad fault "${faultText}" in: ${line}`)
  const words = body.split(/\s+/).filter((w) => w.length > 0)
  const [verb, a1, a2] = words
  const pick = /^#(\d+)$/.exec(a1 ?? '')
  const times = /^x(\d+)$/.exec(a2 ?? a1 ?? '')
  switch (verb) {
    case 'full':
      return a1 === undefined
        ? err(`full needs tables: ${line}`)
        : ok(withFault({ _tag: 'Full', tables: a1.split(',') }, fault))
    case 'incremental':
      return ok(withFault({ _tag: 'Incremental' }, fault))
    case 'delete':
    case 'merge':
      if (pick === null || times === null) return err(`${verb} needs "#index xCount": ${line}`)
      return ok(
        withFault(
          { _tag: verb === 'delete' ? 'Delete' : 'Merge', pick: Number(pick[1]), count: Number(times[1]) },
          fault
        )
      )
    case 'repair':
      return ok(withFault({ _tag: 'Repair' }, fault))
    case 'bulkload':
      if (a1 === undefined || times === null) return err(`bulkload needs "TABLE xFiles": ${line}`)
      return ok({ _tag: 'BulkLoad', table: a1, files: Number(times[1]) })
    case 'traffic':
      return a1 !== undefined && /^\d+$/.test(a1)
        ? ok({ _tag: 'Traffic', ms: Number(a1) })
        : err(`traffic needs ms: ${line}`)
    case 'stale-snapshot':
      return ok({ _tag: 'StaleSnapshot' })
    default:
      return err(`unknown operation: ${line}`)
  }
}

export const defaultConfig: Config = { seed: 1, mode: 'hardened', tables: 3, servers: 2 }

export const parse = (text: string, defaults: Config = defaultConfig): ParseResult<Scenario> => {
  let config = defaults
  const ops: Array<Op> = []
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (line.length === 0 || line.startsWith('#')) continue
    if (line.startsWith('config')) {
      for (const [, k, v] of line.matchAll(/(\w+)=(\S+)/g)) {
        if (k === 'mode' && (v === 'faithful' || v === 'hardened')) config = { ...config, mode: v }
        else if ((k === 'seed' || k === 'tables' || k === 'servers') && /^\d+$/.test(v ?? ''))
          config = { ...config, [k]: Number(v) }
        else return err(`line ${i + 1}: bad config "${k}=${v}"`)
      }
      continue
    }
    const op = parseOp(line)
    if (!op.ok) return err(`line ${i + 1}: ${op.error}`)
    ops.push(op.value)
  }
  return ok({ config, ops })
}
