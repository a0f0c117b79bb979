// The trial table: paged, sorted and filtered by the server (GET /api/searches/{id}/trials). A row's
// checkbox plots the trial and "inspect" focuses it, through the selection (detail.js).
import { api, query } from '../../api.js';
import { h, fill, panel, pct, num, secs, architecture } from '../../util.js';

const COLUMNS = [
  { key: 'index', label: '#', sort: 'index', cls: 'num' },
  { key: 'stage', label: 'Stage', cls: 'num' },
  { key: 'status', label: 'Status' },
  { key: 'lr', label: 'Learning rate', sort: 'learningRate', cls: 'num' },
  { key: 'reg', label: 'λ (L2)', sort: 'regularization', cls: 'num' },
  { key: 'arch', label: 'Network' },
  { key: 'opt', label: 'Optimiser' },
  { key: 'trainAccuracy', label: 'Train acc.', sort: 'trainAccuracy', cls: 'num' },
  { key: 'validationAccuracy', label: 'Val. acc.', sort: 'validationAccuracy', cls: 'num' },
  { key: 'accuracyGap', label: 'Gap', sort: 'accuracyGap', cls: 'num' },
  { key: 'validationLoss', label: 'Val. loss', sort: 'validationLoss', cls: 'num' },
  { key: 'duration', label: 'Time', sort: 'duration', cls: 'num' },
];

// Smaller is better for these, so their first click sorts ascending; the accuracies start best-first.
const ASCENDING_FIRST = new Set(['index', 'validationLoss', 'duration']);

/**
 * `selection` is the page's trialDetail (toggle, inspect, isSelected, focusId); `bestId()` the best
 * trial's id; `signal()` the page's abort signal; `onError(message)` shows a load failure.
 */
