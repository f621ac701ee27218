/**
 * The report page's script, as text inlined into the HTML (plain browser JS: the project's tsconfig
 * has no DOM types). It reads the embedded JSON (`#data`) and draws:
 *
 * - the timeline on a canvas, one uniform slot per operation, lanes per kind, a lock lane (who held
 *   it; shaded where it stayed held), a sessions lane (COMPLETE/FAILED/RUNNING stacked) and one lane
 *   per table (in the incremental set or not); zoom with the wheel or the buttons, pan by dragging;
 * - a minimap of the whole run under it, with a brush that selects the range the timeline shows;
 * - filters (failed, faults, violations, kind, table) that dim the timeline and narrow the list;
 * - the list of operations, virtualised (only the rows in sight exist), and the selected operation's
 *   details: clients, the table's state after it, its violations linked to their shrunk scenarios,
 *   and the rows it changed as a diff. `#op-N` in the address selects operation N.
 *
 * A canvas, not SVG, because 10^4 operations are 10^4+ marks: drawing them is milliseconds, while as
 * many DOM nodes made the page slow to open and to zoom.
 */
export const CLIENT_JS = String.raw`
(function () {
  'use strict'
  var D = JSON.parse(document.getElementById('data').textContent)
  var OPS = D.ops, N = OPS.length
  var COL = { Completed: '#2e8b57', Failed: '#e8710a', Rejected: '#9aa0a6', Crashed: '#d93025' }
  var KINDS = ['full', 'incremental', 'delete', 'merge', 'repair', 'bulkload', 'stale-snapshot']
  var LANE = 22, LEFT = 120, TOPM = 22
  var lanes = [{ id: 'invariants', h: 18 }]
  // the doctor's lane, when the run asked it after every operation (simulate --doctor)
  var DOCTOR = OPS.some(function (o) { return o.findings !== undefined })
  var SEV = { error: '#d93025', warning: '#f29900', info: '#9aa0a6' }
  if (DOCTOR) lanes.push({ id: 'doctor', h: 18 })
  KINDS.forEach(function (k) { lanes.push({ id: k, h: LANE }) })
  lanes.push({ id: 'lock', h: LANE }, { id: 'sessions', h: 34 })
  D.tables.forEach(function (t) { lanes.push({ id: 'table', table: t, h: 16 }) })
  var y = TOPM
  lanes.forEach(function (l) { l.y = y; y += l.h })
  var HEIGHT = y + 26

  var $ = function (id) { return document.getElementById(id) }
  var main = $('main'), mini = $('mini'), wrap = $('timeline'), tip = $('tip')
  var view = { a: 0, b: Math.max(1, N) }
  var selected = -1
  var filter = { failed: false, faults: false, violations: false, kind: '', table: '' }
  var matches = OPS.map(function () { return true }), matching = OPS.map(function (_, i) { return i })
  var maxSessions = 1
  OPS.forEach(function (o) { var t = 0; for (var k in o.sessions) t += o.sessions[k]; if (t > maxSessions) maxSessions = t })

  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') }
  function failed(o) { return o.clients.some(function (c) { return c.outcome === 'Failed' || c.outcome === 'Crashed' }) }
  function worst(o) {
    if (o.violations.length) return '#d93025'
    var out = o.clients.map(function (c) { return c.outcome })
    return out.indexOf('Crashed') >= 0 ? COL.Crashed : out.indexOf('Failed') >= 0 ? COL.Failed : out.indexOf('Completed') >= 0 ? COL.Completed : COL.Rejected
  }
  function clock(ms) {
    var s = Math.round((ms - D.clockStart) / 1000)
    return Math.floor(s / 3600) + ':' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0')
  }
  function active() { return filter.failed || filter.faults || filter.violations || filter.kind !== '' || filter.table !== '' }
  function applyFilter() {
    matching = []
    for (var i = 0; i < N; i++) {
      var o = OPS[i]
      var ok = (!filter.failed || failed(o)) && (!filter.faults || o.fault) && (!filter.violations || o.violations.length > 0) &&
        (filter.kind === '' || o.kind === filter.kind || o.clients.some(function (c) { return c.kind === filter.kind })) &&
        (filter.table === '' || o.tables.indexOf(filter.table) >= 0)
      matches[i] = ok
      if (ok) matching.push(i)
    }
    $('count').textContent = active() ? matching.length.toLocaleString('en-US') + ' of ' + N.toLocaleString('en-US') + ' operations match' : N.toLocaleString('en-US') + ' operations'
    list.reset()
    draw()
  }

  // ---------------------------------------------------------------- the timeline
  function setup(canvas, w, h) {
    var r = window.devicePixelRatio || 1
    canvas.width = Math.round(w * r); canvas.height = Math.round(h * r)
    canvas.style.width = w + 'px'; canvas.style.height = h + 'px'
    var ctx = canvas.getContext('2d'); ctx.setTransform(r, 0, 0, r, 0, 0); return ctx
  }
  function plotW() { return Math.max(100, W - LEFT - 10) }
  function xOf(i) { return LEFT + ((i - view.a) / (view.b - view.a)) * plotW() }
  function opAt(x) { return Math.floor(view.a + ((x - LEFT) / plotW()) * (view.b - view.a)) }
  var W = 600
  function draw() {
    W = Math.max(600, wrap.clientWidth - 2)
    var ctx = setup(main, W, HEIGHT), pw = plotW()
    ctx.font = '11px system-ui, sans-serif'; ctx.textBaseline = 'middle'
    lanes.forEach(function (l, k) {
      ctx.fillStyle = k % 2 ? '#ffffff' : '#f6f8fa'; ctx.fillRect(LEFT, l.y, pw, l.h)
      ctx.fillStyle = '#3c4043'; ctx.textAlign = 'right'
      ctx.fillText(l.id === 'table' ? 'incr: ' + l.table : l.id, LEFT - 8, l.y + l.h / 2)
    })
    var a = Math.max(0, Math.floor(view.a)), b = Math.min(N, Math.ceil(view.b))
    var slot = pw / (view.b - view.a), dim = active()
    var laneOf = {}; lanes.forEach(function (l) { if (l.id !== 'table') laneOf[l.id] = l })
    var sess = laneOf['sessions'], lock = laneOf['lock'], inv = laneOf['invariants'], doc = laneOf['doctor']
    for (var i = a; i < b; i++) {
      var o = OPS[i], x0 = xOf(i), w = Math.max(slot, 0.6)
      ctx.globalAlpha = dim && !matches[i] ? 0.12 : 1
      var span = Math.max(1, o.end - o.start)
      if (o.clients.length === 0 && laneOf[o.kind]) {
        var sl = laneOf[o.kind]; ctx.fillStyle = '#8e24aa'; ctx.fillRect(x0, sl.y + 4, Math.max(slot > 4 ? 2 : 0.6, slot - 1), sl.h - 8)
      }
      if (o.lock === 'held') { ctx.fillStyle = 'rgba(217,48,37,0.18)'; ctx.fillRect(x0, lock.y, w, lock.h) }
      o.clients.forEach(function (c, j) {
        var l = laneOf[c.kind]; if (!l) return
        var f0 = Math.min(1, Math.max(0, (c.from - o.start) / span)), f1 = Math.min(1, Math.max(f0, (c.to - o.start) / span))
        var bx = x0 + f0 * slot, bw = Math.max(slot > 4 ? 2 : 0.6, (f1 - f0) * slot - (slot > 4 ? 1 : 0))
        var n = o.clients.length, hh = n > 1 ? Math.max(4, (l.h - 6) / n) : l.h - 8, by = l.y + 4 + (n > 1 ? j * hh : 0)
        ctx.fillStyle = COL[c.outcome] || '#000'; ctx.fillRect(bx, by, bw, hh)
        if (c.lock) { ctx.fillStyle = '#5f6368'; ctx.fillRect(bx, lock.y + 6, bw, lock.h - 12) }
        c.faults.forEach(function (f) {
          var fx = x0 + Math.min(1, Math.max(0, (f.at - o.start) / span)) * slot
          ctx.fillStyle = '#7b1fa2'; ctx.beginPath(); ctx.moveTo(fx - 4, l.y + 1); ctx.lineTo(fx + 4, l.y + 1); ctx.lineTo(fx, l.y + 7); ctx.fill()
        })
      })
      var tot = 0, acc = 0
      for (var k in o.sessions) tot += o.sessions[k]
      ;[['COMPLETE', '#2e8b57'], ['FAILED', '#e8710a'], ['RUNNING', '#1a73e8']].forEach(function (p) {
        var n = o.sessions[p[0]] || 0; if (!n) return
        var h = (n / maxSessions) * (sess.h - 4)
        ctx.fillStyle = p[1]; ctx.fillRect(x0, sess.y + sess.h - 2 - acc - h, w, h); acc += h
      })
      lanes.forEach(function (l) {
        if (l.id === 'table' && o.incr.indexOf(l.table) >= 0) { ctx.fillStyle = '#8ab4f8'; ctx.fillRect(x0, l.y + 3, w, l.h - 6) }
      })
      if (o.violations.length) {
        ctx.fillStyle = '#d93025'; ctx.beginPath(); ctx.arc(x0 + w / 2, inv.y + inv.h / 2, Math.min(5, Math.max(2, slot / 2)), 0, 7); ctx.fill()
      }
      if (doc && o.findings && o.findings.length) {
        var sev = o.findings.some(function (f) { return f.severity === 'error' }) ? 'error' : o.findings.some(function (f) { return f.severity === 'warning' }) ? 'warning' : 'info'
        ctx.fillStyle = SEV[sev]; ctx.fillRect(x0, doc.y + 4, w, doc.h - 8)
      }
    }
    ctx.globalAlpha = 1
    if (selected >= view.a && selected < view.b) {
      ctx.strokeStyle = '#202124'; ctx.lineWidth = 1.5
      ctx.strokeRect(xOf(selected), TOPM - 1, Math.max(2, slot), HEIGHT - TOPM - 25)
    }
    // ticks: operation number and virtual time, about every 110 px
    ctx.fillStyle = '#5f6368'; ctx.textAlign = 'left'
    var every = Math.max(1, Math.ceil((view.b - view.a) / Math.max(1, pw / 110)))
    for (var t = Math.ceil(view.a / every) * every; t < view.b && t < N; t += every) {
      var tx = xOf(t); if (tx > W - 70) break
      ctx.fillText('#' + (t + 1), tx, HEIGHT - 18); ctx.fillText(clock(OPS[t].start), tx, HEIGHT - 6)
    }
    $('range').textContent = 'operations #' + (a + 1) + '–#' + b + ' of ' + N.toLocaleString('en-US')
    drawMini()
  }
  function drawMini() {
    var h = 40, ctx = setup(mini, W, h), pw = plotW(), dim = active()
    ctx.fillStyle = '#f1f3f4'; ctx.fillRect(LEFT, 0, pw, h)
    ctx.fillStyle = '#3c4043'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'right'; ctx.textBaseline = 'middle'
    ctx.fillText('whole run', LEFT - 8, h / 2)
    // one column per pixel: the worst outcome in it, and a red tick where an invariant broke
    var cols = Math.max(1, Math.floor(pw))
    for (var c = 0; c < cols; c++) {
      var i0 = Math.floor((c / cols) * N), i1 = Math.max(i0 + 1, Math.floor(((c + 1) / cols) * N)), col = null, bad = false, any = false
      for (var i = i0; i < i1 && i < N; i++) {
        if (dim && !matches[i]) continue
        any = true
        var wc = worst(OPS[i]); if (OPS[i].violations.length) bad = true
        if (col === null || wc === COL.Crashed || (wc === COL.Failed && col !== COL.Crashed) || (col === COL.Rejected && wc === COL.Completed)) col = wc
      }
      if (!any) continue
      ctx.fillStyle = col; ctx.fillRect(LEFT + c, 14, 1, h - 16)
      if (bad) { ctx.fillStyle = '#d93025'; ctx.fillRect(LEFT + c, 2, 1, 10) }
    }
    var bx = LEFT + (view.a / N) * pw, bw = Math.max(3, ((view.b - view.a) / N) * pw)
    ctx.fillStyle = 'rgba(26,115,232,0.15)'; ctx.fillRect(bx, 0, bw, h)
    ctx.strokeStyle = '#1a73e8'; ctx.lineWidth = 1.5; ctx.strokeRect(bx, 0.75, bw, h - 1.5)
  }
  function setView(a, b) {
    var w = Math.min(N, Math.max(Math.min(N, 8), b - a))
    a = Math.max(0, Math.min(N - w, a)); view.a = a; view.b = a + w; draw()
  }
  function zoom(f, at) {
    var c = at === undefined ? (view.a + view.b) / 2 : at, w = (view.b - view.a) * f
    setView(c - (c - view.a) * f, c - (c - view.a) * f + w)
  }
  $('zoom-in').onclick = function () { zoom(1 / 2) }
  $('zoom-out').onclick = function () { zoom(2) }
  $('zoom-reset').onclick = function () { setView(0, N) }
  main.addEventListener('wheel', function (e) {
    e.preventDefault()
    var x = e.offsetX; zoom(e.deltaY < 0 ? 1 / 1.25 : 1.25, x > LEFT ? view.a + ((x - LEFT) / plotW()) * (view.b - view.a) : undefined)
  }, { passive: false })
  var drag = null
  main.addEventListener('mousedown', function (e) { drag = { x: e.clientX, a: view.a, b: view.b, moved: false } })
  window.addEventListener('mousemove', function (e) {
    if (drag) {
      var dx = e.clientX - drag.x
      if (Math.abs(dx) > 3) drag.moved = true
      if (drag.moved) { var d = (dx / plotW()) * (drag.b - drag.a); setView(drag.a - d, drag.b - d) }
    }
  })
  window.addEventListener('mouseup', function (e) {
    if (drag && !drag.moved && e.target === main && e.offsetX > LEFT) { var i = opAt(e.offsetX); if (i >= 0 && i < N) select(i, true) }
    drag = null; brush = null
  })
  main.addEventListener('mousemove', function (e) {
    var i = opAt(e.offsetX)
    if (e.offsetX < LEFT || i < 0 || i >= N) { tip.style.display = 'none'; return }
    var o = OPS[i]
    tip.textContent = '#' + (i + 1) + ' ' + o.text + '\n' + o.clients.map(function (c) { return c.kind + ': ' + c.outcome + ' — ' + c.message }).join('\n') +
      (o.violations.length ? '\n' + o.violations.map(function (v) { return '✗ ' + v.invariant + ': ' + v.message }).join('\n') : '') +
      (o.findings && o.findings.length ? '\ndoctor: ' + o.findings.map(function (f) { return f.severity + ' ' + f.kind }).join(', ') : '') + '\nclick for details'
    tip.style.display = 'block'; tip.style.left = Math.min(e.clientX + 14, window.innerWidth - 540) + 'px'; tip.style.top = e.clientY + 14 + 'px'
  })
  main.addEventListener('mouseleave', function () { tip.style.display = 'none' })
  var brush = null
  function miniOp(e) { return Math.max(0, Math.min(N, ((e.offsetX - LEFT) / plotW()) * N)) }
  mini.addEventListener('mousedown', function (e) { brush = { from: miniOp(e) } })
  mini.addEventListener('mousemove', function (e) {
    if (!brush) return
    var to = miniOp(e); if (Math.abs(to - brush.from) * (plotW() / N) > 3) { brush.moved = true; setView(Math.min(brush.from, to), Math.max(brush.from, to)) }
  })
  mini.addEventListener('mouseup', function (e) {
    if (brush && !brush.moved) { var c = miniOp(e), w = view.b - view.a; setView(c - w / 2, c + w / 2) }
    brush = null
  })

  // ---------------------------------------------------------------- the list (virtualised)
  var ROW = 22
  var list = (function () {
    var box = $('list'), spacer = $('list-spacer'), rows = $('list-rows')
    function render() {
      spacer.style.height = matching.length * ROW + 'px'
      var first = Math.floor(box.scrollTop / ROW), n = Math.ceil(box.clientHeight / ROW) + 2, html = []
      for (var k = first; k < Math.min(matching.length, first + n); k++) {
        var i = matching[k], o = OPS[i]
        html.push('<div class="row' + (i === selected ? ' sel' : '') + (o.violations.length ? ' bad' : '') + '" data-op="' + i + '" style="top:' + k * ROW + 'px">' +
          '<span class="n">#' + (i + 1) + '</span><span class="sw" style="background:' + worst(o) + '"></span><code>' + esc(o.text) + '</code>' +
          '<span class="out">' + esc(o.clients.map(function (c) { return c.outcome.toLowerCase() }).join(' | ')) + '</span>' +
          (o.violations.length ? '<span class="vio">✗ ' + esc(o.violations.map(function (v) { return v.invariant }).filter(function (v, k, all) { return all.indexOf(v) === k }).join(', ')) + '</span>' : '') + '</div>')
      }
      rows.innerHTML = html.join('')
    }
    box.addEventListener('scroll', render)
    rows.addEventListener('click', function (e) {
      var el = e.target.closest('.row'); if (el) select(Number(el.getAttribute('data-op')), false)
    })
    return {
      render: render,
      reset: function () { box.scrollTop = 0; render() },
      show: function (i) {
        var k = matching.indexOf(i); if (k < 0) return
        if (k * ROW < box.scrollTop || (k + 1) * ROW > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, k * ROW - box.clientHeight / 2)
        render()
      }
    }
  })()

  // ---------------------------------------------------------------- details of one operation
  function diffHtml(d) {
    return '<div class="diff">' + d.removed.map(function (l) { return '<div class="del">− ' + esc(l) + '</div>' }).join('') +
      d.added.map(function (l) { return '<div class="add">+ ' + esc(l) + '</div>' }).join('') +
      '<div class="same">' + d.unchanged + ' unchanged rows</div></div>'
  }
  function details(i) {
    var o = OPS[i], h = []
    h.push('<h3>Operation #' + (i + 1) + ' <code>' + esc(o.text) + '</code></h3>')
    h.push('<p class="meta">' + esc(o.kind) + ' · ' + clock(o.start) + ' → ' + clock(o.end) + (o.tables.length ? ' · tables ' + esc(o.tables.join(', ')) : '') + (o.fault ? ' · fault injected' : '') + '</p>')
    h.push('<table class="kv">')
    o.clients.forEach(function (c, j) {
      h.push('<tr><th>client ' + (j + 1) + ' (' + esc(c.kind) + ')</th><td><span class="sw" style="background:' + (COL[c.outcome] || '#000') + '"></span>' + esc(c.outcome) + ' — ' + esc(c.message) +
        (c.backupId ? '<br>backup ' + esc(c.backupId) : '') + (c.targets.length ? '<br>targets ' + esc(c.targets.join(', ')) : '') +
        '<br>' + c.steps + ' steps' + (c.lock ? ', held the lock' : '') +
        c.faults.map(function (f) { return '<br>▼ ' + (f.crash ? 'crash after ' : 'exception at ') + esc(f.label) }).join('') + '</td></tr>')
    })
    var ss = Object.keys(o.sessions).map(function (k) { return o.sessions[k] + ' ' + k }).join(', ') || 'none'
    h.push('<tr><th>after it</th><td>lock ' + esc(o.lock) + ' · sessions ' + esc(ss) + ' · incremental set ' + esc(o.incr.join(', ') || 'empty') + '</td></tr></table>')
    o.violations.forEach(function (v) {
      h.push('<p class="bad">✗ <b>' + esc(v.invariant) + '</b>: ' + esc(v.message) + ' — <a href="#inv-' + esc(v.invariant) + '">shrunk scenario</a></p>')
    })
    if (o.findings) h.push('<p>The doctor after this operation: ' + (o.findings.length ? o.findings.map(function (f) { return '<span class="sw" style="background:' + (SEV[f.severity] || '#000') + '"></span>' + esc(f.severity + ' ' + f.kind) }).join(' · ') : 'nothing found') + '</p>')
    if (o.diff) h.push('<p>Rows of the table before → after this operation:</p>' + diffHtml(o.diff))
    $('details').innerHTML = h.join('')
  }
  function select(i, fromTimeline) {
    selected = i
    if (i < view.a || i >= view.b) { var w = view.b - view.a; setView(i - w / 2, i + w / 2) } else draw()
    details(i)
    list.show(i)
    if (history.replaceState) history.replaceState(null, '', '#op-' + (i + 1))
  }
  function fromHash() {
    var m = /^#op-(\d+)$/.exec(location.hash)
    if (m) { var i = Number(m[1]) - 1; if (i >= 0 && i < N) select(i, false) }
  }
  window.addEventListener('hashchange', fromHash)
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#op-"]')
    if (a) { e.preventDefault(); var i = Number(a.getAttribute('href').slice(4)) - 1; select(i, false); $('timeline').scrollIntoView() }
  })

  // ---------------------------------------------------------------- filters
  ;['failed', 'faults', 'violations'].forEach(function (k) {
    $('f-' + k).addEventListener('change', function (e) { filter[k] = e.target.checked; applyFilter() })
  })
  var kindSel = $('f-kind'), tableSel = $('f-table')
  D.kinds.forEach(function (k) { var o = document.createElement('option'); o.value = k; o.textContent = k; kindSel.appendChild(o) })
  D.tables.forEach(function (t) { var o = document.createElement('option'); o.value = t; o.textContent = t; tableSel.appendChild(o) })
  kindSel.addEventListener('change', function () { filter.kind = kindSel.value; applyFilter() })
  tableSel.addEventListener('change', function () { filter.table = tableSel.value; applyFilter() })

  window.addEventListener('resize', draw)
  applyFilter()
  fromHash()
  document.body.setAttribute('data-ready', 'true')
})()
`
