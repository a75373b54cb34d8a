import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { dx, frRecord, hba1cResult, pumpCard, record, STANDARD_EVIDENCE, usRecord } from './pump-builders.js';

/*
 * A tenth review of hospital records (2026-12-06). A type 2 diabetes whose own code or words say
 * it is in remission (ICD-10-CM E11.A, "DT2 en rémission"), though its clinicalStatus says active:
 * no active diabetes to act on, so type 2 diabetes is unknown and no card is made. A type 2
 * diabetes qualified as steroid-induced in the same words: its type is in doubt; a steroid course
 * named as another item of the problem text leaves the type alone (docs/clinical-rules.md,
 * "Conditions"). An HbA1c the laboratory withdrew in its note (another patient's sample, a
 * cancelled result) leaves the HbA1c unknown; one whose note says it replaces a withdrawn result
 * counts ("Laboratory values").
 */

type Ctx = Parameters<typeof usRecord>[0];

/** A US type 2 diabetes problem with the code and text given, active since 2018. */
function usT2d(ctx: Ctx, code: string, display: string, text: string, suffix = 't2d') {
  return dx(ctx, suffix, {
    code: codeable([coding('icd10cm', code, display)], text),
    onsetDaysAgo: 3000,
    recordedDaysAgo: 2990,
  });
}

/** A French E11.9 problem with the text given, active since 2017. */
function frT2d(ctx: Ctx, text: string) {
  return dx(ctx, 't2d', {
    code: codeable([coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')], text),
    onsetDaysAgo: 3300,
    recordedDaysAgo: 3290,
  });
}

export const PUMP_REVIEW_TEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-e11a-t2d-in-remission',
    title:
      'Problem E11.A "Type 2 diabetes mellitus without complications in remission", marked active: in remission by its code, type 2 diabetes unknown, no card',
    rule: 'diabetes named in remission',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Harold'], family: 'Example-Remission', gender: 'male', age: 59, daysSinceBirthday: 40 },
        {
          t2d: [
            usT2d(
              ctx,
              'E11.A',
              'Type 2 diabetes mellitus without complications in remission',
              'Type 2 diabetes mellitus in remission',
            ),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-t2d-remission-then-relapse',
    title:
      'Problem E11.A "Type 2 diabetes mellitus in remission" from 2021 and a newer active E11.65 "Type 2 diabetes mellitus with hyperglycemia": the newer record shows it active again, the card fires',
    rule: 'diabetes named in remission',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Eugene'], family: 'Example-Relapse', gender: 'male', age: 61, daysSinceBirthday: 70 },
        {
          t2d: [
            usT2d(
              ctx,
              'E11.A',
              'Type 2 diabetes mellitus without complications in remission',
              'Type 2 diabetes mellitus in remission',
              't2d-remission',
            ),
            dx(ctx, 't2d', {
              code: codeable([coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia')]),
              onsetDaysAgo: 800,
              recordedDaysAgo: 790,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-t2d-remission-then-relapse', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-fr-dt2-remission-hba1c-5-9',
    title:
      'E11.9 dont le libellé dit « DT2 en rémission après bypass », HbA1c 5,9 % : pas de diabète actif et une HbA1c normale, pas de carte',
    rule: 'diabetes named in remission',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Nadine'], family: 'Remission-Exemple', gender: 'female', age: 54, daysSinceBirthday: 310 },
        {
          t2d: [frT2d(ctx, 'DT2 en rémission après bypass gastrique')],
          hba1c: [hba1cResult(ctx, 'fr', 'hba1c', { value: 5.9, daysAgo: 30 })],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-en-remission-sleeve',
    title:
      'E11.9 dont le libellé dit « Diabète de type 2 en rémission depuis la sleeve (2024) », statut actif : en rémission par ses mots, diabète de type 2 inconnu, pas de carte',
    rule: 'diabetes named in remission',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Josette'], family: 'Remission-Exemple', gender: 'female', age: 57, daysSinceBirthday: 200 },
        { t2d: [frT2d(ctx, 'Diabète de type 2 en rémission depuis la sleeve (2024)')] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-cortico-induit',
    title: 'E11.9 dont le libellé dit « DT2 cortico-induit » : type en doute (diabète induit), pas de carte',
    rule: 'diabetes type named in hedged words',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Raymond'], family: 'Cortico-Exemple', gender: 'male', age: 66, daysSinceBirthday: 75 },
        { t2d: [frT2d(ctx, 'DT2 cortico-induit (corticothérapie pour PPR)')] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-corticotherapie-autre-item',
    title:
      "E11.9 dont le libellé dit « Diabète de type 2 ; corticothérapie au long cours pour PPR » : le diabète reste de type 2, la carte s'affiche",
    rule: 'diabetes type named in hedged words',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Lucette'], family: 'Cortico-Exemple', gender: 'female', age: 68, daysSinceBirthday: 15 },
        { t2d: [frT2d(ctx, 'Diabète de type 2 ; corticothérapie au long cours pour PPR')] },
      ),
    pump: pumpCard('rw-fr-dt2-corticotherapie-autre-item', 8.7, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-t2d-steroid-induced-words',
    title: 'E11.65 whose text reads "Type 2 diabetes steroid-induced, on insulin": the type is in doubt, no card',
    rule: 'diabetes type named in hedged words',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Walter'], family: 'Example-Steroid', gender: 'male', age: 63, daysSinceBirthday: 25 },
        {
          t2d: [
            usT2d(
              ctx,
              'E11.65',
              'Type 2 diabetes mellitus with hyperglycemia',
              'Type 2 diabetes steroid-induced, on insulin',
            ),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-hba1c-erreur-identification',
    title:
      "HbA1c récente à 9,4 % dont la note dit « Erreur d'identification, résultat annulé », la précédente à 7,1 % : la dernière HbA1c est retirée, HbA1c inconnue, pas de carte",
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Odile'], family: 'Identite-Exemple', gender: 'female', age: 62, daysSinceBirthday: 45 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', {
              value: 9.4,
              daysAgo: 10,
              note: "Erreur d'identification du prélèvement, résultat annulé. Nouveau prélèvement demandé.",
            }),
            hba1cResult(ctx, 'fr', 'hba1c-prev', { value: 7.1, daysAgo: 100 }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-hba1c-wrong-patient',
    title:
      'Only HbA1c 9.6 % with the note "Wrong patient - result to be disregarded. Redraw requested.": withdrawn, HbA1c unknown, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Marvin'], family: 'Example-Redraw', gender: 'male', age: 58, daysSinceBirthday: 100 },
        {
          hba1c: [
            hba1cResult(ctx, 'us', 'hba1c', {
              value: 9.6,
              daysAgo: 12,
              note: 'Wrong patient - result to be disregarded. Redraw requested.',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-hba1c-annule-et-remplace',
    title:
      "HbA1c à 8,6 % dont la note dit « Résultat corrigé suite à une erreur d'identification : annule et remplace le compte rendu précédent » : ce résultat-ci vaut, la carte s'affiche",
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gisèle'], family: 'Identite-Exemple', gender: 'female', age: 60, daysSinceBirthday: 5 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', {
              value: 8.6,
              daysAgo: 15,
              note: "Résultat corrigé suite à une erreur d'identification : annule et remplace le compte rendu précédent.",
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-hba1c-annule-et-remplace', 8.6, STANDARD_EVIDENCE),
  }),
];
