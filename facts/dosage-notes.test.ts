import { describe, expect, test } from '@jest/globals';
import {
  capsDoseCount,
  dosageTextSchedule,
  mentionsPump,
  notePlansPump,
  notePutsOnPump,
  oneMealInstructedText,
  saysDoseChanged,
  skipsDosesText,
} from './dosage-text.js';

describe('a note or dosing text saying some ordered doses are not given', () => {
  test.each([
    'Le patient ne réalise pas les injections du midi et du soir',
    "Ne fait que l'injection du soir",
    "N'injecte pas le midi ni le matin",
    'Oublie souvent la dose du midi',
    'Pt skips lunch dose most days',
    'Only takes the evening dose',
    // A review of reconciliation notes (2026-12-07): one mealtime dose only, or use now and then.
    'Pt states she only uses her Humalog at supper - does not eat breakfast, lunch at work.',
    'Takes it only with dinner',
    "Ne fait sa NovoRapid qu'au dîner depuis l'été (travaille en horaires décalés).",
    'Fait son Humalog uniquement le soir',
    'Pt reports using it only occasionally with large meals.',
    'La fait de temps en temps, au restaurant',
    // A review of US records (2026-12-07): Epic's reconciliation wording.
    'Patient taking differently: Inject 10 Units into the skin daily with supper. (Reported on 11/2/2026)',
    'Patient taking differently: uses 4-6 units only if blood sugar over 250.',
    'Prend différemment : 10 UI le soir seulement',
    'Pt reports she is only doing the breakfast dose most days.',
    'Taking NovoLog once a day with dinner instead of TID per pt.',
    'Quit doing breakfast and lunch Humalog months ago - just does supper.',
    'Pt only uses Humalog when she eats out.',
    'Pt reports taking NovoLog with dinner only.',
    "Ne fait plus les injections du matin et du midi depuis l'été.",
    "Seule l'injection du soir est faite.",
  ])('"%s" says so', (text) => {
    expect(skipsDosesText(text)).toBe(true);
  });

  test.each([
    ['an instruction for a skipped meal', "Si repas sauté, ne pas faire l'injection"],
    ['an instruction in English', 'If you skip a meal, skip the dose'],
    ['no dose named', "Ne fait pas d'hypoglycémie"],
    ['a missed dose not caught up', "Pas de dose de rattrapage en cas d'oubli"],
    ['a correction-only note', 'Sliding scale only - patient does not take fixed mealtime doses'],
    ['a plain schedule', '10 units TID with meals'],
    // A regression review (2026-12-06): lapses now and then, denials, and meals or times alone.
    ['a lapse now and then', "Oublie parfois l'injection du midi"],
    ['a denial', "N'oublie jamais ses injections"],
    ['in English', 'Rarely misses a dose'],
    ['a hypoglycaemia in the evening', "Ne fait pas d'hypoglycémie le soir"],
    ['a snack', 'Ne prend pas de collation le soir'],
    ['a pen forgotten', 'Oublie son stylo le midi'],
    ['advice', 'Avoid skipping meals'],
    ['hypoglycaemias at one moment', 'Fait ses hypoglycémies uniquement le soir'],
    ['a snack at one moment', 'Takes a snack only at bedtime'],
    ['a meal at one moment', "Ne prend son repas qu'au dîner"],
    ['a lapse after a verb of giving', 'Takes all doses, occasionally forgets lunch'],
    ['an instruction', 'If you only eat at dinner, only take the dinner dose'],
    ['a dose schedule with "only"', '10 units with meals only'],
  ])('%s is no such statement ("%s")', (_name, text) => {
    expect(skipsDosesText(text)).toBe(false);
  });
});

describe('dosing words that give one meal only or drop named meal doses (a review, 2026-12-07)', () => {
  test.each([
    'Only inject with your largest meal of the day (usually supper).',
    'Take with supper only.',
    'Inject 10 units before supper only; skip breakfast and lunch doses.',
    'Skip breakfast and lunch doses',
    'Use only at dinner',
    'Inject with your largest meal.',
    '10 units with supper only',
    'Injectez 10 unités seulement avant le repas du soir.',
    'Faire 8 UI uniquement au dîner',
    '8 UI le soir uniquement',
    "N'injectez qu'au dîner.",
    'Sauter les doses du matin et du midi.',
  ])('"%s" says so', (text) => {
    expect(oneMealInstructedText(text)).toBe(true);
  });

  test.each([
    ['a skip only when the meal is skipped', 'Take with each meal; skip the dose only if you skip the meal'],
    ['a condition on eating', 'Inject before meals only if eating'],
    ['a glucose condition', 'Inject 10 units before meals only if BG > 150'],
    ['a glucose condition at one moment', 'Only take 10 units at bedtime if BG over 200'],
    ['a skip when fasting', 'One meal dose only skipped when fasting'],
    ['meals in the plural', 'Take with meals only'],
    ['each main meal', 'Inject before each main meal'],
    ['a skip on fasting days', 'Skip lunch dose on days you fast'],
    ['a denied skip', 'Do not skip your lunch dose'],
    ['a denied skip in French', 'Ne pas sauter la dose du midi.'],
    ['a French condition', 'Injecter 10 UI seulement avant le repas du soir si glycémie > 1,50 g/L'],
    ['three meals named', '10 UI avant le petit-déjeuner, le déjeuner et le dîner'],
    ['a plain sig', 'Inject 10 units under the skin 3 times daily before meals'],
    // A review of the change (2026-12-07, night): two meals named, one meal skipped of three (two
    // doses left), an extra dose at one meal.
    ['two meals named', 'Inject 10 units before breakfast and 12 units before dinner only'],
    ['two meals named in French', '6 UI le matin et 8 UI le soir uniquement'],
    ['one meal skipped', 'Inject before breakfast and supper, skip lunch dose'],
    ['one meal skipped alone', 'Skip the breakfast dose'],
    ['one meal skipped in French', 'Sauter la dose du midi.'],
    ['an extra dose at one meal', 'Take 2 extra units with dinner only'],
  ])('%s is no such instruction ("%s")', (_name, text) => {
    expect(oneMealInstructedText(text)).toBe(false);
  });
});

