/**
 * The outside world of a command, injected so tests run commands in-process: output streams, files
 * and the wall clock. `processIo` is the real one.
 */
import { readFile, writeFile } from 'node:fs/promises'
import type { ProgressStream } from './progress.js'

export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  readonly progressStream: ProgressStream
  readonly readFile: (path: string) => Promise<string>
  readonly writeFile: (path: string, text: string) => Promise<void>
  readonly now: () => number
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
  now: () => performance.now()
}

/** Exit codes: 0 all invariants held; 1 violations found; 2 usage error; 3 the run could not complete. */
export const EXIT = { ok: 0, violations: 1, usage: 2, failure: 3 } as const
