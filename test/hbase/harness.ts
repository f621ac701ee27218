/**
 * A self-starting, throwaway HBase for tests, benchmarks and interop runs: `startHBase()` resolves
 * a standalone HBase 2.6 with Maven (test/hbase/pom.xml), writes a loopback-only hbase-site.xml
 * into a temp dir, starts the HMaster (embedded ZooKeeper and one region server, local filesystem)
 * and one Thrift2 gateway JVM per requested transport × protocol, waits until each gateway answers
 * real Thrift calls, and returns a handle whose `stop()` ends every JVM it started.
 *
 * Gateway: Apache's `org.apache.hadoop.hbase.thrift2.ThriftServer` when Maven can resolve
 * hbase-thrift (profile `apache-gateway`), otherwise the project's stand-in `hbasebackupmeta.gateway.Gateway`
 * (see gateway/src). `HBASE_GATEWAY=apache|standin` forces one; the default `auto` tries Apache's.
 *
 * Backup tool: hbase-backup and hbase-mapreduce are always on the classpath (pom.xml), so the
 * backup tool's server settings are on and `runJava('org.apache.hadoop.hbase.backup.BackupDriver',
 * …)` runs HBase's own backup CLI against this cluster (MapReduce jobs in the CLI's JVM).
 *
 * Process hygiene: every JVM runs in its own process group under a small bash wrapper whose stdin
 * is a pipe from this process; if this process dies in any way (even SIGKILL) the pipe closes and
 * the wrapper kills its JVM. `stop()`, a failed start, `exit`, SIGINT and SIGTERM kill the groups.
 *
 * Layout of the work dir: conf/ (hbase-site.xml, log4j2.properties), logs/ (<jvm>.log from
 * log4j2, <jvm>.out with stdout+stderr), hbase-root/, zk/, tmp/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import * as thrift from 'thrift'
import { THBaseService, TTableName } from '../../src/adapters/hbase/gen/index.js'

export type Transport = 'buffered' | 'framed'
export type Protocol = 'binary' | 'compact'

export interface ThriftEndpoint {
  readonly transport: Transport
  readonly protocol: Protocol
  readonly port: number
}

export type GatewayKind = 'apache' | 'standin'

export interface StartOptions {
  /** Gateways to start; default buffered+binary (HBase's default) and framed+compact. */
  readonly thrift?: ReadonlyArray<{ readonly transport: Transport; readonly protocol: Protocol }>
  /** Whole start, Maven included; default 300 s (a cold Maven download is slow). */
  readonly startTimeoutMs?: number
  /** `hbase.client.scanner.timeout.period`: region-server scanner lease and gateway scanner expiry. */
  readonly scannerTimeoutMs?: number
  /** Default: env HBASE_GATEWAY, else 'auto'. */
  readonly gateway?: GatewayKind | 'auto'
  /** Progress lines; default stderr. */
  readonly log?: (line: string) => void
  /** Keep the work dir after `stop()` (for post-mortems). */
  readonly keepWorkDir?: boolean
}

export interface JavaResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface HBaseHandle {
  readonly host: '127.0.0.1'
  readonly thrift: ReadonlyArray<ThriftEndpoint>
  readonly gateway: GatewayKind
  /** Whether hbase-backup is on the classpath and its server settings are on. */
  readonly backup: boolean
  readonly workDir: string
  readonly confDir: string
  /** Conf dir first, then the gateway classes, then Maven's runtime classpath. */
  readonly classpath: string
  /** JVM flags for JDK 17 (module opens HBase needs). */
  readonly javaArgs: ReadonlyArray<string>
  /** Every JVM argument before the main class that `runJava` uses (flags, heap, log, -cp). */
  readonly cliJvm: ReadonlyArray<string>
  /** Runs a Java main with this cluster's classpath and conf, e.g. the backup CLI. */
  readonly runJava: (
    mainClass: string,
    args: ReadonlyArray<string>,
    options?: { readonly timeoutMs?: number }
  ) => Promise<JavaResult>
  /** The last lines of every log of this cluster, one section per JVM. */
  readonly logTail: (lines?: number) => string
  readonly stop: () => Promise<void>
}

