/**
 * The command line, `hbase-backup-meta <command> [options]`. `main` takes its arguments and its
 * world (`Io`) and returns the exit code, so tests run it in-process; run as a script it uses the
 * process's own. Installed, the `bin` shim runs the built file; in a clone, `npm start` runs the
 * sources through tsx.
 */
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { catalogue } from '../simulator/catalogue.js'
import { doctorMain } from './doctor.js'
import { inspectCommand } from './inspect.js'
import type { Io } from './io.js'
import { EXIT, processIo, startedAs } from './io.js'
import { nearest, parseOptions } from './options.js'
import { simulateCommand, withExitCodes } from './simulate.js'
import { inspectUsage, mainUsage, scenariosUsage, simulateUsage } from './usage.js'
import { version } from './version.js'

const scenariosArgs = (args: ReadonlyArray<string>): string | undefined => {
  const other = args.find((a) => a !== '--json')
  return other === undefined ? undefined : `scenarios takes only --json and --help, not "${other}"`
}

export const main = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(mainUsage)
    return command === undefined ? EXIT.usage : EXIT.ok
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.out(version)
    return EXIT.ok
  }
  if (command === 'scenarios') {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(scenariosUsage)
      return EXIT.ok
    }
    const problem = scenariosArgs(rest)
    if (problem !== undefined) {
      io.err(`${problem}\n\n${scenariosUsage}`)
      return EXIT.usage
    }
    if (rest.includes('--json')) {
      io.out(
        JSON.stringify(
          catalogue.map((n) => ({ name: n.name, shows: n.shows, faithfulBreaks: n.faithfulBreaks })),
          null,
          2
        )
      )
      return EXIT.ok
    }
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
    const near = nearest(command.replace(/^-+/, ''), ['simulate', 'inspect', 'scenarios', 'help', 'version'])
    io.err(
      `unknown command "${command}"${near === undefined ? '' : `; did you mean ${near}?`}\n\n${mainUsage}`
    )
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
  return withExitCodes(command, usage, io, () =>
    command === 'inspect' ? inspectCommand(o, io) : simulateCommand(o, io)
  )
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

/**
 * Runs the command line in this process with its arguments and streams (the `bin` shim calls it).
 * `name` is how the user started it, so hints can show a command they can paste.
 */
export const runAsCommand = async (name = 'hbase-backup-meta'): Promise<void> => {
  process.exitCode = await main(process.argv.slice(2), { ...processIo, startedAs: startedAs(name) })
}

if (isEntry()) void runAsCommand()
