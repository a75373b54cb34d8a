/**
 * The developer panel: every call with its exact request and response JSON and its time.
 * Bearer tokens are credentials, so they are replaced by a marker; the JWT's claims (which
 * are not secret) are shown decoded, to help with audience and issuer problems.
 */
import { el } from './card-view.js';
import { t } from './i18n.js';

const REDACTED = '‹redacted›';

function decodeSegment(segment) {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      [...atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '='))]
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** The header and claims of a compact JWT, without its signature, or undefined. */
export function jwtClaims(token) {
  const [header, payload] = String(token).split('.');
  if (!header || !payload) return undefined;
  const h = decodeSegment(header);
  const p = decodeSegment(payload);
  return h && p ? { header: h, claims: p } : undefined;
}

/** A copy of a logged request with the Authorization header and fhirAuthorization.access_token redacted. */
export function redactRequest(request) {
  const headers = { ...(request.headers ?? {}) };
  let jwt;
  if (typeof headers.Authorization === 'string') {
    jwt = headers.Authorization.replace(/^Bearer\s+/i, '');
    headers.Authorization = `Bearer ${REDACTED}`;
  }
  let body = request.body;
  if (body && typeof body === 'object' && body.fhirAuthorization?.access_token) {
    body = { ...body, fhirAuthorization: { ...body.fhirAuthorization, access_token: REDACTED } };
  }
  return { headers, ...(body !== undefined ? { body } : {}), jwt };
}

function json(value) {
  return el('pre', { text: JSON.stringify(value, null, 2) });
}

/** Adds one call at the top of the log. */
export function logCall(list, call) {
  const { headers, body, jwt } = redactRequest(call.request ?? {});
  const when = new Date().toISOString().slice(11, 23);
  const summary = el('summary', {
    text: t('ehr.dev.call', {
      when,
      method: call.method,
      url: call.url,
      status: call.response?.status ?? '—',
      ms: call.ms.toFixed(1),
      label: call.label,
    }),
  });
  const details = el('details', { className: 'call' }, summary);
  details.append(el('h4', { text: t('ehr.dev.requestHeaders') }), json(headers));
  if (jwt) {
    const decoded = jwtClaims(jwt);
    if (decoded) details.append(el('h4', { text: t('ehr.dev.jwt') }), json(decoded));
  }
  if (call.extra) details.append(el('h4', { text: t('ehr.dev.built') }), json(call.extra));
  if (body !== undefined) details.append(el('h4', { text: t('ehr.dev.requestBody') }), json(body));
  details.append(
    el('h4', { text: t('ehr.dev.response', { status: call.response?.status ?? '' }).trim() }),
    json(call.response?.body ?? null),
  );
  list.prepend(el('li', { 'data-call-url': call.url, 'data-status': call.response?.status }, details));
}
