// "Sanity checks": the lecture's checks before stage 1 (initial loss ≈ ln C and rising with λ; overfit a tiny subset).
import { h, fill, panel, pct, num, isActive, errorBox } from '../../util.js';

export function sanityChecks() {
  const box = h('div', { 'data-testid': 'sanity' });
  const el = panel('Sanity checks', 'sanity-section',
    h('p', { class: 'muted small' }, 'Before stage 1: the initial loss should be ≈ ln(C) and rise with regularisation; the network must be able to overfit a tiny subset.'),
    box);

  function render(search) {
    const sc = search.sanityChecks;
    const on = search.spec?.sanityChecks !== false;
    if (!on) { box.replaceChildren(h('p', { class: 'muted' }, 'Sanity checks were turned off for this search.')); return; }
    if (!sc) { box.replaceChildren(h('p', { class: 'muted', 'data-testid': 'sanity-pending' }, isActive(search.status) ? 'Running before stage 1…' : 'No sanity-check results were recorded.')); return; }
    const ok = v => h('span', { class: v ? 'pass' : 'fail' }, v ? '✓ passed' : '✗ failed');
    const il = sc.initialLoss, os = sc.overfitSmallSubset;
    fill(box,
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

  return { el, render };
}
