// Forms that start a search (POST /api/searches) or a comparison (POST /api/comparisons), built from
// the server's parameter registry and vocabularies (GET /api/schema): every list, default, limit and
// hint comes from there, so a parameter added to the registry shows up here with no change to this
// file. Friendly fields cover the common parts; "More parameters" has a generic editor for every other
// registry parameter. The fields build the spec shown in the "advanced JSON" box; the API's validation
// errors are shown next to the field their JSON path names (space.learningRate.min → its min input).
import { api, ApiError, schema } from '../api.js';
import { h, fill, errorBox } from '../util.js';
import { fieldKit } from './form/fields.js';
import { numeric } from './form/parse.js';
import { rangeEditor, layersEditor, checksEditor, boolEditor, genericEditor, activates } from './form/editors.js';
import { schedulerEditor } from './form/scheduler.js';
import { armEditor } from './form/arm.js';

// Parameters with a friendly field, and how to show it; the rest go to "More parameters". The
// starting ranges are the form's suggestion for a wide coarse first stage, not registry facts.
const FRIENDLY = {
  learningRate: (kit, p) => rangeEditor(kit, p, 'Learning rate', { min: '1e-3', max: '1' }),
  regularization: (kit, p) => rangeEditor(kit, p, 'Regularisation λ (L2)', { min: '1e-5', max: '1e-1' }),
  hiddenLayers: (kit, p) => layersEditor(kit, p, 'Hidden layers', 'Widths separated by commas; several architectures separated by “;”. Empty = linear classifier.'),
  activation: (kit, p) => checksEditor(kit, p, 'Activations', `Tick several to search over them; none = the default (${p.default}).`),
  weightInit: (kit, p) => checksEditor(kit, p, 'Weight initialisation', 'He for ReLU, Xavier for tanh.'),
  optimizer: (kit, p) => checksEditor(kit, p, 'Optimisers'),
  batchNorm: (kit, p) => boolEditor(kit, p, 'Batch normalisation'),
};

// The derived parameters (depth, width) compose this one; the API rejects a space with both, so the
// hidden-layers field steps aside while one of them is set.
const COMPOSED = 'hiddenLayers';

export function formPage(root, kind) {
  const isComparison = kind === 'comparison';
  let disposed = false;
  const loading = h('p', { class: 'muted', 'data-testid': 'form-loading' }, 'Loading the parameter registry…');
  root.append(
    h('div', { class: 'page-head' }, h('div', {},
      h('h1', {}, isComparison ? 'Start a comparison: random vs grid' : 'Start a search'),
      h('p', { class: 'muted' }, isComparison
        ? 'Runs a random and a grid search (and optionally one more arm) over the same space, data split, seed and budget.'
        : 'Sample hyperparameters (learning rate and λ on log scale), train one network per trial, keep the best on validation accuracy.'))),
    loading);
  // The route may change before the schema arrives: then nothing is added to the next page's root.
  schema().then(
    s => { if (!disposed) loading.replaceWith(specForm(kind, s)); },
    e => { if (!disposed) loading.replaceWith(errorBox(`Could not load the parameter registry (GET /api/schema): ${e.message}`)); });
  return () => { disposed = true; };
}

