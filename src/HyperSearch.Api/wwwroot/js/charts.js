// Chart.js (vendored UMD build, window.Chart) wrappers. Every chart is created once per canvas and
// updated in place afterwards (no animation, parsing off) so polling and 10,000-point scatters stay cheap.
import { viridis, palette, pct, num, secs, layerName } from './util.js';

const Chart = window.Chart;
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#374151';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

const charts = new WeakMap();

/** Creates the chart on first use, then swaps data and options in place. Marks the canvas with data-points. */
export function upsert(canvas, config, points) {
  let chart = charts.get(canvas);
  if (!chart) {
    chart = new Chart(canvas, config);
    charts.set(canvas, chart);
  } else {
    chart.data = config.data;
    chart.options = config.options;
    chart.update('none');
  }
  canvas.dataset.points = String(points);
  canvas.closest('.chart-box')?.classList.toggle('is-empty', points === 0);
  return chart;
}

export function destroyAll(root) {
  for (const c of root.querySelectorAll('canvas')) {
    const chart = charts.get(c);
    if (chart) { chart.destroy(); charts.delete(c); }
  }
}

const axisTitle = text => ({ display: true, text, font: { weight: '600' } });
const logTicks = {
  autoSkip: false, maxRotation: 0,
  /** Labels powers of ten (and 2×, 5× when the axis spans under three decades); other grid lines stay unlabelled. */
  callback(value) {
    const span = Math.log10(this.max / this.min);
    const e = Math.floor(Math.log10(value) + 1e-9);
    const m = Math.round(value / 10 ** e * 1000) / 1000;
    if (m !== 1 && !(span < 3 && (m === 2 || m === 5))) return '';
    return e >= -3 && e <= 3 ? String(Number(value.toPrecision(3))) : `${m === 1 ? '' : `${m}×`}1e${e}`;
  },
};

/** Opens the trial under a clicked point (the point's `t`; of overlapping dots the one drawn on top), if the caller asked for it. */
function clickHandler(onPick) {
  if (!onPick) return undefined;
  return (_event, elements, chart) => {
    const hit = elements.findLast(e => chart.data.datasets[e.datasetIndex].data[e.index]?.t);
    if (hit) onPick(chart.data.datasets[hit.datasetIndex].data[hit.index].t);
  };
}

/** A pointer cursor over clickable points. */
function hoverHandler(onPick) {
  if (!onPick) return undefined;
  return (event, elements, chart) => {
    const over = elements.some(e => chart.data.datasets[e.datasetIndex].data[e.index]?.t);
    if (event.native?.target) event.native.target.style.cursor = over ? 'pointer' : '';
  };
}

/**
 * Validation accuracy over learning rate × regularisation (log × log), coloured by accuracy.
 * `points` are rows of GET /api/searches/{id}/points; `onPick(point)` runs when a dot is clicked.
 */
