/**
 * The catalogue of hostile arguments: for every API method, each argument's name (what the error
 * must name), a generator of valid values for it and a generator of values the method must refuse.
 * Keyed by `MethodName`, so a new method does not compile until it has an entry.
 */
import fc from 'fast-check'
import { BackupInfo } from '../../src/core/domain/BackupInfo.js'
import type { MethodName } from '../../src/api/methods.js'
import { arbitraries as A } from '../../src/testing/index.js'

export interface ArgSpec {
  /** The start of the error's `field` when this argument is the bad one. */
  readonly field: string
  readonly valid: fc.Arbitrary<unknown>
  readonly invalid: fc.Arbitrary<unknown>
}

/** Values of the wrong JavaScript type, which untyped callers (JSON, CLIs) can pass. */
const wrongType = fc.constantFrom<unknown>(undefined, null, 42, true, {}, [], Symbol.iterator)
const notAnArray = fc.constantFrom<unknown>(undefined, null, 'a', 42, {})
const oversized = fc.constantFrom('x'.repeat(40_000), 'é'.repeat(20_000))

const badText = (named: fc.Arbitrary<string>) => fc.oneof(named, wrongType, oversized)

const table: ArgSpec = { field: 'table', valid: A.tableName, invalid: badText(A.invalidTableName) }
const root: ArgSpec = { field: 'backupRoot', valid: A.backupRoot, invalid: badText(A.invalidBackupRoot) }
const backupId: ArgSpec = { field: 'backupId', valid: A.backupId, invalid: badText(A.invalidBackupId) }
const setName: ArgSpec = { field: 'name', valid: A.backupSetName, invalid: badText(A.invalidBackupSetName) }
const server: ArgSpec = { field: 'server', valid: A.serverName, invalid: badText(A.invalidServerName) }

/** An array holding one bad element among good ones, an empty array where one is required, or no array. */
const listOf = (
  field: string,
  element: { readonly valid: fc.Arbitrary<unknown>; readonly invalid: fc.Arbitrary<unknown> },
  options: { readonly nonEmpty: boolean }
): ArgSpec => ({
  field,
  valid: fc.array(element.valid, { minLength: 1, maxLength: 4 }),
  invalid: fc.oneof(
    fc.tuple(fc.array(element.valid, { maxLength: 3 }), element.invalid, fc.nat()).map(([good, bad, at]) => {
      const xs: Array<unknown> = [...good]
      xs.splice(at % (good.length + 1), 0, bad)
      return xs
    }),
    notAnArray,
    ...(options.nonEmpty ? [fc.constant([])] : [])
  )
})

/** Millisecond timestamps and start codes: non-negative integers a Java long holds exactly. */
const timestamp = (field: string): ArgSpec => ({
  field,
  valid: A.millis,
  invalid: fc.constantFrom<unknown>(-1, 1.5, Number.NaN, Infinity, 2 ** 63, '1500000000000', null, undefined)
})

const limit = (field: string): ArgSpec => ({
  field,
  valid: fc.nat({ max: 50 }),
  invalid: fc.constantFrom<unknown>(-1, 0.5, Number.NaN, Infinity, '10', null)
})

const walPath = fc.stringMatching(/^\/hbase\/WALs\/rs1,16020,1\/[a-z0-9.%]{1,20}$/)
const walFile = { valid: walPath, invalid: badText(fc.constantFrom('', '/hbase/WALs/', 'a\u0000b', 'dir/')) }

const region = fc.stringMatching(/^[0-9a-f]{32}$/)
const family = fc.constantFrom('cf', 'f1', 'info')
const hfilePath = fc.stringMatching(/^\/staging\/cf\/[0-9a-f]{8,32}$/)
const badRegion = badText(fc.constantFrom('', 'a:b', 'a/b', 'r\u0000'))
const badFamily = badText(fc.constantFrom('', 'c\u0000f'))
const badPath = badText(fc.constantFrom('', '/staging/cf/', '/x/a:b', 'p\u0000'))

