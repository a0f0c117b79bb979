// A comparison: random vs grid (and an added arm, e.g. random + ASHA) on the same space, split, seed and
// budget. Summary per arm, best-so-far per trial and against the effort spent (epochs, wall time),
// distinct values per parameter. The parts are in comparison/.
import { api } from '../api.js';
import { h, when, badge, isActive, errorBox } from '../util.js';
import { bestSoFar, bestByEffort } from '../charts.js';
import { poller } from './poll.js';
import { armsOf, title, verdict } from './comparison/arms.js';
import { summaryTable } from './comparison/summary.js';
import { distinctValues } from './comparison/distinct.js';

export function comparisonPage(root, id) {
  const err = h('div');
  const head = h('div', { class: 'page-head' });
  const summary = h('div', { class: 'table-wrap' });
  const curveCanvas = h('canvas', { 'data-testid': 'chart-best-so-far', role: 'img', 'aria-label': 'Best validation accuracy so far after each trial, one line per arm' });
  const epochsCanvas = h('canvas', { 'data-testid': 'chart-best-by-epochs', role: 'img', 'aria-label': 'Best validation accuracy so far against epochs spent, one line per arm' });
  const secondsCanvas = h('canvas', { 'data-testid': 'chart-best-by-seconds', role: 'img', 'aria-label': 'Best validation accuracy so far against wall time, one line per arm' });
  const distinctCanvas = h('canvas', { 'data-testid': 'chart-distinct', role: 'img', 'aria-label': 'Distinct values tried per parameter, per arm' });
  const distinctTable = h('div', { class: 'table-wrap' });
  const lesson = h('p', { class: 'lesson', 'data-testid': 'lesson' });

  root.append(err, head,
    h('section', { class: 'panel', 'data-testid': 'summary' }, h('h2', {}, 'Summary'), summary, lesson),
    h('div', { class: 'grid2' },
      h('section', { class: 'panel', 'data-testid': 'best-so-far' },
        h('h2', {}, 'Best validation accuracy so far'),
        h('p', { class: 'muted small' }, 'x = trial number in each arm\'s own order. The curve that rises sooner finds good settings with fewer trials.'),
        h('div', { class: 'chart-box tall' }, curveCanvas)),
      h('section', { class: 'panel', 'data-testid': 'distinct' },
        h('h2', {}, 'Distinct values tried per parameter'),
        h('p', { class: 'muted small' }, 'With the same budget, a grid repeats each value of a parameter across the other parameters; random search tries a new value in every trial (Bergstra & Bengio 2012).'),
        h('div', { class: 'chart-box' }, distinctCanvas), distinctTable)),
    // Per trial is only fair while every arm trains each trial for the same epochs; a scheduler's arm
    // stops most trials early, so the budget the arms share is compared in epochs (and seconds).
    h('div', { class: 'grid2' },
      h('section', { class: 'panel', 'data-testid': 'best-by-epochs' },
        h('h2', {}, 'Best so far against epochs spent'),
        h('p', { class: 'muted small' }, 'x = epochs the arm had trained, counted as they were spent (at each ASHA rung a trial reached and when a trial ended). The arms share a budget in epochs; the curve that rises further left needed less compute.'),
        h('div', { class: 'chart-box tall' }, epochsCanvas)),
      h('section', { class: 'panel', 'data-testid': 'best-by-seconds' },
        h('h2', {}, 'Best so far against wall time'),
        h('p', { class: 'muted small' }, 'x = seconds from the arm\'s start to each point. The arms run side by side on the same workers, so this is also how they shared them.'),
        h('div', { class: 'chart-box tall' }, secondsCanvas))));

  const p = poller(async signal => {
    const c = await api.get(`/api/comparisons/${id}`, signal);
    err.replaceChildren();
    render(c);
    return isActive(c.status);
  }, 1500, e => err.replaceChildren(errorBox(e.status === 404 ? `No comparison has id ${id}.` : `Could not load the comparison: ${e.message}`)));

  function render(c) {
    const arms = armsOf(c);
    // Random vs grid compare trial for trial; an added arm shares random's budget counted in epochs.
    const budget = arms.length === 2 ? `budget ${c.budget} trials each` : `budget ${c.budget} random trials' epochs per arm`;
    head.replaceChildren(h('div', {},
      h('h1', { 'data-testid': 'comparison-name' }, c.name, ' ', badge(c.status)),
      h('p', { class: 'muted' }, `${title(arms.map(a => a.name).join(' vs '))} · ${budget} · ${c.random.search.dataset} · created ${when(c.createdAt)}`)));
    summary.replaceChildren(summaryTable(arms, c.targetAccuracy));

    bestSoFar(curveCanvas, arms.map(a => ({ label: a.name, values: a.bestSoFar, color: a.color })));
    const effort = arms.map(a => ({ label: a.name, points: a.bestByEffort, color: a.color }));
    bestByEffort(epochsCanvas, effort, 'epochs');
    bestByEffort(secondsCanvas, effort, 'seconds');
    distinctTable.replaceChildren(distinctValues(distinctCanvas, arms));
    lesson.textContent = verdict(arms);
  }

  return () => p.stop();
}
