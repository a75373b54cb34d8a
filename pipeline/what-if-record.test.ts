import { describe, expect, test } from '@jest/globals';
import type { FhirResource, MedicationRequest } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { withDraftOrders } from './what-if-record.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

function request(
  id: string,
  code: string,
  display: string,
  status: MedicationRequest['status'] = 'active',
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    subject: { reference: 'Patient/p' },
    authoredOn: '2025-01-10',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code, display }] },
  };
}

const LANTUS = ['847232', '3 ML insulin glargine 100 UNT/ML Pen Injector [Lantus]'] as const;
const HUMALOG = ['1652640', '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]'] as const;
const GLIMEPIRIDE = ['199246', 'glimepiride 2 MG Oral Tablet'] as const;
const METFORMIN = ['861007', 'metformin hydrochloride 500 MG Oral Tablet'] as const;

const record = (resources: FhirResource[]) => recordFromResources('p', resources);
const requests = (r: ReturnType<typeof withDraftOrders>) =>
  (r.record.resources.get('MedicationRequest') ?? []) as MedicationRequest[];

describe('the record as it would be with the draft orders', () => {
  const base = () => record([request('basal', ...LANTUS), request('met', ...METFORMIN)]);

  test('a draft of a new drug is added, as an active order authored now', () => {
    const draft = request('d1', ...HUMALOG, 'draft');
    delete draft.authoredOn;
    const out = withDraftOrders(base(), [draft], () => true, valueSets, NOW);
    expect(requests(out).map((r) => [r.id, r.status, r.intent])).toEqual([
      ['basal', 'active', 'order'],
      ['met', 'active', 'order'],
      ['d1', 'active', 'order'],
    ]);
    expect(requests(out).find((r) => r.id === 'd1')?.authoredOn).toBe(NOW.toISOString());
    expect(out.drafts).toEqual([
      { reference: 'MedicationRequest/d1', label: HUMALOG[1], valueSets: ['insulin-lispro'], replaces: [] },
    ]);
  });

  // A draft is signed now: a date ahead of the service's clock is the EHR's clock ahead, and would
  // otherwise read as an order for later, not in force.
  test.each([
    [
      'a date after now (the EHR clock ahead)',
      new Date(NOW.getTime() + 13 * 86_400_000).toISOString().slice(0, 10),
      NOW.toISOString(),
    ],
    ['an earlier date, kept', '2025-06-01', '2025-06-01'],
  ])('a draft authored on %s', (_name, authoredOn, expected) => {
    const draft = { ...request('d1', ...HUMALOG, 'draft'), authoredOn };
    const out = withDraftOrders(base(), [draft], () => true, valueSets, NOW);
    expect(requests(out).find((r) => r.id === 'd1')?.authoredOn).toBe(expected);
  });

  test('a draft of a drug the patient takes replaces that order, which stays on file as its history (a dose change)', () => {
    const out = withDraftOrders(base(), [request('d2', ...METFORMIN, 'draft')], () => true, valueSets, NOW);
    expect(requests(out).map((r) => r.id)).toEqual(['basal', 'met', 'd2']);
    expect(out.drafts[0]?.replaces).toEqual(['MedicationRequest/met']);
  });

  test('a draft of an insulin the patient takes replaces that order, which leaves the record (no injection twice)', () => {
    const out = withDraftOrders(base(), [request('d4', ...LANTUS, 'draft')], () => true, valueSets, NOW);
    expect(requests(out).map((r) => r.id)).toEqual(['met', 'd4']);
    expect(out.drafts[0]?.replaces).toEqual(['MedicationRequest/basal']);
  });

  test("a draft for another patient is left out (the pipeline's own check; the hook refuses it first)", () => {
    const theirs = { ...request('d9', ...GLIMEPIRIDE, 'draft'), subject: { reference: 'Patient/someone-else' } };
    const out = withDraftOrders(base(), [theirs], () => true, valueSets, NOW);
    expect(out.drafts).toEqual([]);
    expect(requests(out).map((r) => r.id)).toEqual(['basal', 'met']);
  });

  test('a draft of another class leaves the current orders alone', () => {
    const out = withDraftOrders(base(), [request('d3', ...GLIMEPIRIDE, 'draft')], () => true, valueSets, NOW);
    expect(requests(out).map((r) => r.id)).toEqual(['basal', 'met', 'd3']);
    expect(out.drafts[0]?.valueSets).toEqual(['sulfonylureas']);
  });

  test('only the drafts applied go into force; the record itself is not changed', () => {
    const before = base();
    const drafts = [request('d4', ...GLIMEPIRIDE, 'draft'), request('d5', ...HUMALOG, 'draft')];
    const out = withDraftOrders(before, drafts, (r) => r.id === 'd5', valueSets, NOW);
    expect(requests(out).map((r) => r.id)).toEqual(['basal', 'met', 'd5']);
    expect((before.resources.get('MedicationRequest') ?? []).map((r) => r.id)).toEqual(['basal', 'met']);
  });

  test('a Medication in the draft bundle resolves a draft that references it', () => {
    const draft: MedicationRequest = {
      ...request('d6', ...GLIMEPIRIDE, 'draft'),
      medicationReference: { reference: 'Medication/m1' },
    };
    delete draft.medicationCodeableConcept;
    const medication: FhirResource = {
      resourceType: 'Medication',
      id: 'm1',
      code: { coding: [{ system: RXNORM, code: GLIMEPIRIDE[0], display: GLIMEPIRIDE[1] }] },
    };
    const out = withDraftOrders(base(), [medication, draft], () => true, valueSets, NOW);
    expect(out.drafts[0]?.valueSets).toEqual(['sulfonylureas']);
    expect(out.record.medications.has('Medication/m1')).toBe(true);
  });

  test('other order types change nothing', () => {
    const lab = {
      resourceType: 'ServiceRequest',
      id: 'lab',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/p' },
    } as FhirResource;
    const before = base();
    const out = withDraftOrders(before, [lab], () => true, valueSets, NOW);
    expect(out.drafts).toEqual([]);
    expect(out.record).toBe(before);
  });

  test('a garbled order list is left for the facts to report, not replaced', () => {
    const garbled = { ...base(), resources: new Map([['MedicationRequest', { not: 'a list' } as never]]) };
    const out = withDraftOrders(garbled, [request('d7', ...HUMALOG, 'draft')], () => true, valueSets, NOW);
    expect(out.record.resources.get('MedicationRequest')).toEqual({ not: 'a list' });
  });

  test('an unreadable draft is read as a drug of no value set, and still goes into force', () => {
    const odd = {
      resourceType: 'MedicationRequest',
      id: 'd8',
      status: 'draft',
      medicationCodeableConcept: 'glimepiride',
    } as unknown as FhirResource;
    const out = withDraftOrders(base(), [odd], () => true, valueSets, NOW);
    expect(out.drafts).toEqual([
      { reference: 'MedicationRequest/d8', label: 'medication', valueSets: [], replaces: [] },
    ]);
    expect(requests(out).map((r) => r.id)).toEqual(['basal', 'met', 'd8']);
  });
});

