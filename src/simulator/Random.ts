/**
 * The simulator's one source of randomness: a seeded xorshift128+ style generator over 32-bit
 * words (sfc32), so a seed reproduces a run exactly on every platform. Pure data in, numbers out;
 * `fork` derives an independent stream (e.g. for the scheduler of a race) without disturbing the
 * parent's sequence more than one draw.
 */

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

export interface Random {
  /** A uniform 32-bit unsigned integer. */
  readonly next: () => number
  /** Uniform in [0, 1). */
  readonly float: () => number
  /** Uniform integer in [lo, hi], both inclusive. */
  readonly int: (lo: number, hi: number) => number
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty array. */
  readonly pick: <A>(as: ReadonlyArray<A>) => A
  /** A new generator seeded from this one. */
  readonly fork: () => Random
}

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

/** splitmix32: spreads a small seed over the four words of the state. */
const splitmix = (seed: number): (() => number) => {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export const random = (seed: number): Random => {
  const init = splitmix(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) next()
  const float = (): number => next() / 0x1_0000_0000
  const int = (lo: number, hi: number): number => lo + Math.floor(float() * (hi - lo + 1))
  const self: Random = {
    next,
    float,
    int,
    chance: (p) => float() < p,
    pick: <A>(as: ReadonlyArray<A>): A => {
      const a0 = as[int(0, as.length - 1)]
      if (a0 === undefined) throw new RangeError('pick from an empty array')
      return a0
    },
    fork: () => random(next())
  }
  return self
}
