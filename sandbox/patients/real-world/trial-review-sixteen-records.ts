import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import {
  cim10,
  conditionOf,
  daysBeforeDate,
  DRUGS,
  fullMatch,
  imagingReport,
  injectionByCode,
  nafldTrial,
  pumpCardOf,
  record,
  statementOf,
} from './trial-builders.js';

/*
 * NCT05153070 records a review (2026-12-07, night) found given the card though the diabetes was
 * older than 3 months: an old "Diabetes mellitus" record marked inactive, whose two codes (73211009
 * and E11.9) doubt each other, was dropped; the type 1 problem's own note dated the diagnosis
 * months back in words the service did not read ("Diagnosed with T1DM 4 months ago", "diagnostiqué
 * au CHU de Lille en juillet 2026"); and insulin on hold since 2021 was left out of the days a drug
 * for diabetes has been on file. The control: a note that dates only a clinic visit. A review of
 * liver evidence found NCT04270656 shown beside a liver stiffness it could not read: a shear-wave
 * speed in m/s (2.1 m/s is about 13 kPa), and an MR elastography's 4.8 kPa (a cirrhosis on its scale).
 * A regression review found a drug class named in the diabetes problem's words ("sous insuline et
 * sulfamide hypoglycémiant", "on insulin and a GLP-1 RA") read as no drug; the control: an allergy
 * to the sulfonamide antibiotics, "Allergie aux sulfamides", names no sulfonylurea. It also found a
 * stopped Ozempic whose note dates the drug it replaced ("Replaced Victoza (discontinued 2022)") read
 * as stopped in 2022, and the GLP-1 exclusion ruled out.
 */

