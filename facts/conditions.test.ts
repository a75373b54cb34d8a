import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { computePatientFacts } from './compute-facts.js';
import { conditionBounds } from './conditions.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const SCT = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

function factsOf(resources: unknown[], tweak: Partial<PatientRecord> = {}) {
  const record = { ...recordFromResources('p1', resources as FhirResource[]), ...tweak };
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 });
}

const status = (system: string, code: string) => ({ coding: [{ system, code }] });
const clinical = (code: string) => status('http://terminology.hl7.org/CodeSystem/condition-clinical', code);
const verification = (code: string) => status('http://terminology.hl7.org/CodeSystem/condition-ver-status', code);

function t1d(id: string, extra: Record<string, unknown>) {
  return { resourceType: 'Condition', id, code: { coding: [{ system: SCT, code: '46635009' }] }, ...extra };
}

describe('which Conditions count (docs/clinical-rules.md, "Conditions")', () => {
  test.each([
    ['active', { clinicalStatus: clinical('active') }, true],
    ['recurrence', { clinicalStatus: clinical('recurrence') }, true],
    ['relapse', { clinicalStatus: clinical('relapse') }, true],
    [
      'active and provisional (neither present nor absent)',
      { clinicalStatus: clinical('active'), verificationStatus: verification('provisional') },
      undefined,
    ],
    [
      'active and confirmed',
      { clinicalStatus: clinical('active'), verificationStatus: verification('confirmed') },
      true,
    ],
    [
      'active beside an abatement date (neither present nor absent)',
      { clinicalStatus: clinical('active'), abatementDateTime: '2025-01-01' },
      undefined,
    ],
    [
      'active and unconfirmed (neither present nor absent)',
      { clinicalStatus: clinical('active'), verificationStatus: verification('unconfirmed') },
      undefined,
    ],
    // Type 1 diabetes is lifelong: a record marked ended does not show it gone (neither present nor absent).
    ['resolved', { clinicalStatus: clinical('resolved') }, undefined],
    ['inactive', { clinicalStatus: clinical('inactive') }, undefined],
    ['in remission (the honeymoon phase)', { clinicalStatus: clinical('remission') }, undefined],
    [
      'active but entered in error',
      { clinicalStatus: clinical('active'), verificationStatus: verification('entered-in-error') },
      false,
    ],
    ['active but refuted', { clinicalStatus: clinical('active'), verificationStatus: verification('refuted') }, false],
    ['entered in error without clinicalStatus', { verificationStatus: verification('entered-in-error') }, false],
  ])('%s → condition.t1d %p', (_name, statuses, expected) => {
    const f = factsOf([t1d('c1', statuses)]);
    expect(f.rule.values.get('condition.t1d')).toBe(expected);
  });

  // A diabetes named in remission by its own code or words is read as one marked in remission,
  // whatever its clinicalStatus says: lifelong, so neither present nor absent.
  test.each<[string, Record<string, unknown>, string, boolean | undefined]>([
    ['E11.A, no display', { coding: [{ system: ICD10CM, code: 'E11.A' }] }, 'condition.t2d', undefined],
    ['E11.A written without the dot', { coding: [{ system: ICD10CM, code: 'E11A' }] }, 'condition.t2d', undefined],
    [
      'SNOMED 703138006',
      { coding: [{ system: SCT, code: '703138006' }], text: 'T2DM in remission' },
      'condition.t2d',
      undefined,
    ],
    [
      'E11.9 "DT2 en rémission"',
      { coding: [{ system: ICD10CM, code: 'E11.9' }], text: 'DT2 en rémission' },
      'condition.t2d',
      undefined,
    ],
    [
      'E11.9 "Type 2 diabetes"',
      { coding: [{ system: ICD10CM, code: 'E11.9' }], text: 'Type 2 diabetes' },
      'condition.t2d',
      true,
    ],
    [
      'E10.9 "Type 1 diabetes in remission"',
      { coding: [{ system: ICD10CM, code: 'E10.9' }], text: 'Type 1 diabetes in remission' },
      'condition.t1d',
      undefined,
    ],
  ])('active, %s → %s %p', (_name, code, fact, expected) => {
    const f = factsOf([{ resourceType: 'Condition', id: 'c1', code, clinicalStatus: clinical('active') }]);
    expect(f.rule.values.get(fact)).toBe(expected);
  });

  test.each([
    ['no clinicalStatus', { verificationStatus: verification('confirmed') }],
    ['an unknown status code', { clinicalStatus: clinical('probably') }],
    ['clinicalStatus as a plain string', { clinicalStatus: 'active' }],
    ['active from a foreign code system', { clinicalStatus: status('http://example.org/status', 'active') }],
    [
      'active with an unreadable verificationStatus',
      { clinicalStatus: clinical('active'), verificationStatus: 'confirmed' },
    ],
  ])('%s leaves condition.t1d unknown, never false', (_name, statuses) => {
    const f = factsOf([t1d('c1', statuses)]);
    expect(f.rule.values.has('condition.t1d')).toBe(false);
    expect(f.rule.unknownReasons.get('condition.t1d')).toContain('Condition/c1');
  });

  test('an uncertain record does not hide an active one', () => {
    const f = factsOf([t1d('c1', {}), t1d('c2', { clinicalStatus: clinical('active') })]);
    expect(f.rule.values.get('condition.t1d')).toBe(true);
  });

  test.each([
    ['ICD-10-CM E10.65 (prefix E10)', 'http://hl7.org/fhir/sid/icd-10-cm', 'E10.65'],
    ['ICD-10-CM without the dot, lower case', 'http://hl7.org/fhir/sid/icd-10-cm', 'e1065'],
    ['WHO ICD-10 E10.9', 'http://hl7.org/fhir/sid/icd-10', 'E10.9'],
    ['SNOMED 46635009', SCT, '46635009'],
  ])('matches %s', (_name, system, code) => {
    const f = factsOf([
      { resourceType: 'Condition', id: 'c', clinicalStatus: clinical('active'), code: { coding: [{ system, code }] } },
    ]);
    expect(f.rule.values.get('condition.t1d')).toBe(true);
  });

  test('any coding of the concept may match', () => {
    const code = {
      coding: [
        { system: 'http://example.org/local', code: 'DT1' },
        { system: SCT, code: '46635009' },
      ],
    };
    const f = factsOf([{ resourceType: 'Condition', id: 'c', clinicalStatus: clinical('active'), code }]);
    expect(f.rule.values.get('condition.t1d')).toBe(true);
  });

  test('nothing matching, with Conditions loaded, is known false', () => {
    const f = factsOf([]);
    expect(f.rule.values.get('condition.t1d')).toBe(false);
    expect(f.rule.unknownReasons.get('condition.t1d.onsetDays')).toBe('condition not on file');
  });

  test.each([
    ['not loaded', { loaded: new Set(['Observation']) }, 'Condition data was not loaded'],
    ['truncated', { truncated: new Set(['Condition']) }, 'Condition results were truncated at the page cap'],
  ])('Conditions %s: unknown', (_name, tweak, reason) => {
    const f = factsOf([], tweak);
    expect(f.rule.unknownReasons.get('condition.t1d')).toBe(reason);
  });

  test('truncated data still proves presence', () => {
    const f = factsOf([t1d('c1', { clinicalStatus: clinical('active') })], { truncated: new Set(['Condition']) });
    expect(f.rule.values.get('condition.t1d')).toBe(true);
  });
});

