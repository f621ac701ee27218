/**
 * How HBase 2.x's checkAndMutate compares, once for every interpreter and store: `EQUAL` with its
 * null-or-empty special case. `HRegion.checkAndMutateInternal` computes
 * `valueIsNull = comparator.getValue() == null || comparator.getValue().length == 0` and then
 * matches a missing cell or an empty cell when `valueIsNull`, and compares bytes otherwise (see
 * `adapters/memory/checkAndMutate.ts` for the sources). So an absent (`none`) or empty expected
 * value matches a missing cell *and* an empty one; any other matches exactly its bytes.
 */
import * as B from './Bytes.js'

/** Does the newest cell value `actual` (`undefined`: no cell) satisfy the expectation? */
export const holds = (expected: Uint8Array | undefined, actual: Uint8Array | undefined): boolean =>
  expected === undefined || expected.length === 0
    ? actual === undefined || actual.length === 0
    : actual !== undefined && B.equals(expected, actual)
