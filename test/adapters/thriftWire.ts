/**
 * A schema-free reader of Thrift messages, binary and compact protocols, buffered or framed: field
 * ids, wire types and nesting only, so the wire manifest test sees exactly what went out, without
 * the generated code that produced it. And `check`, which compares a decoded struct with a table
 * of field ids and types (`hbaseWire.apache.ts`).
 */
import type { WireType } from './hbaseWire.apache.js'

export type Scalar = 'bool' | 'byte' | 'i16' | 'i32' | 'i64' | 'double' | 'binary'
export type Kind = Scalar | 'struct' | 'list' | 'set' | 'map'

export type Decoded =
  | { readonly kind: Scalar; readonly value: unknown }
  | {
      readonly kind: 'struct'
      readonly fields: ReadonlyArray<{ readonly id: number; readonly value: Decoded }>
    }
  | { readonly kind: 'list' | 'set'; readonly elem: Kind; readonly items: ReadonlyArray<Decoded> }
  | {
      readonly kind: 'map'
      readonly key: Kind
      readonly val: Kind
      readonly entries: ReadonlyArray<readonly [Decoded, Decoded]>
    }

export interface Message {
  readonly name: string
  /** 1 call, 2 reply, 3 exception, 4 oneway */
  readonly type: number
  readonly seqid: number
  readonly body: Decoded
}

const BINARY_TYPES: Readonly<Record<number, Kind>> = {
  2: 'bool',
  3: 'byte',
  4: 'double',
  6: 'i16',
  8: 'i32',
  10: 'i64',
  11: 'binary',
  12: 'struct',
  13: 'map',
  14: 'set',
  15: 'list'
}

const COMPACT_TYPES: Readonly<Record<number, Kind>> = {
  1: 'bool',
  2: 'bool',
  3: 'byte',
  4: 'i16',
  5: 'i32',
  6: 'i64',
  7: 'double',
  8: 'binary',
  9: 'list',
  10: 'set',
  11: 'map',
  12: 'struct'
}

class Truncated extends Error {}

class Cursor {
  pos = 0
  constructor(readonly buf: Buffer) {}
  byte(): number {
    if (this.pos >= this.buf.length) throw new Truncated(`truncated at ${this.pos}`)
    return this.buf[this.pos++] as number
  }
  take(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Truncated(`truncated at ${this.pos} (+${n})`)
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }
  i16(): number {
    return this.take(2).readInt16BE(0)
  }
  i32(): number {
    return this.take(4).readInt32BE(0)
  }
  varint(): bigint {
    let shift = 0n
    let out = 0n
    for (;;) {
      const b = this.byte()
      out |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return out
      shift += 7n
    }
  }
  zigzag(): bigint {
    const n = this.varint()
    return (n >> 1n) ^ -(n & 1n)
  }
}

const kindOf = (table: Readonly<Record<number, Kind>>, code: number): Kind => {
  const k = table[code]
  if (k === undefined) throw new Error(`unknown wire type ${code}`)
  return k
}

// -------------------------------------------------------------------------------------------------
// binary
// -------------------------------------------------------------------------------------------------

const binaryValue = (c: Cursor, kind: Kind): Decoded => {
  switch (kind) {
    case 'bool':
      return { kind, value: c.byte() !== 0 }
    case 'byte':
      return { kind, value: c.byte() }
    case 'i16':
      return { kind, value: c.i16() }
    case 'i32':
      return { kind, value: c.i32() }
    case 'i64':
      return { kind, value: c.take(8).readBigInt64BE(0) }
    case 'double':
      return { kind, value: c.take(8).readDoubleBE(0) }
    case 'binary':
      return { kind, value: Buffer.from(c.take(c.i32())) }
    case 'struct': {
      const fields: Array<{ id: number; value: Decoded }> = []
      for (;;) {
        const t = c.byte()
        if (t === 0) return { kind, fields }
        const id = c.i16()
        fields.push({ id, value: binaryValue(c, kindOf(BINARY_TYPES, t)) })
      }
    }
    case 'list':
    case 'set': {
      const elem = kindOf(BINARY_TYPES, c.byte())
      const n = c.i32()
      return { kind, elem, items: Array.from({ length: n }, () => binaryValue(c, elem)) }
    }
    case 'map': {
      const key = kindOf(BINARY_TYPES, c.byte())
      const val = kindOf(BINARY_TYPES, c.byte())
      const n = c.i32()
      return {
        kind,
        key,
        val,
        entries: Array.from({ length: n }, () => [binaryValue(c, key), binaryValue(c, val)] as const)
      }
    }
  }
}

const binaryMessage = (c: Cursor): Message => {
  const head = c.i32()
  if (head >= 0 || (head & 0xffff0000) !== (0x80010000 | 0)) throw new Error('not a strict binary message')
  const type = head & 0xff
  const name = c.take(c.i32()).toString('utf8')
  const seqid = c.i32()
  return { name, type, seqid, body: binaryValue(c, 'struct') }
}

// -------------------------------------------------------------------------------------------------
// compact
// -------------------------------------------------------------------------------------------------

