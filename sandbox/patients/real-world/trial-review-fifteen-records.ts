import type { FhirResource, MedicationStatement } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  DRUGS,
  fullMatch,
  nafldTrial,
  observationOf,
  orderOf,
  pumpCardOf,
  statementOf,
  tabletDose,
  when,
  type StyledContext,
} from './trial-builders.js';

/*
 * Trial records a fifteenth review (2026-12-07, night: when NCT04270656's drug exclusions stopped)
 * found decided wrongly, kept as patients. A drug stopped with no end date in a structured field
 * was dated by its start, years ago, so a weekly GLP-1 agonist stopped 17 days ago, with the date
 * only in the status reason, was "no GLP-1", and so was one stopped on a date no record gives. A
 * steatogenic drug stopped last month was read as never taken, though the registry asks for a dose
 * unchanged for 3 months and a stop is a change. A review of liver evidence found an HFE genotype
 * "Homozygotie C282Y. Absence de mutation H63D." read as doubtful, because it names H63D: nearly
 * every HFE report does. And a K76.0 visit diagnosis of 2015 that the EHR left active, the only
 * liver evidence, met the key steatosis criterion: no one keeps a visit's diagnosis current. An
 * alcohol use status written in words ("approx. 18 standard drinks per week") was passed over, and
 * an older count of one drink a day ruled the alcohol exclusion out. A GLP-1 agonist named only on
 * the diabetes problem ("sous Lantus + Trulicity", prescribed by the family doctor) left the
 * other-antidiabetics exclusion ruled out. A steatosis whose own words hesitate over its cause
 * ("Fatty liver - ALD vs MASLD, pending AUDIT") was left unread, and the alcohol it names with it.
 */

type Status = 'met' | 'not-met' | 'unknown';

const OZEMPIC_US = codeable(
  [coding('rxnorm', '2398842', 'semaglutide 1 MG/DOSE Pen Injector [Ozempic]')],
  'Ozempic 1 mg/dose (4 mg/3 mL) pen',
);
const TRULICITY_FR = codeable(
  [coding('atc', 'A10BJ05', 'dulaglutide')],
  'TRULICITY 1,5 mg, solution injectable en stylo prérempli',
);
const AMIODARONE_US = codeable(
  [coding('rxnorm', '833528', 'amiodarone hydrochloride 200 MG Oral Tablet')],
  'amiodarone 200 mg tablet',
);
const TAMOXIFEN_US = codeable([coding('rxnorm', '198240', 'tamoxifen 20 MG Oral Tablet')], 'tamoxifen 20 mg tablet');
const PREDNISONE_US = codeable([coding('rxnorm', '312617', 'predniSONE 5 MG Oral Tablet')], 'predniSONE 5 mg tablet');

/** A weekly injection as a dosage line (no structured end). */
function weekly(text: string) {
  return { text, timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' as const } } };
}

/** The full match and one ended drug record: the trial fires, or not, as the listed criteria say. */
function endedDrug(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly rule: 'medication beyond the value sets' | 'steatogenic drugs';
  readonly records: (ctx: StyledContext) => FhirResource[];
  readonly criteria: Readonly<Record<string, Status>>;
}): FixturePatient {
  const fires = !Object.values(o.criteria).includes('met');
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: o.rule,
    style: o.style,
    case: !fires ? 'does-not-fire' : Object.values(o.criteria).includes('unknown') ? 'unknown' : 'fires',
    record: { extra: o.records },
    pump: pumpCardOf(o.id),
    nafld: nafldTrial(fires, o.criteria),
  });
}

/** A weekly Ozempic taken for 700 days, its statement stopped, its reason dated `daysAgo` ago. */
function ozempicStoppedSaying(ctx: StyledContext, daysAgo: number, why: string): MedicationStatement {
  return {
    ...statementOf(ctx, 'glp1', {
      drug: { concept: OZEMPIC_US },
      startDaysAgo: 700,
      status: 'stopped',
      dosage: [weekly('Inject 1 mg under the skin once a week')],
    }),
    statusReason: [codeable([], `Discontinued ${when(ctx, daysAgo).slice(0, 10)} - ${why}`)],
  };
}

const STEATOGENIC_UNKNOWN = {
  'steatogenic-drug-recent': 'unknown',
  'steatogenic-drug-established': 'unknown',
} as const;

