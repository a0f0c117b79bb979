// The selected trials (at most 10): their learning curves, and the focused one's per-layer diagnostics.
// Selection lives here; the trial table and the scatter plots call toggle/inspect and read isSelected/focusId.
import { api } from '../../api.js';
import { h, fill, panel, pct, num, isPending, architecture, layerName, errorBox } from '../../util.js';
import { learningCurves, diagnosticsBars, activationStd, activationHistogram, destroyAll } from '../../charts.js';
import { diagnosisList, architectureChecks } from './diagnosis.js';

const MAX_SELECTED = 10;

/**
 * `signal()` gives the page's abort signal; `onError(message)` shows a load failure;
 * `onSelection()` runs whenever the selection or the focus changes (the table re-marks its rows).
 */
export function trialDetail({ signal, onError, onSelection }) {
  const selected = new Map(); // trial id → detail, null while loading (insertion order = colour order)
  let focusId = null;
  let logLoss = false;
  let epochShown = null; // the epoch whose layers the diagnostics show (null: the focused trial's last)

  const lossCanvas = h('canvas', { 'data-testid': 'chart-loss', role: 'img', 'aria-label': 'Loss per epoch of the selected trials' });
  const accCanvas = h('canvas', { 'data-testid': 'chart-accuracy', role: 'img', 'aria-label': 'Training and validation accuracy per epoch of the selected trials' });
  const chips = h('div', { class: 'chips', 'data-testid': 'selected-trials' });
  const diag = h('div', { 'data-testid': 'diagnostics' });
  const diagCanvas = h('canvas', { 'data-testid': 'chart-diagnostics', role: 'img', 'aria-label': 'Per-layer activation statistics at the chosen epoch' });
  const histograms = h('div', { class: 'histograms', 'data-testid': 'histograms' });
  const stdCanvas = h('canvas', { 'data-testid': 'chart-activation-std', role: 'img', 'aria-label': 'Activation standard deviation per layer over the epochs' });

  const el = h('div', { class: 'grid2' },
    panel('Learning curves', 'curves',
      h('p', { class: 'muted small' }, 'Tick trials in the table to compare them (solid = train, dashed = validation). ',
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', onchange: e => { logLoss = e.target.checked; renderCurves(); } }), ' log-scale loss')),
      chips,
      h('div', { class: 'chart-box' }, lossCanvas),
      h('div', { class: 'chart-box' }, accCanvas)),
    panel('Per-layer diagnostics', 'diag',
      h('p', { class: 'muted small' }, 'The focused trial\'s hidden layers at initialisation (epoch 0, before any update) or after any epoch: histograms narrowing to 0 layer by layer (collapse), piling up at ±1 (saturation) or at 0 (dead ReLUs) point at a bad initialisation or learning rate. Update/weight ratio ≈ 1e-3 is healthy. How to read each picture: docs/dashboard.md.'),
      diag, histograms, h('div', { class: 'chart-box' }, diagCanvas), h('div', { class: 'chart-box short' }, stdCanvas)));

  /** Plots a trial's curves and shows its layers (from the table or a click on a scatter point). */
  function inspect(t) {
    if (!selected.has(t.id)) toggle(t, true);
    else { focusId = t.id; epochShown = null; renderDiag(); onSelection(); }
  }

  async function toggle(t, on) {
    if (on) {
      if (selected.size >= MAX_SELECTED) { alert(`At most ${MAX_SELECTED} trials can be plotted at once.`); onSelection(); renderCurves(); return; }
      selected.set(t.id, null);
      focusId = t.id;
      epochShown = null;
      onSelection();
      try {
        selected.set(t.id, await api.get(`/api/trials/${t.id}`, signal()));
      } catch (e) {
        selected.delete(t.id);
        onError(`Could not load trial ${t.index}: ${e.message}`);
      }
    } else {
      selected.delete(t.id);
      if (focusId === t.id) focusId = [...selected.keys()].at(-1) ?? null;
    }
    onSelection();
    renderCurves();
    renderDiag();
  }

  /** Re-reads the selected trials that were still loading, running or waiting at a rung (called by each poll). */
  async function refresh(pollSignal) {
    for (const [tid, d] of selected) {
      if (d === null || isPending(d.trial.status)) selected.set(tid, await api.get(`/api/trials/${tid}`, pollSignal));
    }
    renderCurves();
    renderDiag();
  }

  function renderCurves() {
    const details = [...selected.values()].filter(Boolean);
    chips.replaceChildren(...(details.length === 0
      ? [h('span', { class: 'muted' }, 'No trial selected.')]
      : details.map(d => h('span', { class: 'chip', 'data-testid': 'selected-trial' }, `#${d.trial.index}`, d.trial.stage > 1 ? ` (stage ${d.trial.stage})` : '', ` · ${epochsText(d)} · val ${pct(d.trial.validationAccuracy)}`, d.trial.status === 'pruned' || d.trial.status === 'paused' ? ` · ${d.trial.status}` : '',
        h('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove trial ${d.trial.index} from the plots`, onclick: () => toggle(d.trial, false) }, '×')))));
    learningCurves(lossCanvas, accCanvas, details, logLoss);
  }

  function renderDiag() {
    const d = focusId ? selected.get(focusId) : null;
    destroyAll(histograms);
    histograms.replaceChildren();
    if (!d) { diag.replaceChildren(h('p', { class: 'muted' }, 'Tick or inspect a trial to see its layers.')); diagnosticsBars(diagCanvas, []); activationStd(stdCanvas, []); return; }
    const epochs = [...new Set(d.diagnostics.map(l => l.epoch))].sort((a, b) => a - b);
    const last = epochs.at(-1) ?? 0;
    const shown = epochShown !== null && epochs.includes(epochShown) ? epochShown : last;
    const layers = d.diagnostics.filter(l => l.epoch === shown);
    const hp = d.trial.hyperparameters;
    const name = l => hp.convBlocks > 0 ? layerName(l.layer, hp.convBlocks) : `layer ${l.layer}`;
    const picker = epochs.length > 1 ? h('label', {}, 'Epoch ', h('select', { 'data-testid': 'diagnostics-epoch', onchange: e => { epochShown = Number(e.target.value); renderDiag(); } },
      epochs.map(e => h('option', { value: String(e), selected: e === shown }, e === 0 ? '0 (initialisation)' : String(e))))) : null;
    fill(diag,
      h('p', {}, h('strong', {}, `Trial #${d.trial.index}`), ` (stage ${d.trial.stage}, ${d.trial.status}) · ${architecture(hp)} · init ${hp.weightInit} · ${hp.optimizer} · lr ${num(hp.learningRate)} · λ ${num(hp.regularization)} · batch ${hp.batchSize}`,
        d.trial.initialLoss !== null ? ` · initial loss ${num(d.trial.initialLoss, 4)}` : '', errorNote(d.trial)),
      diagnosisList(d.trial.labels),
      architectureChecks(d),
      picker,
      layers.length === 0 ? h('p', { class: 'muted' }, 'No layer diagnostics (yet): a network without hidden layers has none.') :
        h('div', { class: 'table-wrap' }, h('table', { class: 'data compact', 'data-testid': 'diagnostics-table' },
          h('caption', { class: 'small muted' }, shown === 0 ? 'Epoch 0: at initialisation, before any update' : `Epoch ${shown}`),
          h('thead', {}, h('tr', {}, ['Layer', 'Act. mean', 'Act. std', 'Dead', 'Saturated', 'Update/weight', 'Gradient norm'].map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, layers.map(l => h('tr', {},
            h('td', {}, hp.convBlocks > 0 ? layerName(l.layer, hp.convBlocks) : l.layer), h('td', { class: 'num' }, num(l.activationMean)), h('td', { class: 'num' }, num(l.activationStd)),
            h('td', { class: 'num' }, pct(l.deadFraction)), h('td', { class: 'num' }, pct(l.saturatedFraction)),
            h('td', { class: `num ${shown > 0 && (l.updateToWeightRatio > 1e-2 || l.updateToWeightRatio < 1e-4) ? 'warn' : ''}` }, shown === 0 ? '—' : num(l.updateToWeightRatio)),
            h('td', { class: 'num' }, l.gradientNorm === null ? '—' : num(l.gradientNorm))))))));
    for (const l of layers.filter(l => l.histogram)) {
      const canvas = h('canvas', { 'data-testid': 'chart-histogram', 'data-layer': l.layer, role: 'img', 'aria-label': `Activation histogram of ${name(l)} at epoch ${shown}` });
      histograms.append(h('div', { class: 'chart-box histogram' }, canvas));
      activationHistogram(canvas, l, name(l));
    }
    diagnosticsBars(diagCanvas, layers, hp.convBlocks);
    activationStd(stdCanvas, d.diagnostics, hp.convBlocks);
  }

  return { el, inspect, toggle, refresh, isSelected: id => selected.has(id), focusId: () => focusId };
}

/** "3 of 9 epochs" while a trial has trained fewer epochs than its stage's (pruned or waiting), else "9 epochs". */
function epochsText(d) {
  const n = d.epochs.length;
  return n < d.trial.epochs ? `${n} of ${d.trial.epochs} epochs` : `${n} epochs`;
}

/** A pruned trial's "error" is the scheduler's reason (median stopping at epoch 3: …), not a failure. */
function errorNote(t) {
  if (!t.error) return null;
  return t.status === 'pruned' ? h('p', { class: 'muted small', 'data-testid': 'pruned-reason' }, t.error) : errorBox(t.error);
}
