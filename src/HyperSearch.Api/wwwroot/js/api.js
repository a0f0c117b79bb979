// Thin wrapper over the REST API (JSON; errors as RFC 7807 problem details). Every request carries the
// signed-in API key in the Authorization header (auth.js); a 401 sends the user back to the sign-in box.
import { authHeaders, onUnauthorized } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = problem?.errors ?? null;
  }
}

async function request(method, url, body, signal) {
  const init = { method, headers: { Accept: 'application/json', ...authHeaders() }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { title: text }; }
  }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  get: (url, signal) => request('GET', url, undefined, signal),
  post: (url, body, signal) => request('POST', url, body, signal),
};

/**
 * GET `url` with the signed-in key and save the answer as the file `name`. A plain link cannot send the
 * Authorization header (and the key never goes in a URL or cookie), so the body comes through fetch
 * and is saved from a blob: the browser holds the file in memory once, as any download does.
 */
export async function download(url, name, accept = '*/*') {
  const res = await fetch(url, { headers: { Accept: accept, ...authHeaders() } });
  if (res.status === 401) onUnauthorized();
  if (!res.ok) {
    let problem = null;
    try { problem = JSON.parse(await res.text()); } catch { /* not problem details */ }
    throw new ApiError(res.status, problem);
  }
  const href = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; free it once the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

let schemaPromise = null;

/**
 * GET /api/schema: the server's parameter registry, vocabularies and limits. They are fixed for the
 * server process, so one request per page load serves every page; a failed request is forgotten so
 * the next page asks again.
 */
export function schema() {
  schemaPromise ??= api.get('/api/schema').catch(e => { schemaPromise = null; throw e; });
  return schemaPromise;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Every trial of a search as a compact point (id, stage, index, status, learningRate, regularization,
 * trainAccuracy, validationAccuracy, overfit) in one request, for the scatter plots.
 */
export function trialPoints(searchId, signal) {
  return api.get(`/api/searches/${searchId}/points`, signal);
}
