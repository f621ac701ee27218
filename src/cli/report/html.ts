/**
 * The self-contained HTML report of a run (`simulate --report out.html`): inline CSS, the SVG
 * timeline and a few lines of JS for the hover box; no external resource of any kind, so the file
 * can be mailed or attached to an issue and opens offline.
 *
 * Sections: header and numbers, the timeline with its legend, operations by kind and outcome,
 * invariant violations with their minimal scenarios, the final state of the system table, and the
 * list of operations.
 */
import type { SimResult } from '../../simulator/Simulation.js'
import { renderState } from '../render.js'
import type { Summary } from '../summary.js'
import { COLOURS, timelineSvg } from './timeline.js'

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#202124;background:#fff}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 8px}
.meta{color:#5f6368} table{border-collapse:collapse} td,th{padding:3px 10px;border-bottom:1px solid #e8eaed;text-align:right}
td:first-child,th:first-child{text-align:left} pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px}
#timeline{position:relative;border:1px solid #dadce0;border-radius:6px;padding:8px;display:inline-block;background:#fff}
.lane{font-size:12px;fill:#3c4043} .tick{font-size:10px;fill:#5f6368}
.bar{cursor:pointer} .bar:hover{stroke:#202124;stroke-width:1.5}
.fault{fill:#7b1fa2;cursor:pointer} .violation{fill:#d93025;stroke:#fff;stroke-width:1.5;cursor:pointer}
.repair{stroke:#7b1fa2;stroke-dasharray:4 3;stroke-width:1}
#tip{position:fixed;pointer-events:none;background:#202124;color:#fff;padding:6px 8px;border-radius:4px;font-size:12px;white-space:pre-line;max-width:520px;display:none;z-index:10}
.legend span{display:inline-block;margin-right:14px} .sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px}
.ok{color:#2e8b57} .bad{color:#d93025}`

const JS = `
(function(){var tip=document.getElementById('tip');
document.querySelectorAll('[data-tip]').forEach(function(el){
el.addEventListener('mousemove',function(e){tip.textContent=el.getAttribute('data-tip');tip.style.display='block';
tip.style.left=Math.min(e.clientX+14,window.innerWidth-540)+'px';tip.style.top=(e.clientY+14)+'px';});
el.addEventListener('mouseleave',function(){tip.style.display='none';});});})();`

export const renderReport = (r: SimResult, s: Summary, table: string): string => {
  const c = s.config
  const kinds = Object.keys(s.byKind).sort()
  const outcomes = ['Completed', 'Failed', 'Rejected', 'Crashed']
  const legend = [
    ...outcomes.map(
      (o) => `<span><i class="sw" style="background:${COLOURS[o] ?? '#000'}"></i>${o.toLowerCase()}</span>`
    ),
    '<span><i class="sw" style="background:#7b1fa2"></i>▼ fault / ┆ repair</span>',
    '<span><i class="sw" style="background:#d93025;border-radius:6px"></i>invariant violated</span>'
  ].join('')
  const violations =
    s.violations.length === 0
      ? `<p class="ok">All ${s.invariantsChecked} invariants held after every operation.</p>`
      : s.violations
          .map(
            (v) =>
              `<h3 class="bad">✗ ${esc(v.invariant)} ×${v.count}</h3><p>${esc(v.doc)}<br>first after operation #${v.first.opIndex + 1} <code>${esc(v.first.op)}</code>: ${esc(v.first.message)}</p>${
                v.minimalScenario === undefined
                  ? ''
                  : `<p>Minimal scenario (replay with <code>--scenario FILE</code>):</p><pre>${esc(v.minimalScenario)}</pre>`
              }`
          )
          .join('')
  const rows = r.ops
    .slice(0, 1000)
    .map(
      (o) =>
        `<tr><td>#${o.index + 1}</td><td style="text-align:left"><code>${esc(o.text)}</code></td><td style="text-align:left">${o.clients
          .map((cl) => cl.outcome._tag)
          .join(
            ' | '
          )}</td><td style="text-align:left" class="bad">${esc(o.violations.map((v) => v.invariant).join(', '))}</td></tr>`
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hbase-backup-meta simulation — seed ${c.seed}, ${c.mode}</title>
<style>${CSS}</style></head><body>
<h1>hbase-backup-meta simulation</h1>
<div class="meta">seed ${c.seed} · ${s.operations} operations · mode <b>${c.mode}</b> · ${c.tables} tables · ${c.servers} region servers · store ${esc(s.store)} ·
${(s.wallMs / 1000).toFixed(2)} s wall (${s.operationsPerSecond} operations/s) · ${s.storeOperations} system-table calls</div>
<h2>Timeline</h2>
<div id="timeline">${timelineSvg(r)}<div class="legend">${legend}</div></div>
<div id="tip"></div>
<h2>Operations by kind and outcome</h2>
<table><tr><th>kind</th>${outcomes.map((o) => `<th>${o.toLowerCase()}</th>`).join('')}</tr>
${kinds.map((k) => `<tr><td>${k}</td>${outcomes.map((o) => `<td>${s.byKind[k]?.[o] ?? 0}</td>`).join('')}</tr>`).join('')}</table>
<p>Faults injected: ${Object.entries(s.faults)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}</p>
<h2>Invariants</h2>${violations}
<h2>Final state of the system table</h2><pre>${esc(renderState(s.final, table, true).join('\n'))}</pre>
<h2>Operations</h2><table>${rows}</table>
<script>${JS}</script></body></html>
`
}
