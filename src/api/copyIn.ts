/**
 * The boundary's first step: a caller's argument copied out in one read, into plain, deeply frozen
 * data. Everything after it — validation, the program, the writes — sees only the copy, so a getter
 * or Proxy that answers differently the second time can no longer get unvalidated values stored,
 * and a value that cannot be read (a throwing getter, a revoked Proxy) is an `InvalidValue` here,
 * not an exception later.
 *
 * What is accepted: strings that are well-formed Unicode (UTF-8 can carry them; a lone surrogate
 * would become U+FFFD and collide with another name), finite or not numbers (the codecs judge
 * them), booleans, `undefined`, `null`, `Uint8Array`s (copied), dense arrays, plain objects (own
 * enumerable string keys; prototype `Object.prototype` or `null`) and `Map`s with string keys,
 * which become plain objects — so a `Map` means exactly what the object with its entries means.
 * Functions pass through untouched (history filters are the caller's code). Refused: BigInt,
 * symbols, cycles, sparse arrays, instances of classes and objects whose entries are inherited,
 * values nested deeper than any argument of this API can be.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DomainError } from '../core/DomainError.js'
import { invalidValue } from '../core/DomainError.js'

export type Plain =
  | string
  | number
  | boolean
  | null
  | undefined
  | Uint8Array
  | ((...args: ReadonlyArray<never>) => unknown)
  | ReadonlyArray<Plain>
  | { readonly [key: string]: Plain }

const MAX_DEPTH = 16

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Well-formed Unicode: every surrogate paired (`String.prototype.isWellFormed`, ES2024). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s)

/**
 * Thrown only to leave a deep walk (or a checked clock's reading) at once; the boundary turns it
 * back into a value.
 */
export class Refused extends Error {
  constructor(readonly error: DomainError) {
    super(error.field)
  }
}

const refuse = (field: string, value: unknown, reason: string): never => {
  throw new Refused(invalidValue(field, value, reason))
}

const text = (field: string, s: string): string =>
  isWellFormed(s) ? s : refuse(field, s, 'must be well-formed Unicode (it holds a lone surrogate)')

/** One read of one own property: the descriptor's value, or its getter called once. */
const readOwn = (
  o: object,
  key: string
): { readonly enumerable: boolean; readonly value: unknown } | undefined => {
  const d = Object.getOwnPropertyDescriptor(o, key)
  if (d === undefined) return undefined
  return { enumerable: d.enumerable === true, value: 'value' in d ? d.value : d.get?.call(o) }
}

const copy = (field: string, v: unknown, ancestors: Set<object>, depth: number): Plain => {
  switch (typeof v) {
    case 'string':
      return text(field, v)
    case 'number':
    case 'boolean':
    case 'undefined':
      return v
    case 'function':
      return v as (...args: ReadonlyArray<never>) => unknown
    case 'bigint':
      return refuse(field, v, 'must not be a BigInt')
    case 'symbol':
      return refuse(field, v, 'must not be a symbol')
  }
  if (v === null) return null
  const o = v as object
  if (ancestors.has(o)) return refuse(field, '[circular]', 'must not contain itself')
  if (depth > MAX_DEPTH) return refuse(field, '{…}', `must not be nested deeper than ${MAX_DEPTH} levels`)
  // a fresh copy: typed arrays cannot be frozen, and nothing else holds this one
  if (o instanceof Uint8Array) return o.slice()
  ancestors.add(o)
  try {
    if (Array.isArray(o)) return Object.freeze(copyArray(field, o, ancestors, depth))
    if (o instanceof Map) return Object.freeze(copyMap(field, o, ancestors, depth))
    const proto: unknown = Object.getPrototypeOf(o)
    if (proto !== Object.prototype && proto !== null)
      return refuse(
        field,
        o,
        'must be a plain object (own entries only, not a class instance or a prototype)'
      )
    const out: Record<string, Plain> = Object.create(null) as Record<string, Plain>
    for (const key of Reflect.ownKeys(o)) {
      if (typeof key !== 'string') continue
      const p = readOwn(o, key)
      if (p === undefined || !p.enumerable) continue
      out[text(`${field}.${key}`, key)] = copy(`${field}.${key}`, p.value, ancestors, depth + 1)
    }
    return Object.freeze(out)
  } finally {
    ancestors.delete(o)
  }
}

const copyArray = (
  field: string,
  xs: ReadonlyArray<unknown>,
  ancestors: Set<object>,
  depth: number
): ReadonlyArray<Plain> => {
  const length: unknown = Reflect.get(xs, 'length')
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0)
    return refuse(field, length, 'must be an array with a length')
  const out: Array<Plain> = []
  for (let i = 0; i < length; i++) {
    const p = readOwn(xs, String(i))
    if (p === undefined)
      return refuse(`${field}[${i}]`, '<empty>', 'must not be a hole (sparse arrays are refused)')
    out.push(copy(`${field}[${i}]`, p.value, ancestors, depth + 1))
  }
  return out
}

const copyMap = (
  field: string,
  m: ReadonlyMap<unknown, unknown>,
  ancestors: Set<object>,
  depth: number
): { readonly [key: string]: Plain } => {
  const out: Record<string, Plain> = Object.create(null) as Record<string, Plain>
  for (const [k, x] of m) {
    if (typeof k !== 'string') return refuse(field, k, 'a Map must have string keys')
    out[text(`${field}.${k}`, k)] = copy(`${field}.${k}`, x, ancestors, depth + 1)
  }
  return out
}

const unreadable = (field: string, thrown: unknown): DomainError => {
  let reason = 'could not be read'
  try {
    reason = `could not be read: ${thrown instanceof Error ? thrown.message : typeof thrown}`
  } catch {
    // a hostile thrown value: keep the plain reason
  }
  return invalidValue(field, '<unreadable>', reason)
}

/** The argument copied and frozen, or why it cannot be. Never throws. */
export const copyIn = (field: string, value: unknown): E.Either<DomainError, Plain> => {
  try {
    return E.right(copy(field, value, new Set(), 0))
  } catch (thrown) {
    return E.left(thrown instanceof Refused ? thrown.error : unreadable(field, thrown))
  }
}
