// Small DOM and formatting helpers shared by the pages.

/** h('div', {class: 'x', onclick: fn}, child, 'text', [more]) → element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'html') el.innerHTML = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const pct = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v)) ? '—' : `${(v * 100).toFixed(digits)}%`;

export function num(v, digits = 3) {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return Number(v.toPrecision(digits)).toString();
}

export function secs(v) {
  if (v === null || v === undefined) return '—';
  if (v < 1) return `${(v * 1000).toFixed(0)} ms`;
  if (v < 120) return `${v.toFixed(1)} s`;
  const m = Math.floor(v / 60);
  return m < 120 ? `${m} min ${Math.round(v % 60)} s` : `${(v / 3600).toFixed(1)} h`;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export const isActive = status => status === 'queued' || status === 'running';

/** A trial that may still train: queued, running, or paused at an ASHA rung (it may be promoted and resume). */
export const isPending = status => isActive(status) || status === 'paused';

export function badge(status) {
  return h('span', { class: `badge badge-${status}`, 'data-testid': 'status' }, status);
}

/** Trials that will train no more: paused ones wait at a rung and may resume, so they are not finished. */
export const finishedTrials = p => p.total - p.queued - p.running - (p.paused ?? 0);

export function progressBar(p) {
  const done = finishedTrials(p);
  const label = `${done} / ${p.total}`;
  // paused/pruned only exist under a scheduler; an older server's progress has neither.
  const counts = [[p.completed, 'completed'], [p.diverged, 'diverged'], [p.failed, 'failed'], [p.pruned, 'pruned'], [p.cancelled, 'cancelled'],
    [p.paused, 'paused'], [p.running, 'running'], [p.queued, 'queued']].filter(([n, what]) => n !== undefined && (n > 0 || !['paused', 'pruned'].includes(what)));
  return h('div', { class: 'progress', title: counts.map(([n, what]) => `${n} ${what}`).join(', ') },
    h('div', { class: 'progress-track', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': p.total, 'aria-valuenow': done, 'aria-label': `trials finished: ${label}` },
      h('div', { class: 'progress-fill', style: `width:${(p.fraction * 100).toFixed(1)}%` })),
    h('span', { class: 'progress-label', 'data-testid': 'progress' }, label));
}

/** A parameter's value or range as short text: "1e-4 … 0.1 (log)", "relu | tanh", "[512, 256]". */
export function describeParam(v) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('min' in v) return `${num(v.min)} … ${num(v.max)}${v.scale ? ` (${v.scale})` : ''}`;
    if ('values' in v) return v.values.map(x => JSON.stringify(x).replaceAll(',', ', ').replaceAll('"', '')).join(' | ');
  }
  return JSON.stringify(v).replaceAll(',', ', ').replaceAll('"', '');
}

/** The conv stack of a trial as short text, "2×conv(32,64) k3 max +BN", or '' for an MLP (filters double per block, as the engine binds them). */
export function convArchitecture(hp) {
  const blocks = hp?.convBlocks ?? 0;
  if (!(blocks > 0)) return '';
  const base = hp.filters ?? 32;
  const filters = Array.from({ length: blocks }, (_, i) => base * 2 ** i);
  return `${blocks}×conv(${filters.join(',')}) k${hp.kernelSize ?? 3} ${hp.pooling ?? 'max'}${hp.convBatchNorm ? ' +BN' : ''}`;
}

/** A trial's network: "256×128 relu +BN", or with conv blocks "2×conv(32,64) k3 max + [256] relu". */
export function architecture(hp) {
  if (!hp) return '—';
  const layers = Array.isArray(hp.hiddenLayers) ? hp.hiddenLayers : [];
  const conv = convArchitecture(hp);
  const shape = conv ? `${conv} + [${layers.join(',')}]` : layers.length ? layers.join('×') : 'linear';
  return `${shape} ${hp.activation ?? ''}${hp.batchNorm ? ' +BN' : ''}`.trim();
}

/** A diagnostics layer's name: the engine lists the conv blocks first (1 … convBlocks), then the hidden layers. */
export function layerName(layer, convBlocks) {
  const n = convBlocks > 0 ? convBlocks : 0;
  return layer <= n ? `conv ${layer}` : n > 0 ? `dense ${layer - n}` : `layer ${layer}`;
}

/** Viridis-like colour for t in [0, 1]. */
export function viridis(t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

/** Replaces an element's children, skipping null/false (DOM replaceChildren would print "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A titled panel section; the aria-label names it for screen readers and tests. */
export function panel(title, testid, ...children) {
  return h('section', { class: 'panel', 'data-testid': testid, 'aria-label': title }, h('h2', {}, title), ...children);
}

export function errorBox(message) {
  return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}
