/**
 * A caller's value as short text for an error message. Hostile values reach error messages (that is
 * when they are shown), so this never throws and never loops: cycles, BigInts, symbols, throwing
 * getters and Proxies all render, and the text is bounded.
 */

const MAX_CHARS = 120
const MAX_ITEMS = 8
const MAX_DEPTH = 3

const clip = (s: string): string => (s.length <= MAX_CHARS ? s : `${s.slice(0, MAX_CHARS - 1)}…`)

const quote = (s: string): string =>
  JSON.stringify(s.length <= MAX_CHARS ? s : `${s.slice(0, MAX_CHARS - 1)}…`)

const render = (v: unknown, depth: number, seen: Set<object>): string => {
  switch (typeof v) {
    case 'string':
      return quote(v)
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(v)
    case 'bigint':
      return `${v}n`
    case 'symbol':
      return v.description === undefined ? 'Symbol()' : `Symbol(${v.description})`
    case 'function':
      return '[function]'
  }
  if (v === null) return 'null'
  const o = v as object
  if (seen.has(o)) return '[circular]'
  if (o instanceof Uint8Array) return `Uint8Array(${o.length})`
  if (depth >= MAX_DEPTH) return Array.isArray(o) ? '[…]' : '{…}'
  seen.add(o)
  try {
    if (Array.isArray(o)) {
      const items: Array<string> = []
      for (let i = 0; i < Math.min(o.length, MAX_ITEMS); i++)
        items.push(i in o ? render(o[i] as unknown, depth + 1, seen) : '<empty>')
      return `[${items.join(', ')}${o.length > MAX_ITEMS ? ', …' : ''}]`
    }
    if (o instanceof Map) return `Map(${o.size})`
    const keys = Object.keys(o)
    const entries = keys
      .slice(0, MAX_ITEMS)
      .map((k) => `${JSON.stringify(k)}: ${render((o as Record<string, unknown>)[k], depth + 1, seen)}`)
    const proto = Object.getPrototypeOf(o) as object | null
    const name = proto === null || proto === Object.prototype ? '' : `${nameOf(proto)} `
    return `${name}{${entries.join(', ')}${keys.length > MAX_ITEMS ? ', …' : ''}}`
  } finally {
    seen.delete(o)
  }
}

const nameOf = (proto: object): string => {
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'object'
}

export const showValue = (v: unknown): string => {
  try {
    return clip(render(v, 0, new Set()))
  } catch {
    return '<unreadable value>'
  }
}