export function lrRegScatter(canvas, points, bounds = {}, onPick = null) {
  const axisRange = (range, values) => {
    let lo = range ? range[0] : Infinity, hi = range ? range[1] : -Infinity;
    for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    return Number.isFinite(lo) ? { min: lo / 1.25, max: hi * 1.25 } : {};
  };
  const positive = t => t.learningRate > 0 && t.regularization > 0;
  const ok = points.filter(t => t.validationAccuracy !== null && positive(t));
  const bad = points.filter(t => t.validationAccuracy === null && (t.status === 'diverged' || t.status === 'failed') && positive(t));
  let lo = Infinity, hi = -Infinity;
  for (const t of ok) { lo = Math.min(lo, t.validationAccuracy); hi = Math.max(hi, t.validationAccuracy); }
  const scale = v => hi > lo ? (v - lo) / (hi - lo) : 1;
  ok.sort((a, b) => a.validationAccuracy - b.validationAccuracy); // best drawn last (on top)
  const big = ok.length > 2000;
  const xy = t => ({ x: t.learningRate, y: t.regularization, t });
  // Pruned trials stopped early: their accuracy is the one at the rung or epoch where they stopped, not
  // comparable with a full run, so they are hollow rings under the full runs (same colour scale).
  const full = ok.filter(t => t.status !== 'pruned');
  const cut = ok.filter(t => t.status === 'pruned');
  const pts = full.map(xy);
  const crosses = bad.map(xy);
  const prunedPts = cut.map(xy);
  const colors = full.map(t => viridis(scale(t.validationAccuracy)));
  const prunedColors = cut.map(t => viridis(scale(t.validationAccuracy)));
  const xs = [], ys = [];
  for (const p of [...pts, ...crosses, ...prunedPts]) { xs.push(p.x); ys.push(p.y); }
  upsert(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'trials (colour = validation accuracy)', data: pts, backgroundColor: colors, borderColor: colors, pointRadius: big ? 2 : 5, pointHoverRadius: 7 },
        { label: 'diverged / failed', data: crosses, pointStyle: 'crossRot', borderColor: '#9ca3af', backgroundColor: '#9ca3af', pointRadius: big ? 3 : 6, borderWidth: 2 },
        ...(prunedPts.length ? [{ label: 'pruned (accuracy where it stopped)', data: prunedPts, backgroundColor: 'rgba(255,255,255,0.6)', borderColor: prunedColors, pointRadius: big ? 2 : 5, borderWidth: 2 }] : []),
      ],
    },
    options: {
      parsing: false, normalized: true,
      onClick: clickHandler(onPick),
      onHover: hoverHandler(onPick),
      scales: {
        x: { type: 'logarithmic', title: axisTitle('learning rate (log)'), ticks: logTicks, ...axisRange(bounds.x, xs) },
        y: { type: 'logarithmic', title: axisTitle('regularisation λ (log)'), ticks: logTicks, ...axisRange(bounds.y, ys) },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true } },
        tooltip: { callbacks: { label: c => trialLabel(c.raw.t) } },
      },
    },
  }, ok.length + bad.length);
  return { lo, hi, count: ok.length };
}

function trialLabel(t) {
  return `#${t.index} (stage ${t.stage}) lr ${num(t.learningRate)}, λ ${num(t.regularization)}: val ${pct(t.validationAccuracy)}, train ${pct(t.trainAccuracy)} [${t.status}]`;
}

/** Train (x) vs validation (y) accuracy per trial (rows of /points), with y = x and the overfit threshold y = x − gap. */
export function trainValScatter(canvas, points, gap, onPick = null) {
  const done = points.filter(t => t.trainAccuracy !== null && t.validationAccuracy !== null);
  const over = done.filter(t => t.overfit);
  const fine = done.filter(t => !t.overfit);
  const big = done.length > 2000;
  const p = t => ({ x: t.trainAccuracy, y: t.validationAccuracy, t });
  upsert(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: `within gap (${fine.length})`, data: fine.map(p), backgroundColor: 'rgba(37,99,235,0.55)', borderColor: '#2563eb', pointRadius: big ? 2 : 5 },
        { label: `overfit: train − val > ${num(gap)} (${over.length})`, data: over.map(p), backgroundColor: 'rgba(220,38,38,0.8)', borderColor: '#991b1b', pointRadius: big ? 3 : 6, pointStyle: 'triangle' },
        { type: 'line', label: `threshold y = x − ${num(gap)}`, data: [{ x: gap, y: 0 }, { x: 1, y: 1 - gap }], borderColor: '#dc2626', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false },
        { type: 'line', label: 'y = x (no gap)', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: '#9ca3af', borderWidth: 1, pointRadius: 0, fill: false },
      ],
    },
    options: {
      parsing: false, normalized: true,
      onClick: clickHandler(onPick),
      onHover: hoverHandler(onPick),
      scales: {
        x: { type: 'linear', min: 0, max: 1, title: axisTitle('training accuracy'), ticks: { callback: v => pct(v, 0) } },
        y: { type: 'linear', min: 0, max: 1, title: axisTitle('validation accuracy'), ticks: { callback: v => pct(v, 0) } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true } },
        tooltip: { filter: c => !!c.raw.t, callbacks: { label: c => trialLabel(c.raw.t) } },
      },
    },
  }, done.length);
}

