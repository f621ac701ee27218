/**
 * The tarball is the product: `npm pack` it, install it into an empty ES-module app with no dev
 * dependencies (so no fast-check, tsx or TypeScript), and use it there as a user would: the README's
 * usage example as written, the same example type-checked by TypeScript (strict; nodenext and
 * bundler resolution), the installed `hbase-backup-meta` command, and `require()` from CommonJS.
 * Every bare import in the shipped files must resolve from `dependencies` or a declared peer.
 */
import { execFile, spawnSync } from 'node:child_process'
import type { SpawnSyncReturns } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  readonly version: string
  readonly dependencies: Record<string, string>
  readonly peerDependencies: Record<string, string>
  readonly exports: Record<string, string | Record<string, string>>
}
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

/**
 * None of the parent's npm variables: under `npm test` they include npm_config_local_prefix (this
 * repository), which would make the app's `npm install` install here, and npm_package_name, which
 * would tell the installed CLI it runs as our `npm start`. npm reads the same config files anyway.
 */
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))
)

const sh = (cmd: string, args: ReadonlyArray<string>, cwd: string): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 })

const ok = (r: SpawnSyncReturns<string>, what: string): string => {
  if (r.error !== undefined || r.status !== 0)
    throw new Error(`${what} failed (${r.status ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

interface Packed {
  readonly filename: string
  readonly size: number
  readonly unpackedSize: number
  readonly entryCount: number
  readonly files: ReadonlyArray<{ readonly path: string }>
}

const readme = readFileSync(join(root, 'README.md'), 'utf8')
const example = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Usage')))?.[1] ?? ''

let work = ''
let app = ''
let packed: Packed
let installed = ''

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'hbm-install-'))
  const out = ok(sh('npm', ['pack', '--json', '--pack-destination', work], root), 'npm pack')
  packed = (JSON.parse(out.slice(out.indexOf('['))) as ReadonlyArray<Packed>)[0] as Packed
  app = join(work, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
  ok(
    sh(
      'npm',
      ['install', join(work, packed.filename), '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'],
      app
    ),
    'npm install of the tarball'
  )
  installed = join(app, 'node_modules', 'hbase-backup-meta')
  console.log(
    `tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`
  )
}, 300_000)

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true })
})

const jsFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsFiles(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : []
  )

const specifiers = (file: string): ReadonlyArray<string> =>
  [
    ...readFileSync(file, 'utf8').matchAll(
      /(?:^|[\n;])\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
    )
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '')

const packageOf = (spec: string): string =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec)

/** The files a module reaches through relative imports (static and literal dynamic ones). */
const closure = (entry: string): ReadonlySet<string> => {
  const seen = new Set<string>()
  const todo = [entry]
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f)) continue
    seen.add(f)
    for (const s of specifiers(f)) if (s.startsWith('.')) todo.push(resolve(dirname(f), s))
  }
  return seen
}

const bareImportsOf = (files: Iterable<string>): ReadonlySet<string> =>
  new Set([...files].flatMap((f) => specifiers(f).filter((s) => !s.startsWith('.'))))

const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec)

describe('the packed tarball', () => {
  it('holds the built package, the license and the docs, and nothing of the sources', () => {
    const paths = packed.files.map((f) => f.path)
    for (const p of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'scripts/hbase-backup-meta'])
      expect(paths).toContain(p)
    for (const target of Object.values(manifest.exports).flatMap((e) =>
      typeof e === 'string' ? [e] : Object.values(e)
    ))
      expect(paths).toContain(target.replace(/^\.\//, ''))
    expect(paths).toContain('dist/cli/main.js')
    expect(paths.filter((p) => /^(src|test|bench|node_modules)\//.test(p) || p.endsWith('.map'))).toEqual([])
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([])
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/)
  })

  it('installs with no dev dependency and without the optional peer fast-check', () => {
    for (const dev of ['fast-check', 'tsx', 'typescript', 'vitest'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false)
  })

  it('every bare import in dist is a builtin, a dependency or a declared peer, and is installed', () => {
    const declared = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies)
    ])
    const bare = bareImportsOf(jsFiles(join(installed, 'dist')))
    expect(bare.size).toBeGreaterThan(5)
    const undeclared = [...bare].filter((s) => !isBuiltin(s) && !declared.has(packageOf(s)))
    expect(undeclared).toEqual([])
    for (const s of bare)
      if (!isBuiltin(s) && packageOf(s) in manifest.dependencies)
        expect(existsSync(join(app, 'node_modules', packageOf(s))), s).toBe(true)
  })

  it('only ./testing reaches the optional peer fast-check; the command line does not', () => {
    const cli = closure(join(installed, 'dist', 'cli', 'main.js'))
    expect(cli.size).toBeGreaterThan(20)
    expect([...bareImportsOf(cli)].filter((s) => packageOf(s) === 'fast-check')).toEqual([])
    for (const [sub, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string' || sub === './testing') continue
      const reach = closure(join(installed, (target['import'] ?? '').replace(/^\.\//, '')))
      expect(
        [...bareImportsOf(reach)].filter((s) => packageOf(s) === 'fast-check'),
        sub
      ).toEqual([])
    }
  })
})

describe('in an empty app with only the tarball installed', () => {
  it("runs the README's usage example as written and prints what its comments say", () => {
    expect(example).toContain("from 'hbase-backup-meta'")
    writeFileSync(join(app, 'example.mjs'), example)
    // preloaded, not edited in: marks where each console.log call starts, as the comments are per call
    writeFileSync(
      join(app, 'mark-logs.mjs'),
      "import { format } from 'node:util'\nconst log = console.log\nconsole.log = (...a) => log(`\\u001e${format(...a)}`)\n"
    )
    const r = sh(process.execPath, ['--import', './mark-logs.mjs', 'example.mjs'], app)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const expected = example
      .split('\n')
      .filter((l) => l.includes('console.log('))
      .map((l) => /\/\/ → (.*)$/.exec(l)?.[1]?.trim())
    expect(expected.every((e) => e !== undefined)).toBe(true)
    const calls = r.stdout.split('\u001e').slice(1)
    expect(calls.map((c) => c.split('\n')[0])).toEqual(expected)
  }, 120_000)

  it('loads each entry point but ./testing, which names the peer it needs', () => {
    for (const sub of ['', '/adapters/memory', '/adapters/hbase']) {
      const r = sh(
        process.execPath,
        ['--input-type=module', '-e', `await import('hbase-backup-meta${sub}')`],
        app
      )
      expect(r.stderr, sub).toBe('')
      expect(r.status, sub).toBe(0)
    }
    const testing = sh(
      process.execPath,
      ['--input-type=module', '-e', "await import('hbase-backup-meta/testing')"],
      app
    )
    expect(testing.status).not.toBe(0)
    expect(testing.stderr).toMatch(/fast-check/)
  }, 120_000)

  it('the example type-checks under strict with moduleResolution nodenext and bundler', async () => {
    const check = (resolution: 'nodenext' | 'bundler'): Promise<string> => {
      const dir = join(app, `ts-${resolution}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'example.ts'), example)
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            target: 'es2022',
            module: resolution === 'nodenext' ? 'nodenext' : 'esnext',
            moduleResolution: resolution,
            noEmit: true,
            skipLibCheck: false,
            types: ['node']
          },
          files: ['example.ts']
        })
      )
      // the two run side by side: each checks all of @types/node (skipLibCheck off)
      return new Promise((done) => {
        execFile(process.execPath, [tsc, '-p', dir], { cwd: app, env }, (error, stdout, stderr) => {
          done(
            `${resolution}: ${error === null ? 'ok' : `exit ${error.code ?? error.message}`}${stdout}${stderr}`
          )
        })
      })
    }
    expect(await Promise.all([check('nodenext'), check('bundler')])).toEqual(['nodenext: ok', 'bundler: ok'])
  }, 240_000)

  it('hbase-backup-meta --help, --version and a short simulate run from node_modules/.bin', () => {
    const bin = join(app, 'node_modules', '.bin', 'hbase-backup-meta')
    const help = sh(bin, ['--help'], app)
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^Usage: hbase-backup-meta <command>/)
    const version = sh(bin, ['--version'], app)
    expect([version.status, version.stdout.trim()]).toEqual([0, manifest.version])
    const sim = sh(bin, ['simulate', '--ops', '20', '--report', 'r.html'], app)
    expect(sim.stderr.replace(/^progress: .*\n/gm, '')).toBe('')
    expect(sim.status).toBe(0)
    expect(sim.stdout).toMatch(/^hbase-backup-meta simulate: seed 1, 20 operations, mode hardened/)
    expect(sim.stdout).toMatch(/Invariants: all \d+ held/)
    expect(sim.stdout).toContain('(hbase-backup-meta simulate --ops 20 --report r.html --mode faithful)')
    expect(readFileSync(join(app, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/)
    const bad = sh(bin, ['simulate', '--ops', '-5'], app)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/^--ops must be a whole number from 0 to 1000000, not "-5"/)
  }, 120_000)

  it('npx hbase-backup-meta runs the installed command, and its hint says npx', () => {
    const r = sh('npx', ['--no-install', 'hbase-backup-meta', 'simulate', '--ops', '10', '--seed', '2'], app)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('(npx hbase-backup-meta simulate --ops 10 --seed 2 --mode faithful)')
  }, 120_000)

  it('require() from CommonJS loads the package where Node can require ES modules', () => {
    writeFileSync(
      join(app, 'require.cjs'),
      [
        'try {',
        "  const m = require('hbase-backup-meta')",
        "  console.log('loaded', typeof m.newBackupInfo, typeof m.BackupSystemTable.open)",
        '} catch (e) {',
        "  console.log('failed', e.code, e.message.split('\\n')[0])",
        '}'
      ].join('\n')
    )
    const r = sh(process.execPath, ['require.cjs'], app)
    console.log(
      `node ${process.version}, require('hbase-backup-meta'): ${r.stdout.trim()} ${r.stderr.trim()}`
    )
    expect(r.stdout).not.toMatch(/No "exports" main defined/)
    if (process.features.require_module === true) {
      expect(r.stdout.trim()).toBe('loaded function function')
      expect(r.stderr).toBe('')
    } else expect(r.stdout).toMatch(/^failed ERR_REQUIRE_ESM/)
    // what a Node without require(esm) (before 20.19 / 22.12) says, by turning it off where it is on
    if (process.features.require_module === true) {
      const old = sh(process.execPath, ['--no-experimental-require-module', 'require.cjs'], app)
      console.log(`with require(esm) off: ${old.stdout.trim()}`)
      expect(old.stdout).toMatch(
        /^failed ERR_REQUIRE_ESM require\(\) of ES Module \S+\/dist\/index\.js from \S+ not supported/
      )
    }
    expect(relative(app, installed)).toBe(join('node_modules', 'hbase-backup-meta'))
  }, 120_000)
})
