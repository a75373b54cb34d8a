import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  at,
  drug,
  dx,
  FR_DX,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
  labReport,
  order,
  pumpCard,
  record,
  rwDevice,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a ninth review (2026-12-06) found misread, kept as patients: a pump named on
 * the problem list or in an insulin order's note, a V-Go patch in the dosing text, pens that are no
 * pumps, diabetes after chronic pancreatitis, cystic fibrosis or hemochromatosis beside an E11
 * code, a type 2 code qualified "steroid-induced", meal injections the patient does not give, and
 * HbA1c results the laboratory doubts or that are HbA1 total. Each sits on one side of a rule that
 * already had patients on the others.
 */

type Ctx = Parameters<typeof usRecord>[0];

/** The default US Humalog order, three meals, with the given dosing text and note. */
function humalog(ctx: Ctx, dosageText: string, note?: string) {
  return order(ctx, 'us', 'rapid', {
    med: drug(US_RX.humalogKwikPen),
    authoredDaysAgo: 450,
    dosage: [usDose.daily(12, 3, dosageText)],
    ...(note ? { note } : {}),
  });
}

/** The default French NovoRapid order at the three meals, with a note. */
function novorapid(ctx: Ctx, note: string) {
  return order(ctx, 'fr', 'rapid', {
    med: drug(FR_RX.novorapid),
    authoredDaysAgo: 500,
    dosage: frDose.meals(8, 10, 8),
    note,
  });
}

const TID = 'Inject 12 units under the skin 3 times daily before meals';

