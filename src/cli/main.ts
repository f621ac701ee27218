/**
 * The command line, `hbase-backup-meta <command> [options]`. `main` takes its arguments and its
 * world (`Io`) and returns the exit code, so tests run it in-process; run as a script it uses the
 * process's own. Runs without a build: `npx tsx src/cli/main.ts simulate`.
 */
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { catalogue } from '../simulator/catalogue.js'
import { doctorMain } from './doctor.js'
import { inspectCommand } from './inspect.js'
import type { Io } from './io.js'
import { EXIT, processIo } from './io.js'
import { parseOptions } from './options.js'
import { describeError, simulateCommand, UsageError } from './simulate.js'
import { inspectUsage, mainUsage, simulateUsage } from './usage.js'

export const main = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(mainUsage)
    return command === undefined ? EXIT.usage : EXIT.ok
  }
  if (command === 'scenarios') {
    for (const n of catalogue)
      io.out(`${n.name}\n  ${n.shows}\n  faithful breaks: ${n.faithfulBreaks.join(', ')}`)
    return EXIT.ok
  }
  if (command === 'doctor' || command === 'expire') return doctorMain(command, rest, io)
  const usage =
    command === 'simulate' || command === 'demo'
      ? simulateUsage
      : command === 'inspect'
        ? inspectUsage
        : undefined
  if (usage === undefined) {
    io.err(`unknown command "${command}"\n\n${mainUsage}`)
    return EXIT.usage
  }
  const o = parseOptions(rest)
  if (typeof o === 'string') {
    io.err(`${o}\n\n${usage}`)
    return EXIT.usage
  }
  if (o.help) {
    io.out(usage)
    return EXIT.ok
  }
  try {
    return command === 'inspect' ? await inspectCommand(o, io) : await simulateCommand(o, io)
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${usage}`)
      return EXIT.usage
    }
    io.err(`hbase-backup-meta ${command}: ${describeError(e)}`)
    return EXIT.failure
  }
}

const isEntry = (): boolean => {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href
  } catch {
    return false
  }
}

if (isEntry())
  void main(process.argv.slice(2), processIo).then((code) => {
    process.exitCode = code
  })
