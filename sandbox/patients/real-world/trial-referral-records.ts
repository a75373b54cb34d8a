import type { FhirResource, ResearchSubject, ServiceRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { fullMatch, nafldTrial, pumpCardOf, rid, when, type StyledContext } from './trial-builders.js';

/*
 * Real-world records for "No repeat of what is already done" (docs/clinical-rules.md): the
 * NCT04270656 full match, which fires the pump card and the trial card, with the referrals and
 * research-subject records that hospitals keep beside it. French records write referrals as
 * local order codes with French words ("Bilan pré-pompe", "Demande d'avis"); US records as the
 * order catalogue's SNOMED CT category with English text. Each is on one side of the rule.
 */

/** The SNOMED CT category of a referral order (the category this service's own drafts carry). */
const REFERRAL_CATEGORY = codeable([coding('snomed', '3457005', 'Patient referral')], 'Referral');

interface RequestOptions {
  readonly status?: ServiceRequest['status'];
  readonly code: ServiceRequest['code'];
  readonly authoredDaysAgo?: number;
  readonly occurrenceDaysAgo?: number;
  readonly note?: string;
  /** reasonCode, as text: what the referral is for when its code only names the specialty. */
  readonly reason?: string;
  readonly trialId?: string;
}

/** A referral order as the hospital's order entry writes it. */
function referral(ctx: StyledContext, suffix: string, o: RequestOptions): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: rid(ctx, suffix),
    // A missing status is what some interfaces send; the reader must not take it for "none".
    ...(o.status ? { status: o.status } : {}),
    intent: 'order',
    category: [REFERRAL_CATEGORY],
    ...(o.code ? { code: o.code } : {}),
    subject: { reference: `Patient/${ctx.patientId}` },
    ...(o.authoredDaysAgo !== undefined ? { authoredOn: when(ctx, o.authoredDaysAgo) } : {}),
    ...(o.occurrenceDaysAgo !== undefined ? { occurrenceDateTime: when(ctx, o.occurrenceDaysAgo, '14:30:00') } : {}),
    ...(o.note ? { note: [{ text: o.note }] } : {}),
    ...(o.reason ? { reasonCode: [{ text: o.reason }] } : {}),
    ...(o.trialId ? { identifier: [{ system: 'https://clinicaltrials.gov', value: o.trialId }] } : {}),
  } as ServiceRequest;
}

/** A research-subject record; `study` is what the research office wrote as the study reference. */
function subjectOf(
  ctx: StyledContext,
  suffix: string,
  status: ResearchSubject['status'],
  study: ResearchSubject['study'],
): ResearchSubject {
  return {
    resourceType: 'ResearchSubject',
    id: rid(ctx, suffix),
    status,
    study,
    individual: { reference: `Patient/${ctx.patientId}` },
    period: { start: when(ctx, 60).slice(0, 10) },
  };
}

const extra = (build: (ctx: StyledContext) => FhirResource[]) => ({ extra: build });

const PUMP_RULE = 'pump-evaluation referral already on file' as const;
const TRIAL_RULE = 'trial referral or research subject already on file' as const;

