/**
 * Which layout a live table has, decided from what is in it. The reads are data (`probes`, a few
 * bounded scans and one get); `decide` is pure over what they returned, and says on what evidence it
 * chose, and which layouts the evidence could not tell apart.
 *
 * Rows outlive the release that wrote them (an upgraded cluster keeps its old `wals:` or
 * `startcode:` rows), so the newest writer's marks decide first:
 *   1. no system table yet                             → the newest layout (a new table)
 *   2. a session with field 15 or 16 (2.6.7 writes both on every put) → 2.6.7
 *   3. a mark of a writer newer than any 2.6 release: field 14 as a varint (HBASE-29240), an enum
 *      number no release has, a field above 17, a `continuousbackupset` row → 2.6.7, the nearest
 *   4. `wals:` rows, bulk rows in the system table, or no bulk table → 2017
 *   5. bulk rows with a `state` cell                    → 2.6.1
 *   6. `startcode:` rows: with copied-file rows → 2.6.2; with state-less bulk rows only, 2.6.2–2.6.4
 *      look the same; with no bulk rows at all, 2.6.1–2.6.4 do; the oldest is chosen
 *   7. a COMPLETE FULL session and no `startcode:` row (every full backup wrote one before 2.6.5) → 2.6.5
 *   8. no sessions at all → the newest; otherwise the oldest layout the evidence allows
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import type { BackupInfo } from '../domain/BackupInfo.js'
import { INCR_BACKUP_FILE_LIST_FIELD, LAST_KNOWN_FIELD } from '../domain/BackupInfo.js'
import * as Op from '../Operation.js'
import * as Session from '../rows/BackupSession.js'
import * as BulkLoad from '../rows/BulkLoad.js'
import * as Copy from '../rows/BulkLoadedCopy.js'
import * as Continuous from '../rows/ContinuousBackupSet.js'
import { META_FAMILY, SESSIONS_FAMILY } from '../rows/Schema.js'
import * as StartCode from '../rows/StartCode.js'
import * as WalFile from '../rows/WalFile.js'
import type { LayoutName } from './Layout.js'
import { layoutNames } from './Layout.js'
import { NEWEST } from './layouts.js'

/** How many rows of a family detection looks at, at most. */
export const PROBE_ROWS = 100

export const probes = {
  /** The newest sessions (highest ids). */
  sessions: Op.scan('system', Session.range, { family: SESSIONS_FAMILY, reverse: true, limit: PROBE_ROWS }),
  startCodes: Op.scan('system', StartCode.space.range, { family: META_FAMILY, limit: 1 }),
  wals: Op.scan('system', WalFile.space.range, { family: META_FAMILY, limit: 1 }),
  bulkInSystem: Op.scan('system', BulkLoad.space.range, { family: META_FAMILY, limit: PROBE_ROWS }),
  bulkInBulk: Op.scan('bulk', BulkLoad.space.range, { family: META_FAMILY, limit: PROBE_ROWS }),
  continuousBackupSet: Continuous.get
} as const

/** What the probes returned. `bulkInBulk` is empty when there is no bulk table. */
export interface Observations {
  readonly systemTableExists: boolean
  readonly bulkTableExists: boolean
  readonly sessions: ReadonlyArray<Op.Row>
  readonly startCodes: ReadonlyArray<Op.Row>
  readonly wals: ReadonlyArray<Op.Row>
  readonly bulkInSystem: ReadonlyArray<Op.Row>
  readonly bulkInBulk: ReadonlyArray<Op.Row>
  readonly continuousBackupSet: O.Option<Op.Row>
}

export interface Detection {
  readonly layout: LayoutName
  /** Every layout the evidence allows (the choice among them is explained in `evidence`). */
  readonly candidates: ReadonlyArray<LayoutName>
  readonly evidence: ReadonlyArray<string>
}

const from = (first: LayoutName, last: LayoutName = NEWEST): ReadonlyArray<LayoutName> =>
  layoutNames.slice(layoutNames.indexOf(first), layoutNames.indexOf(last) + 1)

const isBulkLoad = (row: Op.Row): boolean => {
  const r = BulkLoad.decodeRow(row)
  return E.isRight(r) && O.isSome(r.right)
}
const isCopy = (row: Op.Row): boolean => {
  const r = Copy.decodeRow(row)
  return E.isRight(r) && O.isSome(r.right)
}
const hasState = (row: Op.Row): boolean => Op.cellValue(META_FAMILY, BulkLoad.STATE)(row) !== undefined

