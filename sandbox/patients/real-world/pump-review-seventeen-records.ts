import type { DiagnosticReport, Dosage, Observation } from 'fhir/r4.js';
import type { FixtureContext } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  at,
  drug,
  dx,
  frDose,
  frRecord,
  FR_RX,
  hba1cResult,
  humalogSaying,
  humalogTid,
  novorapidSaying,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a seventeenth review (2026-12-07, evening: French hospital records, whole)
 * found firing where they must not, kept as patients: a rapid insulin at each meal given only as a
 * correction, in the everyday French words ("Schéma correctif avant les 3 repas"; "4 UI avant les
 * repas en cas d'hyperglycémie > 2 g/L"), read as three meal injections. And the control: a basal
 * dose whose titration names a high reading ("augmenter de 2 UI en cas d'hyperglycémie matinale")
 * stays a scheduled dose, and so does a fixed dose "à adapter selon les glycémies" (withheld before).
 * From US whole records (Epic, Oracle Health): Epic's "Patient taking differently: … daily with
 * supper" on a three-times-a-day Humalog order; a switch from Humalog to NovoLog the EHR never
 * closed, counted as four injections a day; "Diabetes mellitus (HCC)" coded E11.9 (ICD-10-CM's
 * default when no type is given) beside SNOMED 73211009 (diabetes, type not stated), read as type
 * 2. And one withheld: an HbA1c order cancelled three days ago (a cancelled report listing a
 * cancelled result) hid the final HbA1c before it.
 */

/** A NovoRapid order at the three meals (ACM, ACD, ACV) whose words say when it is given. */
function novorapidAtMeals(ctx: FixtureContext, text: string, units?: number) {
  const { doseAndRate, ...unDosed } = frDose.at(units ?? 0, ['ACM', 'ACD', 'ACV'], text);
  const dosage: Dosage = units === undefined ? unDosed : { ...unDosed, doseAndRate };
  return [order(ctx, 'fr', 'rapid', { med: drug(FR_RX.novorapid), authoredDaysAgo: 400, dosage: [dosage] })];
}

/** An HbA1c order cancelled `daysAgo`: a cancelled report listing a cancelled result with no value. */
function cancelledHba1c(ctx: FixtureContext, daysAgo: number): [DiagnosticReport, Observation] {
  const effective = at(ctx, 'us', daysAgo);
  const a1c = codeable([coding('loinc', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood')], 'HEMOGLOBIN A1C');
  const observation: Observation = {
    resourceType: 'Observation',
    id: `${ctx.patientId}-a1c-cx`,
    status: 'cancelled',
    code: a1c,
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: effective,
  };
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: `${ctx.patientId}-a1c-cx-report`,
    status: 'cancelled',
    code: a1c,
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: effective,
    result: [{ reference: `Observation/${observation.id}` }],
  };
  return [report, observation];
}

export const PUMP_REVIEW_SEVENTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-fr-novorapid-schema-correctif-repas',
    title:
      'LANTUS et NOVORAPID « Schéma correctif avant les 3 repas » (ACM, ACD, ACV), HbA1c 8,7 % : une correction, pas d’injections prandiales, pas de carte',
    rule: 'sliding scale without the flag',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Lucien'], family: 'Schema-Correctif', gender: 'male', age: 64, daysSinceBirthday: 40 },
        { rapid: novorapidAtMeals(ctx, 'Schéma correctif avant les 3 repas') },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-en-cas-d-hyperglycemie',
    title:
      'LANTUS et NOVORAPID « 4 UI avant les repas en cas d’hyperglycémie > 2 g/L », HbA1c 8,7 % : une dose conditionnelle, pas de carte',
    rule: 'sliding scale without the flag',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Agnès'], family: 'Si-Hyperglycemie', gender: 'female', age: 59, daysSinceBirthday: 210 },
        { rapid: novorapidAtMeals(ctx, 'Humalog 4 UI avant les repas en cas d’hyperglycémie > 2 g/L', 4) },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-lantus-titration-hyperglycemie-matinale',
    title:
      'LANTUS « 24 UI le soir, augmenter de 2 UI en cas d’hyperglycémie matinale » et NOVORAPID aux 3 repas, HbA1c 8,7 % : une titration, la carte',
    rule: 'sliding scale without the flag',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gérard'], family: 'Titration-Matin', gender: 'male', age: 62, daysSinceBirthday: 12 },
        {
          basal: [
            order(ctx, 'fr', 'basal', {
              med: drug(FR_RX.lantus),
              authoredDaysAgo: 500,
              dosage: [
                frDose.at(24, ['HS'], 'LANTUS 24 UI le soir, augmenter de 2 UI en cas d’hyperglycémie matinale'),
              ],
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-lantus-titration-hyperglycemie-matinale', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-fr-novorapid-a-adapter-selon-glycemies',
    title:
      'LANTUS et NOVORAPID « 8 UI matin, midi et soir, à adapter selon les glycémies » (ACM, ACD, ACV), HbA1c 8,7 % : des doses fixes que le patient ajuste, la carte',
    rule: 'sliding scale without the flag',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Colette'], family: 'A-Adapter', gender: 'female', age: 61, daysSinceBirthday: 75 },
        { rapid: novorapidAtMeals(ctx, '8 UI matin, midi et soir, à adapter selon les glycémies', 8) },
      ),
    pump: pumpCard('rw-fr-novorapid-a-adapter-selon-glycemies', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-humalog-tid-patient-taking-differently',
    title:
      'Humalog 12 units TID ordered, noted "Patient taking differently: Inject 10 Units into the skin daily with supper": not shown to be MDI, no card',
    rule: 'free-text dosing',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Gail'], family: 'Example-Differently', gender: 'female', age: 63, daysSinceBirthday: 90 },
        {
          rapid: [
            humalogTid(
              ctx,
              300,
              'Patient taking differently: Inject 10 Units into the skin daily with supper. (Reported on 11/2/2026)',
            ),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-tid-then-novolog-supper-switch',
    title:
      'Humalog TID since 2024 and NovoLog "daily with supper" ordered 240 days ago ("Humalog no longer covered, NovoLog substituted"): a switch, one or three a day; no card',
    rule: 'duplicate records of one drug',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Dale'], family: 'Example-Switch', gender: 'male', age: 58, daysSinceBirthday: 200 },
        {
          rapid: [
            humalogTid(ctx, 600),
            order(ctx, 'us', 'rapid-novolog', {
              med: drug(US_RX.novologFlexPen),
              authoredDaysAgo: 240,
              dosage: [usDose.daily(14, 1, 'Inject 14 units under the skin daily with supper')],
              note: 'Humalog no longer covered by insurance - NovoLog substituted.',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-diabetes-mellitus-e119-and-snomed-no-type',
    title:
      '"Diabetes mellitus (HCC)" coded E11.9 and SNOMED 73211009 (diabetes, type not stated) in a man of 27 on MDI: no type given, no card',
    rule: 'diabetes type in an unknown code system',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Tyler'], family: 'Example-Untyped', gender: 'male', age: 27, daysSinceBirthday: 30 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [
                  coding('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications'),
                  coding('snomed', '73211009', 'Diabetes mellitus'),
                ],
                'Diabetes mellitus (HCC)',
              ),
              onsetDaysAgo: 2000,
              recordedDaysAgo: 2000,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-a1c-cancelled-newest-final-before',
    title:
      'HbA1c order cancelled 3 days ago (a cancelled report listing a cancelled result, no value), a final HbA1c of 9.1 % 33 days ago: the final one decides, the card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Marsha'], family: 'Example-Cancelled', gender: 'female', age: 60, daysSinceBirthday: 10 },
        {
          hba1c: [
            hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 33 }),
            hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.6, daysAgo: 190 }),
            ...cancelledHba1c(ctx, 3),
          ],
        },
      ),
    pump: pumpCard('rw-us-a1c-cancelled-newest-final-before', 9.1, STANDARD_EVIDENCE),
  }),
  // A review of regimens (2026-12-07, evening): notes that the meal doses are not given as ordered,
  // courses in words, a pump in French problem-list words, and "x 3/jour" read as a course.
  record({
    id: 'rw-us-humalog-tid-only-doing-breakfast-dose',
    title:
      'Humalog 12 units TID, noted "Pt reports she is only doing the breakfast dose most days": one mealtime injection, not shown to be MDI, no card',
    rule: 'free-text dosing',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Norma'], family: 'Example-Breakfast', gender: 'female', age: 66, daysSinceBirthday: 150 },
        { rapid: [humalogTid(ctx, 300, 'Pt reports she is only doing the breakfast dose most days.')] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-jamais-commencee',
    title:
      'NOVORAPID 6 UI matin, midi et soir, avec la note « N’a jamais commencé la NovoRapid (peur des injections) » : pas de MDI, pas de carte',
    rule: 'held or planned insulin',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Fernand'], family: 'Jamais-Commence', gender: 'male', age: 63, daysSinceBirthday: 300 },
        {
          rapid: [
            order(ctx, 'fr', 'rapid', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 200,
              dosage: frDose.meals(6, 6, 6),
              note: 'N’a jamais commencé la NovoRapid (peur des injections).',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-x-3-par-jour',
    title:
      'NOVORAPID « 8 UI x 3/jour avant les repas » (texte seul), LANTUS, HbA1c 8,7 % : trois injections par jour, la carte',
    rule: 'free-text dosing',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Rolande'], family: 'Trois-Par-Jour', gender: 'female', age: 60, daysSinceBirthday: 222 },
        { rapid: novorapidSaying(ctx, '8 UI x 3/jour avant les repas') },
      ),
    pump: pumpCard('rw-fr-novorapid-x-3-par-jour', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-fr-novorapid-duree-de-traitement-10-jours',
    title:
      'NOVORAPID « 8 UI matin, midi et soir - durée de traitement : 10 jours (corticothérapie) », prescrite il y a 400 jours : cure finie, pas de carte',
    rule: 'ended statements and orders',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Hervé'], family: 'Duree-Dix-Jours', gender: 'male', age: 67, daysSinceBirthday: 40 },
        {
          rapid: novorapidSaying(
            ctx,
            '8 UI matin, midi et soir - durée de traitement : 10 jours (corticothérapie)',
            400,
          ),
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-tid-during-prednisone-taper',
    title:
      'Humalog "Inject 8 Units 3 times daily with meals during prednisone taper", ordered 320 days ago: a course, not the regimen now; no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Walter'], family: 'Example-Taper', gender: 'male', age: 69, daysSinceBirthday: 60 },
        {
          rapid: humalogSaying(
            ctx,
            'Inject 8 Units into the skin 3 times daily with meals during prednisone taper',
            320,
          ),
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-tid-until-date-passed',
    title:
      'Humalog "Inject 8 Units 3 times daily with meals until 03/15/2026", ordered 300 days ago: the end date has passed, no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Joan'], family: 'Example-Until', gender: 'female', age: 62, daysSinceBirthday: 9 },
        { rapid: humalogSaying(ctx, 'Inject 8 Units into the skin 3 times daily with meals until 03/15/2026', 300) },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-traite-par-micropompe',
    title:
      '« DT2 traité par micropompe Accu-Chek Solo depuis 03/2026 » au problème, sous un code local, et les stylos d’avant jamais clos : déjà sous pompe, pas de carte',
    rule: 'pump recorded elsewhere',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Lydie'], family: 'Micropompe', gender: 'female', age: 55, daysSinceBirthday: 180 },
        {
          extra: [
            dx(ctx, 'pompe', {
              code: codeable([coding('local', 'PB-0412')], 'DT2 traité par micropompe Accu-Chek Solo depuis 03/2026'),
              onsetDaysAgo: 270,
            }),
          ],
        },
      ),
    pump: null,
  }),
];
