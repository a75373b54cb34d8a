import type { CodeableConcept, Observation, ServiceRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord } from './trial-onset-records.js';
import { codeable, coding } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  DRUGS,
  egfrOf,
  fullMatch,
  imagingReport,
  injectionByCode,
  nafldTrial,
  observationOf,
  pumpCardOf,
  qty,
  orderOf,
  record,
  rid,
  statementOf,
  tabletDose,
  when,
  type StyledContext,
} from './trial-builders.js';

/*
 * Trial records a twelfth review (2026-12-07: liver evidence, dates and statuses) found decided
 * wrongly, kept as patients:
 * - a liver disease under a code that names none (K76.8, K76.89), its words unread ("HAI type 1",
 *   "etiology under workup"), read as no other chronic liver disease;
 * - K76.0 worded as abnormal liver tests only ("Hypertransaminasémie chronique", "Transaminitis"),
 *   read as a steatosis with no study showing one;
 * - a steatosis whose words give a drug as its cause ("induite par le tamoxifène", "due to
 *   amiodarone"), read as an ordinary NAFLD rather than a toxic liver disease;
 * - a cirrhosis written as a fibrosis grade ("F3-F4") or as cACLD in French words, read as none;
 * - 20 drinks a week under Epic's own flowsheet code, newer than a coded count of one a day,
 *   neither fetched nor read;
 * - basal-bolus insulin taken in 2021 and finished, beside a type 1 diabetes coded last month,
 *   read as a recent diagnosis (NCT05153070);
 * - a woman of 56 with a "Pregnant state" entered 60 days ago, ruled out of pregnancy by her age;
 * - an uncoded "Porteur inactif de l'Ag HBs", the antigen in two words, read as nothing;
 * - a pump-evaluation referral whose note also names the trial, read as no pump referral, and a
 *   French request for a day-hospital "passage sous pompe", read as none;
 * - a creatinine of 420 µmol/L under a laboratory's bare "Créatinine", newer than an eGFR of 76,
 *   and "Insuffisance rénale chronique sévère" on the problem list, both passed over;
 * - pramlintide (SymlinPen), an antidiabetic of no listed class, read as none;
 * - Ozempic whose dosage bounds ended 20 days ago (the order still active, as Epic leaves it),
 *   dated by its order of two years before, so its weeks of action were over.
 * Then one withheld where it should fire: the US wording "increased hepatic echogenicity" of an
 * ultrasound, read as no finding about the liver.
 */

