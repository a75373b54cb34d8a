import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadValueSets } from '../rules/value-sets.js';
import { computePatientFacts } from './compute-facts.js';
import { presenceInWords, readPresence } from './presence-result.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const NOW = new Date('2026-11-22T10:00:00Z');
const LOINC = 'http://loinc.org';
const SCT = 'http://snomed.info/sct';
const LOCAL = 'http://chu-exemple.fr/fhir/CodeSystem/labo';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function result(id: string, code: Record<string, unknown>, value: Record<string, unknown>, days = 30) {
  return { resourceType: 'Observation', id, status: 'final', code, effectiveDateTime: daysAgo(days), ...value };
}

const loinc = (code: string) => ({ coding: [{ system: LOINC, code }] });

/** A report of one test that gives its result only in its conclusion. */
function textReport(id: string, code: Record<string, unknown>, conclusion: string, days: number) {
  return { resourceType: 'DiagnosticReport', id, status: 'final', code, effectiveDateTime: daysAgo(days), conclusion };
}
const local = (display: string) => ({ coding: [{ system: LOCAL, code: 'X1', display }] });
const sct = (code: string) => ({ valueCodeableConcept: { coding: [{ system: SCT, code }] } });
const loincAnswer = (code: string) => ({ valueCodeableConcept: { coding: [{ system: LOINC, code }] } });
const interpretation = (code: string) => ({ interpretation: [{ coding: [{ system: INTERPRETATION, code }] }] });

function factsOf(resources: unknown[]) {
  const record = recordFromResources('p1', resources as FhirResource[]);
  return computePatientFacts(record, valueSets, { now: NOW, alcoholGramsPerDrink: 10 }).rule;
}

