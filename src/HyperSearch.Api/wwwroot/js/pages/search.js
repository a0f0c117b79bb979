// One search: header and cards, stage ranges, sanity checks, the two scatter plots, the server-paged
// trial table, learning curves of the selected trials and the focused trial's per-layer diagnostics.
import { api, query, trialPoints } from '../api.js';
import { h, fill, pct, num, secs, when, badge, progressBar, isActive, describeParam, architecture, errorBox } from '../util.js';
import { lrRegScatter, trainValScatter, learningCurves, diagnosticsBars, activationStd } from '../charts.js';
import { poller } from './poll.js';

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

export function searchPage(root, id) {
  const q = { offset: 0, limit: 50, sort: 'index', order: 'asc', status: '', overfit: '', stage: '' };
  const selected = new Map(); // trial id → detail (insertion order = colour order)
  let focusId = null;
  let search = null;
  let scatterState = { finished: -1, at: 0 };
  let logLoss = false;

  const err = h('div');
  const head = h('div', { class: 'page-head' });
  const cards = h('div', { class: 'cards' });
  const stages = h('div', { class: 'table-wrap' });
  const sanity = h('div', { 'data-testid': 'sanity' });
  const lrRegCanvas = h('canvas', { 'data-testid': 'chart-lr-reg', role: 'img', 'aria-label': 'Validation accuracy over learning rate and regularisation, log axes' });
  const colorbar = h('div', { class: 'colorbar' });
  const trainValCanvas = h('canvas', { 'data-testid': 'chart-train-val', role: 'img', 'aria-label': 'Training versus validation accuracy per trial with the overfit threshold' });
  const scatterNote = h('p', { class: 'muted small' });
  const tableHead = h('thead');
  const tableBody = h('tbody');
  const pager = h('div', { class: 'pager' });
  const filters = h('div', { class: 'filters' });
  const lossCanvas = h('canvas', { 'data-testid': 'chart-loss', role: 'img', 'aria-label': 'Loss per epoch of the selected trials' });
  const accCanvas = h('canvas', { 'data-testid': 'chart-accuracy', role: 'img', 'aria-label': 'Training and validation accuracy per epoch of the selected trials' });
  const curvesInfo = h('div', { class: 'chips', 'data-testid': 'selected-trials' });
  const diag = h('div', { 'data-testid': 'diagnostics' });
  const diagCanvas = h('canvas', { 'data-testid': 'chart-diagnostics', role: 'img', 'aria-label': 'Per-layer activation statistics at the last epoch' });
  const stdCanvas = h('canvas', { 'data-testid': 'chart-activation-std', role: 'img', 'aria-label': 'Activation standard deviation per layer over the epochs' });

  root.append(
    err, head, cards,
    section('Stage ranges', 'stages', h('p', { class: 'muted small' }, 'Coarse → fine: each later stage searches the ranges derived from the best trials of the stage before it (longer runs, narrower or moved ranges).'), stages),
    section('Sanity checks', 'sanity-section', h('p', { class: 'muted small' }, 'Before stage 1: the initial loss should be ≈ ln(C) and rise with regularisation; the network must be able to overfit a tiny subset.'), sanity),
    h('div', { class: 'grid2' },
      section('Validation accuracy over learning rate × regularisation', 'lr-reg',
        h('div', { class: 'chart-box tall' }, lrRegCanvas), colorbar,
        h('p', { class: 'muted small' }, 'Each dot is a trial on log axes; bright = high validation accuracy. Good regions at the edge of the range mean the range should move. Click a dot to plot that trial.')),
      section('Training vs validation accuracy', 'train-val',
        h('div', { class: 'chart-box tall' }, trainValCanvas),
        h('p', { class: 'muted small' }, 'Below the dashed red line, train − validation exceeds the overfit gap: more regularisation. On the grey diagonal: no gap — the model could grow. Click a dot to plot that trial.'))),
    scatterNote,
    section('Trials', 'trials', filters,
      h('div', { class: 'table-wrap' }, h('table', { class: 'data trials', 'data-testid': 'trials-table' }, h('caption', { class: 'sr-only' }, 'Trials; tick a row to plot its learning curves'), tableHead, tableBody)),
      pager),
    h('div', { class: 'grid2' },
      section('Learning curves', 'curves',
        h('p', { class: 'muted small' }, 'Tick trials in the table to compare them (solid = train, dashed = validation). ',
          h('label', { class: 'inline' }, h('input', { type: 'checkbox', onchange: e => { logLoss = e.target.checked; renderCurves(); } }), ' log-scale loss')),
        curvesInfo,
        h('div', { class: 'chart-box' }, lossCanvas),
        h('div', { class: 'chart-box' }, accCanvas)),
      section('Per-layer diagnostics', 'diag',
        h('p', { class: 'muted small' }, 'Activation statistics of the focused trial\'s hidden layers at its last epoch: collapsing std (→ 0), saturation (tanh/sigmoid) or dead ReLUs point at a bad initialisation or learning rate. Update/weight ratio ≈ 1e-3 is healthy.'),
        diag, h('div', { class: 'chart-box' }, diagCanvas), h('div', { class: 'chart-box short' }, stdCanvas))));

  renderFilters();
  renderHeader();

  const p = poller(async signal => {
    search = await api.get(`/api/searches/${id}`, signal);
    err.replaceChildren();
    renderTop();
    const page = await api.get(`/api/searches/${id}/trials${query(q)}`, signal);
    renderRows(page);
    await refreshScatter(signal);
    await refreshSelected(signal);
    return isActive(search.status);
  }, 1500, e => err.replaceChildren(errorBox(e.status === 404 ? `No search has id ${id}.` : `Could not load the search: ${e.message}`)));

  function section(title, testid, ...children) {
    return h('section', { class: 'panel', 'data-testid': testid, 'aria-label': title }, h('h2', {}, title), ...children);
  }

  function renderTop() {
    const s = search;
    const finished = s.progress.total - s.progress.queued - s.progress.running;
    head.replaceChildren(
      h('div', {},
        h('h1', { 'data-testid': 'search-name' }, s.name, ' ', badge(s.status)),
        h('p', { class: 'muted' }, `${s.strategy} search on ${s.dataset} · seed ${s.seed} · ${s.stageCount} stage${s.stageCount > 1 ? 's' : ''} · created ${when(s.createdAt)}`,
          s.comparisonId ? [' · part of a ', h('a', { href: `#/comparisons/${s.comparisonId}` }, 'comparison')] : null)),
      h('div', { class: 'actions' },
        isActive(s.status) ? h('button', { type: 'button', class: 'button danger', 'data-testid': 'cancel-search', onclick: cancel }, 'Cancel search') : null,
        h('a', { class: 'button', href: `/api/searches/${s.id}`, target: '_blank', rel: 'noopener' }, 'JSON')));
    if (s.error) head.append(errorBox(s.error));
    const best = s.bestTrial;
    cards.replaceChildren(
      card('Progress', progressBar(s.progress), `stage ${s.currentStage} of ${s.stageCount} · ${s.progress.completed} completed, ${s.progress.diverged} diverged, ${s.progress.failed} failed`),
      card('Best validation accuracy', h('span', { class: 'big', 'data-testid': 'best-accuracy' }, pct(best?.validationAccuracy)),
        best ? `trial #${best.index} (stage ${best.stage}) · lr ${num(best.hyperparameters.learningRate)}, λ ${num(best.hyperparameters.regularization)}, ${architecture(best.hyperparameters)}` : 'no finished trial yet',
        best ? edgeWarnings(best) : null),
      card('Test accuracy', h('span', { class: 'big', 'data-testid': 'test-accuracy' }, pct(s.testAccuracy)), 'the best trial on the held-out test set, once, after the search'),
      card('Overfit gap', h('span', { class: 'big' }, pct(s.overfitGap, 0)), 'a trial overfits when train − validation accuracy exceeds this'),
      card('Wall time', h('span', { class: 'big' }, secs(s.wallSeconds)), s.completedAt ? `finished ${when(s.completedAt)}` : `${finished} of ${s.progress.total} trials finished`));
    if (filters.dataset.stages !== String(s.stageCount)) { filters.dataset.stages = String(s.stageCount); renderFilters(s.stageCount); }
    renderStages();
    renderSanity();
  }

  function card(title, value, note, extra) {
    return h('div', { class: 'card' }, h('div', { class: 'card-title' }, title), h('div', { class: 'card-value' }, value), note ? h('div', { class: 'card-note' }, note) : null, extra);
  }

  /** The lecture's warning: a best value at the edge of its (last stage's) range means the range should move. */
  function edgeWarnings(best) {
    const space = search.stages.find(st => st.stage === best.stage)?.space ?? {};
    const notes = [];
    for (const [k, v] of Object.entries(space)) {
      if (!v || typeof v !== 'object' || !('min' in v)) continue;
      const x = best.hyperparameters[k];
      if (typeof x !== 'number') continue;
      const f = v.scale === 'log' ? Math.log : (y => y);
      const span = f(v.max) - f(v.min);
      if (!(span > 0)) continue;
      const pos = (f(x) - f(v.min)) / span;
      if (pos <= 0.1) notes.push(`${k} is at the bottom of its range`);
      else if (pos >= 0.9) notes.push(`${k} is at the top of its range`);
    }
    return notes.length ? h('div', { class: 'card-warn', 'data-testid': 'edge-warning' }, `⚠ ${notes.join('; ')}: the optimum may lie outside, consider moving the range.`) : null;
  }

  function renderStages() {
    const st = search.stages;
    const params = [];
    for (const s of st) for (const k of Object.keys(s.space)) if (!params.includes(k)) params.push(k);
    const changed = (k, i) => i > 0 && JSON.stringify(st[i].space[k]) !== JSON.stringify(st[i - 1].space[k]);
    stages.replaceChildren(h('table', { class: 'data compact', 'data-testid': 'stages-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Parameter'), st.map(s => h('th', { scope: 'col' }, `Stage ${s.stage}: ${s.trials} trials × ${s.epochs} epochs`)))),
      h('tbody', {},
        params.map(k => h('tr', {}, h('th', { scope: 'row' }, k), st.map((s, i) => h('td', { class: changed(k, i) ? 'changed' : null, title: changed(k, i) ? 'changed from the previous stage' : null }, k in s.space ? describeParam(s.space[k]) : '(default)')))),
        h('tr', {}, h('th', { scope: 'row' }, 'progress'), st.map(s => h('td', {}, progressBar(s.progress)))),
        search.stageCount > st.length ? h('tr', {}, h('td', { colspan: st.length + 1, class: 'muted small' }, `${search.stageCount - st.length} more stage(s) will be planned from the best trials when stage ${st.length} finishes.`)) : null)));
  }

  function renderSanity() {
    const sc = search.sanityChecks;
    const on = search.spec?.sanityChecks !== false;
    if (!on) { sanity.replaceChildren(h('p', { class: 'muted' }, 'Sanity checks were turned off for this search.')); return; }
    if (!sc) { sanity.replaceChildren(h('p', { class: 'muted', 'data-testid': 'sanity-pending' }, isActive(search.status) ? 'Running before stage 1…' : 'No sanity-check results were recorded.')); return; }
    const ok = v => h('span', { class: v ? 'pass' : 'fail' }, v ? '✓ passed' : '✗ failed');
    const il = sc.initialLoss, os = sc.overfitSmallSubset;
    fill(sanity,
      h('p', {}, h('strong', { 'data-testid': 'sanity-overall' }, sc.passed ? '✓ All checks passed' : '✗ A check failed'), sc.architecture ? ` · network ${sc.architecture}` : ''),
      sc.error ? errorBox(sc.error) : null,
      h('div', { class: 'sanity-grid' },
        il ? h('div', { class: 'card', 'data-testid': 'sanity-initial-loss' },
          h('div', { class: 'card-title' }, 'Initial loss ', ok(il.passed)),
          h('dl', {},
            h('dt', {}, 'loss (λ = 0)'), h('dd', {}, num(il.loss, 4)),
            h('dt', {}, 'expected ln C'), h('dd', {}, num(il.expected, 4)),
            h('dt', {}, `loss with λ = ${num(il.regularization)}`), h('dd', {}, num(il.lossWithRegularization, 4)),
            h('dt', {}, 'rises with regularisation'), h('dd', {}, il.risesWithRegularization ? 'yes' : 'no'))) : null,
        os ? h('div', { class: 'card', 'data-testid': 'sanity-overfit' },
          h('div', { class: 'card-title' }, 'Overfit a small subset ', ok(os.passed)),
          h('dl', {},
            h('dt', {}, 'examples'), h('dd', {}, os.examples),
            h('dt', {}, 'steps'), h('dd', {}, os.steps),
            h('dt', {}, 'final loss'), h('dd', {}, num(os.finalLoss, 4)),
            h('dt', {}, 'training accuracy'), h('dd', {}, pct(os.trainAccuracy)))) : null));
  }

  function renderHeader() {
    tableHead.replaceChildren(h('tr', {},
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Plot')),
      COLUMNS.map(c => {
        if (!c.sort) return h('th', { scope: 'col', class: c.cls }, c.label);
        const active = q.sort === c.sort;
        return h('th', { scope: 'col', class: c.cls, 'aria-sort': active ? (q.order === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', 'data-testid': `sort-${c.sort}`, onclick: () => {
            if (q.sort === c.sort) q.order = q.order === 'asc' ? 'desc' : 'asc';
            else { q.sort = c.sort; q.order = c.sort === 'index' || c.sort === 'validationLoss' || c.sort === 'duration' ? 'asc' : 'desc'; }
            q.offset = 0; renderHeader(); refreshTable();
          } }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (q.order === 'asc' ? ' ▲' : ' ▼') : ' ↕')));
      }),
      h('th', { scope: 'col' }, '')));
  }

  function renderFilters(stageCount = 1) {
    const select = (label, key, options, testid) => h('label', {}, label, ' ',
      h('select', { 'data-testid': testid, onchange: e => { q[key] = key === 'limit' ? Number(e.target.value) : e.target.value; q.offset = 0; refreshTable(); } },
        options.map(([v, t]) => h('option', { value: v, selected: String(q[key]) === v }, t))));
    fill(filters,
      select('Status', 'status', [['', 'any'], ['queued', 'queued'], ['running', 'running'], ['completed', 'completed'], ['diverged', 'diverged'], ['failed', 'failed'], ['cancelled', 'cancelled']], 'filter-status'),
      select('Overfit', 'overfit', [['', 'any'], ['true', 'overfit only'], ['false', 'not overfit']], 'filter-overfit'),
      stageCount > 1 ? select('Stage', 'stage', [['', 'all'], ...Array.from({ length: stageCount }, (_, i) => [String(i + 1), `stage ${i + 1}`])], 'filter-stage') : null,
      select('Rows', 'limit', [['25', '25'], ['50', '50'], ['100', '100'], ['200', '200']], 'page-size'));
  }

  async function refreshTable() {
    try {
      renderRows(await api.get(`/api/searches/${id}/trials${query(q)}`, p.signal));
    } catch (e) {
      if (e.name !== 'AbortError') err.replaceChildren(errorBox(`Could not load the trials: ${e.message}`));
    }
  }

  function renderRows(page) {
    if (page.items.length === 0) {
      tableBody.replaceChildren(h('tr', {}, h('td', { colspan: COLUMNS.length + 2, class: 'empty' }, page.total === 0 && !q.status && !q.overfit && !q.stage ? 'No trials yet.' : 'No trials match the filters.')));
    } else {
      tableBody.replaceChildren(...page.items.map(t => {
        const hp = t.hyperparameters;
        const isSel = selected.has(t.id);
        return h('tr', { 'data-testid': 'trial-row', 'data-trial-id': t.id, 'data-index': t.index, class: [t.overfit ? 'overfit' : '', t.id === focusId ? 'focused' : '', search?.bestTrial?.id === t.id ? 'best' : ''].join(' ').trim() || null },
          h('td', {}, h('input', { type: 'checkbox', checked: isSel, 'data-testid': 'trial-select', 'aria-label': `Plot the learning curves of trial ${t.index} (stage ${t.stage})`, onchange: e => toggle(t, e.target.checked) })),
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
          h('td', {}, h('button', { type: 'button', class: 'link', 'data-testid': 'trial-inspect', onclick: () => inspect(t) }, 'inspect')));
      }));
    }
    const from = page.total === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.items.length;
    pager.replaceChildren(
      h('button', { type: 'button', 'data-testid': 'page-prev', disabled: q.offset === 0, onclick: () => { q.offset = Math.max(0, q.offset - q.limit); refreshTable(); } }, '← Previous'),
      h('span', { 'data-testid': 'page-info' }, `trials ${from}–${to} of ${page.total}`),
      h('button', { type: 'button', 'data-testid': 'page-next', disabled: to >= page.total, onclick: () => { q.offset += q.limit; refreshTable(); } }, 'Next →'));
  }

  /** Plots a trial's curves and shows its layers (from the table or a click on a scatter point). */
  function inspect(t) {
    if (!selected.has(t.id)) toggle(t, true);
    else { focusId = t.id; renderDiag(); markFocus(); }
  }

  function markFocus() {
    for (const tr of tableBody.querySelectorAll('tr[data-trial-id]')) tr.classList.toggle('focused', tr.dataset.trialId === focusId);
  }

  async function toggle(t, on) {
    if (on) {
      if (selected.size >= 10) { alert('At most 10 trials can be plotted at once.'); renderCurves(); return; }
      selected.set(t.id, null);
      focusId = t.id;
      markFocus();
      try {
        selected.set(t.id, await api.get(`/api/trials/${t.id}`, p.signal));
      } catch (e) {
        selected.delete(t.id);
        err.replaceChildren(errorBox(`Could not load trial ${t.index}: ${e.message}`));
      }
    } else {
      selected.delete(t.id);
      if (focusId === t.id) focusId = [...selected.keys()].at(-1) ?? null;
      markFocus();
    }
    for (const cb of tableBody.querySelectorAll('tr[data-trial-id]')) cb.querySelector('input[type=checkbox]').checked = selected.has(cb.dataset.trialId);
    renderCurves();
    renderDiag();
  }

  async function refreshSelected(signal) {
    for (const [tid, d] of selected) {
      if (d === null || isActive(d.trial.status)) selected.set(tid, await api.get(`/api/trials/${tid}`, signal));
    }
    renderCurves();
    renderDiag();
  }

  function renderCurves() {
    const details = [...selected.values()].filter(Boolean);
    curvesInfo.replaceChildren(...(details.length === 0
      ? [h('span', { class: 'muted' }, 'No trial selected.')]
      : details.map(d => h('span', { class: 'chip', 'data-testid': 'selected-trial' }, `#${d.trial.index}`, d.trial.stage > 1 ? ` (stage ${d.trial.stage})` : '', ` · ${d.epochs.length} epochs · val ${pct(d.trial.validationAccuracy)}`,
        h('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove trial ${d.trial.index} from the plots`, onclick: () => toggle(d.trial, false) }, '×')))));
    learningCurves(lossCanvas, accCanvas, details, logLoss);
  }

  function renderDiag() {
    const d = focusId ? selected.get(focusId) : null;
    if (!d) { diag.replaceChildren(h('p', { class: 'muted' }, 'Tick or inspect a trial to see its layers.')); diagnosticsBars(diagCanvas, []); activationStd(stdCanvas, []); return; }
    const last = d.diagnostics.reduce((m, l) => Math.max(m, l.epoch), 0);
    const layers = d.diagnostics.filter(l => l.epoch === last);
    const hp = d.trial.hyperparameters;
    diag.replaceChildren(
      h('p', {}, h('strong', {}, `Trial #${d.trial.index}`), ` (stage ${d.trial.stage}, ${d.trial.status}) · ${architecture(hp)} · init ${hp.weightInit} · ${hp.optimizer} · lr ${num(hp.learningRate)} · λ ${num(hp.regularization)} · batch ${hp.batchSize}`,
        d.trial.initialLoss !== null ? ` · initial loss ${num(d.trial.initialLoss, 4)}` : '', d.trial.error ? errorBox(d.trial.error) : null),
      layers.length === 0 ? h('p', { class: 'muted' }, 'No layer diagnostics (yet): a network without hidden layers has none.') :
        h('div', { class: 'table-wrap' }, h('table', { class: 'data compact', 'data-testid': 'diagnostics-table' },
          h('caption', { class: 'small muted' }, `Epoch ${last}`),
          h('thead', {}, h('tr', {}, ['Layer', 'Act. mean', 'Act. std', 'Dead', 'Saturated', 'Update/weight'].map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, layers.map(l => h('tr', {},
            h('td', {}, l.layer), h('td', { class: 'num' }, num(l.activationMean)), h('td', { class: 'num' }, num(l.activationStd)),
            h('td', { class: 'num' }, pct(l.deadFraction)), h('td', { class: 'num' }, pct(l.saturatedFraction)),
            h('td', { class: `num ${l.updateToWeightRatio > 1e-2 || l.updateToWeightRatio < 1e-4 ? 'warn' : ''}` }, num(l.updateToWeightRatio))))))));
    diagnosticsBars(diagCanvas, layers);
    activationStd(stdCanvas, d.diagnostics);
  }

  async function refreshScatter(signal) {
    const pr = search.progress;
    const finished = pr.total - pr.queued - pr.running;
    const now = Date.now();
    const minGap = pr.total > 2000 ? 6000 : 1400;
    if (finished === scatterState.finished) return;
    if (isActive(search.status) && now - scatterState.at < minGap) return;
    scatterState = { finished, at: now };
    const points = await trialPoints(id, signal);
    const { lo, hi, count } = lrRegScatter(lrRegCanvas, points, { x: extent('learningRate'), y: extent('regularization') }, inspect);
    trainValScatter(trainValCanvas, points, search.overfitGap, inspect);
    fill(colorbar, ...(count > 0
      ? [h('span', {}, pct(lo)), h('span', { class: 'colorbar-ramp', 'aria-hidden': 'true' }), h('span', {}, pct(hi)), h('span', { class: 'muted small' }, ' validation accuracy')]
      : [h('span', { class: 'muted small' }, 'No finished trial with a positive learning rate and λ yet.')]));
    scatterNote.textContent = points.length < pr.total ? `Scatter plots show ${points.length} of ${pr.total} trials.` : '';
  }

  /** The smallest and largest value any stage searched for a parameter (to draw the whole searched range). */
  function extent(key) {
    let lo = Infinity, hi = -Infinity;
    for (const st of search.stages) {
      const v = st.space[key];
      const vals = v && typeof v === 'object' && !Array.isArray(v) ? ('min' in v ? [v.min, v.max] : v.values ?? []) : [v];
      for (const x of vals) if (typeof x === 'number' && x > 0) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    }
    return Number.isFinite(lo) ? [lo, hi] : null;
  }

  async function cancel() {
    if (!confirm('Cancel this search? Running trials stop at their next batch.')) return;
    try { await api.post(`/api/searches/${id}/cancel`); } catch (e) { err.replaceChildren(errorBox(`Cancel failed: ${e.message}`)); }
    p.kick();
  }

  return () => p.stop();
}