describe('unreadable Conditions', () => {
  test('an active Condition whose code cannot be read makes every absence unknown', () => {
    const broken = {
      resourceType: 'Condition',
      id: 'x',
      clinicalStatus: clinical('active'),
      code: { coding: { system: SCT, code: '46635009' } },
    };
    const f = factsOf([broken]);
    expect(f.rule.values.has('condition.t1d')).toBe(false);
    expect(f.rule.values.has('condition.cirrhosis')).toBe(false);
    expect(f.dataQuality).toContain('Condition/x: code is unreadable');
  });

  test('a resolved Condition with an unreadable code changes nothing', () => {
    const broken = { resourceType: 'Condition', id: 'x', clinicalStatus: clinical('resolved'), code: 42 };
    expect(factsOf([broken]).rule.values.get('condition.t1d')).toBe(false);
  });

  test.each([
    ['no code', {}],
    ['an empty code', { code: {} }],
    ['a code with empty codings', { code: { coding: [{}] } }],
  ])('an active Condition with %s could be anything: absences unknown', (_name, code) => {
    const f = factsOf([{ resourceType: 'Condition', id: 'x', clinicalStatus: clinical('active'), ...code }]);
    expect(f.rule.values.has('condition.t1d')).toBe(false);
    expect(f.dataQuality).toEqual(['Condition/x: no code or text']);
  });

  test('an uncoded free-text Condition that names nothing we know could be anything: absences unknown', () => {
    const f = factsOf([
      { resourceType: 'Condition', id: 'x', clinicalStatus: clinical('active'), code: { text: 'Knee pain' } },
    ]);
    expect(f.rule.values.has('condition.t1d')).toBe(false);
    expect(f.rule.unknownReasons.get('condition.t1d')).toContain('words name nothing the service knows');
  });

  test('a resolved condition that is not lifelong is ignored: a resolved hepatitis C is not on file', () => {
    const f = factsOf([
      {
        resourceType: 'Condition',
        id: 'h',
        clinicalStatus: clinical('resolved'),
        code: { coding: [{ system: 'http://snomed.info/sct', code: '128302006' }] },
      },
    ]);
    expect(f.rule.values.get('condition.chronic-hepatitis-c')).toBe(false);
  });

  // Cirrhosis, HCC, hemochromatosis, chronic hepatitis B and the other chronic liver diseases are
  // `persistent`: an ended record of one still shows the disease, unless it was never confirmed.
  test.each([
    ['cirrhosis marked resolved', 'K74.60', 'cirrhosis', 'resolved', 'confirmed', true, ''],
    [
      'hepatitis B "inactive carrier" marked inactive',
      'B18.1',
      'chronic-hepatitis-b',
      'inactive',
      'confirmed',
      true,
      '',
    ],
    ['autoimmune hepatitis in remission', 'K75.4', 'chronic-liver-disease-other', 'remission', 'confirmed', true, ''],
    ['cirrhosis marked inactive, only provisional', 'K74.60', 'cirrhosis', 'inactive', 'provisional', undefined, ''],
    ['toxic hepatitis marked resolved: it healed', 'K71.6', 'toxic-liver-disease', 'resolved', 'confirmed', false, ''],
    // Words on the ended record that say it healed or was ruled out: gone, or never there.
    [
      '"Hépatite B guérie (séroconversion HBs)" resolved',
      'B18.1',
      'chronic-hepatitis-b',
      'resolved',
      'confirmed',
      false,
      'Hépatite B guérie (séroconversion HBs)',
    ],
    [
      '"Cirrhosis ruled out on FibroScan" resolved',
      'K74.60',
      'cirrhosis',
      'resolved',
      'confirmed',
      false,
      'Cirrhosis ruled out on FibroScan',
    ],
    // "HBeAg-negative" names the inactive carrier itself, not a cure.
    [
      '"HBeAg-negative chronic hepatitis B" inactive',
      'B18.1',
      'chronic-hepatitis-b',
      'inactive',
      'confirmed',
      true,
      'HBeAg-negative chronic hepatitis B',
    ],
  ])('%s: %s gives %s', (_name, code, set, status, verification, expected, text) => {
    const f = factsOf([
      {
        resourceType: 'Condition',
        id: 'liver',
        clinicalStatus: clinical(status),
        verificationStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification }],
        },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }], ...(text ? { text } : {}) },
      },
    ]);
    expect(f.rule.values.get(`condition.${set}`)).toBe(expected);
  });

  test.each([
    ['Family history of type 2 diabetes'],
    ['ATCD familial : diabète de type 1'],
    ['Pas de diabète de type 1'],
    ['Suspicion de diabète de type 1'],
  ])('words in another context ("%s") classify nothing: only codes speak', (text) => {
    const f = factsOf([{ resourceType: 'Condition', id: 'x', clinicalStatus: clinical('active'), code: { text } }]);
    expect(f.rule.values.get('condition.t2d')).not.toBe(true);
    expect(f.rule.values.get('condition.t1d')).not.toBe(true);
  });
});

