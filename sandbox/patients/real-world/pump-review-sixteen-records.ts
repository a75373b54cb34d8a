import type { DiagnosticReport, MedicationStatement, Observation } from 'fhir/r4.js';
import type { FixtureContext } from '../builders.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  at,
  drug,
  dx,
  frRecord,
  hba1cResult,
  labResult,
  order,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  statement,
  US_RX,
  usDose,
  usRecord,
} from './pump-builders.js';

/*
 * Pump-card records a sixteenth review (2026-12-07, afternoon: how laboratories and problem lists
 * write the HbA1c and the diabetes type, French hospital records, FHIR shapes) found firing where
 * they must not, kept as patients:
 * - an islet antibody under a French laboratory's long label ("Anticorps anti-tyrosine phosphatase
 *   IA2", the antigen's name between the antibody word and its short name), read as none;
 * - a laboratory's doubt written on the panel holding the HbA1c ("HbA1c : présence d'un variant de
 *   l'hémoglobine"), or in the conclusion of the report listing it by reference, never reaching it;
 * - the newest HbA1c report listing a result the record does not hold, so an older value decided;
 * - an HbA1c the patient reported (performer the Patient), an HbA1c whose interpretation says in
 *   words alone it cannot be read, and a newest HbA1c masked (dataAbsentReason "masked");
 * - "DID depuis 1998" (the French shorthand of insulin-dependent, type 1) under E11.9;
 * - a type 1 SNOMED concept with no display, and "Secondary diabetes mellitus" code-only, each
 *   beside a type 2 code;
 * - "Ac anti-GAD positifs" in the words of the type 2 problem itself;
 * - "Diabète sur syndrome de Cushing" under E11.9;
 * - the only rapid insulin a STU3-shaped statement "taken": "n" (not taken);
 * - an HbA1c, and a Humalog order, each carrying a modifier extension the service cannot read;
 * - a reconciliation note "Has not used Humalog for 3 months (cannot afford copay)".
 * Then one withheld where it should fire: "Gonarthrose droite" under a local code, its laterality
 * read as a word the service did not know.
 */

type Ctx = FixtureContext;

const LAB_CATEGORY = codeable([
  { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' },
]);

/** An HbA1c of 8.7 % in the default French record, moved into a "Bilan diabète" panel with a note. */
function frenchPanel(ctx: Ctx, note: string): Observation {
  const effective = at(ctx, 'fr', 25);
  return {
    resourceType: 'Observation',
    id: `${ctx.patientId}-bilan-diabete`,
    status: 'final',
    category: [LAB_CATEGORY],
    code: codeable([coding('local', 'BILDIAB', 'Bilan diabète')], 'Bilan diabète'),
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: effective,
    issued: `${effective.slice(0, 10)}T16:05:00${effective.slice(19)}`,
    note: [{ text: note }],
    component: [
      {
        code: codeable(
          [coding('loinc', '4548-4', 'Hémoglobine A1c/hémoglobine totale [Fraction massique] Sang ; Numérique')],
          'HbA1c',
        ),
        valueQuantity: { value: 8.7, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
      },
      {
        code: codeable(
          [coding('loinc', '2345-7', 'Glucose [Masse/Volume] Sérum/Plasma ; Numérique')],
          'Glycémie à jeun',
        ),
        valueQuantity: { value: 1.62, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
      },
    ],
  };
}

/** A laboratory report listing results by reference, with a conclusion. */
function listingReport(
  ctx: Ctx,
  suffix: string,
  daysAgo: number,
  listed: string,
  conclusion: string,
): DiagnosticReport {
  const effective = at(ctx, 'fr', daysAgo);
  return {
    resourceType: 'DiagnosticReport',
    id: `${ctx.patientId}-${suffix}`,
    status: 'final',
    category: [
      codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }]),
    ],
    code: codeable(
      [coding('loinc', '4548-4', 'Hémoglobine A1c/hémoglobine totale [Fraction massique] Sang ; Numérique')],
      'Hémoglobine glyquée (HbA1c)',
    ),
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: effective,
    issued: `${effective.slice(0, 10)}T17:30:00${effective.slice(19)}`,
    result: [{ reference: `Observation/${ctx.patientId}-${listed}` }],
    conclusion,
  };
}

