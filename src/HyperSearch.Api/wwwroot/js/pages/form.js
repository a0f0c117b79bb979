// Forms that start a search (POST /api/searches) or a comparison (POST /api/comparisons).
// Friendly fields build the spec shown in the "advanced JSON" box; the API's validation errors are
// shown next to the field their JSON path names (space.learningRate.min → the learning-rate min input).
import { api, ApiError } from '../api.js';
import { h, fill } from '../util.js';

const ACTIVATIONS = ['relu', 'leaky_relu', 'elu', 'tanh', 'sigmoid', 'maxout'];
const INITS = ['he', 'xavier', 'small_random', 'zeros'];
const OPTIMIZERS = ['sgd', 'sgd_momentum', 'nesterov', 'adam'];

export function formPage(root, kind) {
  const isComparison = kind === 'comparison';
  const slots = new Map(); // error key → { el, input, box }
  const general = h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'form-errors', hidden: true });
  let custom = false;

  // ---- field builders -------------------------------------------------------------------------
  const fid = key => `f-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  function slot(key, input, box) {
    const el = h('p', { class: 'field-error', id: `${fid(key)}-err`, 'data-testid': `error-${key}`, hidden: true, 'aria-live': 'polite' });
    slots.set(key, { el, input, box });
    if (input) input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), el.id].filter(Boolean).join(' '));
    return el;
  }
  function field(key, label, input, hint) {
    input.id = fid(key);
    input.dataset.testid = `input-${key}`;
    const hintEl = hint ? h('small', { class: 'hint', id: `${fid(key)}-hint` }, hint) : null;
    if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
    const box = h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl);
    box.append(slot(key, input, box));
    return box;
  }
  const text = (value, attrs = {}) => h('input', { type: 'text', value, autocomplete: 'off', ...attrs });
  const number = (value, attrs = {}) => h('input', { type: 'number', value, ...attrs });
  const select = (options, value) => h('select', {}, options.map(([v, t, dis]) => h('option', { value: v, selected: v === value, disabled: !!dis }, t)));
  function checks(key, legend, values, chosen, hint) {
    const inputs = values.map(v => h('input', { type: 'checkbox', value: v, checked: chosen.includes(v), 'data-testid': `check-${key}-${v}` }));
    const box = h('fieldset', { class: 'field checks', 'data-testid': `input-${key}` },
      h('legend', {}, legend),
      h('div', { class: 'check-row' }, inputs.map((i, n) => h('label', { class: 'inline' }, i, ' ', values[n]))),
      hint ? h('small', { class: 'hint' }, hint) : null);
    box.append(slot(key, null, box));
    return { box, get: () => inputs.filter(i => i.checked).map(i => i.value) };
  }
  function range(key, label, min, max, log) {
    const minI = text(min, { inputmode: 'decimal' }), maxI = text(max, { inputmode: 'decimal' });
    const logI = h('input', { type: 'checkbox', checked: log });
    const box = h('fieldset', { class: 'field range', 'data-testid': `group-${key}` },
      h('legend', {}, label),
      h('div', { class: 'range-row' },
        field(`${key}.min`, 'min', minI),
        field(`${key}.max`, 'max', maxI),
        h('div', { class: 'field' }, h('label', { class: 'inline', for: fid(`${key}.scale`) }, logI, ' log scale'), slot(`${key}.scale`, logI, null))));
    logI.id = fid(`${key}.scale`);
    logI.dataset.testid = `input-${key}.scale`;
    box.append(slot(key, minI, box));
    return { box, get: () => ({ min: numeric(minI.value), max: numeric(maxI.value), scale: logI.checked ? 'log' : 'linear' }) };
  }

  // ---- the fields ---------------------------------------------------------------------------
  const nameI = text(isComparison ? 'random vs grid' : 'spiral search', { maxlength: 200, required: true });
  const datasetI = h('select', {}, h('option', { value: 'spiral' }, 'spiral (loading the list…)'));
  const datasetInfo = h('small', { class: 'hint', 'data-testid': 'dataset-info' });
  const preI = select([['zero-center', 'zero-center'], ['standardize', 'standardize'], ['none', 'none']], 'zero-center');
  const trainSizeI = number('', { min: 1, placeholder: 'default' });
  const valSizeI = number('', { min: 1, placeholder: 'default' });
  const strategyI = select([['random', 'random (Bergstra & Bengio 2012)'], ['grid', 'grid'], ['sobol', 'Sobol (quasi-random)']], 'random');
  const trialsI = number(isComparison ? '16' : '20', { min: 1, max: 10000 });
  const gridI = number('3', { min: 1, max: 100 });
  const budgetI = number('16', { min: 2, max: 2000 });
  const epochsI = number('20', { min: 1, max: 1000 });
  const seedI = number('', { min: 0, placeholder: 'random' });
  const lr = range('space.learningRate', 'Learning rate', '1e-3', '1', true);
  const reg = range('space.regularization', 'Regularisation λ (L2)', '1e-5', '1e-1', true);
  const hiddenI = text('64', { placeholder: 'e.g. 64  or  256; 512,256' });
  const act = checks('space.activation', 'Activations', ACTIVATIONS, ['relu'], 'Tick several to search over them; none = the default (relu).');
  const init = checks('space.weightInit', 'Weight initialisation', INITS, ['he'], 'He for ReLU, Xavier for tanh.');
  const opt = checks('space.optimizer', 'Optimisers', OPTIMIZERS, ['sgd_momentum']);
  const bnI = select([['false', 'off'], ['true', 'on'], ['both', 'try both']], 'false');
  const batchI = text('64', { placeholder: 'e.g. 64  or  64, 128' });
  const gapI = text('0.1', { inputmode: 'decimal' });
  const sanityI = h('input', { type: 'checkbox', checked: !isComparison });
  const refineOn = h('input', { type: 'checkbox', 'data-testid': 'refine-enabled' });
  const rStagesI = number('2', { min: 1, max: 5 });
  const rTopI = number('5', { min: 1 });
  const rTrialsI = number('10', { min: 1 });
  const rGridI = number('3', { min: 1, max: 100 });
  const rEpochsI = number('40', { min: 1, max: 1000 });
  const jsonI = h('textarea', { rows: 18, spellcheck: false, class: 'mono', id: 'f-json', 'data-testid': 'spec-json' });
  const jsonNote = h('small', { class: 'hint' });
  const submitB = h('button', { type: 'submit', class: 'button primary', 'data-testid': 'submit' }, isComparison ? 'Start comparison' : 'Start search');
  const status = h('span', { class: 'muted', role: 'status' });

  const trialsBox = field('trials', 'Trials', trialsI, 'Trials in the first (coarse) stage.');
  const gridBox = field('gridPoints', 'Grid points', gridI, 'Values per continuous parameter; lists add all their values.');
  const refineBox = h('fieldset', { class: 'field refine', 'data-testid': 'group-refine' },
    h('legend', {}, h('label', { class: 'inline' }, refineOn, ' Coarse → fine refinement')),
    h('div', { class: 'row' },
      field('refine.stages', 'Stages', rStagesI),
      field('refine.topK', 'Top K', rTopI),
      field('refine.trials', 'Trials/stage', rTrialsI),
      field('refine.gridPoints', 'Grid points/stage', rGridI),
      field('refine.epochs', 'Epochs/stage', rEpochsI)),
    h('small', { class: 'hint' }, 'Stages counts the coarse one. Each fine stage searches narrower (or moved) ranges around the top K trials of the stage before, with its own trials and epochs.'));
  refineBox.append(slot('refine', rStagesI, refineBox));

  const form = h('form', { class: 'spec-form', novalidate: true, 'data-testid': `${kind}-form`, 'aria-label': isComparison ? 'Start a comparison' : 'Start a search', onsubmit: submit, oninput: onChange, onchange: onChange },
    general,
    h('div', { class: 'form-grid' },
      h('section', { class: 'panel' },
        h('h2', {}, 'Job'),
        field('name', 'Name', nameI),
        field('dataset.name', 'Dataset', datasetI), datasetInfo,
        h('div', { class: 'row' },
          field('dataset.preprocessing', 'Preprocessing', preI),
          field('dataset.trainSize', 'Training examples', trainSizeI),
          field('dataset.validationSize', 'Validation examples', valSizeI)),
        isComparison ? field('budget', 'Budget (trials per strategy)', budgetI, 'Random runs this many trials; the grid gets the largest grid that fits.') : field('strategy', 'Strategy', strategyI),
        h('div', { class: 'row' },
          isComparison ? null : trialsBox, isComparison ? null : gridBox,
          field('epochs', 'Epochs', epochsI, 'Few epochs for a coarse stage.'),
          field('seed', 'Seed', seedI)),
        h('div', { class: 'row' },
          field('overfitGap', 'Overfit gap', gapI, 'Train − validation accuracy above this marks a trial as overfit.'),
          h('div', { class: 'field' }, h('label', { class: 'inline', for: 'f-sanityChecks' }, sanityI, ' Run sanity checks first'), slot('sanityChecks', sanityI, null))),
        isComparison ? null : refineBox),
      h('section', { class: 'panel' },
        h('h2', {}, 'Search space'),
        lr.box, reg.box,
        field('space.hiddenLayers', 'Hidden layers', hiddenI, 'Widths separated by commas; several architectures separated by “;”. Empty = linear classifier.'),
        act.box, init.box, opt.box,
        h('div', { class: 'row' },
          field('space.batchNorm', 'Batch normalisation', bnI),
          field('space.batchSize', 'Batch size', batchI, 'One value or a list.')))),
    h('section', { class: 'panel' },
      h('details', {},
        h('summary', {}, 'Advanced: the JSON spec that will be sent'),
        h('label', { for: 'f-json', class: 'sr-only' }, 'Spec JSON'),
        jsonI, jsonNote,
        h('div', {}, h('button', { type: 'button', class: 'button', onclick: () => { custom = false; onChange(); } }, 'Rebuild from the fields')))),
    h('div', { class: 'form-actions' }, submitB, status));
  sanityI.id = 'f-sanityChecks';
  sanityI.dataset.testid = 'input-sanityChecks';
  jsonI.addEventListener('input', e => { e.stopPropagation(); custom = true; jsonNote.textContent = 'Edited by hand: this JSON is sent as written (the fields above are ignored).'; });

  root.append(
    h('div', { class: 'page-head' }, h('div', {},
      h('h1', {}, isComparison ? 'Start a comparison: random vs grid' : 'Start a search'),
      h('p', { class: 'muted' }, isComparison
        ? 'Runs a random and a grid search over the same space, data split, seed and trial budget.'
        : 'Sample hyperparameters (learning rate and λ on log scale), train one network per trial, keep the best on validation accuracy.'))),
    form);

  loadDatasets();
  onChange();

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

  function onChange(e) {
    if (e?.target === jsonI) return;
    const grid = !isComparison && strategyI.value === 'grid';
    trialsBox.hidden = grid;
    gridBox.hidden = !grid;
    for (const [k, i] of [['refine.trials', rTrialsI], ['refine.gridPoints', rGridI]]) i.closest('.field').hidden = (k === 'refine.gridPoints') !== grid;
    for (const i of refineBox.querySelectorAll('.row input')) i.disabled = !refineOn.checked;
    if (!custom) { jsonI.value = JSON.stringify(build(), null, 2); jsonNote.textContent = 'Built from the fields above; edit it to send something else.'; }
  }

  function build() {
    const spec = { name: nameI.value };
    if (seedI.value !== '') spec.seed = numeric(seedI.value);
    spec.dataset = { name: datasetI.value, preprocessing: preI.value };
    if (trainSizeI.value !== '') spec.dataset.trainSize = numeric(trainSizeI.value);
    if (valSizeI.value !== '') spec.dataset.validationSize = numeric(valSizeI.value);
    if (isComparison) spec.budget = numeric(budgetI.value);
    else {
      spec.strategy = strategyI.value;
      if (strategyI.value === 'grid') spec.gridPoints = numeric(gridI.value);
      else spec.trials = numeric(trialsI.value);
    }
    spec.epochs = numeric(epochsI.value);
    spec.overfitGap = numeric(gapI.value);
    spec.sanityChecks = sanityI.checked;
    const space = { learningRate: lr.get(), regularization: reg.get() };
    const layers = parseLayers(hiddenI.value);
    if (layers !== undefined) space.hiddenLayers = layers;
    for (const [k, c] of [['activation', act], ['weightInit', init], ['optimizer', opt]]) {
      const v = c.get();
      if (v.length === 1) space[k] = v[0];
      else if (v.length > 1) space[k] = { values: v };
    }
    if (bnI.value === 'both') space.batchNorm = { values: [false, true] };
    else space.batchNorm = bnI.value === 'true';
    const batches = batchI.value.split(/[\s,;]+/).filter(Boolean).map(numeric);
    if (batches.length === 1) space.batchSize = batches[0];
    else if (batches.length > 1) space.batchSize = { values: batches };
    spec.space = space;
    if (!isComparison && refineOn.checked) {
      spec.refine = { stages: numeric(rStagesI.value), topK: numeric(rTopI.value), epochs: numeric(rEpochsI.value) };
      if (strategyI.value === 'grid') spec.refine.gridPoints = numeric(rGridI.value);
      else spec.refine.trials = numeric(rTrialsI.value);
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
    for (const s of slots.values()) {
      s.el.hidden = true;
      s.el.replaceChildren();
      s.input?.removeAttribute('aria-invalid');
      s.box?.classList.remove('has-error');
    }
  }

  /** The slot for an error key: the key itself, else its parents (…values[1] → …values → …). */
  function findSlot(key) {
    const aliases = { dataset: 'dataset.name' };
    let k = aliases[key] ?? key;
    while (k) {
      const s = slots.get(k);
      if (s && isVisible(s.el)) return s;
      const next = k.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
      if (next === k) break;
      k = next;
    }
    return null;
  }

  function isVisible(el) {
    for (let n = el.parentElement; n; n = n.parentElement) if (n.hidden) return false;
    return true;
  }

  function showErrors(errors) {
    const unplaced = [];
    let first = null;
    for (const [key, messages] of Object.entries(errors)) {
      const s = findSlot(key);
      if (!s) { unplaced.push([key, messages]); continue; }
      s.el.hidden = false;
      for (const m of messages) s.el.append(h('span', { class: 'block' }, m));
      s.input?.setAttribute('aria-invalid', 'true');
      s.box?.classList.add('has-error');
      first ??= s.input ?? s.el;
    }
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

  return null;
}

/** "1e-4" → 0.0001; anything that is not a number goes to the API as written, so it names the field. */
function numeric(s) {
  const t = String(s).trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** "64" → [64]; "256; 512,256" → { values: [[256], [512, 256]] }; "" → [] (linear classifier). */
function parseLayers(s) {
  const archs = s.split(/[;|]/).map(a => a.trim()).filter((a, i, all) => a !== '' || all.length === 1);
  if (archs.length === 1 && archs[0] === '') return [];
  const parsed = archs.map(a => a.split(/[\s,x×]+/).filter(Boolean).map(numeric));
  return parsed.length === 1 ? parsed[0] : { values: parsed };
}