const here = import.meta.dirname
const pom = join(here, 'pom.xml')
const buildDir = join(here, '.hbase-work/target')

/** bin/hbase's JDK 11+ flags, plus the later additions HBase's own JDK 17 test runs use. */
export const JDK17_FLAGS: ReadonlyArray<string> = [
  '-XX:+UseG1GC',
  '-Djava.net.preferIPv4Stack=true',
  '-Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true',
  '--add-modules',
  'jdk.unsupported',
  '--add-opens',
  'java.base/java.nio=ALL-UNNAMED',
  '--add-opens',
  'java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens',
  'java.base/java.lang=ALL-UNNAMED',
  '--add-opens',
  'java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens',
  'java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens',
  'java.base/java.io=ALL-UNNAMED',
  '--add-opens',
  'java.base/java.util=ALL-UNNAMED',
  '--add-opens',
  'java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-exports',
  'java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports',
  'java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-exports',
  'java.base/sun.net.dns=ALL-UNNAMED',
  '--add-exports',
  'java.base/sun.net.util=ALL-UNNAMED'
]

const DEFAULT_THRIFT = [
  { transport: 'buffered', protocol: 'binary' },
  { transport: 'framed', protocol: 'compact' }
] as const

// -------------------------------------------------------------------------------------------------
// process groups: every JVM we start, killed on stop, failure and exit of this process
// -------------------------------------------------------------------------------------------------

const liveGroups = new Set<number>()

const killGroup = (pgid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pgid, signal)
  } catch {
    // already gone
  }
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

let hooksInstalled = false
const installExitHooks = (): void => {
  if (hooksInstalled) return
  hooksInstalled = true
  const killAll = (): void => {
    for (const g of liveGroups) killGroup(g, 'SIGKILL')
    liveGroups.clear()
  }
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll()
      // Keep the default behaviour (exit) unless someone else handles the signal too.
      if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  }
}

/** Ends a group: SIGTERM, then SIGKILL after `graceMs`; resolves when no process of it is left. */
const endGroup = async (pgid: number, graceMs: number): Promise<void> => {
  killGroup(pgid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100)
  if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL')
  const hard = Date.now() + 5_000
  while (groupAlive(pgid) && Date.now() < hard) await sleep(50)
  liveGroups.delete(pgid)
}

/**
 * Runs `java …` under bash in a new process group. The wrapper kills the JVM when its stdin (a
 * pipe from this process) reaches EOF, i.e. when this process exits or dies.
 */
const WATCHDOG = [
  // Background jobs of a non-interactive shell read /dev/null, so hand the pipe over as fd 3.
  'exec 3<&0',
  '"$@" </dev/null & child=$!',
  '( cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; sleep 5; kill -KILL $child 2>/dev/null ) &',
  'exec 3<&-',
  'wait $child'
].join('\n')

const spawnJava = (args: ReadonlyArray<string>, outFile: string): ChildProcess => {
  const out = openSync(outFile, 'a')
  try {
    const child = spawn('bash', ['-c', WATCHDOG, 'java-watchdog', 'java', ...args], {
      detached: true,
      stdio: ['pipe', out, out]
    })
    if (child.pid !== undefined) liveGroups.add(child.pid)
    child.stdin?.on('error', () => undefined)
    // Let this process exit without waiting for the JVM; the exit hook kills the group.
    child.unref()
    return child
  } finally {
    closeSync(out)
  }
}

// -------------------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => res(port))
    })
  })

const freePorts = async (n: number): Promise<ReadonlyArray<number>> => {
  const ports = new Set<number>()
  while (ports.size < n) ports.add(await freePort())
  return [...ports]
}

const requireTools = (): void => {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (java.error !== undefined || java.status !== 0) {
    throw new Error(
      'test/hbase needs Java 17 on the PATH to run HBase (Debian: apt-get install openjdk-17-jdk-headless)'
    )
  }
  const version = /version "(\d+)/.exec(java.stderr)?.[1]
  if (version !== undefined && Number(version) < 11) {
    throw new Error(`test/hbase needs Java 17 (found Java ${version}); HBase 2.6 runs on 11 or 17`)
  }
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' })
  if (mvn.error !== undefined || mvn.status !== 0) {
    throw new Error('test/hbase needs Maven (mvn) on the PATH to fetch HBase (Debian: apt-get install maven)')
  }
}

