/**
 * The package's version, read from its package.json (two folders up from both `src/cli` and
 * `dist/cli`, and always in the tarball), so it cannot drift from what npm installed.
 */
import { readFileSync } from 'node:fs'
import * as t from 'io-ts'

const PackageJson = t.type({ version: t.string })

const read = (): string => {
  const decoded = PackageJson.decode(
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  )
  return decoded._tag === 'Right' ? decoded.right.version : 'unknown'
}

export const version: string = read()
