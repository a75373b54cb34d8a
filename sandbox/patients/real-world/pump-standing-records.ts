import type { CodeableConcept, Dosage, MedicationRequest } from 'fhir/r4.js';
import type { FixtureContext } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import {
  day,
  drug,
  FR_RX,
  frDose,
  frenchNameOnly,
  frRecord,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  statement,
  US_RX,
  usDose,
  usRecord,
  type Style,
} from './pump-builders.js';

/*
 * Real-world pump-card records whose insulin order is active in status only: a later
 * reconciliation closed it, its words put it on hold, its schedule starts later, its supply ran
 * out years ago; and pump supplies ordered as medications. Every record here is read the same
 * over HTTP, where the prefetch asks for active orders and statements only: a stop is written as
 * an "active" statement whose period has ended, never as a stopped one the EHR would not send.
 */

/** dispenseRequest as outpatient order entry writes it: the days one fill lasts, and refills. */
function withSupply(r: MedicationRequest, days: number, style: Style, repeats?: number): MedicationRequest {
  return {
    ...r,
    dispenseRequest: {
      expectedSupplyDuration: {
        value: days,
        unit: style === 'fr' ? 'jours' : 'days',
        system: 'http://unitsofmeasure.org',
        code: 'd',
      },
      ...(repeats !== undefined ? { numberOfRepeatsAllowed: repeats } : {}),
    },
  };
}

/** A dosage whose schedule begins on a given day (timing.repeat.boundsPeriod.start). */
function startingOn(d: Dosage, start: string): Dosage {
  return { ...d, timing: { ...d.timing, repeat: { ...d.timing?.repeat, boundsPeriod: { start } } } };
}

/** A supply or device ordered as a medication, known by its name only. */
function supplyOrder(ctx: FixtureContext, style: Style, suffix: string, name: CodeableConcept, sig: string) {
  return order(ctx, style, suffix, {
    med: drug(name),
    authoredDaysAgo: 6,
    dosage: [style === 'fr' ? frDose.text(sig) : usDose.sig(sig)],
  });
}

// ---------------------------------------------------------------------------------------------
// Ended statements and orders: a later stop, a supply long run out
// ---------------------------------------------------------------------------------------------

const stopAfterOrder = record({
  id: 'rw-us-stop-reconciled-after-order',
  title: 'Humalog TID order still active, but the reconciliation 20 days ago ended the Humalog statement: unknown',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Walter'], family: 'Example-Reconciled', gender: 'male', age: 61, daysSinceBirthday: 140 },
      {
        extra: [
          statement(ctx, 'us', 'rapid-home', {
            med: drug(US_RX.humalogKwikPen),
            startDaysAgo: 900,
            endDaysAgo: 20,
            assertedDaysAgo: 20,
            dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
            note: 'Patient no longer using mealtime insulin (hypoglycemia at work)',
          }),
        ],
      },
    ),
  pump: null,
});

const stoppedStatusAfterOrder = record({
  id: 'rw-us-stop-status-stopped-after-order',
  title: 'Humalog TID order still active; the reconciliation 10 days ago marked the Humalog statement stopped: unknown',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Eugene'], family: 'Example-Stopped', gender: 'male', age: 64, daysSinceBirthday: 30 },
      {
        extra: [
          statement(ctx, 'us', 'rapid-home', {
            med: drug(US_RX.humalogKwikPen),
            status: 'stopped',
            startDaysAgo: 800,
            endDaysAgo: 10,
            assertedDaysAgo: 10,
            dosage: [usDose.daily(10, 3, 'Inject 10 units under the skin 3 times daily before meals')],
            note: 'Stopped by patient: hypoglycemia',
          }),
        ],
      },
    ),
  pump: null,
});

const arretApresOrdonnance = record({
  id: 'rw-fr-arret-conciliation-apres-ordonnance',
  title: "NovoRapid prescrite il y a 500 jours, la conciliation d'il y a 15 jours la dit arrêtée: inconnu",
  rule: 'ended statements and orders',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odette'], family: 'Conciliation-Exemple', gender: 'female', age: 67, daysSinceBirthday: 210 },
      {
        extra: [
          statement(ctx, 'fr', 'rapid-conciliation', {
            med: drug(FR_RX.novorapid),
            startDaysAgo: 1200,
            endDaysAgo: 15,
            assertedDaysAgo: 15,
            dosage: frDose.meals(8, 10, 8),
          }),
        ],
      },
    ),
  pump: null,
});

