/**
 * The outside world of a command, injected so tests run commands in-process: output streams, files
 * and the wall clock. `processIo` is the real one.
 */
import { constants } from 'node:fs'
import { access, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { ProgressStream } from './progress.js'

export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  readonly progressStream: ProgressStream
  readonly readFile: (path: string) => Promise<string>
  readonly writeFile: (path: string, text: string) => Promise<void>
  /** Why `path` could not be written (checked before a long run), or undefined when it can. */
  readonly checkWritable?: (path: string) => Promise<string | undefined>
  readonly now: () => number
  /** How the user started the command, for hints that show a command line (default: the bin name). */
  readonly startedAs?: StartedAs
}

/**
 * The words that start this command line: `npx hbase-backup-meta`, `hbase-backup-meta`, or in a clone
 * of this project the npm script (`npm start --`), whose script already names the command.
 */
export interface StartedAs {
  readonly prefix: string
  readonly namesCommand: boolean
}

/** From npm's environment: `npx` sets npm_command=exec; our own scripts run with our package name. */
export const startedAs = (name: string, env: NodeJS.ProcessEnv = process.env): StartedAs => {
  if (env['npm_package_name'] === 'hbase-backup-meta' && env['npm_lifecycle_event'] === 'start')
    return { prefix: 'npm start --', namesCommand: true }
  if (env['npm_package_name'] === 'hbase-backup-meta' && env['npm_lifecycle_event'] === 'simulate')
    return { prefix: 'npm run simulate --', namesCommand: true }
  return { prefix: env['npm_command'] === 'exec' ? `npx ${name}` : name, namesCommand: false }
}

/** A command line the user can paste to run `command` with `args` the way they started this one. */
export const commandLine = (
  s: StartedAs | undefined,
  command: string,
  args: ReadonlyArray<string>
): string => {
  const quoted = args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))
  const start = s ?? { prefix: 'hbase-backup-meta', namesCommand: false }
  return [start.prefix, ...(start.namesCommand ? [] : [command]), ...quoted].join(' ')
}

const checkWritable = async (path: string): Promise<string | undefined> => {
  const full = resolve(path)
  const existing = await stat(full).catch(() => undefined)
  if (existing?.isDirectory() === true) return `${path} is a directory`
  const target = existing === undefined ? dirname(full) : full
  if (existing === undefined && (await stat(target).catch(() => undefined))?.isDirectory() !== true)
    return `the folder ${dirname(path)} does not exist`
  return access(target, constants.W_OK).then(
    () => undefined,
    () => `${existing === undefined ? `the folder ${dirname(path)}` : path} is not writable`
  )
}

export const processIo: Io = {
  out: (text) => {
    process.stdout.write(`${text}\n`)
  },
  err: (text) => {
    process.stderr.write(`${text}\n`)
  },
  progressStream: process.stderr,
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  checkWritable: (path) => checkWritable(path),
  now: () => performance.now()
}

/** Exit codes: 0 all invariants held; 1 violations found; 2 usage error; 3 the run could not complete. */
export const EXIT = { ok: 0, violations: 1, usage: 2, failure: 3 } as const
