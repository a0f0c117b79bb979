// The two scatter plots (validation accuracy over lr × λ; train vs validation accuracy), drawn from
// GET /api/searches/{id}/points and redrawn only when more trials have finished.
import { trialPoints } from '../../api.js';
import { h, fill, panel, pct, isActive, finishedTrials } from '../../util.js';
import { lrRegScatter, trainValScatter } from '../../charts.js';

/**
 * `onPick(point)` runs when a dot is clicked (the point has the trial's id, index and stage). `refresh`
 * resolves to the points it drew (for the other views drawn from them), or null when nothing changed.
 */
export function scatterPlots(searchId, onPick) {
  const lrRegCanvas = h('canvas', { 'data-testid': 'chart-lr-reg', role: 'img', 'aria-label': 'Validation accuracy over learning rate and regularisation, log axes' });
  const colorbar = h('div', { class: 'colorbar' });
  const trainValCanvas = h('canvas', { 'data-testid': 'chart-train-val', role: 'img', 'aria-label': 'Training versus validation accuracy per trial with the overfit threshold' });
  const note = h('p', { class: 'muted small' });
  let drawn = { key: '', at: 0 };

  const el = h('div', { class: 'grid2' },
    panel('Validation accuracy over learning rate × regularisation', 'lr-reg',
      h('div', { class: 'chart-box tall' }, lrRegCanvas), colorbar,
      h('p', { class: 'muted small' }, 'Each dot is a trial on log axes; bright = high validation accuracy. Good regions at the edge of the range mean the range should move. Click a dot to plot that trial.')),
    panel('Training vs validation accuracy', 'train-val',
      h('div', { class: 'chart-box tall' }, trainValCanvas),
      h('p', { class: 'muted small' }, 'Below the dashed red line, train − validation exceeds the overfit gap: more regularisation. On the grey diagonal: no gap — the model could grow. Click a dot to plot that trial.')));

  async function refresh(search, signal) {
    const pr = search.progress;
    // Redraw when a trial finished, paused at a rung (it has results for that rung) or was pruned.
    const key = `${finishedTrials(pr)}/${pr.paused ?? 0}/${pr.pruned ?? 0}`;
    const now = Date.now();
    // A 10,000-point redraw is not free: a big running search redraws at most every 6 s.
    const minGap = pr.total > 2000 ? 6000 : 1400;
    if (key === drawn.key) return null;
    if (isActive(search.status) && now - drawn.at < minGap) return null;
    drawn = { key, at: now };
    const points = await trialPoints(searchId, signal);
    const { lo, hi, count } = lrRegScatter(lrRegCanvas, points, { x: extent(search, 'learningRate'), y: extent(search, 'regularization') }, onPick);
    trainValScatter(trainValCanvas, points, search.overfitGap, onPick);
    fill(colorbar, ...(count > 0
      ? [h('span', {}, pct(lo)), h('span', { class: 'colorbar-ramp', 'aria-hidden': 'true' }), h('span', {}, pct(hi)), h('span', { class: 'muted small' }, ' validation accuracy')]
      : [h('span', { class: 'muted small' }, 'No finished trial with a positive learning rate and λ yet.')]));
    note.textContent = points.length < pr.total ? `Scatter plots show ${points.length} of ${pr.total} trials.` : '';
    return points;
  }

  return { el, note, refresh };
}

/** The smallest and largest value any stage searched for a parameter (to draw the whole searched range). */
function extent(search, key) {
  let lo = Infinity, hi = -Infinity;
  for (const st of search.stages) {
    const v = st.space[key];
    const vals = v && typeof v === 'object' && !Array.isArray(v) ? ('min' in v ? [v.min, v.max] : v.values ?? []) : [v];
    for (const x of vals) if (typeof x === 'number' && x > 0) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  }
  return Number.isFinite(lo) ? [lo, hi] : null;
}
