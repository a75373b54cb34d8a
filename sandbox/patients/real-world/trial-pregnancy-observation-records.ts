import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  conditionOf,
  containedLabReport,
  fullMatch,
  nafldTrial,
  observationOf,
  pumpCardOf,
  type StyledContext,
} from './trial-builders.js';

/*
 * A pregnancy an EHR records as an Observation, not on the problem list: the US Core pregnancy
 * status (LOINC 82810-3), a French lab's urine pregnancy test under a local code, an estimated
 * delivery date. A review found both cards shown for such women: only Conditions were read.
 * Since then also a gestational age, a quantitative hCG, a local "Grossesse en cours", a local
 * problem "Grossesse de 12 SA" and a gestational diabetes begun in the last 120 days.
 */

const STATUS = codeable([coding('loinc', '82810-3', 'Pregnancy status')], 'Pregnancy status');
const answer = (code: string, display: string) => codeable([coding('snomed', code, display)], display);
const UCUM = 'http://unitsofmeasure.org';
const ucum = (value: number, unit: string, code: string) => ({ value, unit, system: UCUM, code });

// What both cards say when the record shows a pregnancy, leaves it in doubt, or rules it out.
const PREGNANT = { pump: null, nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }) } as const;
const IN_DOUBT = { pump: null, nafld: nafldTrial(true, { pregnancy: 'unknown', contraception: 'unknown' }) } as const;
const ruledOut = (id: string) => ({
  pump: pumpCardOf(id),
  nafld: nafldTrial(true, { pregnancy: 'not-met', contraception: 'unknown' }),
});

/** A French lab's result under a local code, inside its report as that laboratory sends it. */
function frenchResult(ctx: StyledContext, local: string, text: string, daysAgo: number, value: object) {
  const result = {
    ...observationOf(ctx, 'res', { code: codeable([coding('local', local, text)], text), daysAgo }),
    ...value,
  };
  return containedLabReport(ctx, 'bio', codeable([coding('local', 'BIO-OBST', 'Suivi obstétrical')]), daysAgo, [
    result,
  ]);
}

/** A woman's full match whose pregnancy shows only in an hCG under her laboratory's own code. */
function hcgUnderLocalCode(o: {
  readonly id: string;
  readonly title: string;
  readonly style: 'fr' | 'us';
  readonly given: string;
  readonly age: number;
  readonly code: string;
  readonly name: string;
  readonly daysAgo: number;
  readonly value: { readonly valueString: string } | { readonly valueQuantity: ReturnType<typeof ucum> };
}): FixturePatient {
  return fullMatch({
    id: o.id,
    title: o.title,
    rule: 'pregnancy on a trial',
    style: o.style,
    case: 'does-not-fire',
    record: {
      given: o.given,
      gender: 'female',
      age: o.age,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'bhcg', {
            code: codeable([coding('local', o.code, o.name)], o.name),
            daysAgo: o.daysAgo,
          }),
          ...o.value,
        },
      ],
    },
    ...PREGNANT,
  });
}

