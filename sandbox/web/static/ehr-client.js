/**
 * What the simulated EHR does on the wire: discovery, prefetch from the services' own
 * templates, JWTs from the sandbox issuer, hook calls and feedback
 * (https://cds-hooks.hl7.org/2.0/). Every call is handed to `onCall` for the developer panel.
 */

import { t } from './i18n.js';

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Lifetime we announce in fhirAuthorization.expires_in: the sandbox issuer's tokens last 5 minutes. */
const TOKEN_SECONDS = 300;

/**
 * Resolves a prefetch template for a patient-view context, or returns undefined when a token is
 * left that this context cannot fill (the key is then not sent, as the spec allows).
 * https://cds-hooks.hl7.org/2.0/#prefetch-tokens
 */
export function resolveTemplate(template, context) {
  const [userType, userRef] = String(context.userId).split('/');
  const values = {
    'context.patientId': context.patientId,
    'context.userId': context.userId,
    userPractitionerId: userType === 'Practitioner' ? userRef : undefined,
  };
  let missing = false;
  const query = template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_m, name) => {
    const value = values[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : query;
}

async function readJson(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The client of one EHR session. */
export class EhrClient {
  /**
   * @param setup what GET /sandbox-ehr/setup answered: publicBaseUrl, fhirServer, userId
   * @param onCall called with each logged call: {label, method, url, request, response, ms, extra}
   */
  constructor(setup, onCall) {
    this.setup = setup;
    this.onCall = onCall;
  }

  /** GET /cds-services. */
  async discover() {
    const started = performance.now();
    const res = await fetch('/cds-services', { headers: { Accept: 'application/json' } });
    const body = await readJson(res);
    this.onCall({
      label: t('ehr.dev.discovery'),
      method: 'GET',
      url: '/cds-services',
      request: { headers: { Accept: 'application/json' } },
      response: { status: res.status, body },
      ms: performance.now() - started,
    });
    if (!res.ok || !Array.isArray(body?.services)) throw new Error(`discovery answered HTTP ${res.status}`);
    return body.services;
  }

  /** A JWT from the sandbox issuer for `aud`, one of our own URLs. */
  async token(aud) {
    const res = await fetch('/sandbox-ehr/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ aud }),
    });
    if (!res.ok) throw new Error(`the sandbox issuer refused a token for ${aud} (HTTP ${res.status})`);
    return (await res.json()).token;
  }

  /**
   * Fills a service's prefetch as an EHR does: each template resolved for the patient and run
   * against our FHIR server. A read that finds nothing is sent as null; a failed query is left
   * out, so the service fetches that data itself.
   */
  async prefetch(templates, context) {
    const prefetch = {};
    const queries = [];
    await Promise.all(
      Object.entries(templates ?? {}).map(async ([key, template]) => {
        const query = resolveTemplate(template, context);
        if (query === undefined) {
          queries.push({ key, skipped: 'needs context this hook does not give' });
          return;
        }
        const res = await fetch(`/fhir/${query}`, { headers: { Accept: 'application/fhir+json' } });
        const body = await readJson(res);
        queries.push({ key, query: `GET /fhir/${query}`, status: res.status });
        if (res.ok && body && typeof body === 'object') prefetch[key] = body;
        else if (res.status === 404 && !query.includes('?')) prefetch[key] = null;
      }),
    );
    queries.sort((a, b) => a.key.localeCompare(b.key));
    return { prefetch, queries };
  }

  /**
   * Fires the service's hook at it for a patient; `extraContext` holds the hook's own context
   * fields besides userId and patientId (see callOrderService). Resolves to {status, body, ms},
   * never rejects on HTTP errors.
   */
  async callService(service, patientId, extraContext = {}) {
    const { publicBaseUrl, fhirServer, userId } = this.setup;
    const context = { userId, patientId, ...extraContext };
    const serviceUrl = `${publicBaseUrl}/cds-services/${encodeURIComponent(service.id)}`;
    const prefetchStarted = performance.now();
    const [{ prefetch, queries }, jwt, accessToken] = await Promise.all([
      this.prefetch(service.prefetch, context),
      this.token(serviceUrl),
      this.token(fhirServer),
    ]);
    const prefetchMs = performance.now() - prefetchStarted;
    const body = {
      hookInstance: uuid(),
      hook: service.hook,
      fhirServer,
      fhirAuthorization: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: TOKEN_SECONDS,
        scope: 'patient/*.read',
        subject: 'diabetes-cds-hooks',
      },
      context,
      ...(Object.keys(prefetch).length > 0 ? { prefetch } : {}),
    };
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${jwt}` };
    const path = `/cds-services/${encodeURIComponent(service.id)}`;
    const started = performance.now();
    const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await readJson(res);
    const ms = performance.now() - started;
    this.onCall({
      label: `${service.hook} → ${service.id}`,
      method: 'POST',
      url: path,
      request: { headers, body },
      response: { status: res.status, body: answer },
      ms,
      extra: { audience: serviceUrl, prefetchMs, prefetchQueries: queries },
    });
    return { status: res.status, body: answer, ms };
  }

  /**
   * Fires an order hook at one service, as callService does (same prefetch, JWT and
   * fhirAuthorization): `drafts` (draft FHIR resources) go in context.draftOrders as a collection
   * Bundle and, on order-select, `selections` (`MedicationRequest/<id>`) name the ones just picked.
   * https://cds-hooks.org/hooks/order-select/ and https://cds-hooks.org/hooks/order-sign/
   */
  callOrderService(service, patientId, { drafts, selections }) {
    const draftOrders = { resourceType: 'Bundle', type: 'collection', entry: drafts.map((resource) => ({ resource })) };
    const extra = service.hook === 'order-select' ? { selections, draftOrders } : { draftOrders };
    return this.callService(service, patientId, extra);
  }

  /** POST /cds-services/{id}/feedback with one item; resolves to {status, body}. */
  async feedback(serviceId, item) {
    const path = `/cds-services/${encodeURIComponent(serviceId)}/feedback`;
    const jwt = await this.token(`${this.setup.publicBaseUrl}${path}`);
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${jwt}` };
    const body = { feedback: [item] };
    const started = performance.now();
    const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await readJson(res);
    this.onCall({
      label: t('ehr.dev.feedback', { outcome: item.outcome, service: serviceId }),
      method: 'POST',
      url: path,
      request: { headers, body },
      response: { status: res.status, body: answer },
      ms: performance.now() - started,
    });
    return { status: res.status, body: answer };
  }

  /**
   * POST /sandbox-ehr/reset with its confirmation: clears the sandbox patients' feedback and
   * suppressions and restores the FHIR store. Resolves to {status, body}; `label` names the
   * call in the developer panel.
   */
  async resetDemo(label) {
    const path = '/sandbox-ehr/reset';
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const body = { confirm: 'reset' };
    const started = performance.now();
    const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await readJson(res);
    this.onCall({
      label,
      method: 'POST',
      url: path,
      request: { headers, body },
      response: { status: res.status, body: answer },
      ms: performance.now() - started,
    });
    return { status: res.status, body: answer };
  }
}

/** Query parameters of the page (reserved for deep links such as ?patient=<id>). */
export function pageParams() {
  return new URLSearchParams(globalThis.location.search);
}
