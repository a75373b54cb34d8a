import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { z } from 'zod';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadServices } from '../services/load-services.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** A discovery entry as CDS Hooks 2.0 defines it. https://cds-hooks.hl7.org/2.0/#response */
const DiscoveryEntrySchema = z.looseObject({
  id: z.string().min(1),
  hook: z.string().min(1),
  title: z.string().min(1),
  description: z.string().min(1),
  prefetch: z.record(z.string(), z.string().min(1)),
  usageRequirements: z.string().optional(),
});
const DiscoverySchema = z.strictObject({ services: z.array(DiscoveryEntrySchema).min(1) });
type DiscoveryEntry = z.infer<typeof DiscoveryEntrySchema>;

let server: TestServer;
let services: DiscoveryEntry[];

beforeAll(async () => {
  server = await startTestServer();
  const res = await request(server.baseUrl).get('/cds-services').expect(200);
  services = DiscoverySchema.parse(res.body).services;
});
afterAll(async () => {
  await server.close();
});

const serviceById = (id: string): DiscoveryEntry => {
  const s = services.find((x) => x.id === id);
  if (!s) throw new Error(`discovery does not list ${id}`);
  return s;
};

/**
 * Every (service, key) the catalogue defines, for tables over all templates (Jest builds tables
 * before the server starts); each test reads the template from the served discovery document.
 */
const TEMPLATE_KEYS: [string, string][] = loadServices(DEFAULT_RULES_DIR).services.flatMap((s) =>
  Object.keys(s.definition.prefetch).map((k) => [s.definition.id, k] as [string, string]),
);
const served = (id: string, key: string): string => {
  const t = serviceById(id).prefetch[key];
  if (t === undefined) throw new Error(`discovery lists no prefetch ${key} for ${id}`);
  return t;
};

/**
 * The query subset CDS Hooks 2.0 recommends for prefetch templates: instance read, type search
 * by patient reference, token equality (comma OR, optionally `:in`), date with eq/lt/gt/ge/le,
 * `_count` and `_sort`. https://cds-hooks.hl7.org/2.0/#prefetch-query-restrictions
 */
const PARAMETER_KINDS: Readonly<Record<string, 'patient' | 'token' | 'date' | '_count' | '_sort'>> = {
  patient: 'patient',
  subject: 'patient',
  code: 'token',
  status: 'token',
  category: 'token',
  'clinical-status': 'token',
  'verification-status': 'token',
  type: 'token',
  _id: 'token',
  date: 'date',
  _count: '_count',
  _sort: '_sort',
};

/** Why a template falls outside the recommended subset, or undefined when it stays within it. */
function outsideSubset(template: string): string | undefined {
  const [path, query] = template.split('?', 2) as [string, string | undefined];
  if (query === undefined) {
    return /^[A-Z][A-Za-z]+\/\{\{context\.patientId\}\}$/.test(path) ? undefined : `not a read: ${path}`;
  }
  if (!/^[A-Z][A-Za-z]+$/.test(path)) return `not a type-level search: ${path}`;
  for (const pair of query.split('&')) {
    const [rawName, value = ''] = pair.split('=', 2) as [string, string | undefined];
    const [name, modifier] = rawName.split(':', 2) as [string, string | undefined];
    const kind = PARAMETER_KINDS[name];
    if (!kind) return `parameter ${name} is not in the subset`;
    if (modifier !== undefined && !(kind === 'token' && modifier === 'in')) return `modifier :${modifier} on ${name}`;
    const ok = {
      patient: () => value === '{{context.patientId}}',
      token: () => value.split(',').every((t) => /^([^|,]+\|)?[^|,]+$/.test(t)),
      date: () => /^(eq|lt|gt|ge|le)?\d{4}(-\d{2}(-\d{2})?)?$/.test(value),
      _count: () => /^[1-9]\d*$/.test(value),
      _sort: () => /^-?[a-z][a-z-]*$/.test(value),
    }[kind]();
    if (!ok) return `${name}=${value} is not a ${kind} value of the subset`;
  }
  return undefined;
}

