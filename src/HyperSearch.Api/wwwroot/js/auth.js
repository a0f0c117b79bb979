// Sign-in with an API key (issue 13). The key lives in sessionStorage (this tab, until it closes) and
// goes to the server in the Authorization header only: never in a cookie or URL, so a page on another
// site cannot act with it. GET /api/auth says whether keys are required; when they are not, no box.
import { h } from './util.js';

const STORAGE = 'hypersearch.apiKey';
let info = null;

export function storedKey() {
  try { return sessionStorage.getItem(STORAGE); } catch { return null; }
}

/** Headers that authenticate a request: the key, when signed in. */
export function authHeaders() {
  const key = storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** Asks the server whether keys are required and who the stored key is; renders the topbar status. */
export async function initAuth() {
  const res = await fetch('/api/auth', { headers: { Accept: 'application/json', ...authHeaders() } });
  info = res.ok ? await res.json() : { enabled: true, authenticated: false };
  renderStatus();
  return info;
}

/** True when the page may load: keys are not required, or the stored key was accepted. */
export function signedIn() {
  return info && (!info.enabled || info.authenticated);
}

/** A 401 from the API: the key was revoked or never valid. Forget it and ask again. */
export function onUnauthorized() {
  if (!info?.enabled) return;
  try { sessionStorage.removeItem(STORAGE); } catch { /* ignore */ }
  info = { ...info, authenticated: false };
  renderStatus();
  showSignIn(document.getElementById('app'));
}

/** The sign-in box in place of the page; on success the page reloads its route. */
export function showSignIn(root, message) {
  const input = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true, 'data-testid': 'signin-key', placeholder: 'hs_…' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'signin-error' }, message ?? '');
  const form = h('form', { class: 'signin card', 'data-testid': 'signin-form' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'This HyperSearch requires an API key. Ask an admin for one (', h('code', {}, 'keys create'), ' or POST /api/keys).'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('button', { type: 'submit', 'data-testid': 'signin-submit' }, 'Sign in'),
    error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try { sessionStorage.setItem(STORAGE, input.value.trim()); } catch { /* ignore */ }
    await initAuth();
    if (signedIn()) {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      try { sessionStorage.removeItem(STORAGE); } catch { /* ignore */ }
      error.textContent = 'That key is unknown or revoked.';
    }
  });
  root.replaceChildren(form);
  input.focus();
}

function signOut() {
  try { sessionStorage.removeItem(STORAGE); } catch { /* ignore */ }
  info = { ...info, authenticated: false };
  renderStatus();
  showSignIn(document.getElementById('app'));
}

function renderStatus() {
  const bar = document.querySelector('.topbar');
  if (!bar) return;
  let status = bar.querySelector('.auth-status');
  if (!status) {
    status = h('div', { class: 'auth-status', 'data-testid': 'auth-status' });
    bar.append(status);
  }
  if (!info?.enabled) {
    status.replaceChildren();
    return;
  }
  status.replaceChildren(...(info.authenticated
    ? [h('span', { 'data-testid': 'auth-owner' }, `${info.owner} (${info.role})`),
       h('button', { type: 'button', class: 'link', 'data-testid': 'signout', onclick: signOut }, 'Sign out')]
    : [h('span', {}, 'Not signed in')]));
}

// The Hangfire dashboard is a server-rendered page the browser loads itself, without our header: an admin
// first gets a session cookie scoped to /hangfire (HttpOnly, SameSite=Strict), then goes there.
document.addEventListener('click', async e => {
  const link = e.target.closest?.('a[href="/hangfire"]');
  if (!link || !info?.enabled || !info.authenticated) return;
  e.preventDefault();
  await fetch('/api/auth/hangfire-session', { method: 'POST', headers: authHeaders() });
  location.href = '/hangfire';
});
