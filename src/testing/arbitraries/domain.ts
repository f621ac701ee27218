/**
 * fast-check arbitraries for the identifiers of the backup table: valid values that pass their
 * codecs, look-alikes that stress key boundaries (roots that are prefixes of one another, a default
 * table named like a namespace), and invalid values each codec must reject.
 */
import fc from 'fast-check'
import type { BackupSetName, BackupRoot } from '../../core/domain/Identifiers.js'
import type { TableName } from '../../core/domain/TableName.js'
import { backupRoot, tableName } from './backupInfo.js'

export {
  backupId,
  backupInfo,
  backupRoot,
  millis,
  serverName,
  tableName,
  tableServerTimestamp
} from './backupInfo.js'

const SET_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./: '

export const backupSetName: fc.Arbitrary<BackupSetName> = fc.oneof(
  fc.constantFrom('daily', 'nightly', 'set1', 'set10', 'a'),
  fc.string({ unit: fc.constantFrom(...SET_CHARS.split('')), minLength: 1, maxLength: 16 })
) as fc.Arbitrary<BackupSetName>

/** A root and extensions of it that share its text as a prefix (`r`, `r2`, `r/backup`, `r\u0001`). */
export const rootFamily: fc.Arbitrary<ReadonlyArray<BackupRoot>> = fc
  .tuple(backupRoot, fc.subarray(['2', '/backup', '_old', '\u0001', 'ÿ', ' '], { minLength: 1 }))
  .map(([r, suffixes]) => [r, ...suffixes.map((s) => `${r}${s}` as BackupRoot)])

/** Tables that look alike in bulk-load keys: `t`, `t:x` (namespace t), `tx`, `t.x`. */
export const tableLookAlikes: fc.Arbitrary<ReadonlyArray<TableName>> = fc
  .constantFrom('t', 'ns', 'backup_1500000000000', 'a_b')
  .chain((base) =>
    fc.constant([
      base,
      `${base}:x`,
      `${base}x`,
      `${base}.x`,
      `${base}:${base}`
    ] as unknown as ReadonlyArray<TableName>)
  )

/** Either one valid table or a namespaced one sharing its namespace name. */
export const tableNames: fc.Arbitrary<ReadonlyArray<TableName>> = fc.uniqueArray(tableName, {
  minLength: 1,
  maxLength: 5
})

/** Strings no table-name codec may accept, each for a different reason. */
export const invalidTableName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ':',
    'a:',
    ':b',
    'a:b:c',
    '.t',
    '-t',
    'ns:.t',
    'ns:-t',
    't t',
    'ns!:t',
    't\u0000',
    'ü',
    'a/b',
    'a,b'
  ),
  fc.string({ minLength: 1, maxLength: 6 }).map((s) => `${s}:${s}:${s}`)
)

export const invalidBackupId: fc.Arbitrary<string> = fc.constantFrom(
  '',
  'backup_',
  'backup_x',
  'backup_-1',
  'Backup_1',
  'backup_1 ',
  '1500000000000',
  'backup_99999999999999999999'
)

export const invalidBackupRoot: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`)
)

export const invalidServerName: fc.Arbitrary<string> = fc.constantFrom(
  '',
  'host',
  ':16020',
  'host:',
  'host:port',
  'host:65536',
  'host:-1',
  'ho st:1',
  'host:1:2x',
  'rs1,16020,1500000000000'
)

export const invalidBackupSetName: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 6 }).map((s) => `${s},${s}`),
  fc.string({ maxLength: 6 }).map((s) => `${s}\u0000`)
)
