import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { bar, progress } from '../../src/cli/progress.js'
import type { Summary } from '../../src/cli/summary.js'

interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
  readonly progress: string
}

const run = async (args: ReadonlyArray<string>, files: Record<string, string> = {}): Promise<Run> => {
  const out: Array<string> = []
  const err: Array<string> = []
  const bars: Array<string> = []
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    progressStream: { isTTY: false, write: (s) => bars.push(s) },
    readFile: (p) =>
      p in files ? Promise.resolve(files[p] ?? '') : Promise.reject(new Error(`ENOENT: ${p}`)),
    writeFile: (p, t) => {
      files[p] = t
      return Promise.resolve()
    },
    now: () => performance.now()
  }
  const code = await main(args, io)
  return { code, out: out.join('\n'), err: err.join('\n'), progress: bars.join('') }
}

describe('hbase-backup-meta: arguments and exit codes', () => {
  it('--help prints the commands and exits 0; no command is a usage error (2)', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/simulate/)
    expect(help.out).toMatch(/inspect/)
    expect((await run([])).code).toBe(2)
  })

  it('each command has its --help', async () => {
    const s = await run(['simulate', '--help'])
    expect(s.code).toBe(0)
    for (const o of [
      '--seed',
      '--ops',
      '--tables',
      '--servers',
      '--fault-rate',
      '--mode',
      '--store',
      '--json',
      '--report'
    ])
      expect(s.out).toContain(o)
    expect((await run(['inspect', '-h'])).out).toMatch(/decoded/)
  })

  it('bad input is exit 2 with the reason and the usage on stderr', async () => {
    for (const args of [
      ['frobnicate'],
      ['simulate', '--mode', 'sideways'],
      ['simulate', '--ops', '-3'],
      ['simulate', '--fault-rate', '2'],
      ['simulate', '--store', 'mysql://x'],
      ['simulate', '--bogus'],
      ['simulate', '--named', 'no-such-scenario'],
      ['simulate', '--scenario', 'missing.txt', '--named', 'delete-leaks-lock']
    ]) {
      const r = await run(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err.length, args.join(' ')).toBeGreaterThan(10)
      expect(r.out).toBe('')
    }
  })

  it('an unreadable scenario file or an unreachable HBase is exit 3', async () => {
    expect((await run(['simulate', '--scenario', 'missing.txt'])).code).toBe(3)
    const hbase = await run(['inspect', '--store', 'hbase://127.0.0.1:1'])
    expect(hbase.code).toBe(3)
    expect(hbase.err).toMatch(/hbase:\/\/127\.0\.0\.1:1/)
  }, 30_000)
})