/** Learning curves of several trials: loss on one canvas, train/val accuracy on another. */
export function learningCurves(lossCanvas, accCanvas, details, logLoss) {
  const loss = [], acc = [];
  details.forEach((d, i) => {
    const color = palette[i % palette.length];
    const pruned = d.trial.status === 'pruned';
    const name = `#${d.trial.index}${d.trial.stage > 1 ? ` s${d.trial.stage}` : ''}${pruned ? ' (pruned)' : ''}`;
    const ep = d.epochs;
    const finite = v => Number.isFinite(v) && (!logLoss || v > 0) ? v : null;
    // A pruned trial's curve simply ends where the scheduler stopped it; a cross marks that end. Without
    // a marker a one-epoch curve (pruned at the first rung) would be a single invisible point.
    const last = ep.length - 1;
    const end = { radius: pruned ? 6 : ep.length === 1 ? 3 : 0, style: pruned ? 'crossRot' : 'circle' };
    const line = (label, data, dashed) => ({
      label, data, borderColor: color, backgroundColor: color, borderWidth: 2, borderDash: dashed ? [5, 4] : undefined,
      pointRadius: c => c.dataIndex === last ? end.radius : 0, pointStyle: c => c.dataIndex === last ? end.style : 'circle',
    });
    loss.push(line(`${name} train`, ep.map(e => ({ x: e.epoch, y: finite(e.trainLoss) })), false));
    loss.push(line(`${name} val`, ep.map(e => ({ x: e.epoch, y: finite(e.validationLoss) })), true));
    acc.push(line(`${name} train`, ep.map(e => ({ x: e.epoch, y: e.trainAccuracy })), false));
    acc.push(line(`${name} val`, ep.map(e => ({ x: e.epoch, y: e.validationAccuracy })), true));
  });
  const points = details.reduce((n, d) => n + d.epochs.length, 0);
  const common = { parsing: false, normalized: true, spanGaps: false, interaction: { mode: 'nearest', intersect: false }, plugins: { legend: { position: 'bottom', labels: { boxHeight: 2 } } } };
  upsert(lossCanvas, {
    type: 'line', data: { datasets: loss },
    options: { ...common, scales: { x: { type: 'linear', title: axisTitle('epoch'), ticks: { precision: 0 } }, y: { type: logLoss ? 'logarithmic' : 'linear', title: axisTitle(logLoss ? 'loss (log)' : 'loss (incl. L2)') } } },
  }, points);
  upsert(accCanvas, {
    type: 'line', data: { datasets: acc },
    options: { ...common, scales: { x: { type: 'linear', title: axisTitle('epoch'), ticks: { precision: 0 } }, y: { type: 'linear', min: 0, max: 1, title: axisTitle('accuracy'), ticks: { callback: v => pct(v, 0) } } } },
  }, points);
}

/** Per-layer diagnostics at one epoch: mean/std of activations and dead/saturated fractions. */
export function diagnosticsBars(canvas, layers, convBlocks = 0) {
  const labels = layers.map(l => layerName(l.layer, convBlocks));
  upsert(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'activation mean', data: layers.map(l => l.activationMean), backgroundColor: '#60a5fa' },
        { label: 'activation std', data: layers.map(l => l.activationStd), backgroundColor: '#2563eb' },
        { label: 'dead fraction', data: layers.map(l => l.deadFraction), backgroundColor: '#f87171' },
        { label: 'saturated fraction', data: layers.map(l => l.saturatedFraction), backgroundColor: '#f59e0b' },
      ],
    },
    options: { scales: { y: { title: axisTitle('value') } }, plugins: { legend: { position: 'bottom' } } },
  }, layers.length);
}

/** Activation std of each hidden layer over the epochs (collapse towards 0 or blow-up shows here). */
export function activationStd(canvas, diagnostics, convBlocks = 0) {
  const layers = [...new Set(diagnostics.map(d => d.layer))].sort((a, b) => a - b);
  const datasets = layers.map((l, i) => ({
    label: `${layerName(l, convBlocks)} std`,
    data: diagnostics.filter(d => d.layer === l).map(d => ({ x: d.epoch, y: d.activationStd })),
    borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], pointRadius: 0, borderWidth: 2,
  }));
  upsert(canvas, {
    type: 'line', data: { datasets },
    options: { parsing: false, scales: { x: { type: 'linear', title: axisTitle('epoch'), ticks: { precision: 0 } }, y: { beginAtZero: true, title: axisTitle('activation std') } }, plugins: { legend: { position: 'bottom', labels: { boxHeight: 2 } } } },
  }, diagnostics.length);
}