describe('a qualitative result read as positive or negative', () => {
  test.each<[string, string, ReturnType<typeof presenceInWords>]>([
    ['French positive', 'POSITIF', 'positive'],
    ['French negative', 'Négatif', 'negative'],
    ['French not detected is not "détecté"', 'ARN du VHC non détecté', 'negative'],
    ['English not detected is not "detected"', 'Not Detected', 'negative'],
    ['undetectable', 'indétectable', 'negative'],
    ['nonreactive is not "reactive"', 'Nonreactive', 'negative'],
    ['non-reactive with a hyphen', 'Non-Reactive', 'negative'],
    ['detected below the limit of quantification is detected', 'Détecté < 15 UI/mL', 'positive'],
    ['reactive', 'Reactive', 'positive'],
    ['equivocal decides nothing', 'Equivocal - recommend repeat testing', 'doubtful'],
    ['"douteux" decides nothing', 'Douteux, à contrôler', 'doubtful'],
    ['a weak positive decides nothing', 'faiblement positif', 'doubtful'],
    ['both words decide nothing', 'positif puis négatif', 'doubtful'],
    ['a number alone says nothing', '0.12', undefined],
    ['"Not reactive" is negative', 'Not reactive', 'negative'],
    ['"Non detectable" is negative', 'Non detectable', 'negative'],
    ['a confirmed positive', 'Positive (repeat reactive, confirmed by neutralization)', 'positive'],
    ['"pas d\'ARN détecté" is negative', "pas d'ARN détecté", 'negative'],
    ['a negative to check again decides nothing', 'Négatif. Contrôle à 3 mois', 'doubtful'],
    ['a weak positive in French decides nothing', 'Positif faible', 'doubtful'],
    ['a negative with advice decides nothing', 'Negative (immunocompromised patient - consider RNA)', 'doubtful'],
    ['"TND" (target not detected) is negative', 'TND', 'negative'],
    ['"Target not detected" is negative', 'Target Not Detected', 'negative'],
  ])('%s: "%s"', (_name, text, expected) => {
    expect(presenceInWords(text)).toBe(expected);
  });

  test.each<[string, Record<string, unknown>, 'load' | 'index', string | undefined]>([
    ['SNOMED Positive', sct('10828004'), 'index', 'positive'],
    ['SNOMED Not detected', sct('260415000'), 'load', 'negative'],
    ['LOINC answer Detected without a display', loincAnswer('LA11882-0'), 'load', 'positive'],
    ['LOINC answer Positive without a display', loincAnswer('LA6576-8'), 'index', 'positive'],
    ['LOINC answer Present', loincAnswer('LA9633-4'), 'index', 'positive'],
    ['LOINC answer Not detected', loincAnswer('LA11883-8'), 'load', 'negative'],
    ['LOINC answer Negative', loincAnswer('LA6577-6'), 'index', 'negative'],
    ['LOINC answer Absent', loincAnswer('LA9634-2'), 'index', 'negative'],
    ['LOINC answer Equivocal decides nothing', loincAnswer('LA11885-3'), 'index', 'problem'],
    ['LOINC answer Inconclusive decides nothing', loincAnswer('LA9663-1'), 'load', 'problem'],
    ['LOINC answer Indeterminate decides nothing', loincAnswer('LA11884-6'), 'index', 'problem'],
    [
      'an LA code of another system is not read',
      { valueCodeableConcept: { coding: [{ system: LOCAL, code: 'LA6576-8' }] } },
      'index',
      'problem',
    ],
    ['a boolean', { valueBoolean: false }, 'index', 'negative'],
    ['a viral load as a plain number', { valueQuantity: { value: 1250, unit: 'IU/mL' } }, 'load', 'positive'],
    ['a viral load under a limit', { valueQuantity: { value: 15, comparator: '<', unit: 'IU/mL' } }, 'load', 'problem'],
    [
      'an index decides only with its interpretation',
      { valueQuantity: { value: 0.2, unit: '{s_co_ratio}' } },
      'index',
      'problem',
    ],
    [
      'an index with NEG',
      { valueQuantity: { value: 0.2, unit: '{s_co_ratio}' }, ...interpretation('NEG') },
      'index',
      'negative',
    ],
    [
      'a value and its interpretation disagree',
      { valueString: 'Negative', ...interpretation('POS') },
      'index',
      'problem',
    ],
    ['N restates a negative value', { valueString: 'Negative', ...interpretation('N') }, 'index', 'negative'],
    ['A restates a positive value', { valueString: 'Reactive', ...interpretation('A') }, 'index', 'positive'],
    [
      'a negative value flagged abnormal is a contradiction',
      { valueString: 'Negative', ...interpretation('A') },
      'index',
      'problem',
    ],
    [
      'a positive value flagged normal is a contradiction',
      { valueString: 'Positive', ...interpretation('N') },
      'index',
      'problem',
    ],
    ['IND is equivocal', { valueString: 'Positive', ...interpretation('IND') }, 'index', 'problem'],
    ['dataAbsentReason alone is no result', { dataAbsentReason: { text: 'not performed' } }, 'index', undefined],
    // A viral load given as text (a review, 2026-12-07): a number with its unit is detected; a bound,
    // a zero or any other words decide only by those words.
    ['a viral load in log as text', { valueString: '5,8 log UI/mL' }, 'load', 'positive'],
    ['a viral load in log10 IU/mL as text', { valueString: '6.1 log10 IU/mL' }, 'load', 'positive'],
    ['a viral load with spaces as text', { valueString: '1 250 000 UI/mL' }, 'load', 'positive'],
    ['a viral load with thousands commas as text', { valueString: '1,250,000 IU/mL' }, 'load', 'positive'],
    ['a viral load in log as a Quantity', { valueQuantity: { value: 5.8, unit: 'log UI/mL' } }, 'load', 'positive'],
    ['a log load under a limit as text decides nothing', { valueString: '< 1,08 log UI/mL' }, 'load', 'problem'],
    ['a load under a limit as text decides nothing', { valueString: '<15 UI/mL' }, 'load', 'problem'],
    ['a zero load as text decides nothing', { valueString: '0 UI/mL' }, 'load', 'problem'],
    ['a load under a limit "non détecté"', { valueString: '< 15 UI/mL, non détecté' }, 'load', 'negative'],
    ['"indétectable" is not detected', { valueString: 'Indétectable' }, 'load', 'negative'],
    ['a number as text is no index', { valueString: '5,8' }, 'index', 'problem'],
    ['a number with other words decides nothing', { valueString: '5,8 log UI/mL (contrôle)' }, 'load', 'problem'],
  ])('%s', (_name, value, meaning, expected) => {
    const reading = readPresence(value, meaning);
    if (expected === undefined) expect(reading).toBeUndefined();
    else if (expected === 'problem') expect(reading?.ok).toBe(false);
    else expect(reading).toEqual({ ok: true, value: expected });
  });
});

