import type { CodeableConcept, Dosage, FhirResource } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding, frenchDrug } from './coding-styles.js';
import {
  cim10,
  conditionOf,
  DRUGS,
  fullMatch,
  injectionByCode,
  injectionDose,
  medicationOf,
  metforminDose,
  nafldTrial,
  orderOf,
  pumpCardOf,
  qty,
  rapidOrder,
  statementOf,
  tabletDose,
  type StyledContext,
} from './trial-builders.js';

/*
 * Rules on NCT04270656's drug criteria: glucocorticoids count only by a systemic route (5); a
 * fixed-ratio basal insulin/GLP-1 product is a basal insulin and a GLP-1 agonist (7); metformin,
 * DPP-4 and SGLT2 inhibitors need a dose unchanged for 3 months (8); the MDI criterion counts
 * rapid analogues only, not regular human insulin or premixes (10); steatogenic drugs exclude
 * when started, or their dose changed, less than 3 months ago (12).
 */

/** A drug the record names by its CIP13 product code alone (no ATC, no name): unclassifiable. */
function cip13Only(code: string): CodeableConcept {
  return codeable([coding('cip13', code)]);
}

/** A tablet dosage without a route, for records that do not state one. */
function tabletsNoRoute(ctx: StyledContext, count: number, perDay: number, text: string): Dosage {
  return tabletDose(ctx, count, perDay, text, false);
}

/** Atrial fibrillation, the usual reason for amiodarone. */
function atrialFibrillation(ctx: StyledContext, onsetDaysAgo: number): FhirResource {
  return conditionOf(ctx, 'af', {
    code:
      ctx.style === 'fr'
        ? codeable(
            cim10('I48.9', 'Fibrillation et flutter auriculaires, sans précision'),
            'Fibrillation atriale paroxystique',
          )
        : codeable(
            [
              coding('snomed', '49436004', 'Atrial fibrillation'),
              coding('icd10cm', 'I48.91', 'Unspecified atrial fibrillation'),
            ],
            'Atrial fibrillation',
          ),
    onsetDaysAgo,
  });
}

