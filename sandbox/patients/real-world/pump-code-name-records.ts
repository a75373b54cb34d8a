import type { Dosage } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  frDose,
  FR_RX,
  frRecord,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Basal insulin orders whose code and name disagree, as a formulary entry mapped to the wrong code
 * leaves them: the local name says one insulin, the standard code another. Which insulin the
 * patient injects cannot be told, so the basal insulin is unknown and no card is made from the
 * code alone (docs/clinical-rules.md, "Medications"). A name that also names the coded insulin
 * agrees with it, and a premix name beside an insulin code is a premix, as before.
 */

type Ctx = Parameters<typeof usRecord>[0];

/** A US basal order coded as Lantus SoloStar (its RxNorm code and display), with the local text given. */
function lantusCoded(ctx: Ctx, text: string, dosage: Dosage) {
  return order(ctx, 'us', 'basal', {
    med: drug({ ...US_RX.lantusSoloStar, text }),
    authoredDaysAgo: 450,
    dosage: [dosage],
  });
}

export const PUMP_CODE_NAME_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-lantus-code-text-switched-from-levemir',
    title:
      'Basal order coded Lantus SoloStar whose text reads "Lantus SoloStar (switched from Levemir in 2024)": the text names the coded insulin too, the card fires',
    rule: 'insulin code and name that disagree',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Clifford'], family: 'Example-Switch', gender: 'male', age: 60, daysSinceBirthday: 15 },
        {
          basal: [
            lantusCoded(
              ctx,
              'Lantus SoloStar 100 unit/mL pen (switched from Levemir in 2024)',
              usDose.when(38, ['HS'], 'Inject 38 units under the skin nightly at bedtime'),
            ),
          ],
        },
      ),
    pump: pumpCard('rw-us-lantus-code-text-switched-from-levemir', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-fr-atc-glargine-libelle-novomix',
    title:
      "Insuline codée ATC A10AE04 (glargine) dont le libellé est « NOVOMIX 30 FlexPen » : le nom du prémélange l'emporte, pas de schéma basal-bolus, pas de carte",
    rule: 'insulin code and name that disagree',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Josiane'], family: 'Libelle-Melange', gender: 'female', age: 64, daysSinceBirthday: 90 },
        {
          basal: [
            order(ctx, 'fr', 'basal', {
              med: drug(codeable([coding('atc', 'A10AE04')], FR_RX.novomix30.text)),
              authoredDaysAgo: 500,
              dosage: [frDose.at(20, ['CM', 'CV'], '20 UI matin et soir')],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-lantus-code-humulin-n-text',
    title:
      'Basal order coded RxNorm 847232 (Lantus SoloStar) whose text reads "HumuLIN N KwikPen": glargine or NPH cannot be told, no card',
    rule: 'insulin code and name that disagree',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Harold'], family: 'Example-Mismap', gender: 'male', age: 62, daysSinceBirthday: 75 },
        {
          basal: [
            lantusCoded(
              ctx,
              'HumuLIN N KwikPen 100 unit/mL',
              usDose.when(38, ['HS'], 'Inject 38 units under the skin nightly at bedtime'),
            ),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-atc-glargine-libelle-insulatard',
    title:
      'Insuline basale codée ATC A10AE04 (glargine) dont le libellé est « INSULATARD FlexPen » : glargine ou NPH, on ne sait pas, pas de carte',
    rule: 'insulin code and name that disagree',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Michèle'], family: 'Libelle-Discordant', gender: 'female', age: 63, daysSinceBirthday: 200 },
        {
          basal: [
            order(ctx, 'fr', 'basal', {
              med: drug(codeable([coding('atc', 'A10AE04')], FR_RX.insulatard.text)),
              authoredDaysAgo: 500,
              dosage: [frDose.at(26, ['HS'], '26 UI au coucher')],
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-tresiba-relais-levemir',
    title:
      'TRESIBA (ATC A10AE06) dont le libellé dit « relais de Levemir » : le libellé nomme aussi la dégludec, la carte sort',
    rule: 'insulin code and name that disagree',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Alain'], family: 'Relais-Basale', gender: 'male', age: 59, daysSinceBirthday: 30 },
        {
          basal: [
            order(ctx, 'fr', 'basal', {
              med: drug({ ...FR_RX.tresiba, text: 'TRESIBA FlexTouch 100 U/ml (relais de Levemir)' }),
              authoredDaysAgo: 500,
              dosage: [frDose.at(24, ['HS'], '24 UI au coucher')],
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-tresiba-relais-levemir', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-lantus-code-novolog-mix-text',
    title:
      'Order coded RxNorm 847232 (Lantus) whose text reads "NovoLOG Mix 70/30 FlexPen": the premix name wins, no basal-bolus, no card',
    rule: 'insulin code and name that disagree',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Walter'], family: 'Example-Mixtext', gender: 'male', age: 66, daysSinceBirthday: 140 },
        {
          basal: [
            lantusCoded(
              ctx,
              'NovoLOG Mix 70/30 FlexPen',
              usDose.daily(20, 2, 'Inject 20 units under the skin twice daily with breakfast and supper'),
            ),
          ],
        },
      ),
    pump: null,
  }),
];