export const PUMP_REVIEW_NINE_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-fr-dt2-sous-pompe-probleme',
    title:
      'E11.9 dont le libellé dit « Diabète de type 2 sous pompe à insuline (Medtrum) depuis 03/2025 » : déjà sous pompe, pas de carte',
    rule: 'pump recorded elsewhere',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gérard'], family: 'Pompe-Probleme', gender: 'male', age: 61, daysSinceBirthday: 120 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
                'Diabète de type 2 sous pompe à insuline (Medtrum) depuis 03/2025',
              ),
              onsetDaysAgo: 3300,
              recordedDaysAgo: 3290,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-insulin-pump-snomed-condition',
    title: 'A problem-list entry coded SNOMED 69805005 "Insulin pump": already on a pump, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Vernon'], family: 'Example-Pumpcode', gender: 'male', age: 57, daysSinceBirthday: 40 },
        {
          extra: [
            dx(ctx, 'pump', {
              code: codeable([coding('snomed', '69805005', 'Insulin pump')], 'Insulin pump'),
              recordedDaysAgo: 200,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-via-v-go',
    title: 'Humalog "Fill V-Go 40 daily; press 2 clicks with each meal": the boluses are a patch pump\'s, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Leroy'], family: 'Example-Vgo', gender: 'male', age: 64, daysSinceBirthday: 300 },
        { rapid: [humalog(ctx, 'Fill V-Go 40 daily with Humalog; press 2 clicks with each meal')] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-note-omnipod',
    title: 'Humalog TID whose note reads "Patient now on Omnipod 5 since 09/2026": on a pump, no card',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Dale'], family: 'Example-Podnote', gender: 'male', age: 52, daysSinceBirthday: 10 },
        { rapid: [humalog(ctx, TID, 'Patient now on Omnipod 5 since 09/2026')] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-note-pump-interest',
    title:
      'Humalog TID whose note reads "Interested in Omnipod, referral to endocrinology": a pump weighed, not in use, the card shows',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Wendell'], family: 'Example-Interest', gender: 'male', age: 55, daysSinceBirthday: 200 },
        { rapid: [humalog(ctx, TID, 'Interested in Omnipod, referral to endocrinology')] },
      ),
    pump: pumpCard('rw-us-humalog-note-pump-interest', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-novopen-6-device',
    title: 'An active Device "NovoPen 6" (a connected pen, not a pump): the card shows',
    rule: 'pump recorded elsewhere',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Homer'], family: 'Example-Novopen', gender: 'male', age: 60, daysSinceBirthday: 75 },
        { extra: [rwDevice(ctx, 'pen', { status: 'active', name: 'NovoPen 6' })] },
      ),
    pump: pumpCard('rw-us-novopen-6-device', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-e11-chronic-pancreatitis',
    title: 'E11.65 and K86.1 "Other chronic pancreatitis": the diabetes is likely pancreatogenic, no card',
    rule: 'diabetes of another type',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Arnold'], family: 'Example-Pancreas', gender: 'male', age: 59, daysSinceBirthday: 180 },
        {
          extra: [
            dx(ctx, 'pancreatitis', {
              code: codeable(
                [
                  coding('snomed', '235494005', 'Chronic pancreatitis'),
                  coding('icd10cm', 'K86.1', 'Other chronic pancreatitis'),
                ],
                'Chronic pancreatitis',
              ),
              onsetDaysAgo: 2400,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-e11-cystic-fibrosis-snomed',
    title: 'E11.65 and SNOMED 190905008 "Cystic fibrosis": cystic fibrosis-related diabetes, no card',
    rule: 'diabetes of another type',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Casey'], family: 'Example-Cf', gender: 'male', age: 34, daysSinceBirthday: 60 },
        {
          extra: [
            dx(ctx, 'cf', {
              code: codeable([coding('snomed', '190905008', 'Cystic fibrosis')], 'Cystic fibrosis'),
              onsetDaysAgo: 12000,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-diabete-sur-hemochromatose',
    title: 'E11.9 et un problème « Diabète sur hémochromatose » : un diabète secondaire, pas de carte',
    rule: 'diabetes of another type',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Yves'], family: 'Hemochromatose-Exemple', gender: 'male', age: 63, daysSinceBirthday: 220 },
        {
          extra: [
            dx(ctx, 'hemochromatose', {
              code: codeable([coding('local', 'PB-311')], 'Diabète sur hémochromatose'),
              recordedDaysAgo: 900,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-e11-qualified-steroid-induced',
    title: 'E11.65 whose text reads "Type 2 diabetes mellitus (steroid-induced)": the type is in doubt, no card',
    rule: 'diabetes type named in hedged words',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Elmer'], family: 'Example-Qualified', gender: 'male', age: 66, daysSinceBirthday: 15 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia')],
                'Type 2 diabetes mellitus (steroid-induced)',
              ),
              onsetDaysAgo: 900,
              recordedDaysAgo: 900,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-injections-non-faites',
    title:
      'NovoRapid aux trois repas, note « Le patient ne réalise pas les injections du midi et du soir » : nombre d’injections inconnu, pas de carte',
    rule: 'held or planned insulin',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Marcel'], family: 'Injections-Exemple', gender: 'male', age: 67, daysSinceBirthday: 30 },
        { rapid: [novorapid(ctx, 'Le patient ne réalise pas les injections du midi et du soir')] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-novorapid-consigne-repas-saute',
    title:
      'NovoRapid aux trois repas, note « Si repas sauté, ne pas faire l’injection » : une consigne, la carte s’affiche',
    rule: 'held or planned insulin',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Lucienne'], family: 'Consigne-Exemple', gender: 'female', age: 62, daysSinceBirthday: 140 },
        { rapid: [novorapid(ctx, "Si repas sauté, ne pas faire l'injection")] },
      ),
    pump: pumpCard('rw-fr-novorapid-consigne-repas-saute', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-o24-113-onset-of-diabetes',
    title:
      'Her only diabetes problem is O24.113 "Pre-existing type 2 diabetes mellitus, in pregnancy, third trimester", onset 2016 (the diabetes), recorded 40 days ago: pregnant now, no card',
    rule: 'pregnancy on file',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Brittany'], family: 'Example-Trimester', gender: 'female', age: 36, daysSinceBirthday: 100 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [coding('icd10cm', 'O24.113', 'Pre-existing type 2 diabetes mellitus, in pregnancy, third trimester')],
                'Pre-existing type 2 diabetes mellitus, in pregnancy, third trimester (HCC)',
              ),
              onsetDaysAgo: 3800,
              recordedDaysAgo: 40,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-hba1c-hemoglobine-variante',
    title:
      'HbA1c 8,7 % avec la note « Présence d’une hémoglobine variante : interprétation prudente » : valeur douteuse, pas de carte',
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Amadou'], family: 'Variante-Exemple', gender: 'male', age: 49, daysSinceBirthday: 260 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', {
              value: 8.7,
              daysAgo: 25,
              note: "Présence d'une hémoglobine variante : interprétation prudente",
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-hb-glyquee-totale-locale',
    title:
      'HbA1c 7,4 % il y a 3 mois, puis une « Hb glyquée totale » 8,9 % (HbA1 totale, code local) : ce n’est pas une HbA1c, pas de carte',
    rule: 'HbA1c named by its code, not its words',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Roland'], family: 'Totale-Exemple', gender: 'male', age: 58, daysSinceBirthday: 310 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', { value: 7.4, daysAgo: 95 }),
            labReport(ctx, 'fr', 'bilan', {
              daysAgo: 20,
              code: codeable([coding('local', 'BIL-GLY', 'Bilan glycémique')], 'Bilan glycémique'),
              contained: [
                {
                  resourceType: 'Observation',
                  id: 'hba1-totale',
                  status: 'final',
                  code: codeable([coding('local', 'HBGT', 'Hb glyquée totale')], 'Hb glyquée totale'),
                  subject: { reference: `Patient/${ctx.patientId}` },
                  effectiveDateTime: at(ctx, 'fr', 20),
                  valueQuantity: { value: 8.9, unit: '%' },
                },
              ],
            }),
          ],
          noise: [dx(ctx, 'hta', { code: FR_DX.hta, onsetDaysAgo: 2900 })],
        },
      ),
    pump: null,
  }),
];
