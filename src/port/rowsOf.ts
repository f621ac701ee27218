/** A scan's batches as one row at a time, for callers that want rows (early `break` still closes the scan). */
import type { Row } from '../core/Operation.js'

export async function* rowsOf(
  batches: AsyncIterable<ReadonlyArray<Row>>
): AsyncGenerator<Row, void, undefined> {
  for await (const batch of batches) yield* batch
}
