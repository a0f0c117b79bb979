// The comparison form's optional extra arm: random and grid always run; one more arm (a sampling
// strategy with its own scheduler, e.g. random + ASHA) can join them on the same space, split, seed and
// compute budget. Its inputs are keyed arms[0].name, arms[0].strategy, arms[0].scheduler.… like the
// spec, so the API's errors for the arm land under them.
import { h } from '../../util.js';
import { schedulerEditor } from './scheduler.js';

const KEY = 'arms[0]';

/**
 * `schema` is GET /api/schema. value() → the spec's "arms" ([{ name?, strategy, scheduler? }]) once the
 * arm has been added, undefined before (no "arms" in the spec: a plain random-vs-grid comparison).
 */
export function armEditor(kit, schema, onToggle) {
  let added = false;
  // Grid already runs as the comparison's second arm; an added arm samples (random, sobol or tpe).
  const strategies = schema.strategies.filter(s => s !== 'grid');
  const nameI = h('input', { type: 'text', autocomplete: 'off', maxlength: 60, placeholder: 'e.g. random+asha' });
  const strategyI = h('select', {}, strategies.map(s => h('option', { value: s }, s)));
  // The point of an extra arm is usually a scheduler that spends the budget differently: start on ASHA.
  const scheduler = schedulerEditor(kit, schema.schedulers, schema.schedulerSettings, { key: `${KEY}.scheduler`, legend: 'Its scheduler', initial: 'asha' });
  const addB = h('button', { type: 'button', class: 'button', 'data-testid': 'add-arm', onclick: () => toggle(true) }, 'Add an arm');
  const removeB = h('button', { type: 'button', class: 'button', 'data-testid': 'remove-arm', onclick: () => toggle(false) }, 'Remove the arm');
  const inputs = h('div', { class: 'arm-inputs', 'data-testid': 'arm-inputs', hidden: true },
    h('div', { class: 'row' },
      kit.field(`${KEY}.strategy`, 'Strategy', strategyI, 'How it samples the space.'),
      kit.field(`${KEY}.name`, 'Name', nameI, 'Optional: by default the server names it after its strategy and scheduler.')),
    scheduler.box,
    removeB);
  const box = h('fieldset', { class: 'field arm', 'data-testid': 'group-arms' },
    h('legend', {}, 'Another arm (optional)'),
    h('small', { class: 'hint' }, 'Random and grid always run. One more arm gets the same space, split, seed and compute budget counted in epochs (random\'s budget × epochs): an ASHA arm starts as many configurations as that buys.'),
    addB, inputs);
  // Errors about the arm as a whole (arms, arms[0]) go on the group.
  box.append(kit.slot(KEY, strategyI, box), kit.slot('arms', null, box));

  function toggle(on) {
    added = on;
    inputs.hidden = !on;
    addB.hidden = on;
    box.classList.toggle('is-set', on);
    onToggle?.();
    (on ? strategyI : addB).focus();
  }

  /** `epochs` (the comparison's epochs as text) is the arm's maxEpochs placeholder: every arm trains to them. */
  function sync(epochs) {
    scheduler.sync(epochs);
  }

  function value() {
    if (!added) return undefined;
    const arm = {};
    if (nameI.value.trim() !== '') arm.name = nameI.value.trim();
    arm.strategy = strategyI.value;
    const sched = scheduler.value();
    if (sched) arm.scheduler = sched;
    return [arm];
  }

  return { box, sync, value };
}
