import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import * as B from '../../src/core/Bytes.js'
import type { BackupId, BackupRoot, BackupSetName, ServerName } from '../../src/core/domain/Identifiers.js'
import type { TableName } from '../../src/core/domain/TableName.js'
import * as KR from '../../src/core/KeyRange.js'
import type { Row } from '../../src/core/Operation.js'
import * as Rows from '../../src/core/rows/index.js'
import * as A from '../../src/testing/arbitraries/domain.js'
import { bulkOf, bulkPut, selects, writeAndRead } from '../../src/testing/arbitraries/rows.js'

const right = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}
const rowOf = (p: { row: Uint8Array; cells: Row['cells'] }): Row => ({ key: p.row, cells: p.cells })
const text = (k: Uint8Array) => B.toStringBinary(k)

describe('golden row keys (byte-identical to what HBase writes)', () => {
  const root = '/backup' as BackupRoot
  it.each([
    ['session', Rows.BackupSession.key('backup_1500000000000' as BackupId), 'session:backup_1500000000000'],
    ['startcode', Rows.StartCode.key(root), 'startcode:/backup'],
    ['lock', Rows.ExclusiveLock.KEY, 'activesession:'],
    ['incrbackupset', Rows.IncrementalSet.key(root), 'incrbackupset:/backup'],
    ['trslm', Rows.TableServerLogRoll.key(root, 'ns:t1' as TableName), 'trslm:/backup\\x00ns:t1'],
    ['rslogts', Rows.ServerLogRoll.key(root, 'rs1:16020' as ServerName), 'rslogts:/backup\\x00rs1:16020'],
    ['wals', Rows.WalFile.key('hdfs://nn/hbase/oldWALs/rs1%2C16020%2C1.1500'), 'wals:rs1%2C16020%2C1.1500'],
    ['backupset', Rows.BackupSet.key('daily' as BackupSetName), 'backupset:daily'],
    ['bulk', Rows.BulkLoad.key('ns:t1' as TableName, 'abc', 'f1'), 'bulk:ns:t1:abc:f1'],
    ['bulk copy', Rows.BulkLoadedCopy.key('backup_1' as BackupId, 5, 0), 'bulk:backup_1:5:0'],
    ['delete marker', Rows.OperationMarker.key('delete'), 'delete_op_row'],
    ['merge marker', Rows.OperationMarker.key('merge'), 'merge_op_row']
  ])('%s', (_, key, expected) => {
    expect(text(key)).toBe(expected)
  })

  it('encodes values as Java does', () => {
    expect(
      B.toHex(Rows.ServerLogRoll.put(root, 'h:1' as ServerName, 1500000000000).cells[0]?.value ?? B.empty)
    ).toBe('0000015d3ef79800')
    expect(text(Rows.StartCode.put(root, 0).cells[0]?.value ?? B.empty)).toBe('0')
    expect(
      text(
        Rows.BackupSet.put('s' as BackupSetName, ['t1', 'ns:t2'] as Array<TableName>).cells[0]?.value ??
          B.empty
      )
    ).toBe('t1,ns:t2')
    const incr = right(Rows.IncrementalSet.put(root, ['t2', 'ns:t1'] as Array<TableName>))
    expect(incr.cells.map((c) => `${c.family}:${text(c.qualifier)}=${c.value.length}`)).toEqual([
      'meta:ns:t1=0',
      'meta:t2=0'
    ])
  })
})