describe('hepatitis B and C facts for the trial exclusion', () => {
  test.each<[string, unknown[], boolean | undefined, boolean | undefined]>([
    ['no result: both unknown', [], undefined, undefined],
    ['HBsAg positive (LOINC 5196-1)', [result('b', loinc('5196-1'), sct('10828004'))], true, undefined],
    ['"Ag HBs: POSITIF" on a local code', [result('b', local('Ag HBs'), { valueString: 'POSITIF' })], true, undefined],
    [
      '"Ac anti-HBs: Positif" is the antibody, not the antigen',
      [result('b', local('Ac anti-HBs'), { valueString: 'Positif (> 1000 UI/L)' })],
      undefined,
      undefined,
    ],
    [
      '"Anti-HBsAg" words name the antibody too',
      [result('b', local('Anti-HBsAg'), { valueString: 'Positive' })],
      undefined,
      undefined,
    ],
    [
      'the newest HBsAg decides: negative now after an old positive',
      [
        result('b1', loinc('5196-1'), { valueString: 'Positive' }, 900),
        result('b2', loinc('5196-1'), { valueString: 'Negative' }, 20),
      ],
      false,
      undefined,
    ],
    ['HCV RNA detected', [result('c', loinc('11259-9'), { valueString: 'Detected' })], undefined, true],
    [
      'HCV RNA not detected outweighs an older positive antibody',
      [
        result('c1', loinc('13955-0'), { valueString: 'Reactive' }, 200),
        result('c2', loinc('11259-9'), { valueString: 'Not detected' }, 100),
      ],
      undefined,
      false,
    ],
    [
      'a positive antibody after the RNA not detected may be a new infection',
      [
        result('c1', loinc('13955-0'), { valueString: 'Reactive' }, 10),
        result('c2', loinc('11259-9'), { valueString: 'Not detected' }, 100),
      ],
      undefined,
      undefined,
    ],
    [
      'a newer quantitative HBsAg without words is not passed over for an older negative',
      [
        result('b1', loinc('5196-1'), { valueString: 'Negative' }, 400),
        result('b2', loinc('63557-3'), { valueQuantity: { value: 2450, unit: 'IU/mL' } }, 20),
      ],
      undefined,
      undefined,
    ],
    [
      'an HCV viral load under 20416-4 is detected',
      [result('c', loinc('20416-4'), { valueQuantity: { value: 850000, unit: 'IU/mL' } })],
      undefined,
      true,
    ],
    [
      'a positive HCV antibody alone leaves it unknown',
      [result('c', loinc('16128-1'), { valueString: 'Reactive' })],
      undefined,
      undefined,
    ],
    [
      'an antibody test named with its reflex RNA is the antibody',
      [result('c', local('Hepatitis C Antibody with Reflex to HCV RNA, PCR'), { valueString: 'Reactive' })],
      undefined,
      undefined,
    ],
    [
      'a negative HCV antibody rules it out',
      [result('c', local('Sérologie VHC'), { valueString: 'négatif' })],
      undefined,
      false,
    ],
    [
      'an unreadable newest RNA is not passed over for an older one',
      [
        result('c1', loinc('11259-9'), { valueString: 'Not detected' }, 300),
        result('c2', loinc('11011-4'), { valueQuantity: { value: 15, comparator: '<', unit: 'IU/mL' } }, 10),
      ],
      undefined,
      undefined,
    ],
    // A newer report of the test whose result is only in its conclusion: the service cannot read
    // it, so an older negative no longer decides.
    [
      'a newer HBsAg report with its result only in the conclusion leaves HBsAg unknown',
      [
        result('b1', loinc('5196-1'), { valueString: 'Négatif' }, 400),
        { ...textReport('b2', local('Ag HBs'), 'Positif', 20) },
        result('c', loinc('11259-9'), { valueString: 'Not detected' }, 400),
      ],
      undefined,
      false,
    ],
    [
      'a newer HCV antibody report "REACTIVE" in its conclusion leaves HCV unknown without RNA',
      [
        result('b', loinc('5196-1'), { valueString: 'Negative' }, 400),
        result('c1', loinc('13955-0'), { valueString: 'Nonreactive' }, 400),
        textReport('c2', loinc('13955-0'), 'REACTIVE', 15),
      ],
      false,
      undefined,
    ],
    [
      'an older text-only report beside a newer readable result changes nothing',
      [
        textReport('b1', local('Ag HBs'), 'Positif', 600),
        result('b2', loinc('5196-1'), { valueString: 'Négatif' }, 30),
        result('c', loinc('11259-9'), { valueString: 'Not detected' }, 30),
      ],
      false,
      false,
    ],
    // A newer viral load under a laboratory's own name (a review, 2026-12-07) decides over an older
    // "not detected"; the antibody's and the genotype's names are not a viral load's.
    [
      'a newer "VHC - Charge virale (ARN)" in log units outweighs an older RNA not detected',
      [
        result('c1', loinc('11259-9'), { valueString: 'Non détecté' }, 1100),
        result('c2', local('VHC - Charge virale (ARN) - PCR temps réel'), { valueString: '5,8 log UI/mL' }, 60),
      ],
      undefined,
      true,
    ],
    [
      'a newer "HCV QUANT PCR" outweighs an older RNA not detected',
      [
        result('c1', loinc('11259-9'), sct('260415000'), 1100),
        result('c2', local('HCV QUANT PCR'), { valueQuantity: { value: 1250000, unit: 'IU/mL' } }, 60),
      ],
      undefined,
      true,
    ],
    [
      'a newer "HCV Quantitative" in log IU/mL outweighs an older RNA not detected',
      [
        result('c1', loinc('11259-9'), sct('260415000'), 1100),
        result('c2', local('HCV Quantitative'), { valueQuantity: { value: 5.8, unit: 'log IU/mL' } }, 60),
      ],
      undefined,
      true,
    ],
    [
      'a newer viral load "< 15 UI/mL, non détecté" after a positive antibody rules it out',
      [
        result('c1', local('Ac anti-VHC'), { valueString: 'POSITIF' }, 400),
        result('c2', local('VHC - Charge virale (ARN)'), { valueString: '< 15 UI/mL, non détecté' }, 60),
      ],
      undefined,
      false,
    ],
    [
      'an "Anti-HCV quant" index is the antibody, not a viral load',
      [
        result('c1', loinc('11259-9'), sct('260415000'), 300),
        result('c2', local('Anti-HCV quant'), { valueQuantity: { value: 12.4, unit: '{s_co_ratio}' } }, 30),
      ],
      undefined,
      false,
    ],
    [
      'an HCV genotype is no viral load',
      [
        result('c1', loinc('11259-9'), sct('260415000'), 300),
        result('c2', local('VHC génotypage'), { valueString: '1a' }, 30),
      ],
      undefined,
      false,
    ],
    [
      'an entered-in-error positive is no result',
      [{ ...result('b', loinc('5196-1'), { valueString: 'Positive' }), status: 'entered-in-error' }],
      undefined,
      undefined,
    ],
  ])('%s', (_name, resources, hbsag, hcv) => {
    const facts = factsOf([{ resourceType: 'Patient', id: 'p1' }, ...resources]);
    expect(facts.values.get('hbsag.positive')).toBe(hbsag);
    expect(facts.values.get('hcv.viraemia')).toBe(hcv);
    if (hbsag === undefined) expect(facts.unknownReasons.has('hbsag.positive')).toBe(true);
    if (hcv === undefined) expect(facts.unknownReasons.has('hcv.viraemia')).toBe(true);
  });
});