describe('simulate', () => {
  it('prints a readable summary and exits 0 when every invariant holds (hardened)', async () => {
    const r = await run(['simulate', '--ops', '60', '--seed', '3'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^hbase-backup-meta simulate: seed 3, 60 operations, mode hardened/)
    expect(r.out).toMatch(/Operations +completed +failed +rejected +crashed/)
    expect(r.out).toMatch(/Invariants: all \d+ held after every operation/)
    expect(r.out).toMatch(/System table backup:system/)
    expect(r.out).toMatch(/lock: (free|absent)/)
  })

  it('exits 1 and prints each violation with its minimal scenario (faithful)', async () => {
    const r = await run(['simulate', '--named', 'delete-leaks-lock', '--mode', 'faithful'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/✗ lock-released/)
    expect(r.out).toMatch(/minimal scenario/)
    expect(r.out).toMatch(/delete #0 x1 ! throw@4/)
  })

  it('--json has the documented shape', async () => {
    const r = await run([
      'simulate',
      '--ops',
      '80',
      '--seed',
      '2',
      '--mode',
      'faithful',
      '--fault-rate',
      '0.5',
      '--json'
    ])
    expect([0, 1]).toContain(r.code)
    const s = JSON.parse(r.out) as Summary
    expect(s.config).toEqual({ seed: 2, mode: 'faithful', tables: 3, servers: 2 })
    expect(s.operations).toBe(80)
    expect(typeof s.wallMs).toBe('number')
    expect(s.operationsPerSecond).toBeGreaterThan(0)
    expect(s.storeOperations).toBeGreaterThan(100)
    expect(Object.keys(s.byKind)).toEqual(expect.arrayContaining(['full', 'incremental']))
    for (const outcomes of Object.values(s.byKind))
      for (const k of Object.keys(outcomes))
        expect(['Completed', 'Failed', 'Rejected', 'Crashed']).toContain(k)
    expect(Object.keys(s.faults)).toEqual(['throw', 'crash', 'throw+handler'])
    expect([typeof s.final.lock, typeof s.final.snapshot, Array.isArray(s.final.sessions)]).toEqual([
      'string',
      'string',
      true
    ])
    expect(r.code).toBe(s.violations.length > 0 ? 1 : 0)
    for (const v of s.violations) {
      expect([typeof v.invariant, typeof v.doc, typeof v.count]).toEqual(['string', 'string', 'number'])
      expect([typeof v.first.opIndex, typeof v.first.op, typeof v.first.message]).toEqual([
        'number',
        'string',
        'string'
      ])
      expect(v.minimalScenario).toMatch(/^# hbase-backup-meta scenario/)
    }
  })

  it('a printed minimal scenario replays with --scenario to the same violation', async () => {
    const first = await run([
      'simulate',
      '--named',
      'repair-cannot-clear-bare-lock',
      '--mode',
      'faithful',
      '--json'
    ])
    const minimal = (JSON.parse(first.out) as Summary).violations[0]?.minimalScenario ?? ''
    const again = await run(['simulate', '--scenario', 'min.txt', '--json', '--no-shrink'], {
      'min.txt': minimal
    })
    expect(again.code).toBe(1)
    expect((JSON.parse(again.out) as Summary).violations.map((v) => v.invariant)).toContain(
      'repair-leaves-clean'
    )
  })

  it('is deterministic: the same seed gives the same summary', async () => {
    const strip = (s: string) =>
      JSON.stringify({ ...(JSON.parse(s) as Summary), wallMs: 0, operationsPerSecond: 0 })
    const a = await run(['simulate', '--ops', '40', '--seed', '8', '--json'])
    const b = await run(['simulate', '--ops', '40', '--seed', '8', '--json'])
    expect(strip(a.out)).toBe(strip(b.out))
  })

  it('--report writes a self-contained HTML file', async () => {
    const files: Record<string, string> = {}
    const r = await run(['simulate', '--ops', '30', '--report', 'r.html'], files)
    expect(r.out).toMatch(/HTML report written to r.html/)
    const html = files['r.html'] ?? ''
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<canvas id="main"')
    expect(html).toContain('<script type="application/json" id="data">')
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/)
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//)
  })

  it('`scenarios` lists the catalogue', async () => {
    const r = await run(['scenarios'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/stale-snapshot-restored/)
  })
})

describe('inspect', () => {
  it('prints the decoded table of a simulation’s store, raw rows on request', async () => {
    const r = await run(['inspect', '--ops', '30', '--seed', '4', '--raw'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/root hdfs:\/\/sim\/backup/)
    expect(r.out).toMatch(/sessions: \d+/)
    expect(r.out).toMatch(/Rows of backup:system:/)
    expect(r.out).toMatch(/activesession:\n\s+session:c = (no|yes)/)
  })

  it('--json gives one view per backup root', async () => {
    const r = await run(['inspect', '--ops', '20', '--json'])
    const j = JSON.parse(r.out) as { table: string; roots: ReadonlyArray<{ root: string }> }
    expect(j.table).toBe('backup:system')
    expect(j.roots.map((x) => x.root)).toEqual(['hdfs://sim/backup'])
  })
})

describe('progress bar', () => {
  it('stays silent for the first second and off a terminal, then draws and clears', () => {
    let t = 0
    const written: Array<string> = []
    const p = progress({ isTTY: true, write: (s) => written.push(s) }, () => t)
    p.tick(1, 10)
    expect(written).toEqual([])
    t = 1500
    p.tick(5, 10)
    expect(written[0]).toContain(bar(5, 10))
    p.end()
    expect(written[written.length - 1]).toContain('\u001b[2K')
    const silent: Array<string> = []
    const q = progress({ isTTY: false, write: (s) => silent.push(s) }, () => 5000)
    q.tick(5, 10)
    q.end()
    expect(silent).toEqual([])
  })
})

describe('the installed command', () => {
  const bin = join(import.meta.dirname, '..', '..', 'scripts', 'hbase-backup-meta')

  it('runs from a clone without a build, with the CLI’s exit codes', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/Usage: hbase-backup-meta/)
    const bad = spawnSync(process.execPath, [bin, 'simulate', '--mode', 'bogus'], { encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--mode/)
  }, 60_000)

  it('simulate writes its report to disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbm-'))
    const out = join(dir, 'r.html')
    const r = spawnSync(process.execPath, [bin, 'simulate', '--ops', '20', '--report', out], {
      encoding: 'utf8'
    })
    expect(r.status).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/<canvas id="main"/)
    writeFileSync(join(dir, 'done'), '')
  }, 60_000)
})
