import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as L from '../../src/core/Limits.js'
import * as Op from '../../src/core/Operation.js'

describe('HBase limits on a composed write', () => {
  it('a row key is refused exactly when it is empty or over 32,767 bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.boolean(), (n, del) => {
        const row = new Uint8Array(n).fill(0x61)
        const m = del
          ? Op.deleteRow('system', row)
          : Op.put('system', row, [Op.cell('meta', 'q', new Uint8Array(1))])
        const r = L.checkBatch([m])
        expect(E.isLeft(r)).toBe(n === 0 || n > L.MAX_ROW_BYTES)
        if (E.isLeft(r)) expect(r.left).toMatchObject({ _tag: 'InvalidValue', field: 'row key' })
      }),
      { numRuns: 200 }
    )
  })

  it('a cell over 10 MiB as a KeyValue is refused, naming its column', () => {
    const row = new Uint8Array(10).fill(0x61)
    const ok = Op.put('system', row, [Op.cell('meta', 'q', new Uint8Array(L.MAX_CELL_BYTES - 100))])
    const big = Op.put('system', row, [Op.cell('meta', 'q', new Uint8Array(L.MAX_CELL_BYTES))])
    expect(E.isRight(L.checkBatch([ok]))).toBe(true)
    expect(L.checkBatch([ok, big])).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'InvalidValue', field: 'cell meta:q' }
    })
  })
})
