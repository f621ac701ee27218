/**
 * A scan range as data: `start` inclusive, `stop` exclusive or unbounded (`none`). Direction is not
 * part of the range; a reverse scan visits the same keys in descending order. Only the HBase adapter
 * translates this into Thrift's reversed start/stop rows.
 */
import * as O from 'fp-ts/lib/Option.js'
import * as B from './Bytes.js'

export interface KeyRange {
  readonly start: Uint8Array
  readonly stop: O.Option<Uint8Array>
}

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

/** Every key. */
export const all: KeyRange = { start: B.empty, stop: O.none }

/** Keys that start with `prefix`. */
export const prefix = (p: Uint8Array): KeyRange => ({ start: p, stop: B.prefixEnd(p) })

/** `[start, stop)`. */
export const between = (start: Uint8Array, stop: Uint8Array): KeyRange => ({ start, stop: O.some(stop) })

/** `[start, ∞)`. */
export const from = (start: Uint8Array): KeyRange => ({ start, stop: O.none })

/** Exactly one key: `[key, key ‖ 0x00)`. */
export const single = (key: Uint8Array): KeyRange => ({ start: key, stop: O.some(B.concat(key, B.of(0))) })

// -------------------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------------------

export const contains =
  (range: KeyRange) =>
  (key: Uint8Array): boolean =>
    B.compare(key, range.start) >= 0 &&
    O.match(
      () => true,
      (stop: Uint8Array) => B.compare(key, stop) < 0
    )(range.stop)

/** True when no key can lie in the range. */
export const isEmpty = (range: KeyRange): boolean =>
  O.match(
    () => false,
    (stop: Uint8Array) => B.compare(stop, range.start) <= 0
  )(range.stop)

export const show = (range: KeyRange): string =>
  `[${B.toStringBinary(range.start)}, ${O.match(
    () => '∞',
    (s: Uint8Array) => B.toStringBinary(s)
  )(range.stop)})`