/** Runs Maven; resolves with its exit code and combined output. */
const maven = (
  args: ReadonlyArray<string>,
  timeoutMs: number
): Promise<{ code: number | null; output: string }> =>
  new Promise((res) => {
    const child = spawn('mvn', ['-B', '-q', '-f', pom, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      res({ code, output })
    })
  })

interface Resolved {
  readonly gateway: GatewayKind
  readonly classpath: ReadonlyArray<string>
  readonly backup: boolean
}

/** What Maven's answer depends on: the pom and the gateway sources. */
const fingerprint = (want: GatewayKind | 'auto'): string => {
  const h = createHash('sha256').update(want).update(readFileSync(pom))
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else h.update(`${p}:${statSync(p).size}:${statSync(p).mtimeMs}`)
    }
  }
  walk(join(here, 'gateway/src'))
  return h.digest('hex')
}

const cacheFile = join(here, '.hbase-work/classpath.json')

const cached = (print: string): Resolved | undefined => {
  try {
    const c = JSON.parse(readFileSync(cacheFile, 'utf8')) as Resolved & { readonly fingerprint: string }
    return c.fingerprint === print && c.classpath.every((f) => existsSync(f)) ? c : undefined
  } catch {
    return undefined
  }
}

const resolveClasspath = async (
  want: GatewayKind | 'auto',
  timeoutMs: number,
  log: (line: string) => void
): Promise<Resolved> => {
  const print = fingerprint(want)
  const hit = cached(print)
  if (hit !== undefined) return hit
  const resolved = await resolveWithMaven(want, timeoutMs, log)
  mkdirSync(dirname(cacheFile), { recursive: true })
  writeFileSync(cacheFile, JSON.stringify({ ...resolved, fingerprint: print }))
  return resolved
}

