// Editors for the `space` entries of a spec, one per registry parameter (GET /api/schema). Each editor
// is { name, param, box, value(), selection() }:
//   value()     → the spec value to send, or undefined to leave the parameter out (its default applies);
//   selection() → what trials may use, { values: [...] } or { min, max }, for the conditions of others.
// The friendly editors (ranges, layers, checkboxes, batch norm) always send what they show; the
// generic ones ("More parameters") send only once the user set them.
import { h } from '../../util.js';
import { numeric, numericList, parseLayers, oneOrList } from './parse.js';
import { fid } from './fields.js';

const text = (value, attrs = {}) => h('input', { type: 'text', value, autocomplete: 'off', ...attrs });

/**
 * A number input carrying the parameter's hard limits as min/max. Only inclusive limits: the
 * attribute cannot say "exclusive", and the interval in the hint does.
 */
function numberFor(p, value) {
  return h('input', {
    type: 'number', value, step: p.kind === 'int' ? 1 : 'any',
    min: p.min !== null && !p.minExclusive ? p.min : null,
    max: p.max !== null && !p.maxExclusive ? p.max : null,
  });
}

/** A registry value as written in a spec, exactly (limits must not round: 4096 is not "4100"). */
const exact = v => v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential().replace('e+', 'e') : String(v);
const show = v => typeof v === 'number' ? exact(v) : typeof v === 'string' ? v : JSON.stringify(v);

/** "[0, 0.9]", "(0, 1]": the registry's hard limits of a numeric parameter. */
export function limits(p) {
  if (p.min === null && p.max === null) return '';
  return `${p.minExclusive ? '(' : '['}${p.min === null ? '−∞' : exact(p.min)}, ${p.max === null ? '∞' : exact(p.max)}${p.maxExclusive ? ')' : ']'}`;
}

/** "default 0.01 · limits [1e-7, 10]": the registry facts a hint adds to the description. */
function facts(p) {
  return [`default ${show(p.default)}`, limits(p) ? `limits ${limits(p)}` : null].filter(Boolean).join(' · ');
}

/** Does a parent's selection contain one of the values that activate a conditional parameter? */
export function activates(selection, values) {
  if ('min' in selection) return values.some(v => typeof v === 'number' && v >= selection.min && v <= selection.max);
  const chosen = new Set(selection.values.map(v => JSON.stringify(v)));
  return values.some(v => chosen.has(JSON.stringify(v)));
}

/** Min, max and a log-scale box (floats; the box starts ticked when the registry's scale is log). */
function rangeInputs(kit, key, p, min, max) {
  const minI = numberFor(p, min), maxI = numberFor(p, max);
  const logI = p.kind === 'float' ? h('input', { type: 'checkbox', checked: p.scale === 'log' }) : null;
  const row = h('div', { class: 'range-row' },
    kit.field(`${key}.min`, 'min', minI),
    kit.field(`${key}.max`, 'max', maxI),
    logI ? kit.toggle(`${key}.scale`, 'log scale', logI) : null);
  return {
    row, first: minI,
    get: () => ({ min: numeric(minI.value), max: numeric(maxI.value), scale: logI?.checked ? 'log' : 'linear' }),
  };
}

// ---- friendly editors (the form's own fields for the common parameters) --------------------------

/** A range that is always searched (learning rate, λ), starting at the form's suggestion. */
export function rangeEditor(kit, p, label, start) {
  const key = `space.${p.name}`;
  const r = rangeInputs(kit, key, p, start.min, start.max);
  const box = h('fieldset', { class: 'field range', 'data-testid': `group-${key}` },
    h('legend', {}, label), r.row,
    h('small', { class: 'hint' }, `${p.description} ${facts(p)}.`));
  box.append(kit.slot(key, r.first, box));
  return { name: p.name, param: p, box, value: r.get, selection: r.get };
}

/** Architectures as text: "64", "256; 512,256", "" = linear classifier. `disable(why)` leaves it out of the spec. */
export function layersEditor(kit, p, label, hint) {
  const input = text(p.default.join(', '), { placeholder: 'e.g. 64  or  256; 512,256' });
  const note = h('small', { class: 'hint', hidden: true });
  const box = kit.field(`space.${p.name}`, label, input, `${hint} ${p.description}`);
  box.append(note);
  return {
    name: p.name, param: p, box,
    value: () => input.disabled ? undefined : parseLayers(input.value),
    selection: () => ({ values: input.disabled ? [p.default] : [parseLayers(input.value)] }),
    disable(why) { input.disabled = !!why; note.hidden = !why; note.textContent = why || ''; },
  };
}

/** The allowed values of a string parameter as checkboxes, the default ticked. One = fixed, several = searched. */
export function checksEditor(kit, p, label, hint) {
  const c = kit.checks(`space.${p.name}`, label, p.values, [p.default], `${p.description} ${hint ?? ''}`.trim());
  return {
    name: p.name, param: p, box: c.box,
    value: () => oneOrList(c.get()),
    selection: () => ({ values: c.get().length ? c.get() : [p.default] }),
  };
}

/** A bool as off / on / try both (always sent). */
export function boolEditor(kit, p, label) {
  const select = h('select', {},
    [['false', 'off'], ['true', 'on'], ['both', 'try both']].map(([v, t]) => h('option', { value: v, selected: v === String(p.default) }, t)));
  const box = kit.field(`space.${p.name}`, label, select, p.description);
  const chosen = () => select.value === 'both' ? [false, true] : [select.value === 'true'];
  return { name: p.name, param: p, box, value: () => oneOrList(chosen()), selection: () => ({ values: chosen() }) };
}

// ---- generic editors ("More parameters": every other registry entry, by kind) --------------------