export const PUMP_REVIEW_SIXTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-fr-anticorps-anti-tyrosine-phosphatase-ia2',
    title:
      'DT2 (E11.9) et « Anticorps anti-tyrosine phosphatase IA2 » à 85 U/mL (N < 10) sous code local : diabète auto-immun, pas de carte',
    rule: 'LADA counts as type 1',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Rachid'], family: 'Ia2-Exemple', gender: 'male', age: 47, daysSinceBirthday: 33 },
        {
          extra: [
            {
              ...labResult(ctx, 'fr', 'ia2', {
                loinc: '56718-0',
                display: 'Anticorps anti-tyrosine phosphatase IA2',
                text: 'Anticorps anti-tyrosine phosphatase IA2',
                value: 85,
                unit: 'U/mL',
                ucum: '[U]/mL',
                daysAgo: 60,
              }),
              code: codeable(
                [coding('local', 'IA2', 'Anticorps anti-tyrosine phosphatase IA2')],
                'Anticorps anti-tyrosine phosphatase IA2',
              ),
              interpretation: [
                codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' }]),
              ],
              referenceRange: [{ high: { value: 10, unit: 'U/mL' } }],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-bilan-diabete-note-variant-hemoglobine',
    title:
      'HbA1c 8,7 % dans un panel « Bilan diabète » dont la note dit « HbA1c : présence d’un variant de l’hémoglobine » : HbA1c inconnue, pas de carte',
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Aïssatou'], family: 'Variant-Panel', gender: 'female', age: 58, daysSinceBirthday: 140 },
        {
          hba1c: [
            frenchPanel(
              ctx,
              'HbA1c : présence d’un variant de l’hémoglobine (HbS hétérozygote). Résultat ininterprétable.',
            ),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-compte-rendu-hba1c-ininterpretable-reference',
    title:
      'HbA1c 8,7 % (Observation finale) listée par un compte rendu dont la conclusion dit « HbA1c ininterprétable : hémoglobine variante » : HbA1c inconnue, pas de carte',
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Moussa'], family: 'Conclusion-Reference', gender: 'male', age: 61, daysSinceBirthday: 8 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', { value: 8.7, daysAgo: 25 }),
            listingReport(
              ctx,
              'cr-hba1c',
              25,
              'hba1c',
              'HbA1c ininterprétable : présence d’une hémoglobine variante (HbS). Contrôle par fructosamine conseillé.',
            ),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-compte-rendu-hba1c-resultat-absent',
    title:
      'Le compte rendu d’HbA1c le plus récent (« HbA1c 7,1 % ») liste un résultat absent du dossier ; une HbA1c de 8,7 % plus ancienne : HbA1c inconnue, pas de carte',
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Édith'], family: 'Resultat-Absent', gender: 'female', age: 63, daysSinceBirthday: 250 },
        {
          hba1c: [
            hba1cResult(ctx, 'fr', 'hba1c', { value: 8.7, daysAgo: 95 }),
            listingReport(ctx, 'cr-hba1c', 12, 'hba1c-absente', 'HbA1c 7,1 % (54 mmol/mol).'),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-a1c-patient-reported-performer-patient',
    title:
      'Newest "Hemoglobin A1C" 9.1 % entered with the Patient as performer, beside a lab A1c of 7.4 % five months ago: no laboratory HbA1c of 8 % or more, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Duane'], family: 'Example-Told', gender: 'male', age: 59, daysSinceBirthday: 45 },
        {
          hba1c: [
            {
              ...hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 10 }),
              performer: [{ reference: `Patient/${ctx.patientId}`, display: 'Patient' }],
            },
            hba1cResult(ctx, 'us', 'hba1c-lab', { value: 7.4, daysAgo: 150 }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-hba1c-interpretation-texte-ininterpretable',
    title:
      'HbA1c 8,7 % dont l’interprétation dit seulement en texte « Ininterprétable » : HbA1c inconnue, pas de carte',
    rule: 'laboratory status and text values',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Josiane'], family: 'Interpretation-Texte', gender: 'female', age: 66, daysSinceBirthday: 300 },
        {
          hba1c: [
            {
              ...hba1cResult(ctx, 'fr', 'hba1c', { value: 8.7, daysAgo: 25 }),
              interpretation: [{ text: 'Ininterprétable' }],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-newest-a1c-masked',
    title:
      'Newest Hemoglobin A1C with no value and dataAbsentReason "masked", beside 9.1 % a month earlier: a newer value is hidden, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Celeste'], family: 'Example-Masked', gender: 'female', age: 62, daysSinceBirthday: 170 },
        {
          hba1c: [
            hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 40 }),
            {
              ...hba1cResult(ctx, 'us', 'hba1c-masked', { daysAgo: 6 }),
              dataAbsentReason: codeable([
                {
                  system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
                  code: 'masked',
                  display: 'Masked',
                },
              ]),
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-e11-did-depuis-1998',
    title:
      'E11.9 libellé « DID depuis 1998, sous schéma basal-bolus » : DID, diabète insulinodépendant (type 1), pas de carte',
    rule: 'diabetes type named in hedged words',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Gilbert'], family: 'Did-Ancien', gender: 'male', age: 57, daysSinceBirthday: 190 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
                'DID depuis 1998, sous schéma basal-bolus',
              ),
              onsetDaysAgo: 3300,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-snomed-type-1-hypoglycemic-coma-code-only',
    title:
      'E11.65 and an encounter diagnosis SNOMED 314771006 (type I diabetes with hypoglycemic coma) with no display: a type 1 code, no card',
    rule: 'type 1 known only by a complication code',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Marlon'], family: 'Example-Coma', gender: 'male', age: 52, daysSinceBirthday: 14 },
        {
          extra: [
            dx(ctx, 'hypo-coma', {
              code: { coding: [coding('snomed', '314771006')] },
              onsetDaysAgo: 70,
              category: 'encounter-diagnosis',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-secondary-diabetes-snomed-code-only',
    title:
      'E11.65 and SNOMED 8801005 "Secondary diabetes mellitus" with no display on the problem list: a diabetes of another type, no card',
    rule: 'diabetes of another type',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Wendell'], family: 'Example-Secondary', gender: 'male', age: 63, daysSinceBirthday: 222 },
        { extra: [dx(ctx, 'secondary', { code: { coding: [coding('snomed', '8801005')] }, onsetDaysAgo: 900 })] },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-dt2-ac-anti-gad-positifs-libelle',
    title:
      'E11.9 libellé « Diabète de type 2 insulinorequérant, Ac anti-GAD positifs (2021) » : le type 1 reste ouvert, pas de carte',
    rule: 'diabetes type named in hedged words',
    style: 'fr',
    case: 'unknown',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Nadia'], family: 'Gad-Libelle', gender: 'female', age: 49, daysSinceBirthday: 66 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
                'Diabète de type 2 insulinorequérant, Ac anti-GAD positifs (2021)',
              ),
              onsetDaysAgo: 3000,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-diabete-sur-syndrome-de-cushing',
    title: 'E11.9 libellé « Diabète sur syndrome de Cushing » : un diabète d’un autre type, pas de carte',
    rule: 'diabetes of another type',
    style: 'fr',
    case: 'does-not-fire',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Fabienne'], family: 'Cushing-Exemple', gender: 'female', age: 54, daysSinceBirthday: 101 },
        {
          t2d: [
            dx(ctx, 't2d', {
              code: codeable(
                [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
                'Diabète sur syndrome de Cushing',
              ),
              onsetDaysAgo: 1400,
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-stu3-statement-taken-n',
    title:
      'The only Humalog a statement "status": "active" with STU3 "taken": "n" (reasonNotTaken "Patient not taking"): no rapid insulin taken, no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Lorraine'], family: 'Example-Taken', gender: 'female', age: 65, daysSinceBirthday: 11 },
        {
          rapid: [
            {
              ...statement(ctx, 'us', 'rapid', {
                med: drug(US_RX.humalogKwikPen),
                startDaysAgo: 400,
                dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
              }),
              taken: 'n',
              reasonNotTaken: [{ text: 'Patient not taking' }],
            } as MedicationStatement,
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-a1c-modifier-extension-not-for-clinical-use',
    title:
      'The only HbA1c of the year, 9.1 %, carries a modifierExtension "result-not-for-clinical-use": a resource the service cannot read as written, no card',
    rule: 'laboratory status and text values',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Vernon'], family: 'Example-Modifier', gender: 'male', age: 60, daysSinceBirthday: 92 },
        {
          hba1c: [
            {
              ...hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 33 }),
              modifierExtension: [
                {
                  url: 'http://lab.example.org/fhir/StructureDefinition/result-not-for-clinical-use',
                  valueBoolean: true,
                },
              ],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-order-modifier-extension',
    title:
      'The only Humalog order carries a modifierExtension (a local "do-not-dispense" flag): not read as given, no card',
    rule: 'held or planned insulin',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Rosalind'], family: 'Example-Flagged', gender: 'female', age: 57, daysSinceBirthday: 250 },
        {
          rapid: [
            {
              ...order(ctx, 'us', 'rapid', {
                med: drug(US_RX.humalogKwikPen),
                authoredDaysAgo: 450,
                dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
              }),
              modifierExtension: [
                { url: 'http://ehr.example.org/fhir/StructureDefinition/do-not-dispense', valueBoolean: true },
              ],
            },
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-us-humalog-statement-has-not-used-cost',
    title:
      'Humalog 3 times daily on the reconciled list, its note "Has not used Humalog for 3 months (cannot afford copay). Using Lantus only.": no MDI, no card',
    rule: 'ended statements and orders',
    style: 'us',
    case: 'unknown',
    resources: (ctx) =>
      usRecord(
        ctx,
        { given: ['Darlene'], family: 'Example-Copay', gender: 'female', age: 61, daysSinceBirthday: 130 },
        {
          rapid: [
            statement(ctx, 'us', 'rapid', {
              med: drug(US_RX.humalogKwikPen),
              startDaysAgo: 500,
              assertedDaysAgo: 19,
              dosage: [usDose.daily(8, 3, 'Inject 8 units under the skin 3 times daily with meals')],
              note: 'Has not used Humalog for 3 months (cannot afford copay). Using Lantus only.',
            }),
          ],
        },
      ),
    pump: null,
  }),
  record({
    id: 'rw-fr-gonarthrose-droite-code-local',
    title:
      'Un problème sous code local « Gonarthrose droite » (une arthrose du genou, latéralisée) : sans rapport avec les règles, la carte s’affiche',
    rule: 'French names and accents',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      frRecord(
        ctx,
        { given: ['Roger'], family: 'Gonarthrose-Exemple', gender: 'male', age: 68, daysSinceBirthday: 180 },
        {
          extra: [
            dx(ctx, 'gonarthrose', {
              code: codeable([coding('local', 'PB-2231', 'Gonarthrose droite')], 'Gonarthrose droite'),
              onsetDaysAgo: 1500,
            }),
          ],
        },
      ),
    pump: pumpCard('rw-fr-gonarthrose-droite-code-local', 8.7, STANDARD_EVIDENCE),
  }),
];
