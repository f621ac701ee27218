/**
 * HBase's naming rules, checked before anything is created, so the memory store refuses what a real
 * cluster refuses (`TableName.isLegalNamespaceName`, `isLegalTableQualifierName`,
 * `ColumnFamilyDescriptorBuilder.isLegalColumnFamilyName`):
 * - namespace: one or more of `[A-Za-z0-9_]`;
 * - table qualifier and snapshot name: `[A-Za-z0-9_.-]`, not starting with `.` or `-`;
 * - a table name is `namespace:qualifier`, or a bare qualifier in the `default` namespace;
 * - family: not empty, not starting with `.`, no `:`, no control characters.
 *
 * Each check returns the refusal as an `InvalidRequest` naming the field and the value.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { StoreError } from '../../port/StoreError.js'
import { invalidRequest } from '../../port/StoreError.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface TableName {
  readonly namespace: string
  readonly qualifier: string
  /** `namespace:qualifier`, the one key under which the store knows the table. */
  readonly canonical: string
}

/** Namespaces every HBase cluster has. */
export const builtinNamespaces: ReadonlyArray<string> = ['default', 'hbase']

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

const NAMESPACE = /^[A-Za-z0-9_]+$/
const QUALIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

export const namespace = (name: string): E.Either<StoreError, string> =>
  NAMESPACE.test(name) ? E.right(name) : E.left(invalidRequest('namespace', name, 'must match [A-Za-z0-9_]+'))

export const table = (name: string): E.Either<StoreError, TableName> => {
  const colon = name.indexOf(':')
  const ns = colon < 0 ? 'default' : name.slice(0, colon)
  const qualifier = colon < 0 ? name : name.slice(colon + 1)
  if (!NAMESPACE.test(ns)) return E.left(invalidRequest('table', name, 'namespace must match [A-Za-z0-9_]+'))
  if (!QUALIFIER.test(qualifier))
    return E.left(invalidRequest('table', name, 'qualifier must match [A-Za-z0-9_][A-Za-z0-9_.-]*'))
  return E.right({ namespace: ns, qualifier, canonical: `${ns}:${qualifier}` })
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