describe('a note on an insulin order that fixes a pump start (a review of French records, 2026-12-07)', () => {
  test.each([
    ['Relais pompe prévu le 12/12/2026 en HDJ diabétologie', true],
    ['Mise sous pompe programmée en janvier', true],
    ['Omnipod 5 start scheduled for 12/10', true],
    ['Insulin pump start planned next week', true],
    ['Relais pompe non prévu', false],
    ['Pompe à insuline discutée, refusée par la patiente', false],
    ['Pump evaluation planned', false],
    ['Ancienne pompe arrêtée en 2023', false],
    ['RDV de contrôle prévu dans 3 mois', false],
  ])('"%s": %s', (text, planned) => {
    expect(notePlansPump(text)).toBe(planned);
  });
});

describe('a note on an insulin order that puts the patient on a pump', () => {
  test.each([
    ['Patient now on Omnipod 5 since 09/2026', true],
    ['Uses V-Go 30 patch', true],
    ['Sous pompe à insuline depuis mars', true],
    ['Interested in Omnipod, referral to endocrinology', false],
    ['Insulin pump discussed, patient declined', false],
    ['Candidate for insulin pump', false],
    ['Pompe à insuline envisagée', false],
    ['Switched from Omnipod to MDI 03/2026', false],
    ['Pompe arrêtée en 2023, retour au schéma basal-bolus', false],
    ['Insuline IVSE 2 UI/h en réanimation, relais sous-cutané', false],
    ['Insulin drip 3 units/hr in ICU, transitioned to SC', false],
  ])('"%s": %s', (text, onPump) => {
    expect(notePutsOnPump(text)).toBe(onPump);
  });

  test.each(['Fill V-Go 40 daily; press 2 clicks with each meal', '2 units per click via CeQur Simplicity with meals'])(
    'dosing text through a patch that delivers the insulin, "%s", says pump',
    (text) => {
      expect(mentionsPump(text)).toBe(true);
    },
  );
});

describe('injections a day in reconciliation shorthand', () => {
  test.each([
    ['insuline asparte 3 inj/j', 3],
    ['insuline glargine 1 inj/j', 1],
    ['3 injections par jour', 3],
    ['2 injections a day', 2],
  ])('"%s" is %i a day', (text, perDay) => {
    expect(dosageTextSchedule(text)).toEqual({ perDay });
  });
});

describe('dosing words that cap the doses or change the dose (reviews of 2026-12-07)', () => {
  test.each([
    ['with meals, no more than 3 times a day', true],
    ['Max 3 injections per day', true],
    ['Take 6 units if eating a meal, up to 3 times daily', true],
    ['au maximum 3 fois par jour', true],
    ['Inject 10 units three times daily with meals', false],
    ['max daily dose 60 units', false],
  ])('"%s" caps the count: %s', (text, capped) => {
    expect(capsDoseCount(text)).toBe(capped);
  });

  test.each([
    ['Augmenté à 1 cp matin, midi et soir depuis le 28/10/2026', true],
    ['Dose réduite à 500 mg matin et soir le 10/11/2026', true],
    ['increased to 1000 mg BID on 11/2', true],
    ['Augmenter à 1000 mg si bien toléré', false],
    ['Titrate to fasting glucose 100-130', false],
    ['1 cp matin et soir', false],
    // A review of drug exclusions (2026-12-07, night): a change as a noun, "adjusted", "passage à",
    // "majoration", and a dated change followed by a condition.
    ['Dose increase 10/28/2026', true],
    ['Dose adjusted for eGFR 11/10/2026', true],
    ['Passage à 1000 mg matin et soir le 02/11/2026', true],
    ['Majoration à 3 cp/j depuis le 20/10/2026', true],
    ['Increased to 1000 mg BID on 11/02/2026 - hold if eGFR < 30', true],
    ['Dose increased per plan of care', true],
    ['Increase to 1000 mg BID if tolerated', false],
    ['hold if eGFR < 30', false],
  ])('"%s" tells a dose change: %s', (text, changed) => {
    expect(saysDoseChanged(text)).toBe(changed);
  });
});
