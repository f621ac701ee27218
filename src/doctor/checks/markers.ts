/**
 * Delete and merge markers left by an operation that is gone. They block `backup create` and
 * `merge`; Java's repair re-runs the delete (and at the seed the merge), which can fail again and
 * leave them forever. The doctor removes the marker (guarded on its id list) and names the sessions
 * it lists that still exist, so the operator can run the delete or merge again deliberately.
 */
import * as B from '../../core/Bytes.js'
import * as Op from '../../core/Operation.js'
import * as BulkLoad from '../../core/rows/BulkLoad.js'
import * as Marker from '../../core/rows/OperationMarker.js'
import { META_FAMILY } from '../../core/rows/Schema.js'
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import { all, guardedDelete } from '../guards.js'
import type { MarkerSeen, Observed } from '../Observed.js'
import type { Check } from './Check.js'

const findingOf = (kind: Marker.MarkerKind, m: MarkerSeen, seen: Observed): Finding => {
  const row = B.toStringBinary(Marker.key(kind))
  const present = new Set<string>(seen.sessions.map((s) => s.backupId))
  const remaining = m.ids.filter((id) => present.has(id))
  const gone = m.ids.filter((id) => !present.has(id))
  return {
    kind: kind === 'delete' ? 'delete-marker-left' : 'merge-marker-left',
    severity: 'error',
    summary: `a ${kind} of ${m.ids.join(',') || '(no ids)'} did not finish: its marker is left`,
    evidence: evidence({
      rows: [`${row} meta:fam`],
      sessions: m.ids,
      details: { stillPresent: remaining.join(',') || 'none', alreadyGone: gone.join(',') || 'none' }
    }),
    blocks: ['backup create ("Failed backup DELETE/MERGE found")', 'backup merge'],
    reference:
      kind === 'delete'
        ? 'reference §4.4/§4.6; scenarios delete-resurrects-deleted-data, repair-cannot-finish-failed-delete'
        : 'reference §4.5/§4.6 (after M4 the marker stays: "run backup repair tool")',
    repair: {
      summary: [
        `remove ${row} (only while its id list is as read)`,
        ...(remaining.length > 0 ? [`then ${kind} ${remaining.join(',')} again if they should still go`] : [])
      ],
      program: all([
        guardedDelete(
          Op.checkAndDelete({ family: META_FAMILY, qualifier: BulkLoad.FAM }, m.fam, Marker.finish(kind)),
          `removed ${row}`
        )
      ])
    }
  }
}

export const markersCheck: Check = {
  name: 'markers',
  doc: 'delete or merge markers left by an operation that is gone',
  needsQuietTable: true,
  run: ({ seen }) => [
    ...(seen.deleteMarker === undefined ? [] : [findingOf('delete', seen.deleteMarker, seen)]),
    ...(seen.mergeMarker === undefined ? [] : [findingOf('merge', seen.mergeMarker, seen)])
  ]
}
