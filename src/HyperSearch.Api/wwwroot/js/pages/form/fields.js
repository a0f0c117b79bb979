// Labelled inputs with an error slot each. A slot is keyed by the JSON path of the spec value its
// field edits (space.learningRate.min), so the API's validation errors, keyed the same way, land
// next to the field that caused them; a key with no visible slot falls back to its parents'.
import { h } from '../../util.js';

/** Input id for a JSON path: space.learningRate.min → f-space-learningRate-min. */
export const fid = key => `f-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;

export function fieldKit() {
  const slots = new Map(); // error key → { el, input, box }

  function describedBy(input, id) {
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  }

  /** The error slot for `key`: `input` is marked invalid and `box` highlighted when it shows an error. */
  function slot(key, input, box) {
    const el = h('p', { class: 'field-error', id: `${fid(key)}-err`, 'data-testid': `error-${key}`, hidden: true, 'aria-live': 'polite' });
    slots.set(key, { el, input, box });
    if (input) describedBy(input, el.id);
    return el;
  }

  /** Label, input, optional hint and (unless `own` is false: the caller has a slot for the key) an error slot. */
  function field(key, label, input, hint, { own = true } = {}) {
    input.id = fid(key);
    input.dataset.testid = `input-${key}`;
    const hintEl = hint ? h('small', { class: 'hint', id: `${fid(key)}-hint` }, hint) : null;
    if (hintEl) describedBy(input, hintEl.id);
    const box = h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl);
    if (own) box.append(slot(key, input, box));
    return box;
  }

  /** A checkbox with its label on the right, and its own slot. */
  function toggle(key, label, input) {
    input.id = fid(key);
    input.dataset.testid = `input-${key}`;
    return h('div', { class: 'field' }, h('label', { class: 'inline', for: input.id }, input, ' ', label), slot(key, input, null));
  }

  /** Checkboxes for `values` (data-testid check-{key}-{value}); get() → the ticked values. */
  function checks(key, legend, values, chosen, hint) {
    const inputs = values.map(v => h('input', { type: 'checkbox', value: v, checked: chosen.includes(v), 'data-testid': `check-${key}-${v}` }));
    const box = h('fieldset', { class: 'field checks', 'data-testid': `input-${key}` },
      h('legend', {}, legend),
      h('div', { class: 'check-row' }, inputs.map((i, n) => h('label', { class: 'inline' }, i, ' ', values[n]))),
      hint ? h('small', { class: 'hint' }, hint) : null);
    box.append(slot(key, null, box));
    return { box, inputs, get: () => inputs.filter(i => i.checked).map(i => i.value) };
  }

  function clearErrors() {
    for (const s of slots.values()) {
      s.el.hidden = true;
      s.el.replaceChildren();
      s.input?.removeAttribute('aria-invalid');
      s.box?.classList.remove('has-error');
    }
  }

  /** The slot for an error key: the key itself, else its parents (…values[1] → …values → …), if visible. */
  function findSlot(key, aliases) {
    let k = aliases[key] ?? key;
    while (k) {
      const s = slots.get(k);
      if (s && isVisible(s.el)) return s;
      const next = k.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
      if (next === k) break;
      k = next;
    }
    return null;
  }

  /** Shows each error in its slot; returns the keys no visible slot takes and the first element to focus. */
  function showErrors(errors, aliases = {}) {
    const unplaced = [];
    let first = null;
    for (const [key, messages] of Object.entries(errors)) {
      const s = findSlot(key, aliases);
      if (!s) { unplaced.push([key, messages]); continue; }
      s.el.hidden = false;
      for (const m of messages) s.el.append(h('span', { class: 'block' }, m));
      s.input?.setAttribute('aria-invalid', 'true');
      s.box?.classList.add('has-error');
      first ??= s.input ?? s.el;
    }
    return { unplaced, first };
  }

  return { slot, field, toggle, checks, clearErrors, showErrors };
}

function isVisible(el) {
  for (let n = el.parentElement; n; n = n.parentElement) if (n.hidden) return false;
  return true;
}
