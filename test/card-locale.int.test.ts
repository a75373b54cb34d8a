import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestServer, type TestServer } from './support/test-server.js';

/** The service with CARD_LOCALE=fr, answering over HTTP as an EHR calls it. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { CARD_LOCALE: 'fr' } });
});
afterAll(async () => {
  await server.close();
});

async function cards(serviceId: string, patientId: string) {
  const res = await request(server.baseUrl)
    .post(`/cds-services/${serviceId}`)
    .send({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      fhirServer: `${server.baseUrl}/fhir`,
      context: { userId: 'Practitioner/example', patientId },
    })
    .expect(200);
  return (res.body as { cards: Record<string, unknown>[] }).cards;
}

describe('CARD_LOCALE=fr: the cards an EHR receives are in French', () => {
  test.each([
    [
      'pump-evaluation',
      'pump-positive-main',
      /^Évaluer une pompe à insuline : DT2 en multi-injections, HbA1c \d+,\d+ %/,
    ],
    ['trial-referral', 'trial-nafld-full-match', /^Essai possible, recrutement non confirmé : NCT04270656, /],
  ])('%s for %s', async (serviceId, patientId, summary) => {
    const [card, ...rest] = await cards(serviceId, patientId);
    expect(rest).toHaveLength(0);
    expect(card!['summary']).toMatch(summary);
    const suggestions = card!['suggestions'] as { label: string }[];
    expect(suggestions[0]!.label).toMatch(/^(Adresser|Contacter)/);
    const overrides = card!['overrideReasons'] as { display: string }[];
    expect(overrides.map((o) => o.display)).toContain('Le patient refuse');
    expect(JSON.stringify(card)).not.toMatch(/Possible trial match|Consider insulin pump|Patient declines/);
  });
});

describe('CARD_LOCALE=fr: discovery, which the EHR shows beside the cards, is in French too', () => {
  test.each([
    ['pump-evaluation', /^Évaluation pour une pompe à insuline/, /multi-injections/],
    ['trial-referral', /^Adressage à un essai clinique$/, /critère clé/],
  ])('%s has a French title and description', async (serviceId, title, description) => {
    const res = await request(server.baseUrl).get('/cds-services').expect(200);
    const services = (res.body as { services: { id: string; title: string; description: string }[] }).services;
    const service = services.find((s) => s.id === serviceId);
    expect(service?.title).toMatch(title);
    expect(service?.description).toMatch(description);
  });
});
