// A stage's scheduler (stages[i].scheduler of GET /api/searches/{id}, canonical JSON) as text, and
// ASHA's rung milestones. Shared by the stage table and the rung view.

/** {"kind":"asha","minEpochs":1,"maxEpochs":9,"reduction":3} → "ASHA: 1 → 9 epochs, keeps 1/3 per rung". */
export function describeScheduler(s) {
  if (!s || s.kind === 'none') return 'none: every trial trains all its epochs';
  if (s.kind === 'asha') return `ASHA: ${s.minEpochs} → ${s.maxEpochs} epochs, keeps 1/${s.reduction} per rung`;
  if (s.kind === 'median') return `median stopping from epoch ${s.warmupEpochs}, once ${s.minTrials} other trial${s.minTrials === 1 ? ' has' : 's have'} reached it`;
  // A kind this dashboard does not know yet: its JSON, so nothing is hidden.
  return JSON.stringify(s).replaceAll(',', ', ').replaceAll('"', '');
}

export const isAsha = s => s?.kind === 'asha';

/**
 * The epochs at the end of each rung: minEpochs·reduction^k while ≤ maxEpochs, then maxEpochs itself
 * (the server's AshaRungs rule). The API lists only the rungs some trial has finished; this lets the
 * view show the rungs still ahead (with nobody there yet) and the top one, where promoted trials complete.
 */
export function ashaMilestones({ minEpochs, maxEpochs, reduction }) {
  const out = [];
  // reduction ≥ 2 on any spec the API accepted; the guard keeps a malformed one from looping forever.
  for (let e = minEpochs; e <= maxEpochs && out.length < 64; e *= Math.max(2, reduction)) out.push(e);
  if (out.at(-1) !== maxEpochs) out.push(maxEpochs);
  return out;
}
