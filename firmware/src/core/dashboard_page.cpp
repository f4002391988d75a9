#include "dashboard_page.h"

namespace energy_node {
namespace {

// Polls /api/status once a second and keeps the last two minutes of power for
// the chart. Everything is set with textContent, never innerHTML.
constexpr char kDashboardPage[] = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Energy node</title>
<style>
  :root { color-scheme: light dark; --accent: #2f855a; --muted: #718096; }
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  #link { color: var(--muted); margin: 0 0 1rem; }
  #link.down { color: #c53030; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; }
  .card { border: 1px solid #8884; border-radius: .5rem; padding: .6rem .8rem; }
  .label { color: var(--muted); font-size: .8rem; }
  .value { font-size: 1.5rem; font-variant-numeric: tabular-nums; }
  section { margin-top: 1.25rem; }
  h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
  .bar { background: #8883; border-radius: .4rem; height: 1.2rem; overflow: hidden; }
  #bar-fill { background: var(--accent); height: 100%; width: 0; transition: width .5s; }
  canvas { width: 100%; height: 14rem; border: 1px solid #8884; border-radius: .5rem; }
</style>
</head>
<body>
<h1>Energy node</h1>
<p id="link">connecting&hellip;</p>
<div class="grid">
  <div class="card"><div class="label">Voltage</div><div class="value" id="voltage">&ndash;</div></div>
  <div class="card"><div class="label">Current</div><div class="value" id="current">&ndash;</div></div>
  <div class="card"><div class="label">Power</div><div class="value" id="power">&ndash;</div></div>
  <div class="card"><div class="label">Energy sent (total)</div><div class="value" id="exported">&ndash;</div></div>
  <div class="card"><div class="label">Energy received (total)</div><div class="value" id="imported">&ndash;</div></div>
  <div class="card"><div class="label">Relay</div><div class="value" id="relay">&ndash;</div></div>
  <div class="card"><div class="label">Trades waiting</div><div class="value" id="queue">&ndash;</div></div>
  <div class="card"><div class="label">Battery</div><div class="value" id="soc">&ndash;</div></div>
  <div class="card"><div class="label">Solar</div><div class="value" id="pv">&ndash;</div></div>
  <div class="card"><div class="label">Household load</div><div class="value" id="load">&ndash;</div></div>
  <div class="card"><div class="label">Uptime</div><div class="value" id="uptime">&ndash;</div></div>
</div>
<section>
  <h2>Active trade</h2>
  <p id="trade">No trade is being delivered.</p>
  <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" id="bar">
    <div id="bar-fill"></div>
  </div>
</section>
<section>
  <h2>Power over time</h2>
  <canvas id="chart" width="800" height="280" aria-label="Power in watts over the last two minutes"></canvas>
</section>
<script>
(() => {
  'use strict';
  const POLL_MS = 1000;
  const HISTORY = 120;
  const points = [];
  const $ = (id) => document.getElementById(id);
  const fixed = (value, digits) => Number(value).toFixed(digits);

  function energyText(milliWh) {
    return milliWh >= 1e6 ? fixed(milliWh / 1e6, 3) + ' kWh' : fixed(milliWh / 1e3, 3) + ' Wh';
  }

  function durationText(ms) {
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h + 'h ' + String(m).padStart(2, '0') + 'm ' + String(s % 60).padStart(2, '0') + 's';
  }

  function drawChart() {
    const canvas = $('chart');
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height, pad = 36;
    ctx.clearRect(0, 0, w, h);
    const max = Math.max(1, ...points.map((p) => p.watts)) * 1.1;
    ctx.strokeStyle = '#8886';
    ctx.fillStyle = '#888';
    ctx.font = '12px sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = pad / 2 + (h - pad) * (1 - i / 4);
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w, y); ctx.stroke();
      ctx.fillText(fixed(max * i / 4, max < 10 ? 1 : 0) + ' W', 2, y + 4);
    }
    if (points.length < 2) return;
    const t0 = points[0].t, span = Math.max(1, points[points.length - 1].t - t0);
    ctx.strokeStyle = '#2f855a';
    ctx.lineWidth = 2;
    ctx.beginPath();
    points.forEach((p, i) => {
      const x = pad + (w - pad) * (p.t - t0) / span;
      const y = pad / 2 + (h - pad) * (1 - p.watts / max);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }

  function show(status) {
    $('link').textContent = 'live, updated ' + new Date().toLocaleTimeString();
    $('link').className = '';
    $('voltage').textContent = fixed(status.voltageV, 2) + ' V';
    $('current').textContent = fixed(status.currentA, 2) + ' A';
    $('power').textContent = fixed(status.powerW, 1) + ' W';
    $('exported').textContent = energyText(status.energyExportedMilliWh);
    $('imported').textContent = energyText(status.energyImportedMilliWh);
    $('relay').textContent = status.connection === 'export' ? 'export relay closed (sending)'
      : status.connection === 'import' ? 'import relay closed (receiving)' : 'open';
    $('queue').textContent = String(status.queueLength);
    $('soc').textContent = status.batterySocPct == null ? 'n/a' : fixed(status.batterySocPct, 1) + ' %';
    $('pv').textContent = status.pvPowerW == null ? 'n/a' : fixed(status.pvPowerW, 1) + ' W';
    $('load').textContent = status.loadPowerW == null ? 'n/a' : fixed(status.loadPowerW, 1) + ' W';
    $('uptime').textContent = durationText(status.uptimeMs);
    const trade = status.activeTrade;
    const pct = trade ? Math.min(100, trade.progressPct) : 0;
    $('trade').textContent = trade
      ? 'Trade #' + trade.tradeId + (trade.role === 'import' ? ' (receiving): ' : ' (sending): ') +
        energyText(trade.deliveredMilliWh) + ' of ' +
        energyText(trade.quantityMilliWh) + ' (' + fixed(pct, 1) + ' %)'
      : 'No trade is being delivered.';
    $('bar-fill').style.width = pct + '%';
    $('bar').setAttribute('aria-valuenow', String(pct));
    points.push({ t: status.uptimeMs, watts: Math.abs(status.powerW) });
    while (points.length > HISTORY) points.shift();
    drawChart();
  }

  async function poll() {
    try {
      const response = await fetch('/api/status', { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      show(await response.json());
    } catch (error) {
      $('link').textContent = 'node unreachable (' + error.message + '), retrying';
      $('link').className = 'down';
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  drawChart();
  poll();
})();
</script>
</body>
</html>
)HTML";

}  // namespace

std::string_view dashboardPage() { return std::string_view(kDashboardPage, sizeof kDashboardPage - 1); }

}  // namespace energy_node
