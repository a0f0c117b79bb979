// "Successive halving (ASHA)": for every stage with an ASHA scheduler, its rungs — the epochs at each,
// how many configurations reached it and how many went on — as a table and a stacked bar chart.
import { h, fill, panel } from '../../util.js';
import { rungBars } from '../../charts.js';
import { ashaMilestones, describeScheduler, isAsha } from './scheduler.js';

export function rungView() {
  const body = h('div');
  const blocks = new Map(); // stage → its block, kept across polls so the table and chart update in place
  const el = panel('Successive halving (ASHA)', 'rungs',
    h('p', { class: 'muted small' }, 'Every configuration trains to the first rung; at each rung only the best 1/η of those that reached it go on, training η times longer, up to the stage\'s max epochs. The rest wait at the rung (later, worse arrivals can still let them through) and are pruned when the stage settles.'),
    body);
  el.hidden = true;

  function render(search) {
    const stages = search.stages.filter(st => isAsha(st.scheduler));
    el.hidden = stages.length === 0;
    // Stages only get added (refined stages are planned later): re-attach the blocks only then.
    if (stages.some(st => !blocks.has(st.stage))) {
      for (const st of stages) if (!blocks.has(st.stage)) blocks.set(st.stage, stageBlock(st.stage));
      fill(body, stages.map(st => blocks.get(st.stage).el));
    }
    for (const st of stages) blocks.get(st.stage).render(st);
  }

  return { el, render };
}

/** One stage's heading, rung table and chart (the element exists before its first data). */
function stageBlock(stage) {
  const title = h('h3');
  const table = h('div', { class: 'table-wrap' });
  const canvas = h('canvas', { 'data-testid': 'chart-rungs', role: 'img', 'aria-label': `Configurations promoted and not promoted at each rung of stage ${stage}` });
  const box = h('div', { class: 'chart-box' }, canvas);
  const el = h('div', { class: 'rung-stage', 'data-testid': 'rung-stage', 'data-stage': stage }, title, h('div', { class: 'rung-grid' }, table, box));

  function render(st) {
    const rows = rungRows(st);
    const rest = restLabel(st);
    title.textContent = `Stage ${st.stage} · ${describeScheduler(st.scheduler)}`;
    fill(table, h('table', { class: 'data compact', 'data-testid': 'rungs-table' },
      h('thead', {}, h('tr', {}, ['Rung', 'Epochs', 'Reached', 'Promoted', cap(rest)].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
      h('tbody', {}, rows.map(r => r.top
        ? h('tr', { 'data-testid': 'rung-top', 'data-epochs': r.epochs, title: 'Trials promoted out of the last rung train to the stage\'s max epochs and complete.' },
          h('th', { scope: 'row' }, 'max'), h('td', { class: 'num', 'data-testid': 'rung-epochs' }, r.epochs),
          h('td', { class: 'num', 'data-testid': 'rung-reached' }, r.completed), h('td', { class: 'muted small', colspan: 2 }, 'completed'))
        : h('tr', { 'data-testid': 'rung-row', 'data-rung': r.rung, 'data-epochs': r.epochs },
          h('th', { scope: 'row' }, r.rung), h('td', { class: 'num', 'data-testid': 'rung-epochs' }, r.epochs),
          h('td', { class: 'num', 'data-testid': 'rung-reached' }, r.reached), h('td', { class: 'num', 'data-testid': 'rung-promoted' }, r.promoted),
          h('td', { class: 'num', 'data-testid': 'rung-rest' }, r.reached - r.promoted))))));
    // The box sizes to the rung count: a stage with two rungs should not get a 280-px chart.
    box.style.height = `${80 + 30 * rows.length}px`;
    rungBars(canvas, rows, rest);
  }

  return { el, render };
}

/**
 * One row per promotion rung (the API's counts; rungs nobody has finished yet show zeros) and one for
 * the top, where the trials promoted out of the last rung complete.
 */
function rungRows(st) {
  const milestones = ashaMilestones(st.scheduler);
  const byRung = new Map(st.rungs.map(r => [r.rung, r]));
  const last = Math.max(milestones.length - 2, ...st.rungs.map(r => r.rung));
  const rows = [];
  for (let k = 0; k <= last; k++) {
    const r = byRung.get(k);
    rows.push({ rung: k, epochs: r?.epochs ?? milestones[k], reached: r?.reached ?? 0, promoted: r?.promoted ?? 0 });
  }
  rows.push({ top: true, epochs: st.scheduler.maxEpochs, completed: st.progress.completed });
  return rows;
}

/**
 * What the configurations not promoted from a rung are. The API counts only reached and promoted per
 * rung; a trial that is not promoted waits (paused) until its stage settles, and then every waiting
 * trial of the stage is pruned at once — so the stage's progress tells which of the two they are.
 */
function restLabel(st) {
  if (st.progress.paused > 0) return 'waiting';
  if (st.progress.pruned > 0) return 'pruned';
  return 'not promoted'; // e.g. a cancelled stage: its waiting trials were cancelled, not pruned
}

const cap = s => s[0].toUpperCase() + s.slice(1);
