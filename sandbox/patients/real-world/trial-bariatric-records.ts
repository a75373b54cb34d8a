import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { rwProcedure } from './pump-builders.js';
import { conditionOf, fullMatch, nafldTrial, pumpCardOf, type StyledContext } from './trial-builders.js';

/*
 * NCT04270656 excludes a bariatric operation "history or project". Problem lists often name one
 * only in words under a local code: "S/P Roux-en-Y gastric bypass", "ATCD de sleeve", "Projet de
 * chirurgie bariatrique", an entry often marked resolved once the operation is over. A denial
 * ("No history of bariatric surgery") names none: the criterion stays to confirm and, as for any
 * local problem the service cannot classify, every absence the pump card needs is unknown.
 */

/** A problem-list entry under the hospital's local code, in its own words. */
function problem(
  ctx: StyledContext,
  suffix: string,
  words: string,
  o: { recordedDaysAgo: number; clinicalStatus?: 'active' | 'resolved' | 'inactive' },
) {
  return conditionOf(ctx, suffix, {
    code: codeable([coding('local', `PB-${suffix.toUpperCase()}`, words)], words),
    recordedDaysAgo: o.recordedDaysAgo,
    ...(o.clinicalStatus ? { clinicalStatus: o.clinicalStatus } : {}),
  });
}

export const BARIATRIC_RECORDS: readonly FixturePatient[] = [
  fullMatch({
    id: 'rw-us-sp-gastric-bypass',
    title:
      'Problem list "S/P Roux-en-Y gastric bypass (2016)", local code, marked resolved: bariatric surgery, excluded',
    rule: 'bariatric surgery in words',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Wayne',
      extra: (ctx) => [
        problem(ctx, 'rygb', 'S/P Roux-en-Y gastric bypass (2016)', {
          recordedDaysAgo: 2900,
          clinicalStatus: 'resolved',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-sp-gastric-bypass'),
    nafld: nafldTrial(false, { 'bariatric-surgery': 'met' }, ['Condition/rw-us-sp-gastric-bypass-rygb']),
  }),
  fullMatch({
    id: 'rw-fr-atcd-sleeve',
    title: 'Antécédent « ATCD de sleeve gastrectomie (2019) » sous un code local : chirurgie bariatrique, exclu',
    rule: 'bariatric surgery in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Pascal',
      extra: (ctx) => [problem(ctx, 'sleeve', 'ATCD de sleeve gastrectomie (2019)', { recordedDaysAgo: 1500 })],
    },
    pump: pumpCardOf('rw-fr-atcd-sleeve'),
    nafld: nafldTrial(false, { 'bariatric-surgery': 'met' }, ['Condition/rw-fr-atcd-sleeve-sleeve']),
  }),
  fullMatch({
    id: 'rw-fr-projet-bariatrique',
    title: '« Projet de chirurgie bariatrique (RCP obésité) » sur la liste des problèmes : une opération prévue, exclu',
    rule: 'bariatric surgery in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Serge',
      extra: (ctx) => [
        problem(ctx, 'projet', 'Projet de chirurgie bariatrique (RCP obésité)', { recordedDaysAgo: 40 }),
      ],
    },
    pump: pumpCardOf('rw-fr-projet-bariatrique'),
    nafld: nafldTrial(false, { 'bariatric-surgery': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-no-bariatric-history',
    title:
      'Problem list "No history of bariatric surgery" under a local code: names no operation, the trial card fires with it to confirm',
    rule: 'bariatric surgery in words',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Harold',
      extra: (ctx) => [problem(ctx, 'nobar', 'No history of bariatric surgery', { recordedDaysAgo: 300 })],
    },
    // A local problem the service cannot classify could be any diagnosis (a hidden type 1
    // diabetes): the pump card waits, and the trial card lists the exclusions to confirm.
    pump: null,
    nafld: nafldTrial(true, { 'bariatric-surgery': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-pas-atcd-bariatrique',
    title: "« Pas d'antécédent de chirurgie bariatrique » sous un code local : aucune opération nommée, à confirmer",
    rule: 'bariatric surgery in words',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Lucien',
      extra: (ctx) => [problem(ctx, 'pasbar', "Pas d'antécédent de chirurgie bariatrique", { recordedDaysAgo: 300 })],
    },
    pump: null,
    nafld: nafldTrial(true, { 'bariatric-surgery': 'unknown' }),
  }),
  // Operations named as records abbreviate them (a review of 2026-12-06): before, neither name was
  // read, and the trial card showed with the bariatric exclusion to confirm.
  fullMatch({
    id: 'rw-fr-gastroplastie-2009',
    title: 'Antécédent « Gastroplastie (2009) » sous un code local : un anneau gastrique, chirurgie bariatrique, exclu',
    rule: 'bariatric surgery in words',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Thierry',
      extra: (ctx) => [problem(ctx, 'gastroplastie', 'Gastroplastie (2009)', { recordedDaysAgo: 4000 })],
    },
    pump: pumpCardOf('rw-fr-gastroplastie-2009'),
    nafld: nafldTrial(false, { 'bariatric-surgery': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-laparoscopic-rygb-procedure',
    title: 'Procedure "Laparoscopic RYGB" six years ago, text only: bariatric surgery, excluded',
    rule: 'bariatric surgery in words',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Vernon',
      extra: (ctx) => [
        rwProcedure(ctx, 'rygb', { code: { text: 'Laparoscopic RYGB' }, status: 'completed', performedDaysAgo: 2200 }),
      ],
    },
    pump: pumpCardOf('rw-us-laparoscopic-rygb-procedure'),
    nafld: nafldTrial(false, { 'bariatric-surgery': 'met' }),
  }),
];