const resolveWithMaven = async (
  want: GatewayKind | 'auto',
  timeoutMs: number,
  log: (line: string) => void
): Promise<Resolved> => {
  const attempt = async (kind: GatewayKind): Promise<Resolved | string> => {
    const out = join(buildDir, `classpath-${kind}.txt`)
    const r = await maven(
      [
        ...(kind === 'apache' ? ['-Papache-gateway'] : []),
        'compile',
        'dependency:build-classpath',
        '-Dmdep.includeScope=runtime',
        `-Dmdep.outputFile=${out}`
      ],
      timeoutMs
    )
    if (r.code !== 0 || !existsSync(out)) return r.output
    const jars = readFileSync(out, 'utf8')
      .trim()
      .split(':')
      .filter((s) => s.length > 0)
    return {
      gateway: kind,
      classpath: [join(buildDir, 'classes'), ...jars],
      backup: jars.some((j) => /[/\\]hbase-backup-[^/\\]+\.jar$/.test(j))
    }
  }
  if (want !== 'standin') {
    const apache = await attempt('apache')
    if (typeof apache !== 'string') return apache
    if (want === 'apache')
      throw new Error(`Maven could not resolve Apache's Thrift2 gateway (hbase-thrift):\n${apache}`)
    log("hbase-thrift is not available from the Maven registry; using the project's stand-in Thrift2 gateway")
  }
  const standin = await attempt('standin')
  if (typeof standin !== 'string') return standin
  throw new Error(`Maven could not resolve HBase (test/hbase/pom.xml):\n${standin}`)
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const siteXml = (props: Readonly<Record<string, string>>): string =>
  [
    '<?xml version="1.0"?>',
    '<!-- written by test/hbase/harness.ts for one throwaway standalone HBase -->',
    '<configuration>',
    ...Object.entries(props).map(
      ([k, v]) => `  <property><name>${xmlEscape(k)}</name><value>${xmlEscape(v)}</value></property>`
    ),
    '</configuration>',
    ''
  ].join('\n')

const LOG4J2 = `# written by test/hbase/harness.ts: one log file per JVM (-Dhbase.log.file)
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = \${sys:hbase.log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{2}: %m%n
rootLogger = INFO, file
logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = WARN
logger.hadoop.name = org.apache.hadoop.metrics2
logger.hadoop.level = WARN
`

// Backup tool (HBase book, "Backup and Restore"): server-side settings, only when its jar is there.
const DEFAULT_LOG_CLEANERS = [
  'org.apache.hadoop.hbase.master.cleaner.TimeToLiveLogCleaner',
  'org.apache.hadoop.hbase.master.cleaner.TimeToLiveProcedureWALCleaner',
  'org.apache.hadoop.hbase.master.cleaner.TimeToLiveMasterLocalStoreWALCleaner'
]
const DEFAULT_HFILE_CLEANERS = [
  'org.apache.hadoop.hbase.master.cleaner.TimeToLiveHFileCleaner',
  'org.apache.hadoop.hbase.master.cleaner.TimeToLiveMasterLocalStoreHFileCleaner'
]
const backupSettings = (): Record<string, string> => ({
  'hbase.master.logcleaner.plugins': [
    ...DEFAULT_LOG_CLEANERS,
    'org.apache.hadoop.hbase.backup.master.BackupLogCleaner'
  ].join(','),
  'hbase.master.hfilecleaner.plugins': [
    ...DEFAULT_HFILE_CLEANERS,
    'org.apache.hadoop.hbase.backup.BackupHFileCleaner'
  ].join(','),
  'hbase.procedure.master.classes': 'org.apache.hadoop.hbase.backup.master.LogRollMasterProcedureManager',
  'hbase.procedure.regionserver.classes':
    'org.apache.hadoop.hbase.backup.regionserver.LogRollRegionServerProcedureManager',
  'hbase.coprocessor.region.classes': 'org.apache.hadoop.hbase.backup.BackupObserver'
})

// -------------------------------------------------------------------------------------------------
// readiness: a real Thrift call through the gateway, not just an open port
// -------------------------------------------------------------------------------------------------

const probe = (endpoint: ThriftEndpoint, timeoutMs: number): Promise<string | undefined> =>
  new Promise((res) => {
    const conn = thrift.createConnection('127.0.0.1', endpoint.port, {
      transport: endpoint.transport === 'framed' ? thrift.TFramedTransport : thrift.TBufferedTransport,
      protocol: endpoint.protocol === 'compact' ? thrift.TCompactProtocol : thrift.TBinaryProtocol,
      connect_timeout: timeoutMs
    })
    let settled = false
    const done = (error: string | undefined): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      conn.end()
      res(error)
    }
    const timer = setTimeout(() => done('no answer'), timeoutMs)
    conn.on('error', (e: Error) => done(e.message))
    conn.on('close', () => done('connection closed'))
    const client = thrift.createClient(THBaseService.Client, conn)
    const check = async (): Promise<string | undefined> => {
      await client.getThriftServerType()
      const namespaces = await client.listNamespaces()
      if (!namespaces.includes('hbase')) return 'master not initialised'
      const meta = await client.tableExists(
        new TTableName({ ns: Buffer.from('hbase'), qualifier: Buffer.from('meta') })
      )
      return meta ? undefined : 'hbase:meta not there yet'
    }
    check().then(done, (e: unknown) => done(e instanceof Error ? e.message : String(e)))
  })

// -------------------------------------------------------------------------------------------------
// start
// -------------------------------------------------------------------------------------------------

const tail = (file: string, lines: number): string => {
  if (!existsSync(file)) return ''
  const all = readFileSync(file, 'utf8').split('\n')
  return all.slice(Math.max(0, all.length - lines - 1)).join('\n')
}

