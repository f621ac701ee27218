/**
 * HBase's own backup CLI (`hbase backup …`, org.apache.hadoop.hbase.backup.BackupDriver) against the
 * test cluster, for interop.test.ts: several commands per JVM (gateway/src/…/BackupBatch.java), the
 * output split per command, and parsers for what `history`, `describe` and `set list|describe` print.
 *
 * The JVM runs in UTC (`Start time=` is `java.util.Date#toString`, local time) and logs WARN and
 * above of the backup packages to stdout as `@@@ LOG <level> <logger>: <message><exception
 * message>`, so a refused command's reason is in its own section of the output.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runJvm } from './harness.js'

export interface CliJava {
  readonly cliJvm: ReadonlyArray<string>
  readonly workDir: string
}

export interface CommandResult {
  readonly args: string
  /** BackupDriver's exit code (0 ok, 1 failed, -1 usage); -100 when it threw past ToolRunner. */
  readonly code: number
  /** What the command printed, log lines excluded. */
  readonly out: ReadonlyArray<string>
  /** `@@@ LOG` lines (WARN and above of org.apache.hadoop.hbase.backup) and `@@@ THROWN`. */
  readonly log: ReadonlyArray<string>
}

const LOG4J2 = `# written by test/hbase/javaCli.ts: the file as for every JVM, plus backup warnings on stdout
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = \${sys:hbase.log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{2}: %m%n
appender.out.type = Console
appender.out.name = out
appender.out.target = SYSTEM_OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = @@@ LOG %p %c{1}: %m %throwable{short.message}%n
appender.out.filter.t.type = ThresholdFilter
appender.out.filter.t.level = WARN
rootLogger = INFO, file
logger.backup.name = org.apache.hadoop.hbase.backup
logger.backup.level = INFO
logger.backup.appenderRef.out.ref = out
`

/** Runs the commands in one JVM, in order; resolves with one result per command. */
export const backupCli =
  (java: CliJava) =>
  async (commands: ReadonlyArray<ReadonlyArray<string>>): Promise<ReadonlyArray<CommandResult>> => {
    const log4j = join(java.workDir, 'conf', 'cli-log4j2.properties')
    writeFileSync(log4j, LOG4J2)
    const args = commands.flatMap((c, i) => (i === 0 ? c : ['--next', ...c]))
    const r = await runJvm(
      [...java.cliJvm, `-Dlog4j2.configurationFile=${log4j}`, '-Duser.timezone=UTC'],
      'hbasebackupmeta.interop.BackupBatch',
      args,
      { timeoutMs: 240_000 }
    )
    const results = splitSections(r.stdout)
    if (r.code !== 0 || results.length !== commands.length)
      throw new Error(
        `the backup CLI JVM exited ${r.code} after ${results.length} of ${commands.length} commands\n` +
          `stdout:\n${r.stdout}\nstderr (tail):\n${r.stderr.split('\n').slice(-40).join('\n')}`
      )
    return results
  }

const splitSections = (stdout: string): ReadonlyArray<CommandResult> => {
  const results: Array<CommandResult> = []
  let current: { args: string; out: Array<string>; log: Array<string> } | undefined
  for (const line of stdout.split('\n')) {
    const begin = /^@@@ BEGIN (.*)$/.exec(line)
    const end = /^@@@ END (-?\d+)$/.exec(line)
    if (begin !== null) current = { args: begin[1] as string, out: [], log: [] }
    else if (end !== null && current !== undefined) {
      results.push({ ...current, code: Number(end[1]) })
      current = undefined
    } else if (current !== undefined) {
      if (line.startsWith('@@@ ')) current.log.push(line.slice(4))
      else if (line.trim() !== '') current.out.push(line)
    }
  }
  return results
}

/** One line of `history` (and the `describe` line): BackupInfo#getShortDescription. */
export interface ShortDescription {
  readonly id: string
  readonly type: string
  /** In the order Java printed them (a HashMap's order). */
  readonly tables: ReadonlyArray<string>
  readonly state: string
  readonly startTime: string
  readonly endTime?: string
  readonly phase?: string
  readonly failedMessage?: string
  readonly progress: number
}

/**
 * `{ID=…,Type=…,Tables={a,b},State=…,Start time=…,[End time=…|Phase=…|Failed message=…,]Progress=N%}`.
 * The failed message may itself hold commas, so it is everything up to the last `,Progress=`.
 */
export const parseShortDescription = (line: string): ShortDescription | undefined => {
  const m =
    /^\{ID=([^,]+),Type=([^,]+),Tables=\{([^}]*)\},State=([^,]+),Start time=([^,]+),(?:End time=([^,]+),|Phase=([^,]+),|Failed message=(.*),)?Progress=(\d+)%\}$/s.exec(
      line.trim()
    )
  if (m === null) return undefined
  return {
    id: m[1] as string,
    type: m[2] as string,
    tables: (m[3] as string).split(',').filter((s) => s !== ''),
    state: m[4] as string,
    startTime: m[5] as string,
    ...(m[6] === undefined ? {} : { endTime: m[6] }),
    ...(m[7] === undefined ? {} : { phase: m[7] }),
    ...(m[8] === undefined ? {} : { failedMessage: m[8] }),
    progress: Number(m[9])
  }
}

/** Every `history` line, by id. */
export const parseHistory = (out: ReadonlyArray<string>): ReadonlyMap<string, ShortDescription> => {
  const byId = new Map<string, ShortDescription>()
  for (const line of out) {
    const d = parseShortDescription(line)
    if (d !== undefined) byId.set(d.id, d)
  }
  return byId
}

/** `set list` / `set describe` lines: `name={t1,t2}`. */
export const parseSets = (out: ReadonlyArray<string>): ReadonlyMap<string, ReadonlyArray<string>> => {
  const sets = new Map<string, ReadonlyArray<string>>()
  for (const line of out) {
    const m = /^([^=]+)=\{([^}]*)\}$/.exec(line.trim())
    if (m !== null)
      sets.set(
        m[1] as string,
        (m[2] as string).split(',').filter((s) => s !== '')
      )
  }
  return sets
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number): string => String(n).padStart(2, '0')

/** `new java.util.Date(ms).toString()` in a JVM whose time zone is UTC. */
export const javaDateUtc = (ms: number): string => {
  const d = new Date(ms)
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  )
}