/** Hepatitis B and C serologies, both negative, a year ago: the criterion on liver disease otherwise holds. */
export function negativeSerologies(ctx: StyledContext): Observation[] {
  const fr = ctx.style === 'fr';
  const hbsag = observationOf(ctx, 'hbsag', {
    code: fr
      ? codeable([coding('local', 'SERO-AGHBS', 'Ag HBs')], 'Antigène HBs (Ag HBs)')
      : codeable(
          [coding('loinc', '5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay')],
          'Hepatitis B Surface Ag',
        ),
    daysAgo: 365,
  });
  const hcv = observationOf(ctx, 'hcv-rna', {
    code: codeable(
      [coding('loinc', '11259-9', 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection')],
      fr ? 'ARN du VHC (PCR qualitative)' : 'HCV RNA, Qualitative PCR',
    ),
    daysAgo: 365,
  });
  if (fr) {
    hbsag.valueString = 'Négatif';
    hcv.valueString = 'Non détecté';
  } else {
    hbsag.valueCodeableConcept = codeable([coding('snomed', '131194007', 'Non-Reactive')], 'Nonreactive');
    hcv.valueCodeableConcept = codeable([coding('snomed', '260415000', 'Not detected')], 'Not Detected');
  }
  return [hbsag, hcv];
}

/** An active referral order, as the hospital's order entry writes it. */
function referralOf(ctx: StyledContext, suffix: string, code: CodeableConcept, note?: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: rid(ctx, suffix),
    status: 'active',
    intent: 'order',
    category: [codeable([coding('snomed', '3457005', 'Patient referral')], 'Referral')],
    code,
    subject: { reference: `Patient/${ctx.patientId}` },
    authoredOn: when(ctx, 20),
    ...(note ? { note: [{ text: note }] } : {}),
  };
}

/** A problem-list entry beside the full match, with its negative serologies. */
function withProblem(code: CodeableConcept, onsetDaysAgo = 900) {
  return (ctx: StyledContext) => [
    conditionOf(ctx, 'liver-problem', { code, onsetDaysAgo }),
    ...negativeSerologies(ctx),
  ];
}

/** The steatosis problem written otherwise, and no liver study: only its words can show it. */
function steatosisWrittenAs(code: CodeableConcept) {
  return {
    without: ['liver-us'] as const,
    replace: { steatosis: (ctx: StyledContext) => [conditionOf(ctx, 'steatosis', { code, onsetDaysAgo: 420 })] },
  };
}

/** The steatosis problem written otherwise, beside the base record's ultrasound. */
function steatosisNamed(code: CodeableConcept) {
  return {
    replace: { steatosis: (ctx: StyledContext) => [conditionOf(ctx, 'steatosis', { code, onsetDaysAgo: 420 })] },
  };
}

const K760_US = (text: string) =>
  codeable([coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified')], text);
const K760_FR = (text: string) =>
  codeable(cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs'), text);

export const TRIAL_REVIEW_TWELVE_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-k768-hai-type-1-azathioprine',
    title:
      'K76.8 « HAI type 1, rémission sous azathioprine » (une hépatite auto-immune) et sérologies négatives : autre hépatopathie à confirmer, non écartée',
    rule: 'chronic liver disease in a broad code',
    style: 'fr',
    case: 'unknown',
    record: {
      extra: withProblem(
        codeable(cim10('K76.8', 'Autres maladies précisées du foie'), 'HAI type 1, rémission sous azathioprine'),
        2400,
      ),
    },
    pump: pumpCardOf('rw-fr-k768-hai-type-1-azathioprine'),
    nafld: nafldTrial(true, { 'no-chronic-liver-disease': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-k7689-chronic-liver-disease-workup',
    title:
      'K76.89 "Chronic liver disease, etiology under workup (hepatology)" with negative hepatitis serologies: another liver disease to confirm, not ruled out',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'unknown',
    record: {
      extra: withProblem(
        codeable(
          [coding('icd10cm', 'K76.89', 'Other specified diseases of liver')],
          'Chronic liver disease, etiology under workup (hepatology)',
        ),
        200,
      ),
    },
    pump: pumpCardOf('rw-us-k7689-chronic-liver-disease-workup'),
    nafld: nafldTrial(true, { 'no-chronic-liver-disease': 'unknown' }),
  }),
  // A control: the same code worded as the NAFLD itself leaves nothing open.
  fullMatch({
    id: 'rw-us-k7689-worded-nafld',
    title:
      'K76.89 worded "NAFLD (hepatic steatosis)" with negative hepatitis serologies: the fatty liver itself, no other liver disease',
    rule: 'chronic liver disease in a broad code',
    style: 'us',
    case: 'fires',
    record: {
      extra: withProblem(
        codeable([coding('icd10cm', 'K76.89', 'Other specified diseases of liver')], 'NAFLD (hepatic steatosis)'),
      ),
    },
    pump: pumpCardOf('rw-us-k7689-worded-nafld'),
    nafld: nafldTrial(true, { 'no-chronic-liver-disease': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-k760-hypertransaminasemie-chronique',
    title:
      'K76.0 libellé « Hypertransaminasémie chronique », sans imagerie du foie : la stéatose reste à montrer, pas de carte',
    rule: 'steatosis in words',
    style: 'fr',
    case: 'unknown',
    record: steatosisWrittenAs(K760_FR('Hypertransaminasémie chronique')),
    pump: pumpCardOf('rw-fr-k760-hypertransaminasemie-chronique'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-k760-transaminitis',
    title: 'K76.0 worded "Transaminitis", no liver imaging: steatosis not shown, no card',
    rule: 'steatosis in words',
    style: 'us',
    case: 'unknown',
    record: steatosisWrittenAs(K760_US('Transaminitis')),
    pump: pumpCardOf('rw-us-k760-transaminitis'),
    nafld: nafldTrial(false, { steatosis: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-steatose-induite-par-tamoxifene',
    title:
      'K76.0 « Stéatose hépatique induite par le tamoxifène » : une hépatopathie toxique, que l’essai exclut, pas de carte',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Sylvie',
      family: 'Tamoxifène-Exemple',
      gender: 'female',
      age: 57,
      ...steatosisNamed(K760_FR('Stéatose hépatique induite par le tamoxifène')),
    },
    pump: pumpCardOf('rw-fr-steatose-induite-par-tamoxifene'),
    nafld: nafldTrial(false, { 'toxic-hepatitis': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-fatty-liver-due-to-amiodarone',
    title: 'K76.0 worded "Fatty liver due to amiodarone": a toxic liver disease the trial excludes, no card',
    rule: 'an exclusion named in problem-list words',
    style: 'us',
    case: 'does-not-fire',
    record: steatosisNamed(K760_US('Fatty liver due to amiodarone')),
    pump: pumpCardOf('rw-us-fatty-liver-due-to-amiodarone'),
    nafld: nafldTrial(false, { 'toxic-hepatitis': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-nash-fibrose-f3-f4',
    title: 'K75.8 « NASH avec fibrose F3-F4 (FibroScan 14 kPa) » : une cirrhose au sens de l’essai, pas de carte',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'nash', {
          code: codeable(
            cim10('K75.8', 'Autres maladies inflammatoires précisées du foie'),
            'NASH avec fibrose F3-F4 (FibroScan 14 kPa)',
          ),
          onsetDaysAgo: 300,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-nash-fibrose-f3-f4'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-hepatopathie-chronique-avancee-compensee',
    title:
      '« Hépatopathie chronique avancée compensée (MASLD) » sous K76.0 : la cACLD écrite en toutes lettres, une cirrhose au sens de l’essai, pas de carte',
    rule: 'an exclusion named in problem-list words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'cacld', {
          code: K760_FR('Hépatopathie chronique avancée compensée (MASLD)'),
          onsetDaysAgo: 200,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-hepatopathie-chronique-avancee-compensee'),
    nafld: nafldTrial(false, { 'cirrhosis-hcc': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-epic-alcohol-drinks-per-week-20',
    title:
      'Epic flowsheet "ALCOHOL DRINKS/WEEK" 20 /wk (local code, social history) a month ago, newer than one drink a day: over the limit, no card',
    rule: 'alcohol measures of every kind',
    style: 'us',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        observationOf(ctx, 'alcohol-week', {
          code: codeable(
            [
              {
                system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.707679',
                code: '1570000012',
                display: 'ALCOHOL DRINKS/WEEK',
              },
            ],
            'Alcohol drinks/week',
          ),
          category: 'social-history',
          daysAgo: 30,
          valueQuantity: qty(20, '/wk'),
        }),
      ],
    },
    pump: pumpCardOf('rw-us-epic-alcohol-drinks-per-week-20'),
    nafld: nafldTrial(false, { 'alcohol-over-limit': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-woman-56-pregnant-state-60-days',
    title:
      'A woman of 56 with an active "Pregnant state" (Z33.1) entered 60 days ago: the record says pregnant, age does not set it aside, no card',
    rule: 'pregnancy on a trial',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Janet',
      family: 'Example-Late',
      gender: 'female',
      age: 56,
      extra: (ctx) => [
        conditionOf(ctx, 'pregnancy', {
          code: codeable(
            [coding('icd10cm', 'Z33.1', 'Pregnant state, incidental'), coding('snomed', '77386006', 'Pregnancy')],
            'Pregnant state',
          ),
          onsetDaysAgo: 60,
          recordedDaysAgo: 60,
        }),
      ],
    },
    pump: null,
    nafld: nafldTrial(false, { pregnancy: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-ultrasound-increased-hepatic-echogenicity',
    title:
      'Liver ultrasound "Diffusely increased hepatic echogenicity consistent with fatty infiltration", no steatosis on the problem list: steatosis shown, the card fires',
    rule: 'steatosis in ultrasound reports',
    style: 'us',
    case: 'fires',
    record: {
      without: ['steatosis'],
      replace: {
        'liver-us': (ctx) => [
          imagingReport(ctx, 'liver-us', {
            daysAgo: 250,
            conclusion:
              'IMPRESSION: Diffusely increased hepatic echogenicity consistent with fatty infiltration. No focal hepatic lesion.',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-ultrasound-increased-hepatic-echogenicity'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-porteur-inactif-ag-hbs-sans-code',
    title:
      "Problème sans code « Porteur inactif de l'Ag HBs (ADN VHB < 2000 UI/mL) » : une hépatite B chronique, que l’essai exclut, pas de carte",
    rule: 'hepatitis B and C serology',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'hbv', {
          code: codeable([], "Porteur inactif de l'Ag HBs (ADN VHB < 2000 UI/mL)"),
          onsetDaysAgo: 3000,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-porteur-inactif-ag-hbs-sans-code'),
    nafld: nafldTrial(false, { 'chronic-viral-hepatitis': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-pump-evaluation-referral-noting-trial',
    title:
      'Active "Endocrinology referral - insulin pump evaluation", noted "Also please screen for pump vs MDI trial NCT04270656": the evaluation is asked for, and the trial too; neither card',
    rule: 'pump-evaluation referral already on file',
    style: 'us',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        referralOf(
          ctx,
          'pump-referral',
          codeable(
            [coding('local', 'REF-ENDO', 'Endocrinology referral')],
            'Endocrinology referral - insulin pump evaluation',
          ),
          'Also please screen for pump vs MDI trial NCT04270656',
        ),
      ],
    },
    pump: null,
    nafld: nafldTrial(false),
  }),
  fullMatch({
    id: 'rw-fr-demande-hdj-passage-sous-pompe',
    title:
      'Demande en cours « Demande HDJ diabétologie : passage sous pompe » : l’évaluation est demandée, pas de carte pompe ; la carte essai reste',
    rule: 'pump-evaluation referral already on file',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        referralOf(
          ctx,
          'hdj-pompe',
          codeable([coding('local', 'HDJ-DIAB', 'HDJ diabétologie')], 'Demande HDJ diabétologie : passage sous pompe'),
        ),
      ],
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-creatinine-420-apres-dfg-76',
    title:
      'DFG 76 il y a 300 jours, puis une « Créatinine » (code local) à 420 µmol/L il y a 12 jours : le DFG n’est plus connu, l’exclusion DFG < 30 reste à confirmer',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'unknown',
    record: {
      replace: {
        egfr: (ctx) => [
          egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 76, daysAgo: 300 }),
          observationOf(ctx, 'creat-local', {
            code: codeable([coding('local', 'CREA', 'Créatinine')], 'Créatinine'),
            daysAgo: 12,
            valueQuantity: qty(420, 'µmol/L', 'umol/L'),
            interpretation: 'H',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-creatinine-420-apres-dfg-76'),
    nafld: nafldTrial(true, { 'egfr-under-30': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-irc-severe-dfg-22',
    title:
      'Problème N18.9 « Insuffisance rénale chronique sévère, DFG 22 mL/min (10/2026) », plus récent que le DFG de 84 : une IRC stade 4, que l’essai exclut',
    rule: 'newest eGFR of any formula',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        conditionOf(ctx, 'irc', {
          code: codeable(
            cim10('N18.9', 'Maladie rénale chronique, sans précision'),
            'Insuffisance rénale chronique sévère, DFG 22 mL/min (10/2026)',
          ),
          onsetDaysAgo: 20,
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-irc-severe-dfg-22'),
    nafld: nafldTrial(false, { 'egfr-under-30': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-symlinpen-before-meals',
    title:
      'SymlinPen (pramlintide) 60 mcg before each meal beside the basal-bolus insulin: an antidiabetic the trial excludes, no card',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        orderOf(ctx, 'pramlintide', {
          drug: { concept: codeable([], 'SymlinPen 120 (pramlintide) 1,000 mcg/mL pen injector') },
          authoredDaysAgo: 300,
          dosage: [
            {
              text: 'Inject 60 mcg under the skin before each major meal',
              timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', when: ['AC'] } },
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-symlinpen-before-meals'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-ozempic-bornes-finies-il-y-a-20-jours',
    title:
      'OZEMPIC prescrit il y a 700 jours, toujours actif, sa posologie bornée jusqu’à il y a 20 jours : un agoniste du GLP-1 agit encore, l’essai l’exclut',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      extra: (ctx) => [
        orderOf(ctx, 'glp1', {
          drug: {
            concept: codeable(
              [coding('atc', 'A10BJ06', 'sémaglutide')],
              'OZEMPIC 1 mg, solution injectable en stylo prérempli',
            ),
          },
          authoredDaysAgo: 700,
          dosage: [
            {
              ...tabletDose(ctx, 1, 1, '1 mg une fois par semaine', false),
              timing: {
                repeat: {
                  frequency: 1,
                  period: 1,
                  periodUnit: 'wk',
                  boundsPeriod: { start: when(ctx, 700).slice(0, 10), end: when(ctx, 20).slice(0, 10) },
                },
              },
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-ozempic-bornes-finies-il-y-a-20-jours'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  record({
    id: 'rw-us-new-t1d-code-insulin-taken-2021-ended',
    title:
      'Type 1 diabetes coded 41 days ago; the reconciliation lists Lantus and Humalog taken from 2021 to 2022, completed: the diabetes is not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Riley', family: 'Example-Earlier', gender: 'male', age: 24 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 41, recordedDaysAgo: 41 })],
        {
          insulinDaysAgo: 41,
          extra: [
            statementOf(ctx, 'basal-2021', {
              drug: { concept: DRUGS.lantus.us },
              status: 'completed',
              startDaysAgo: 2060,
              endDaysAgo: 1700,
              dosage: [injectionByCode(ctx, 18, 'QD', 'Inject 18 Units under the skin once daily at bedtime')],
            }),
            statementOf(ctx, 'rapid-2021', {
              drug: { concept: DRUGS.humalog.us },
              status: 'completed',
              startDaysAgo: 2060,
              endDaysAgo: 1700,
              dosage: [injectionByCode(ctx, 5, 'TID', 'Inject 5 Units under the skin 3 times daily before meals')],
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
];
