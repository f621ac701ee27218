/**
 * HBase's naming rules for the port's arguments, checked once here for every adapter, so each store
 * refuses what a real cluster refuses (`TableName.isLegalNamespaceName`,
 * `isLegalTableQualifierName`, `ColumnFamilyDescriptorBuilder.isLegalColumnFamilyName`):
 * - namespace: one or more of `[A-Za-z0-9_]`;
 * - table qualifier and snapshot name: `[A-Za-z0-9_.-]`, not starting with `.` or `-`;
 * - a table name is `namespace:qualifier`, or a bare qualifier in the `default` namespace;
 * - family: not empty, not starting with `.`, no `:`, no control characters.
 * Each refusal is an `InvalidRequest` naming the field and the value.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { StoreError } from './StoreError.js'
import { invalidRequest } from './StoreError.js'

const NAMESPACE = /^[A-Za-z0-9_]+$/
const QUALIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

export interface TableParts {
  readonly namespace: string
  readonly qualifier: string
}

/** `ns:q` → its parts; a bare `q` is in the `default` namespace. No validation. */
export const splitTableName = (table: string): TableParts => {
  const at = table.indexOf(':')
  return at < 0
    ? { namespace: 'default', qualifier: table }
    : { namespace: table.slice(0, at), qualifier: table.slice(at + 1) }
}

export const namespace = (name: string): E.Either<StoreError, string> =>
  NAMESPACE.test(name) ? E.right(name) : E.left(invalidRequest('namespace', name, 'must match [A-Za-z0-9_]+'))

export const table = (name: string): E.Either<StoreError, TableParts> => {
  const parts = splitTableName(name)
  return !NAMESPACE.test(parts.namespace)
    ? E.left(invalidRequest('table', name, 'namespace must match [A-Za-z0-9_]+'))
    : !QUALIFIER.test(parts.qualifier)
      ? E.left(invalidRequest('table', name, 'qualifier must match [A-Za-z0-9_][A-Za-z0-9_.-]*'))
      : E.right(parts)
}

export const family = (name: string): E.Either<StoreError, string> =>
  name.length === 0
    ? E.left(invalidRequest('family', name, 'must not be empty'))
    : name.startsWith('.')
      ? E.left(invalidRequest('family', name, "must not start with '.'"))
      : name.includes(':')
        ? E.left(invalidRequest('family', name, "must not contain ':'"))
        : CONTROL.test(name)
          ? E.left(invalidRequest('family', name, 'must not contain control characters'))
          : E.right(name)

export const snapshot = (name: string): E.Either<StoreError, string> =>
  QUALIFIER.test(name)
    ? E.right(name)
    : E.left(invalidRequest('snapshot', name, 'must match [A-Za-z0-9_][A-Za-z0-9_.-]*'))