export const PREGNANCY_OBSERVATION_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-pregnancy-status-pregnant',
    title: 'Full match, a woman of 36 whose US Core pregnancy status (82810-3) 20 days ago is "Pregnant": no card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Jessica',
      gender: 'female',
      age: 36,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'pregnancy-status', { code: STATUS, daysAgo: 20, category: 'social-history' }),
          valueCodeableConcept: answer('77386006', 'Patient currently pregnant'),
        },
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }, [
      'Observation/rw-us-pregnancy-status-pregnant-pregnancy-status',
    ]),
  }),
  fullMatch({
    id: 'rw-fr-test-grossesse-positif',
    title:
      'Full match, une femme de 38 ans, « Test de grossesse urinaire » (code local) POSITIF il y a 12 jours : pas de carte',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Élodie',
      gender: 'female',
      age: 38,
      // A French lab sends its local codes inside the report, as the prefetch reads them.
      extra: (ctx) => [
        containedLabReport(
          ctx,
          'bio',
          codeable([coding('local', 'BIO-HCG', 'hCG urinaire')], 'Biologie : test de grossesse'),
          12,
          [
            observationOf(ctx, 'hcg', {
              code: codeable(
                [coding('local', 'HCG-U', 'Test de grossesse urinaire')],
                'Test de grossesse (hCG urinaire)',
              ),
              daysAgo: 12,
              valueString: 'POSITIF',
            }),
          ],
        ),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-pregnancy-status-not-pregnant',
    title: 'Full match, a woman of 40 whose pregnancy status 15 days ago is "Not pregnant": both cards fire',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Kimberly',
      gender: 'female',
      age: 40,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'pregnancy-status', { code: STATUS, daysAgo: 15, category: 'social-history' }),
          valueCodeableConcept: answer('60001007', 'Not pregnant'),
        },
      ],
    },
    pump: pumpCardOf('rw-us-pregnancy-status-not-pregnant'),
    nafld: nafldTrial(true, { pregnancy: 'not-met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-pregnancy-status-unknown',
    title: 'Full match, a woman of 37 whose latest pregnancy status is "Unknown": no pump card, pregnancy to confirm',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Tiffany',
      gender: 'female',
      age: 37,
      extra: (ctx) => [
        {
          ...observationOf(ctx, 'pregnancy-status', { code: STATUS, daysAgo: 10, category: 'social-history' }),
          valueCodeableConcept: answer('261665006', 'Unknown'),
        },
      ],
    },
    pump: null,
    nafld: nafldTrial(true, { pregnancy: 'unknown', contraception: 'unknown' }),
  }),
  // A pregnancy dated by a gestational age or an hCG level, or shown by a recent gestational
  // diabetes: a review found each read as "no pregnancy" (both cards shown).
  fullMatch({
    id: 'rw-us-gestational-age-10-weeks',
    title: 'Full match, a woman of 36 whose "Gestational age Estimated" (11884-4) a week ago is 10 weeks: no card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Brittany',
      gender: 'female',
      age: 36,
      extra: (ctx) => [
        observationOf(ctx, 'ga', {
          code: codeable([coding('loinc', '11884-4', 'Gestational age Estimated')], 'Gestational age'),
          daysAgo: 7,
          category: 'vital-signs',
          valueQuantity: ucum(10, 'wk', 'wk'),
        }),
      ],
    },
    ...PREGNANT,
  }),
  fullMatch({
    id: 'rw-fr-terme-16-sa',
    title:
      'Full match, une femme de 37 ans, « Terme de la grossesse » (code local) 16 SA il y a 5 jours : pas de carte',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Manon',
      gender: 'female',
      age: 37,
      extra: (ctx) => [
        frenchResult(ctx, 'TERME', 'Terme de la grossesse (SA)', 5, { valueQuantity: ucum(16, 'SA', 'wk') }),
      ],
    },
    ...PREGNANT,
  }),
  fullMatch({
    id: 'rw-us-beta-hcg-quantitative',
    title: 'Full match, a woman of 38 whose serum beta-hCG (21198-7) a week ago is 48 200 mIU/mL: no card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Ashley',
      gender: 'female',
      age: 38,
      extra: (ctx) => [
        observationOf(ctx, 'bhcg', {
          code: codeable(
            [coding('loinc', '21198-7', 'Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma')],
            'hCG, Beta Subunit, Quant',
          ),
          daysAgo: 7,
          valueQuantity: ucum(48200, 'mIU/mL', 'm[IU]/mL'),
          interpretation: 'H',
        }),
      ],
    },
    ...PREGNANT,
  }),
  fullMatch({
    id: 'rw-fr-grossesse-en-cours-oui',
    title:
      'Full match, une femme de 39 ans, « Grossesse en cours » (code local) : « oui » il y a 10 jours : pas de carte',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Camille',
      gender: 'female',
      age: 39,
      extra: (ctx) => [frenchResult(ctx, 'GROSS-EC', 'Grossesse en cours', 10, { valueString: 'oui' })],
    },
    ...PREGNANT,
  }),
  fullMatch({
    id: 'rw-fr-diabete-gestationnel-recent',
    title: 'Full match, une femme de 36 ans, diabète gestationnel (O24.4) actif depuis 60 jours : pas de carte',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Sarah',
      gender: 'female',
      age: 36,
      extra: (ctx) => [
        conditionOf(ctx, 'dg', {
          code: codeable(
            [coding('cim10Smt', 'O24.4', 'Diabète sucré survenant au cours de la grossesse')],
            'Diabète gestationnel',
          ),
          onsetDaysAgo: 60,
          recordedDaysAgo: 58,
        }),
      ],
    },
    ...PREGNANT,
  }),
  fullMatch({
    id: 'rw-fr-grossesse-12-sa-locale',
    title:
      'Full match, une femme de 40 ans, problème « Grossesse de 12 SA » (code local) depuis 20 jours : pas de carte',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Chloé',
      gender: 'female',
      age: 40,
      extra: (ctx) => [
        conditionOf(ctx, 'gr', { code: codeable([coding('local', 'PB-GR')], 'Grossesse de 12 SA'), onsetDaysAgo: 20 }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met', contraception: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-beta-hcg-zone-grise',
    title:
      'Full match, une femme de 37 ans, « β-HCG plasmatiques » 12 UI/L il y a 4 jours : pas de carte pompe, grossesse à confirmer',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Laura',
      gender: 'female',
      age: 37,
      extra: (ctx) => [
        frenchResult(ctx, 'BHCG', 'β-HCG plasmatiques', 4, { valueQuantity: ucum(12, 'UI/L', '[IU]/L') }),
      ],
    },
    ...IN_DOUBT,
  }),
  fullMatch({
    id: 'rw-us-gestational-diabetes-undated',
    title:
      "Full match, a woman of 39 with an active gestational diabetes (O24.410) of no date: a past pregnancy's, as problem lists keep it, both cards fire",
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Megan',
      gender: 'female',
      age: 39,
      extra: (ctx) => [
        conditionOf(ctx, 'gdm', {
          code: codeable(
            [coding('icd10cm', 'O24.410', 'Gestational diabetes mellitus in pregnancy, diet controlled')],
            'Gestational diabetes mellitus in pregnancy, diet controlled',
          ),
        }),
      ],
    },
    ...ruledOut('rw-us-gestational-diabetes-undated'),
  }),
  fullMatch({
    id: 'rw-us-gestational-age-two-years-ago',
    title: 'Full match, a woman of 41 whose only gestational age (18185-9, 12 weeks) is two years old: both cards fire',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Heather',
      gender: 'female',
      age: 41,
      extra: (ctx) => [
        observationOf(ctx, 'ga', {
          code: codeable([coding('loinc', '18185-9', 'Gestational age')], 'Gestational age'),
          daysAgo: 730,
          valueQuantity: ucum(12, 'wk', 'wk'),
        }),
      ],
    },
    ...ruledOut('rw-us-gestational-age-two-years-ago'),
  }),
  fullMatch({
    id: 'rw-us-hcg-quantitative-negative',
    title: 'Full match, a woman of 38 whose serum hCG (19080-1) 10 days ago is < 2 mIU/mL: both cards fire',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Amanda',
      gender: 'female',
      age: 38,
      extra: (ctx) => [
        observationOf(ctx, 'hcg', {
          code: codeable(
            [coding('loinc', '19080-1', 'Choriogonadotropin [Units/volume] in Serum or Plasma')],
            'hCG, Quant',
          ),
          daysAgo: 10,
          valueQuantity: { ...ucum(2, 'mIU/mL', 'm[IU]/mL'), comparator: '<' },
        }),
      ],
    },
    ...ruledOut('rw-us-hcg-quantitative-negative'),
  }),
  fullMatch({
    id: 'rw-fr-diabete-gestationnel-2012',
    title: 'Full match, une femme de 44 ans, diabète gestationnel (O24.4) de 2012 resté actif : les deux cartes',
    rule: 'pregnancy on a trial',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Nathalie',
      gender: 'female',
      age: 44,
      extra: (ctx) => [
        conditionOf(ctx, 'dg', {
          code: codeable(
            [coding('cim10Smt', 'O24.4', 'Diabète sucré survenant au cours de la grossesse')],
            'Diabète gestationnel',
          ),
          onsetDaysAgo: 5200,
        }),
      ],
    },
    ...ruledOut('rw-fr-diabete-gestationnel-2012'),
  }),
  // An hCG under a laboratory's own code and a bare name ("BHCG", "Bêta-hCG sérique"), found among
  // the newest laboratory results. A review (2026-12-06, evening) found the bare name read as no
  // test: a positive result was passed over and both cards shown to a pregnant woman.
  hcgUnderLocalCode({
    id: 'rw-us-bhcg-positive-local-code',
    title: 'Full match, a woman of 37 whose local "BHCG" 9 days ago is "Positive": pregnant, no card',
    style: 'us',
    given: 'Kayla',
    age: 37,
    code: 'BHCG',
    name: 'BHCG',
    daysAgo: 9,
    value: { valueString: 'Positive' },
  }),
  hcgUnderLocalCode({
    id: 'rw-fr-beta-hcg-serique-12500',
    title:
      'Full match, une femme de 38 ans, « Bêta-hCG sérique » 12 500 mUI/mL il y a 12 jours (code local) : enceinte, pas de carte',
    style: 'fr',
    given: 'Aurélie',
    age: 38,
    code: 'BHCG-S',
    name: 'Bêta-hCG sérique',
    daysAgo: 12,
    value: { valueQuantity: ucum(12500, 'mUI/mL', 'm[IU]/mL') },
  }),
];
