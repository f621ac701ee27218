/**
 * The text face of a run: the summary a person reads after `simulate`, and the decoded table
 * `inspect` prints. Plain text, aligned columns, no colour codes (it goes to logs as often as to a
 * terminal).
 */
import type { FinalState, Summary } from './summary.js'
import { faultCount } from './summary.js'

const OUTCOMES = ['Completed', 'Failed', 'Rejected', 'Crashed'] as const

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length))
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s)

export const duration = (ms: number): string => {
  if (ms < 1_000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`
  const m = Math.floor(ms / 60_000)
  return m < 60 ? `${m} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(m / 60)} h ${m % 60} min`
}

const iso = (ms: number): string => (ms > 0 ? new Date(ms).toISOString().replace('.000Z', 'Z') : '-')

export const renderState = (f: FinalState, table: string, all: boolean): ReadonlyArray<string> => {
  const states = Object.entries(f.sessionsByState)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')
  const shown = all ? f.sessions : f.sessions.slice(0, 8)
  return [
    `System table ${table}`,
    `  lock: ${f.lock}    snapshot_backup_system: ${f.snapshot}    delete marker: ${f.deleteMarker.join(',') || 'none'}    merge marker: ${f.mergeMarker.join(',') || 'none'}`,
    `  sessions: ${f.sessions.length}${states === '' ? '' : ` (${states})`}${shown.length < f.sessions.length ? `, newest ${shown.length}:` : ''}`,
    ...shown.map(
      (s) =>
        `    ${pad(s.backupId, 21)} ${pad(s.type, 11)} ${pad(s.state, 8)} ${pad(s.phase, 19)} ${pad(s.tables.join(','), 18)} ${iso(s.startTs)}${s.failedMessage === undefined ? '' : `  ${s.failedMessage.split('\n')[0] ?? ''}`}`
    ),
    `  incremental set: ${f.incrementalSet.join(', ') || 'empty'}    start code: ${f.startCode ?? 'none'}    WAL rows: ${f.walFiles}    bulk-load rows: ${f.bulkLoadRows}`,
    `  region servers' last log roll: ${
      Object.entries(f.serverLogRolls)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'none'
    }`,
    `  tables' log-roll map: ${
      Object.entries(f.tableLogRolls)
        .map(([t, m]) => `${t}{${Object.values(m).join(',')}}`)
        .join(' ') || 'none'
    }`,
    ...(f.backupSets.length > 0 ? [`  backup sets: ${f.backupSets.join(', ')}`] : []),
    f.problems.length === 0
      ? '  clean: lock free, no snapshot, no RUNNING session, no marker'
      : `  needs repair: ${f.problems.join('; ')}`
  ]
}

/** `faithfulCommand`: the command line that reruns this history in faithful mode, as it was started. */
export const renderSummary = (
  s: Summary,
  table: string,
  faithfulCommand = 'hbase-backup-meta simulate --mode faithful'
): string => {
  const c = s.config
  const kinds = Object.keys(s.byKind).sort()
  const lines = [
    `hbase-backup-meta simulate: seed ${c.seed}, ${s.operations} operations, mode ${c.mode}, ${c.tables} tables, ${c.servers} region servers, store ${s.store}`,
    `ran in ${duration(s.wallMs)} (${s.operationsPerSecond} operations/s, ${s.storeOperations} system-table calls); virtual time ${duration(s.virtualMs)}`,
    '',
    `${pad('Operations', 16)}${OUTCOMES.map((o) => lpad(o.toLowerCase(), 11)).join('')}`,
    ...kinds.map(
      (k) => `  ${pad(k, 14)}${OUTCOMES.map((o) => lpad(String(s.byKind[k]?.[o] ?? 0), 11)).join('')}`
    ),
    `Faults injected: ${faultCount(s)} (${Object.entries(s.faults)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
    ''
  ]
  if (s.violations.length === 0)
    lines.push(`Invariants: all ${s.invariantsChecked} held after every operation.`)
  else {
    lines.push(
      `Invariant violations: ${s.violations.reduce((a, v) => a + v.count, 0)} (${s.violations.length} invariants)`
    )
    for (const v of s.violations) {
      lines.push(`  ✗ ${v.invariant} ×${v.count}: ${v.doc}`)
      lines.push(`    first after operation #${v.first.opIndex + 1} \`${v.first.op}\`: ${v.first.message}`)
      if (v.minimalScenario !== undefined) {
        lines.push('    minimal scenario (save it and replay with --scenario FILE):')
        for (const l of v.minimalScenario.split('\n')) if (!l.startsWith('#')) lines.push(`      ${l}`)
      }
    }
  }
  lines.push('', ...renderState(s.final, table, false))
  if (c.mode === 'hardened' && s.violations.length === 0)
    lines.push(
      '',
      `Try --mode faithful (${faithfulCommand}) to run the 2017 Java flows on the same history and see which invariants they break.`
    )
  return lines.join('\n')
}