const encodedInfo = A.backupInfo.map((i) => BackupInfo.encode(i))
const backupInfo: ArgSpec = {
  field: 'backupInfo',
  valid: encodedInfo,
  invalid: fc.oneof(
    wrongType,
    fc.tuple(encodedInfo, A.invalidBackupId).map(([i, id]) => ({ ...i, backupId: id })),
    fc.tuple(encodedInfo, A.invalidBackupRoot).map(([i, r]) => ({ ...i, backupRootDir: r })),
    fc.tuple(encodedInfo, fc.constantFrom('NOPE', '', 7)).map(([i, s]) => ({ ...i, state: s })),
    fc.tuple(encodedInfo, fc.constantFrom('DIFFERENTIAL', null)).map(([i, s]) => ({ ...i, type: s })),
    fc.tuple(encodedInfo, fc.constantFrom(-2, 1.5, 2 ** 64)).map(([i, n]) => ({ ...i, startTs: n }))
  )
}

const rowKeys = (field: string): ArgSpec => ({
  field,
  valid: fc.array(fc.uint8Array({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
  invalid: fc.oneof(notAnArray, fc.constant(['key']), fc.constant([new Uint8Array(0)]))
})

const pathsByFamily: ArgSpec = {
  field: 'pathsByFamily',
  valid: fc.dictionary(family, fc.array(hfilePath, { minLength: 1, maxLength: 3 }), {
    minKeys: 1,
    maxKeys: 2
  }),
  invalid: fc.oneof(
    notAnArray.filter((x) => typeof x !== 'object' || x === null),
    fc.oneof(fc.constantFrom('', 'c\u0000f'), oversized).map((f) => ({ [f]: ['/staging/cf/abc'] })),
    badPath.map((p) => ({ cf: [p] })),
    fc.constant({ cf: 'not-a-list' })
  )
}

const bulkFile = {
  valid: fc.record({ table: A.tableName, family, path: hfilePath }),
  invalid: fc.oneof(
    wrongType,
    A.invalidTableName.map((t) => ({ table: t, family: 'cf', path: '/staging/cf/abc' })),
    badFamily.map((f) => ({ table: 't', family: f, path: '/staging/cf/abc' })),
    badPath.map((p) => ({ table: 't', family: 'cf', path: p }))
  )
}

const historyOptions: ArgSpec = {
  field: 'options',
  valid: fc.record({ onlyCompleted: fc.boolean(), limit: fc.nat({ max: 20 }) }, { requiredKeys: [] }),
  invalid: fc.oneof(
    fc.constantFrom<unknown>(null, 42, 'x'),
    fc.constantFrom(-1, 0.5, Number.NaN).map((l) => ({ limit: l })),
    fc.constantFrom('sideways', 1).map((o) => ({ order: o })),
    fc.constantFrom<unknown>('yes', 1).map((c) => ({ onlyCompleted: c })),
    fc.constantFrom<unknown>('f', [1]).map((f) => ({ filters: f }))
  )
}

const timestampsByServer: ArgSpec = {
  field: 'timestamps',
  valid: fc.dictionary(A.serverName, A.millis, { minKeys: 1, maxKeys: 3 }),
  invalid: fc.oneof(
    fc.constantFrom<unknown>(null, 42, 'x', []),
    A.invalidServerName.map((s) => ({ [s]: 1_500_000_000_000 })),
    fc.constantFrom<unknown>(-1, 1.5, '1').map((n) => ({ 'rs1:16020': n }))
  )
}

/** Methods without arguments have nothing to refuse; they are listed so that none is forgotten. */
export const hostileCatalogue: { readonly [K in MethodName]: ReadonlyArray<ArgSpec> } = {
  updateBackupInfo: [backupInfo],
  readBackupInfo: [backupId],
  deleteBackupInfo: [backupId],
  getBackupHistory: [historyOptions],
  getHistory: [limit('n')],
  getBackupHistoryPage: [historyOptions],
  getBackupHistoryForRoot: [root],
  getBackupHistoryForTable: [table],
  getBackupHistoryForTableSet: [listOf('tables', table, { nonEmpty: false }), root],
  getBackupInfos: [
    {
      field: 'state',
      valid: fc.constantFrom('COMPLETE', 'RUNNING'),
      invalid: badText(fc.constantFrom('DONE', ''))
    }
  ],
  getTablesForBackupType: [
    {
      field: 'type',
      valid: fc.constantFrom('FULL', 'INCREMENTAL'),
      invalid: badText(fc.constantFrom('full', ''))
    }
  ],
  hasBackupSessions: [],
  readBackupStartCode: [root],
  writeBackupStartCode: [timestamp('startCode'), root],
  startBackupExclusiveOperation: [],
  finishBackupExclusiveOperation: [],
  readRegionServerLastLogRollResult: [root],
  writeRegionServerLastLogRollResult: [server, timestamp('timestamp'), root],
  writeRegionServerLogTimestamp: [listOf('tables', table, { nonEmpty: false }), timestampsByServer, root],
  readLogTimestampMap: [root],
  getIncrementalBackupTableSet: [root],
  addIncrementalBackupTableSet: [listOf('tables', table, { nonEmpty: true }), root],
  deleteIncrementalBackupTableSet: [root],
  addWALFiles: [listOf('files', walFile, { nonEmpty: false }), backupId, root],
  getWALFiles: [root],
  getWALFilesPage: [
    root,
    {
      field: 'after',
      valid: walPath,
      invalid: fc.constantFrom<unknown>('', '/hbase/WALs/', 'a\u0000b', 'dir/', 42, null)
    },
    limit('limit')
  ],
  isWALFileDeletable: [{ field: 'file', ...walFile }],
  listBackupSets: [],
  describeBackupSet: [setName],
  addToBackupSet: [setName, listOf('tables', table, { nonEmpty: true })],
  removeFromBackupSet: [setName, listOf('tables', table, { nonEmpty: false })],
  deleteBackupSet: [setName],
  writePathsPostBulkLoad: [table, { field: 'region', valid: region, invalid: badRegion }, pathsByFamily],
  writeFilesForBulkLoadPreCommit: [
    table,
    { field: 'region', valid: region, invalid: badRegion },
    { field: 'family', valid: family, invalid: badFamily },
    listOf('paths', { valid: hfilePath, invalid: badPath }, { nonEmpty: false })
  ],
  readBulkloadRows: [listOf('tables', table, { nonEmpty: false })],
  removeBulkLoadedRows: [rowKeys('rowKeys')],
  writeBulkLoadedFiles: [backupId, listOf('files', bulkFile, { nonEmpty: false })],
  readBulkLoadedFiles: [backupId],
  deleteBulkLoadedFiles: [rowKeys('rowKeys')],
  startDeleteOperation: [listOf('backupIds', backupId, { nonEmpty: true })],
  finishDeleteOperation: [],
  getListOfBackupIdsFromDeleteOperation: [],
  startMergeOperation: [listOf('backupIds', backupId, { nonEmpty: true })],
  updateProcessedTablesForMerge: [listOf('tables', table, { nonEmpty: true })],
  finishMergeOperation: [],
  getListOfBackupIdsFromMergeOperation: [],
  isMergeInProgress: [],
  snapshot: [],
  restoreFromSnapshot: [],
  snapshotExists: [],
  deleteSnapshot: []
}

export interface HostileCall {
  readonly method: MethodName
  /** Index of the bad argument. */
  readonly bad: number
  readonly field: string
  readonly args: ReadonlyArray<unknown>
}

/** One method, one bad argument, every other argument valid. */
export const hostileCall: fc.Arbitrary<HostileCall> = fc
  .constantFrom(
    ...(Object.entries(hostileCatalogue) as Array<[MethodName, ReadonlyArray<ArgSpec>]>).flatMap(
      ([method, specs]) => specs.map((_, bad) => ({ method, specs, bad }))
    )
  )
  .chain(({ method, specs, bad }) =>
    fc
      .tuple(...specs.map((s, i) => (i === bad ? s.invalid : s.valid)))
      .map((args) => ({ method, bad, field: specs[bad]?.field ?? '?', args }))
  )
