import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_RX,
  frDose,
  frRecord,
  novorapidSaying,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_DX,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a fourteenth review (2026-12-07, French records) found firing where they must
 * not, kept as patients: a rapid insulin whose free-text dosing names the meals it is NOT given
 * at ("Pas de rapide le matin ni le midi", "0 UI le matin, 0 UI le midi, 8 UI le soir"), read as
 * three injections; and a pump started, written on the problem list as "mise sous pompe", read
 * as no pump because the procedure set's longer name took the words of "sous pompe"; and an
 * insulin order whose note fixes the pump start ("Relais pompe prévu le 12/12 en HDJ"), which
 * makes the evaluation the card suggests one already done. Then, from a review of US records:
 * pump supplies under a maker's own names ("MiniMed Paradigm Reservoir", "Contact Detach"), a
 * lispro sig that caps the doses ("with meals, no more than 3 times a day"), and an E11 whose note
 * says "GAD65 Ab positive, c/w LADA".
 */

const denied = record({
  id: 'rw-fr-novorapid-pas-de-rapide-matin-ni-midi',
  title: 'NovoRapid « 8 UI le soir. Pas de rapide le matin ni le midi. » : une injection rapide par jour, pas de carte',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gilles'], family: 'Soir-Seul', gender: 'male', age: 63, daysSinceBirthday: 40 },
      { rapid: novorapidSaying(ctx, '8 UI le soir. Pas de rapide le matin ni le midi.') },
    ),
  pump: null,
});

const zeroDoses = record({
  id: 'rw-fr-novorapid-0-ui-matin-0-ui-midi',
  title: 'NovoRapid « 0 UI le matin, 0 UI le midi, 8 UI le soir » : une injection par jour, pas de carte',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odile'], family: 'Zero-Midi', gender: 'female', age: 66, daysSinceBirthday: 120 },
      { rapid: novorapidSaying(ctx, '0 UI le matin, 0 UI le midi, 8 UI le soir') },
    ),
  pump: null,
});

// A control: words about glucose beside the meals deny no dose.
const hypoWords = record({
  id: 'rw-fr-novorapid-3-repas-pas-d-hypo-le-soir',
  title: 'NovoRapid « 8 UI matin, midi et soir, pas d’hypoglycémie le soir » : trois injections, la carte s’affiche',
  rule: 'free-text dosing',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Serge'], family: 'Trois-Repas', gender: 'male', age: 59, daysSinceBirthday: 300 },
      { rapid: novorapidSaying(ctx, '8 UI matin, midi et soir, pas d’hypoglycémie le soir') },
    ),
  pump: pumpCard('rw-fr-novorapid-3-repas-pas-d-hypo-le-soir', 8.7, STANDARD_EVIDENCE),
});

const pumpStarted = record({
  id: 'rw-fr-dt2-mise-sous-pompe-juin-2026',
  title: 'Problème « DT2 - mise sous pompe en juin 2026 (Medtrum) » à côté des stylos : sous pompe, pas de carte',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Pascale'], family: 'Pompe-Juin', gender: 'female', age: 61, daysSinceBirthday: 10 },
      {
        extra: [
          dx(ctx, 'pompe', {
            code: codeable(
              [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
              'DT2 - mise sous pompe en juin 2026 (Medtrum)',
            ),
            onsetDaysAgo: 170,
          }),
        ],
      },
    ),
  pump: null,
});

const pumpPlanned = record({
  id: 'rw-fr-novorapid-relais-pompe-prevu-hdj',
  title:
    'NovoRapid 3 injections, note « Relais pompe prévu le 12/12/2026 en HDJ diabétologie » : la pompe est décidée, pas de carte',
  rule: 'pump ordered',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Nadine'], family: 'Relais-Pompe', gender: 'female', age: 57, daysSinceBirthday: 33 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 500,
            dosage: frDose.meals(8, 10, 8),
            note: 'Relais pompe prévu le 12/12/2026 en HDJ diabétologie',
          }),
        ],
      },
    ),
  pump: null,
});

const paradigmReservoir = record({
  id: 'rw-us-paradigm-reservoir-beside-open-mdi',
  title:
    'Open Lantus and Humalog orders beside a current order of "MiniMed Paradigm Reservoir 3 mL (MMT-332A)", no pump Device: on a pump or starting one, no card',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Corey'], family: 'Example-Reservoir', gender: 'male', age: 52, daysSinceBirthday: 210 },
      {
        extra: [
          order(ctx, 'us', 'reservoir', {
            med: drug(codeable([], 'Paradigm Reservoir 3 mL (MMT-332A)')),
            authoredDaysAgo: 60,
            dosage: [usDose.sig('Change reservoir every 3 days')],
          }),
        ],
      },
    ),
  pump: null,
});

const cappedSig = record({
  id: 'rw-us-humalog-with-meals-no-more-than-3-times',
  title:
    'Humalog sig "Inject 6 units with meals, no more than 3 times a day" (no timing): a ceiling, not three injections, no card',
  rule: 'free-text dosing',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Marlene'], family: 'Example-Ceiling', gender: 'female', age: 61, daysSinceBirthday: 15 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 450,
            dosage: [usDose.sig('Inject 6 units under the skin with meals, no more than 3 times a day')],
          }),
        ],
      },
    ),
  pump: null,
});

const ladaInNote = record({
  id: 'rw-us-e11-note-gad65-positive-lada',
  title: 'E11.65 whose note says "GAD65 Ab positive 2019 (34 U/mL), c/w LADA": the type is in doubt, no card',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Brenda'], family: 'Example-Noted', gender: 'female', age: 49, daysSinceBirthday: 80 },
      {
        t2d: [
          {
            ...dx(ctx, 't2d', { code: US_DX.t2d, onsetDaysAgo: 2950, recordedDaysAgo: 2950 }),
            note: [{ text: 'GAD65 Ab positive 2019 (34 U/mL), c/w LADA. Continue basal-bolus.' }],
          },
        ],
      },
    ),
  pump: null,
});

export const PUMP_REVIEW_FOURTEEN_RECORDS: readonly FixturePatient[] = [
  paradigmReservoir,
  cappedSig,
  ladaInNote,
  denied,
  zeroDoses,
  hypoWords,
  pumpStarted,
  pumpPlanned,
];
