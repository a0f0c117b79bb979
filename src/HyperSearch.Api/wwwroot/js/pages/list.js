// Searches list (paged, newest first) and comparisons list; polls while anything is queued/running.
import { api, query } from '../api.js';
import { h, pct, when, badge, progressBar, isActive, errorBox } from '../util.js';
import { poller } from './poll.js';

const PAGE = 25;

export function listPage(root) {
  let offset = 0;
  const err = h('div');
  const searchesBody = h('tbody');
  const pager = h('div', { class: 'pager' });
  const compBody = h('tbody');

  root.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', {}, 'Searches'), h('p', { class: 'muted' }, 'Hyperparameter searches (random, grid, Sobol; coarse → fine) and random-vs-grid comparisons.')),
      h('div', { class: 'actions' },
        h('a', { class: 'button primary', href: '#/searches/new', 'data-testid': 'start-search' }, 'Start a search'),
        h('a', { class: 'button', href: '#/comparisons/new', 'data-testid': 'start-comparison' }, 'Start a comparison'))),
    err,
    h('section', { class: 'panel' },
      h('div', { class: 'table-wrap' },
        h('table', { class: 'data', 'data-testid': 'searches-table' },
          h('caption', { class: 'sr-only' }, 'Searches, newest first'),
          h('thead', {}, h('tr', {}, ['Name', 'Strategy', 'Dataset', 'Status', 'Progress', 'Best val. acc.', 'Test acc.', 'Created', 'Comparison'].map(c => h('th', { scope: 'col' }, c)))),
          searchesBody)),
      pager),
    h('section', { class: 'panel' },
      h('h2', {}, 'Comparisons: random vs grid'),
      h('div', { class: 'table-wrap' },
        h('table', { class: 'data', 'data-testid': 'comparisons-table' },
          h('thead', {}, h('tr', {}, ['Name', 'Status', 'Budget', 'Random best', 'Grid best', 'Added arm', 'Created'].map(c => h('th', { scope: 'col' }, c)))),
          compBody))));

  const p = poller(async signal => {
    const [searches, comps] = await Promise.all([
      api.get(`/api/searches${query({ offset, limit: PAGE })}`, signal),
      api.get(`/api/comparisons${query({ limit: 20 })}`, signal),
    ]);
    err.replaceChildren();
    renderSearches(searches);
    renderComparisons(comps);
    return searches.items.some(s => isActive(s.status)) || comps.items.some(c => isActive(c.status));
  }, 2000, e => err.replaceChildren(errorBox(`Could not load the searches: ${e.message}`)));

  function renderSearches(page) {
    searchesBody.replaceChildren(...(page.items.length === 0
      ? [h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'No searches yet. ', h('a', { href: '#/searches/new' }, 'Start one'), '.'))]
      : page.items.map(s => h('tr', { 'data-testid': 'search-row', 'data-id': s.id },
        h('td', {}, h('a', { href: `#/searches/${s.id}`, 'data-testid': 'search-link' }, s.name),
          s.owner ? h('span', { class: 'muted owner', 'data-testid': 'search-owner' }, ` · ${s.owner}`) : null),
        h('td', {}, s.strategy),
        h('td', {}, s.dataset),
        h('td', {}, badge(s.status), s.error ? h('div', { class: 'row-error', 'data-testid': 'search-error' }, s.error) : null),
        h('td', {}, progressBar(s.progress)),
        h('td', { class: 'num' }, pct(s.bestValidationAccuracy)),
        h('td', { class: 'num' }, pct(s.testAccuracy)),
        h('td', {}, when(s.createdAt)),
        h('td', {}, s.comparisonId ? h('a', { href: `#/comparisons/${s.comparisonId}` }, 'compare') : '—')))));
    const pages = Math.max(1, Math.ceil(page.total / PAGE));
    const current = Math.floor(offset / PAGE) + 1;
    pager.replaceChildren(
      h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); p.kick(); } }, '← Newer'),
      h('span', {}, `page ${current} of ${pages} · ${page.total} searches`),
      h('button', { type: 'button', disabled: offset + PAGE >= page.total, onclick: () => { offset += PAGE; p.kick(); } }, 'Older →'));
  }

  function renderComparisons(page) {
    compBody.replaceChildren(...(page.items.length === 0
      ? [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'No comparisons yet. ', h('a', { href: '#/comparisons/new' }, 'Start one'), '.'))]
      : page.items.map(c => h('tr', { 'data-testid': 'comparison-row' },
        h('td', {}, h('a', { href: `#/comparisons/${c.id}` }, c.name)),
        h('td', {}, badge(c.status)),
        h('td', { class: 'num' }, c.budget),
        h('td', { class: 'num' }, pct(c.random.bestValidationAccuracy)),
        h('td', { class: 'num' }, pct(c.grid.bestValidationAccuracy)),
        // The arms after random and grid (at most one today), by name with their best.
        h('td', { 'data-testid': 'comparison-added-arm' }, c.arms.length > 2 ? c.arms.slice(2).map(a => `${a.name} ${pct(a.bestValidationAccuracy)}`).join(', ') : '—'),
        h('td', {}, when(c.createdAt))))));
  }

  return () => p.stop();
}
