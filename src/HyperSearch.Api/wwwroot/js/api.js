// Thin wrapper over the REST API (JSON; errors as RFC 7807 problem details).

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = problem?.errors ?? null;
  }
}

async function request(method, url, body, signal) {
  const init = { method, headers: { Accept: 'application/json' }, signal };
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
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  get: (url, signal) => request('GET', url, undefined, signal),
  post: (url, body, signal) => request('POST', url, body, signal),
};

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every trial of a search, paged at 1000 per request (for the scatter plots). */
export async function allTrials(searchId, signal, max = 20000) {
  const items = [];
  let offset = 0;
  for (;;) {
    const page = await api.get(`/api/searches/${searchId}/trials${query({ offset, limit: 1000, sort: 'index' })}`, signal);
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total || offset >= max) return items;
  }
}