/** Pump-evaluation referrals: under way or done within a year stops the pump card; the trial card stays. */
export const PUMP_REFERRAL_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-bilan-pre-pompe-annule',
    title: '"Bilan pré-pompe" ordered then cancelled (revoked), and an unrelated dietitian referral: the card fires',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Gérard',
      ...extra((ctx) => [
        referral(ctx, 'pre-pompe', {
          status: 'revoked',
          code: codeable([coding('local', 'CS-DIAB-POMPE', 'Bilan pré-pompe')], 'Bilan pré-pompe - HDJ diabétologie'),
          authoredDaysAgo: 240,
          note: 'Annulé : patient indisponible, à reprogrammer',
        }),
        referral(ctx, 'dieteticienne', {
          status: 'active',
          code: codeable([coding('local', 'CS-DIET', 'Consultation diététicienne')]),
          authoredDaysAgo: 20,
        }),
      ]),
    },
    pump: pumpCardOf('rw-fr-bilan-pre-pompe-annule'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-pump-referral-sent',
    title: "The service's own pump-evaluation referral, accepted and sent 3 weeks ago (active): no second card",
    rule: PUMP_RULE,
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Dennis',
      ...extra((ctx) => [
        referral(ctx, 'csii-referral', {
          status: 'active',
          code: {
            text: 'Referral to endocrinology / insulin-pump initiation centre for insulin pump (CSII) evaluation',
          },
          authoredDaysAgo: 21,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-mise-sous-pompe-realisee',
    title: '"Mise sous pompe à insuline - centre initiateur" completed 5 months ago (local code): no card',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Serge',
      ...extra((ctx) => [
        referral(ctx, 'mise-sous-pompe', {
          status: 'completed',
          code: codeable([coding('local', 'HDJ-POMPE-01')], 'Mise sous pompe à insuline - centre initiateur CHU'),
          authoredDaysAgo: 190,
          occurrenceDaysAgo: 150,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-csii-assessment-last-year',
    title: 'CSII assessment (SNOMED 180178009) completed 500 days ago, patient stayed on MDI: the card fires again',
    rule: PUMP_RULE,
    style: 'us',
    case: 'fires',
    record: {
      given: 'Walter',
      ...extra((ctx) => [
        referral(ctx, 'csii-2025', {
          status: 'completed',
          code: codeable(
            [coding('snomed', '180178009', 'Continuous subcutaneous infusion of insulin')],
            'CSII assessment',
          ),
          authoredDaysAgo: 530,
          occurrenceDaysAgo: 500,
        }),
      ]),
    },
    pump: pumpCardOf('rw-us-csii-assessment-last-year'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-pump-assessment-status-unknown',
    title: 'An "Insulin pump assessment" order with status unknown (interface default): cannot be ruled out, no card',
    rule: PUMP_RULE,
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Harold',
      ...extra((ctx) => [
        referral(ctx, 'pump-assessment', {
          status: 'unknown',
          code: { text: 'Insulin pump assessment' },
          authoredDaysAgo: 45,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-avis-pompe-sans-date',
    title: '"Évaluation pour une pompe à insuline" marked done with no date at all: within the year or not is unknown',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Yvon',
      ...extra((ctx) => [
        referral(ctx, 'avis-pompe', {
          status: 'completed',
          code: { text: 'Évaluation pour une pompe à insuline' },
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-bilan-pre-pompe-a-insuline',
    title:
      '"Bilan pré-pompe à insuline" ordered a month ago (active): the device\'s name inside it does not hide it, no card',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Bernard',
      ...extra((ctx) => [
        referral(ctx, 'pre-pompe', {
          status: 'active',
          code: { text: 'Bilan pré-pompe à insuline' },
          authoredDaysAgo: 30,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-endocrinology-referral-csii-reason',
    title: 'An active "Referral to Endocrinology" whose reason reads "CSII evaluation (insulin pump)": no second card',
    rule: PUMP_RULE,
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Leonard',
      ...extra((ctx) => [
        referral(ctx, 'endo', {
          status: 'active',
          code: codeable([coding('local', 'REF-ENDO', 'Referral to Endocrinology')], 'Endocrinology referral'),
          reason: 'CSII evaluation (insulin pump)',
          authoredDaysAgo: 40,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-avis-endocrino-note-pompe',
    title:
      '"Consultation endocrinologie" (active) whose note asks for "évaluation pour pompe à insuline (CSII)": no card',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Hervé',
      ...extra((ctx) => [
        referral(ctx, 'avis-endo', {
          status: 'active',
          code: { text: 'Consultation endocrinologie' },
          note: 'Merci de voir ce patient : évaluation pour pompe à insuline (CSII)',
          authoredDaysAgo: 15,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-avis-endocrino-sans-pompe',
    title:
      '"Consultation endocrinologie" (active) whose note says "pas de pompe à insuline pour l\'instant": the card fires',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Lucien',
      ...extra((ctx) => [
        referral(ctx, 'avis-endo', {
          status: 'active',
          code: { text: 'Consultation endocrinologie' },
          note: "Adaptation du schéma basal-bolus ; pas de pompe à insuline pour l'instant",
          authoredDaysAgo: 15,
        }),
      ]),
    },
    pump: pumpCardOf('rw-fr-avis-endocrino-sans-pompe'),
    nafld: nafldTrial(true),
  }),
  // A pump asked for in few words or by its brand (a review of requests, 2026-12-06): before, no
  // name was read and the card asked again.
  fullMatch({
    id: 'rw-us-omnipod-start-ordered',
    title: '"Omnipod 5 start - diabetes education" ordered 2 weeks ago (active): a pump is being started, no card',
    rule: PUMP_RULE,
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Clarence',
      ...extra((ctx) => [
        referral(ctx, 'omnipod-start', {
          status: 'active',
          code: codeable([coding('local', 'DM-EDU-44')], 'Omnipod 5 start - diabetes education'),
          authoredDaysAgo: 14,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-avis-diabeto-pour-pompe',
    title:
      '"Avis diabéto pour pompe" demandé il y a 3 semaines (actif) : une évaluation est déjà demandée, pas de carte',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gaston',
      ...extra((ctx) => [
        referral(ctx, 'avis-pompe', {
          status: 'active',
          code: { text: 'Avis diabéto pour pompe' },
          authoredDaysAgo: 21,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-pca-pump-teaching',
    title: '"PCA pump teaching" after knee surgery (completed last month): not an insulin pump, the card fires',
    rule: PUMP_RULE,
    style: 'us',
    case: 'fires',
    record: {
      given: 'Lester',
      ...extra((ctx) => [
        referral(ctx, 'pca-teaching', {
          status: 'completed',
          code: { text: 'PCA pump teaching (post-op knee arthroplasty)' },
          authoredDaysAgo: 40,
          occurrenceDaysAgo: 35,
        }),
      ]),
    },
    pump: pumpCardOf('rw-us-pca-pump-teaching'),
    nafld: nafldTrial(true),
  }),
  // A pump named with what is done to it, or by the French abbreviation, in few words (a review of
  // requests, 2026-12-06): before, "pompe" without "à insuline" named nothing and the card repeated
  // them. A request for another kind of pump named so still does not stop it.
  fullMatch({
    id: 'rw-fr-hdj-mise-en-place-pompe',
    title:
      '"HDJ diabétologie - mise en place pompe" programmé (actif) : la pompe est en cours de mise en place, pas de carte',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Roland',
      ...extra((ctx) => [
        referral(ctx, 'hdj-pompe', {
          status: 'active',
          code: codeable(
            [coding('local', 'HDJ-DIAB-07', 'HDJ diabétologie')],
            'HDJ diabétologie - mise en place pompe',
          ),
          authoredDaysAgo: 18,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-pump-eval-endo-order',
    title: 'An endocrinology order "Pump eval" placed 10 days ago (active): an evaluation is under way, no card',
    rule: PUMP_RULE,
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Warren',
      ...extra((ctx) => [
        referral(ctx, 'pump-eval', {
          status: 'active',
          code: codeable([coding('local', 'REF-ENDO-12', 'Ambulatory referral to Endocrinology')]),
          reason: 'Pump eval',
          authoredDaysAgo: 10,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-demande-avis-psci',
    title:
      '"Demande d\'avis PSCI" envoyée il y a un mois (active) : une évaluation pour pompe est demandée, pas de carte',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Armand',
      ...extra((ctx) => [
        referral(ctx, 'avis-psci', {
          status: 'active',
          code: { text: "Demande d'avis PSCI" },
          authoredDaysAgo: 30,
        }),
      ]),
    },
    pump: null,
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-fr-mise-en-place-pompe-apomorphine',
    title:
      '"Mise en place pompe à apomorphine" en neurologie (terminée le mois dernier) : pas une pompe à insuline, la carte s\'affiche',
    rule: PUMP_RULE,
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Marcel',
      ...extra((ctx) => [
        referral(ctx, 'apomorphine', {
          status: 'completed',
          code: codeable(
            [coding('local', 'HDJ-NEURO-03', 'HDJ neurologie')],
            'HDJ neurologie - mise en place pompe à apomorphine (maladie de Parkinson)',
          ),
          authoredDaysAgo: 45,
          occurrenceDaysAgo: 38,
        }),
      ]),
    },
    pump: pumpCardOf('rw-fr-mise-en-place-pompe-apomorphine'),
    nafld: nafldTrial(true),
  }),
];

/** Referrals to the study team and research subjects: the trial card stops; the pump card stays. */
export const TRIAL_REFERRAL_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-fr-sujet-recherche-candidat',
    title: 'ResearchSubject "candidate" of a study identified by NCT04270656 (written by the research office)',
    rule: TRIAL_RULE,
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Thierry',
      ...extra((ctx) => [
        subjectOf(ctx, 'etude-pompe', 'candidate', {
          identifier: { system: 'https://clinicaltrials.gov', value: 'NCT04270656' },
          display: 'Étude Pompe-NAFLD (CHU de Nantes)',
        }),
      ]),
    },
    pump: pumpCardOf('rw-fr-sujet-recherche-candidat'),
    nafld: nafldTrial(false),
  }),
  fullMatch({
    id: 'rw-us-study-referral-in-note',
    title: 'An active "Research study referral" whose note names NCT04270656 (no identifier): no second card',
    rule: TRIAL_RULE,
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Kenneth',
      ...extra((ctx) => [
        referral(ctx, 'study-referral', {
          status: 'active',
          code: { text: 'Research study referral' },
          authoredDaysAgo: 12,
          note: 'Please screen for the pump vs MDI NAFLD trial (NCT04270656), Nantes site.',
        }),
      ]),
    },
    pump: pumpCardOf('rw-us-study-referral-in-note'),
    nafld: nafldTrial(false),
  }),
  fullMatch({
    id: 'rw-fr-autre-essai-et-adressage-annule',
    title: 'Research subject of another trial, and a revoked referral for NCT04270656: the trial card fires',
    rule: TRIAL_RULE,
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Pascal',
      ...extra((ctx) => [
        subjectOf(ctx, 'autre-etude', 'off-study', {
          display: 'Registre cohorte NCT01234567 - suivi terminé',
        }),
        referral(ctx, 'adressage-annule', {
          status: 'revoked',
          code: { text: "Demande d'inclusion essai clinique" },
          trialId: 'NCT04270656',
          authoredDaysAgo: 90,
        }),
      ]),
    },
    pump: pumpCardOf('rw-fr-autre-essai-et-adressage-annule'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-research-subject-unnamed-study',
    title:
      "A ResearchSubject whose study is a bare reference to a ResearchStudy not on file: the trial's card says to check",
    rule: TRIAL_RULE,
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Eugene',
      ...extra((ctx) => [subjectOf(ctx, 'study', 'on-study', { reference: 'ResearchStudy/irb-2024-0117' })]),
    },
    pump: pumpCardOf('rw-us-research-subject-unnamed-study'),
    nafld: nafldTrial(true, {}, ['earlier referral not checked']),
  }),
  // A request to a study team that names no trial (a review of requests, 2026-12-06): before, it
  // was read as no referral at all, and the card said nothing of it.
  fullMatch({
    id: 'rw-fr-adressage-recherche-sans-nct',
    title:
      "« Adressage recherche clinique - essai pompe insuline stéatose » (actif), sans numéro NCT : la carte de l'essai sort et dit que l'adressage antérieur n'est pas vérifié",
    rule: TRIAL_RULE,
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Rémi',
      ...extra((ctx) => [
        referral(ctx, 'adressage-recherche', {
          status: 'active',
          code: { text: 'Adressage recherche clinique - essai pompe insuline stéatose' },
          authoredDaysAgo: 20,
        }),
      ]),
    },
    pump: pumpCardOf('rw-fr-adressage-recherche-sans-nct'),
    nafld: nafldTrial(true, {}, ['earlier referral not checked']),
  }),
  fullMatch({
    id: 'rw-us-clinical-research-referral-no-nct',
    title:
      'An active "Referral to clinical research" whose note reads "pump vs MDI trial, fatty liver" (no NCT number): the trial card says the earlier referral is not checked',
    rule: TRIAL_RULE,
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Lowell',
      ...extra((ctx) => [
        referral(ctx, 'research-referral', {
          status: 'active',
          code: { text: 'Referral to clinical research' },
          note: 'Please screen for the pump vs MDI trial, fatty liver.',
          authoredDaysAgo: 25,
        }),
      ]),
    },
    pump: pumpCardOf('rw-us-clinical-research-referral-no-nct'),
    nafld: nafldTrial(true, {}, ['earlier referral not checked']),
  }),
];
