import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  frDose,
  frRecord,
  hba1cResult,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a twelfth review (2026-12-07) found misread, kept as patients: a pump named
 * only in the dose's route or method, a type 1 left open in a type 2 problem's words without the
 * word "diabetes" beside it ("à reclasser en type 1 ?", "may be type 1", "type 1 non exclu", "possible
 * type 1"), and an HbA1c dated only by the day it was issued.
 */

/** A type 2 diabetes problem whose words are given, under E11.9 in the record's style. */
function t2dWords(ctx: Parameters<typeof usRecord>[0], style: 'fr' | 'us', text: string) {
  const code =
    style === 'fr'
      ? coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')
      : coding('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications');
  return dx(ctx, 't2d', { code: codeable([code], text), onsetDaysAgo: 2600 });
}

const routePump = record({
  id: 'rw-us-humalog-route-subcutaneous-infusion-pump',
  title:
    'Lantus and Humalog three times a day, the Humalog dose routed "Subcutaneous infusion (pump)" and nothing else naming a pump: a pump, no card',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Wendell'], family: 'Example-Route', gender: 'male', age: 52, daysSinceBirthday: 30 },
      {
        rapid: [
          order(ctx, 'us', 'rapid', {
            med: drug(US_RX.humalogKwikPen),
            authoredDaysAgo: 400,
            dosage: [
              {
                ...usDose.daily(6, 3, 'Inject 6 units 3 times daily with meals'),
                route: codeable(
                  [coding('local', 'SQINF', 'Subcutaneous infusion (pump)')],
                  'Subcutaneous infusion (pump)',
                ),
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const methodCsii = record({
  id: 'rw-fr-novorapid-methode-isci',
  title:
    'Lantus et NovoRapid aux trois repas, la méthode d’administration « Perfusion sous-cutanée continue d’insuline (ISCI) » : une pompe, pas de carte',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gisèle'], family: 'Methode-Exemple', gender: 'female', age: 61, daysSinceBirthday: 200 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(
              codeable(
                [coding('atc', 'A10AB05', 'insuline asparte')],
                'NOVORAPID 100 U/ml, solution injectable en flacon',
              ),
            ),
            authoredDaysAgo: 500,
            dosage: [
              {
                ...frDose.at(6, ['ACM', 'ACD', 'ACV'], '6 UI avant chaque repas'),
                method: codeable(
                  [coding('local', 'ISCI', 'Perfusion sous-cutanée continue d’insuline (ISCI)')],
                  'Perfusion sous-cutanée continue d’insuline (ISCI)',
                ),
              },
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const reclasser = record({
  id: 'rw-fr-dt2-a-reclasser-en-type-1',
  title: 'Seul problème « Diabète de type 2, à reclasser en type 1 ? » (E11.9) : le type reste ouvert, pas de carte',
  rule: 'diabetes type named in hedged words',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Lucien'], family: 'Reclasse-Exemple', gender: 'male', age: 49, daysSinceBirthday: 90 },
      { t2d: [t2dWords(ctx, 'fr', 'Diabète de type 2, à reclasser en type 1 ?')] },
    ),
  pump: null,
});

const nonExclu = record({
  id: 'rw-fr-dt2-type-1-non-exclu',
  title: 'Seul problème « Diabète de type 2 (type 1 non exclu) » (E11.9) : le type reste ouvert, pas de carte',
  rule: 'diabetes type named in hedged words',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Rolande'], family: 'Nonexclu-Exemple', gender: 'female', age: 63, daysSinceBirthday: 15 },
      { t2d: [t2dWords(ctx, 'fr', 'Diabète de type 2 (type 1 non exclu)')] },
    ),
  pump: null,
});

const mayBe = record({
  id: 'rw-us-t2dm-may-be-type-1-anti-gad-ordered',
  title: 'Only problem "Type 2 diabetes mellitus - may be type 1, anti-GAD ordered" (E11.9): the type is open, no card',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Marvin'], family: 'Example-Maybe', gender: 'male', age: 44, daysSinceBirthday: 250 },
      { t2d: [t2dWords(ctx, 'us', 'Type 2 diabetes mellitus - may be type 1, anti-GAD ordered')] },
    ),
  pump: null,
});

// A control: "may be" that weighs the pump, not the type, leaves the type 2 diabetes certain.
const mayBeCandidate = record({
  id: 'rw-us-t2dm-may-be-candidate-for-pump',
  title:
    'Problem "Type 2 diabetes mellitus on insulin, may be candidate for pump" (E11.9): the type is certain, the card fires',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Floyd'], family: 'Example-Candidate', gender: 'male', age: 57, daysSinceBirthday: 120 },
      { t2d: [t2dWords(ctx, 'us', 'Type 2 diabetes mellitus on insulin, may be candidate for pump')] },
    ),
  pump: pumpCard('rw-us-t2dm-may-be-candidate-for-pump', 9.1, STANDARD_EVIDENCE),
});

const issuedOnly = record({
  id: 'rw-us-hba1c-outside-result-issued-only',
  title:
    'The only recent HbA1c (9.1 %) is an outside result with no collection date, only the day it was imported as issued: when it was taken is unknown, no card',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'unknown',
  resources: (ctx) => {
    const outside = hba1cResult(ctx, 'us', 'hba1c', {
      value: 9.1,
      daysAgo: 20,
      note: 'Outside result (Care Everywhere). Collected 12/10/2025.',
    });
    delete outside.effectiveDateTime;
    return usRecord(
      ctx,
      { given: ['Leroy'], family: 'Example-Outside', gender: 'male', age: 60, daysSinceBirthday: 10 },
      { hba1c: [outside, hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.6, daysAgo: 300 })] },
    );
  },
  pump: null,
});

const possibleType1 = record({
  id: 'rw-us-t2dm-possible-type-1',
  title: 'Only problem "Type 2 DM, possible type 1" (E11.65): the type is open, no card',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dwayne'], family: 'Example-Possible', gender: 'male', age: 51, daysSinceBirthday: 160 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable(
              [coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia')],
              'Type 2 DM, possible type 1',
            ),
            onsetDaysAgo: 900,
          }),
        ],
      },
    ),
  pump: null,
});