/** An editor for any registry parameter, chosen by its kind; unknown kinds get a JSON text box. */
export function genericEditor(kit, p) {
  const condition = p.condition;
  const key = `space.${p.name}`;
  const build = { float: numericParts, int: numericParts, string: stringParts, bool: boolParts, layers: layersParts }[p.kind] ?? jsonParts;
  const parts = build(kit, key, p);
  const hint = [p.description, `${facts(p)}.`, condition ? `Used when ${condition.parameter} is ${condition.values.map(show).join(' or ')}.` : null, parts.hint].filter(Boolean).join(' ');
  const box = h('fieldset', { class: 'field param', 'data-testid': `group-${key}` },
    h('legend', {}, h('code', {}, p.name)), parts.body, h('small', { class: 'hint' }, hint));
  box.append(kit.slot(key, parts.input, box));
  // Marks a parameter that will be sent, so the user sees what the spec holds without opening the JSON.
  const mark = () => box.classList.toggle('is-set', parts.value() !== undefined);
  box.addEventListener('input', mark);
  box.addEventListener('change', mark);
  return { name: p.name, param: p, box, value: parts.value, selection: () => parts.selection() ?? { values: [p.default] } };
}

/** float/int: default (left out), a fixed value, a list, or a min–max range. */
function numericParts(kit, key, p) {
  const mode = h('select', { id: fid(`${key}.mode`), 'data-testid': `input-${key}.mode`, 'aria-label': `${p.name}: how trials get it` }, [['default', `default (${show(p.default)})`], ['fixed', 'fixed value'], ['list', 'list of values'], ['range', 'range']]
    .map(([v, t]) => h('option', { value: v }, t)));
  const fixed = numberFor(p, p.default);
  const list = text(String(p.default), { inputmode: 'decimal', placeholder: 'e.g. 1, 2, 4' });
  // Start a range at the hard limits where they are valid bounds (inclusive, and > 0 on a log scale).
  const startMin = p.min !== null && !p.minExclusive && !(p.scale === 'log' && p.min <= 0) ? p.min : '';
  const startMax = p.max !== null && !p.maxExclusive ? p.max : '';
  const range = rangeInputs(kit, key, p, startMin, startMax);
  const part = (name, ...children) => h('div', { class: 'mode-part', 'data-mode': name, hidden: true }, ...children);
  const body = h('div', {},
    h('div', { class: 'field' }, mode),
    h('div', { class: 'range-row' },
      part('fixed', kit.field(key, 'value', fixed, null, { own: false })),
      part('list', kit.field(`${key}.values`, 'values (comma-separated)', list)),
      part('range', range.row)));
  mode.addEventListener('change', () => { for (const el of body.querySelectorAll('.mode-part')) el.hidden = el.dataset.mode !== mode.value; });
  const value = () => {
    switch (mode.value) {
      case 'fixed': return numeric(fixed.value);
      case 'list': return oneOrList(numericList(list.value));
      case 'range': return range.get();
      default: return undefined;
    }
  };
  const selection = () => {
    switch (mode.value) {
      case 'fixed': return { values: [numeric(fixed.value)] };
      case 'list': return { values: numericList(list.value) };
      case 'range': { const r = range.get(); return { min: r.min, max: r.max }; }
      default: return null;
    }
  };
  return { body, input: fixed, value, selection };
}

/**
 * string: its allowed values as checkboxes, the default ticked. Sent once the ticks differ from that
 * start (ticked back to just the default, or none, it is left out: the default applies either way).
 */
function stringParts(kit, key, p) {
  const inputs = p.values.map(v => h('input', { type: 'checkbox', value: v, checked: v === p.default, 'data-testid': `check-${key}-${v}` }));
  const body = h('div', { class: 'check-row' }, inputs.map((i, n) => h('label', { class: 'inline' }, i, ' ', p.values[n])));
  const ticked = () => inputs.filter(i => i.checked).map(i => i.value);
  const changed = () => { const t = ticked(); return t.length > 0 && !(t.length === 1 && t[0] === p.default); };
  return {
    body, input: null, hint: 'None ticked = the default.',
    value: () => changed() ? oneOrList(ticked()) : undefined,
    selection: () => ticked().length ? { values: ticked() } : null,
  };
}

/** bool: default, true, false or both. */
function boolParts(kit, key, p) {
  const select = h('select', {}, [['default', `default (${p.default})`], ['true', 'true'], ['false', 'false'], ['both', 'both']].map(([v, t]) => h('option', { value: v }, t)));
  const chosen = () => ({ default: null, true: [true], false: [false], both: [false, true] })[select.value];
  return {
    body: kit.field(key, 'value', select, null, { own: false }), input: select,
    value: () => chosen() ? oneOrList(chosen()) : undefined,
    selection: () => chosen() ? { values: chosen() } : null,
  };
}

/** layers: architectures as text like the hidden-layers field; empty = default. */
function layersParts(kit, key, p) {
  const input = text('', { placeholder: `default ${show(p.default)}; e.g. 64  or  256; 512,256` });
  const parsed = () => input.value.trim() === '' ? undefined : parseLayers(input.value);
  return {
    body: kit.field(key, 'architectures', input, null, { own: false }), input,
    value: parsed,
    selection: () => { const v = parsed(); return v === undefined ? null : { values: v.values ?? [v] }; },
  };
}

/** A kind this form does not know yet: the spec value as JSON (bare, { values } or { min, max }); empty = default. */
function jsonParts(kit, key, p) {
  const input = text('', { placeholder: `default ${show(p.default)}`, class: 'mono' });
  const parsed = () => {
    if (input.value.trim() === '') return undefined;
    try { return JSON.parse(input.value); } catch { return input.value; } // the API names what is wrong
  };
  return { body: kit.field(key, 'JSON value', input, null, { own: false }), input, value: parsed, selection: () => null };
}