const compactValue = (c: Cursor, kind: Kind, boolInHeader?: number): Decoded => {
  switch (kind) {
    case 'bool':
      return { kind, value: (boolInHeader ?? c.byte()) === 1 }
    case 'byte':
      return { kind, value: c.byte() }
    case 'i16':
    case 'i32':
      return { kind, value: Number(c.zigzag()) }
    case 'i64':
      return { kind, value: c.zigzag() }
    case 'double':
      return { kind, value: c.take(8).readDoubleLE(0) }
    case 'binary':
      return { kind, value: Buffer.from(c.take(Number(c.varint()))) }
    case 'struct': {
      const fields: Array<{ id: number; value: Decoded }> = []
      let last = 0
      for (;;) {
        const b = c.byte()
        if (b === 0) return { kind, fields }
        const delta = b >> 4
        const code = b & 0x0f
        const id = delta === 0 ? Number(c.zigzag()) : last + delta
        last = id
        const k = kindOf(COMPACT_TYPES, code)
        fields.push({ id, value: compactValue(c, k, k === 'bool' ? code : undefined) })
      }
    }
    case 'list':
    case 'set': {
      const b = c.byte()
      const n = b >> 4 === 15 ? Number(c.varint()) : b >> 4
      const elem = kindOf(COMPACT_TYPES, b & 0x0f)
      return { kind, elem, items: Array.from({ length: n }, () => compactValue(c, elem)) }
    }
    case 'map': {
      const n = Number(c.varint())
      if (n === 0) return { kind, key: 'binary', val: 'binary', entries: [] }
      const kv = c.byte()
      const key = kindOf(COMPACT_TYPES, kv >> 4)
      const val = kindOf(COMPACT_TYPES, kv & 0x0f)
      return {
        kind,
        key,
        val,
        entries: Array.from({ length: n }, () => [compactValue(c, key), compactValue(c, val)] as const)
      }
    }
  }
}

const compactMessage = (c: Cursor): Message => {
  if (c.byte() !== 0x82) throw new Error('not a compact message')
  const vt = c.byte()
  if ((vt & 0x1f) !== 1) throw new Error(`compact version ${vt & 0x1f}`)
  const seqid = Number(c.varint())
  const name = c.take(Number(c.varint())).toString('utf8')
  return { name, type: (vt >> 5) & 0x07, seqid, body: compactValue(c, 'struct') }
}

/**
 * The length of the first whole message in `bytes` (frame included), or `undefined` while it has
 * not all arrived: lets a test server cut a buffered stream into requests.
 */
export const firstMessageLength = (
  bytes: Buffer,
  framed: boolean,
  protocol: 'binary' | 'compact'
): number | undefined => {
  if (framed)
    return bytes.length >= 4 && bytes.length >= 4 + bytes.readInt32BE(0)
      ? 4 + bytes.readInt32BE(0)
      : undefined
  const c = new Cursor(bytes)
  try {
    if (protocol === 'binary') binaryMessage(c)
    else compactMessage(c)
    return c.pos
  } catch (e) {
    if (e instanceof Truncated) return undefined
    throw e
  }
}

/** Every message in `bytes`, as a stream of the given transport and protocol. */
export const messages = (
  bytes: Buffer,
  framed: boolean,
  protocol: 'binary' | 'compact'
): ReadonlyArray<Message> => {
  const c = new Cursor(bytes)
  const out: Array<Message> = []
  while (c.pos < bytes.length) {
    const frameEnd = framed ? c.i32() + c.pos : undefined
    out.push(protocol === 'binary' ? binaryMessage(c) : compactMessage(c))
    if (frameEnd !== undefined && frameEnd !== c.pos)
      throw new Error(`frame ends at ${frameEnd}, message at ${c.pos}`)
  }
  return out
}

// -------------------------------------------------------------------------------------------------
// against a schema
// -------------------------------------------------------------------------------------------------

const kindOfType = (t: WireType): Kind =>
  typeof t === 'string' ? t : 'struct' in t ? 'struct' : 'list' in t ? 'list' : 'set' in t ? 'set' : 'map'

/**
 * Where `d` departs from `expected`: unknown field ids, other wire types, at any depth. `structs`
 * names each struct's fields.
 */
export const check = (
  d: Decoded,
  expected: WireType,
  structs: Readonly<Record<string, Readonly<Record<number, WireType>>>>,
  path: string
): ReadonlyArray<string> => {
  const want = kindOfType(expected)
  if (d.kind !== want) return [`${path}: sent ${d.kind}, Apache has ${want}`]
  if (typeof expected === 'string') return []
  if ('struct' in expected) {
    if (d.kind !== 'struct') return []
    const fields = structs[expected.struct]
    if (fields === undefined) return [`${path}: no struct ${expected.struct} in the table`]
    return d.fields.flatMap((f) => {
      const t = fields[f.id]
      return t === undefined
        ? [`${path}.${f.id}: ${expected.struct} has no field ${f.id}`]
        : check(f.value, t, structs, `${path}.${expected.struct}#${f.id}`)
    })
  }
  if ('list' in expected || 'set' in expected) {
    const of = 'list' in expected ? expected.list : expected.set
    if (d.kind !== 'list' && d.kind !== 'set') return []
    if (d.items.length === 0 && d.elem !== kindOfType(of))
      return [`${path}[]: elements ${d.elem}, Apache has ${kindOfType(of)}`]
    return d.items.flatMap((x, i) => check(x, of, structs, `${path}[${i}]`))
  }
  if (d.kind !== 'map') return []
  const [k, v] = expected.map
  return d.entries.flatMap(([a, b], i) => [
    ...check(a, k, structs, `${path}{${i}}.key`),
    ...check(b, v, structs, `${path}{${i}}.value`)
  ])
}

/** `id:kind` of a struct's fields, nested, for a readable manifest of what went out. */
export const shape = (d: Decoded): string => {
  switch (d.kind) {
    case 'struct':
      return `{${d.fields.map((f) => `${f.id}:${shape(f.value)}`).join(',')}}`
    case 'list':
    case 'set':
      return `${d.kind}<${d.items[0] === undefined ? d.elem : shape(d.items[0])}>`
    case 'map':
      return `map<${d.key},${d.val}>`
    default:
      return d.kind
  }
}