/**
 * ASHA rungs of one stage as stacked horizontal bars: per rung the configurations promoted and the rest
 * (`rest` names them: waiting, pruned or not promoted), and at the top the trials that completed.
 * `rows` come from the rung view ({ rung, epochs, reached, promoted } or { top, epochs, completed }).
 */
export function rungBars(canvas, rows, rest) {
  const epochs = n => `${n} epoch${n === 1 ? '' : 's'}`;
  const labels = rows.map(r => r.top ? `max · ${epochs(r.epochs)}` : `rung ${r.rung} · ${epochs(r.epochs)}`);
  const rung = f => rows.map(r => r.top ? null : f(r));
  upsert(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'promoted', data: rung(r => r.promoted), backgroundColor: '#16a34a' },
        { label: rest, data: rung(r => r.reached - r.promoted), backgroundColor: rest === 'waiting' ? '#f59e0b' : '#9ca3af' },
        { label: 'completed', data: rows.map(r => r.top ? r.completed : null), backgroundColor: '#2563eb' },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: { stacked: true, beginAtZero: true, title: axisTitle('configurations'), ticks: { precision: 0 } },
        y: { stacked: true },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  }, rows.reduce((n, r) => n + (r.top ? r.completed : r.reached), 0));
}

/**
 * A comparison's arms: best validation accuracy so far after each trial (x = trial number in the arm's
 * own order). `arms` are [{ label, values, color }].
 */
export function bestSoFar(canvas, arms) {
  const datasets = arms.map(a => ({
    label: a.label,
    data: a.values.map((v, k) => ({ x: k + 1, y: v })),
    borderColor: a.color, backgroundColor: a.color,
    stepped: 'before', borderWidth: 2.5, pointRadius: a.values.length > 60 ? 0 : 3,
  }));
  const n = Math.max(0, ...arms.map(a => a.values.filter(v => v !== null).length));
  upsert(canvas, {
    type: 'line', data: { datasets },
    options: {
      parsing: false, normalized: true, spanGaps: false,
      interaction: { mode: 'index', intersect: false },
      scales: { x: { type: 'linear', min: 1, title: axisTitle('trial number'), ticks: { precision: 0 } }, y: { title: axisTitle('best validation accuracy so far'), ticks: { callback: v => pct(v, 0) } } },
      plugins: { legend: { position: 'bottom' }, decimation: { enabled: true, algorithm: 'min-max' }, tooltip: { callbacks: { label: c => `${c.dataset.label}: ${pct(c.raw.y)}` } } },
    },
  }, n);
}

const EFFORT = {
  epochs: { title: 'epochs spent', ticks: { precision: 0 }, at: x => `after ${x} epochs` },
  seconds: { title: 'wall time since the arm started', ticks: { callback: v => secs(v) }, at: x => `at ${secs(x)}` },
};

/**
 * Best validation accuracy so far against the effort an arm had spent — `axis` 'epochs' or 'seconds' of
 * its bestByEffort points — one line per arm. Arms that train their trials for different lengths (an
 * ASHA arm stops most of them after a rung) are only comparable on such an axis, not per trial.
 * `arms` are [{ label, points, color }]; data-points counts every arm's points.
 */
export function bestByEffort(canvas, arms, axis) {
  const e = EFFORT[axis];
  const datasets = arms.map(a => ({
    label: a.label,
    data: a.points.map(p => ({ x: p[axis], y: p.bestSoFar })),
    borderColor: a.color, backgroundColor: a.color,
    // A point is the best once that much was spent: it holds until the next one, so step after it.
    stepped: 'after', borderWidth: 2.5, pointRadius: a.points.length > 60 ? 0 : 3,
  }));
  upsert(canvas, {
    type: 'line', data: { datasets },
    options: {
      parsing: false, normalized: true, spanGaps: false,
      // Arms have their points at different x: the nearest point per arm, not the same index.
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, title: axisTitle(e.title), ticks: e.ticks },
        y: { title: axisTitle('best validation accuracy so far'), ticks: { callback: v => pct(v, 0) } },
      },
      plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: c => `${c.dataset.label}: ${pct(c.raw.y)} ${e.at(c.raw.x)}` } } },
    },
  }, arms.reduce((n, a) => n + a.points.length, 0));
}