const stopBeforeOrder = record({
  id: 'rw-us-stop-reconciled-before-order',
  title: 'Humalog statement ended 600 days ago, Humalog re-prescribed 450 days ago: the order counts, card fires',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dennis'], family: 'Example-Restarted', gender: 'male', age: 58, daysSinceBirthday: 61 },
      {
        extra: [
          statement(ctx, 'us', 'rapid-past', {
            med: drug(US_RX.humalogKwikPen),
            startDaysAgo: 1500,
            endDaysAgo: 600,
            assertedDaysAgo: 600,
            dosage: [usDose.daily(8, 3, 'Inject 8 units under the skin 3 times daily before meals')],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-stop-reconciled-before-order', 9.1, STANDARD_EVIDENCE),
});

const supplyRanOut = record({
  id: 'rw-us-supply-ran-out-never-renewed',
  title: 'Humalog order "active" since 4 years, 30 days and 3 refills, never renewed: supply long gone, unknown',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gloria'], family: 'Example-Refill', gender: 'female', age: 63, daysSinceBirthday: 12 },
      {
        rapid: [
          withSupply(
            order(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              authoredDaysAgo: 1460,
              dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
            }),
            30,
            'us',
            3,
          ),
        ],
      },
    ),
  pump: null,
});

const fournitureEpuisee = record({
  id: 'rw-fr-fourniture-epuisee-non-renouvelee',
  title: 'Ordonnance de NovoRapid de 2022 pour 28 jours, jamais renouvelée, toujours "active": inconnu',
  rule: 'ended statements and orders',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Armand'], family: 'Renouvellement-Exemple', gender: 'male', age: 70, daysSinceBirthday: 95 },
      {
        rapid: [
          withSupply(
            order(ctx, 'fr', 'rapid', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 1400,
              dosage: frDose.meals(8, 10, 8),
            }),
            28,
            'fr',
          ),
        ],
      },
    ),
  pump: null,
});

const supplyWithinGrace = record({
  id: 'rw-us-supply-within-grace',
  title: 'Humalog 30-day supply written 200 days ago (ran out 170 days ago, within the 180-day grace): card fires',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Harold'], family: 'Example-Grace', gender: 'male', age: 55, daysSinceBirthday: 300 },
      {
        rapid: [
          withSupply(
            order(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              authoredDaysAgo: 200,
              dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
            }),
            30,
            'us',
          ),
        ],
      },
    ),
  pump: pumpCard('rw-us-supply-within-grace', 9.1, STANDARD_EVIDENCE),
});

const renouvellementRecent = record({
  id: 'rw-fr-renouvellement-recent-28-jours',
  title: 'NovoRapid prise depuis 500 jours (conciliation), ordonnance de 28 jours renouvelée il y a 20 jours: fires',
  rule: 'ended statements and orders',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucien'], family: 'Pharmacie-Exemple', gender: 'male', age: 59, daysSinceBirthday: 44 },
      {
        rapid: [
          statement(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            startDaysAgo: 500,
            assertedDaysAgo: 20,
            dosage: frDose.meals(8, 10, 8),
          }),
          withSupply(
            order(ctx, 'fr', 'rapid-renouv', {
              med: drug(FR_RX.novorapid),
              authoredDaysAgo: 20,
              dosage: frDose.meals(8, 10, 8),
            }),
            28,
            'fr',
          ),
        ],
      },
    ),
  pump: pumpCard('rw-fr-renouvellement-recent-28-jours', 8.7, STANDARD_EVIDENCE),
});