const NOVOLOG = ['1653204', '3 ML insulin aspart, human 100 UNT/ML Pen Injector [NovoLog]'] as const;
const NOVOMIX = ['NovoLog Mix 70/30', 'NovoLog Mix 70/30 FlexPen'] as const;

/** A draft naming its drug only in words (a local formulary entry). */
function byText(id: string, text: string): MedicationRequest {
  const r = request(id, 'x', 'x', 'draft');
  return { ...r, medicationCodeableConcept: { text } };
}

describe('which current orders a draft takes the place of', () => {
  const mdi = () => record([request('basal', ...LANTUS), request('rapid', ...HUMALOG), request('met', ...METFORMIN)]);

  test.each<[string, () => MedicationRequest, string[], string[]]>([
    // A switch within a role: lispro to aspart at the same meals is the same injections.
    ['a rapid insulin of another brand', () => request('d1', ...NOVOLOG, 'draft'), ['basal', 'met', 'd1'], ['rapid']],
    [
      'a draft naming the order it changes (priorPrescription)',
      () => ({ ...request('d2', ...GLIMEPIRIDE, 'draft'), priorPrescription: { reference: 'MedicationRequest/met' } }),
      ['basal', 'rapid', 'd2'],
      ['met'],
    ],
    // A premix takes the place of basal-bolus: fewer injections, never more.
    ['a premix', () => byText('d3', NOVOMIX[1]), ['met', 'd3'], ['basal', 'rapid']],
  ])('%s', (_name, draft, kept, replaced) => {
    const out = withDraftOrders(mdi(), [draft()], () => true, valueSets, NOW);
    expect(requests(out).map((r) => r.id)).toEqual(kept);
    expect(out.drafts[0]?.replaces).toEqual(replaced.map((id) => `MedicationRequest/${id}`));
  });

  test.each(['cancelled', 'stopped', 'entered-in-error', 'on-hold', 'completed'] as const)(
    'a draft whose status is %s orders nothing: the record stays as it is',
    (status) => {
      const before = record([request('basal', ...LANTUS)]);
      const out = withDraftOrders(before, [request('d4', ...HUMALOG, status)], () => true, valueSets, NOW);
      expect(out.drafts).toEqual([]);
      expect(requests(out).map((r) => r.id)).toEqual(['basal']);
    },
  );

  // A discontinuation signed with the order set (a review, 2026-12-07): the order it names ends.
  test.each<[string, () => MedicationRequest, string[]]>([
    ['a stopped draft with the order’s own id', () => request('basal', ...LANTUS, 'stopped'), ['met']],
    [
      'a stopped draft naming the order in priorPrescription',
      () => ({ ...request('s1', ...LANTUS, 'stopped'), priorPrescription: { reference: 'MedicationRequest/basal' } }),
      ['met'],
    ],
    ['a cancelled draft with the order’s own id', () => request('basal', ...LANTUS, 'cancelled'), ['met']],
    // A cancelled change is an abandoned edit: the order it would have changed stays.
    [
      'a cancelled draft naming the order in priorPrescription',
      () => ({ ...request('s2', ...LANTUS, 'cancelled'), priorPrescription: { reference: 'MedicationRequest/basal' } }),
      ['basal', 'met'],
    ],
    [
      'a stopped draft of the same drug that names no order',
      () => request('s3', ...LANTUS, 'stopped'),
      ['basal', 'met'],
    ],
    [
      'an on-hold draft naming the order',
      () => ({ ...request('s4', ...LANTUS, 'on-hold'), priorPrescription: { reference: 'MedicationRequest/basal' } }),
      ['basal', 'met'],
    ],
  ])('%s', (_name, draft, kept) => {
    const before = record([request('basal', ...LANTUS), request('met', ...METFORMIN)]);
    const out = withDraftOrders(before, [draft()], () => true, valueSets, NOW);
    expect(out.drafts).toEqual([]);
    expect(requests(out).map((r) => r.id)).toEqual(kept);
  });
});
