/**
 * A protobuf wire writer into one growing `Uint8Array`, for the hand-written encoders of this folder.
 *
 * Fields are written in the order the encoder calls them (the encoders call them in field-number
 * order, as Java's generated writer does). A nested message is written in place after a one-byte
 * length slot; when its length needs more bytes the content is moved once (`copyWithin`), so no
 * size pass is needed. The result is a plain `Uint8Array` of exactly the written bytes.
 * No state lives in the module: a `Writer` belongs to one encode call.
 */
import { WIRE_LENGTH, WIRE_VARINT } from './WireReader.js'

export interface Writer {
  buf: Uint8Array
  pos: number
}

export const writer = (capacity = 256): Writer => ({ buf: new Uint8Array(capacity), pos: 0 })

export const finish = (w: Writer): Uint8Array => w.buf.slice(0, w.pos)

const ensure = (w: Writer, n: number): void => {
  if (w.pos + n <= w.buf.length) return
  let size = w.buf.length * 2
  while (size < w.pos + n) size *= 2
  const next = new Uint8Array(size)
  next.set(w.buf.subarray(0, w.pos))
  w.buf = next
}

/** An unsigned 32-bit varint (a Java int is written as its uint32 bits: -1 is 5 bytes). */
export const uint32 = (w: Writer, n: number): void => {
  ensure(w, 5)
  let v = n >>> 0
  const b = w.buf
  let p = w.pos
  while (v >= 0x80) {
    b[p++] = (v & 0x7f) | 0x80
    v >>>= 7
  }
  b[p++] = v
  w.pos = p
}

/** A uint64 varint of a safe integer ≥ 0, or of -1 as all 64 bits set (a Java long's -1). */
export const uint64 = (w: Writer, n: number): void => {
  if (n <= 0x7fff_ffff && n >= 0) return uint32(w, n)
  ensure(w, 10)
  const b = w.buf
  let p = w.pos
  if (n === -1) {
    for (let i = 0; i < 9; i++) b[p++] = 0xff
    b[p++] = 0x01
  } else {
    let v = n
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    b[p++] = v
  }
  w.pos = p
}

export const tag = (w: Writer, field: number, wireType: number): void => uint32(w, (field << 3) | wireType)

export const bool = (w: Writer, field: number, v: boolean): void => {
  tag(w, field, WIRE_VARINT)
  uint32(w, v ? 1 : 0)
}

/** Number of UTF-8 bytes of `s` (a lone surrogate counts as U+FFFD's 3, as TextEncoder writes it). */
const utf8Length = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4
        i++
      } else n += 3
    } else n += 3
  }
  return n
}

const encoder = new TextEncoder()

/** A length-delimited UTF-8 string (tag included). */
export const string = (w: Writer, field: number, s: string): void => {
  tag(w, field, WIRE_LENGTH)
  const n = utf8Length(s)
  uint32(w, n)
  ensure(w, n)
  const b = w.buf
  let p = w.pos
  if (n === s.length) for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i)
  else p += encoder.encodeInto(s, b.subarray(p, p + n)).written
  w.pos = p
}

/** A length-delimited byte string (tag included). */
export const bytes = (w: Writer, field: number, v: Uint8Array): void => {
  tag(w, field, WIRE_LENGTH)
  uint32(w, v.length)
  raw(w, v)
}

/** Bytes as they are (a preserved field, tag included). */
export const raw = (w: Writer, v: Uint8Array): void => {
  ensure(w, v.length)
  w.buf.set(v, w.pos)
  w.pos += v.length
}

/** Starts a nested message of `field`; returns where its content begins, for `close`. */
export const open = (w: Writer, field: number): number => {
  tag(w, field, WIRE_LENGTH)
  ensure(w, 1)
  w.pos += 1 // the length slot; widened by `close` when the content is 128 bytes or more
  return w.pos
}

/** Ends the nested message opened at `start`: writes its length, moving the content if needed. */
export const close = (w: Writer, start: number): void => {
  const n = w.pos - start
  if (n < 0x80) {
    w.buf[start - 1] = n
    return
  }
  let width = 1
  for (let v = n >>> 7; v > 0; v >>>= 7) width++
  ensure(w, width - 1)
  const b = w.buf
  b.copyWithin(start - 1 + width, start, w.pos)
  let p = start - 1
  let v = n
  while (v >= 0x80) {
    b[p++] = (v & 0x7f) | 0x80
    v >>>= 7
  }
  b[p] = v
  w.pos += width - 1
}
