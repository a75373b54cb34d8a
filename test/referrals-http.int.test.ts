import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { prefetchFromFhir } from './support/ehr-prefetch.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * docs/clinical-rules.md, "No repeat of what is already done", over HTTP: the prefetch templates
 * ask for the referrals and research subjects, the sandbox FHIR server answers them, and a record
 * that holds the referral gets no card.
 */
const PATIENT = 'trial-nafld-full-match';
const NANTES = 'NCT04270656';

let server: TestServer;
let templates: Record<string, Record<string, string>>;
beforeAll(async () => {
  server = await startTestServer();
  const res = await request(server.baseUrl).get('/cds-services').expect(200);
  const services = (res.body as { services: { id: string; prefetch: Record<string, string> }[] }).services;
  templates = Object.fromEntries(services.map((s) => [s.id, s.prefetch]));
});
afterAll(async () => {
  await server.close();
});

const fhirBase = () => `${server.baseUrl}/fhir`;

async function cards(serviceId: string, extra: Record<string, unknown>): Promise<string[]> {
  const res = await request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { userId: 'Practitioner/example', patientId: PATIENT },
      ...extra,
    });
  expect(res.status).toBe(200);
  return (res.body as { cards: { summary: string }[] }).cards.map((c) => c.summary);
}

function searchset(matches: unknown[], included: unknown[] = []) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      ...matches.map((resource) => ({ resource, search: { mode: 'match' } })),
      ...included.map((resource) => ({ resource, search: { mode: 'include' } })),
    ],
  };
}

const pumpReferral = {
  resourceType: 'ServiceRequest',
  id: 'pump-referral',
  status: 'active',
  intent: 'order',
  code: { text: 'Referral to an insulin pump initiation centre for insulin pump (CSII) evaluation' },
  subject: { reference: `Patient/${PATIENT}` },
  authoredOn: '2026-10-01',
};
const study = {
  resourceType: 'ResearchStudy',
  id: 'nantes-study',
  status: 'active',
  identifier: [{ system: 'https://clinicaltrials.gov', value: NANTES }],
};
const subject = {
  resourceType: 'ResearchSubject',
  id: 'nantes-subject',
  status: 'candidate',
  individual: { reference: `Patient/${PATIENT}` },
  study: { reference: 'ResearchStudy/nantes-study' },
};

describe('earlier referrals over HTTP', () => {
  test('discovery asks for ServiceRequests (both services) and ResearchSubjects with their study (trials)', () => {
    const serviceRequests = 'ServiceRequest?patient={{context.patientId}}&status=active,on-hold,completed,unknown';
    expect(templates['pump-evaluation']!.serviceRequests).toBe(serviceRequests);
    expect(templates['trial-referral']!.serviceRequests).toBe(serviceRequests);
    expect(templates['trial-referral']!.researchSubjects).toBe(
      'ResearchSubject?patient={{context.patientId}}&_include=ResearchSubject:study',
    );
  });

  test('the sandbox FHIR server answers those searches, and the fixture gets its cards', async () => {
    const pumpPrefetch = await prefetchFromFhir(fhirBase(), templates['pump-evaluation']!, PATIENT);
    expect(pumpPrefetch.serviceRequests).toMatchObject({ resourceType: 'Bundle' });
    const trialPrefetch = await prefetchFromFhir(fhirBase(), templates['trial-referral']!, PATIENT);
    expect(trialPrefetch.researchSubjects).toMatchObject({ resourceType: 'Bundle' });
    expect(await cards('pump-evaluation', { prefetch: pumpPrefetch })).toHaveLength(1);
    expect((await cards('trial-referral', { prefetch: trialPrefetch })).join('\n')).toContain(NANTES);
    // Read from the FHIR server alone, the same searches.
    expect(await cards('pump-evaluation', { fhirServer: fhirBase() })).toHaveLength(1);
    expect((await cards('trial-referral', { fhirServer: fhirBase() })).join('\n')).toContain(NANTES);
  });

  test('an active pump-evaluation referral in the prefetch: no pump card', async () => {
    const prefetch = await prefetchFromFhir(fhirBase(), templates['pump-evaluation']!, PATIENT);
    expect(
      await cards('pump-evaluation', { prefetch: { ...prefetch, serviceRequests: searchset([pumpReferral]) } }),
    ).toEqual([]);
  });

  test('a ResearchSubject of the trial, its ResearchStudy included: no card for that trial', async () => {
    const prefetch = await prefetchFromFhir(fhirBase(), templates['trial-referral']!, PATIENT);
    const summaries = await cards('trial-referral', {
      prefetch: { ...prefetch, researchSubjects: searchset([subject], [study]) },
    });
    expect(summaries.join('\n')).not.toContain(NANTES);
  });

  test('ServiceRequests the EHR could not read (an OperationOutcome) and no fhirServer: 412, never "none"', async () => {
    const prefetch = await prefetchFromFhir(fhirBase(), templates['pump-evaluation']!, PATIENT);
    const res = await request(server.baseUrl)
      .post('/cds-services/pump-evaluation')
      .send({
        hook: 'patient-view',
        hookInstance: randomUUID(),
        context: { userId: 'Practitioner/example', patientId: PATIENT },
        prefetch: { ...prefetch, serviceRequests: { resourceType: 'OperationOutcome', issue: [] } },
      });
    expect(res.status).toBe(412);
  });
});