/** One 200 mg tablet step of an amiodarone load, `perDay` times a day for 14 days. */
function loadingStep(ctx: StyledContext, sequence: number, perDay: number, text: string): Dosage {
  const dose = tabletDose(ctx, 1, perDay, text);
  return {
    ...dose,
    sequence,
    timing: {
      repeat: {
        ...dose.timing?.repeat,
        boundsDuration: { value: 14, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
      },
    },
  };
}

const CORDARONE = frenchDrug('3400930970096', 'C01BD01', 'CORDARONE 200 mg, comprimé sécable');
const AMIODARONE_US = codeable(
  [coding('rxnorm', '833528', 'amiodarone hydrochloride 200 MG Oral Tablet')],
  'amiodarone 200 mg tablet',
);

export const MEDICATION_RECORDS: readonly FixturePatient[] = [
  // Rule 5: glucocorticoid route.
  fullMatch({
    id: 'rw-fr-prednisone-oral',
    title: 'Cortancyl (prednisone) 5 mg tablets by mouth for polymyalgia rheumatica: systemic glucocorticoid, excluded',
    rule: 'glucocorticoid route',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Jean-Pierre',
      extra: (ctx) => [
        conditionOf(ctx, 'pmr', {
          code: codeable(cim10('M35.3', 'Pseudopolyarthrite rhizomélique'), 'Pseudopolyarthrite rhizomélique'),
          onsetDaysAgo: 220,
        }),
        orderOf(ctx, 'prednisone', {
          drug: { concept: frenchDrug('3400933244132', 'H02AB07', 'CORTANCYL 5 mg, comprimé sécable') },
          authoredDaysAgo: 200,
          dosage: [tabletDose(ctx, 1, 1, '1 comprimé le matin au petit déjeuner')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-prednisone-oral'),
    nafld: nafldTrial(false, { glucocorticoids: 'met' }),
  }),
  fullMatch({
    id: 'rw-us-prednisone-bursts-on-med-list',
    title:
      'Three 5-day prednisone bursts on the medication list, each still "active" with its period over: intermittent, excluded',
    rule: 'glucocorticoid route',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Walter',
      extra: (ctx) =>
        [20, 120, 250].map((daysAgo) =>
          statementOf(ctx, `prednisone-${daysAgo}`, {
            drug: { concept: codeable([coding('rxnorm', '312615', 'predniSONE 20 MG Oral Tablet')]) },
            startDaysAgo: daysAgo,
            endDaysAgo: daysAgo - 5,
            dosage: [
              {
                text: 'Take 2 tablets (40 mg) by mouth daily for 5 days',
                timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
                route: codeable([coding('snomed', '26643006', 'Oral route')]),
                doseAndRate: [{ doseQuantity: qty(2, 'tablet', '{tbl}') }],
              },
            ],
          }),
        ),
    },
    pump: pumpCardOf('rw-us-prednisone-bursts-on-med-list'),
    nafld: nafldTrial(false, { glucocorticoids: 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-cure-solupred-ancienne',
    title: 'One Solupred course completed 500 days ago: no course in the last 12 months, glucocorticoids to confirm',
    rule: 'glucocorticoid route',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Maurice',
      extra: (ctx) => [
        orderOf(ctx, 'solupred', {
          drug: { concept: frenchDrug('3400933958022', 'H02AB06', 'SOLUPRED 20 mg, comprimé orodispersible') },
          authoredDaysAgo: 500,
          status: 'completed',
          dosage: [tabletDose(ctx, 2, 1, '2 comprimés le matin pendant 5 jours')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-cure-solupred-ancienne'),
    nafld: nafldTrial(true, { glucocorticoids: 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-hydrocortisone-cream',
    title: 'Hydrocortisone 1% cream (RxNorm product) applied topically twice daily: not systemic, the card fires',
    rule: 'glucocorticoid route',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Harold',
      extra: (ctx) => [
        conditionOf(ctx, 'dermatitis', {
          code: codeable(
            [
              coding('snomed', '86708008', 'Seborrheic dermatitis'),
              coding('icd10cm', 'L21.9', 'Seborrheic dermatitis, unspecified'),
            ],
            'Seborrheic dermatitis',
          ),
          onsetDaysAgo: 90,
        }),
        orderOf(ctx, 'hydrocortisone', {
          drug: {
            concept: codeable(
              [coding('rxnorm', '106258', 'hydrocortisone 10 MG/ML Topical Cream')],
              'hydrocortisone 1 % cream',
            ),
          },
          authoredDaysAgo: 60,
          dosage: [
            {
              text: 'Apply a thin layer to affected area 2 times daily',
              timing: {
                code: codeable([
                  { system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation', code: 'BID', display: 'BID' },
                ]),
              },
              route: codeable([coding('snomed', '6064005', 'Topical route')]),
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-hydrocortisone-cream'),
    nafld: nafldTrial(true, { glucocorticoids: 'unknown' }, [
      'Systemic glucocorticoid, current or a course ended in the last 12 months: no',
    ]),
  }),
  fullMatch({
    id: 'rw-fr-triamcinolone-infiltration',
    title:
      'Kenacort Retard (triamcinolone, ATC H02AB08) given as a knee infiltration (intra-articular route): not counted',
    rule: 'glucocorticoid route',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Alain',
      extra: (ctx) => [
        conditionOf(ctx, 'knee-oa', {
          code: codeable(cim10('M17.1', 'Autres gonarthroses primaires'), 'Gonarthrose droite'),
          onsetDaysAgo: 1100,
        }),
        orderOf(ctx, 'triamcinolone', {
          drug: {
            concept: frenchDrug('3400931836124', 'H02AB08', 'KENACORT RETARD 40 mg/1 ml, suspension injectable'),
          },
          authoredDaysAgo: 12,
          dosage: [
            {
              text: '1 infiltration intra-articulaire du genou droit (40 mg)',
              timing: { repeat: { count: 1 } },
              route: codeable([coding('edqm', '20024000', 'Voie intra-articulaire')]),
              doseAndRate: [{ doseQuantity: qty(40, 'mg') }],
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-triamcinolone-infiltration'),
    nafld: nafldTrial(true, { glucocorticoids: 'unknown' }, [
      'Systemic glucocorticoid, current or a course ended in the last 12 months: no',
    ]),
  }),
  fullMatch({
    id: 'rw-us-prednisone-no-route',
    title:
      'Prednisone ordered by ingredient code (RxNorm 8640) with no route and no dose form: glucocorticoids to confirm',
    rule: 'glucocorticoid route',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Frank',
      extra: (ctx) => [
        orderOf(ctx, 'prednisone', {
          drug: { concept: codeable([coding('rxnorm', '8640', 'prednisone')], 'predniSONE') },
          authoredDaysAgo: 2,
          dosage: [
            {
              text: '40 mg daily for 5 days (COPD exacerbation)',
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
              doseAndRate: [{ doseQuantity: qty(40, 'mg') }],
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-prednisone-no-route'),
    nafld: nafldTrial(true, { glucocorticoids: 'unknown' }, ['route not stated']),
  }),

  // Rule 7: GLP-1 in a fixed-ratio product.
  fullMatch({
    id: 'rw-fr-xultophy-atc',
    title:
      'Xultophy (insulin degludec/liraglutide, ATC A10AE56) as the basal, with NovoRapid: a GLP-1 agonist, excluded',
    rule: 'GLP-1 in a fixed-ratio product',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Christian',
      replace: {
        basal: (ctx) => [
          orderOf(ctx, 'basal', {
            drug: {
              concept: frenchDrug(
                '3400930014264',
                'A10AE56',
                'XULTOPHY 100 unités/ml + 3,6 mg/ml, solution injectable en stylo prérempli',
              ),
            },
            authoredDaysAgo: 400,
            dosage: [
              {
                ...injectionDose(ctx, 26, ['CV'], '26 doses le soir au dîner'),
                doseAndRate: [{ doseQuantity: qty(26, 'doses', '{dose}') }],
              },
            ],
          }),
        ],
        rapid: (ctx) => [rapidOrder(ctx, DRUGS.novorapid.fr)],
      },
    },
    pump: pumpCardOf('rw-fr-xultophy-atc'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-xultophy-name-only',
    title:
      'Xultophy known by its CIP13 code and French name only (no ATC): the name makes it degludec and a GLP-1, excluded',
    rule: 'GLP-1 in a fixed-ratio product',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Thierry',
      replace: {
        basal: (ctx) => [
          orderOf(ctx, 'basal', {
            drug: {
              concept: frenchDrug(
                '3400930014264',
                undefined,
                'XULTOPHY 100 unités/ml + 3,6 mg/ml, sol inj en stylo prérempli',
              ),
            },
            authoredDaysAgo: 380,
            dosage: [
              {
                ...injectionDose(ctx, 30, ['CM'], '30 doses le matin'),
                doseAndRate: [{ doseQuantity: qty(30, 'doses', '{dose}') }],
              },
            ],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-xultophy-name-only'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-soliqua',
    title: 'Soliqua 100/33 (insulin glargine/lixisenatide, RxNorm 1859000) with Humalog: a GLP-1 agonist, excluded',
    rule: 'GLP-1 in a fixed-ratio product',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Raymond',
      replace: {
        basal: (ctx) => [
          orderOf(ctx, 'basal', {
            drug: {
              concept: codeable(
                [
                  coding(
                    'rxnorm',
                    '1859000',
                    '3 ML insulin glargine 100 UNT/ML / lixisenatide 0.033 MG/ML Pen Injector [Soliqua]',
                  ),
                ],
                'Soliqua 100/33 pen',
              ),
            },
            authoredDaysAgo: 450,
            dosage: [
              injectionByCode(ctx, 40, 'QD', 'Inject 40 Units under the skin daily within 1 hour before breakfast'),
            ],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-soliqua'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-suliqua-atc',
    title: 'Suliqua (insulin glargine/lixisenatide, ATC A10AE54) each morning with Humalog: a GLP-1 agonist, excluded',
    rule: 'GLP-1 in a fixed-ratio product',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Claude',
      replace: {
        basal: (ctx) => [
          orderOf(ctx, 'basal', {
            drug: {
              concept: frenchDrug(
                '3400930107386',
                'A10AE54',
                'SULIQUA 100 unités/ml + 33 microgrammes/ml, solution injectable en stylo prérempli',
              ),
            },
            authoredDaysAgo: 420,
            dosage: [
              {
                ...injectionDose(ctx, 24, ['CM'], "24 doses le matin, dans l'heure précédant le petit déjeuner"),
                doseAndRate: [{ doseQuantity: qty(24, 'doses', '{dose}') }],
              },
            ],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-suliqua-atc'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-lantus-victoza-ended',
    title:
      'Lantus + Humalog; Victoza statement still "active" but its period ended 200 days ago: no GLP-1, the card fires',
    rule: 'GLP-1 in a fixed-ratio product',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Donald',
      extra: (ctx) => [
        statementOf(ctx, 'liraglutide', {
          drug: {
            concept: codeable(
              [coding('rxnorm', '897122', '3 ML liraglutide 6 MG/ML Pen Injector')],
              'Victoza 18 mg/3 mL pen',
            ),
          },
          startDaysAgo: 900,
          endDaysAgo: 200,
          dosage: [
            {
              text: 'Inject 1.8 mg under the skin daily (stopped: nausea)',
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
              doseAndRate: [{ doseQuantity: qty(1.8, 'mg') }],
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-lantus-victoza-ended'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-weekly-injectable-cip13-only',
    title:
      'A weekly injectable known only by a CIP13 code (separate Medication, no ATC, no name): other antidiabetics to confirm',
    rule: 'GLP-1 in a fixed-ratio product',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Pascal',
      extra: (ctx) => [
        medicationOf(ctx, 'med-weekly', cip13Only('3400930158937')),
        orderOf(ctx, 'weekly', {
          drug: { medicationId: `${ctx.patientId}-med-weekly` },
          authoredDaysAgo: 150,
          dosage: [
            {
              text: '1 injection sous-cutanée le lundi',
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] } },
              route: codeable([coding('edqm', '20066000', 'Voie sous-cutanée')]),
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-weekly-injectable-cip13-only'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),

  // Rule 8: stable background doses.
  fullMatch({
    id: 'rw-fr-metformin-renewed',
    title: 'Metformin taken for 2 years (reconciled statement) and renewed 60 days ago at the same dose: stable, fires',
    rule: 'stable background doses',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Yves',
      replace: {
        metformin: (ctx) => [
          statementOf(ctx, 'metformin-statement', {
            drug: { concept: DRUGS.metformin.fr },
            startDaysAgo: 730,
            dosage: [metforminDose(ctx)],
          }),
          orderOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.fr },
            authoredDaysAgo: 60,
            dosage: [metforminDose(ctx)],
            note: 'Renouvellement 3 mois',
          }),
        ],
      },
      extra: (ctx) => [
        statementOf(ctx, 'empagliflozin', {
          drug: { concept: DRUGS.empagliflozin.fr },
          startDaysAgo: 900,
          dosage: [tabletDose(ctx, 1, 1, '1 comprimé le matin')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-metformin-renewed'),
    nafld: nafldTrial(true, { 'background-dose-stable': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-metformin-new',
    title:
      'Metformin started 30 days ago (only order): the background dose is not yet stable for 3 months, no trial card',
    rule: 'stable background doses',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Ronald',
      replace: {
        metformin: (ctx) => [
          orderOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.us },
            authoredDaysAgo: 30,
            dosage: [metforminDose(ctx)],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-metformin-new'),
    nafld: nafldTrial(false, { 'background-dose-stable': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-metformin-no-start',
    title:
      'Metformin known only from an admission reconciliation 20 days ago, start date not recorded: stability to confirm',
    rule: 'stable background doses',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Gilbert',
      replace: {
        metformin: (ctx) => [
          statementOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.fr },
            assertedDaysAgo: 20,
            dosage: [metforminDose(ctx)],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-metformin-no-start'),
    nafld: nafldTrial(true, { 'background-dose-stable': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-metformin-dose-doubled',
    title:
      'Metformin 500 mg 1 tablet twice daily for 2 years, new order 20 days ago for 2 tablets twice daily: dose changed',
    rule: 'stable background doses',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Marc',
      replace: {
        metformin: (ctx) => {
          const m500 = frenchDrug('3400935955838', 'A10BA02', 'METFORMINE MYLAN 500 mg, comprimé pelliculé');
          return [
            statementOf(ctx, 'metformin-statement', {
              drug: { concept: m500 },
              startDaysAgo: 730,
              dosage: [metforminDose(ctx, 1)],
            }),
            orderOf(ctx, 'metformin', {
              drug: { concept: m500 },
              authoredDaysAgo: 20,
              dosage: [metforminDose(ctx, 2)],
              note: 'Augmentation de la metformine',
            }),
          ];
        },
      },
    },
    pump: pumpCardOf('rw-fr-metformin-dose-doubled'),
    nafld: nafldTrial(false, { 'background-dose-stable': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-metformin-strength-change',
    title:
      'Metformin 500 mg tablet BID for 2 years, switched 20 days ago to the 1,000 mg tablet BID (same tablet count): dose changed',
    rule: 'stable background doses',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Arthur',
      replace: {
        metformin: (ctx) => [
          statementOf(ctx, 'metformin-statement', {
            drug: {
              concept: codeable(
                [coding('rxnorm', '861007', 'metformin hydrochloride 500 MG Oral Tablet')],
                'metFORMIN 500 mg tablet',
              ),
            },
            startDaysAgo: 730,
            dosage: [metforminDose(ctx)],
          }),
          orderOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.us },
            authoredDaysAgo: 20,
            dosage: [metforminDose(ctx)],
            note: 'Increase metformin to 1,000 mg twice daily',
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-us-metformin-strength-change'),
    nafld: nafldTrial(false, { 'background-dose-stable': 'not-met' }),
  }),

  // Rule 10: analogue-only MDI for NCT04270656.
  fullMatch({
    id: 'rw-fr-actrapid-tid',
    title:
      'Lantus + Actrapid (regular human insulin, ATC A10AB01) three times a day: MDI for the pump card, not for NCT04270656',
    rule: 'analogue-only MDI for NCT04270656',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'René',
      replace: {
        rapid: (ctx) => [
          rapidOrder(ctx, frenchDrug('3400933988516', 'A10AB01', 'ACTRAPID 100 UI/ml, solution injectable en flacon')),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-actrapid-tid'),
    nafld: nafldTrial(false, { 'mdi-glargine-degludec': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-novorapid-tid',
    title: 'Lantus + NovoRapid FlexPen (insulin aspart, ATC A10AB05) matin, midi et soir: analogue MDI, fires',
    rule: 'analogue-only MDI for NCT04270656',
    style: 'fr',
    case: 'fires',
    record: { given: 'Joël', replace: { rapid: (ctx) => [rapidOrder(ctx, DRUGS.novorapid.fr)] } },
    pump: pumpCardOf('rw-fr-novorapid-tid'),
    nafld: nafldTrial(true),
  }),
  fullMatch({
    id: 'rw-us-novolog-mix-bid',
    title:
      'Lantus at bedtime + NovoLog Mix 70/30 before breakfast and dinner: a premix is not a rapid injection, neither card',
    rule: 'analogue-only MDI for NCT04270656',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Howard',
      replace: {
        rapid: (ctx) => [
          orderOf(ctx, 'premix', {
            drug: {
              concept: codeable(
                [
                  coding(
                    'rxnorm',
                    '847191',
                    '3 ML insulin aspart protamine, human 70 UNT/ML / insulin aspart, human 30 UNT/ML Pen Injector',
                  ),
                ],
                'NovoLOG Mix 70/30 FlexPen',
              ),
            },
            authoredDaysAgo: 500,
            dosage: [
              injectionByCode(
                ctx,
                18,
                'BID',
                'Inject 18 Units under the skin 2 times daily before breakfast and dinner',
              ),
            ],
          }),
        ],
      },
    },
    pump: null,
    nafld: nafldTrial(false, { 'mdi-glargine-degludec': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-prandial-cip13-only',
    title:
      'Prandial insulin 8 UI matin, midi et soir whose Medication carries only a CIP13 code: MDI unknown, neither card',
    rule: 'analogue-only MDI for NCT04270656',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Didier',
      replace: {
        rapid: (ctx) => [
          medicationOf(ctx, 'med-prandial', cip13Only('3400937462198')),
          orderOf(ctx, 'rapid', {
            drug: { medicationId: `${ctx.patientId}-med-prandial` },
            authoredDaysAgo: 700,
            dosage: [injectionDose(ctx, 8, ['ACM', 'ACD', 'ACV'], '8 UI matin, midi et soir avant les repas')],
          }),
        ],
      },
    },
    pump: null,
    nafld: nafldTrial(false, { 'mdi-glargine-degludec': 'unknown' }),
  }),

  // Rule 12: steatogenic drugs.
  fullMatch({
    id: 'rw-fr-amiodarone-recent',
    title: 'Cordarone (amiodarone) started 40 days ago for new atrial fibrillation: a recent steatogenic drug excludes',
    rule: 'steatogenic drugs',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Francis',
      extra: (ctx) => [
        atrialFibrillation(ctx, 45),
        orderOf(ctx, 'amiodarone', {
          drug: { concept: CORDARONE },
          authoredDaysAgo: 40,
          dosage: [tabletDose(ctx, 1, 1, '1 comprimé par jour le midi')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-amiodarone-recent'),
    nafld: nafldTrial(false, { 'steatogenic-drug-recent': 'met', 'steatogenic-drug-established': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-amiodarone-2y',
    title: 'Amiodarone 200 mg daily (RxNorm product, matched by name) for 2 years at the same dose: not excluded',
    rule: 'steatogenic drugs',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Eugene',
      extra: (ctx) => [
        atrialFibrillation(ctx, 760),
        orderOf(ctx, 'amiodarone', {
          drug: { concept: AMIODARONE_US },
          authoredDaysAgo: 730,
          dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-amiodarone-2y'),
    nafld: nafldTrial(true, { 'steatogenic-drug-recent': 'not-met', 'steatogenic-drug-established': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-us-amiodarone-renewed',
    title:
      'Amiodarone 200 mg daily on the med list for 3 years, refill order 25 days ago at the same dose: not excluded',
    rule: 'steatogenic drugs',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Lloyd',
      extra: (ctx) => [
        atrialFibrillation(ctx, 1200),
        statementOf(ctx, 'amiodarone-statement', {
          drug: { concept: AMIODARONE_US },
          startDaysAgo: 1100,
          dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
        }),
        orderOf(ctx, 'amiodarone', {
          drug: { concept: AMIODARONE_US },
          authoredDaysAgo: 25,
          dosage: [tabletDose(ctx, 1, 1, 'Take 1 tablet by mouth daily')],
          note: '90-day refill',
        }),
      ],
    },
    pump: pumpCardOf('rw-us-amiodarone-renewed'),
    nafld: nafldTrial(true, { 'steatogenic-drug-recent': 'not-met', 'steatogenic-drug-established': 'not-met' }),
  }),
  fullMatch({
    id: 'rw-fr-amiodarone-dose-changed',
    title: 'Cordarone 1 comprimé/j for 2 years, increased to 2 comprimés/j 30 days ago: dose changed, excluded',
    rule: 'steatogenic drugs',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Maurice',
      extra: (ctx) => [
        atrialFibrillation(ctx, 800),
        statementOf(ctx, 'amiodarone-statement', {
          drug: { concept: CORDARONE },
          startDaysAgo: 730,
          dosage: [tabletDose(ctx, 1, 1, '1 comprimé par jour')],
        }),
        orderOf(ctx, 'amiodarone', {
          drug: { concept: CORDARONE },
          authoredDaysAgo: 30,
          dosage: [tabletDose(ctx, 2, 1, '2 comprimés par jour (récidive de FA)')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-amiodarone-dose-changed'),
    nafld: nafldTrial(false, { 'steatogenic-drug-recent': 'not-met', 'steatogenic-drug-established': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-amiodarone-start-unknown',
    title:
      'Amiodarone on an outside medication list reconciled 10 days ago, start date unknown: steatogenic drug to confirm',
    rule: 'steatogenic drugs',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Stanley',
      extra: (ctx) => [
        atrialFibrillation(ctx, 1500),
        statementOf(ctx, 'amiodarone', {
          drug: { concept: AMIODARONE_US },
          assertedDaysAgo: 10,
          dosage: [tabletsNoRoute(ctx, 1, 1, '200 mg daily (per outside records)')],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-amiodarone-start-unknown'),
    nafld: nafldTrial(true, { 'steatogenic-drug-recent': 'unknown', 'steatogenic-drug-established': 'unknown' }),
  }),

  // French INN spellings: "Metformine" is metformin.
  fullMatch({
    id: 'rw-fr-metformine-cip13-text',
    title:
      'Metformin written "Metformine 1000 mg" under its CIP13 code alone (no ATC): metformin by name, stable 4 years, fires',
    rule: 'stable background doses',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Roland',
      replace: {
        metformin: (ctx) => [
          orderOf(ctx, 'metformin', {
            drug: { concept: codeable([coding('cip13', '3400936558885')], 'Metformine 1000 mg cp') },
            authoredDaysAgo: 1500,
            dosage: [metforminDose(ctx)],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-metformine-cip13-text'),
    nafld: nafldTrial(true, { 'background-dose-stable': 'met', 'other-antidiabetics': 'not-met' }),
  }),

  // A dose change written as successive steps (Dosage.sequence) of one order.
  fullMatch({
    id: 'rw-us-amiodarone-load-in-one-order',
    title:
      'Amiodarone ordered 100 days ago as one order: 200 mg TID 14 days, BID 14 days, then daily: dose changed 72 days ago',
    rule: 'steatogenic drugs',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Vernon',
      extra: (ctx) => [
        atrialFibrillation(ctx, 105),
        orderOf(ctx, 'amiodarone', {
          drug: { concept: AMIODARONE_US },
          authoredDaysAgo: 100,
          dosage: [
            loadingStep(ctx, 1, 3, 'Take 1 tablet by mouth 3 times daily for 14 days'),
            loadingStep(ctx, 2, 2, 'then 1 tablet 2 times daily for 14 days'),
            { ...tabletDose(ctx, 1, 1, 'then 1 tablet daily'), sequence: 3 },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-amiodarone-load-in-one-order'),
    nafld: nafldTrial(false, { 'steatogenic-drug-recent': 'not-met', 'steatogenic-drug-established': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-metformin-titration-undated',
    title:
      'Metformine 1 comprimé le soir puis 1 matin et soir, two steps of one order with no step dates: stability to confirm',
    rule: 'stable background doses',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Hubert',
      replace: {
        metformin: (ctx) => [
          orderOf(ctx, 'metformin', {
            drug: { concept: DRUGS.metformin.fr },
            authoredDaysAgo: 150,
            dosage: [
              { ...tabletDose(ctx, 1, 1, '1 comprimé le soir au dîner'), sequence: 1 },
              { ...tabletDose(ctx, 1, 2, 'puis 1 comprimé matin et soir si bien toléré'), sequence: 2 },
            ],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-metformin-titration-undated'),
    nafld: nafldTrial(true, { 'background-dose-stable': 'unknown' }),
  }),

  // A strength change shown only in the name, under the same ATC code.
  fullMatch({
    id: 'rw-fr-metformine-850-to-1000-atc',
    title:
      'Metformine 850 mg (ATC A10BA02 only) for 2 years, then Metformine 1000 mg under the same code 30 days ago: changed',
    rule: 'stable background doses',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Guy',
      replace: {
        metformin: (ctx) => [
          statementOf(ctx, 'metformin-statement', {
            drug: { concept: codeable([coding('atc', 'A10BA02', 'metformine')], 'Metformine 850 mg cp') },
            startDaysAgo: 730,
            dosage: [metforminDose(ctx)],
          }),
          orderOf(ctx, 'metformin', {
            drug: { concept: codeable([coding('atc', 'A10BA02', 'metformine')], 'Metformine 1000 mg cp') },
            authoredDaysAgo: 30,
            dosage: [metforminDose(ctx)],
          }),
        ],
      },
    },
    pump: pumpCardOf('rw-fr-metformine-850-to-1000-atc'),
    nafld: nafldTrial(false, { 'background-dose-stable': 'not-met' }),
  }),

  // RxNorm has a code per product: a product code in no value set is "another drug" only with a
  // name that says which.
  fullMatch({
    id: 'rw-us-ozempic-2mg-bare-rxnorm',
    title: 'A weekly GLP-1 pen sent as a bare RxNorm product code, no display or text: GLP-1 to confirm',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'unknown',
    record: {
      given: 'Lloyd',
      extra: (ctx) => [
        orderOf(ctx, 'glp1', {
          drug: { concept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '2599365' }] } },
          authoredDaysAgo: 60,
          dosage: [
            {
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } },
              doseAndRate: [{ doseQuantity: qty(2, 'mg') }],
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-ozempic-2mg-bare-rxnorm'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-us-ozempic-2mg-rxnorm-named',
    title: 'The same pen with its display "Ozempic 2 MG/DOSE Pen": a GLP-1 agonist by name, excluded',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'does-not-fire',
    record: {
      given: 'Vernon',
      extra: (ctx) => [
        orderOf(ctx, 'glp1', {
          drug: {
            concept: codeable(
              [coding('rxnorm', '2599365', '3 ML semaglutide 2.68 MG/ML Pen Injector [Ozempic]')],
              'Ozempic 2 MG/DOSE Pen',
            ),
          },
          authoredDaysAgo: 60,
          dosage: [
            {
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } },
              doseAndRate: [{ doseQuantity: qty(2, 'mg') }],
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-ozempic-2mg-rxnorm-named'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-us-lisinopril-rxnorm-named',
    title: 'An RxNorm product in no value set whose display names it (lisinopril 20 mg tablet): another drug, fires',
    rule: 'medication beyond the value sets',
    style: 'us',
    case: 'fires',
    record: {
      given: 'Harold',
      extra: (ctx) => [
        orderOf(ctx, 'lisinopril', {
          drug: { concept: codeable([coding('rxnorm', '314077', 'lisinopril 20 MG Oral Tablet')]) },
          authoredDaysAgo: 700,
          dosage: [
            {
              text: 'Take 1 tablet by mouth daily',
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
              doseAndRate: [{ doseQuantity: qty(1, 'tablet', '{tbl}') }],
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-us-lisinopril-rxnorm-named'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'not-met' }),
  }), // French products: a CIP13 or UCD code is read by no value set; the ATC coding or the name decides.
  fullMatch({
    id: 'rw-fr-ucd-seul-hebdomadaire',
    title: 'A weekly pen sent as a bare UCD code, no ATC, no name: other antidiabetics to confirm',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'unknown',
    record: {
      given: 'Régis',
      extra: (ctx) => [
        orderOf(ctx, 'hebdo', {
          drug: { concept: codeable([coding('ucd', '3400894267417')]) },
          authoredDaysAgo: 80,
          dosage: [
            {
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } },
              route: codeable([coding('edqm', '20066000', 'Voie sous-cutanée')]),
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-ucd-seul-hebdomadaire'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'unknown' }),
  }),
  fullMatch({
    id: 'rw-fr-trulicity-cip13-nom-sans-atc',
    title: 'TRULICITY by CIP13 code and its French name, no ATC coding: a GLP-1 agonist by name, excluded',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'does-not-fire',
    record: {
      given: 'Gilles',
      extra: (ctx) => [
        orderOf(ctx, 'glp1', {
          drug: {
            concept: frenchDrug('3400930023464', undefined, 'TRULICITY 1,5 mg, solution injectable en stylo prérempli'),
          },
          authoredDaysAgo: 90,
          dosage: [
            {
              text: '1 injection par semaine, le jeudi',
              timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['thu'] } },
            },
          ],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-trulicity-cip13-nom-sans-atc'),
    nafld: nafldTrial(false, { 'other-antidiabetics': 'met' }),
  }),
  fullMatch({
    id: 'rw-fr-triatec-cip13-atc',
    title: 'TRIATEC 5 mg by CIP13 code with its ATC C09AA05 (ramipril): another drug, fires',
    rule: 'medication beyond the value sets',
    style: 'fr',
    case: 'fires',
    record: {
      given: 'Alain',
      extra: (ctx) => [
        orderOf(ctx, 'ramipril', {
          drug: { concept: frenchDrug('3400933826208', 'C09AA05', 'TRIATEC 5 mg, comprimé sécable') },
          authoredDaysAgo: 800,
          dosage: [tabletsNoRoute(ctx, 1, 1, '1 comprimé le matin')],
        }),
      ],
    },
    pump: pumpCardOf('rw-fr-triatec-cip13-atc'),
    nafld: nafldTrial(true, { 'other-antidiabetics': 'not-met' }),
  }),
];
