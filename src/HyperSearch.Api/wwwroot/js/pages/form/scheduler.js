// The Scheduler field: which scheduler stops or pauses trials early (the kinds are the schema's
// `schedulers`), and that kind's settings. Error slots are keyed like the spec (scheduler.reduction, or
// arms[0].scheduler.reduction for a comparison arm's own scheduler), so the API's 400 messages land
// under the input that caused them.
import { h } from '../../util.js';
import { numeric } from './parse.js';

const ABOUT = {
  none: 'Every trial trains all its epochs.',
  asha: 'Asynchronous successive halving: trials train to a rung (min epochs × η^k), wait there, and only the best 1/η of each rung go on; the rest are pruned. Cheap trials weed out bad configurations early.',
  median: 'Median stopping: a trial whose validation accuracy is below the median of the other trials at the same epoch is pruned.',
};

/**
 * `kinds` are the schema's scheduler kinds ("none" first) and `settings` its schedulerSettings (each
 * kind's settings with the server's defaults and bounds; a default is only a placeholder: a setting left
 * empty is not sent and the server's own default applies). value() → the spec's "scheduler", or
 * undefined for none (left out of the spec). `key` is the spec path the editor writes (its error keys and
 * test ids follow it: group-scheduler, input-scheduler.kind), `initial` the kind it starts on.
 */
export function schedulerEditor(kit, kinds, settingsByKind, { key = 'scheduler', legend = 'Scheduler', initial = 'none' } = {}) {
  const start = kinds.includes(initial) ? initial : 'none';
  const kind = h('select', {}, kinds.map(k => h('option', { value: k, selected: k === start }, k)));
  const about = h('small', { class: 'hint', 'data-testid': `${key}-about` });
  const inputs = new Map(); // kind → [{ key, input, box }]
  const rows = [];
  for (const k of kinds) {
    const settings = settingsByKind?.[k] ?? [];
    if (settings.length === 0) continue;
    const fields = settings.map(s => {
      const input = h('input', { type: 'number', step: 1, min: s.min, max: s.max, placeholder: s.default ?? '' });
      return { key: s.name, input, box: kit.field(`${key}.${s.name}`, s.label, input, s.description) };
    });
    inputs.set(k, fields);
    rows.push(h('div', { class: 'row', 'data-kind': k, hidden: true }, fields.map(f => f.box)));
  }
  const box = h('fieldset', { class: 'field scheduler', 'data-testid': `group-${key}` },
    h('legend', {}, legend),
    kit.field(`${key}.kind`, 'Kind', kind, null), about, ...rows);
  box.append(kit.slot(key, kind, box));

  /** Shows the chosen kind's settings; `epochs` (the epochs field's text) is maxEpochs' placeholder. */
  function sync(epochs) {
    for (const r of rows) r.hidden = r.dataset.kind !== kind.value;
    about.textContent = ABOUT[kind.value] ?? '';
    const max = setting('asha', 'maxEpochs');
    if (max) max.placeholder = epochs ? `= epochs (${epochs})` : '= epochs';
  }

  function setting(k, key) {
    return inputs.get(k)?.find(f => f.key === key)?.input ?? null;
  }

  function value() {
    if (kind.value === 'none') return undefined;
    const spec = { kind: kind.value };
    for (const f of inputs.get(kind.value) ?? []) if (f.input.value.trim() !== '') spec[f.key] = numeric(f.input.value);
    return spec;
  }

  return { box, sync, value };
}
