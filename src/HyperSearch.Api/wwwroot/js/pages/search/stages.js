// "Stage ranges": one column per stage with the space it sampled from; cells that changed are marked.
import { h, panel, progressBar, describeParam } from '../../util.js';
import { describeScheduler } from './scheduler.js';

export function stageRanges() {
  const wrap = h('div', { class: 'table-wrap' });
  const el = panel('Stage ranges', 'stages',
    h('p', { class: 'muted small' }, 'Coarse → fine: each later stage searches the ranges derived from the best trials of the stage before it (longer runs, narrower or moved ranges).'),
    wrap);

  function render(search) {
    const st = search.stages;
    const params = [];
    for (const s of st) for (const k of Object.keys(s.space)) if (!params.includes(k)) params.push(k);
    const changed = (k, i) => i > 0 && JSON.stringify(st[i].space[k]) !== JSON.stringify(st[i - 1].space[k]);
    wrap.replaceChildren(h('table', { class: 'data compact', 'data-testid': 'stages-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Parameter'), st.map(s => h('th', { scope: 'col' }, `Stage ${s.stage}: ${s.trials} trials × ${s.scheduler?.kind === 'asha' ? 'up to ' : ''}${s.epochs} epochs`)))),
      h('tbody', {},
        params.map(k => h('tr', {}, h('th', { scope: 'row' }, k), st.map((s, i) => h('td', { class: changed(k, i) ? 'changed' : null, title: changed(k, i) ? 'changed from the previous stage' : null }, k in s.space ? describeParam(s.space[k]) : '(default)')))),
        h('tr', { 'data-testid': 'stage-strategy' }, h('th', { scope: 'row' }, 'strategy'), st.map(s => h('td', { title: s.added ? 'added after the submit (POST /api/searches/{id}/stages)' : null }, `${s.strategy}${s.added ? ' (added)' : ''}`))),
        h('tr', { 'data-testid': 'stage-scheduler' }, h('th', { scope: 'row' }, 'scheduler'), st.map(s => h('td', { title: JSON.stringify(s.scheduler ?? { kind: 'none' }) }, describeScheduler(s.scheduler)))),
        h('tr', {}, h('th', { scope: 'row' }, 'progress'), st.map(s => h('td', {}, progressBar(s.progress)))),
        search.stageCount > st.length ? h('tr', {}, h('td', { colspan: st.length + 1, class: 'muted small' }, `${search.stageCount - st.length} more stage(s) will be planned (from the best trials, or an added stage's own space) when stage ${st.length} finishes.`)) : null)));
  }

  return { el, render };
}
