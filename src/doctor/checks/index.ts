/** Every check, in report order. */
import { bulkLoadsCheck } from './bulkLoads.js'
import { chainHolesCheck } from './chainHoles.js'
import { chainsCheck } from './chains.js'
import type { Check } from './Check.js'
import { impossibleSessionsCheck } from './impossibleSessions.js'
import { incrementalSetCheck } from './incrementalSet.js'
import { lockCheck } from './lock.js'
import { logRollsCheck } from './logRolls.js'
import { malformedCheck } from './malformed.js'
import { markersCheck } from './markers.js'
import { rollbackCheck } from './rollback.js'
import { runningSessionsCheck } from './runningSessions.js'
import { snapshotCheck } from './snapshot.js'

export const checks: ReadonlyArray<Check> = [
  lockCheck,
  rollbackCheck,
  runningSessionsCheck,
  markersCheck,
  snapshotCheck,
  chainsCheck,
  chainHolesCheck,
  incrementalSetCheck,
  logRollsCheck,
  bulkLoadsCheck,
  impossibleSessionsCheck,
  malformedCheck
]
export type { Check, CheckInput } from './Check.js'