describe('round trips', () => {
  it('trslm and rslogts keys decode to their root and table/server', () => {
    fc.assert(
      fc.property(A.backupRoot, A.tableName, A.serverName, (r, t, s) => {
        expect(right(Rows.TableServerLogRoll.decodeKey(Rows.TableServerLogRoll.key(r, t)))).toEqual({
          root: r,
          table: t
        })
        expect(right(Rows.ServerLogRoll.decodeKey(Rows.ServerLogRoll.key(r, s)))).toEqual({
          root: r,
          server: s
        })
      })
    )
  })

  it('rslogts values round-trip', () => {
    fc.assert(
      fc.property(A.backupRoot, A.serverName, A.millis, (r, s, ts) => {
        expect(right(Rows.ServerLogRoll.decodeRow(rowOf(Rows.ServerLogRoll.put(r, s, ts))))).toEqual({
          root: r,
          server: s,
          timestamp: ts
        })
      })
    )
  })

  it('sessions round-trip through the BackupInfo protobuf', () => {
    fc.assert(
      fc.property(A.backupInfo, (info) => {
        expect(right(Rows.BackupSession.decodeRow(rowOf(Rows.BackupSession.put(info))))).toEqual(info)
      }),
      { numRuns: 200 }
    )
  })

  it('trslm rows round-trip', () => {
    fc.assert(
      fc.property(A.backupRoot, A.tableServerTimestamp, (r, tst) => {
        expect(
          right(
            Rows.TableServerLogRoll.decodeRow(rowOf(Rows.TableServerLogRoll.put(r, tst.table, tst.servers)))
          )
        ).toEqual({
          root: r,
          ...tst
        })
      })
    )
  })

  it('backup sets, incremental sets and markers round-trip', () => {
    fc.assert(
      fc.property(
        A.backupSetName,
        A.tableNames,
        A.backupRoot,
        fc.array(A.backupId, { minLength: 1 }),
        (n, ts, r, ids) => {
          expect(right(Rows.BackupSet.decodeKey(Rows.BackupSet.key(n)))).toBe(n)
          expect(right(Rows.BackupSet.decodeRow(rowOf(Rows.BackupSet.put(n, ts))))).toEqual(ts)
          expect(right(Rows.IncrementalSet.decodeRow(rowOf(right(Rows.IncrementalSet.put(r, ts)))))).toEqual(
            Rows.IncrementalSet.sortTables(ts)
          )
          expect(
            right(Rows.OperationMarker.decodeIdsOfRow(rowOf(Rows.OperationMarker.start('merge', ids))))
          ).toEqual(ids)
        }
      )
    )
  })

  it('bulk-load rows round-trip in both forms', () => {
    fc.assert(
      fc.property(A.tableName, A.backupId, A.millis, fc.nat(99), (t, id, ts, i) => {
        const load = bulkPut(t, 'a1b2', 'hfile1', 'R')
        expect(right(Rows.BulkLoad.decodeRow(rowOf(load)))).toEqual(
          O.some({
            table: t,
            region: 'a1b2',
            family: 'cf',
            path: '/staging/cf/hfile1',
            state: 'R',
            rowKey: load.row
          })
        )
        const copy = Rows.BulkLoadedCopy.put(id, ts, i, { table: t, family: 'cf', path: '/p' })
        expect(right(Rows.BulkLoadedCopy.decodeRow(rowOf(copy)))).toEqual(
          O.some({ backupId: id, table: t, family: 'cf', path: '/p', rowKey: copy.row })
        )
        expect(right(Rows.BulkLoad.decodeRow(rowOf(copy)))).toEqual(O.none)
        expect(right(Rows.BulkLoadedCopy.decodeRow(rowOf(load)))).toEqual(O.none)
      })
    )
  })
})

describe('isolation: a key written for p is read by p, and by no other parameter or family', () => {
  it('holds for random pairs of writes and reads across all twelve row kinds', () => {
    fc.assert(
      fc.property(writeAndRead, writeAndRead, (a, b) => {
        expect(selects(a.reader, a.written.row)).toBe(true)
        const same = a.written.family === b.written.family && a.written.scope === b.written.scope
        if (!same) expect(selects(b.reader, a.written.row)).toBe(false)
      }),
      { numRuns: 3000 }
    )
  })

  it('root-scoped reads never see a root that extends the root (r, r2, r/backup, …)', () => {
    fc.assert(
      fc.property(A.rootFamily, A.tableName, A.serverName, (roots, t, s) => {
        for (const r of roots)
          for (const other of roots) {
            const seen = r === other
            expect(
              KR.contains(Rows.TableServerLogRoll.rangeOfRoot(r))(Rows.TableServerLogRoll.key(other, t))
            ).toBe(seen)
            expect(KR.contains(Rows.ServerLogRoll.rangeOfRoot(r))(Rows.ServerLogRoll.key(other, s))).toBe(
              seen
            )
          }
      })
    )
  })

  it('bulk-load reads never confuse table t with tables of namespace t', () => {
    fc.assert(
      fc.property(A.tableLookAlikes, (tables) => {
        for (const t of tables)
          for (const other of tables) {
            const r = rowOf(bulkPut(other, '0123456789abcdef0123456789abcdef', 'f00d', 'D'))
            expect(KR.contains(Rows.BulkLoad.rangeOfTable(other))(r.key)).toBe(true)
            expect(bulkOf(t)(r)).toBe(t === other)
          }
      })
    )
  })
})
