/**
 * Calls to the worklist's API (hooks/screening/worklist-api.ts): same origin, with the session
 * cookie, and the session's anti-forgery token on every call that changes or audits something.
 * A 401 means the session ended: back to the sign-in.
 */
let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token;
}

/** An error the API answered: its OperationOutcome's code and text. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(path, { method = 'GET', body, guarded = false } = {}) {
  const headers = { accept: 'application/json' };
  if (guarded) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401) {
    window.location.assign(`/screening/sign-in${window.location.search}`);
    throw new ApiError(401, 'unauthorized', 'signed out');
  }
  if (res.status === 204) return undefined;
  const json = await res.json().catch(() => undefined);
  if (!res.ok) {
    const issue = json?.issue?.[0];
    throw new ApiError(
      res.status,
      issue?.details?.coding?.[0]?.code ?? 'error',
      issue?.diagnostics ?? `HTTP ${res.status}`,
    );
  }
  return json;
}

/** A URL of the API with its query (empty values left out). */
export function apiUrl(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const q = params.toString();
  return `/screening/api/${path}${q ? `?${q}` : ''}`;
}

export const getJson = (path, query) => call(apiUrl(path, query));
export const getAudited = (path, query) => call(apiUrl(path, query), { guarded: true });
export const postJson = (path, body) => call(apiUrl(path), { method: 'POST', body, guarded: true });

export async function signOut() {
  await call('/screening/sign-out', { method: 'POST', guarded: true });
}
