/**
 * `checkAndPut` and `checkAndDelete`: apply one mutation iff the newest live cell at (row, family,
 * qualifier) matches the expectation, in one synchronous step (nothing can interleave), at one
 * server time `now`.
 *
 * What "matches" means is HBase 2.x's rule, not the intuitive one. `HRegion.checkAndMutateInternal`
 * (2.x; quoted in HBASE-26742, apache/hbase PR #4105) computes
 *   `valueIsNull = comparator.getValue() == null || comparator.getValue().length == 0`
 * and, for `EQUAL`, matches when the column has no cell and `valueIsNull`, or when its newest cell
 * has an empty value and `valueIsNull`; otherwise it compares bytes. The Thrift2 gateway sends an
 * absent expected value as `ifNotExists()` (a null comparator value) and an empty one as
 * `ifEquals(new byte[0])`, so both reach that same branch. Hence, on a real HBase:
 * - `expected: none` matches a missing cell **and** a cell holding an empty value;
 * - `expected: some(empty)` matches an empty value **and** a missing cell (java-bigtable-hbase
 *   #2510 relies on exactly this: "works on HBase but fails on BigTable");
 * - `expected: some(v)`, `v` non-empty, matches only a cell whose newest value equals `v`.
 * The memory store copies that rule so that code tested against it behaves the same on a cluster.
 *
 * The check's family must be declared, the mutation must target the same table and row (HBase:
 * "Action's getRow must match"), and the mutation is checked in full before anything is compared.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as B from '../../core/Bytes.js'
import { holds } from '../../core/CheckRule.js'
import type { CheckAndDelete, CheckAndPut, Mutation } from '../../core/Operation.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest } from '../../port/StoreError.js'
import * as C from './catalog.js'
import * as K from './keys.js'
import * as R from './row.js'
import * as W from './write.js'

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

/** HBase's `EQUAL` match with its null-or-empty special case (see the header). */
export const matches = holds

// -------------------------------------------------------------------------------------------------
// effects
// -------------------------------------------------------------------------------------------------

/** The check part shared by `CheckAndPut` and `CheckAndDelete`. */
type Check = Omit<CheckAndPut<string>, '_tag' | 'put'> | Omit<CheckAndDelete<string>, '_tag' | 'delete'>

export const run =
  (catalog: C.Catalog, now: number) =>
  (check: Check, mutation: Mutation<string>): E.Either<StoreError, boolean> => {
    if (mutation.table !== check.table)
      return E.left(invalidRequest('table', mutation.table, `the mutation must target ${check.table}`))
    if (!B.equals(mutation.row, check.row))
      return E.left(
        invalidRequest(
          'row',
          B.toStringBinary(mutation.row),
          `the mutation must target row ${B.toStringBinary(check.row)}`
        )
      )
    const plans = W.plan(catalog)([mutation])
    if (E.isLeft(plans)) return plans
    const t = C.table(catalog)(check.table)
    if (E.isLeft(t)) return t
    const family = C.family(t.right)(check.family)
    if (E.isLeft(family)) return family
    const key = W.rowKey(check.row)
    if (E.isLeft(key)) return key
    const current = R.cell(C.liveness(t.right.schema, now), {
      family: family.right.name,
      familyKey: family.right.key,
      qualifier: K.fromBytes(check.qualifier)
    })(t.right.rows.get(key.right))
    const expected = check.expected._tag === 'None' ? undefined : check.expected.value
    if (!matches(expected, current?.value)) return E.right(false)
    W.apply(plans.right, now)
    return E.right(true)
  }
