/**
 * The timeline chart of a run as inline SVG: one lane per kind of operation, each client of each
 * operation a bar from its first to its last step, coloured by outcome; ▼ marks the step a fault hit,
 * dashed lines mark repairs, red dots on the top lane mark operations after which an invariant broke.
 * Time is compressed: each operation gets a slot whose width grows with its duration and idle gaps
 * are dropped, so a 200-operation run stays readable. Every mark carries `data-tip` for the hover box.
 */
import type { OpReport, SimResult } from '../../simulator/Simulation.js'
import * as Sc from '../../simulator/Scenario.js'

export const LANES = [
  'full',
  'incremental',
  'delete',
  'merge',
  'repair',
  'bulkload',
  'stale-snapshot'
] as const

export const COLOURS: Readonly<Record<string, string>> = {
  Completed: '#2e8b57',
  Failed: '#e8710a',
  Rejected: '#9aa0a6',
  Crashed: '#d93025'
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const WIDTH = 1160
const LEFT = 110
const LANE = 30
const TOP = 34

const slots = (ops: ReadonlyArray<OpReport>, width: number): ReadonlyArray<readonly [number, number]> => {
  const durs = ops.map((o) => Math.max(1, o.end - o.start))
  const total = durs.reduce((a, b) => a + b, 0)
  const fixed = (0.35 * width) / Math.max(1, ops.length)
  let x = 0
  return durs.map((d) => {
    const w = fixed + (0.65 * width * d) / total
    const s = [x, x + w] as const
    x += w
    return s
  })
}

const clock = (ms: number, start: number): string => {
  const s = Math.round((ms - start) / 1000)
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

export const timelineSvg = (r: SimResult): string => {
  const plot = WIDTH - LEFT - 10
  const height = TOP + LANES.length * LANE + 36
  const sl = slots(r.ops, plot)
  const parts: Array<string> = []
  LANES.forEach((lane, i) => {
    const y = TOP + i * LANE
    parts.push(
      `<rect x="${LEFT}" y="${y}" width="${plot}" height="${LANE}" fill="${i % 2 === 0 ? '#f6f8fa' : '#ffffff'}"/>`,
      `<text x="${LEFT - 8}" y="${y + LANE / 2 + 4}" text-anchor="end" class="lane">${lane}</text>`
    )
  })
  parts.push(`<text x="${LEFT - 8}" y="${TOP - 12}" text-anchor="end" class="lane">invariants</text>`)
  r.ops.forEach((o, i) => {
    const [x0, x1] = sl[i] ?? [0, 0]
    const span = Math.max(1, o.end - o.start)
    const at = (t: number): number =>
      LEFT + x0 + ((x1 - x0) * Math.min(span, Math.max(0, t - o.start))) / span
    if (o.kind === 'repair')
      parts.push(
        `<line x1="${LEFT + x0}" x2="${LEFT + x0}" y1="${TOP}" y2="${TOP + LANES.length * LANE}" class="repair"/>`
      )
    const op = r.scenario.ops[i]
    const clientOps: ReadonlyArray<Sc.Op> = op === undefined ? [] : op._tag === 'Race' ? op.clients : [op]
    if (o.clients.length === 0 && o.kind === 'stale-snapshot') {
      const y = TOP + LANES.indexOf('stale-snapshot') * LANE + 7
      parts.push(
        `<rect x="${LEFT + x0}" y="${y}" width="${Math.max(3, x1 - x0)}" height="16" fill="#8e24aa" class="bar" data-tip="${esc(`#${i + 1} stale-snapshot: a dead tool leaves snapshot_backup_system`)}"/>`
      )
    }
    o.clients.forEach((c, j) => {
      const kind = Sc.kindOf(clientOps[j] ?? { _tag: 'Repair' })
      const lane = LANES.indexOf(kind as (typeof LANES)[number])
      if (lane < 0) return
      const first = c.steps[0]?.at ?? o.start
      const last = c.steps[c.steps.length - 1]?.at ?? o.end
      const bx = at(first)
      const bw = Math.max(3, at(last) - bx)
      const y = TOP + lane * LANE + 5 + (o.clients.length > 1 ? j * 5 : 2)
      const h = o.clients.length > 1 ? 10 : 16
      const detail = [
        `#${i + 1} ${o.text}${o.clients.length > 1 ? ` (client ${j + 1})` : ''}`,
        `outcome: ${c.outcome._tag}${c.outcome._tag === 'Failed' ? ` — ${c.outcome.error}` : c.outcome._tag === 'Rejected' ? ` — ${c.outcome.reason}` : c.outcome._tag === 'Crashed' ? ` — ${c.outcome.error}` : ` — ${c.outcome.detail}`}`,
        ...(c.backupId === undefined ? [] : [`backup: ${c.backupId}`]),
        ...(c.targets.length === 0 ? [] : [`targets: ${c.targets.join(', ')}`]),
        `${c.steps.length} steps, ${clock(first, r.clock.start)} → ${clock(last, r.clock.start)}`,
        ...o.violations.map((v) => `✗ ${v.invariant}: ${v.message}`)
      ].join('\n')
      parts.push(
        `<rect x="${bx.toFixed(1)}" y="${y}" width="${bw.toFixed(1)}" height="${h}" rx="2" fill="${COLOURS[c.outcome._tag] ?? '#000'}" class="bar outcome-${c.outcome._tag}" data-tip="${esc(detail)}"/>`
      )
      for (const s of c.steps)
        if (s.result === 'injected' || s.result === 'crash') {
          const fx = at(s.at)
          parts.push(
            `<path d="M${(fx - 5).toFixed(1)},${y - 6} L${(fx + 5).toFixed(1)},${y - 6} L${fx.toFixed(1)},${y + 2} Z" class="fault" data-tip="${esc(`${s.result === 'crash' ? 'crash after' : 'exception at'} step ${s.id}: ${s.label}`)}"/>`
          )
        }
    })
    if (o.violations.length > 0)
      parts.push(
        `<circle cx="${(LEFT + x1).toFixed(1)}" cy="${TOP - 16}" r="5" class="violation" data-tip="${esc(
          [`after #${i + 1} ${o.text}`, ...o.violations.map((v) => `✗ ${v.invariant}: ${v.message}`)].join(
            '\n'
          )
        )}"/>`
      )
  })
  const ticks = Math.min(8, r.ops.length)
  let lastX = Number.NEGATIVE_INFINITY
  for (let k = 0; k <= ticks && r.ops.length > 0; k++) {
    const i = Math.min(r.ops.length - 1, Math.round((k * (r.ops.length - 1)) / Math.max(1, ticks)))
    const [x0] = sl[i] ?? [0, 0]
    const o = r.ops[i]
    const end = k === ticks && k > 0
    const tx = end ? LEFT + plot : LEFT + x0
    // a tick label needs about 60 px; the last one is right-aligned to the plot's edge
    if (o === undefined || (end ? tx - 60 < lastX : tx - lastX < 60)) continue
    lastX = end ? tx : tx + 0
    const anchor = end ? ' text-anchor="end"' : ''
    parts.push(
      `<text x="${tx.toFixed(1)}" y="${TOP + LANES.length * LANE + 16}" class="tick"${anchor}>#${i + 1}</text>`,
      `<text x="${tx.toFixed(1)}" y="${TOP + LANES.length * LANE + 30}" class="tick"${anchor}>${clock(o.start, r.clock.start)}</text>`
    )
  }
  return `<svg id="timeline-svg" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="timeline of the simulated history">${parts.join('')}</svg>`
}
