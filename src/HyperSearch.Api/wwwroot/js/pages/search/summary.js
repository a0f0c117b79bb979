// The search page's header (name, status, cancel) and its cards (progress, best trial, test accuracy, gap, time).
import { h, pct, num, secs, when, badge, progressBar, isActive, finishedTrials, architecture, errorBox } from '../../util.js';
import { download } from '../../api.js';

/**
 * `onCancel` runs when the user confirms the cancel button of a queued or running search; `onError`
 * gets the message of a download that failed.
 */
export function searchSummary(onCancel, onError = () => {}) {
  const head = h('div', { class: 'page-head' });
  const cards = h('div', { class: 'cards' });

  function render(s) {
    const finished = finishedTrials(s.progress);
    head.replaceChildren(
      h('div', {},
        h('h1', { 'data-testid': 'search-name' }, s.name, ' ', badge(s.status)),
        h('p', { class: 'muted' }, `${s.strategy} search on ${s.dataset} · seed ${s.seed} · ${s.stageCount} stage${s.stageCount > 1 ? 's' : ''} · created ${when(s.createdAt)}`,
          s.comparisonId ? [' · part of a ', h('a', { href: `#/comparisons/${s.comparisonId}` }, 'comparison')] : null,
          s.owner ? h('span', { 'data-testid': 'search-owner' }, ` · owner ${s.owner}`) : null)),
      h('div', { class: 'actions' },
        isActive(s.status) ? h('button', { type: 'button', class: 'button danger', 'data-testid': 'cancel-search', onclick: onCancel }, 'Cancel search') : null,
        downloadButton('Download CSV', 'download-csv', `/api/searches/${s.id}/trials.csv`, `search-${s.id}-trials.csv`, 'text/csv', 'every trial, one row each'),
        downloadButton('JSON lines', 'download-jsonl', `/api/searches/${s.id}/trials/export?format=json`, `search-${s.id}-trials.jsonl`, 'application/x-ndjson', 'every trial, one JSON object per line'),
        downloadButton('JSON', 'download-json', `/api/searches/${s.id}`, `search-${s.id}.json`, 'application/json', 'this search as the API answers it')));
    if (s.error) head.append(errorBox(s.error));
    const best = s.bestTrial;
    cards.replaceChildren(
      card('Progress', progressBar(s.progress), `stage ${s.currentStage} of ${s.stageCount} · ${s.progress.completed} completed, ${s.progress.diverged} diverged, ${s.progress.failed} failed`,
        schedulerCounts(s)),
      card('Best validation accuracy', h('span', { class: 'big', 'data-testid': 'best-accuracy' }, pct(best?.validationAccuracy)),
        best ? `trial #${best.index} (stage ${best.stage}) · lr ${num(best.hyperparameters.learningRate)}, λ ${num(best.hyperparameters.regularization)}, ${architecture(best.hyperparameters)}` : 'no finished trial yet',
        best ? edgeWarnings(s, best) : null),
      card('Test accuracy', h('span', { class: 'big', 'data-testid': 'test-accuracy' }, pct(s.testAccuracy)), 'the best trial on the held-out test set, once, after the search'),
      card('Overfit gap', h('span', { class: 'big' }, pct(s.overfitGap, 0)), 'a trial overfits when train − validation accuracy exceeds this'),
      card('Wall time', h('span', { class: 'big' }, secs(s.wallSeconds)), s.completedAt ? `finished ${when(s.completedAt)}` : `${finished} of ${s.progress.total} trials finished`));
  }

  // Buttons, not links: the request must carry the key in its header (api.js download).
  function downloadButton(label, testId, url, name, accept, title) {
    return h('button', {
      type: 'button', class: 'button', 'data-testid': testId, title,
      onclick: async e => {
        const button = e.currentTarget;
        button.disabled = true;
        try { await download(url, name, accept); } catch (err) { onError(`Download failed: ${err.message}`); } finally { button.disabled = false; }
      },
    }, label);
  }

  return { head, cards, render };
}

/**
 * Paused and pruned counts, for a search with a scheduler (the others need not show zeros). Only ASHA
 * pauses trials at its rungs; median stopping prunes them outright.
 */
function schedulerCounts(s) {
  const kinds = new Set(s.stages.map(st => st.scheduler?.kind ?? 'none'));
  const paused = s.progress.paused ?? 0, pruned = s.progress.pruned ?? 0;
  if (![...kinds].some(k => k !== 'none') && paused === 0 && pruned === 0) return null;
  const showPaused = kinds.has('asha') || paused > 0;
  return h('div', { class: 'card-note', 'data-testid': 'progress-scheduler' },
    showPaused ? [h('span', { class: 'count-paused', 'data-testid': 'progress-paused' }, `${paused} paused`), ' (waiting at a rung) · '] : null,
    h('span', { class: 'count-pruned', 'data-testid': 'progress-pruned' }, `${pruned} pruned`), ' (stopped early by the scheduler)');
}

function card(title, value, note, extra) {
  return h('div', { class: 'card' }, h('div', { class: 'card-title' }, title), h('div', { class: 'card-value' }, value), note ? h('div', { class: 'card-note' }, note) : null, extra);
}

/** The lecture's warning: a best value at the edge of its (last stage's) range means the range should move. */
function edgeWarnings(search, best) {
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