describe('GET /cds-services (discovery)', () => {
  test('answers application/json listing pump-evaluation and trial-referral', async () => {
    const res = await request(server.baseUrl).get('/cds-services').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(services.map((s) => s.id).sort()).toEqual(expect.arrayContaining(['pump-evaluation', 'trial-referral']));
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
  });

  test.each(['pump-evaluation', 'trial-referral'])(
    '%s is a patient-view service with a title, a description and prefetch templates',
    (id) => {
      const s = serviceById(id);
      expect(s.hook).toBe('patient-view');
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(0);
      expect(Object.keys(s.prefetch).length).toBeGreaterThan(0);
      expect(s.prefetch.patient).toBe('Patient/{{context.patientId}}');
    },
  );

  test('serves exactly the prefetch keys of the catalogue', () => {
    const keys = services.flatMap((s) => Object.keys(s.prefetch).map((k) => `${s.id}.${k}`));
    expect(keys.sort()).toEqual(TEMPLATE_KEYS.map(([id, k]) => `${id}.${k}`).sort());
  });

  test.each(TEMPLATE_KEYS)(
    '%s.%s: uses {{context.patientId}}, and _include only for a Medication or a study',
    (id, key) => {
      const template = served(id, key);
      expect(template).toContain('{{context.patientId}}');
      expect(template).not.toMatch(/_revinclude/);
      // The documented exceptions to the recommended subset: orders and statements include the
      // Medication they reference; research subjects, the ResearchStudy that names the trial.
      if (/^Medication(Request|Statement)\?/.test(template)) {
        expect(template).toMatch(/&_include=Medication(Request|Statement):medication$/);
      } else if (template.startsWith('ResearchSubject?')) {
        expect(template).toMatch(/&_include=ResearchSubject:study$/);
      } else expect(template).not.toMatch(/_include/);
      expect(template.replace(/\{\{context\.patientId\}\}/g, '')).not.toMatch(/\{\{|\}\}/);
    },
  );

  test.each(TEMPLATE_KEYS)('%s.%s: names each query parameter once', (id, key) => {
    const query = served(id, key).split('?', 2)[1] ?? '';
    const names = query
      .split('&')
      .filter(Boolean)
      .map((p) => p.split('=', 1)[0]!.split(':', 1)[0]);
    expect(new Set(names).size).toBe(names.length);
  });

  test.each(TEMPLATE_KEYS)(
    '%s.%s: stays within the recommended query subset, but for the Medication and study _include',
    (id, key) => {
      expect(
        outsideSubset(
          served(id, key).replace(/&_include=(Medication(Request|Statement):medication|ResearchSubject:study)$/, ''),
        ),
      ).toBeUndefined();
    },
  );

  test('the subset check itself refuses what the spec leaves out', () => {
    expect(outsideSubset('Observation?patient={{context.patientId}}&value-quantity=gt8')).toBeDefined();
    expect(outsideSubset('Observation?patient={{context.patientId}}&code:text=hba1c')).toBeDefined();
    expect(outsideSubset('Observation?patient={{context.patientId}}&date=ap2024-01-01')).toBeDefined();
    expect(outsideSubset('Observation?patient={{context.patientId}}&subject.name=x')).toBeDefined();
    expect(outsideSubset('Patient?name={{context.patientId}}')).toBeDefined();
    expect(outsideSubset('Observation?patient={{context.patientId}}&code=a|1,b|2&date=ge2024-01-01')).toBeUndefined();
  });

  describe('the pump-evaluation templates ask for what the pump rule reads', () => {
    const pump = () => serviceById('pump-evaluation').prefetch;
    const byType = (type: string) =>
      Object.values(pump()).filter((t) => t.startsWith(`${type}?`) || t.startsWith(`${type}/`));

    test.each([
      ['the patient', 'Patient'],
      ['conditions', 'Condition'],
      ['medication requests', 'MedicationRequest'],
      ['medication statements', 'MedicationStatement'],
      ['devices', 'Device'],
    ])('%s (%s)', (_what, type) => {
      expect(byType(type)).toHaveLength(1);
      expect(byType(type)[0]).toMatch(/^[A-Za-z]+(\/|\?patient=)\{\{context\.patientId\}\}/);
    });

    test('HbA1c observations in NGSP and IFCC codes, newest first', () => {
      const hba1c = byType('Observation').find((t) => t.includes('4548-4'));
      expect(hba1c).toBeDefined();
      const params = new URLSearchParams(hba1c!.split('?', 2)[1]);
      const codes = params.get('code')!.split(',');
      expect(codes).toEqual(expect.arrayContaining(['http://loinc.org|4548-4', 'http://loinc.org|59261-8']));
      expect(params.get('_sort')).toBe('-date');
    });
  });

  test.each([
    ['POST', 'post'],
    ['PUT', 'put'],
    ['DELETE', 'delete'],
    ['PATCH', 'patch'],
  ] as const)('%s /cds-services → 405 method-not-allowed OperationOutcome', async (_name, method) => {
    const agent = request(server.baseUrl);
    const res = await agent[method]('/cds-services').set('content-type', 'application/json').send('{}');
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(
      (res.body as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code,
    ).toBe('method-not-allowed');
  });
});
