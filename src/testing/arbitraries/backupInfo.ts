/**
 * fast-check arbitraries for `BackupInfo` and its parts, shaped like what HBase's backup tool writes:
 * table names in the default and other namespaces, ids `backup_<ms>` with realistic timestamps,
 * `host:port` region servers, -1 for unset workers/bandwidth, optional fields present and absent.
 *
 * Every generated value passes the domain codec (tests assert it). Lists and maps of the optional
 * fields are non-empty when present: an empty one has no bytes on the wire, so it reads back absent.
 */
import fc from 'fast-check'
import type {
  BackupInfo,
  BackupTableInfo,
  ServerTimestamps,
  TableServerTimestamps
} from '../../core/domain/BackupInfo.js'
import { backupPhases, backupStates, backupTypes } from '../../core/domain/Enums.js'
import type { BackupId, BackupRoot, ServerName } from '../../core/domain/Identifiers.js'
import type { TableName } from '../../core/domain/TableName.js'

const chars = (alphabet: string) => fc.constantFrom(...alphabet.split(''))
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** Milliseconds from 2001 to 2100, as `System.currentTimeMillis()` gives them. */
export const millis: fc.Arbitrary<number> = fc.integer({ min: 1_000_000_000_000, max: 4_102_444_800_000 })

/** Any safe non-negative integer: the full range a uint64 timestamp may take here. */
export const safeUint: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.maxSafeNat(),
  fc.constant(Number.MAX_SAFE_INTEGER)
)

export const namespace: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('ns', 'ns1', 'prod', 'hbase', 'backup', 'my_ns'),
  fc.string({ unit: chars(`${ALNUM}_`), minLength: 1, maxLength: 12 })
)

export const qualifier: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('t1', 't2', 'usertable', 'orders.v2', 'web-logs', 'T_1'),
  fc
    .tuple(chars(`${ALNUM}_`), fc.string({ unit: chars(`${ALNUM}_.-`), maxLength: 20 }))
    .map(([first, rest]) => first + rest)
)

/** `t1` (default namespace) or `ns:t1`, as `getNameAsString()` prints them. */
export const tableName: fc.Arbitrary<TableName> = fc
  .tuple(fc.option(namespace, { nil: undefined, freq: 2 }), qualifier)
  .map(([ns, q]) => (ns === undefined || ns === 'default' ? q : `${ns}:${q}`) as TableName)

export const backupId: fc.Arbitrary<BackupId> = millis.map((ms) => `backup_${ms}` as BackupId)

export const backupRoot: fc.Arbitrary<BackupRoot> = fc.oneof(
  fc.constantFrom('hdfs://nn:8020/backup', '/r', 'file:///tmp/backup', 's3a://bucket/hbase/backups'),
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\0'))
) as fc.Arbitrary<BackupRoot>

const host: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('rs1', 'localhost', 'rs-2.example.com', '10.0.0.17', '[::1]', '[fe80::1]'),
  fc.domain()
)

/** A region server as `host:port`. */
export const serverName: fc.Arbitrary<ServerName> = fc
  .tuple(host, fc.oneof(fc.constantFrom(16020, 16201, 60020), fc.integer({ min: 0, max: 65535 })))
  .map(([h, p]) => `${h}:${p}` as ServerName)

export const serverTimestamps: fc.Arbitrary<ServerTimestamps> = fc.dictionary(serverName, millis, {
  minKeys: 1,
  maxKeys: 4,
  noNullPrototype: true
})

/** Per table, the servers' timestamps; non-empty. A table's own server map may be empty. */
export const tableServerTimestamps: fc.Arbitrary<TableServerTimestamps> = fc.dictionary(
  tableName,
  fc.oneof({ weight: 5, arbitrary: serverTimestamps }, { weight: 1, arbitrary: fc.constant({}) }),
  { minKeys: 1, maxKeys: 3, noNullPrototype: true }
)

export const backupTableInfo = (table: TableName): fc.Arbitrary<BackupTableInfo> =>
  fc
    .option(millis, { nil: undefined })
    .map((ms) =>
      ms === undefined ? { table } : { table, snapshotName: `snapshot_${ms}_${table.replace(':', '_')}` }
    )

/** Distinct tables, as the Java map keyed by table name holds them. */
const tables: fc.Arbitrary<ReadonlyArray<BackupTableInfo>> = fc
  .uniqueArray(tableName, { minLength: 0, maxLength: 5 })
  .chain((names) => fc.tuple(...names.map(backupTableInfo)))

const minusOneOr = (arb: fc.Arbitrary<number>) => fc.oneof(fc.constant(-1), arb)

const walFile: fc.Arbitrary<string> = fc
  .tuple(host, millis)
  .map(([h, ms]) => `hdfs://nn:8020/hbase/oldWALs/${h}%2C16020%2C${ms}.${ms}`)

export const backupInfo: fc.Arbitrary<BackupInfo> = fc
  .record(
    {
      backupId,
      type: fc.constantFrom(...backupTypes),
      backupRootDir: backupRoot,
      phase: fc.constantFrom(...backupPhases),
      tables,
      startTs: fc.oneof(fc.constant(0), millis),
      completeTs: fc.oneof(fc.constant(0), millis),
      progress: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(0x7fff_ffff)),
      workers: minusOneOr(fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constant(0x7fff_ffff))),
      bandwidth: minusOneOr(fc.oneof(fc.integer({ min: 0, max: 1000 }), safeUint)),
      state: fc.constantFrom(...backupStates),
      failedMessage: fc.string({ maxLength: 60 }),
      tableSetTimestamp: tableServerTimestamps,
      incrBackupFileList: fc.array(walFile, { minLength: 1, maxLength: 4 }),
      totalBytesCopied: safeUint,
      noChecksumVerify: fc.boolean(),
      incrTimestampMap: tableServerTimestamps
    },
    {
      requiredKeys: [
        'backupId',
        'type',
        'backupRootDir',
        'phase',
        'tables',
        'startTs',
        'completeTs',
        'progress',
        'workers',
        'bandwidth'
      ],
      noNullPrototype: true
    }
  )
  .map((x) => x as BackupInfo)

/** The value of a `trslm:` row. */
export const tableServerTimestamp: fc.Arbitrary<{ table: TableName; servers: ServerTimestamps }> = fc.record(
  {
    table: tableName,
    servers: fc.oneof({ weight: 5, arbitrary: serverTimestamps }, { weight: 1, arbitrary: fc.constant({}) })
  },
  { noNullPrototype: true }
)
