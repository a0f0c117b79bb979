// Hash router: #/ (searches), #/searches/new, #/searches/{id}, #/comparisons/new, #/comparisons/{id}.
import { h, errorBox } from './util.js';
import { destroyAll } from './charts.js';
import { listPage } from './pages/list.js';
import { searchPage } from './pages/search.js';
import { comparisonPage } from './pages/comparison.js';
import { formPage } from './pages/form.js';
import { initAuth, signedIn, showSignIn } from './auth.js';

const routes = [
  [/^#?\/?$/, () => listPage],
  [/^#\/searches\/new$/, () => root => formPage(root, 'search')],
  [/^#\/comparisons\/new$/, () => root => formPage(root, 'comparison')],
  [/^#\/searches\/([0-9a-f-]{36})$/i, m => root => searchPage(root, m[1])],
  [/^#\/comparisons\/([0-9a-f-]{36})$/i, m => root => comparisonPage(root, m[1])],
];

let cleanup = null;

function route() {
  const root = document.getElementById('app');
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  destroyAll(root);
  root.replaceChildren();
  if (!signedIn()) {
    showSignIn(root);
    return;
  }
  const hash = location.hash || '#/';
  for (const a of document.querySelectorAll('.topbar nav a')) {
    a.toggleAttribute('aria-current', a.getAttribute('href') === hash);
  }
  for (const [re, make] of routes) {
    const m = hash.match(re);
    if (m) {
      cleanup = make(m)(root) ?? null;
      return;
    }
  }
  root.append(h('h1', {}, 'Not found'), errorBox(`No page at ${hash}.`), h('p', {}, h('a', { href: '#/' }, 'Back to the searches')));
}

window.addEventListener('hashchange', route);
// Ask once whether keys are required (and whether the stored one is valid) before the first page loads.
initAuth().catch(() => null).then(route);
