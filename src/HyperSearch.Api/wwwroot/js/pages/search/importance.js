// Which parameters mattered (GET /api/searches/{id}/importance: PED-ANOVA shares per stage) beside a
// parallel-coordinates plot of every varied parameter of the finished trials (from …/points).
import { api } from '../../api.js';
import { h, fill, panel, num } from '../../util.js';
import { importanceBars, parallelCoordinates } from '../../charts.js';

// A line per trial costs a dataset: the plot keeps the best this many finished trials.
const MaxLines = 1000;

export function importanceView(searchId, onPick) {
  const barsCanvas = h('canvas', { 'data-testid': 'chart-importance', role: 'img', 'aria-label': 'Share of importance of each varied hyperparameter, per stage' });
  const parallelCanvas = h('canvas', { 'data-testid': 'chart-parallel', role: 'img', 'aria-label': 'Parallel coordinates: each finished trial as a line across its hyperparameters and validation accuracy' });
  const barsNote = h('p', { class: 'muted small' });
  const parallelNote = h('p', { class: 'muted small' });
  const el = h('div', { class: 'grid2' },
    panel('Which parameters mattered', 'importance',
      h('div', { class: 'chart-box tall' }, barsCanvas), barsNote),
    panel('Parallel coordinates', 'parallel',
      h('div', { class: 'chart-box tall' }, parallelCanvas), parallelNote));

  /** Redraws both from `points` (the rows of …/points the scatter plots just drew) and a fresh importance. */
  async function refresh(search, points, signal) {
    const importance = await api.get(`/api/searches/${searchId}/importance`, signal);
    const stages = importance.stages.filter(s => s.parameters.length > 0);
    importanceBars(barsCanvas, stages);
    barsNote.textContent = stages.length === 0
      ? 'No finished trials yet (or nothing varies).'
      : `PED-ANOVA: how differently the top ${Math.round(importance.topQuantile * 100)} % of each stage's trials are spread than all of them, as shares of 1. A parameter with a small share could be fixed.`;

    const finished = points.filter(t => t.validationAccuracy !== null && t.validationAccuracy !== undefined);
    const lines = finished.sort((a, b) => b.validationAccuracy - a.validationAccuracy).slice(0, MaxLines);
    const axes = axesOf(search, lines);
    parallelCoordinates(parallelCanvas, axes, lines, onPick);
    fill(parallelNote, lines.length === 0
      ? 'No finished trial yet.'
      : `${lines.length === finished.length ? `All ${lines.length}` : `The best ${lines.length} of ${finished.length}`} finished trials; bright = high validation accuracy; log axes where the space is log-scaled; a gap where a parameter does not apply. Click a line to plot that trial.`);
  }

  return { el, refresh };
}

/** One axis per parameter varied in any stage: numbers on a (log where searched so) 0..1 scale, the rest as ordered categories. */
function axesOf(search, lines) {
  const names = [...new Set(lines.flatMap(t => Object.keys(t.parameters ?? {})))];
  return names.map(name => {
    const values = lines.map(t => t.parameters[name]).filter(v => v !== undefined && v !== null);
    const log = search.stages.some(st => st.space[name]?.scale === 'log'
      || Object.values(st.space[name] ?? {}).some(r => r && typeof r === 'object' && r.scale === 'log'));
    if (values.length > 0 && values.every(v => typeof v === 'number') && (!log || values.every(v => v > 0))) {
      const f = log ? Math.log10 : x => x;
      const lo = Math.min(...values.map(f)), hi = Math.max(...values.map(f));
      return {
        name,
        position: v => (typeof v === 'number' ? (hi > lo ? (f(v) - lo) / (hi - lo) : 0.5) : null),
        label: v => (v === undefined ? 'not active' : num(v)),
      };
    }
    const keys = [...new Set(values.map(v => JSON.stringify(v)))].sort();
    return {
      name,
      position: v => (v === undefined ? null : keys.length > 1 ? keys.indexOf(JSON.stringify(v)) / (keys.length - 1) : 0.5),
      label: v => (v === undefined ? 'not active' : JSON.stringify(v)),
    };
  });
}