const basalRenewed = record({
  id: 'rw-us-lantus-supply-renewed-last-week',
  title: 'Lantus order of 450 days ago (30 days, 2 refills) still active, renewed 6 days ago: MDI since then, fires',
  rule: 'ended statements and orders',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Irene'], family: 'Example-Renewal', gender: 'female', age: 59, daysSinceBirthday: 102 },
      {
        basal: [
          withSupply(
            order(ctx, 'us', 'basal', {
              med: drug(US_RX.lantusSoloStar),
              authoredDaysAgo: 450,
              dosage: [usDose.when(38, ['HS'], 'Inject 38 units under the skin nightly at bedtime')],
            }),
            30,
            'us',
            2,
          ),
          withSupply(
            order(ctx, 'us', 'basal-renewal', {
              med: drug(US_RX.lantusSoloStar),
              authoredDaysAgo: 6,
              dosage: [usDose.when(38, ['HS'], 'Inject 38 units under the skin nightly at bedtime')],
            }),
            30,
            'us',
            2,
          ),
        ],
      },
    ),
  pump: pumpCard('rw-us-lantus-supply-renewed-last-week', 9.1, [...STANDARD_EVIDENCE, 'basal-renewal']),
});

// ---------------------------------------------------------------------------------------------
// Held or planned insulin
// ---------------------------------------------------------------------------------------------

const doNotTake = record({
  id: 'rw-us-hold-do-not-take',
  title: 'Humalog TID order whose sig says "DO NOT TAKE - on hold until kidney labs": unknown',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Marvin'], family: 'Example-Hold', gender: 'male', age: 66, daysSinceBirthday: 188 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.daily(12, 3, 'DO NOT TAKE - on hold until kidney labs are back')],
          }),
        ],
      },
    ),
  pump: null,
});

const suspendue = record({
  id: 'rw-fr-novorapid-suspendue-note',
  title: "NovoRapid aux 3 repas, note de l'ordonnance: « suspendue pendant la chimiothérapie »: inconnu",
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yvette'], family: 'Suspens-Exemple', gender: 'female', age: 64, daysSinceBirthday: 77 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose.meals(8, 10, 8),
            note: 'Insuline rapide suspendue pendant la chimiothérapie (repas irréguliers)',
          }),
        ],
      },
    ),
  pump: null,
});

const holdIfLow = record({
  id: 'rw-us-hold-if-low-glucose',
  title: 'Humalog TID "hold if BG < 70": a dose skipped at a low glucose is still scheduled, card fires',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Eugene'], family: 'Example-Parameters', gender: 'male', age: 60, daysSinceBirthday: 250 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [
              usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals. Hold if BG < 70.'),
            ],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-hold-if-low-glucose', 9.1, STANDARD_EVIDENCE),
});

const nePasInjecterSiHypo = record({
  id: 'rw-fr-ne-pas-injecter-en-cas-hypo',
  title: "NovoRapid aux repas, « ne pas injecter en cas d'hypoglycémie »: conditionnel, la carte s'affiche",
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Roger'], family: 'Hypo-Exemple', gender: 'male', age: 62, daysSinceBirthday: 160 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose
              .meals(8, 10, 8)
              .map((d) => ({ ...d, text: `${d.text ?? ''}, ne pas injecter en cas d'hypoglycémie` })),
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-ne-pas-injecter-en-cas-hypo', 8.7, STANDARD_EVIDENCE),
});

const holdResumed = record({
  id: 'rw-us-hold-resumed',
  title: 'Humalog TID whose sig says "Previously on hold for surgery, resumed 11/20": the hold is over, card fires',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Walter'], family: 'Example-Resumed', gender: 'male', age: 59, daysSinceBirthday: 75 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 420,
            dosage: [
              usDose.daily(
                12,
                3,
                'Inject 12 units 3 times daily before meals. Previously on hold for surgery, resumed 11/20. Do not take with alcohol.',
              ),
            ],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-hold-resumed', 9.1, STANDARD_EVIDENCE),
});

const suspenduPuisRepris = record({
  id: 'rw-fr-suspendu-puis-repris',
  title: "NovoRapid aux repas « suspendue pendant l'hospitalisation puis reprise le 20/11 »: la carte s'affiche",
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gérard'], family: 'Repris-Exemple', gender: 'male', age: 63, daysSinceBirthday: 200 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 480,
            dosage: frDose.meals(8, 10, 8).map((d) => ({
              ...d,
              text: `${d.text ?? ''}. Suspendue pendant l'hospitalisation puis repris le 20/11`,
            })),
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-suspendu-puis-repris', 8.7, STANDARD_EVIDENCE),
});

