import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import type { Observation } from 'fhir/r4.js';
import { frRecord, hba1cResult, labResult, record, usRecord } from './pump-builders.js';

/*
 * Results under a laboratory's own code, named as the laboratory names them, and fetched among
 * the patient's newest laboratory results (fhir/observation-sweeps.ts).
 *
 * The latest HbA1c under a laboratory's own code, named as the laboratory names it. A review
 * (2026-12-06, evening) found two names read as no HbA1c at all: "Glycated Hb" (US reference
 * laboratories abbreviate hemoglobin so), and "HbA1c (sang total)", where "total" names the
 * specimen, whole blood, but was read as HbA1 total. The result was passed over, and the older
 * HbA1c above 8 % fired the card. Both are now HbA1c results: the latest is under 8 %, no card.
 * A name that looks like an HbA1c's but is none the value sets list ("Hemoglobin, glycated")
 * leaves the latest HbA1c unknown when it is the newest result: no card either way.
 */

type Ctx = Parameters<typeof usRecord>[0];

/** An islet autoantibody under a local code, answered in words, as US reference laboratories send it. */
function localAntibody(ctx: Ctx, code: string, name: string, answer: string): Observation {
  const obs = labResult(ctx, 'us', 'autoab', {
    loinc: '56540-8',
    display: name,
    text: name,
    value: 0,
    unit: '1',
    daysAgo: 30,
  });
  delete obs.valueQuantity;
  return { ...obs, code: codeable([coding('local', code, name)], name), valueString: answer };
}

/** A result under a local code only, with the laboratory's name as display and text. */
function localHba1c(ctx: Ctx, style: 'fr' | 'us', code: string, name: string, value: number, daysAgo: number) {
  const obs = labResult(ctx, style, 'hba1c-local', {
    loinc: '4548-4',
    display: name,
    text: name,
    value,
    unit: '%',
    daysAgo,
  });
  return { ...obs, code: codeable([coding('local', code, name)], name) };
}

export const PUMP_LOCAL_LAB_NAMES_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-glycated-hb-local-6-4',
    title: 'The latest result "Glycated Hb" 6.4 % (a local code) after an HbA1c of 9.1 %: an HbA1c under 8 %, no card',
    rule: 'HbA1c named by its code, not its words',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Marvin'], family: 'Example-Glycated', gender: 'male', age: 63, daysSinceBirthday: 140 },
        { extra: [localHba1c(ctx, 'us', 'GHB-A1C', 'Glycated Hb', 6.4, 8)] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-hemoglobin-comma-glycated-local',
    title:
      'The latest result "Hemoglobin, glycated" 6.1 % (a local code) after an HbA1c of 9.1 %: it may be an HbA1c, the latest is unknown, no card',
    rule: 'HbA1c named by its code, not its words',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Dwight'], family: 'Example-Inverted', gender: 'male', age: 66, daysSinceBirthday: 210 },
        { extra: [localHba1c(ctx, 'us', 'LAB-GLYHB', 'Hemoglobin, glycated', 6.1, 5)] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-hba1c-sang-total-6-8',
    title:
      'La dernière « HbA1c (sang total) » 6,8 % (code local) après une HbA1c à 8,7 % : une HbA1c sous 8 %, pas de carte',
    rule: 'HbA1c named by its code, not its words',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Yannick'], family: 'Sang-Exemple', gender: 'male', age: 57, daysSinceBirthday: 45 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', { value: 8.7, daysAgo: 95 }),
            localHba1c(ctx, 'fr', 'HBA1C-ST', 'HbA1c (sang total)', 6.8, 12),
          ],
        },
      ),
    pump: null,
  }),
  // "IA-2 Ab" and "ZnT8 Ab" were no names the service read (2026-12-06, evening): a positive
  // one beside a type 2 code left the diabetes type 2, and the card fired.
  record({
    id: 'rw-us-ia-2-ab-positive-local',
    title: 'E11.65, a local "IA-2 Ab" result "POSITIVE" 30 days ago: autoimmune diabetes, no card',
    rule: 'LADA counts as type 1',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Curtis'], family: 'Example-Ia2', gender: 'male', age: 44, daysSinceBirthday: 12 },
        { extra: [localAntibody(ctx, 'LAB-IA2', 'IA-2 Ab', 'POSITIVE')] },
      ),
    pump: null,
  }),
];
