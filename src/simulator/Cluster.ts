/**
 * The simulated cluster: everything the backup flows touch besides the system table — user tables,
 * region servers whose WAL files roll, bulk loads, table snapshots, and the backup root's
 * directories. It is plain mutable state driven by the virtual clock and the seeded generator; the
 * flows change it only in their [X] steps.
 *
 * Layout of the simulated file system (names as HBase writes them):
 * - WAL `hdfs://sim/hbase/oldWALs/<host>%2C<port>%2C<startcode>.<creationTs>`; a roll closes the
 *   current file and opens one named by the roll time, so the highest filenum before a roll is the
 *   previous roll's time (what the log-roll procedure records in `rslogts`);
 * - backup data `<root>/<backupId>/<ns>/<qualifier>`, tracked as backupId → set of tables;
 * - HFiles of bulk loads `hdfs://sim/staging/<table>/<region>/cf/<hfile>`.
 */
import type { Random } from './Random.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface RegionServer {
  readonly host: string
  readonly port: number
  /** `host:port`, as the log-roll code writes it into `rslogts` rows. */
  readonly name: string
  readonly startcode: number
  /** Creation times of every WAL file, oldest first; the last is the one being written. */
  readonly wals: Array<number>
}

export interface BulkLoadFile {
  readonly table: string
  readonly region: string
  readonly family: string
  readonly path: string
  readonly loadedAt: number
}

export interface Cluster {
  readonly root: string
  readonly tables: ReadonlyArray<string>
  readonly servers: ReadonlyArray<RegionServer>
  /** backupId → tables whose data directory exists under the root. */
  readonly dirs: Map<string, Set<string>>
  /** Merge's temporary copies, `.tmp/<backupId>` → tables. */
  readonly tmpDirs: Map<string, Set<string>>
  /** Table snapshots taken by full backups and not yet deleted. */
  readonly tableSnapshots: Set<string>
  /** Bulk-loaded HFiles that no backup has captured yet (the next incremental must copy them). */
  readonly pendingBulkLoads: Array<BulkLoadFile>
}

export interface ClusterOptions {
  readonly tables: number
  readonly servers: number
  readonly root?: string
}

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

const TABLE_NAMES = ['t1', 't2', 'ns1:t3', 't4', 'ns1:t5', 't6', 't7', 'ns2:t8']

export const tableName = (i: number): string => TABLE_NAMES[i] ?? `t${i + 1}`

export const cluster = (options: ClusterOptions, now: number): Cluster => ({
  root: options.root ?? 'hdfs://sim/backup',
  tables: Array.from({ length: Math.max(1, options.tables) }, (_, i) => tableName(i)),
  servers: Array.from({ length: Math.max(1, options.servers) }, (_, i) => {
    const host = `rs${i + 1}.sim`
    return {
      host,
      port: 16020,
      name: `${host}:16020`,
      startcode: now - 86_400_000 + i,
      wals: [now - 3_600_000 + i]
    }
  }),
  dirs: new Map(),
  tmpDirs: new Map(),
  tableSnapshots: new Set(),
  pendingBulkLoads: []
})

// -------------------------------------------------------------------------------------------------
// WAL files
// -------------------------------------------------------------------------------------------------

export const walPath = (s: RegionServer, ts: number): string =>
  `hdfs://sim/hbase/oldWALs/${s.host}%2C${s.port}%2C${s.startcode}.${ts}`

const current = (s: RegionServer): number => s.wals[s.wals.length - 1] ?? s.startcode

/** Rolls every server's WAL at `now`; returns, per server, the highest filenum before the roll. */
export const rollAll =
  (now: number) =>
  (c: Cluster): Readonly<Record<string, number>> =>
    Object.fromEntries(
      c.servers.map((s) => {
        const before = current(s)
        if (now > before) s.wals.push(now)
        return [s.name, before]
      })
    )

/** Background traffic: some servers roll their WAL on their own. */
export const traffic =
  (now: number, rng: Random) =>
  (c: Cluster): void => {
    for (const s of c.servers) if (rng.chance(0.3) && now > current(s)) s.wals.push(now)
  }

/** WAL files of each server created in (after[server], upTo[server]]; `after` absent means −∞. */
export const walsBetween =
  (after: Readonly<Record<string, number>> | undefined, upTo: Readonly<Record<string, number>>) =>
  (c: Cluster): ReadonlyArray<string> =>
    c.servers.flatMap((s) => {
      const hi = upTo[s.name]
      if (hi === undefined) return []
      const lo = after?.[s.name] ?? Number.NEGATIVE_INFINITY
      return s.wals.filter((ts) => ts > lo && ts <= hi).map((ts) => walPath(s, ts))
    })

// -------------------------------------------------------------------------------------------------
// backup data
// -------------------------------------------------------------------------------------------------

export const writeDir =
  (backupId: string, table: string) =>
  (c: Cluster): void => {
    const d = c.dirs.get(backupId) ?? new Set<string>()
    d.add(table)
    c.dirs.set(backupId, d)
  }

/** Removes one table's directory of a backup, or the whole backup directory. */
export const removeDir =
  (backupId: string, table?: string) =>
  (c: Cluster): void => {
    if (table === undefined) {
      c.dirs.delete(backupId)
      return
    }
    const d = c.dirs.get(backupId)
    d?.delete(table)
    if (d !== undefined && d.size === 0) c.dirs.delete(backupId)
  }

// -------------------------------------------------------------------------------------------------
// bulk loads
// -------------------------------------------------------------------------------------------------

const hex = (rng: Random, n: number): string =>
  Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('')

/** Stages `files` HFiles for `table` in one region (the files exist; rows are the flows' job). */
export const stageBulkLoad =
  (table: string, files: number, now: number, rng: Random) =>
  (_c: Cluster): ReadonlyArray<BulkLoadFile> => {
    const region = hex(rng, 32)
    return Array.from({ length: Math.max(1, files) }, (_, i) => ({
      table,
      region,
      family: 'cf',
      path: `hdfs://sim/staging/${table.replace(':', '/')}/${region}/cf/hfile_${now}_${i}`,
      loadedAt: now
    }))
  }

/** A full backup's table snapshot captures every HFile loaded so far: nothing is pending any more. */
export const captureBulkLoads =
  (tables: ReadonlyArray<string>, paths?: ReadonlySet<string>) =>
  (c: Cluster): void => {
    const keep = c.pendingBulkLoads.filter(
      (b) => !(tables.includes(b.table) && (paths === undefined || paths.has(b.path)))
    )
    c.pendingBulkLoads.splice(0, c.pendingBulkLoads.length, ...keep)
  }
