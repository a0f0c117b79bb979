// The comparison's summary table: one row per arm (random, grid, and an added arm) with its search,
// progress, trials, the epochs it spent (the budget the arms share), best and test accuracy and wall time.
import { h, pct, secs, badge, progressBar } from '../../util.js';

/** `arms` from armsOf(c); `target` is c.targetAccuracy (a column only when the page asked for one). */
export function summaryTable(arms, target) {
  const hasTarget = target !== null && target !== undefined;
  const heads = ['Arm', 'Search', 'Status', 'Progress', 'Trials', 'Epochs spent', 'Best val. acc.', hasTarget ? `Trials to ${pct(target)}` : null, 'Test acc.', 'Wall time'];
  return h('table', { class: 'data', 'data-testid': 'summary-table' },
    h('thead', {}, h('tr', {}, heads.filter(Boolean).map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, arms.map(a => h('tr', { 'data-testid': `summary-${a.key}`, 'data-arm': a.name },
      h('th', { scope: 'row', title: `strategy: ${a.search.strategy}` }, h('span', { class: 'arm-swatch', style: `background:${a.color}`, 'aria-hidden': 'true' }), a.name),
      h('td', {}, h('a', { href: `#/searches/${a.search.id}`, 'data-testid': `link-${a.key}` }, a.search.name)),
      h('td', {}, badge(a.search.status)),
      h('td', {}, progressBar(a.search.progress)),
      h('td', { class: 'num', 'data-testid': `trials-${a.key}` }, a.trials),
      h('td', { class: 'num', 'data-testid': `epochs-${a.key}` }, a.epochsSpent),
      h('td', { class: 'num', 'data-testid': `best-${a.key}` }, pct(a.bestValidationAccuracy)),
      hasTarget ? h('td', { class: 'num' }, a.trialsToTarget ?? 'never') : null,
      h('td', { class: 'num' }, pct(a.search.testAccuracy)),
      h('td', { class: 'num' }, secs(a.wallSeconds))))));
}