const startsNextWeeks = record({
  id: 'rw-us-humalog-schedule-starts-later',
  title: 'Humalog TID order edited to start in 12 days (boundsPeriod.start): not taken yet, unknown',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Nancy'], family: 'Example-Planned', gender: 'female', age: 57, daysSinceBirthday: 33 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 400,
            dosage: [
              startingOn(
                usDose.daily(10, 3, 'Start after the diabetes education class: 10 units 3 times daily before meals'),
                day(ctx, -12),
              ),
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const debutPrevu = record({
  id: 'rw-fr-novorapid-debut-prevu',
  title: "NovoRapid déclarée en conciliation avec un début prévu dans 14 jours (après l'ETP): inconnu",
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Monique'], family: 'Debut-Exemple', gender: 'female', age: 61, daysSinceBirthday: 120 },
      {
        rapid: [
          statement(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            startDaysAgo: -14,
            assertedDaysAgo: 2,
            dosage: frDose.meals(6, 6, 6),
          }),
        ],
      },
    ),
  pump: null,
});

const metforminHeld = record({
  id: 'rw-us-metformin-held-basal-only',
  title: 'Metformin "HOLD for 48 h after contrast CT" beside Lantus alone: insulin list still known, basal only',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Clifford'], family: 'Example-Contrast', gender: 'male', age: 68, daysSinceBirthday: 5 },
      {
        rapid: [],
        extra: [
          order(ctx, 'us', 'metformin-hold', {
            med: drug(US_RX.metformin),
            authoredDaysAgo: 3,
            dosage: [usDose.tablets('HOLD for 48 h after contrast CT, then 1 tablet 2 times daily', 2)],
          }),
        ],
      },
    ),
  pump: null,
});

const metformineSuspendue = record({
  id: 'rw-fr-metformine-suspendue-lantus-seule',
  title: 'Metformine « suspendue avant coronarographie », Lantus seule: liste des insulines connue, pas de carte',
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gisèle'], family: 'Coronaro-Exemple', gender: 'female', age: 71, daysSinceBirthday: 230 },
      {
        rapid: [],
        extra: [
          order(ctx, 'fr', 'metformine-susp', {
            med: drug(FR_RX.metformine),
            authoredDaysAgo: 4,
            dosage: [frDose.tablets('Suspendue 48 h avant la coronarographie', 2)],
          }),
        ],
      },
    ),
  pump: null,
});

const patientNotTaking = record({
  id: 'rw-us-humalog-patient-not-taking',
  title: 'Humalog TID order, reconciliation note "Patient not taking: Reported on ..." (Epic wording): unknown',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Douglas'], family: 'Example-NotTaking', gender: 'male', age: 64, daysSinceBirthday: 222 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
            note: `Patient not taking: Reported on ${day(ctx, 9).replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$2/$3/$1')}`,
          }),
        ],
      },
    ),
  pump: null,
});

const doNotInjectIv = record({
  id: 'rw-us-humalog-sig-do-not-inject-iv',
  title: 'Humalog TID sig with the label warning "Do not inject into a vein or muscle": no hold, card fires',
  rule: 'held or planned insulin',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Phyllis'], family: 'Example-Route', gender: 'female', age: 58, daysSinceBirthday: 48 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [
              usDose.daily(
                12,
                3,
                'Inject 12 units under the skin 3 times daily before meals. Do not inject into a vein or muscle.',
              ),
            ],
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-humalog-sig-do-not-inject-iv', 9.1, STANDARD_EVIDENCE),
});

const nePasInjecterIv = record({
  id: 'rw-fr-novorapid-ne-pas-injecter-en-iv',
  title: 'NovoRapid aux repas, mention du RCP « ne pas injecter en intraveineuse »: pas de suspension, carte',
  rule: 'held or planned insulin',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Huguette'], family: 'Voie-Exemple', gender: 'female', age: 66, daysSinceBirthday: 131 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose
              .meals(8, 10, 8)
              .map((d) => ({ ...d, text: `${d.text ?? ''}, sous-cutané. Ne pas injecter en intraveineuse` })),
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-novorapid-ne-pas-injecter-en-iv', 8.7, STANDARD_EVIDENCE),
});

