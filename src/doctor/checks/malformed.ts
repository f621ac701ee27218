/** Rows that do not decode, each named; no repair (what they should hold is unknown). */
import type { Finding } from '../Finding.js'
import { evidence } from '../Finding.js'
import type { Check } from './Check.js'

export const malformedCheck: Check = {
  name: 'malformed',
  doc: 'rows that do not decode',
  needsQuietTable: false,
  run: ({ seen }): ReadonlyArray<Finding> =>
    seen.malformed.map((m) => ({
      kind: 'malformed-row',
      severity: 'error',
      summary: `${m.row} does not decode: ${m.error}`,
      evidence: evidence({ rows: [m.row] }),
      blocks: ['every command that reads this row']
    }))
}
