import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const PUMP_TYPE = { coding: [{ system: 'http://snomed.info/sct', code: '69805005' }] };
const CGM_TYPE = { coding: [{ system: 'http://example.org/devices', code: 'CGM' }], text: 'Glucose sensor' };

function pumpOf(resources: unknown[], tweak: Partial<PatientRecord> = {}) {
  const record = { ...recordFromResources('p1', resources as FhirResource[]), ...tweak };
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 }).pump;
}

const device = (id: string, extra: Record<string, unknown>) => ({
  resourceType: 'Device',
  id,
  status: 'active',
  type: PUMP_TYPE,
  patient: { reference: 'Patient/p1' },
  ...extra,
});
const use = (id: string, extra: Record<string, unknown>) => ({
  resourceType: 'DeviceUseStatement',
  id,
  status: 'active',
  subject: { reference: 'Patient/p1' },
  ...extra,
});
const clinical = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] };

describe('already on an insulin pump (docs/clinical-rules.md, "Already on a pump")', () => {
  test.each([
    ['an active pump Device of the patient', [device('d', {})], 'Device'],
    [
      'an absolute patient reference',
      [device('d', { patient: { reference: 'https://ehr/fhir/Patient/p1' } })],
      'Device',
    ],
    [
      'an active DeviceUseStatement of a pump Device (whatever the Device status)',
      [device('d', { status: 'inactive' }), use('u', { device: { reference: 'Device/d' } })],
      'DeviceUseStatement',
    ],
    [
      'a DeviceUseStatement of a contained pump',
      [use('u', { contained: [{ resourceType: 'Device', id: 'x', type: PUMP_TYPE }], device: { reference: '#x' } })],
      'DeviceUseStatement',
    ],
    [
      'Z96.41 on the problem list',
      [
        {
          resourceType: 'Condition',
          id: 'c',
          clinicalStatus: clinical,
          code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z96.41' }] },
        },
      ],
      'Condition',
    ],
    [
      'insulin dosed as a rate in [iU]/h',
      [
        {
          resourceType: 'MedicationRequest',
          id: 'm',
          status: 'active',
          intent: 'order',
          medicationCodeableConcept: {
            coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1652640' }],
          },
          dosageInstruction: [
            { doseAndRate: [{ rateQuantity: { value: 1, system: 'http://unitsofmeasure.org', code: '[iU]/h' } }] },
          ],
        },
      ],
      'MedicationRequest',
    ],
  ])('true from %s', (_name, resources, evidenceType) => {
    const pump = pumpOf(resources);
    expect(pump).toMatchObject({ known: true, value: true });
    expect(pump.evidence.map((e) => e.resourceType)).toContain(evidenceType);
  });

  test.each([
    ['no device at all', []],
    ['a pump entered in error', [device('d', { status: 'entered-in-error' })]],
    [
      'an inactive pump whose note dates its stop years ago',
      [device('d', { status: 'inactive', note: [{ text: 'Pompe arrêtée en mai 2019, retour aux multi-injections' }] })],
    ],
    ['a pump of another patient', [device('d', { patient: { reference: 'Patient/other' } })]],
    ['another kind of device', [device('d', { type: CGM_TYPE })]],
    [
      'an inactive pump whose use was completed more than 180 days ago',
      [
        device('d', { status: 'inactive' }),
        use('u', {
          status: 'completed',
          device: { reference: 'Device/d' },
          timingPeriod: { start: '2021-03-01', end: '2023-05-31' },
        }),
      ],
    ],
    ['an active use of a sensor', [device('d', { type: CGM_TYPE }), use('u', { device: { reference: 'Device/d' } })]],
    // Paused or planned: only a pump's use makes the pump unknown.
    [
      'a sensor use on hold',
      [device('d', { type: CGM_TYPE }), use('u', { status: 'on-hold', device: { reference: 'Device/d' } })],
    ],
    [
      'an on-hold use of a device not in the record',
      [use('u', { status: 'on-hold', device: { reference: 'Device/gone' } })],
    ],
  ])('false with %s', (_name, resources) => {
    expect(pumpOf(resources)).toMatchObject({ known: true, value: false });
  });

  test.each([
    ['Device not loaded', [], { loaded: new Set(['Condition']) }, 'Device data was not loaded'],
    ['Device truncated', [], { truncated: new Set(['Device']) }, 'truncated'],
    ['a pump without status', [device('d', { status: undefined })], {}, 'Device/d'],
    ['a pump without patient', [device('d', { patient: undefined })], {}, 'Device/d'],
    [
      'an active use of a device not in the record',
      [use('u', { device: { reference: 'Device/missing' } })],
      {},
      'DeviceUseStatement/u',
    ],
    ['an active device with an unreadable type', [device('d', { type: 'pump' })], {}, 'Device/d'],
    [
      'an active device with a name that is neither a pump nor a known device, and no coded type',
      [device('d', { type: undefined, deviceName: [{ name: 'Gizmo 3000' }] })],
      {},
      'Device/d',
    ],
    [
      'an active device of a type in a system the service cannot read',
      [device('d', { type: { coding: [{ system: 'http://example.org', code: 'X' }] } })],
      {},
      'Device type http://example.org|X is not classified',
    ],
    // Inactive is "no longer available for use (e.g. lost, expired, damaged)": a pump broken or
    // paused as much as one given up; a use that ended lately or on no date may resume.
    ['an inactive pump', [device('d', { status: 'inactive' })], {}, 'a pump marked inactive'],
    [
      'a completed use of a pump with no end date',
      [device('d', { status: 'inactive' }), use('u', { status: 'completed', device: { reference: 'Device/d' } })],
      {},
      'pump use completed on a date not recorded',
    ],
    [
      'a pump use stopped within 180 days',
      [
        device('d', { status: 'inactive' }),
        use('u', {
          status: 'stopped',
          device: { reference: 'Device/d' },
          timingPeriod: { start: '2023-01-10', end: NOW.toISOString().slice(0, 8) + '01' },
        }),
      ],
      {},
      'pump use stopped',
    ],
    // A pump holiday, or a pump about to start: neither on a pump now nor shown off one.
    [
      'a pump use on hold',
      [device('d', { status: 'inactive' }), use('u', { status: 'on-hold', device: { reference: 'Device/d' } })],
      {},
      'pump use on-hold',
    ],
    [
      'a pump use intended',
      [device('d', { status: 'inactive' }), use('u', { status: 'intended', device: { reference: 'Device/d' } })],
      {},
      'pump use intended',
    ],
  ])('unknown with %s', (_name, resources, tweak, reason) => {
    const pump = pumpOf(resources, tweak);
    expect(pump.known).toBe(false);
    expect(!pump.known && pump.reason).toContain(reason);
  });

  test.each(['MiniMed 780G', 'Omnipod DASH', 'Pompe à insuline t:slim X2', 'Accu-Chek Insight'])(
    'an active device named %s with no coded type is a pump, as lower-confidence evidence',
    (name) => {
      const pump = pumpOf([device('d', { type: undefined, deviceName: [{ name }] })]);
      expect(pump).toMatchObject({ known: true, value: true, evidence: [{ id: 'd', confidence: 'low' }] });
    },
  );

  test.each([
    'Medtronic 780G with Guardian 4 sensor',
    'Pompe Medtronic 780G avec capteur Guardian 4',
    'iLet Bionic Pancreas + Dexcom G7',
    'twiist AID system with FreeStyle Libre 3 Plus',
    'Pompe Ypso avec capteur Libre 2',
  ])('an active device named "%s" is a pump, whatever sensor is named with it', (name) => {
    const pump = pumpOf([device('d', { type: undefined, deviceName: [{ name }] })]);
    expect(pump).toMatchObject({ known: true, value: true, evidence: [{ id: 'd', confidence: 'low' }] });
  });

  test.each(['FreeStyle Libre 2', 'Dexcom G7', 'Stylo à insuline NovoPen 6'])(
    'an active device named %s is known not to be a pump',
    (name) => {
      expect(pumpOf([device('d', { type: undefined, deviceName: [{ name }] })])).toMatchObject({
        known: true,
        value: false,
      });
    },
  );

  test('an active use of an unknown device whose reason says pump counts', () => {
    const reasonCode = [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z96.41' }] }];
    expect(pumpOf([use('u', { device: { reference: 'Device/missing' }, reasonCode })])).toMatchObject({
      known: true,
      value: true,
    });
  });
});

describe('a pump ordered (DeviceRequest) leaves the pump unknown', () => {
  const order = (id: string, extra: Record<string, unknown>) => ({
    resourceType: 'DeviceRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    codeCodeableConcept: PUMP_TYPE,
    ...extra,
  });
  test.each<[string, unknown[]]>([
    ['an active order coded SNOMED 69805005', [order('r', {})]],
    ['an order on hold', [order('r', { status: 'on-hold' })]],
    ['a completed order (the pump delivered)', [order('r', { status: 'completed' })]],
    ['an order whose status cannot be read', [order('r', { status: 'unknown' })]],
    [
      'an order named in French words only',
      [order('r', { codeCodeableConcept: { text: 'Pompe à insuline Omnipod 5' } })],
    ],
    [
      'an order of a pump Device in the record',
      [
        device('d', { status: 'inactive' }),
        order('r', { codeCodeableConcept: undefined, codeReference: { reference: 'Device/d' } }),
      ],
    ],
  ])('%s', (_name, resources) => {
    const pump = pumpOf(resources);
    expect(pump.known).toBe(false);
    expect(!pump.known && pump.reason).toContain('DeviceRequest/r');
  });

  test.each<[string, unknown[]]>([
    ['a draft never sent', [order('r', { status: 'draft' })]],
    ['a revoked order', [order('r', { status: 'revoked' })]],
    ['an order entered in error', [order('r', { status: 'entered-in-error' })]],
    ['an order for a glucose sensor', [order('r', { codeCodeableConcept: { text: 'FreeStyle Libre 2 sensor' } })]],
    ['an order for a wheelchair', [order('r', { codeCodeableConcept: { text: 'Manual wheelchair' } })]],
  ])('%s says nothing: no pump', (_name, resources) => {
    expect(pumpOf(resources)).toMatchObject({ known: true, value: false });
  });
});

// CPT and CCAM are readable for procedures when words stand beside the code (rules/code-systems.json):
// a colonoscopy is something else, not a pump start; a bare code could be anything (a review of
// realistic records, 2026-12-05: before, any such procedure left the pump unknown).
describe('a procedure coded in CPT or CCAM', () => {
  const CPT = 'http://www.ama-assn.org/go/cpt';
  const CCAM = 'https://smt.esante.gouv.fr/terminologie-ccam';
  const procedure = (system: string, code: string, display?: string, text?: string) => ({
    resourceType: 'Procedure',
    id: 'px',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    code: { coding: [{ system, code, ...(display ? { display } : {}) }], ...(text ? { text } : {}) },
    performedDateTime: '2024-03-12',
  });
  const facts = (resources: unknown[]) =>
    computePatientFacts(recordFromResources('p1', resources as FhirResource[]), valueSets, {
      now: NOW,
      alcoholGramsPerDrink: 10,
    });
  test.each<[string, unknown, boolean | 'unknown']>([
    ['a CPT colonoscopy with its display', procedure(CPT, '45378', 'Colonoscopy, flexible; diagnostic'), false],
    ['a CCAM colonoscopy with its text', procedure(CCAM, 'HHQE005', undefined, 'Coloscopie totale'), false],
    ['a bare CPT code', procedure(CPT, '45378'), 'unknown'],
    ['a pump start named beside a CPT code', procedure(CPT, '99213', 'Insulin pump initiation visit'), true],
  ])('%s: on a pump %s', (_name, resource, expected) => {
    const pump = pumpOf([resource]);
    expect(pump.known ? pump.value : 'unknown').toBe(expected);
  });

  test.each<[string, unknown, boolean]>([
    [
      'a CPT sleeve gastrectomy by its display',
      procedure(
        CPT,
        '43775',
        'Laparoscopy, surgical, gastric restrictive procedure; longitudinal gastrectomy (ie, sleeve gastrectomy)',
      ),
      true,
    ],
    [
      'a CCAM bypass by its display',
      procedure(CCAM, 'HFCC003', 'Court-circuit gastrique [bypass gastrique] pour obésité morbide, par cœlioscopie'),
      true,
    ],
    ['a CPT colonoscopy is no bariatric surgery', procedure(CPT, '45378', 'Colonoscopy, flexible; diagnostic'), false],
  ])('%s: bariatric surgery %s', (_name, resource, expected) => {
    expect(facts([resource]).rule.values.get('procedure.bariatric-surgery')).toBe(expected);
  });
});
