// Distinct values tried per parameter, per arm: Bergstra & Bengio's argument (a grid repeats each value
// of a parameter across the others; random search tries a new one every trial) as a chart and a table.
import { h } from '../../util.js';
import { distinctBars } from '../../charts.js';
import { title } from './arms.js';

/** Draws the bars on `canvas` and returns the table: only parameters some arm varied, the rest in the footer. */
export function distinctValues(canvas, arms) {
  const all = [...new Set(arms.flatMap(a => Object.keys(a.distinctValues)))];
  const varied = all.filter(k => arms.some(a => (a.distinctValues[k] ?? 0) > 1));
  distinctBars(canvas, varied, arms.map(a => ({ label: a.name, values: a.distinctValues, color: a.color })));
  const fixed = all.filter(k => !varied.includes(k));
  return h('table', { class: 'data compact', 'data-testid': 'distinct-table' },
    h('thead', {}, h('tr', {}, ['Parameter', ...arms.map(a => title(a.name))].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, varied.map(k => h('tr', {}, h('th', { scope: 'row' }, k), arms.map(a => h('td', { class: 'num' }, a.distinctValues[k] ?? 0))))),
    fixed.length ? h('tfoot', {}, h('tr', {}, h('td', { colspan: arms.length + 1, class: 'muted small' },
      `Fixed in ${arms.length === 2 ? 'both' : 'every arm'} (1 value): ${fixed.join(', ')}`))) : null);
}