// ---------------------------------------------------------------------------------------------
// Pump recorded elsewhere: supplies ordered as medications
// ---------------------------------------------------------------------------------------------

const reservoirOrdered = record({
  id: 'rw-us-pump-reservoir-ordered',
  title: 'MDI on file, and MiniMed reservoirs ordered 6 days ago as a medication: a pump cannot be ruled out',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Theresa'], family: 'Example-Supplies', gender: 'female', age: 52, daysSinceBirthday: 19 },
      {
        extra: [
          supplyOrder(
            ctx,
            'us',
            'reservoir',
            { text: 'MiniMed Reservoir 3.0 mL (insulin pump reservoir)' },
            'Change reservoir every 3 days',
          ),
        ],
      },
    ),
  pump: null,
});

const catheterPompe = record({
  id: 'rw-fr-catheter-pompe-prescrit',
  title: 'MDI au dossier et « Cathéter pour pompe à insuline » prescrit il y a 6 jours: pompe non exclue, inconnu',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Raymonde'], family: 'Catheter-Exemple', gender: 'female', age: 60, daysSinceBirthday: 300 },
      {
        extra: [
          supplyOrder(
            ctx,
            'fr',
            'catheter',
            { text: 'Cathéter pour pompe à insuline, canule souple 6 mm' },
            '1 cathéter tous les 3 jours',
          ),
        ],
      },
    ),
  pump: null,
});

const penNeedles = record({
  id: 'rw-us-pen-needles-and-sensor-ordered',
  title: 'Pen needles and Dexcom G7 sensors ordered as medications: no pump supply, card fires',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Leonard'], family: 'Example-Needles', gender: 'male', age: 62, daysSinceBirthday: 70 },
      {
        extra: [
          supplyOrder(ctx, 'us', 'needles', { text: 'BD Nano pen needles 32G 4 mm' }, 'Use 4 times daily'),
          supplyOrder(ctx, 'us', 'sensor', { text: 'Dexcom G7 glucose sensor' }, 'Change every 10 days'),
        ],
      },
    ),
  pump: pumpCard('rw-us-pen-needles-and-sensor-ordered', 9.1, STANDARD_EVIDENCE),
});

const aiguilles = record({
  id: 'rw-fr-aiguilles-stylo-capteur',
  title: 'Aiguilles pour stylo et capteurs FreeStyle Libre 2 prescrits: aucune fourniture de pompe, la carte sort',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Bernard'], family: 'Aiguilles-Exemple', gender: 'male', age: 65, daysSinceBirthday: 15 },
      {
        extra: [
          supplyOrder(
            ctx,
            'fr',
            'aiguilles',
            frenchNameOnly('3400930000001', 'Aiguilles pour stylo à insuline 4 mm'),
            '4 aiguilles par jour',
          ),
          supplyOrder(ctx, 'fr', 'capteur', { text: 'Capteur FreeStyle Libre 2' }, '1 capteur tous les 14 jours'),
        ],
      },
    ),
  pump: pumpCard('rw-fr-aiguilles-stylo-capteur', 8.7, STANDARD_EVIDENCE),
});

/** Insulin orders current in status only, and pump supplies ordered as medications. */
export const PUMP_STANDING_RECORDS: readonly FixturePatient[] = [
  stopAfterOrder,
  stoppedStatusAfterOrder,
  arretApresOrdonnance,
  stopBeforeOrder,
  supplyRanOut,
  fournitureEpuisee,
  supplyWithinGrace,
  renouvellementRecent,
  basalRenewed,
  doNotTake,
  suspendue,
  holdIfLow,
  nePasInjecterSiHypo,
  holdResumed,
  suspenduPuisRepris,
  startsNextWeeks,
  debutPrevu,
  metforminHeld,
  metformineSuspendue,
  patientNotTaking,
  doNotInjectIv,
  nePasInjecterIv,
  reservoirOrdered,
  catheterPompe,
  penNeedles,
  aiguilles,
];
