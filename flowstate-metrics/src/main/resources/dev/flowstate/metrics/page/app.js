// The live page: draws the plan from /dataflow once, then polls /status every second and fills in rates, workers,
// recovery and peers. Plain browser JavaScript, no libraries, no build step.
'use strict';

const NODE_W = 230, NODE_H = 66, GAP_X = 30, GAP_Y = 40, PAD = 20;
const svgNs = 'http://www.w3.org/2000/svg';
let plan = null;
const nodes = {}; // step id -> {rate, total} text elements

function el(name, attrs, parent, text) {
  const e = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function fmt(n) {
  if (n >= 1e9) return (n / 1e9).toFixed(1) + 'G';
  if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (n >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  return String(Math.round(n));
}

function bytes(n) {
  if (n >= 1 << 30) return (n / (1 << 30)).toFixed(1) + ' GiB';
  if (n >= 1 << 20) return (n / (1 << 20)).toFixed(1) + ' MiB';
  if (n >= 1 << 10) return (n / (1 << 10)).toFixed(1) + ' KiB';
  return n + ' B';
}

function secs(s) {
  return s >= 10 ? s.toFixed(0) + ' s' : s >= 0.1 ? s.toFixed(2) + ' s' : (s * 1000).toFixed(1) + ' ms';
}

// Layers by longest path from an input (the plan's step order is topological), then one row per layer.
function layout(p) {
  const layer = {};
  for (const s of p.steps) layer[s.id] = 0;
  for (const s of p.steps) {
    for (const e of p.edges) if (e.to === s.id) layer[s.id] = Math.max(layer[s.id], layer[e.from] + 1);
  }
  const rows = [];
  for (const s of p.steps) (rows[layer[s.id]] = rows[layer[s.id]] || []).push(s);
  const width = Math.max(...rows.map(r => r.length)) * (NODE_W + GAP_X) - GAP_X + 2 * PAD;
  const pos = {};
  rows.forEach((row, y) => {
    const rowW = row.length * (NODE_W + GAP_X) - GAP_X;
    row.forEach((s, x) => {
      pos[s.id] = { x: (width - rowW) / 2 + x * (NODE_W + GAP_X), y: PAD + y * (NODE_H + GAP_Y) };
    });
  });
  return { pos, width, height: 2 * PAD + rows.length * (NODE_H + GAP_Y) - GAP_Y };
}

function drawPlan(p) {
  const svg = document.getElementById('graph');
  const { pos, width, height } = layout(p);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.maxHeight = (height * 1.2) + 'px';
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
    orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9ca3af' }, marker);
  for (const e of p.edges) {
    const a = pos[e.from], b = pos[e.to];
    const x1 = a.x + NODE_W / 2, y1 = a.y + NODE_H, x2 = b.x + NODE_W / 2, y2 = b.y;
    const my = (y1 + y2) / 2;
    el('path', { d: `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}`,
      class: 'edge' + (e.exchange ? ' exchange' : '') }, svg);
    if (e.label) el('text', { x: (x1 + x2) / 2 + 6, y: my + 4, class: 'edge-label' }, svg, e.label);
  }
  for (const s of p.steps) {
    const { x, y } = pos[s.id];
    const g = el('g', { class: 'node ' + s.kind, transform: `translate(${x},${y})`, 'data-step': s.id }, svg);
    el('rect', { width: NODE_W, height: NODE_H }, g);
    el('text', { x: 10, y: 18, class: 'id' }, g, s.id);
    el('text', { x: NODE_W - 10, y: 18, class: 'kind', 'text-anchor': 'end' }, g, s.kind);
    const rate = el('text', { x: 10, y: 40, class: 'rate', 'data-rate': '0' }, g, '– items/s');
    const total = el('text', { x: 10, y: 57, class: 'total' }, g, '');
    nodes[s.id] = { rate, total };
  }
}

function rows(tableId, items, cells) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...items.map(item => {
    const tr = document.createElement('tr');
    for (const c of cells(item)) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.appendChild(td);
    }
    return tr;
  }));
}

function update(st) {
  document.getElementById('name').textContent = st.dataflow;
  const state = document.getElementById('state');
  state.textContent = st.finished ? 'finished' : `running · epoch ${st.committedEpoch + 1}`;
  state.className = 'state ' + (st.finished ? 'finished' : 'running');
  for (const s of st.steps) {
    const n = nodes[s.id];
    if (!n) continue;
    // Inputs have no items in: what they read is what they emit.
    const rate = s.kind === 'input' ? s.outRate : s.inRate;
    n.rate.textContent = fmt(rate) + ' items/s';
    n.rate.setAttribute('data-rate', String(rate));
    n.total.textContent = `in ${fmt(s.in)} · out ${fmt(s.out)} · busy ${secs(s.busySeconds)}`;
  }
  rows('workers', st.workers, w => [w.index, w.epoch, w.backlog, secs(w.parkedSeconds)]);
  const parts = [...st.partitions].sort((a, b) => a.step.localeCompare(b.step) || a.partition.localeCompare(b.partition));
  rows('partitions', parts, p => [p.step, p.partition, p.worker, fmt(p.position), p.lag < 0 ? '–' : fmt(p.lag)]);
  const r = st.recovery;
  const rec = document.getElementById('recovery');
  const recRows = [['last committed epoch', st.committedEpoch]];
  if (r.enabled) {
    recRows.push(['resumed at epoch', r.resumeEpoch], ['time to resume', secs(r.resumeSeconds)],
      ['commits', r.commits], ['snapshot rows', fmt(r.snapshotRows)], ['snapshot bytes', bytes(r.snapshotBytes)],
      ['last commit took', secs(r.lastCommitSeconds)]);
  } else {
    recRows.push(['recovery', 'off']);
  }
  rec.replaceChildren(...recRows.map(([k, v]) => {
    const tr = document.createElement('tr');
    const th = document.createElement('td');
    th.textContent = k;
    const td = document.createElement('td');
    td.textContent = v;
    tr.append(th, td);
    return tr;
  }));
  document.getElementById('peers-box').hidden = st.peers.length === 0;
  rows('peers', st.peers, p => [`${p.process} (${p.address})`, bytes(p.bytesSent), bytes(p.bytesReceived),
    secs(p.creditWaitSeconds)]);
  document.getElementById('updated').textContent = new Date().toLocaleTimeString();
}

async function poll() {
  try {
    if (!plan) {
      plan = await (await fetch('dataflow')).json();
      drawPlan(plan);
    }
    update(await (await fetch('status')).json());
  } catch (e) {
    const state = document.getElementById('state');
    state.textContent = 'not reachable (dataflow ended?)';
    state.className = 'state lost';
  }
}

poll();
setInterval(poll, 1000);
