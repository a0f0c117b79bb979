// The focused trial's diagnosis (labels with their evidence, docs/dashboard.md#diagnosis-labels) and the
// sanity checks of its network (its architecture's entry in the search's checks).
import { h, num, pct } from '../../util.js';

export const LABEL_NOTES = {
  'lr-too-high': 'the loss exploded or units died: lower the learning rate',
  'lr-too-low': 'the loss barely moved: raise the learning rate',
  'init-collapse': 'activations vanish layer by layer at initialisation: use Xavier/He init or batch norm',
  'saturated': 'tanh/sigmoid units stuck at ±1: gradients vanish there',
  'overfit': 'training accuracy far above validation: more regularisation or data',
  'underfit': 'no gap and low accuracy: a bigger model or less regularisation',
};

/** A trial's labels as chips (the table's Diagnosis column). */
export function labelChips(labels) {
  if (!labels || labels.length === 0) return h('span', { class: 'muted' }, '—');
  return labels.map(l => h('span', { class: `tag-label label-${l.label}`, 'data-testid': 'trial-label', title: l.evidence }, l.label));
}

export function diagnosisList(labels) {
  if (!labels || labels.length === 0) return h('p', { class: 'muted small', 'data-testid': 'trial-diagnosis' }, 'Diagnosis: nothing flagged.');
  return h('div', { 'data-testid': 'trial-diagnosis' },
    h('strong', {}, 'Diagnosis'),
    h('ul', { class: 'diagnosis' }, labels.map(l => h('li', {},
      h('span', { class: `tag-label label-${l.label}` }, l.label), ' ', h('span', {}, l.evidence),
      LABEL_NOTES[l.label] ? h('span', { class: 'muted small' }, ` — ${LABEL_NOTES[l.label]}`) : null))));
}

/** "Network 128-64 relu he: sanity checks ✓ passed (initial loss 1.099 ≈ ln C 1.099; 20 examples → 100 %)". */
export function architectureChecks(detail) {
  if (!detail.architecture) return null;
  const sc = detail.sanityChecks;
  if (!sc) return h('p', { class: 'small muted', 'data-testid': 'trial-sanity' }, `Network ${detail.architecture}: no sanity checks ran for it.`);
  const il = sc.initialLoss, os = sc.overfitSmallSubset;
  return h('p', { class: 'small', 'data-testid': 'trial-sanity' }, `Network ${detail.architecture}: sanity checks `,
    h('span', { class: sc.passed ? 'pass' : 'fail' }, sc.passed ? '✓ passed' : '✗ failed'),
    sc.error ? ` (${sc.error})` : ` (initial loss ${num(il.loss, 3)} vs ln C ${num(il.expected, 3)}; ${os.examples} examples → ${pct(os.trainAccuracy)} in ${os.steps} steps)`);
}