describe('onset', () => {
  test('is the earliest among active matches; a record with only a recordedDate bounds it from below', () => {
    const f = factsOf([
      t1d('a', { clinicalStatus: clinical('active'), onsetDateTime: '2026-10-01' }),
      t1d('b', { clinicalStatus: clinical('active'), onsetPeriod: { start: '2026-09-22' } }),
      t1d('c', { clinicalStatus: clinical('active'), onsetString: 'childhood', recordedDate: '2026-10-15' }),
    ]);
    // Record c began by 2026-10-15 at the latest, maybe long before: 61 days is a lower bound.
    expect(f.rule.values.get('condition.t1d.onsetDays')).toEqual({ low: 61 });
    expect(f.coded.condition.get('t1d')).toMatchObject({ known: true, value: { present: true } });
    expect(f.rule.evidence.get('condition.t1d')?.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  test('an unreadable onset on one match keeps only what its recorded date bounds, and is reported', () => {
    const f = factsOf([
      t1d('a', { clinicalStatus: clinical('active'), onsetDateTime: '2026-10-01' }),
      t1d('b', { clinicalStatus: clinical('active'), onsetDateTime: '2026-02-30', recordedDate: '2026-11-01' }),
    ]);
    expect(f.rule.values.get('condition.t1d')).toBe(true);
    // b began by 2026-11-01, maybe before a: 52 days (since a's onset) is only a lower bound.
    expect(f.rule.values.get('condition.t1d.onsetDays')).toEqual({ low: 52 });
    expect(f.dataQuality).toContain('Condition/b: unreadable date');
  });
});

describe('the date a condition is cited with is a date; what it is dates is said beside the name', () => {
  const withBirth = [{ resourceType: 'Patient', id: 'p1', birthDate: '1990-06-15' }];
  test.each<[string, Record<string, unknown>, string, string]>([
    ['an onset date', { onsetDateTime: '2026-10-01' }, '2026-10-01', '46635009'],
    ['a recorded date alone', { recordedDate: '2026-11-01' }, '2026-11-01', '46635009 (date recorded, not of onset)'],
    // An age spans its year: the date is the earliest day it allows (the birthday, on the calendar).
    ['an onset age', { onsetAge: { value: 30, unit: 'a' } }, '2020-06-15', '46635009 (onset at age 30 a)'],
    [
      'an onset range of ages',
      { onsetRange: { low: { value: 30, unit: 'a' }, high: { value: 31, unit: 'a' } } },
      '2020-06-15',
      '46635009 (onset between age 30 a and age 31 a)',
    ],
  ])('%s', (_name, dates, date, display) => {
    const f = factsOf([...withBirth, t1d('a', { clinicalStatus: clinical('active'), ...dates })]);
    const [evidence] = f.rule.evidence.get('condition.t1d') ?? [];
    expect({ date: evidence?.date, display: evidence?.display }).toEqual({ date, display });
  });
});

describe('procedures', () => {
  const bariatric = (id: string, status: unknown, performedDateTime = '2020-03-01') => ({
    resourceType: 'Procedure',
    id,
    status,
    code: { coding: [{ system: SCT, code: '430715008' }] },
    performedDateTime,
  });

  test.each([
    ['completed', true],
    ['in-progress', true],
    ['entered-in-error', false],
    ['not-done', false],
  ])('status %s → procedure.bariatric-surgery %p', (status, expected) => {
    expect(factsOf([bariatric('p', status)]).rule.values.get('procedure.bariatric-surgery')).toBe(expected);
  });

  test.each(['preparation', 'stopped', 'unknown', undefined])('status %p leaves it unknown', (status) => {
    expect(factsOf([bariatric('p', status)]).rule.values.has('procedure.bariatric-surgery')).toBe(false);
  });

  test('days since the earliest', () => {
    const f = factsOf([bariatric('a', 'completed', '2026-11-01'), bariatric('b', 'completed', '2026-10-22')]);
    expect(f.rule.values.get('procedure.bariatric-surgery.days')).toBe(31);
  });
});

/** Whole days from an ISO date to NOW, as onsetDays counts them. */
const daysAgo = (iso: string) => Math.floor((NOW.getTime() - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);
const ACTIVE_40_DAYS = t1d('new', { clinicalStatus: clinical('active'), onsetDateTime: '2026-10-13' });

describe('an ended or unsure type 1 record still dates the onset (lifelong: it existed by then)', () => {
  test.each<[string, Record<string, unknown>, unknown]>([
    [
      'inactive since 2012',
      { clinicalStatus: clinical('inactive'), onsetDateTime: '2012-05-01' },
      daysAgo('2012-05-01'),
    ],
    [
      'in remission, onset 2012 (a year)',
      { clinicalStatus: clinical('remission'), onsetDateTime: '2012' },
      { low: daysAgo('2012-12-31'), high: daysAgo('2012-01-01') },
    ],
    ['resolved and undated: the earliest start is open', { clinicalStatus: clinical('resolved') }, { low: 40 }],
    [
      'resolved, recorded 2019 only: began by then',
      { clinicalStatus: clinical('resolved'), recordedDate: '2019-06-01' },
      { low: daysAgo('2019-06-01') },
    ],
    [
      'unconfirmed since 2015: may have begun then, so widens only',
      {
        clinicalStatus: clinical('active'),
        verificationStatus: verification('unconfirmed'),
        onsetDateTime: '2015-03-01',
      },
      { low: 40, high: daysAgo('2015-03-01') },
    ],
    ['no clinicalStatus, undated: the earliest start is open', {}, { low: 40 }],
    [
      'provisional, dated after the active one: changes nothing',
      {
        clinicalStatus: clinical('active'),
        verificationStatus: verification('provisional'),
        onsetDateTime: '2026-11-01',
      },
      40,
    ],
  ])('active 40 days ago + %s', (_name, statuses, days) => {
    const f = factsOf([ACTIVE_40_DAYS, t1d('old', statuses)]);
    expect(f.rule.values.get('condition.t1d')).toBe(true);
    expect(f.rule.values.get('condition.t1d.onsetDays')).toEqual(days);
  });

  test.each([
    ['inactive', clinical('inactive'), 'marked inactive; dates the onset'],
    ['remission', clinical('remission'), 'marked in remission; dates the onset'],
  ])('the %s record is cited, saying why', (_name, clinicalStatus, note) => {
    const f = factsOf([ACTIVE_40_DAYS, t1d('old', { clinicalStatus, onsetDateTime: '2012-05-01' })]);
    // Named in the fact's note, not cited as evidence that the diabetes is there.
    expect(f.rule.evidence.get('condition.t1d')?.map((e) => e.id)).not.toContain('old');
    expect(f.rule.notes.get('condition.t1d.onsetDays')).toContain(`Condition/old`);
    expect(f.rule.notes.get('condition.t1d.onsetDays')).toContain(note);
  });

  test('an unsure earlier record hides the earliest date: it may not be the earliest', () => {
    const unsure = { clinicalStatus: clinical('active'), verificationStatus: verification('unconfirmed') };
    const f = factsOf([ACTIVE_40_DAYS, t1d('old', { ...unsure, onsetDateTime: '2015-03-01' })]);
    expect(f.coded.condition.get('t1d')).toMatchObject({ known: true, value: { present: true } });
    expect(f.coded.condition.get('t1d')?.known && f.coded.condition.get('t1d')).not.toHaveProperty('value.earliest');
    expect(f.rule.notes.get('condition.t1d.onsetDays')).toContain('status unclear; may date the onset earlier');
  });

  test('an ended record alone still leaves type 1 diabetes unknown, never present', () => {
    const f = factsOf([t1d('old', { clinicalStatus: clinical('inactive'), onsetDateTime: '2012-05-01' })]);
    expect(f.rule.values.has('condition.t1d')).toBe(false);
  });

  test('an ended record of a condition that is not lifelong dates nothing', () => {
    const asthma = (id: string, extra: Record<string, unknown>) => ({
      resourceType: 'Condition',
      id,
      code: { coding: [{ system: SCT, code: '195967001' }] },
      ...extra,
    });
    const f = factsOf([
      ACTIVE_40_DAYS,
      asthma('old-asthma', { clinicalStatus: clinical('resolved'), onsetDateTime: '2001-01-01' }),
    ]);
    expect(f.rule.values.get('condition.t1d.onsetDays')).toBe(40);
  });
});

describe('a recorded date bounds the onset from above', () => {
  test.each<[string, Record<string, unknown>, unknown, string | undefined]>([
    [
      'recorded years before its stated onset: the onset is contradicted',
      { onsetDateTime: '2026-10-13', recordedDate: '2019-06-01' },
      { low: daysAgo('2019-06-01') },
      'Condition/c1: recorded before its stated onset',
    ],
    [
      'recorded within the onset year: ends the span',
      { onsetDateTime: '2026', recordedDate: '2026-03-01' },
      { low: daysAgo('2026-03-01'), high: daysAgo('2026-01-01') },
      undefined,
    ],
    [
      'recorded the day before (time zones): onset kept',
      { onsetDateTime: '2026-10-13', recordedDate: '2026-10-12' },
      40,
      undefined,
    ],
    [
      'recorded after the onset: onset kept',
      { onsetDateTime: '2026-10-13', recordedDate: '2026-10-20' },
      40,
      undefined,
    ],
  ])('%s', (_name, dates, days, problem) => {
    const f = factsOf([t1d('c1', { clinicalStatus: clinical('active'), ...dates })]);
    expect(f.rule.values.get('condition.t1d.onsetDays')).toEqual(days);
    if (problem) expect(f.dataQuality).toContain(problem);
    else expect(f.dataQuality.filter((l) => l.startsWith('Condition/c1'))).toEqual([]);
  });
});

describe('an onset string that dates something else too is no onset', () => {
  test.each([
    ["DT1 depuis l'âge de 8 ans, pompe depuis octobre 2026", undefined],
    ['T1D since age 12; pump started 2026', undefined],
    [
      'découverte en octobre 2026 (polyuro-polydipsie, amaigrissement)',
      { low: daysAgo('2026-10-31'), high: daysAgo('2026-10-01') },
    ],
  ])('"%s" → onsetDays %p', (onsetString, days) => {
    const f = factsOf([t1d('c1', { clinicalStatus: clinical('active'), onsetString })]);
    expect(f.rule.values.get('condition.t1d.onsetDays')).toEqual(days);
  });

  test('a performedString that dates something else too leaves the procedure undated', () => {
    const f = factsOf([
      {
        resourceType: 'Procedure',
        id: 'p',
        status: 'completed',
        code: { coding: [{ system: SCT, code: '430715008' }] },
        performedString: 'sleeve à 35 ans, reprise en mars 2026',
      },
    ]);
    expect(f.rule.values.get('procedure.bariatric-surgery')).toBe(true);
    expect(f.rule.values.has('procedure.bariatric-surgery.days')).toBe(false);
  });
});

describe('an age at onset', () => {
  const at = (birthDate: string, onsetAge: Record<string, unknown>) =>
    conditionBounds({ onsetAge }, birthDate, NOW).bounds;

  test.each<[string, string, Record<string, unknown>, string, string]>([
    // 18 × 365.25 days falls half a day after the birthday: the calendar birthday is the start.
    ['18 years, on the calendar', '2008-08-24', { value: 18, code: 'a' }, '2026-08-24', '2027-08-24'],
    ['18 years of a 29 February birth', '2008-02-29', { value: 18, code: 'a' }, '2026-02-28', '2027-02-28'],
    [
      '1 month of a 31 January birth ends with February',
      '2026-01-31',
      { value: 1, code: 'mo' },
      '2026-02-28',
      '2026-03-31',
    ],
    ['unit "years" without a code', '2008-08-24', { value: 18, unit: 'years' }, '2026-08-24', '2027-08-24'],
    ['unit "ans" without a code', '2008-08-24', { value: 18, unit: 'Ans' }, '2026-08-24', '2027-08-24'],
    ['unit "mois" without a code', '2026-01-15', { value: 2, unit: 'mois' }, '2026-03-15', '2026-04-15'],
    ['unit "semaines" without a code', '2026-01-01', { value: 2, unit: 'semaines' }, '2026-01-15', '2026-01-22'],
    ['unit "days" without a code', '2026-01-01', { value: 10, unit: 'days' }, '2026-01-11', '2026-01-12'],
  ])('%s', (_name, birthDate, age, start, nextStart) => {
    expect(at(birthDate, age)).toMatchObject({ start: Date.parse(start), end: Date.parse(nextStart) - 1 });
  });

  test.each([{ value: 18, unit: 'decades' }, { value: 18 }, { value: 18, code: 'years' }])(
    '%p is unreadable',
    (age) => {
      const f = factsOf([
        { resourceType: 'Patient', id: 'p1', birthDate: '2008-08-24' },
        t1d('c1', { clinicalStatus: clinical('active'), onsetAge: age }),
      ]);
      expect(f.dataQuality).toContain('Condition/c1: unreadable date');
    },
  );

  test('an 18th birthday exactly 90 days ago is not less than 90 days', () => {
    const f = factsOf([
      { resourceType: 'Patient', id: 'p1', birthDate: '2008-08-24' },
      t1d('c1', { clinicalStatus: clinical('active'), onsetAge: { value: 18, unit: 'a' } }),
    ]);
    expect(f.rule.values.get('condition.t1d.onsetDays')).toEqual({ low: 0, high: 90 });
  });
});

describe('words read item by item, and the hedges that belong to diagnoses', () => {
  const LOCAL = 'http://chu-exemple.fr/fhir/CodeSystem/codes-locaux';
  const dx = (id: string, coding: Record<string, unknown>[], text: string) => ({
    resourceType: 'Condition',
    id,
    clinicalStatus: clinical('active'),
    code: { coding, text },
    onsetDateTime: '2018-03-01',
  });
  test.each<[string, Record<string, unknown>[], string, string, boolean | undefined]>([
    [
      'a risk named as another item',
      [{ system: LOCAL, code: 'P1' }],
      'Type 2 diabetes, high cardiovascular risk',
      't2d',
      true,
    ],
    ['a history named as another item', [{ system: LOCAL, code: 'P1' }], 'Type 2 diabetes; history of MI', 't2d', true],
    ['a negation of another item', [{ system: LOCAL, code: 'P1' }], 'DT2, pas de rétinopathie', 't2d', true],
    [
      'a risk of the diagnosis itself',
      [{ system: ICD10CM, code: 'R73.03' }],
      'Prediabetes, high risk for type 2 diabetes',
      't2d',
      false,
    ],
    ['another type ruled out', [{ system: ICD10CM, code: 'E11.65' }], 'Type 2 diabetes (MODY excluded)', 't2d', true],
    ['another type set aside, in French', [{ system: ICD10CM, code: 'E11.65' }], 'DT2 - MODY écarté', 't2d', true],
    ['a wish, not a pregnancy', [{ system: LOCAL, code: 'P2' }], 'Désir de grossesse', 'pregnancy', undefined],
    [
      'a past gestational diabetes',
      [{ system: ICD10CM, code: 'O24.419' }],
      'Gestational diabetes mellitus in pregnancy',
      'pregnancy',
      false,
    ],
    ['pregnant now, in words', [{ system: LOCAL, code: 'P3' }], 'Enceinte de 12 SA', 'pregnancy', true],
    ['"DM type 2"', [{ system: LOCAL, code: 'P4' }], 'DM type 2 on insulin', 't2d', true],
    [
      '"DM2" alone also names myotonic dystrophy type 2',
      [{ system: LOCAL, code: 'P4' }],
      'DM2 (PROMM)',
      't2d',
      undefined,
    ],
    ['"Type 2 DM"', [{ system: LOCAL, code: 'P4' }], 'Type 2 DM with hyperglycemia', 't2d', true],
    [
      '"Diabète sucré de type 2"',
      [{ system: LOCAL, code: 'P4' }],
      'Diabète sucré de type 2 insulinotraité',
      't2d',
      true,
    ],
    ['a screening, not a diagnosis', [{ system: LOCAL, code: 'P4' }], 'Type 2 DM screening', 't2d', undefined],
    // A type 2 code whose words name another type (a review of realistic records, 2026-12-05).
    [
      'a steroid-induced diabetes coded E11',
      [{ system: ICD10CM, code: 'E11.65' }],
      'Steroid-induced hyperglycemia/diabetes',
      't2d',
      undefined,
    ],
    [
      'a French steroid-induced diabetes coded E11',
      [{ system: ICD10CM, code: 'E11.9' }],
      'Diabète induit par la corticothérapie',
      't2d',
      undefined,
    ],
    [
      'guard: a passing steroid-induced hyperglycemia is no diabetes',
      [{ system: ICD10CM, code: 'R73.9' }],
      'Steroid-induced hyperglycemia',
      'diabetes-other-type',
      false,
    ],
    [
      'a type 2 reclassified as type 1',
      [{ system: ICD10CM, code: 'E11.9' }],
      'GAD positive, reclassified as type 1',
      't2d',
      undefined,
    ],
  ])('%s: "%s"', (_name, coding, text, set, expected) => {
    const f = factsOf([dx('c', coding, text)]);
    expect(f.rule.values.get(`condition.${set}`)).toBe(expected);
  });
});

describe('palliative, hospice or comfort care (value set palliative-care)', () => {
  const CIM10 = 'https://smt.esante.gouv.fr/terminologie-cim-10';
  const category = (code: string) => [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code }] },
  ];
  function care(system: string, code: string, text: string, extra: Record<string, unknown> = {}) {
    return {
      resourceType: 'Condition',
      id: 'pal',
      clinicalStatus: clinical('active'),
      verificationStatus: verification('confirmed'),
      category: category('problem-list-item'),
      code: { coding: [{ system, code }], text },
      recordedDate: '2026-11-10',
      ...extra,
    };
  }
  test.each<[string, Record<string, unknown>, boolean | undefined]>([
    ['ICD-10-CM Z51.5 on the problem list', care(ICD10CM, 'Z51.5', 'Palliative care - comfort measures only'), true],
    ['CIM-10 Z51.5 "Soins palliatifs exclusifs"', care(CIM10, 'Z51.5', 'Soins palliatifs exclusifs'), true],
    ['SNOMED 385763009 hospice care', care(SCT, '385763009', 'Hospice care'), true],
    ['"Comfort measures only" under a local code', care('urn:oid:1.2.3', 'CMO', 'Comfort measures only'), true],
    [
      'a recent visit diagnosis',
      care(ICD10CM, 'Z51.5', 'Encounter for palliative care', { category: category('encounter-diagnosis') }),
      true,
    ],
    [
      'a provisional entry (neither present nor absent)',
      care(ICD10CM, 'Z51.5', 'Palliative care', { verificationStatus: verification('provisional') }),
      undefined,
    ],
    [
      'an old resolved visit diagnosis',
      care(ICD10CM, 'Z51.5', 'Encounter for palliative care', {
        clinicalStatus: clinical('resolved'),
        category: category('encounter-diagnosis'),
        recordedDate: '2019-03-14',
      }),
      false,
    ],
    [
      'a refuted entry',
      care(ICD10CM, 'Z51.5', 'Palliative care', { verificationStatus: verification('refuted') }),
      false,
    ],
    ['palliative chemotherapy is no palliative care', care(ICD10CM, 'Z51.11', 'Palliative chemotherapy'), false],
  ])('%s', (_name, condition, expected) => {
    expect(factsOf([condition]).rule.values.get('condition.palliative-care')).toBe(expected);
  });
});