export function trialTable(searchId, { selection, bestId, signal, onError }) {
  const q = { offset: 0, limit: 50, sort: 'index', order: 'asc', status: '', overfit: '', stage: '' };
  let stageCount = 1;
  let statuses = []; // the server's trial statuses (GET /api/schema), for the status filter
  let latest = 0; // ticket of the newest page request
  const head = h('thead');
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  const filters = h('div', { class: 'filters' });
  const el = panel('Trials', 'trials', filters,
    h('div', { class: 'table-wrap' }, h('table', { class: 'data trials', 'data-testid': 'trials-table' }, h('caption', { class: 'sr-only' }, 'Trials; tick a row to plot its learning curves'), head, body)),
    pager);

  renderHead();
  renderFilters();

  /** Fetches and shows the current page (the poll calls it with its signal; errors go to the caller). */
  async function load(pollSignal) {
    const ticket = ++latest;
    const page = await api.get(`/api/searches/${searchId}/trials${query(q)}`, pollSignal);
    // A poll and a sort/filter/page change can be in flight together: only the newest request may
    // render, or a slow answer for the old filter would overwrite the new one.
    if (ticket === latest) renderRows(page);
  }

  /** After a sort, filter or page change. */
  async function refresh() {
    try {
      await load(signal());
    } catch (e) {
      if (e.name !== 'AbortError') onError(`Could not load the trials: ${e.message}`);
    }
  }

  /** The stage filter appears once the search has several stages. */
  function setStageCount(n) {
    if (n === stageCount) return;
    stageCount = n;
    renderFilters();
  }

  function setStatuses(list) {
    statuses = list;
    renderFilters();
  }

  function renderHead() {
    head.replaceChildren(h('tr', {},
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Plot')),
      COLUMNS.map(c => {
        if (!c.sort) return h('th', { scope: 'col', class: c.cls }, c.label);
        const active = q.sort === c.sort;
        return h('th', { scope: 'col', class: c.cls, 'aria-sort': active ? (q.order === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', 'data-testid': `sort-${c.sort}`, onclick: () => {
            if (q.sort === c.sort) q.order = q.order === 'asc' ? 'desc' : 'asc';
            else { q.sort = c.sort; q.order = ASCENDING_FIRST.has(c.sort) ? 'asc' : 'desc'; }
            q.offset = 0; renderHead(); refresh();
          } }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (q.order === 'asc' ? ' ▲' : ' ▼') : ' ↕')));
      }),
      h('th', { scope: 'col' }, '')));
  }

  function renderFilters() {
    const select = (label, key, options, testid) => h('label', {}, label, ' ',
      h('select', { 'data-testid': testid, onchange: e => { q[key] = key === 'limit' ? Number(e.target.value) : e.target.value; q.offset = 0; refresh(); } },
        options.map(([v, t]) => h('option', { value: v, selected: String(q[key]) === v }, t))));
    fill(filters,
      select('Status', 'status', [['', 'any'], ...statuses.map(s => [s, s])], 'filter-status'),
      select('Overfit', 'overfit', [['', 'any'], ['true', 'overfit only'], ['false', 'not overfit']], 'filter-overfit'),
      stageCount > 1 ? select('Stage', 'stage', [['', 'all'], ...Array.from({ length: stageCount }, (_, i) => [String(i + 1), `stage ${i + 1}`])], 'filter-stage') : null,
      select('Rows', 'limit', [['25', '25'], ['50', '50'], ['100', '100'], ['200', '200']], 'page-size'));
  }

  function renderRows(page) {
    if (page.items.length === 0) {
      body.replaceChildren(h('tr', {}, h('td', { colspan: COLUMNS.length + 2, class: 'empty' }, page.total === 0 && !q.status && !q.overfit && !q.stage ? 'No trials yet.' : 'No trials match the filters.')));
    } else {
      const focusId = selection.focusId();
      body.replaceChildren(...page.items.map(t => {
        const hp = t.hyperparameters;
        return h('tr', { 'data-testid': 'trial-row', 'data-trial-id': t.id, 'data-index': t.index, class: [t.overfit ? 'overfit' : '', t.id === focusId ? 'focused' : '', bestId() === t.id ? 'best' : ''].join(' ').trim() || null },
          h('td', {}, h('input', { type: 'checkbox', checked: selection.isSelected(t.id), 'data-testid': 'trial-select', 'aria-label': `Plot the learning curves of trial ${t.index} (stage ${t.stage})`, onchange: e => selection.toggle(t, e.target.checked) })),
          h('td', { class: 'num' }, t.index),
          h('td', { class: 'num' }, t.stage),
          h('td', {}, h('span', { class: `badge badge-${t.status}`, 'data-testid': 'trial-status', title: t.error ?? null }, t.status)),
          h('td', { class: 'num' }, num(hp.learningRate)),
          h('td', { class: 'num' }, num(hp.regularization)),
          h('td', {}, architecture(hp)),
          h('td', {}, hp.optimizer ?? '—'),
          h('td', { class: 'num' }, pct(t.trainAccuracy)),
          h('td', { class: 'num' }, pct(t.validationAccuracy)),
          h('td', { class: 'num' }, t.accuracyGap === null ? '—' : pct(t.accuracyGap), t.overfit ? h('span', { class: 'tag-overfit', title: 'train − validation > overfit gap' }, 'overfit') : null),
          h('td', { class: 'num' }, num(t.validationLoss)),
          h('td', { class: 'num' }, secs(t.durationSeconds)),
          h('td', {}, h('button', { type: 'button', class: 'link', 'data-testid': 'trial-inspect', onclick: () => selection.inspect(t) }, 'inspect')));
      }));
    }
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.items.length;
    pager.replaceChildren(
      h('button', { type: 'button', 'data-testid': 'page-prev', disabled: q.offset === 0, onclick: () => { q.offset = Math.max(0, q.offset - q.limit); refresh(); } }, '← Previous'),
      h('span', { 'data-testid': 'page-info' }, `trials ${from}–${to} of ${page.total}`),
      h('button', { type: 'button', 'data-testid': 'page-next', disabled: to >= page.total, onclick: () => { q.offset += q.limit; refresh(); } }, 'Next →'));
  }

  /** Re-marks the rows after the selection or focus changed (checkboxes and the focused row). */
  function mark() {
    const focusId = selection.focusId();
    for (const tr of body.querySelectorAll('tr[data-trial-id]')) {
      tr.classList.toggle('focused', tr.dataset.trialId === focusId);
      tr.querySelector('input[type=checkbox]').checked = selection.isSelected(tr.dataset.trialId);
    }
  }

  return { el, load, setStageCount, setStatuses, mark };
}