export const startHBase = async (options: StartOptions = {}): Promise<HBaseHandle> => {
  const log = options.log ?? ((line: string) => process.stderr.write(`[hbase] ${line}\n`))
  const started = Date.now()
  const timeoutMs = options.startTimeoutMs ?? 300_000
  const deadline = started + timeoutMs
  const wanted = options.thrift ?? DEFAULT_THRIFT
  const envGateway = process.env['HBASE_GATEWAY']
  const want: GatewayKind | 'auto' =
    options.gateway ?? (envGateway === 'apache' || envGateway === 'standin' ? envGateway : 'auto')

  requireTools()
  installExitHooks()

  const workDir = mkdtempSync(join(tmpdir(), 'hbase-test-'))
  const confDir = join(workDir, 'conf')
  const logDir = join(workDir, 'logs')
  for (const d of [confDir, logDir]) mkdirSync(d, { recursive: true })

  const groups: Array<number> = []
  const children: Array<{ readonly name: string; readonly child: ChildProcess }> = []

  const logTail = (lines = 60): string =>
    readdirSync(logDir)
      .sort()
      .map((f) => `----- ${f} (last ${lines} lines) -----\n${tail(join(logDir, f), lines)}`)
      .join('\n')

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    await Promise.all(groups.map((g) => endGroup(g, 3_000)))
    if (options.keepWorkDir !== true) rmSync(workDir, { recursive: true, force: true })
  }

  try {
    log(`resolving HBase with Maven (${want} gateway)…`)
    const resolved = await resolveClasspath(want, Math.max(1, deadline - Date.now()), log)
    log(`classpath ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${resolved.gateway} gateway)`)

    const [zk, master, rs, ...thriftPorts] = await freePorts(3 + wanted.length)
    const endpoints: ReadonlyArray<ThriftEndpoint> = wanted.map((w, i) => ({
      ...w,
      port: thriftPorts[i] as number
    }))
    const props: Record<string, string> = {
      'hbase.cluster.distributed': 'false',
      'hbase.rootdir': `file://${join(workDir, 'hbase-root')}`,
      'hbase.tmp.dir': join(workDir, 'tmp'),
      'hbase.zookeeper.quorum': '127.0.0.1',
      'hbase.zookeeper.property.clientPort': String(zk),
      'hbase.zookeeper.property.dataDir': join(workDir, 'zk'),
      'hbase.master.port': String(master),
      'hbase.master.ipc.address': '127.0.0.1',
      'hbase.master.hostname': '127.0.0.1',
      'hbase.master.info.port': '-1',
      'hbase.regionserver.port': String(rs),
      'hbase.regionserver.ipc.address': '127.0.0.1',
      'hbase.unsafe.regionserver.hostname': '127.0.0.1',
      'hbase.regionserver.info.port': '-1',
      'hbase.thrift.info.port': '-1',
      'hbase.regionserver.thrift.ipaddress': '127.0.0.1',
      // Apache's defaults stay: hbase.thrift.server.socket.read.timeout 60 s (an idle connection
      // is closed), hbase.regionserver.thrift.framed.max_frame_size_in_mb 2 (a larger request
      // frame closes the connection). The adapter must live with both, as against a deployed one.
      'hbase.client.scanner.timeout.period': String(options.scannerTimeoutMs ?? 60_000),
      'hbase.unsafe.stream.capability.enforce': 'false',
      'hbase.wal.provider': 'filesystem',
      // Test suites create hundreds of small tables: no 2 MB memstore chunk per store, a small
      // block cache, so one region server holds them in a modest heap.
      'hbase.hregion.memstore.mslab.enabled': 'false',
      'hfile.block.cache.size': '0.15',
      'hbase.defaults.for.version.skip': 'true',
      'hbase.localcluster.assign.random.ports': 'false',
      // one region server: stop waiting for more as soon as it reports (saves ~4.5 s)
      'hbase.master.wait.on.regionservers.maxtostart': '1',
      'hbase.backup.enable': 'true',
      ...(resolved.backup ? backupSettings() : {})
    }
    writeFileSync(join(confDir, 'hbase-site.xml'), siteXml(props))
    writeFileSync(join(confDir, 'log4j2.properties'), LOG4J2)

    const classpath = [confDir, ...resolved.classpath].join(':')
    const jvm = (name: string, heap: string): ReadonlyArray<string> => [
      ...JDK17_FLAGS,
      // C1 only: these JVMs live for one test run, so start-up CPU matters more than peak speed
      '-XX:TieredStopAtLevel=1',
      `-Xmx${heap}`,
      `-Dlog4j2.configurationFile=${join(confDir, 'log4j2.properties')}`,
      `-Dhbase.log.file=${join(logDir, `${name}.log`)}`,
      `-Dhbase.log.dir=${logDir}`,
      '-cp',
      classpath
    ]
    const launch = (name: string, heap: string, main: string, args: ReadonlyArray<string>): void => {
      const child = spawnJava([...jvm(name, heap), main, ...args], join(logDir, `${name}.out`))
      if (child.pid !== undefined) groups.push(child.pid)
      children.push({ name, child })
    }

    log(`starting HMaster (ZooKeeper 127.0.0.1:${zk})…`)
    launch('master', '2g', 'org.apache.hadoop.hbase.master.HMaster', ['start'])
    for (const e of endpoints) {
      const flags = [...(e.transport === 'framed' ? ['-f'] : []), ...(e.protocol === 'compact' ? ['-c'] : [])]
      const name = `thrift-${e.transport}-${e.protocol}`
      if (resolved.gateway === 'apache') {
        launch(name, '256m', 'org.apache.hadoop.hbase.thrift2.ThriftServer', [
          '-b',
          '127.0.0.1',
          '-p',
          String(e.port),
          ...flags,
          '--infoport',
          '-1',
          'start'
        ])
      } else {
        launch(name, '256m', 'hbasebackupmeta.gateway.Gateway', [
          '-b',
          '127.0.0.1',
          '-p',
          String(e.port),
          ...flags
        ])
      }
    }

    const pending = new Set(endpoints)
    let last = ''
    while (pending.size > 0) {
      const dead = children.find((c) => c.child.exitCode !== null || c.child.signalCode !== null)
      if (dead !== undefined)
        throw new Error(
          `the ${dead.name} JVM exited during start (${dead.child.exitCode ?? dead.child.signalCode})`
        )
      if (Date.now() > deadline)
        throw new Error(`HBase did not answer within ${timeoutMs} ms (last: ${last})`)
      for (const e of [...pending]) {
        const error = await probe(e, 5_000)
        if (error === undefined) {
          pending.delete(e)
          log(
            `gateway ${e.transport}+${e.protocol} on ${e.port} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`
          )
        } else last = `${e.transport}+${e.protocol}: ${error}`
      }
      if (pending.size > 0) await sleep(500)
    }

    const cliJvm = jvm('run', '512m')
    const runJava = (
      mainClass: string,
      args: ReadonlyArray<string>,
      runOptions: { readonly timeoutMs?: number } = {}
    ): Promise<JavaResult> => runJvm(cliJvm, mainClass, args, runOptions)

    log(`HBase up in ${((Date.now() - started) / 1000).toFixed(1)} s (work dir ${workDir})`)
    return {
      host: '127.0.0.1',
      thrift: endpoints,
      gateway: resolved.gateway,
      backup: resolved.backup,
      workDir,
      confDir,
      classpath,
      javaArgs: JDK17_FLAGS,
      cliJvm,
      runJava,
      logTail,
      stop
    }
  } catch (e) {
    const logs = existsSync(logDir) ? logTail(80) : ''
    log(`HBase failed to start: ${e instanceof Error ? e.message : String(e)}\n${logs}`)
    await stop()
    throw e
  }
}

