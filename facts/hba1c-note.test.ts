import { describe, expect, test } from '@jest/globals';
import { noteDoubtsHba1c, noteNamesVariant } from './hba1c-note.js';
import { sentencesOf } from './sentences.js';

/** Whether any sentence of a note doubts the HbA1c, as facts/hba1c.ts reads a note. */
const doubts = (note: string) => sentencesOf(note).some(noteDoubtsHba1c);

describe('a laboratory note on an HbA1c: a finding or a verdict makes a doubt, a footnote does not', () => {
  test.each([
    // A review of realistic notes (2026-12-07): each was read as no doubt before.
    [
      'an abnormal peak',
      'Abnormal hemoglobin peak detected (possible Hb E). A1c result may be inaccurate; recommend fructosamine.',
    ],
    ['the verdict alone', 'A1c result may be inaccurate.'],
    [
      'an abnormal hemoglobin',
      "Présence d'une hémoglobine anormale (type HbC) : le résultat d'HbA1c est sous-estimé ou surestimé ; préférer le dosage des fructosamines.",
    ],
    [
      'a raised HbF',
      'Elevated Hb F (11.8 %) detected. HbA1c by this method is not valid in the presence of elevated HbF; suggest alternate testing.',
    ],
    ['a raised HbF in French', 'HbF élevée (8,2 %) : HbA1c à interpréter selon le contexte'],
    [
      'a result given with reservations',
      'Résultat rendu sous réserve : échantillon partiellement coagulé. À contrôler sur nouveau prélèvement.',
    ],
    ['a clotted sample', 'Specimen clotted'],
    ['a bare caution', 'Interpret with caution.'],
    ['a plain "not valid"', 'HbA1c is not valid.'],
    ['a named variant suspected', "Pic anormal sur le chromatogramme (suspicion d'hémoglobine D)"],
    ['an HbE trait', 'Hb E trait detected'],
    // Doubts read before, kept.
    ['a variant', "Présence d'un variant de l'hémoglobine (HbS) : HbA1c ininterprétable"],
    ['hemolysis', 'Sample hemolyzed, interpret with caution'],
    ['a bias with a cause', 'Result may be falsely elevated due to iron deficiency anemia'],
    ['another patient', 'Wrong patient - result to be disregarded'],
    ['a caution tied to a cause', 'Résultat à interpréter avec prudence (anémie ferriprive)'],
    // A review of US laboratory notes (2026-12-07, night): an interfering variant named, a value not reportable.
    ['an interference named', 'Interference: HbS'],
    ['a variant interfering', 'Hemoglobin S interference noted on this specimen.'],
    ['an interference found', 'HbA1c: interference from HbS detected.'],
    ['a variant detected in brackets', 'HbA1c not performed: Hb variant (HbS) detected. Recommend fructosamine.'],
    ['not reportable', 'HbA1c not reportable on this specimen.'],
    ['a sickle cell trait pattern', 'Chromatogram pattern consistent with sickle cell trait.'],
    ['HbS present, in French', "Présence d'HbS : dosage impossible"],
    ['hemoglobin C present', 'Hemoglobin C present'],
  ])('%s: doubt', (_name, note) => {
    expect(doubts(note)).toBe(true);
  });

  test.each([
    // Footnotes printed on every result, and reassurances.
    ['a footnote on transfusion', 'A1c not valid for 3 months after transfusion'],
    ['a footnote on diagnosis', 'HbA1c is not valid for the diagnosis of diabetes in pregnancy'],
    ['a footnote on some variants', 'Some hemoglobin variants may cause inaccurate results'],
    ['a footnote on patients', 'Results may be inaccurate in patients with hemolytic anemia'],
    ['a French footnote', "L'HbA1c peut être sous-estimée en cas d'hémolyse ou de transfusion récente"],
    ['a caveat with a caution', "Interpréter avec prudence en cas d'anémie, d'hémolyse ou de transfusion récente."],
    ['a caveat "en présence de"', "À interpréter avec prudence en présence d'une hémoglobine variante"],
    ['a reservation with a condition', "Résultat valable sous réserve de l'absence d'hémoglobinopathie"],
    ['no abnormal hemoglobin', 'No abnormal hemoglobin peak detected'],
    ['no abnormal hemoglobin, in French', "Absence d'hémoglobine anormale"],
    ['no abnormal peak, in French', 'Pas de pic anormal'],
    ['no HbF raised', 'HbF normale'],
    ['no clot', 'Tube EDTA sans caillot'],
    ['the analyser', 'HPLC (Bio-Rad Variant II Turbo)'],
    ['a general comment', 'Reference range 4.0-5.6 %. Values of 6.5 % or more are consistent with diabetes'],
    ['a replacement', "Résultat corrigé (erreur d'identification) : annule et remplace le précédent"],
    ['variants that may interfere', 'Hemoglobin variants such as HbS and HbC may interfere with this method.'],
    ['no interference', 'No interference from hemoglobin variants detected'],
    ['a variant denied after', 'Hemoglobin variant: Not detected'],
    ['a trait denied after', 'HbS trait not detected'],
    ['none detected', 'Hb variant: none detected'],
  ])('%s: no doubt', (_name, note) => {
    expect(doubts(note)).toBe(false);
  });

  test.each([
    ['a variant detected', 'Hb variant detected', true],
    ['an interference named', 'Interference: HbC', true],
    ['a raised HbF', 'Elevated Hb F (11.8 %) detected', true],
    ['hemolysis is this sample only', 'Sample hemolyzed', false],
    ['a clot is this sample only', 'Specimen clotted', false],
    ['a verdict names no variant', 'HbA1c not reportable on this specimen.', false],
  ])('%s: names a lifelong variant, %s', (_name, note, expected) => {
    expect(sentencesOf(note).some(noteNamesVariant)).toBe(expected);
  });

  test('a decimal point does not end a sentence', () => {
    expect(sentencesOf('Elevated Hb F (11.8 %) detected. Repeat')).toEqual([
      'Elevated Hb F (11.8 %) detected',
      ' Repeat',
    ]);
  });
});