/** The French month and year of the day `daysAgo` before the fixture's today: "juillet 2026". */
function moisFrancais(ctx: Parameters<typeof daysBeforeDate>[0], daysAgo: number): string {
  return daysBeforeDate(ctx, daysAgo).toLocaleString('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export const TRIAL_REVIEW_SIXTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-t1d-after-inactive-diabetes-mellitus-2019',
    title:
      'Type 1 diabetes coded 40 days ago; "Diabetes mellitus" (73211009 with E11.9) marked inactive, onset in 2019: a diabetes of 2019 may be the same one, the onset is to confirm, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Kyle', family: 'Example-Inactive', gender: 'male', age: 23 },
        (c) => [
          conditionOf(c, 'dm-2019', {
            code: codeable(
              [
                coding('snomed', '73211009', 'Diabetes mellitus'),
                coding('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications'),
              ],
              'Diabetes mellitus',
            ),
            clinicalStatus: 'inactive',
            onsetDaysAgo: 2800,
            recordedDaysAgo: 2800,
          }),
          conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 }),
        ],
        { insulinDaysAgo: 38 },
      ),
    pump: null,
    // The old record names a type 2 diabetes too, in doubt: NCT04270656's type 2 is to confirm.
    nafld: { fires: false, partial: true, criteria: { t1d: 'met', t2d: 'unknown', 'age-35-70': 'not-met' } },
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-us-t1d-note-diagnosed-4-months-ago',
    title:
      'Type 1 diabetes coded with an onset 30 days ago, its note "Diagnosed with T1DM 4 months ago at outside hospital, transferred care": the onset is to confirm, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Mason', family: 'Example-Transfer', gender: 'male', age: 20 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 30, recordedDaysAgo: 30 }),
            note: [{ text: 'Diagnosed with T1DM 4 months ago at outside hospital, transferred care.' }],
          },
        ],
        { insulinDaysAgo: 30 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-fr-dt1-note-diagnostique-juillet',
    title:
      'Diabète de type 1 codé avec un début il y a 35 jours, sa note « Diabète de type 1 diagnostiqué au CHU de Lille en <mois> » (il y a environ 5 mois) : le début est à confirmer, pas de carte NCT05153070',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Lucas', family: 'Exemple-Lille', gender: 'male', age: 21 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 35, recordedDaysAgo: 35 }),
            note: [
              { text: `Diabète de type 1 diagnostiqué au CHU de Lille en ${moisFrancais(c, 150)}, suivi repris ici.` },
            ],
          },
        ],
        { insulinDaysAgo: 35 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(false, 'unknown'),
  }),
  record({
    id: 'rw-us-t1d-new-code-insulin-on-hold-since-2021',
    title:
      'Type 1 diabetes coded 40 days ago; the reconciliation lists Lantus on hold, taken since 2021: a drug for diabetes prescribed for years, the diabetes is not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Parker', family: 'Example-Held', gender: 'male', age: 26 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        {
          insulinDaysAgo: 40,
          extra: [
            statementOf(ctx, 'basal-2021', {
              drug: { concept: DRUGS.lantus.us },
              status: 'on-hold',
              startDaysAgo: 2000,
              assertedDaysAgo: 40,
              dosage: [injectionByCode(ctx, 16, 'QD', 'Inject 16 Units under the skin once daily at bedtime')],
            }),
          ],
        },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'met', 'insulin-recent': 'not-met', 'age-16-35': 'met' },
    },
  }),
  record({
    id: 'rw-us-t1d-note-clinic-visit-date-control',
    title:
      'Control: type 1 diabetes coded 40 days ago, its note "Seen in clinic <date> for insulin teaching" dates a visit, not the diagnosis: NCT05153070 fires',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Owen', family: 'Example-Visit', gender: 'male', age: 19 },
        (c) => [
          {
            ...conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 39 }),
            note: [
              {
                text: `Seen in clinic ${daysBeforeDate(c, 30).toLocaleDateString('en-US', { timeZone: 'UTC' })} for insulin teaching.`,
              },
            ],
          },
        ],
        { insulinDaysAgo: 38 },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(true, 'met', ['Condition/rw-us-t1d-note-clinic-visit-date-control-t1d']),
  }),
  fullMatch({
    id: 'rw-fr-elastographie-arfi-2-1-m-s',
    title:
      'Élastographie ARFI récente « vitesse médiane 2,1 m/s » (environ 13 kPa) : une fibrose avancée non écartée, la cirrhose à confirmer sur la carte',
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Roland',
      extra: (ctx) => [
        imagingReport(ctx, 'arfi', {
          code: codeable([coding('local', 'ARFI', 'Élastographie hépatique ARFI')], 'Élastographie hépatique (ARFI)'),
          daysAgo: 25,
          conclusion: 'Foie stéatosique. Élastographie ARFI : vitesse médiane 2,1 m/s (10 mesures valides).',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-elastographie-arfi-2-1-m-s'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-mr-elastography-4-8-kpa',
    title:
      'MR elastography of the liver 30 days ago, "Mean liver stiffness 4.8 kPa": on the MR scale a cirrhosis is likely, not ruled out by the FibroScan cut-off: to confirm on the card',
    rule: 'liver studies other than ultrasound',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Gordon',
      extra: (ctx) => [
        imagingReport(ctx, 'mre', {
          code: codeable([coding('local', 'MRELIV', 'MR ELASTOGRAPHY LIVER')], 'MR ELASTOGRAPHY LIVER'),
          daysAgo: 30,
          conclusion: 'Mean liver stiffness 4.8 kPa. Hepatic fat fraction not assessed.',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-mr-elastography-4-8-kpa'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-dt2-insuline-sulfamide-hypo',
    title:
      'Problème « Diabète de type 2 sous insuline et sulfamide hypoglycémiant (médecin traitant) », aucune prescription de sulfamide ici : autre antidiabétique à confirmer',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'unknown',
    record: {
      replace: {
        t2d: (ctx) => [
          conditionOf(ctx, 't2d', {
            code: codeable(
              cim10('E11.9', 'Diabète sucré de type 2, sans complication'),
              'Diabète de type 2 sous insuline et sulfamide hypoglycémiant (médecin traitant)',
            ),
            onsetDaysAgo: 3650,
            recordedDaysAgo: 3600,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-dt2-insuline-sulfamide-hypo'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-t2dm-on-insulin-and-glp-1-ra-problem',
    title:
      'Problem "Type 2 diabetes mellitus, on insulin and a GLP-1 RA (endocrinology, outside)" with no GLP-1 order here: a GLP-1 agonist may be taken, other antidiabetics to confirm',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'unknown',
    record: {
      replace: {
        t2d: (ctx) => [
          conditionOf(ctx, 't2d', {
            code: codeable(
              [coding('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications')],
              'Type 2 diabetes mellitus, on insulin and a GLP-1 RA (endocrinology, outside)',
            ),
            onsetDaysAgo: 3650,
            recordedDaysAgo: 3600,
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-t2dm-on-insulin-and-glp-1-ra-problem'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-allergie-aux-sulfamides-controle',
    title:
      'Témoin : problème « Allergie aux sulfamides (Bactrim) » : un antibiotique, aucun sulfamide hypoglycémiant, la carte sort',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'fires',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'allergie', {
          code: codeable(
            cim10('Z88.2', 'Antécédents personnels d’allergie aux sulfamides'),
            'Allergie aux sulfamides (Bactrim)',
          ),
          onsetDaysAgo: 5000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-allergie-aux-sulfamides-controle'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-ozempic-stopped-note-replaced-victoza',
    title:
      'Ozempic for 700 days, the reconciliation 10 days ago says stopped, no date; its note "Replaced Victoza (discontinued 2022)" dates the other drug: Ozempic may have stopped this month, GLP-1 to confirm',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'unknown',
    record: {
      extra: (ctx) => [
        {
          ...statementOf(ctx, 'glp1', {
            drug: {
              concept: codeable(
                [coding('rxnorm', '2398842', 'semaglutide 1 MG/DOSE Pen Injector [Ozempic]')],
                'Ozempic 1 mg/dose (4 mg/3 mL) pen',
              ),
            },
            startDaysAgo: 700,
            assertedDaysAgo: 10,
            status: 'stopped',
            dosage: [
              {
                text: 'Inject 1 mg under the skin once a week',
                timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } },
              },
            ],
          }),
          note: [{ text: 'Replaced Victoza (discontinued 2022). Tolerating well.' }],
        },
      ],
    },
    pump: pumpCardOf('rw-us-ozempic-stopped-note-replaced-victoza'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-fibroscan-seuil-cirrhose-parentheses',
    title:
      'FibroScan récent « Élasticité hépatique médiane 6,1 kPa (seuil de cirrhose : 12,5 kPa). CAP 310 dB/m » : le seuil imprimé n’est pas une cirrhose, la carte sort',
    rule: 'liver studies other than ultrasound',
    style: 'fr',
    case: 'fires',
    record: {
      extra: (ctx) => [
        imagingReport(ctx, 'fibroscan', {
          code: codeable([coding('local', 'FIBRO', 'FibroScan')], 'FibroScan (élastométrie hépatique)'),
          daysAgo: 30,
          conclusion: 'Élasticité hépatique médiane 6,1 kPa (seuil de cirrhose : 12,5 kPa). CAP 310 dB/m.',
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-fibroscan-seuil-cirrhose-parentheses'),
    nafld: nafldTrial(true, { 'cirrhosis-hcc': 'not-met' }),
  }),
];