/** Distinct values tried per parameter, one bar per arm. `arms` are [{ label, values: { parameter: count }, color }]. */
export function distinctBars(canvas, params, arms) {
  upsert(canvas, {
    type: 'bar',
    data: {
      labels: params,
      datasets: arms.map(a => ({ label: a.label, data: params.map(p => a.values[p] ?? 0), backgroundColor: a.color })),
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, title: axisTitle('distinct values tried'), ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  }, params.length);
}

export { viridis };

/**
 * Which parameters mattered: one horizontal bar per parameter, one dataset per stage (its shares sum to
 * 1). `stages` are the rows of GET /api/searches/{id}/importance's `stages` that have parameters.
 */
export function importanceBars(canvas, stages) {
  const names = [...new Set(stages.flatMap(s => s.parameters.map(p => p.name)))];
  upsert(canvas, {
    type: 'bar',
    data: {
      labels: names,
      datasets: stages.map((s, i) => ({
        label: `stage ${s.stage} (${s.trials} trials)`,
        data: names.map(n => s.parameters.find(p => p.name === n)?.share ?? null),
        backgroundColor: palette[i % palette.length],
      })),
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, max: 1, title: axisTitle('share of importance'), ticks: { callback: v => pct(v, 0) } } },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: c => `${c.dataset.label}: ${pct(c.parsed.x)}` } },
      },
    },
  }, names.length);
}

/**
 * Parallel coordinates: one vertical axis per varied parameter and a last one for validation accuracy;
 * each finished trial is a line across them, coloured by its accuracy (bright = high). `axes` are
 * [{ name, position(value) → 0..1 or null, label(value) }]; `lines` are points of GET …/points.
 */
export function parallelCoordinates(canvas, axes, lines, onPick = null) {
  const acc = lines.map(t => t.validationAccuracy);
  const lo = Math.min(...acc), hi = Math.max(...acc);
  const scale = v => (hi > lo ? (v - lo) / (hi - lo) : 1);
  // Worst first, so the best lines are drawn on top.
  const ordered = [...lines].sort((a, b) => a.validationAccuracy - b.validationAccuracy);
  const labels = [...axes.map(a => a.name), 'validation accuracy'];
  upsert(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: ordered.map(t => ({
        data: [...axes.map(a => ({ x: a.name, y: a.position(t.parameters[a.name]), t, raw: a.label(t.parameters[a.name]) })), { x: labels.at(-1), y: scale(t.validationAccuracy), t, raw: pct(t.validationAccuracy) }],
        borderColor: viridis(scale(t.validationAccuracy)),
        borderWidth: 1.2,
        pointRadius: 0,
        pointHitRadius: 4,
        spanGaps: false,
      })),
    },
    options: {
      onClick: clickHandler(onPick),
      onHover: hoverHandler(onPick),
      scales: {
        x: { grid: { color: '#9ca3af', lineWidth: 1.5 } },
        y: { min: 0, max: 1, ticks: { display: false }, grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: c => `${labels[c.dataIndex]}: ${c.raw.raw}` } },
      },
    },
  }, lines.length);
}

/**
 * One layer's activation histogram (the lecture's per-layer picture at initialisation and after training):
 * the share of activations per bin, bins labelled by their centre.
 */
export function activationHistogram(canvas, layer, name) {
  const h = layer.histogram;
  const counts = h ? h.counts : [];
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  const width = h ? (h.max - h.min) / counts.length : 0;
  upsert(canvas, {
    type: 'bar',
    data: {
      labels: counts.map((_, i) => num(h.min + (i + 0.5) * width, 2)),
      datasets: [{ label: name, data: counts.map(c => c / total), backgroundColor: '#2563eb', barPercentage: 1, categoryPercentage: 1 }],
    },
    options: {
      scales: { x: { ticks: { maxTicksLimit: 5, maxRotation: 0 } }, y: { beginAtZero: true, ticks: { maxTicksLimit: 3, callback: v => pct(v) } } },
      plugins: { legend: { display: false }, title: { display: true, text: `${name} · mean ${num(layer.activationMean, 2)} · std ${num(layer.activationStd, 2)}` } },
    },
  }, counts.length);
}
