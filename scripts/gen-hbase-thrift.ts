/**
 * Regenerates the code derived from `src/adapters/hbase/hbase2.thrift`; run it after editing the IDL
 * (`npx tsx scripts/gen-hbase-thrift.ts`) and commit the output.
 *
 * - TypeScript client: @creditkarma/thrift-typescript (apache target) into `src/adapters/hbase/gen/`.
 *   Its output is CommonJS-flavoured TypeScript; two rewrites make it valid NodeNext ESM: the
 *   `import X = require("node-int64")` becomes a default import, and relative imports get `.js`.
 * - Java server side for the test harness's stand-in gateway: `thrift --gen java` (Debian package
 *   `thrift-compiler`) into `test/hbase/gateway/src/`. Skipped with a notice when `thrift` is absent.
 *
 * Generated code is committed so that a fresh clone and CI need neither generator.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const idlDir = join(root, 'src/adapters/hbase')
const tsOut = join(idlDir, 'gen')
const javaOut = join(root, 'test/hbase/gateway/src')

const esm = (source: string): string =>
  source
    .replace(/^import (\w+) = require\("([^"]+)"\);$/gm, 'import $1 from "$2";')
    .replace(/from "(\.\/[^"]+)"/g, (_m, p: string) => `from "${p}.js"`)
    .replace(/^(\s+(?:public )?\w+)\?: ([^;=]+?)( = [^;]+)?;$/gm, '$1?: $2 | undefined$3;')

const generateTypeScript = (): void => {
  const tmp = mkdtempSync(join(tmpdir(), 'thrift-ts-'))
  try {
    execFileSync(
      join(root, 'node_modules/.bin/thrift-typescript'),
      ['--target', 'apache', '--rootDir', root, '--sourceDir', idlDir, '--outDir', tmp, 'hbase2.thrift'],
      { stdio: 'inherit' }
    )
    // The generator nests files under the IDL's namespace path; flatten it.
    const dir = join(tmp, 'hbasebackupmeta/gateway/gen')
    rmSync(tsOut, { recursive: true, force: true })
    mkdirSync(tsOut, { recursive: true })
    for (const f of readdirSync(dir)) writeFileSync(join(tsOut, f), esm(readFileSync(join(dir, f), 'utf8')))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

const generateJava = (): void => {
  try {
    execFileSync('thrift', ['--version'], { stdio: 'ignore' })
  } catch {
    console.warn(
      'thrift compiler not found (apt-get install thrift-compiler): Java gateway code not regenerated'
    )
    return
  }
  rmSync(join(javaOut, 'hbasebackupmeta/gateway/gen'), { recursive: true, force: true })
  mkdirSync(javaOut, { recursive: true })
  execFileSync(
    'thrift',
    ['--gen', 'java:generated_annotations=suppress', '-out', javaOut, join(idlDir, 'hbase2.thrift')],
    { stdio: 'inherit' }
  )
}

generateTypeScript()
generateJava()
