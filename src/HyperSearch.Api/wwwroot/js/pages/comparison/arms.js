// A comparison's arms as the page shows them: random and grid first (the API's order), then the arm
// added beside them, each with a stable key for test ids (random, grid, arm-2) and its colour in
// every chart.
import { pct } from '../../util.js';

// Random blue and grid orange as they have always been; an added arm green.
const COLOURS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea'];

/** The arms of GET /api/comparisons/{id}, each with `key` and `color`. */
export function armsOf(c) {
  return c.arms.map((a, i) => ({ ...a, key: i === 0 ? 'random' : i === 1 ? 'grid' : `arm-${i}`, color: COLOURS[i % COLOURS.length] }));
}

export const title = name => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The one-line verdict. Random vs grid reads as it always has; with an added arm it names the best
 * arm and what each spent in epochs, since the arms train their trials for different lengths.
 */
export function verdict(arms) {
  if (arms.some(a => a.bestValidationAccuracy === null)) return '';
  const [r, g] = arms.map(a => a.bestValidationAccuracy);
  if (arms.length === 2) {
    return `Random reached ${pct(r)}, grid ${pct(g)}` + (Math.abs(r - g) < 0.0005 ? ' — a tie.' : r > g ? ' — random search won.' : ' — the grid won this time.');
  }
  const top = Math.max(...arms.map(a => a.bestValidationAccuracy));
  const winners = arms.filter(a => top - a.bestValidationAccuracy < 0.0005).map(a => a.name);
  const [first, ...rest] = arms;
  const reached = a => `${pct(a.bestValidationAccuracy)} (${a.epochsSpent} epochs)`;
  return `${title(first.name)} reached ${reached(first)}, ${rest.map(a => `${a.name} ${reached(a)}`).join(', ')}`
    + (winners.length > 1 ? ` — a tie between ${winners.join(' and ')}.` : ` — ${winners[0]} did best.`);
}