/**
 * Runs `java <jvm> <mainClass> <args>` in its own process group, killed after `timeoutMs`
 * (default 300 s) or when this process exits. `jvm` is a cluster's `cliJvm`, so a test worker that
 * only got it through vitest's `inject` can run the backup CLI against the same cluster.
 */
export const runJvm = (
  jvmArgs: ReadonlyArray<string>,
  mainClass: string,
  args: ReadonlyArray<string>,
  runOptions: { readonly timeoutMs?: number } = {}
): Promise<JavaResult> =>
  new Promise((res, rej) => {
    installExitHooks()
    const child = spawn('java', [...jvmArgs, mainClass, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const pgid = child.pid
    if (pgid !== undefined) liveGroups.add(pgid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      if (pgid !== undefined) killGroup(pgid, 'SIGKILL')
    }, runOptions.timeoutMs ?? 300_000)
    child.on('error', rej)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (pgid !== undefined) liveGroups.delete(pgid)
      res({ code, stdout, stderr })
    })
  })

/** `host:port` → endpoint parts; for HBASE_THRIFT-style settings. */
export const parseHostPort = (s: string): { readonly host: string; readonly port: number } => {
  const m = /^(.*):(\d+)$/.exec(s.trim())
  if (m === null) throw new Error(`expected host:port, got ${JSON.stringify(s)}`)
  return { host: m[1] === '' ? '127.0.0.1' : (m[1] as string), port: Number(m[2]) }
}