// A control: a laboratory that writes the release time equal to the collection time still dates
// the result by its collection (a review found the first reading of issued-only dating mistook one
// for the other).
const issuedAtCollection = record({
  id: 'rw-us-hba1c-issued-equal-to-effective',
  title:
    'HbA1c 9.1 % whose issued instant equals its effectiveDateTime, as many exports write it: dated, the card fires',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'fires',
  resources: (ctx) => {
    const a1c = hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 33 });
    return usRecord(
      ctx,
      { given: ['Vernon'], family: 'Example-Issued', gender: 'male', age: 62, daysSinceBirthday: 70 },
      {
        hba1c: [
          { ...a1c, issued: a1c.effectiveDateTime! },
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.6, daysAgo: 190 }),
        ],
      },
    );
  },
  pump: pumpCard('rw-us-hba1c-issued-equal-to-effective', 9.1, STANDARD_EVIDENCE),
});

// Text-only problems that name nothing any rule reads (a review, 2026-12-07): before, each made
// every condition's absence unproven and withheld the card.
const textOnlyComorbidities = record({
  id: 'rw-fr-hta-dyslipidemie-saos-texte-seul',
  title:
    'Problèmes saisis en texte seul « Hypertension artérielle », « Dyslipidémie », « SAOS appareillé » : aucun ne touche une règle, la carte s’affiche',
  rule: 'diabetes type in an unknown code system',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gérard'], family: 'Texte-Exemple', gender: 'male', age: 64, daysSinceBirthday: 210 },
      {
        extra: [
          dx(ctx, 'hta-texte', { code: { text: 'Hypertension artérielle' }, onsetDaysAgo: 3000 }),
          dx(ctx, 'dyslipidemie-texte', { code: { text: 'Dyslipidémie' }, recordedDaysAgo: 2000 }),
          dx(ctx, 'saos-texte', { code: { text: 'SAOS appareillé' }, recordedDaysAgo: 900 }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-hta-dyslipidemie-saos-texte-seul', 8.7, STANDARD_EVIDENCE),
});

// A control: words the service cannot read ("Maladie de Steinert" could hide anything) still make
// the conditions' absence unproven.
const textOnlyUnknown = record({
  id: 'rw-fr-hta-et-probleme-inconnu-texte-seul',
  title:
    'Problèmes en texte seul « HTA » et « Syndrome de Mauriac » (un diabète mal équilibré de l’enfant, que le service ne lit pas) : la liste reste incertaine, pas de carte',
  rule: 'diabetes type in an unknown code system',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Hervé'], family: 'Mauriac-Exemple', gender: 'male', age: 41, daysSinceBirthday: 33 },
      {
        extra: [
          dx(ctx, 'hta-texte', { code: { text: 'HTA' }, onsetDaysAgo: 1500 }),
          dx(ctx, 'mauriac', { code: { text: 'Syndrome de Mauriac' }, recordedDaysAgo: 4000 }),
        ],
      },
    ),
  pump: null,
});

export const PUMP_REVIEW_TWELVE_RECORDS: readonly FixturePatient[] = [
  routePump,
  methodCsii,
  reclasser,
  nonExclu,
  mayBe,
  mayBeCandidate,
  possibleType1,
  issuedOnly,
  issuedAtCollection,
  textOnlyComorbidities,
  textOnlyUnknown,
];