export const TRIAL_REVIEW_FIFTEEN_RECORDS: readonly FixturePatient[] = [
  endedDrug({
    id: 'rw-us-ozempic-stopped-dc-date-in-reason',
    title:
      'Ozempic taken for 700 days, the reconciliation statement stopped; the stop only in its status reason ("Discontinued 17 days ago - GI side effects", dated): a GLP-1 agonist within 35 days, no NCT04270656 card',
    style: 'us',
    rule: 'medication beyond the value sets',
    records: (ctx) => [ozempicStoppedSaying(ctx, 17, 'GI side effects')],
    criteria: { 'other-antidiabetics': 'met' },
  }),
  endedDrug({
    id: 'rw-fr-trulicity-arret-sans-date',
    title:
      'TRULICITY déclaré « arrêté » à la conciliation, commencé il y a 600 jours, sans date d’arrêt ni d’assertion : peut-être arrêté ce mois-ci, GLP-1 à confirmer',
    style: 'fr',
    rule: 'medication beyond the value sets',
    records: (ctx) => [
      statementOf(ctx, 'glp1', {
        drug: { concept: TRULICITY_FR },
        startDaysAgo: 600,
        assertedDaysAgo: null,
        status: 'stopped',
        dosage: [weekly('1,5 mg une fois par semaine')],
      }) satisfies MedicationStatement,
    ],
    criteria: { 'other-antidiabetics': 'unknown' },
  }),
  endedDrug({
    id: 'rw-us-ozempic-stopped-long-ago-dated',
    title:
      'Control: Ozempic, the statement stopped, its status reason dated 400 days ago ("Discontinued … - switched to insulin"): no GLP-1 agonist now, the NCT04270656 card',
    style: 'us',
    rule: 'medication beyond the value sets',
    records: (ctx) => [ozempicStoppedSaying(ctx, 400, 'switched to insulin')],
    criteria: { 'other-antidiabetics': 'not-met' },
  }),
  endedDrug({
    id: 'rw-us-amiodarone-stopped-no-end-date',
    title:
      'Amiodarone 200 mg daily since 700 days, the reconciliation statement stopped on a date no field gives: it may have stopped within 3 months, a change of dose; the steatogenic exclusions to confirm',
    style: 'us',
    rule: 'steatogenic drugs',
    records: (ctx) => [
      statementOf(ctx, 'amiodarone', {
        drug: { concept: AMIODARONE_US },
        startDaysAgo: 700,
        assertedDaysAgo: null,
        status: 'stopped',
        dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
      }),
    ],
    criteria: STEATOGENIC_UNKNOWN,
  }),
  endedDrug({
    id: 'rw-us-tamoxifen-completed-60-days-ago',
    title:
      'Tamoxifen 20 mg daily for five years, the statement completed 60 days ago: stopped within 3 months, a change of dose; the steatogenic exclusions to confirm',
    style: 'us',
    rule: 'steatogenic drugs',
    records: (ctx) => [
      statementOf(ctx, 'tamoxifen', {
        drug: { concept: TAMOXIFEN_US },
        startDaysAgo: 1890,
        endDaysAgo: 60,
        assertedDaysAgo: 30,
        status: 'completed',
        dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
      }),
    ],
    criteria: STEATOGENIC_UNKNOWN,
  }),
  endedDrug({
    id: 'rw-us-amiodarone-completed-400-days-ago',
    title:
      'Control: amiodarone taken for a year, the statement completed 400 days ago: long stopped, the steatogenic exclusions ruled out, the NCT04270656 card',
    style: 'us',
    rule: 'steatogenic drugs',
    records: (ctx) => [
      statementOf(ctx, 'amiodarone', {
        drug: { concept: AMIODARONE_US },
        startDaysAgo: 770,
        endDaysAgo: 400,
        assertedDaysAgo: 390,
        status: 'completed',
        dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
      }),
    ],
    criteria: { 'steatogenic-drug-recent': 'not-met', 'steatogenic-drug-established': 'not-met' },
  }),
  endedDrug({
    id: 'rw-us-prednisone-15-months-dc-in-reason',
    title:
      'Prednisone 5 mg daily taken from 15 months ago, the statement stopped, "D/C\'d … - taper complete" dated 17 days ago in its reason: a glucocorticoid within the year, no NCT04270656 card',
    style: 'us',
    rule: 'medication beyond the value sets',
    records: (ctx) => [
      {
        ...statementOf(ctx, 'prednisone', {
          drug: { concept: PREDNISONE_US },
          startDaysAgo: 455,
          status: 'stopped',
          dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
        }),
        statusReason: [codeable([], `D/C'd ${when(ctx, 17).slice(0, 10)} - taper complete`)],
      },
    ],
    criteria: { glucocorticoids: 'met' },
  }),
  fullMatch({
    id: 'rw-fr-hfe-homozygote-c282y-absence-h63d',
    title:
      '« Génotypage HFE » : « Homozygotie C282Y (p.Cys282Tyr/p.Cys282Tyr). Absence de mutation H63D. » : hémochromatose héréditaire, exclu, pas de carte NCT04270656',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'hfe', {
            code: codeable([coding('local', 'HFE-GEN', 'Génotypage HFE')], 'Génotypage HFE'),
            daysAgo: 90,
            category: 'laboratory',
          }),
          valueString: 'Homozygotie C282Y (p.Cys282Tyr/p.Cys282Tyr). Absence de mutation H63D.',
        },
      ],
    },
    pump: pumpCardOf('rw-fr-hfe-homozygote-c282y-absence-h63d'),
    nafld: nafldTrial(false, { hemochromatosis: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-metformin-dose-increase-noted',
    title:
      'Metformin ordered 1,500 days ago, its note "Dose increase 40 days ago to 1000 mg BID - hold if eGFR < 30": the dose changed within 3 months, stable background to confirm',
    rule: 'stable background doses',
    style: 'us',
    case: 'unknown',
    record: {
      replace: {
        metformin: (ctx) => [
          orderOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.us },
            authoredDaysAgo: 1500,
            dosage: [tabletDose(ctx, 1, 2, 'Take 1 tablet by mouth 2 times daily with meals')],
            note: `Dose increase ${when(ctx, 40).slice(0, 10)} to 1000 mg BID - hold if eGFR < 30`,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-metformin-dose-increase-noted'),
    nafld: nafldTrial(true, { 'background-dose-stable': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-k76-0-visit-diagnosis-2015-only',
    title:
      'Only liver evidence: "Fatty liver" K76.0, an encounter diagnosis of 11 years ago left active; no imaging: a visit diagnosis that old is not kept current, steatosis to confirm, no card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      without: ['steatosis', 'liver-us'],
      extra: (ctx) => [
        conditionOf(ctx, 'k76-visit', {
          code: codeable(
            [coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')],
            'Fatty liver',
          ),
          category: 'encounter-diagnosis',
          onsetDaysAgo: 4200,
          recordedDaysAgo: 4200,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-k76-0-visit-diagnosis-2015-only'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-k76-0-visit-diagnosis-last-year',
    title:
      'Control: "Fatty liver" K76.0, an encounter diagnosis of 300 days ago, no imaging: a recent visit diagnosis shows the steatosis, the NCT04270656 card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'fires',
    record: {
      without: ['steatosis', 'liver-us'],
      extra: (ctx) => [
        conditionOf(ctx, 'k76-visit', {
          code: codeable(
            [coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')],
            'Fatty liver',
          ),
          category: 'encounter-diagnosis',
          onsetDaysAgo: 300,
          recordedDaysAgo: 300,
        }),
      ],
    },
    pump: pumpCardOf('rw-us-k76-0-visit-diagnosis-last-year'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-alcohol-use-status-18-drinks-a-week',
    title:
      'Alcohol use (SNOMED 228273003) 15 days ago: "Current drinker - approx. 18 standard drinks per week"; an older count of 1 drink a day: the words are newer, alcohol to confirm',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'unknown',
    record: {
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'alcohol-use', {
            code: codeable(
              [coding('snomed', '228273003', 'Finding relating to alcohol drinking behavior')],
              'Alcohol use',
            ),
            daysAgo: 15,
            category: 'social-history',
          }),
          valueString: 'Current drinker - approx. 18 standard drinks per week (beer), mostly weekends',
        },
      ],
    },
    pump: pumpCardOf('rw-us-alcohol-use-status-18-drinks-a-week'),
    nafld: nafldTrial(true, { 'alcohol-over-limit': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-dt2-sous-lantus-trulicity-probleme',
    title:
      'Problème « Diabète de type 2 sous Lantus + Trulicity (médecin traitant) », aucune prescription de Trulicity ici : un GLP-1 peut-être pris, autre antidiabétique à confirmer',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'unknown',
    record: {
      replace: {
        t2d: (ctx) => [
          conditionOf(ctx, 't2d', {
            code: codeable(
              cim10('E11.9', 'Diabète sucré de type 2, sans complication'),
              'Diabète de type 2 sous Lantus + Trulicity (médecin traitant)',
            ),
            onsetDaysAgo: 3650,
            recordedDaysAgo: 3600,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-dt2-sous-lantus-trulicity-probleme'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-fatty-liver-ald-vs-masld-pending-audit',
    title:
      'Problem "Fatty liver - ALD vs MASLD, pending AUDIT" (K76.0), steatosis on the ultrasound: the cause is in question, alcohol to confirm',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: {
      replace: {
        steatosis: (ctx) => [
          conditionOf(ctx, 'steatosis', {
            code: codeable(
              [coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')],
              'Fatty liver - ALD vs MASLD, pending AUDIT',
            ),
            onsetDaysAgo: 400,
            recordedDaysAgo: 400,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-fatty-liver-ald-vs-masld-pending-audit'),
    nafld: nafldTrial(true, { 'no-chronic-alcohol': 'unknown' }),
  }),
];
