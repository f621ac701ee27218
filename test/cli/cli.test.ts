import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Io, StartedAs } from '../../src/cli/io.js'
import { processIo, startedAs as startedAsFrom } from '../../src/cli/io.js'
import { nearestOption } from '../../src/cli/options.js'
import { parseStore } from '../../src/cli/stores.js'
import { main } from '../../src/cli/main.js'
import { bar, progress } from '../../src/cli/progress.js'
import type { Summary } from '../../src/cli/summary.js'

interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
  readonly progress: string
}

const run = async (
  args: ReadonlyArray<string>,
  files: Record<string, string> = {},
  startedAs?: StartedAs
): Promise<Run> => {
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
    checkWritable: (p) =>
      Promise.resolve(p.startsWith('/no-such-dir/') ? 'the folder /no-such-dir does not exist' : undefined),
    now: () => performance.now(),
    ...(startedAs === undefined ? {} : { startedAs })
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

  it('--doctor puts the findings after every operation on the report: a leaked lock is found where it leaks', async () => {
    const embedded = (html: string) =>
      JSON.parse(
        /<script type="application\/json" id="data">([\s\S]*?)<\/script>/
          .exec(html)?.[1]
          ?.replaceAll('\\u003c', '<') ?? '{}'
      ) as {
        ops: ReadonlyArray<{ findings?: ReadonlyArray<{ kind: string; severity: string }>; lock: string }>
      }
    const files: Record<string, string> = {}
    const r = await run(
      [
        'simulate',
        '--named',
        'delete-leaks-lock',
        '--mode',
        'faithful',
        '--doctor',
        '--report',
        'd.html',
        '--no-shrink'
      ],
      files
    )
    expect(r.out).toMatch(/HTML report written to d.html/)
    const ops = embedded(files['d.html'] ?? '').ops
    expect(ops.length).toBeGreaterThan(0)
    expect(ops.every((o) => Array.isArray(o.findings))).toBe(true)
    // wherever the run left the lock held with nobody working, the doctor said so
    const leaked = ops.filter((o) => o.lock === 'held')
    expect(leaked.length).toBeGreaterThan(0)
    for (const o of leaked) expect((o.findings ?? []).map((f) => f.kind).join(' ')).toMatch(/lock/i)
    const plain: Record<string, string> = {}
    await run(
      ['simulate', '--named', 'delete-leaks-lock', '--mode', 'faithful', '--report', 'p.html', '--no-shrink'],
      plain
    )
    expect(embedded(plain['p.html'] ?? '').ops.some((o) => o.findings !== undefined)).toBe(false)
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

describe('the bin shim', () => {
  // the installed package's bin is run by test/install/install.test.ts; here, an unbuilt clone
  it('runs only built JavaScript: without dist/ it says how to build, exit 3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbm-shim-'))
    mkdirSync(join(dir, 'scripts'))
    copyFileSync(
      join(import.meta.dirname, '..', '..', 'scripts', 'hbase-backup-meta'),
      join(dir, 'scripts', 'bin')
    )
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'bin'), '--help'], { encoding: 'utf8' })
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/dist\/cli\/main\.js is missing.*npm run build/)
    expect(r.stderr).not.toMatch(/tsx/)
  })
})

