/**
 * The self-contained HTML report of a run (`simulate --report out.html`): inline CSS, the run as
 * embedded JSON and the page's script (`client.ts`); no external resource of any kind, so the file
 * can be mailed or attached to an issue and opens offline.
 *
 * Sections: header and numbers; the timeline with zoom, minimap and filters; the operations
 * (virtualised list) beside the selected operation's details; invariant violations with their
 * shrunk scenarios and row diffs; operations by kind and outcome; the final state of the system
 * table as tables. The static parts are rendered here, so they read without the script.
 */
import type { SimResult } from '../../simulator/Simulation.js'
import type { Summary } from '../summary.js'
import { CLIENT_JS } from './client.js'
import type { ReportData } from './data.js'
import { reportData } from './data.js'

export const COLOURS: Readonly<Record<string, string>> = {
  Completed: '#2e8b57',
  Failed: '#e8710a',
  Rejected: '#9aa0a6',
  Crashed: '#d93025'
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:20px 24px;color:#202124;background:#fff;min-width:1000px}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:26px 0 8px} h3{font-size:14px;margin:14px 0 6px}
.meta{color:#5f6368} code{font-size:12px}
table{border-collapse:collapse} td,th{padding:3px 10px;border-bottom:1px solid #e8eaed;text-align:left;vertical-align:top}
td.n,th.n{text-align:right} pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px;margin:6px 0}
#controls{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:6px 0 8px}
#controls button{font:inherit;padding:2px 10px;border:1px solid #dadce0;background:#fff;border-radius:4px;cursor:pointer}
#controls label{white-space:nowrap} #range,#count{color:#5f6368}
#timeline{border:1px solid #dadce0;border-radius:6px;padding:6px 0;background:#fff;width:100%;overflow:hidden}
#main{display:block;cursor:crosshair} #mini{display:block;cursor:pointer;margin-top:4px}
#tip{position:fixed;pointer-events:none;background:#202124;color:#fff;padding:6px 8px;border-radius:4px;font-size:12px;white-space:pre-line;max-width:520px;display:none;z-index:10}
.legend{margin:6px 0 0 12px;font-size:12px} .legend span{display:inline-block;margin-right:14px}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:-1px;margin-right:5px}
#ops{display:grid;grid-template-columns:minmax(480px,1fr) minmax(420px,1fr);gap:16px;align-items:start}
#list{position:relative;height:440px;overflow:auto;border:1px solid #dadce0;border-radius:6px}
#list-rows .row{position:absolute;left:0;right:0;height:22px;line-height:22px;padding:0 8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer;border-bottom:1px solid #f1f3f4}
#list-rows .row:hover{background:#f1f3f4} #list-rows .row.sel{background:#e8f0fe}
.row .n{display:inline-block;min-width:56px;color:#5f6368} .row .out{margin-left:10px;color:#5f6368} .row .vio{margin-left:10px;color:#d93025}
#details{border:1px solid #dadce0;border-radius:6px;padding:8px 12px;min-height:440px;max-height:640px;overflow:auto}
.kv th{white-space:nowrap;color:#5f6368;font-weight:500}
.diff{font:12px/1.5 ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;padding:6px 8px;border-radius:4px;overflow:auto}
.diff .del{color:#b3261e;background:#fce8e6} .diff .add{color:#137333;background:#e6f4ea} .diff .same{color:#5f6368}
.ok{color:#2e8b57} .bad{color:#d93025}
.final{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.scroll{max-height:420px;overflow:auto;border:1px solid #e8eaed}
@media (min-width:1600px){#list{height:560px}#details{min-height:560px}}`

const kvTable = (rows: ReadonlyArray<readonly [string, string]>): string =>
  `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`

const finalTables = (d: ReportData): string => {
  const f = d.final
  const overview = kvTable([
    ['table', d.tableName],
    ['lock', f.lock],
    ['snapshot_backup_system', f.snapshot],
    ['delete marker', f.deleteMarker.join(', ') || 'none'],
    ['merge marker', f.mergeMarker.join(', ') || 'none'],
    [
      'sessions',
      Object.entries(f.sessionsByState)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    ],
    ['incremental set', f.incrementalSet.join(', ') || 'empty'],
    ['start code', f.startCode === null ? 'none' : String(f.startCode)],
    ['WAL rows', String(f.walFiles)],
    ['bulk-load rows', String(f.bulkLoadRows)],
    ['backup sets', f.backupSets.join(', ') || 'none'],
    ['problems', f.problems.join('; ') || 'none']
  ])
  const rolls = [
    ...Object.entries(f.serverLogRolls).map(
      ([server, ts]) => `<tr><td>(server)</td><td>${esc(server)}</td><td class="n">${ts}</td></tr>`
    ),
    ...Object.entries(f.tableLogRolls).flatMap(([t, m]) =>
      Object.entries(m).map(
        ([server, ts]) => `<tr><td>${esc(t)}</td><td>${esc(server)}</td><td class="n">${ts}</td></tr>`
      )
    )
  ]
  const sessions = f.sessions
    .map(
      (s) =>
        `<tr><td><code>${esc(s.backupId)}</code></td><td>${esc(s.type)}</td><td>${esc(s.state)}</td><td>${esc(s.phase)}</td><td>${esc(s.tables.join(', '))}</td><td class="n">${s.startTs}</td><td class="n">${s.completeTs}</td><td>${esc(s.failedMessage ?? '')}</td></tr>`
    )
    .join('')
  return `<div class="final"><div><h3>Overview</h3>${overview}</div>
<div><h3>Log rolls</h3><table><tr><th>table</th><th>server</th><th class="n">timestamp</th></tr>${rolls.join('') || '<tr><td colspan="3">none</td></tr>'}</table></div></div>
<h3>Sessions (${f.sessions.length.toLocaleString('en-US')}, newest first)</h3>
<div class="scroll"><table id="final-sessions"><tr><th>backup id</th><th>type</th><th>state</th><th>phase</th><th>tables</th><th class="n">start</th><th class="n">complete</th><th>failed message</th></tr>${sessions}</table></div>`
}

const violationSections = (d: ReportData, invariantsChecked: number): string => {
  if (d.violations.length === 0)
    return `<p class="ok">All ${invariantsChecked} invariants held after every operation.</p>`
  return d.violations
    .map((v) => {
      const op = d.ops[v.first.opIndex]
      return `<section id="inv-${esc(v.invariant)}"><h3 class="bad">✗ ${esc(v.invariant)} ×${v.count}</h3><p>${esc(v.doc)}<br>first after operation <a href="#op-${v.first.opIndex + 1}">#${v.first.opIndex + 1}</a> <code>${esc(v.first.op)}</code>: ${esc(v.first.message)}</p>${
        v.minimalScenario === undefined
          ? '<p class="meta">Not shrunk (run without --no-shrink, on the memory store, to get a minimal scenario).</p>'
          : `<p>Shrunk scenario (replay with <code>--scenario FILE</code>):</p><pre class="scenario">${esc(v.minimalScenario)}</pre>`
      }${
        op?.diff === undefined
          ? ''
          : `<p>Rows of the table before → after operation #${v.first.opIndex + 1}:</p><div class="diff">${op.diff.removed
              .map((l) => `<div class="del">− ${esc(l)}</div>`)
              .join(
                ''
              )}${op.diff.added.map((l) => `<div class="add">+ ${esc(l)}</div>`).join('')}<div class="same">${op.diff.unchanged} unchanged rows</div></div>`
      }</section>`
    })
    .join('')
}

export const renderReport = (r: SimResult, s: Summary, table: string): string => {
  const d = reportData(r, s, table)
  const kinds = Object.keys(s.byKind).sort()
  const outcomes = ['Completed', 'Failed', 'Rejected', 'Crashed']
  const legend = [
    ...outcomes.map(
      (o) => `<span><i class="sw" style="background:${COLOURS[o] ?? '#000'}"></i>${o.toLowerCase()}</span>`
    ),
    '<span><i class="sw" style="background:#7b1fa2"></i>▼ fault</span>',
    '<span><i class="sw" style="background:#d93025;border-radius:6px"></i>invariant violated</span>',
    '<span><i class="sw" style="background:#5f6368"></i>lock held by the client</span>',
    '<span><i class="sw" style="background:rgba(217,48,37,0.25)"></i>lock left held</span>',
    '<span><i class="sw" style="background:#8e24aa"></i>stale snapshot left by a dead tool</span>',
    '<span><i class="sw" style="background:#1a73e8"></i>RUNNING sessions</span>',
    '<span><i class="sw" style="background:#8ab4f8"></i>table in the incremental set</span>',
    ...(d.ops.some((o) => o.findings !== undefined)
      ? [
          '<span><i class="sw" style="background:#d93025"></i>doctor: error</span>',
          '<span><i class="sw" style="background:#f29900"></i>doctor: warning</span>',
          '<span><i class="sw" style="background:#9aa0a6"></i>doctor: info</span>'
        ]
      : [])
  ].join('')
  const json = JSON.stringify(d).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(d.title)}</title>
<style>${CSS}</style></head><body>
<h1>hbase-backup-meta simulation</h1>
<div class="meta">${esc(d.meta)}</div>
<h2>Timeline</h2>
<div id="controls">
<span><button id="zoom-out" title="zoom out">−</button> <button id="zoom-in" title="zoom in">+</button> <button id="zoom-reset">whole run</button></span>
<span id="range"></span>
<label><input type="checkbox" id="f-failed"> failed</label>
<label><input type="checkbox" id="f-faults"> faults</label>
<label><input type="checkbox" id="f-violations"> violations</label>
<label>kind <select id="f-kind"><option value="">all</option></select></label>
<label>table <select id="f-table"><option value="">all</option></select></label>
<span id="count"></span>
</div>
<div id="timeline"><canvas id="main" aria-label="timeline: wheel to zoom, drag to pan, click an operation for its details"></canvas><canvas id="mini" aria-label="the whole run: drag to choose the range shown above"></canvas><div class="legend">${legend}</div></div>
<div id="tip"></div>
<h2>Operations</h2>
<div id="ops"><div id="list"><div id="list-spacer"></div><div id="list-rows"></div></div><div id="details"><p class="meta">Click an operation in the timeline or the list.</p></div></div>
<h2>Invariants</h2>${violationSections(d, s.invariantsChecked)}
<h2>Operations by kind and outcome</h2>
<table><tr><th>kind</th>${outcomes.map((o) => `<th class="n">${o.toLowerCase()}</th>`).join('')}</tr>
${kinds.map((k) => `<tr><td>${k}</td>${outcomes.map((o) => `<td class="n">${s.byKind[k]?.[o] ?? 0}</td>`).join('')}</tr>`).join('')}</table>
<p>Faults injected: ${
    Object.entries(s.faults)
      .map(([k, n]) => `${esc(k)} ${n}`)
      .join(', ') || 'none'
  }</p>
<h2>Final state of the system table</h2>${finalTables(d)}
<script type="application/json" id="data">${json}</script>
<script>${CLIENT_JS}</script></body></html>
`
}
