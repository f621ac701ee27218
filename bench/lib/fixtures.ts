/**
 * Domain values for the codec and API benchmarks, built as callers write them and checked by the
 * library's own codecs, so a benchmark never times a rejected value.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { BackupInfoInput } from '../../src/api/methods.js'
import type { BackupInfo } from '../../src/core/domain/BackupInfo.js'
import { BackupInfo as BackupInfoCodec } from '../../src/core/domain/BackupInfo.js'
import { validate } from '../../src/core/domain/validate.js'
import type { TableServerTimestamp } from '../../src/core/proto/index.js'
import { TableServerTimestamp as TstCodec } from '../../src/core/proto/TableServerTimestampProto.js'

const right = <A>(e: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`bench fixture ${what} is invalid: ${JSON.stringify(e.left)}`)
  return e.right
}

export const tableName = (i: number): string => `ns${i % 10}:table_${String(i).padStart(5, '0')}`
export const serverName = (i: number): string => `rs-${String(i).padStart(4, '0')}.example.com:16020`
export const ROOT = 'hdfs://namenode:8020/backup'

export const serverTimestamps = (servers: number, base: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: servers }, (_, s) => [serverName(s), base + s]))

/** The plain input a caller passes to `updateBackupInfo`. */
export const backupInfoInput = (o: {
  readonly id: number
  readonly tables: number
  readonly servers: number
  readonly state?: 'COMPLETE' | 'FAILED' | 'RUNNING'
}): BackupInfoInput => {
  const tables = Array.from({ length: o.tables }, (_, i) => tableName(i))
  const start = 1_700_000_000_000 + o.id * 1000
  return {
    backupId: `backup_${start}`,
    type: o.id % 5 === 0 ? 'FULL' : 'INCREMENTAL',
    backupRootDir: ROOT,
    state: o.state ?? 'COMPLETE',
    phase: 'STORE_MANIFEST',
    tables: tables.map((table) => ({ table, snapshotName: `snapshot_${start}_${table.replace(':', '_')}` })),
    startTs: start,
    completeTs: start + 60_000,
    progress: 100,
    workers: 4,
    bandwidth: -1,
    ...(o.servers > 0
      ? { tableSetTimestamp: Object.fromEntries(tables.map((t) => [t, serverTimestamps(o.servers, start)])) }
      : {})
  }
}

export const backupInfo = (o: Parameters<typeof backupInfoInput>[0]): BackupInfo =>
  right(validate(BackupInfoCodec)(backupInfoInput(o)), 'BackupInfo')

export const tableServerTimestamp = (table: number, servers: number): TableServerTimestamp =>
  right(
    validate(TstCodec)({ table: tableName(table), servers: serverTimestamps(servers, 1_700_000_000_000) }),
    'TableServerTimestamp'
  )
