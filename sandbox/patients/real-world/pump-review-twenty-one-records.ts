import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import { dx, frRecord, hba1cResult, pumpCard, record, STANDARD_EVIDENCE, usRecord } from './pump-builders.js';

/*
 * Pump-card records a red-team review (2026-12-07) found firing where they must not:
 *
 * - a hemoglobinopathy on the problem list that leaves no HbA1c to trust (sickle cell disease
 *   HbSS, "Drépanocytose homozygote SS", transfusion-dependent beta thalassemia major), while only a
 *   variant named in a laboratory's note made the HbA1c unknown; the control is a sickle-cell
 *   trait, with which most assays are fine: the card;
 * - palliative or comfort care on file ("Palliative care - comfort measures only", "Soins
 *   palliatifs exclusifs"): no pump evaluation is offered; the control is a palliative-care visit
 *   resolved in 2019: the card;
 * - a death coded R99 ("Ill-defined and unknown cause of mortality") two days ago, the Patient's
 *   own flag not yet set: whether the patient lives cannot be told, no card.
 */

export const PUMP_REVIEW_TWENTY_ONE_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-sickle-cell-hbss-d57-1-a1c-8-6',
    title:
      'Type 2 diabetes on MDI, HbA1c 8.6 %, and an active problem "Sickle cell disease (HbSS)" (D57.1): with no HbA there is no HbA1c to trust, unknown, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Darnell'], family: 'Example-Sickle', gender: 'male', age: 41, daysSinceBirthday: 120 },
        {
          hba1c: [hba1cResult(ctx, 'us', 'hba1c', { value: 8.6, daysAgo: 30 })],
          extra: [
            dx(ctx, 'scd', {
              code: codeable(
                [coding('icd10cm', 'D57.1', 'Sickle-cell disease without crisis')],
                'Sickle cell disease (HbSS)',
              ),
              onsetDaysAgo: 14000,
              recordedDaysAgo: 3000,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-drepanocytose-ss-d57-0-a1c-8-4',
    title:
      'Diabète de type 2 sous multi-injections, HbA1c 8,4 %, et un problème actif « Drépanocytose homozygote SS » (CIM-10 D57.0) : l’HbA1c n’est pas fiable, inconnue, pas de carte',
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Aminata'], family: 'Exemple-Drepanocytose', gender: 'female', age: 58, daysSinceBirthday: 75 },
        {
          hba1c: [hba1cResult(ctx, 'fr', 'hba1c', { value: 8.4, daysAgo: 30 })],
          extra: [
            dx(ctx, 'drepano', {
              code: codeable(
                [coding('cim10Smt', 'D57.0', 'Anémie à hématies falciformes, avec crises')],
                'Drépanocytose homozygote SS',
              ),
              recordedDaysAgo: 4000,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-beta-thal-major-d56-1-a1c-8-2',
    title:
      'Type 2 diabetes on MDI, HbA1c 8.2 %, and an active "Beta thalassemia major, transfusion-dependent" (D56.1): transfused red cells make the HbA1c meaningless, unknown, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Nikos'], family: 'Example-Thalassemia', gender: 'male', age: 47, daysSinceBirthday: 260 },
        {
          hba1c: [hba1cResult(ctx, 'us', 'hba1c', { value: 8.2, daysAgo: 30 })],
          extra: [
            dx(ctx, 'thal', {
              code: codeable(
                [coding('icd10cm', 'D56.1', 'Beta thalassemia')],
                'Beta thalassemia major, transfusion-dependent',
              ),
              recordedDaysAgo: 3500,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-sickle-cell-trait-d57-3-control',
    title:
      'Control: an active "Sickle-cell trait" (D57.3) on the problem list: most HbA1c assays are fine with a trait, and no laboratory note names a variant: the card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Lamar'], family: 'Example-Trait', gender: 'male', age: 55, daysSinceBirthday: 12 },
        {
          extra: [
            dx(ctx, 'trait', {
              code: codeable([coding('icd10cm', 'D57.3', 'Sickle-cell trait')], 'Sickle-cell trait'),
              recordedDaysAgo: 2500,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-sickle-cell-trait-d57-3-control', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-palliative-z51-5-comfort-only',
    title:
      'Type 2 diabetes on MDI, HbA1c 9.1 %, and an active problem "Palliative care - comfort measures only" (Z51.5): no pump evaluation in palliative care, no card',
    rule: 'palliative care',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Gordon'], family: 'Example-Comfort', gender: 'male', age: 74, daysSinceBirthday: 200 },
        {
          extra: [
            dx(ctx, 'palliative', {
              code: codeable(
                [coding('icd10cm', 'Z51.5', 'Encounter for palliative care')],
                'Palliative care - comfort measures only',
              ),
              recordedDaysAgo: 6,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-soins-palliatifs-exclusifs-z51-5',
    title:
      'Diabète de type 2 sous multi-injections, HbA1c 8,7 %, « Cancer bronchique métastatique » (C34.9) et « Soins palliatifs exclusifs » (CIM-10 Z51.5) : pas d’évaluation pour une pompe, pas de carte',
    rule: 'palliative care',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Bernard'], family: 'Exemple-Palliatif', gender: 'male', age: 69, daysSinceBirthday: 30 },
        {
          extra: [
            dx(ctx, 'cancer', {
              code: codeable(
                [coding('cim10Smt', 'C34.9', 'Tumeur maligne des bronches ou du poumon, sans précision')],
                'Cancer bronchique métastatique',
              ),
              recordedDaysAgo: 240,
            }),
            dx(ctx, 'palliatif', {
              code: codeable([coding('cim10Smt', 'Z51.5', 'Soins palliatifs')], 'Soins palliatifs exclusifs'),
              recordedDaysAgo: 12,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-palliative-z51-5-provisional',
    title: 'A provisional "Palliative care" (Z51.5) entered last week: it may be so, unknown, no card',
    rule: 'palliative care',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Evelyn'], family: 'Example-Provisional', gender: 'female', age: 71, daysSinceBirthday: 90 },
        {
          extra: [
            dx(ctx, 'palliative', {
              code: codeable([coding('icd10cm', 'Z51.5', 'Encounter for palliative care')], 'Palliative care'),
              verificationStatus: 'provisional',
              recordedDaysAgo: 7,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-palliative-resolved-2019-control',
    title:
      'Control: a visit diagnosis "Encounter for palliative care" (Z51.5) of 2019, resolved: palliative care is no longer on file, the card',
    rule: 'palliative care',
    style: 'us',
    case: 'fires',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Curtis'], family: 'Example-Resolved', gender: 'male', age: 63, daysSinceBirthday: 150 },
        {
          extra: [
            dx(ctx, 'palliative', {
              code: codeable(
                [coding('icd10cm', 'Z51.5', 'Encounter for palliative care')],
                'Encounter for palliative care',
              ),
              clinicalStatus: 'resolved',
              category: 'encounter-diagnosis',
              onsetDaysAgo: 2700,
              recordedDaysAgo: 2700,
              abatementDaysAgo: 2650,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-us-palliative-resolved-2019-control', 9.1, STANDARD_EVIDENCE),
  }),
  record({
    id: 'rw-us-r99-unknown-cause-of-mortality',
    title:
      'An active "Ill-defined and unknown cause of mortality" (R99) recorded 2 days ago, Patient.deceased not set: whether the patient lives cannot be told, no card',
    rule: 'deceased or inactive patient',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Walter'], family: 'Example-Mortality', gender: 'male', age: 77, daysSinceBirthday: 310 },
        {
          extra: [
            dx(ctx, 'r99', {
              code: codeable(
                [coding('icd10cm', 'R99', 'Ill-defined and unknown cause of mortality')],
                'Ill-defined and unknown cause of mortality',
              ),
              recordedDaysAgo: 2,
            }),
          ],
        },
      ),
    pump: null,
  }),
];