describe('the command line as users meet it', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string
    }
    expect(await run(['--version'])).toMatchObject({ code: 0, out: pkg.version })
  })

  it('scenarios --help is its usage; scenarios --json is the catalogue; other flags are usage errors', async () => {
    const help = await run(['scenarios', '--help'])
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^Usage: hbase-backup-meta scenarios/)
    const json = JSON.parse((await run(['scenarios', '--json'])).out) as ReadonlyArray<{ name: string }>
    expect(json.map((n) => n.name)).toContain('delete-leaks-lock')
    const bad = await run(['scenarios', '--bogus'])
    expect([bad.code, bad.out]).toEqual([2, ''])
    expect(bad.err).toMatch(/--bogus/)
  })

  it('a bad number gets the CLI’s own message, not parseArgs’s, in both spellings', async () => {
    for (const args of [['--ops', '-5'], ['--ops=-5']]) {
      const r = await run(['simulate', ...args])
      expect(r.code).toBe(2)
      expect(r.err.split('\n')[0]).toBe('--ops must be a whole number from 0 to 1000000, not "-5"')
    }
    expect((await run(['simulate', '--seed', '1.5'])).err).toMatch(/^--seed must be a whole number/)
    expect((await run(['simulate', '--fault-rate', ''])).err).toMatch(/^--fault-rate must be a number/)
    expect((await run(['simulate', '--ops'])).err).toMatch(/^--ops needs a value/)
    expect((await run(['simulate', '--json=yes'])).err).toMatch(/^--json takes no value/)
    expect((await run(['simulate', 'extra'])).err).toMatch(/^unexpected argument "extra"/)
  })

  it('an unknown flag names the nearest known one', async () => {
    expect((await run(['simulate', '--operations', '5'])).err).toMatch(
      /^unknown option "--operations"; did you mean --ops\?/
    )
    expect(nearestOption('sed')).toBe('seed')
    expect(nearestOption('tabels')).toBe('tables')
    expect(nearestOption('faultrate')).toBe('fault-rate')
    expect(nearestOption('report-file')).toBe('report')
    expect(nearestOption('zzzzzz')).toBeUndefined()
    expect((await run(['inspect', '--zzzzzz'])).err).toMatch(/^unknown option "--zzzzzz"\n/)
    expect((await run(['simulat'])).err).toMatch(/^unknown command "simulat"; did you mean simulate\?/)
    expect((await run(['frobnicate'])).err).toMatch(/^unknown command "frobnicate"\n/)
  })

  it('--report is checked before the run: nothing runs when it cannot be written', async () => {
    const r = await run(['simulate', '--ops', '100000', '--report', '/no-such-dir/r.html'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^--report \/no-such-dir\/r\.html: the folder \/no-such-dir does not exist/)
    expect([r.out, r.progress]).toEqual(['', ''])
  })

  it('the real writability check: a file in a folder is fine; a missing folder or a folder is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbm-w-'))
    const check = processIo.checkWritable
    if (check === undefined) throw new Error('processIo has no checkWritable')
    expect(await check(join(dir, 'r.html'))).toBeUndefined()
    writeFileSync(join(dir, 'old.html'), '')
    expect(await check(join(dir, 'old.html'))).toBeUndefined()
    expect(await check(join(dir, 'missing', 'r.html'))).toMatch(/does not exist/)
    expect(await check(dir)).toMatch(/is a directory/)
  })

  it('the "Try --mode faithful" hint is the command as it was started, with the same options', async () => {
    const args = ['simulate', '--ops', '30', '--seed', '5']
    expect((await run(args)).out).toContain('(hbase-backup-meta simulate --ops 30 --seed 5 --mode faithful)')
    const npx = await run(
      [...args, '--mode', 'hardened'],
      {},
      { prefix: 'npx hbase-backup-meta', namesCommand: false }
    )
    expect(npx.out).toContain('(npx hbase-backup-meta simulate --ops 30 --seed 5 --mode faithful)')
    const start = await run(
      args,
      {},
      startedAsFrom('hbase-backup-meta', {
        npm_package_name: 'hbase-backup-meta',
        npm_lifecycle_event: 'start'
      })
    )
    expect(start.out).toContain('(npm start -- --ops 30 --seed 5 --mode faithful)')
    expect(startedAsFrom('hbase-backup-meta', { npm_command: 'exec' }).prefix).toBe('npx hbase-backup-meta')
    // someone else's package's `npm start` that calls our bin
    expect(
      startedAsFrom('hbase-backup-meta', { npm_package_name: 'app', npm_lifecycle_event: 'start' }).prefix
    ).toBe('hbase-backup-meta')
  })

  it('inspect without --store says it inspects a simulated table, on stderr', async () => {
    const r = await run(['inspect', '--ops', '10', '--json'])
    expect(r.code).toBe(0)
    expect(r.err).toMatch(
      /^inspect: reading the system table of a simulated run \(seed 1, 10 operations, mode hardened, in memory\); give --store hbase:\/\/host:port/
    )
    expect(() => JSON.parse(r.out) as unknown).not.toThrow()
  })

  it('--store takes transport, protocol and timeoutMs, checked up front', async () => {
    expect(parseStore('hbase://gw.example:9090?transport=framed&protocol=compact&timeoutMs=5000')).toEqual({
      _tag: 'HBase',
      host: 'gw.example',
      port: 9090,
      transport: 'framed',
      protocol: 'compact',
      timeoutMs: 5000,
      text: 'hbase://gw.example:9090?transport=framed&protocol=compact&timeoutMs=5000'
    })
    expect(parseStore('hbase://[::1]:9090')).toMatchObject({
      host: '::1',
      transport: 'buffered',
      protocol: 'binary',
      timeoutMs: 10_000
    })
    const problems: Record<string, RegExp> = {
      'hbase://h:9090?transport=udp': /transport must be one of buffered, framed, not "udp"/,
      'hbase://h:9090?protocol=json': /protocol must be one of binary, compact, not "json"/,
      'hbase://h:9090?timeoutMs=0': /timeoutMs must be a whole number of milliseconds/,
      'hbase://h:9090?timeoutMs=5s': /timeoutMs must be a whole number/,
      'hbase://h:9090?timeout=5': /unknown parameter "timeout"; known: transport, protocol, timeoutMs/,
      'hbase://h': /has no port/,
      'hbase://h:70000': /port/,
      'hbase://h:9090/table': /parts a Thrift2 address does not take/,
      'mysql://h:1': /must be "memory" or hbase:\/\/host:port/
    }
    for (const [url, message] of Object.entries(problems)) {
      expect(parseStore(url), url).toMatch(message)
      const r = await run(['simulate', '--store', url])
      expect([r.code, r.out], url).toEqual([2, ''])
    }
  })
})

describe('progress off a terminal', () => {
  it('nothing in the first 5 s; then a line at each further 10 % or after 5 s without one, 1 s apart', () => {
    let t = 0
    const lines: Array<string> = []
    const p = progress({ isTTY: false, write: (s) => lines.push(s) }, () => t)
    p.tick(50, 1000)
    t = 4_900
    p.tick(300, 1000)
    expect(lines).toEqual([])
    t = 5_200
    p.tick(310, 1000)
    expect(lines).toEqual(['progress: 310/1000 operations (31%) 5.2s\n'])
    t = 5_500
    p.tick(420, 1000)
    expect(lines).toHaveLength(1)
    t = 6_300
    p.tick(421, 1000)
    p.tick(430, 1000)
    expect(lines[1]).toBe('progress: 421/1000 operations (42%) 6.3s\n')
    t = 8_000
    p.tick(440, 1000)
    expect(lines).toHaveLength(2)
    t = 11_400
    p.tick(441, 1000)
    expect(lines[2]).toBe('progress: 441/1000 operations (44%) 11.4s\n')
    t = 12_500
    p.tick(1000, 1000)
    p.end()
    expect(lines).toHaveLength(4)
    expect(lines.join('')).not.toContain('\r')
  })
})
