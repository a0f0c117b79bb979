// The trial table: paged, sorted and filtered by the server (GET /api/searches/{id}/trials). A row's
// checkbox plots the trial and "inspect" focuses it, through the selection (detail.js).
import { api, query } from '../../api.js';
import { h, fill, panel, pct, num, secs, architecture } from '../../util.js';
import { labelChips } from './diagnosis.js';

// One entry per column: its header, the API sort it maps to (if any) and how a trial fills its cell.
// Epochs and rung sit by the time (what a trial cost), after the accuracies, whose column positions
// other code and tests rely on. `asha` columns only appear when a stage of the search has an ASHA
// scheduler (rungs exist only there).
const COLUMNS = [
  { key: 'index', label: '#', sort: 'index', cls: 'num', cell: t => t.index },
  { key: 'stage', label: 'Stage', cls: 'num', cell: t => t.stage },
  { key: 'status', label: 'Status', cell: t => h('span', { class: `badge badge-${t.status}`, 'data-testid': 'trial-status', title: statusNote(t) }, t.status) },
  { key: 'lr', label: 'Learning rate', sort: 'learningRate', cls: 'num', cell: t => num(t.hyperparameters.learningRate) },
  { key: 'reg', label: 'λ (L2)', sort: 'regularization', cls: 'num', cell: t => num(t.hyperparameters.regularization) },
  { key: 'arch', label: 'Network', cell: t => architecture(t.hyperparameters) },
  { key: 'opt', label: 'Optimiser', cell: t => t.hyperparameters.optimizer ?? '—' },
  { key: 'trainAccuracy', label: 'Train acc.', sort: 'trainAccuracy', cls: 'num', cell: t => pct(t.trainAccuracy) },
  { key: 'validationAccuracy', label: 'Val. acc.', sort: 'validationAccuracy', cls: 'num', cell: t => pct(t.validationAccuracy) },
  { key: 'accuracyGap', label: 'Gap', sort: 'accuracyGap', cls: 'num', cell: t => [t.accuracyGap === null ? '—' : pct(t.accuracyGap), t.overfit ? h('span', { class: 'tag-overfit', title: 'train − validation > overfit gap' }, 'overfit') : null] },
  { key: 'validationLoss', label: 'Val. loss', sort: 'validationLoss', cls: 'num', cell: t => num(t.validationLoss) },
  { key: 'epochsTrained', label: 'Epochs', cls: 'num', title: 'Epochs trained (of the stage\'s epochs, when it stopped or waits before them)', cell: epochsCell },
  { key: 'rung', label: 'Rung', cls: 'num', asha: true, title: 'Highest ASHA rung finished', cell: t => h('span', { 'data-testid': 'trial-rung' }, t.rung ?? '—') },
  { key: 'duration', label: 'Time', sort: 'duration', cls: 'num', cell: t => secs(t.durationSeconds) },
  { key: 'labels', label: 'Diagnosis', title: 'What the trial\'s own diagnostics and curves say (hover a label for its evidence)', cell: t => labelChips(t.labels) },
];

/** The badge's tooltip: the trial's error (median stopping says why it stopped there), or where ASHA left it. */
function statusNote(t) {
  if (t.error) return t.error;
  if (t.rung === null || t.rung === undefined) return null;
  if (t.status === 'paused') return `waiting at rung ${t.rung} for a promotion`;
  if (t.status === 'pruned') return `not promoted from rung ${t.rung}`;
  return null;
}

/** "3 / 9" for a trial that trained fewer epochs than its stage's (pruned, waiting, stopped), else "9". */
function epochsCell(t) {
  const trained = t.epochsTrained ?? null;
  if (trained === null) return h('span', { 'data-testid': 'trial-epochs' }, '—');
  return h('span', { 'data-testid': 'trial-epochs' }, String(trained), trained < t.epochs ? h('span', { class: 'muted' }, ` / ${t.epochs}`) : null);
}

// A row's status as a class: pruned rows are greyed out, paused ones (waiting at a rung) tinted.
const STATUS_ROWS = new Set(['pruned', 'paused']);

// Smaller is better for these, so their first click sorts ascending; the accuracies start best-first.
const ASCENDING_FIRST = new Set(['index', 'validationLoss', 'duration']);

/**
 * `selection` is the page's trialDetail (toggle, inspect, isSelected, focusId); `bestId()` the best
 * trial's id; `signal()` the page's abort signal; `onError(message)` shows a load failure.
 */
export function trialTable(searchId, { selection, bestId, signal, onError }) {
  const q = { offset: 0, limit: 50, sort: 'index', order: 'asc', status: '', overfit: '', label: '', stage: '' };
  let stageCount = 1;
  let asha = false; // whether the rung column is shown
  let statuses = []; // the server's trial statuses (GET /api/schema), for the status filter
  let labels = []; // the server's diagnosis labels (GET /api/schema), for the label filter
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

  /** The rung column appears once a stage of the search has an ASHA scheduler. */
  function setAsha(on) {
    if (on === asha) return;
    asha = on;
    renderHead();
  }

  function columns() {
    return COLUMNS.filter(c => !c.asha || asha);
  }

  function setStatuses(list) {
    statuses = list;
    renderFilters();
  }

  function setLabels(list) {
    labels = list ?? [];
    renderFilters();
  }

  function renderHead() {
    head.replaceChildren(h('tr', {},
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Plot')),
      columns().map(c => {
        if (!c.sort) return h('th', { scope: 'col', class: c.cls, title: c.title ?? null }, c.label);
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
      select('Diagnosis', 'label', [['', 'any'], ...labels.map(l => [l, l])], 'filter-label'),
      stageCount > 1 ? select('Stage', 'stage', [['', 'all'], ...Array.from({ length: stageCount }, (_, i) => [String(i + 1), `stage ${i + 1}`])], 'filter-stage') : null,
      select('Rows', 'limit', [['25', '25'], ['50', '50'], ['100', '100'], ['200', '200']], 'page-size'));
  }

  function renderRows(page) {
    if (page.items.length === 0) {
      body.replaceChildren(h('tr', {}, h('td', { colspan: columns().length + 2, class: 'empty' }, page.total === 0 && !q.status && !q.overfit && !q.label && !q.stage ? 'No trials yet.' : 'No trials match the filters.')));
    } else {
      const focusId = selection.focusId();
      body.replaceChildren(...page.items.map(t => {
        const cls = [t.overfit ? 'overfit' : '', STATUS_ROWS.has(t.status) ? t.status : '', t.id === focusId ? 'focused' : '', bestId() === t.id ? 'best' : ''].join(' ').trim();
        return h('tr', { 'data-testid': 'trial-row', 'data-trial-id': t.id, 'data-index': t.index, 'data-status': t.status, class: cls || null },
          h('td', {}, h('input', { type: 'checkbox', checked: selection.isSelected(t.id), 'data-testid': 'trial-select', 'aria-label': `Plot the learning curves of trial ${t.index} (stage ${t.stage})`, onchange: e => selection.toggle(t, e.target.checked) })),
          columns().map(c => h('td', { class: c.cls ?? null }, c.cell(t))),
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

  return { el, load, setStageCount, setAsha, setStatuses, setLabels, mark };
}
