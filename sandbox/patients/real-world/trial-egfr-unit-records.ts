import type { Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { creatinineOf, egfrOf, fullMatch, nafldTrial, pumpCardOf, type StyledContext } from './trial-builders.js';

/*
 * An eGFR whose unit is written as text only, the way some laboratory systems send it: UCUM's
 * power sign ("mL/min/1.73m*2"), or the French "mL/min/1,73 m2 SC" (surface corporelle). A review
 * (2026-12-06) found both read as "unit is not mL/min/1.73m2": the eGFR exclusion was left to
 * confirm and the trial card shown for an eGFR of 25.
 */

/** A CKD-EPI eGFR three weeks ago with its unit as text alone (no UCUM code), and its creatinine. */
function egfrWithUnitText(ctx: StyledContext, value: number, unit: string): Observation[] {
  const egfr = egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value, daysAgo: 21 });
  return [{ ...egfr, valueQuantity: { value, unit } }, creatinineOf(ctx, 'creat', 21, 210)];
}

export const EGFR_UNIT_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-egfr-25-unit-m-star-2',
    title: 'eGFR 25 with its unit as text "mL/min/1.73m*2" (no UCUM code): excluded, no trial card',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Lowell',
      replace: { egfr: (ctx) => egfrWithUnitText(ctx, 25, 'mL/min/1.73m*2') },
    },
    pump: pumpCardOf('rw-us-egfr-25-unit-m-star-2'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-dfg-26-unite-sc',
    title: 'DFG 26 « mL/min/1,73 m2 SC » en texte seul (sans code UCUM) : exclu, pas de carte essai',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gilles',
      replace: { egfr: (ctx) => egfrWithUnitText(ctx, 26, 'mL/min/1,73 m2 SC') },
    },
    pump: pumpCardOf('rw-fr-dfg-26-unite-sc'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
];

/*
 * The newest eGFR under a laboratory's own code, named by an abbreviation ("DFGe", "eGFRcr"). A
 * review (2026-12-06, evening) found these names read as no eGFR: the result was passed over, an
 * older eGFR of 72 ruled the exclusion out, and the trial card was shown for an eGFR of 24.
 */

/** An eGFR of 72 seven months ago under LOINC, then the newest under a local code and name. */
function localEgfr(ctx: StyledContext, name: string, value: number): Observation[] {
  const recent = egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value, daysAgo: 21 });
  return [
    egfrOf(ctx, 'egfr-old', { method: 'CKD-EPI', value: 72, daysAgo: 210 }),
    { ...recent, code: codeable([coding('local', name.toUpperCase(), name)], name) },
    creatinineOf(ctx, 'creat', 21, 220),
  ];
}

export const EGFR_NAME_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-dfge-24-code-local',
    title: 'DFGe 24 sous un code local, après un DFG à 72 il y a 7 mois : exclu, pas de carte essai',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'does-not-fire',
    record: { given: 'Pascal', replace: { egfr: (ctx) => localEgfr(ctx, 'DFGe', 24) } },
    pump: pumpCardOf('rw-fr-dfge-24-code-local'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-egfrcr-23-local-code',
    title: 'eGFRcr 23 under a local code, after an eGFR of 72 seven months ago: excluded, no trial card',
    rule: 'newest eGFR of any formula',
    style: 'us',
    case: 'does-not-fire',
    record: { given: 'Merle', replace: { egfr: (ctx) => localEgfr(ctx, 'eGFRcr', 23) } },
    pump: pumpCardOf('rw-us-egfrcr-23-local-code'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
];
