// "Sanity checks": the lecture's checks before stage 1 (initial loss ≈ ln C and rising with λ; overfit a tiny
// subset), one card pair per distinct network of stage 1; with "gate" a failure ended the search before stage 1.
import { h, fill, panel, pct, num, isActive, errorBox } from '../../util.js';

export function sanityChecks() {
  const box = h('div', { 'data-testid': 'sanity' });
  const el = panel('Sanity checks', 'sanity-section',
    h('p', { class: 'muted small' }, 'Before stage 1, for every distinct network of the stage: the initial loss should be ≈ ln(C) and rise with regularisation; the network must be able to overfit a tiny subset.'),
    box);

  function render(search) {
    const sc = search.sanityChecks;
    const on = search.spec?.sanityChecks !== false;
    if (!on) { box.replaceChildren(h('p', { class: 'muted' }, 'Sanity checks were turned off for this search.')); return; }
    if (!sc) { box.replaceChildren(h('p', { class: 'muted', 'data-testid': 'sanity-pending' }, isActive(search.status) ? 'Running before stage 1…' : 'No sanity-check results were recorded.')); return; }
    const n = sc.architectures.length;
    fill(box,
      h('p', {}, h('strong', { 'data-testid': 'sanity-overall' }, sc.passed ? '✓ All checks passed' : '✗ A check failed'),
        ` · ${n} network${n === 1 ? '' : 's'} checked`, sc.unchecked > 0 ? ` (${sc.unchecked} more not checked)` : '',
        sc.gate ? h('span', { class: 'badge', 'data-testid': 'sanity-gate', title: 'A failure stops the search before stage 1' }, 'gate') : null),
      sc.gate && !sc.passed ? h('p', { class: 'fail', 'data-testid': 'sanity-gate-stopped' }, 'The gate stopped this search before stage 1.') : null,
      ...sc.architectures.map(architectureCards));
  }

  return { el, render };
}

function architectureCards(a) {
  const ok = v => h('span', { class: v ? 'pass' : 'fail' }, v ? '✓ passed' : '✗ failed');
  const il = a.initialLoss, os = a.overfitSmallSubset;
  return h('div', { class: 'sanity-network', 'data-testid': 'sanity-network', 'data-architecture': a.architecture },
    h('p', { class: 'small' }, h('strong', {}, `Network ${a.architecture}`), ' ', ok(a.passed)),
    a.error ? errorBox(a.error) : null,
    h('div', { class: 'sanity-grid' },
      h('div', { class: 'card', 'data-testid': 'sanity-initial-loss' },
        h('div', { class: 'card-title' }, 'Initial loss ', ok(il.passed)),
        h('dl', {},
          h('dt', {}, 'loss (λ = 0)'), h('dd', {}, num(il.loss, 4)),
          h('dt', {}, 'expected ln C'), h('dd', {}, num(il.expected, 4)),
          h('dt', {}, `loss with λ = ${num(il.regularization)}`), h('dd', {}, num(il.lossWithRegularization, 4)),
          h('dt', {}, 'rises with regularisation'), h('dd', {}, il.risesWithRegularization ? 'yes' : 'no'))),
      h('div', { class: 'card', 'data-testid': 'sanity-overfit' },
        h('div', { class: 'card-title' }, 'Overfit a small subset ', ok(os.passed)),
        h('dl', {},
          h('dt', {}, 'examples'), h('dd', {}, os.examples),
          h('dt', {}, 'steps'), h('dd', {}, os.steps),
          h('dt', {}, 'final loss'), h('dd', {}, num(os.finalLoss, 4)),
          h('dt', {}, 'training accuracy'), h('dd', {}, pct(os.trainAccuracy))))));
}
