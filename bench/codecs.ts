/**
 * 3. Codecs: our BackupInfo and TableServerTimestamp encode/decode against bare protobufjs on the
 * same messages. Ours = protobufjs + mapping to and from the domain + io-ts validation (+ on decode
 * the misfiled-field check and `toObject` with exact 64-bit values).
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  decodeBackupInfo,
  decodeTableServerTimestamp,
  encodeBackupInfo,
  encodeTableServerTimestamp
} from '../src/core/proto/index.js'
import { BackupInfoType, TableServerTimestampType } from '../src/core/proto/schema.js'
import type { Context } from './lib/context.js'
import { backupInfo, tableServerTimestamp } from './lib/fixtures.js'
import type { CaseSpec, Suites } from './lib/measure.js'
import { find, fmtOps, fmtRatio, isolated, ratio, sink } from './lib/measure.js'
import type { Section } from './lib/report.js'
import { runLine, table } from './lib/report.js'

interface Subject {
  readonly id: string
  readonly name: string
  readonly detail: string
  readonly perCall: number
  readonly encode: () => Uint8Array
  readonly decode: (bytes: Uint8Array) => boolean
  readonly type: typeof BackupInfoType
}

const subjects = (): ReadonlyArray<Subject> => {
  const small = backupInfo({ id: 1, tables: 3, servers: 0 })
  const large = backupInfo({ id: 2, tables: 50, servers: 20 })
  const tst = tableServerTimestamp(1, 100)
  return [
    {
      id: 'small',
      name: 'BackupInfo, small',
      detail: '3 tables with snapshot names, no timestamp map',
      perCall: 500,
      encode: () => encodeBackupInfo(small),
      decode: (b) => E.isRight(decodeBackupInfo(b)),
      type: BackupInfoType
    },
    {
      id: 'large',
      name: 'BackupInfo, large',
      detail: '50 tables, table_set_timestamp of 50 tables × 20 servers',
      perCall: 5,
      encode: () => encodeBackupInfo(large),
      decode: (b) => E.isRight(decodeBackupInfo(b)),
      type: BackupInfoType
    },
    {
      id: 'tst',
      name: 'TableServerTimestamp',
      detail: 'one table, 100 region servers (a `trslm:` row)',
      perCall: 50,
      encode: () => encodeTableServerTimestamp(tst),
      decode: (b) => E.isRight(decodeTableServerTimestamp(b)),
      type: TableServerTimestampType
    }
  ]
}

const casesOf = (s: Subject): ReadonlyArray<CaseSpec> => {
  const n = s.perCall
  const spec = (name: string, make: (bytes: Uint8Array) => () => void): CaseSpec => ({
    name,
    opsPerCall: n,
    setup: () => Promise.resolve(make(s.encode()))
  })
  return [
    spec('ours encode', () => () => {
      for (let i = 0; i < n; i++) sink.n += s.encode().length
    }),
    spec('protobufjs encode', (bytes) => {
      // the bare side encodes the very message ours wrote, as protobufjs decodes it
      const message = s.type.decode(bytes)
      return () => {
        for (let i = 0; i < n; i++) sink.n += s.type.encode(message).finish().length
      }
    }),
    spec('ours decode', (bytes) => () => {
      for (let i = 0; i < n; i++) if (s.decode(bytes)) sink.n++
    }),
    spec('protobufjs decode', (bytes) => () => {
      for (let i = 0; i < n; i++) if (s.type.decode(bytes) !== undefined) sink.n++
    }),
    spec('protobufjs decode + toObject', (bytes) => () => {
      for (let i = 0; i < n; i++)
        if (s.type.toObject(s.type.decode(bytes), { longs: BigInt }) !== undefined) sink.n++
    })
  ]
}

export const suites = (): Suites => Object.fromEntries(subjects().map((s) => [s.id, casesOf(s)]))

export const runCodecs = async (ctx: Context): Promise<Section> => {
  const rows: Array<ReadonlyArray<string>> = []
  const all = suites()
  for (const s of subjects()) {
    const bytes = s.encode()
    const r = await isolated('codecs', s.id, s.name, all[s.id] ?? [], ctx.fast, ctx.quick, ctx.log)
    const oe = find(r, 'ours encode')
    const be = find(r, 'protobufjs encode')
    const od = find(r, 'ours decode')
    const bd = find(r, 'protobufjs decode')
    const bt = find(r, 'protobufjs decode + toObject')
    rows.push([
      `${s.name} (${bytes.length} B)`,
      'encode',
      `${fmtOps(oe.opsPerSec)}/s`,
      `${fmtOps(be.opsPerSec)}/s`,
      '—',
      fmtRatio(ratio(oe, be)),
      '—'
    ])
    rows.push([
      '',
      'decode',
      `${fmtOps(od.opsPerSec)}/s`,
      `${fmtOps(bd.opsPerSec)}/s`,
      `${fmtOps(bt.opsPerSec)}/s`,
      fmtRatio(ratio(od, bd)),
      fmtRatio(ratio(od, bt))
    ])
  }

  const markdown = `## 3. Codecs against bare protobufjs

${runLine()}

${table(
  [
    'message',
    '',
    'ours',
    'protobufjs, bare',
    'protobufjs decode + toObject',
    'ours ÷ bare',
    'ours ÷ (bare decode + toObject)'
  ],
  rows
)}

Messages: ${subjects()
    .map((s) => `**${s.name}**: ${s.detail}`)
    .join('; ')}.

How to read it: *ours* is the library's codec between bytes and the validated domain value
(\`encodeBackupInfo\`, \`decodeBackupInfo\`, …); *bare* is protobufjs alone on the same message
(\`Type.encode(message).finish()\` of the message ours wrote, \`Type.decode(bytes)\`), which yields a
protobufjs message object, not a checked domain value; *decode + toObject* adds protobufjs's
conversion to plain objects with \`bigint\` longs (the nearest thing bare protobufjs has to our
output). Ours is a hand-written single pass (src/core/proto/WireReader.ts, WireWriter.ts): it reads
straight into the domain shape and checks every value as it reads it (strict UTF-8, table and
server names, ids, exact 64-bit ranges, wire types of nested fields), so the result is valid by
construction with no second validation pass; it also keeps what newer writers stored (unknown enum
numbers, field 14 as a varint, fields above 17) for a byte-exact rewrite.
`
  return { id: 'codecs', markdown }
}
