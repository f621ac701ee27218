/**
 * Operations of the cluster itself, outside the backup tool: a region server's bulk load (which
 * registers its HFiles in the system table, with no lock, as the 2017 coprocessor does), a dead tool
 * leaving `snapshot_backup_system` behind, and plain time passing with WAL rolls.
 */
import * as C from '../Cluster.js'
import { outcomeOf } from './common.js'
import type { FlowEnv, FlowState, Outcome } from './types.js'
import { completed, Rejection } from './types.js'

/** preCommitStoreFile ("R" rows) → the load commits → postBulkLoadHFile ("D" rows). */
export const bulkLoad = (env: FlowEnv, st: FlowState, table: string, files: number): Promise<Outcome> =>
  outcomeOf(st, async () => {
    const { steps: s, cluster } = env
    if (!cluster.tables.includes(table)) throw new Rejection(`table ${table} does not exist`)
    const staged = C.stageBulkLoad(table, files, env.clock.now(), env.rng)(cluster)
    const region = staged[0]?.region ?? '0'
    const paths = staged.map((f) => f.path)
    await s.api(
      'S',
      'pre-commit: register HFiles (R)',
      'writeFilesForBulkLoadPreCommit',
      table,
      region,
      'cf',
      paths
    )
    await s.step('X', `commit ${paths.length} HFiles into ${table}`, () => {
      cluster.pendingBulkLoads.push(...staged)
      return Promise.resolve()
    })
    await s.api('S', 'post-commit: mark HFiles loaded (D)', 'writePathsPostBulkLoad', table, region, {
      cf: paths
    })
    return completed(`${paths.length} HFiles into ${table}`)
  })

export const staleSnapshot = (env: FlowEnv, st: FlowState): Promise<Outcome> =>
  outcomeOf(st, async () => {
    const s = env.steps
    if (await s.api('R', 'snapshot exists?', 'snapshotExists'))
      throw new Rejection('a snapshot is already there')
    await s.api('X', 'a dead tool snapshots the system table', 'snapshot')
    return completed('snapshot_backup_system left behind')
  })

export const traffic = (env: FlowEnv, ms: number): Outcome => {
  env.clock.advance(ms)
  C.traffic(env.clock.now(), env.rng)(env.cluster)
  return completed(`${ms} ms of writes`)
}