const newerThan26 = (info: BackupInfo): string | undefined => {
  for (const f of info.unknownFields ?? []) {
    if (f.number === INCR_BACKUP_FILE_LIST_FIELD && f.wireType === 0)
      return `${info.backupId} has field 14 as a varint (HBASE-29240's disallowFurtherIncrementals)`
    if (f.number > LAST_KNOWN_FIELD) return `${info.backupId} has field ${f.number}, which no release writes`
  }
  if (info.type === 'UNKNOWN' || info.state === 'UNKNOWN' || info.phase === 'UNKNOWN')
    return `${info.backupId} has an enum number no release has (e.g. phase 6 SETUP_WAL_REPLICATION)`
  return undefined
}

export const decide = (o: Observations): Detection => {
  const chose = (
    layout: LayoutName,
    candidates: ReadonlyArray<LayoutName>,
    evidence: ReadonlyArray<string>
  ) => ({
    layout,
    candidates,
    evidence
  })
  if (!o.systemTableExists)
    return chose(NEWEST, from('2017'), [
      'the system table does not exist yet: a new table gets the newest layout'
    ])
  const infos: Array<BackupInfo> = []
  let undecodable = 0
  for (const row of o.sessions) {
    const r = Session.decodeRow(row)
    if (E.isRight(r)) infos.push(r.right)
    else undecodable++
  }
  const seen = [
    `${infos.length} session(s) read${undecodable > 0 ? `, ${undecodable} did not decode and were not used` : ''}`
  ]
  const with1516 = infos.find((i) => i.totalBytesCopied !== undefined || i.noChecksumVerify !== undefined)
  if (with1516 !== undefined)
    return chose(
      '2.6.7',
      ['2.6.7'],
      [...seen, `${with1516.backupId} has BackupInfo field 15/16, which 2.6.7 writes on every put`]
    )
  const newer = [
    ...infos.flatMap((i) => {
      const why = newerThan26(i)
      return why === undefined ? [] : [why]
    }),
    ...(O.isSome(o.continuousBackupSet) && o.continuousBackupSet.value.cells.length > 0
      ? ['a continuousbackupset row exists (continuous-backup branch, HBASE-28957)']
      : [])
  ]
  if (newer.length > 0)
    return chose(
      '2.6.7',
      ['2.6.7'],
      [...seen, ...newer, 'a writer newer than every 2.6 release: the nearest layout is 2.6.7 (master)']
    )
  if (o.wals.length > 0)
    return chose('2017', ['2017'], [...seen, 'wals: rows exist (removed by HBASE-25891, before 2.6)'])
  if (o.bulkInSystem.some(isBulkLoad))
    return chose(
      '2017',
      ['2017'],
      [...seen, 'bulk-load rows are in the system table (moved out by HBASE-19568)']
    )
  if (!o.bulkTableExists)
    return chose(
      '2017',
      ['2017'],
      [...seen, 'there is no bulk table (every HBase since 2.1 creates <name>_bulk)']
    )
  const bulk = o.bulkInBulk.filter(isBulkLoad)
  if (bulk.some(hasState))
    return chose(
      '2.6.1',
      ['2.6.1'],
      [...seen, 'bulk-load rows carry meta:state (dropped by HBASE-28767 in 2.6.2)']
    )
  if (o.startCodes.length > 0) {
    const hasStartCodes = 'startcode: rows exist (no longer written since 2.6.5)'
    if (o.bulkInBulk.some(isCopy))
      return chose(
        '2.6.2',
        ['2.6.2'],
        [
          ...seen,
          hasStartCodes,
          'bulk-load rows without meta:state (2.6.2+)',
          'copied-file rows exist (no longer written since 2.6.3)'
        ]
      )
    if (bulk.length > 0)
      return chose('2.6.2', from('2.6.2', '2.6.3'), [
        ...seen,
        hasStartCodes,
        'bulk-load rows without meta:state (2.6.2+) and no copied-file rows: 2.6.2 and 2.6.3–2.6.4 look the same here; the oldest is chosen'
      ])
    return chose('2.6.1', from('2.6.1', '2.6.3'), [
      ...seen,
      hasStartCodes,
      'no bulk-load or copied-file rows tell 2.6.1–2.6.4 apart: the oldest is chosen'
    ])
  }
  if (infos.some((i) => i.type === 'FULL' && i.state === 'COMPLETE'))
    return chose(
      '2.6.5',
      ['2.6.5'],
      [
        ...seen,
        'a COMPLETE FULL session and no startcode: row (every full backup wrote one before 2.6.5)',
        'no session has field 15/16 (2.6.7)'
      ]
    )
  if (infos.length === 0 && undecodable === 0)
    return chose(NEWEST, from('2.6.1'), [
      ...seen,
      'no sessions and nothing else that tells releases apart: the newest layout'
    ])
  return chose('2.6.1', from('2.6.1'), [
    ...seen,
    'nothing tells the 2.6 releases apart: the oldest is chosen'
  ])
}
