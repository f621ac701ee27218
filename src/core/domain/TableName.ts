/**
 * HBase table names in the form `TableName.getNameAsString()` gives: `q` in the default namespace,
 * `ns:q` otherwise (`default:q` is accepted and normalised to `q`).
 *
 * Legal characters follow `TableName.isLegalNamespaceName` / `isLegalTableQualifierName`:
 * namespace `[A-Za-z0-9_]+`; qualifier `[A-Za-z0-9_.-]+` not starting with `.` or `-`.
 */
import * as t from 'io-ts'

export interface TableNameBrand {
  readonly TableName: unique symbol
}
export type TableName = string & t.Brand<TableNameBrand>

export const DEFAULT_NAMESPACE = 'default'

const NAMESPACE = /^[A-Za-z0-9_]+$/
const QUALIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

/** Why `s` is not a table name, or `undefined` when it is one. */
export const problem = (s: string): string | undefined => {
  const parts = s.split(':')
  if (parts.length > 2) return 'a table name has at most one ":" (namespace:qualifier)'
  const [ns, q] = parts.length === 2 ? parts : [DEFAULT_NAMESPACE, parts[0]]
  if (ns === undefined || !NAMESPACE.test(ns))
    return 'the namespace must be non-empty and use only A-Z a-z 0-9 _'
  if (q === undefined || !QUALIFIER.test(q))
    return 'the qualifier must be non-empty, use only A-Z a-z 0-9 _ . - and not start with . or -'
  return undefined
}

const canonical = (s: string): string =>
  s.startsWith(`${DEFAULT_NAMESPACE}:`) ? s.slice(DEFAULT_NAMESPACE.length + 1) : s

export const TableName = new t.Type<TableName, string, unknown>(
  'TableName',
  (u): u is TableName => typeof u === 'string' && problem(u) === undefined && canonical(u) === u,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'a table name must be a string')
    const reason = problem(u)
    return reason === undefined ? t.success(canonical(u) as TableName) : t.failure(u, c, reason)
  },
  (a) => a
)

export const namespaceOf = (table: TableName): string => {
  const i = table.indexOf(':')
  return i < 0 ? DEFAULT_NAMESPACE : table.slice(0, i)
}

export const qualifierOf = (table: TableName): string => {
  const i = table.indexOf(':')
  return i < 0 ? table : table.slice(i + 1)
}