/** The repository root, for callers that need paths next to the harness. */
export const repoRoot = resolve(here, '../..')

// -------------------------------------------------------------------------------------------------
// an extra gateway, to kill and restart
// -------------------------------------------------------------------------------------------------

export interface GatewayProcess {
  readonly endpoint: ThriftEndpoint
  /** Sends `signal` to the gateway's process group (SIGKILL: it dies; SIGSTOP: it stops answering). */
  readonly signal: (signal: NodeJS.Signals) => void
  /** Kills it (if alive) and starts it again on the same port; resolves when it answers. */
  readonly restart: () => Promise<void>
  readonly stop: () => Promise<void>
}

/**
 * Starts one more Thrift2 gateway JVM against a running cluster, given the cluster's `cliJvm`
 * (whose classpath holds its hbase-site.xml) and which gateway it runs. Tests kill, pause and
 * restart it without disturbing the cluster's own gateways.
 */
export const startGateway = async (
  cliJvm: ReadonlyArray<string>,
  kind: GatewayKind,
  logDir: string,
  transport: Transport = 'buffered',
  protocol: Protocol = 'binary',
  readyWithinMs = 120_000,
  /** Gateway settings over hbase-site.xml, e.g. a short `hbase.thrift.server.socket.read.timeout`. */
  conf: Readonly<Record<string, string>> = {}
): Promise<GatewayProcess> => {
  installExitHooks()
  const [port] = await freePorts(1)
  const endpoint: ThriftEndpoint = { transport, protocol, port: port ?? 0 }
  const flags = [...(transport === 'framed' ? ['-f'] : []), ...(protocol === 'compact' ? ['-c'] : [])]
  // both servers take Hadoop's generic `-D key=value` (Apache's through ToolRunner, first)
  const generic = Object.entries(conf).flatMap(([k, v]) => ['-D', `${k}=${v}`])
  const args =
    kind === 'apache'
      ? [
          'org.apache.hadoop.hbase.thrift2.ThriftServer',
          ...generic,
          '-b',
          '127.0.0.1',
          '-p',
          String(endpoint.port),
          ...flags,
          '--infoport',
          '-1',
          'start'
        ]
      : [
          'hbasebackupmeta.gateway.Gateway',
          ...generic,
          '-b',
          '127.0.0.1',
          '-p',
          String(endpoint.port),
          ...flags
        ]
  let pgid: number | undefined
  const launch = async (): Promise<void> => {
    const child = spawnJava([...cliJvm, ...args], join(logDir, `extra-gateway-${endpoint.port}.out`))
    pgid = child.pid
    const deadline = Date.now() + readyWithinMs
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error('the extra gateway JVM exited during start')
      const error = await probe(endpoint, 5_000)
      if (error === undefined) return
      if (Date.now() > deadline)
        throw new Error(`the extra gateway did not answer within ${readyWithinMs} ms: ${error}`)
      await sleep(300)
    }
  }
  const stop = async (): Promise<void> => {
    if (pgid === undefined) return
    killGroup(pgid, 'SIGCONT')
    await endGroup(pgid, 2_000)
    pgid = undefined
  }
  await launch()
  return {
    endpoint,
    signal: (signal) => {
      if (pgid !== undefined) killGroup(pgid, signal)
    },
    restart: async () => {
      await stop()
      await launch()
    },
    stop
  }
}
