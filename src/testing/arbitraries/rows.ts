/**
 * One arbitrary per row family: a parameter, the key written for it, and the range a read for
 * that parameter scans. With `decode` and `selects` a test states the isolation law: a key written
 * for p is selected by p's read and by no other parameter's, in no other family.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as B from '../../core/Bytes.js'
import type { BackupId, BackupRoot, BackupSetName, ServerName } from '../../core/domain/Identifiers.js'
import type { TableName } from '../../core/domain/TableName.js'
import type { KeyRange } from '../../core/KeyRange.js'
import * as KR from '../../core/KeyRange.js'
import type { Row } from '../../core/Operation.js'
import * as Rows from '../../core/rows/index.js'
import { backupId, backupRoot, backupSetName, millis, serverName, tableName } from './domain.js'

export interface Written {
  readonly family: string
  /** What scopes a read of this family: a root, a table, an id, or nothing. */
  readonly scope: string
  readonly row: Row
}

export interface FamilyReader {
  readonly family: string
  readonly scope: string
  readonly range: KeyRange
  /** Beyond the range: rows a decoder rejects as not belonging (bulk-load look-alikes). */
  readonly accepts: (row: Row) => boolean
}

const row = (put: { readonly row: Uint8Array; readonly cells: Row['cells'] }): Row => ({
  key: put.row,
  cells: put.cells
})
const all = (_: Row): boolean => true

const region = fc.stringMatching(/^[0-9a-f]{32}$/)
const hfile = fc.stringMatching(/^[0-9a-f]{8,32}$/)

/** A write and the read that should see it, for each of the twelve row kinds. */
export const writeAndRead: fc.Arbitrary<{ written: Written; reader: FamilyReader }> = fc.oneof(
  fc.tuple(backupId, millis).map(([id]) => {
    const key = Rows.BackupSession.key(id)
    return {
      written: { family: 'session', scope: '', row: { key, cells: [] } },
      reader: { family: 'session', scope: '', range: Rows.BackupSession.range, accepts: all }
    }
  }),
  backupRoot.map((r) => {
    const p = Rows.StartCode.put(r, 0)
    return {
      written: { family: 'startcode', scope: r, row: row(p) },
      reader: { family: 'startcode', scope: r, range: KR.single(p.row), accepts: all }
    }
  }),
  fc.constant({
    written: { family: 'lock', scope: '', row: { key: Rows.ExclusiveLock.KEY, cells: [] } },
    reader: { family: 'lock', scope: '', range: KR.single(Rows.ExclusiveLock.KEY), accepts: all }
  }),
  fc.tuple(backupRoot, tableName).map(([r, t]) => {
    const p = E.getOrElseW(() => {
      throw new Error('unreachable')
    })(Rows.IncrementalSet.put(r, [t]))
    return {
      written: { family: 'incrbackupset', scope: r, row: row(p) },
      reader: { family: 'incrbackupset', scope: r, range: KR.single(p.row), accepts: all }
    }
  }),
  fc.tuple(backupRoot, tableName).map(([r, t]) => ({
    written: { family: 'trslm', scope: r, row: row(Rows.TableServerLogRoll.put(r, t, {})) },
    reader: { family: 'trslm', scope: r, range: Rows.TableServerLogRoll.rangeOfRoot(r), accepts: all }
  })),
  fc.tuple(backupRoot, serverName, millis).map(([r, s, ts]) => ({
    written: { family: 'rslogts', scope: r, row: row(Rows.ServerLogRoll.put(r, s, ts)) },
    reader: { family: 'rslogts', scope: r, range: Rows.ServerLogRoll.rangeOfRoot(r), accepts: all }
  })),
  fc.tuple(backupId, backupRoot, hfile).map(([id, r, f]) => ({
    written: {
      family: 'wals',
      scope: '',
      row: row(Rows.WalFile.put({ backupId: id, backupRoot: r, file: `/hbase/oldWALs/${f}` }))
    },
    reader: { family: 'wals', scope: '', range: Rows.WalFile.space.range, accepts: all }
  })),
  backupSetName.map((n) => ({
    written: { family: 'backupset', scope: '', row: row(Rows.BackupSet.put(n, [])) },
    reader: { family: 'backupset', scope: '', range: Rows.BackupSet.space.range, accepts: all }
  })),
  fc.tuple(tableName, region, hfile, fc.constantFrom<'R' | 'D'>('R', 'D')).map(([t, reg, f, state]) => ({
    written: { family: 'bulk', scope: t, row: row(bulkPut(t, reg, f, state)) },
    reader: { family: 'bulk', scope: t, range: Rows.BulkLoad.rangeOfTable(t), accepts: bulkOf(t) }
  })),
  fc.tuple(backupId, millis, fc.nat(1000), tableName).map(([id, ts, i, t]) => ({
    written: {
      family: 'bulkcopy',
      scope: id,
      row: row(Rows.BulkLoadedCopy.put(id, ts, i, { table: t, family: 'f', path: '/p/f' }))
    },
    reader: {
      family: 'bulkcopy',
      scope: id,
      range: Rows.BulkLoadedCopy.rangeOfBackup(id),
      accepts: copyOf(id)
    }
  })),
  fc.constantFrom<'delete' | 'merge'>('delete', 'merge').map((k) => ({
    written: { family: k, scope: '', row: row(Rows.OperationMarker.start(k, [])) },
    reader: { family: k, scope: '', range: KR.single(Rows.OperationMarker.key(k)), accepts: all }
  }))
)

export const bulkPut = (t: TableName, region: string, file: string, state: 'R' | 'D') =>
  E.getOrElseW((e) => {
    throw new Error(JSON.stringify(e))
  })(Rows.BulkLoad.put({ table: t, region, family: 'cf', path: `/staging/cf/${file}`, state }))

export const bulkOf =
  (t: TableName) =>
  (r: Row): boolean => {
    const d = Rows.BulkLoad.decodeRow(r)
    return E.isRight(d) && O.isSome(d.right) && d.right.value.table === t
  }

export const copyOf =
  (id: BackupId) =>
  (r: Row): boolean => {
    const d = Rows.BulkLoadedCopy.decodeRow(r)
    return E.isRight(d) && O.isSome(d.right) && d.right.value.backupId === id
  }

/** True when `reader` would return `row`. */
export const selects = (reader: FamilyReader, r: Row): boolean =>
  KR.contains(reader.range)(r.key) && reader.accepts(r)

export type { BackupRoot, BackupSetName, ServerName }
export const keyText = (k: Uint8Array): string => B.toStringBinary(k)
