import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BackupInfo } from '../../src/core/domain/BackupInfo.js'
import * as _ from '../../src/core/History.js'
import { backupInfo } from '../../src/testing/arbitraries/domain.js'

const at = (id: string, startTs: number): BackupInfo =>
  ({
    backupId: id,
    startTs,
    tables: [],
    type: 'FULL',
    backupRootDir: '/r',
    phase: 'REQUEST'
  }) as unknown as BackupInfo

describe('history order', () => {
  it('is numeric on startTs, where the seed compared strings', () => {
    const infos = [at('backup_999', 999), at('backup_1000', 1000), at('backup_10', 10)]
    expect(_.newestFirst(infos).map((i) => i.startTs)).toEqual([1000, 999, 10])
  })

  it('keeps sessions with equal start times, ordered by backup id', () => {
    const infos = [at('backup_5', 7), at('backup_6', 7), at('backup_50', 7)]
    expect(_.newestFirst(infos).map((i) => i.backupId)).toEqual(['backup_50', 'backup_6', 'backup_5'])
  })

  it('is a permutation sorted by startTs descending', () => {
    fc.assert(
      fc.property(fc.array(backupInfo, { maxLength: 20 }), (infos) => {
        const sorted = _.newestFirst(infos)
        expect(sorted).toHaveLength(infos.length)
        expect(new Set(sorted)).toEqual(new Set(infos))
        for (let i = 1; i < sorted.length; i++)
          expect((sorted[i - 1] as BackupInfo).startTs).toBeGreaterThanOrEqual(
            (sorted[i] as BackupInfo).startTs
          )
      })
    )
  })

  it('applies filters before the limit', () => {
    const infos = [at('backup_3', 3), at('backup_2', 2), at('backup_1', 1)].map((i, n) => ({
      ...i,
      state: n === 0 ? ('FAILED' as const) : ('COMPLETE' as const)
    }))
    expect(_.select({ limit: 1, filters: [_.withState('COMPLETE')] })(infos).map((i) => i.backupId)).toEqual([
      'backup_2'
    ])
    expect(_.select({ order: 'oldestFirst' })(infos).map((i) => i.backupId)).toEqual([
      'backup_1',
      'backup_2',
      'backup_3'
    ])
  })
})