function specForm(kind, schema) {
  const isComparison = kind === 'comparison';
  const L = schema.limits;
  const kit = fieldKit();
  const { field } = kit;
  const general = h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'form-errors', hidden: true });
  let custom = false;

  // ---- inputs -----------------------------------------------------------------------------------
  const text = (value, attrs = {}) => h('input', { type: 'text', value, autocomplete: 'off', ...attrs });
  const number = (value, attrs = {}) => h('input', { type: 'number', value, ...attrs });
  const select = (options, value) => h('select', {}, options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)));
  const names = list => list.map(n => [n, n]);

  const nameI = text(isComparison ? 'random vs grid' : 'spiral search', { maxlength: L.maxNameLength, required: true });
  const datasetI = h('select', {}, h('option', { value: 'spiral' }, 'spiral (loading the list…)'));
  const datasetInfo = h('small', { class: 'hint', 'data-testid': 'dataset-info' });
  const preI = select(names(schema.preprocessing), schema.defaultPreprocessing);
  const splitI = select([['', 'default'], ...names(schema.splits)], '');
  const trainSizeI = number('', { min: 1, placeholder: 'default' });
  const valSizeI = number('', { min: 1, placeholder: 'default' });
  // The schema lists no default strategy; the server lists its default first.
  const strategyI = select(names(schema.strategies), schema.strategies[0]);
  const trialsI = number(isComparison ? '16' : '20', { min: 1, max: L.maxTrialsPerStage });
  const gridI = number('3', { min: 1, max: L.maxGridPoints });
  const budgetI = number('16', { min: 2, max: L.maxComparisonBudget });
  const epochsI = number('20', { min: 1, max: L.maxEpochs });
  const seedI = number('', { min: 0, placeholder: 'random' });
  const gapI = text('0.1', { inputmode: 'decimal' });
  const sanityI = h('input', { type: 'checkbox', checked: !isComparison });
  // "gate": a failed check ends the search before stage 1 instead of only being reported.
  const gateI = h('input', { type: 'checkbox', id: 'f-sanityGate', 'data-testid': 'input-sanityGate', disabled: isComparison });
  sanityI.addEventListener('change', () => { gateI.disabled = !sanityI.checked; if (!sanityI.checked) gateI.checked = false; });
  const refineOn = h('input', { type: 'checkbox', 'data-testid': 'refine-enabled' });
  const rStagesI = number('2', { min: 1, max: L.maxStages });
  const rTopI = number('5', { min: 1 });
  const rTrialsI = number('10', { min: 1, max: L.maxTrialsPerStage });
  const rGridI = number('3', { min: 1, max: L.maxGridPoints });
  const rEpochsI = number('40', { min: 1, max: L.maxEpochs });
  const jsonI = h('textarea', { rows: 18, spellcheck: false, class: 'mono', id: 'f-json', 'data-testid': 'spec-json' });
  const jsonNote = h('small', { class: 'hint' });
  const submitB = h('button', { type: 'submit', class: 'button primary', 'data-testid': 'submit' }, isComparison ? 'Start comparison' : 'Start search');
  const status = h('span', { class: 'muted', role: 'status' });
  const scheduler = schedulerEditor(kit, schema.schedulers, schema.schedulerSettings);
  const arm = isComparison ? armEditor(kit, schema, () => onChange()) : null;

  // ---- the search space: one editor per registry parameter, in canonical order ------------------
  const editors = schema.parameters.map(p => (FRIENDLY[p.name] ?? genericEditor)(kit, p));
  const byName = new Map(editors.map(e => [e.name, e]));
  const friendly = name => FRIENDLY[name] ? byName.get(name)?.box ?? null : null;
  const more = editors.filter(e => !FRIENDLY[e.name]);

  const trialsBox = field('trials', 'Trials', trialsI, `Trials in the first (coarse) stage; at most ${L.maxTrialsPerStage} per stage, ${L.maxTotalTrials} per search.`);
  const gridBox = field('gridPoints', 'Grid points', gridI, `Values per continuous parameter; lists add all their values. At most ${L.maxGridSize} grid points in all.`);
  const refineBox = h('fieldset', { class: 'field refine', 'data-testid': 'group-refine' },
    h('legend', {}, h('label', { class: 'inline' }, refineOn, ' Coarse → fine refinement')),
    h('div', { class: 'row' },
      field('refine.stages', 'Stages', rStagesI),
      field('refine.topK', 'Top K', rTopI),
      field('refine.trials', 'Trials/stage', rTrialsI),
      field('refine.gridPoints', 'Grid points/stage', rGridI),
      field('refine.epochs', 'Epochs/stage', rEpochsI)),
    h('small', { class: 'hint' }, `Stages counts the coarse one (at most ${L.maxStages}). Each fine stage searches narrower (or moved) ranges around the top K trials of the stage before, with its own trials and epochs.`));
  refineBox.append(kit.slot('refine', rStagesI, refineBox));
  const epochsBox = field('epochs', 'Epochs', epochsI, `Few epochs for a coarse stage (at most ${L.maxEpochs}).`);
  const epochsNote = h('small', { class: 'hint', 'data-testid': 'epochs-note', hidden: true });
  epochsBox.append(epochsNote);

  const form = h('form', { class: 'spec-form', novalidate: true, 'data-testid': `${kind}-form`, 'aria-label': isComparison ? 'Start a comparison' : 'Start a search', onsubmit: submit, oninput: onChange, onchange: onChange },
    general,
    h('div', { class: 'form-grid' },
      h('section', { class: 'panel' },
        h('h2', {}, 'Job'),
        field('name', 'Name', nameI),
        field('dataset.name', 'Dataset', datasetI), datasetInfo,
        h('div', { class: 'row' },
          field('dataset.preprocessing', 'Preprocessing', preI),
          field('dataset.split', 'Split', splitI, 'Which rows train and which validate; the default depends on the dataset.')),
        h('div', { class: 'row' },
          field('dataset.trainSize', 'Training examples', trainSizeI),
          field('dataset.validationSize', 'Validation examples', valSizeI)),
        isComparison ? field('budget', 'Budget (trials per strategy)', budgetI, `Random runs this many trials; the grid gets the largest grid that fits. At most ${L.maxComparisonBudget}.`) : field('strategy', 'Strategy', strategyI),
        h('div', { class: 'row' },
          isComparison ? null : trialsBox, isComparison ? null : gridBox,
          epochsBox,
          field('seed', 'Seed', seedI)),
        scheduler.box,
        arm?.box,
        h('div', { class: 'row' },
          field('overfitGap', 'Overfit gap', gapI, 'Train − validation accuracy above this marks a trial as overfit.'),
          kit.toggle('sanityChecks', 'Run sanity checks first', sanityI),
          h('div', { class: 'field' }, h('label', { class: 'inline', for: 'f-sanityGate', title: 'Stop the search before stage 1 when a network fails its checks' }, gateI, ' … and stop if one fails (gate)'))),
        isComparison ? null : refineBox),
      h('section', { class: 'panel' },
        h('h2', {}, 'Search space'),
        friendly('learningRate'), friendly('regularization'), friendly('hiddenLayers'),
        friendly('activation'), friendly('weightInit'), friendly('optimizer'),
        h('div', { class: 'row' }, friendly('batchNorm')))),
    more.length ? h('section', { class: 'panel', 'data-testid': 'more-parameters', 'aria-label': 'More parameters' },
      h('h2', {}, 'More parameters'),
      h('p', { class: 'muted small' }, 'Every other parameter of the server\'s registry. One left at its default is not sent: every trial uses the default. A parameter that only applies with certain values of another (leaky ReLU\'s slope, momentum) appears when one of those values is chosen.'),
      h('div', { class: 'param-grid' }, more.map(e => e.box))) : null,
    h('section', { class: 'panel' },
      h('details', {},
        h('summary', {}, 'Advanced: the JSON spec that will be sent'),
        h('label', { for: 'f-json', class: 'sr-only' }, 'Spec JSON'),
        jsonI, jsonNote,
        h('div', {}, h('button', { type: 'button', class: 'button', onclick: () => { custom = false; onChange(); } }, 'Rebuild from the fields')))),
    h('div', { class: 'form-actions' }, submitB, status));
  jsonI.addEventListener('input', e => { e.stopPropagation(); custom = true; jsonNote.textContent = 'Edited by hand: this JSON is sent as written (the fields above are ignored).'; });

  loadDatasets();
  onChange();
  return form;

  // ---- behaviour ----------------------------------------------------------------------------
  async function loadDatasets() {
    try {
      const list = await api.get('/api/datasets');
      const current = datasetI.value;
      datasetI.replaceChildren(...list.map(d => h('option', { value: d.name, disabled: !d.available, title: d.available ? d.description : d.message },
        `${d.name} — ${d.samples.toLocaleString()} × ${d.features}, ${d.classes} classes${d.available ? '' : ' (unavailable)'}`)));
      const pick = list.find(d => d.name === current && d.available) ?? list.find(d => d.available);
      if (pick) datasetI.value = pick.name;
      datasetI.dataset.loaded = 'true';
      const describe = () => {
        const d = list.find(x => x.name === datasetI.value);
        const missing = list.filter(x => !x.available);
        fill(datasetInfo, d ? d.description : '',
          missing.length ? h('span', { class: 'unavailable' }, ...missing.map(m => h('span', { class: 'block' }, h('strong', {}, `${m.name} is unavailable: `), m.message))) : null);
      };
      datasetI.addEventListener('change', describe);
      describe();
      onChange();
    } catch (e) {
      general.hidden = false;
      general.replaceChildren(`Could not load the datasets: ${e.message}`);
    }
  }

  /** Shows each conditional parameter only while its parent's selection activates it (parents come first in canonical order). */
  function applyConditions() {
    for (const e of editors) {
      const c = e.param.condition;
      const parent = c ? byName.get(c.parameter) : null;
      if (parent) e.box.hidden = parent.box.hidden || !activates(parent.selection(), c.values);
    }
    const composing = editors.filter(e => e.param.derived && !e.box.hidden && e.value() !== undefined).map(e => e.name);
    byName.get(COMPOSED)?.disable?.(composing.length ? `Left out of the spec: ${composing.join(' and ')} (More parameters) compose the hidden layers.` : '');
  }

  /**
   * ASHA trains the surviving trials to its maxEpochs, and the API requires that to equal "epochs": so a
   * set maxEpochs takes the epochs field's place (disabled and left out of the spec); left empty, the
   * server takes maxEpochs = epochs. Either way the form cannot send the two differently.
   */
  function syncEpochs() {
    scheduler.sync(epochsI.value);
    const max = scheduler.value()?.kind === 'asha' ? scheduler.value().maxEpochs : undefined;
    // Every arm of a comparison trains to the comparison's epochs (ASHA's maxEpochs when that replaces them).
    arm?.sync(max !== undefined ? String(max) : epochsI.value);
    epochsI.disabled = max !== undefined;
    epochsNote.hidden = max === undefined;
    epochsNote.textContent = max === undefined ? '' : `Left out of the spec: ASHA's max epochs (${max}) are the epochs of stage 1.`;
  }

  function onChange(e) {
    if (e?.target === jsonI) return;
    const grid = !isComparison && strategyI.value === 'grid';
    trialsBox.hidden = grid;
    gridBox.hidden = !grid;
    for (const [k, i] of [['refine.trials', rTrialsI], ['refine.gridPoints', rGridI]]) i.closest('.field').hidden = (k === 'refine.gridPoints') !== grid;
    for (const i of refineBox.querySelectorAll('.row input')) i.disabled = !refineOn.checked;
    applyConditions();
    syncEpochs();
    if (!custom) { jsonI.value = JSON.stringify(build(), null, 2); jsonNote.textContent = 'Built from the fields above; edit it to send something else.'; }
  }

  function build() {
    const spec = { name: nameI.value };
    if (seedI.value !== '') spec.seed = numeric(seedI.value);
    spec.dataset = { name: datasetI.value, preprocessing: preI.value };
    if (splitI.value !== '') spec.dataset.split = splitI.value;
    if (trainSizeI.value !== '') spec.dataset.trainSize = numeric(trainSizeI.value);
    if (valSizeI.value !== '') spec.dataset.validationSize = numeric(valSizeI.value);
    if (isComparison) spec.budget = numeric(budgetI.value);
    else {
      spec.strategy = strategyI.value;
      if (strategyI.value === 'grid') spec.gridPoints = numeric(gridI.value);
      else spec.trials = numeric(trialsI.value);
    }
    const sched = scheduler.value();
    if (sched) spec.scheduler = sched;
    if (!epochsI.disabled) spec.epochs = numeric(epochsI.value);
    spec.overfitGap = numeric(gapI.value);
    spec.sanityChecks = sanityI.checked ? (gateI.checked ? 'gate' : true) : false;
    const space = {};
    for (const ed of editors) {
      if (ed.box.hidden) continue; // a conditional parameter that no chosen value uses
      const v = ed.value();
      if (v !== undefined) space[ed.name] = v;
    }
    spec.space = space;
    const arms = arm?.value();
    if (arms) spec.arms = arms; // only once "Add an arm" was pressed: otherwise random vs grid as before
    if (!isComparison && refineOn.checked) {
      spec.refine = { stages: numeric(rStagesI.value), topK: numeric(rTopI.value), epochs: numeric(rEpochsI.value) };
      if (strategyI.value === 'grid') spec.refine.gridPoints = numeric(rGridI.value);
      else spec.refine.trials = numeric(rTrialsI.value);
      // Refined stages inherit the scheduler as written, and an explicit maxEpochs would then have to
      // equal refine.epochs too: they get the same scheduler with maxEpochs left to their own epochs.
      if (sched?.kind === 'asha' && sched.maxEpochs !== undefined) {
        const { maxEpochs: _, ...same } = sched;
        spec.refine.scheduler = same;
      }
    }
    return spec;
  }

  async function submit(e) {
    e.preventDefault();
    clearErrors();
    let body = jsonI.value;
    if (!custom) body = JSON.stringify(build());
    submitB.disabled = true;
    status.textContent = 'Submitting…';
    try {
      const created = await api.post(isComparison ? '/api/comparisons' : '/api/searches', body);
      status.textContent = 'Created.';
      location.hash = isComparison ? `#/comparisons/${created.id}` : `#/searches/${created.id}`;
    } catch (err) {
      status.textContent = '';
      if (err instanceof ApiError && err.errors) showErrors(err.errors);
      else { general.hidden = false; general.replaceChildren(`The request failed: ${err.message}`); }
    } finally {
      submitB.disabled = false;
    }
  }

  function clearErrors() {
    general.hidden = true;
    general.replaceChildren();
    kit.clearErrors();
  }

  function showErrors(errors) {
    let { unplaced, first } = kit.showErrors(errors, { dataset: 'dataset.name' });
    if (unplaced.length) {
      general.hidden = false;
      general.replaceChildren(h('strong', {}, 'The API rejected the spec:'),
        h('ul', {}, unplaced.map(([k, ms]) => ms.map(m => h('li', {}, h('code', {}, k), ': ', m)))));
      first ??= general;
    } else if (first) {
      general.hidden = false;
      general.replaceChildren('Please correct the highlighted fields.');
    }
    if (first) {
      first.scrollIntoView({ block: 'center' });
      if (first.focus) first.focus({ preventScroll: true });
    }
  }
}