describe('hbv.dnaDetected: the latest HBV DNA', () => {
  const load = (value: number, comparator?: string) => ({
    valueQuantity: { value, unit: 'IU/mL', ...(comparator ? { comparator } : {}) },
  });
  test.each<[string, unknown[], boolean | undefined]>([
    ['no HBV DNA on file: no', [], false],
    ['a viral load of 12,000 IU/mL is detected', [result('d', loinc('29615-2'), load(12000))], true],
    [
      '"Non détecté" under a local code named "ADN VHB"',
      [result('d', local('ADN VHB (PCR)'), { valueString: 'Non détecté' })],
      false,
    ],
    ['a load under the limit with no words is unreadable', [result('d', loinc('29615-2'), load(10, '<'))], undefined],
    [
      'the newest decides: not detected after detected',
      [
        result('d1', loinc('29615-2'), load(5000), 400),
        result('d2', loinc('29615-2'), { valueString: 'Not detected' }, 20),
      ],
      false,
    ],
  ])('%s', (_name, resources, expected) => {
    const facts = factsOf([{ resourceType: 'Patient', id: 'p1' }, ...resources]);
    expect(facts.values.get('hbv.dnaDetected')).toBe(expected);
    if (expected === undefined) expect(facts.unknownReasons.has('hbv.dnaDetected')).toBe(true);
  });
});
