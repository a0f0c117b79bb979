// Text of a form input → the spec's JSON values. Nothing is validated here: whatever is not a number
// goes to the API as written, so the API's error names the field (and the form shows it there).

/** "1e-4" → 0.0001; "" → null; "abc" → "abc". */
export function numeric(s) {
  const t = String(s).trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** "64, 128" or "64 128" → [64, 128]; "" → []. */
export function numericList(s) {
  return String(s).split(/[\s,;]+/).filter(Boolean).map(numeric);
}

/** "64" → [64]; "256; 512,256" → { values: [[256], [512, 256]] }; "" → [] (linear classifier). */
export function parseLayers(s) {
  const archs = s.split(/[;|]/).map(a => a.trim()).filter((a, i, all) => a !== '' || all.length === 1);
  if (archs.length === 1 && archs[0] === '') return [];
  const parsed = archs.map(a => a.split(/[\s,x×]+/).filter(Boolean).map(numeric));
  return parsed.length === 1 ? parsed[0] : { values: parsed };
}

/** One value bare, several as { values } (the spec's list form), none as undefined (left out). */
export function oneOrList(values) {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : { values };
}
