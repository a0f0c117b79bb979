// Random vs grid on the same space and budget: best-so-far curves, distinct values per parameter, summary.
import { api } from '../api.js';
import { h, pct, secs, when, badge, progressBar, isActive, errorBox } from '../util.js';
import { bestSoFar, distinctBars } from '../charts.js';
import { poller } from './poll.js';

export function comparisonPage(root, id) {
  const err = h('div');
  const head = h('div', { class: 'page-head' });
  const summary = h('div', { class: 'table-wrap' });
  const curveCanvas = h('canvas', { 'data-testid': 'chart-best-so-far', role: 'img', 'aria-label': 'Best validation accuracy so far after each trial, random and grid' });
  const distinctCanvas = h('canvas', { 'data-testid': 'chart-distinct', role: 'img', 'aria-label': 'Distinct values tried per parameter, random and grid' });
  const distinctTable = h('div', { class: 'table-wrap' });
  const lesson = h('p', { class: 'lesson', 'data-testid': 'lesson' });

  root.append(err, head,
    h('section', { class: 'panel', 'data-testid': 'summary' }, h('h2', {}, 'Summary'), summary, lesson),
    h('div', { class: 'grid2' },
      h('section', { class: 'panel', 'data-testid': 'best-so-far' },
        h('h2', {}, 'Best validation accuracy so far'),
        h('p', { class: 'muted small' }, 'x = trial number in each strategy\'s own order. The curve that rises sooner finds good settings with fewer trials.'),
        h('div', { class: 'chart-box tall' }, curveCanvas)),
      h('section', { class: 'panel', 'data-testid': 'distinct' },
        h('h2', {}, 'Distinct values tried per parameter'),
        h('p', { class: 'muted small' }, 'With the same budget, a grid repeats each value of a parameter across the other parameters; random search tries a new value in every trial (Bergstra & Bengio 2012).'),
        h('div', { class: 'chart-box' }, distinctCanvas), distinctTable)));

  const p = poller(async signal => {
    const c = await api.get(`/api/comparisons/${id}`, signal);
    err.replaceChildren();
    render(c);
    return isActive(c.status);
  }, 1500, e => err.replaceChildren(errorBox(e.status === 404 ? `No comparison has id ${id}.` : `Could not load the comparison: ${e.message}`)));

  function render(c) {
    head.replaceChildren(h('div', {},
      h('h1', { 'data-testid': 'comparison-name' }, c.name, ' ', badge(c.status)),
      h('p', { class: 'muted' }, `Random vs grid · budget ${c.budget} trials each · ${c.random.search.dataset} · created ${when(c.createdAt)}`)));
    const sides = [['random', c.random], ['grid', c.grid]];
    summary.replaceChildren(h('table', { class: 'data', 'data-testid': 'summary-table' },
      h('thead', {}, h('tr', {}, ['Strategy', 'Search', 'Status', 'Progress', 'Trials', 'Best val. acc.', c.targetAccuracy !== null ? `Trials to ${pct(c.targetAccuracy)}` : null, 'Test acc.', 'Wall time'].filter(Boolean).map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, sides.map(([name, s]) => h('tr', { 'data-testid': `summary-${name}` },
        h('th', { scope: 'row' }, name),
        h('td', {}, h('a', { href: `#/searches/${s.search.id}`, 'data-testid': `link-${name}` }, s.search.name)),
        h('td', {}, badge(s.search.status)),
        h('td', {}, progressBar(s.search.progress)),
        h('td', { class: 'num' }, s.trials),
        h('td', { class: 'num', 'data-testid': `best-${name}` }, pct(s.bestValidationAccuracy)),
        c.targetAccuracy !== null ? h('td', { class: 'num' }, s.trialsToTarget ?? 'never') : null,
        h('td', { class: 'num' }, pct(s.search.testAccuracy)),
        h('td', { class: 'num' }, secs(s.wallSeconds)))))));

    bestSoFar(curveCanvas, [{ label: 'random', values: c.random.bestSoFar }, { label: 'grid', values: c.grid.bestSoFar }]);

    const all = [...new Set([...Object.keys(c.random.distinctValues), ...Object.keys(c.grid.distinctValues)])];
    const varied = all.filter(k => (c.random.distinctValues[k] ?? 0) > 1 || (c.grid.distinctValues[k] ?? 0) > 1);
    distinctBars(distinctCanvas, varied, c.random.distinctValues, c.grid.distinctValues);
    distinctTable.replaceChildren(h('table', { class: 'data compact', 'data-testid': 'distinct-table' },
      h('thead', {}, h('tr', {}, ['Parameter', 'Random', 'Grid'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, varied.map(k => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, c.random.distinctValues[k] ?? 0), h('td', { class: 'num' }, c.grid.distinctValues[k] ?? 0)))),
      all.length > varied.length ? h('tfoot', {}, h('tr', {}, h('td', { colspan: 3, class: 'muted small' }, `Fixed in both (1 value): ${all.filter(k => !varied.includes(k)).join(', ')}`))) : null));

    const r = c.random.bestValidationAccuracy, g = c.grid.bestValidationAccuracy;
    lesson.textContent = r === null || g === null ? ''
      : `Random reached ${pct(r)}, grid ${pct(g)}` + (Math.abs(r - g) < 0.0005 ? ' — a tie.' : r > g ? ' — random search won.' : ' — the grid won this time.');
  }

  return () => p.stop();
}
