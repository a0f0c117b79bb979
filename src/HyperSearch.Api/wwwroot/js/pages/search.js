// One search: header and cards, stage ranges, ASHA rungs, sanity checks, the two scatter plots,
// parameter importance beside parallel coordinates, the server-paged trial table, learning curves of
// the selected trials and the focused trial's per-layer diagnostics.
// Each part is a module under search/; this page lays them out and polls the API for all of them.
import { api, schema } from '../api.js';
import { h, isActive, errorBox } from '../util.js';
import { poller } from './poll.js';
import { searchSummary } from './search/summary.js';
import { stageRanges } from './search/stages.js';
import { rungView } from './search/rungs.js';
import { isAsha } from './search/scheduler.js';
import { sanityChecks } from './search/sanity.js';
import { scatterPlots } from './search/scatter.js';
import { importanceView } from './search/importance.js';
import { trialTable } from './search/trials.js';
import { trialDetail } from './search/detail.js';

export function searchPage(root, id) {
  let search = null;
  const err = h('div');
  const showError = message => err.replaceChildren(errorBox(message));
  // The parts call these only on user events, after the poller below exists.
  const signal = () => p.signal;

  const summary = searchSummary(cancel, showError);
  const stages = stageRanges();
  const rungs = rungView();
  const sanity = sanityChecks();
  const detail = trialDetail({ signal, onError: showError, onSelection: () => table.mark() });
  const table = trialTable(id, { selection: detail, bestId: () => search?.bestTrial?.id, signal, onError: showError });
  const scatter = scatterPlots(id, detail.inspect);
  const importance = importanceView(id, detail.inspect);

  root.append(err, summary.head, summary.cards, stages.el, rungs.el, sanity.el, scatter.el, scatter.note, importance.el, table.el, detail.el);
  schema().then(s => { table.setStatuses(s.trialStatuses); table.setLabels(s.diagnosisLabels); }, e => showError(`Could not load the trial statuses: ${e.message}`));

  const p = poller(async pollSignal => {
    search = await api.get(`/api/searches/${id}`, pollSignal);
    err.replaceChildren();
    summary.render(search);
    table.setStageCount(search.stageCount);
    table.setAsha(search.stages.some(st => isAsha(st.scheduler)));
    stages.render(search);
    rungs.render(search);
    sanity.render(search);
    await table.load(pollSignal);
    const points = await scatter.refresh(search, pollSignal);
    if (points) await importance.refresh(search, points, pollSignal);
    await detail.refresh(pollSignal);
    return isActive(search.status);
  }, 1500, e => showError(e.status === 404 ? `No search has id ${id}.` : `Could not load the search: ${e.message}`));

  async function cancel() {
    if (!confirm('Cancel this search? Running trials stop at their next batch.')) return;
    try { await api.post(`/api/searches/${id}/cancel`); } catch (e) { showError(`Cancel failed: ${e.message}`); }
    p.kick();
  }

  return () => p.stop();
}
