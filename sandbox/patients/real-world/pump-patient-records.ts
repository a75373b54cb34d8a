import type { Patient } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  at,
  dx,
  frRecord,
  hba1cResult,
  labResult,
  pumpCard,
  record,
  STANDARD_EVIDENCE,
  usRecord,
} from './pump-builders.js';

/*
 * Real-world pump-card records about who the patient is and which diabetes they have: the
 * record gate (deceased, inactive, merged), LADA, and diabetes codes in national or local code
 * systems. Each is the default positive of its style with one thing changed.
 */

const LADA_US = codeable(
  [
    coding('snomed', '426875007', 'Latent autoimmune diabetes mellitus in adult'),
    coding('icd10cm', 'E13.9', 'Other specified diabetes mellitus without complications'),
  ],
  'Latent autoimmune diabetes in adults (LADA)',
);

const LADA_FR = codeable(
  [coding('cim10Smt', 'E13.9', 'Autres diabètes sucrés précisés, sans complication')],
  "Diabète LADA (diabète auto-immun lent de l'adulte)",
);

// ---------------------------------------------------------------------------------------------
// Deceased or inactive patient
// ---------------------------------------------------------------------------------------------

const mergeSurvivor = record({
  id: 'rw-fr-fusion-dossier-conserve',
  title: "Surviving record of an identity merge (link 'replaces' the duplicate, active, deceasedBoolean false)",
  rule: 'deceased or inactive patient',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gilberte'], family: 'Fusion-Exemple', gender: 'female', age: 64, daysSinceBirthday: 40 },
      {
        patient: {
          active: true,
          deceasedBoolean: false,
          link: [
            {
              other: { reference: `Patient/${ctx.patientId}-doublon`, display: 'IPP doublon (fusionné)' },
              type: 'replaces',
            },
          ],
        },
      },
    ),
  pump: pumpCard('rw-fr-fusion-dossier-conserve', 8.7, STANDARD_EVIDENCE),
});

const deceasedDateTime = record({
  id: 'rw-us-deceased-datetime',
  title: 'Died 45 days ago (deceasedDateTime); the last HbA1c 9.1% and the MDI orders are still on file',
  rule: 'deceased or inactive patient',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Walter'], family: 'Example-Decedent', gender: 'male', age: 71, daysSinceBirthday: 200 },
      {
        patient: { deceasedDateTime: at(ctx, 'us', 45, '03:12:00') },
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 80 }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.4, daysAgo: 170 }),
        ],
      },
    ),
  pump: null,
});

const inactiveMerged = record({
  id: 'rw-fr-dossier-inactif-fusionne',
  title: "Duplicate record closed by an identity merge (active false, link 'replaced-by' the kept record)",
  rule: 'deceased or inactive patient',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Roger'], family: 'Doublon-Exemple', gender: 'male', age: 59, daysSinceBirthday: 150 },
      {
        patient: {
          active: false,
          link: [
            {
              other: { reference: `Patient/${ctx.patientId}-conserve`, display: 'IPP conservé' },
              type: 'replaced-by',
            },
          ],
        },
      },
    ),
  pump: null,
});

const deceasedBoolean = record({
  id: 'rw-us-deceased-boolean',
  title: 'Death reported by the family: deceasedBoolean true, no date',
  rule: 'deceased or inactive patient',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dolores'], family: 'Example-Reported', gender: 'female', age: 77, daysSinceBirthday: 12 },
      { patient: { deceasedBoolean: true } },
    ),
  pump: null,
});

const deceasedUnreadable = record({
  id: 'rw-us-deceased-pid30-string',
  title: 'HL7 v2 feed copied PID-30 raw: deceasedBoolean "N" (a string), so the death status cannot be read',
  rule: 'deceased or inactive patient',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Harold'], family: 'Example-Interface', gender: 'male', age: 62, daysSinceBirthday: 75 },
      // The interface engine wrote the v2 Y/N flag as it came: not a FHIR boolean.
      { patient: { deceasedBoolean: 'N' } as unknown as Partial<Patient> },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// LADA counts as type 1
// ---------------------------------------------------------------------------------------------

const ladaRefuted = record({
  id: 'rw-us-lada-refuted',
  title: 'LADA working diagnosis refuted after negative GAD65 antibodies (status left active): T2D, card fires',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Patricia'], family: 'Example-Antibody', gender: 'female', age: 52, daysSinceBirthday: 91 },
      {
        extra: [
          dx(ctx, 'lada', {
            code: LADA_US,
            clinicalStatus: 'active',
            verificationStatus: 'refuted',
            onsetDaysAgo: 760,
            recordedDaysAgo: 760,
          }),
          // With the laboratory's limit (ARUP: positive above 5.0 IU/mL): since 56540-8 is read
          // (2026-12-07), a level with neither limit nor flag would leave the type unknown.
          {
            ...labResult(ctx, 'us', 'gad65', {
              loinc: '56540-8',
              display: 'Glutamate decarboxylase 65 Ab [Moles/volume] in Serum',
              text: 'GAD-65 Antibody',
              value: 0.4,
              unit: 'U/mL',
              ucum: '[U]/mL',
              daysAgo: 740,
            }),
            referenceRange: [{ high: { value: 5, unit: 'U/mL' }, text: '0.0-5.0 U/mL' }],
          },
        ],
      },
    ),
  pump: pumpCard('rw-us-lada-refuted', 9.1, STANDARD_EVIDENCE, { detailExcludes: ['rw-us-lada-refuted-lada'] }),
});

const ladaBesideT2d = record({
  id: 'rw-us-lada-beside-t2d',
  title: 'Reclassified as LADA (SNOMED 426875007, E13.9) while the old T2D entry stays active: type 1, no card',
  rule: 'LADA counts as type 1',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Curtis'], family: 'Example-Reclassified', gender: 'male', age: 47, daysSinceBirthday: 300 },
      {
        extra: [
          dx(ctx, 'lada', { code: LADA_US, onsetDaysAgo: 1100, recordedDaysAgo: 1095 }),
          labResult(ctx, 'us', 'c-peptide', {
            loinc: '1986-9',
            display: 'C peptide [Mass/volume] in Serum or Plasma',
            text: 'C-Peptide',
            value: 0.6,
            unit: 'ng/mL',
            daysAgo: 1100,
          }),
        ],
      },
    ),
  pump: null,
});

const ladaFrenchLabel = record({
  id: 'rw-fr-lada-libelle-cim10',
  title: 'CIM-10 E13.9 labelled "Diabète LADA" beside an active T2D entry: LADA read from the label, no card',
  rule: 'LADA counts as type 1',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Sylvie'], family: 'Lada-Exemple', gender: 'female', age: 49, daysSinceBirthday: 222 },
      { extra: [dx(ctx, 'lada', { code: LADA_FR, onsetDaysAgo: 1500, recordedDaysAgo: 1400 })] },
    ),
  pump: null,
});

const ladaNoStatus = record({
  id: 'rw-fr-lada-sans-statut-clinique',
  title: 'LADA entry imported from the old record without clinicalStatus: type 1 unknown, no card',
  rule: 'LADA counts as type 1',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Bernard'], family: 'Reprise-Exemple', gender: 'male', age: 56, daysSinceBirthday: 18 },
      { extra: [dx(ctx, 'lada', { code: LADA_FR, clinicalStatus: null, recordedDaysAgo: 2100 })] },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Diabetes type in an unknown code system
// ---------------------------------------------------------------------------------------------

const atihE1190 = record({
  id: 'rw-fr-cim10-atih-e1190',
  title: 'T2D coded only as ATIH CIM-10 E11.90 (insulinotraité, extension digit) under the TRE_R311 URI',
  rule: 'diabetes type in an unknown code system',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Josette'], family: 'Atih-Exemple', gender: 'female', age: 68, daysSinceBirthday: 160 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable([
              coding('cim10Atih', 'E11.90', 'Diabète sucré de type 2 insulinotraité, sans complication'),
            ]),
            onsetDaysAgo: 4000,
            recordedDaysAgo: 30,
            category: 'encounter-diagnosis',
          }),
        ],
        extra: [
          dx(ctx, 'hta-pmsi', {
            code: codeable([coding('cim10Atih', 'I10', 'Hypertension essentielle (primitive)')]),
            recordedDaysAgo: 30,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-cim10-atih-e1190', 8.7, STANDARD_EVIDENCE),
});

const smtNoDot = record({
  id: 'rw-fr-cim10-smt-code-sans-point',
  title: 'T2D as a bare "E119" (no dot, no label) under the terminology server URI with a trailing slash',
  rule: 'diabetes type in an unknown code system',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Michel'], family: 'Export-Exemple', gender: 'male', age: 61, daysSinceBirthday: 5 },
      {
        t2d: [dx(ctx, 't2d', { code: codeable([coding('cim10SmtSlash', 'E119')]), onsetDaysAgo: 2500 })],
      },
    ),
  pump: pumpCard('rw-fr-cim10-smt-code-sans-point', 8.7, STANDARD_EVIDENCE),
});

const pmsiType1 = record({
  id: 'rw-fr-cim10-dt1-sejour-pmsi',
  title: 'A hospital stay coded E10.9 (type 1) under the ATIH CIM-10 URI beside the T2D problem: type 1, no card',
  rule: 'diabetes type in an unknown code system',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Annie'], family: 'Sejour-Exemple', gender: 'female', age: 58, daysSinceBirthday: 95 },
      {
        extra: [
          dx(ctx, 'sejour-e109', {
            code: codeable([coding('cim10Atih', 'E10.9', 'Diabète sucré de type 1, sans complication')]),
            recordedDaysAgo: 40,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: null,
});

const localDxNoText = record({
  id: 'rw-us-local-dx-code',
  title: 'An active diagnosis with only a local EDG code (no display, no text): type 1 cannot be ruled out',
  rule: 'diabetes type in an unknown code system',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Eugene'], family: 'Example-Localcode', gender: 'male', age: 55, daysSinceBirthday: 130 },
      {
        extra: [
          dx(ctx, 'edg', {
            code: { coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.728286', code: '2107451' }] },
            onsetDaysAgo: 600,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: null,
});

const localDxWithText = record({
  id: 'rw-us-local-dx-code-with-text',
  title:
    'A local EDG code whose text names nothing the service knows ("Chronic pain syndrome"): it could be any diagnosis, so type 1 diabetes is unknown and no card',
  rule: 'diabetes type in an unknown code system',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Brenda'], family: 'Example-Backpain', gender: 'female', age: 60, daysSinceBirthday: 250 },
      {
        extra: [
          dx(ctx, 'edg', {
            code: codeable(
              [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.728286', code: '1019433' }],
              'Chronic pain syndrome',
            ),
            onsetDaysAgo: 900,
          }),
        ],
      },
    ),
  pump: null,
});

/** Record gate, LADA and code-system records. */
// ---------------------------------------------------------------------------------------------
// Type 1 known only by a complication code
// ---------------------------------------------------------------------------------------------

const t1KetoacidosisCode = record({
  id: 'rw-us-t1-ketoacidosis-code-only',
  title:
    'Beside the T2D problem, an ED diagnosis SNOMED 420270002 (ketoacidosis due to type 1 diabetes) with no display: type 1, no card',
  rule: 'type 1 known only by a complication code',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Curtis'], family: 'Example-Dka', gender: 'male', age: 47, daysSinceBirthday: 212 },
      {
        extra: [
          dx(ctx, 'ed-dka', {
            code: codeable([coding('snomed', '420270002')]),
            recordedDaysAgo: 70,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: null,
});

const t2KetoacidosisCode = record({
  id: 'rw-us-t2-ketoacidosis-code-only',
  title:
    'Beside the T2D problem, an ED diagnosis SNOMED 421750000 (ketoacidosis due to type 2 diabetes) with no display: the card fires',
  rule: 'type 1 known only by a complication code',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Lonnie'], family: 'Example-Dka', gender: 'male', age: 52, daysSinceBirthday: 33 },
      {
        extra: [
          dx(ctx, 'ed-dka', {
            code: codeable([coding('snomed', '421750000')]),
            recordedDaysAgo: 70,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-t2-ketoacidosis-code-only', 9.1, STANDARD_EVIDENCE),
});

const complicationLocalCode = record({
  id: 'rw-fr-complication-code-local-sans-libelle',
  title:
    'Beside the T2D problem, a stay diagnosis known only by a local code (no label): it may be a type 1 complication, no card',
  rule: 'type 1 known only by a complication code',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Rémi'], family: 'Sejour-Exemple', gender: 'male', age: 49, daysSinceBirthday: 300 },
      {
        extra: [
          dx(ctx, 'sejour-local', {
            code: codeable([coding('local', 'DIAG-00417')]),
            recordedDaysAgo: 55,
            category: 'encounter-diagnosis',
          }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Pregnancy
// ---------------------------------------------------------------------------------------------

const PREGNANT_US = codeable(
  [coding('snomed', '77386006', 'Pregnancy'), coding('icd10cm', 'Z33.1', 'Pregnant state, incidental')],
  'Pregnant, 10 weeks',
);

const pregnantNow = record({
  id: 'rw-us-pregnant-10-weeks',
  title: 'Type 2 diabetes on MDI, HbA1c 9.1 %, pregnant (Z33.1, onset 70 days ago): no pump card',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Ashley'], family: 'Example-Prenatal', gender: 'female', age: 38, daysSinceBirthday: 210 },
      { extra: [dx(ctx, 'pregnancy', { code: PREGNANT_US, onsetDaysAgo: 70, recordedDaysAgo: 20 })] },
    ),
  pump: null,
});

const grossesseEnCours = record({
  id: 'rw-fr-grossesse-en-cours',
  title: 'DT2 sous basal-bolus, grossesse suivie (CIM-10 Z34.9, début il y a 120 jours): pas de carte pompe',
  rule: 'pregnancy on file',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Inès'], family: 'Grossesse-Exemple', gender: 'female', age: 34, daysSinceBirthday: 45 },
      {
        extra: [
          dx(ctx, 'grossesse', {
            code: codeable(
              [coding('cim10Smt', 'Z34.9', "Surveillance d'une grossesse normale, sans précision")],
              'Grossesse en cours, 19 SA',
            ),
            onsetDaysAgo: 120,
            recordedDaysAgo: 60,
          }),
        ],
      },
    ),
  pump: null,
});

const pregnancyLeftOpen = record({
  id: 'rw-us-pregnancy-left-open',
  title: 'A pregnancy entry from 800 days ago never closed (Z33.1, still active): a past pregnancy, card fires',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Brittany'], family: 'Example-Postpartum', gender: 'female', age: 41, daysSinceBirthday: 12 },
      { extra: [dx(ctx, 'pregnancy', { code: PREGNANT_US, onsetDaysAgo: 800, recordedDaysAgo: 790 })] },
    ),
  pump: pumpCard('rw-us-pregnancy-left-open', 9.1, STANDARD_EVIDENCE),
});

const pregnancyUndated = record({
  id: 'rw-us-pregnancy-undated',
  title: 'A supervision-of-pregnancy entry (Z34.90) with no onset and no recorded date: pregnancy unknown, no card',
  rule: 'pregnancy on file',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Kayla'], family: 'Example-Undated', gender: 'female', age: 36, daysSinceBirthday: 99 },
      {
        extra: [
          dx(ctx, 'pregnancy', {
            code: codeable(
              [
                coding(
                  'icd10cm',
                  'Z34.90',
                  'Encounter for supervision of normal pregnancy, unspecified, unspecified trimester',
                ),
              ],
              'Supervision of normal pregnancy',
            ),
          }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Diabetes of another type, and hedged words
// ---------------------------------------------------------------------------------------------

const afterPancreatectomy = record({
  id: 'rw-fr-diabete-post-pancreatectomie',
  title: 'E11.9 by habit, and E13.9 "Diabète post-pancréatectomie" beside it: not a type 2 diabetes, no card',
  rule: 'diabetes of another type',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gérard'], family: 'Pancréas-Exemple', gender: 'male', age: 67, daysSinceBirthday: 80 },
      {
        extra: [
          dx(ctx, 'e13', {
            code: codeable(
              [coding('cim10Smt', 'E13.9', 'Autres diabètes sucrés précisés, sans complication')],
              'Diabète post-pancréatectomie totale (2021)',
            ),
            onsetDaysAgo: 1500,
            recordedDaysAgo: 1490,
          }),
        ],
      },
    ),
  pump: null,
});

const steroidInducedResolved = record({
  id: 'rw-us-steroid-diabetes-resolved',
  title: 'Steroid-induced diabetes (E09.9) marked resolved years before the type 2 diagnosis: card fires',
  rule: 'diabetes of another type',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dennis'], family: 'Example-Prednisone', gender: 'male', age: 64, daysSinceBirthday: 200 },
      {
        extra: [
          dx(ctx, 'e09', {
            code: codeable(
              [coding('icd10cm', 'E09.9', 'Drug or chemical induced diabetes mellitus without complications')],
              'Steroid-induced hyperglycemia/diabetes',
            ),
            onsetDaysAgo: 4000,
            recordedDaysAgo: 4000,
            clinicalStatus: 'resolved',
            abatementDaysAgo: 3800,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-steroid-diabetes-resolved', 9.1, STANDARD_EVIDENCE),
});

const modyCodedE11 = record({
  id: 'rw-fr-mody-code-e11',
  title: 'The only diabetes entry is E11.9 whose text says "MODY 3 (HNF1A)": the type is unknown, no card',
  rule: 'diabetes of another type',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Sandrine'], family: 'Monogénique-Exemple', gender: 'female', age: 58, daysSinceBirthday: 150 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable(
              [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
              'Diabète MODY 3 (mutation HNF1A), codé E11',
            ),
            onsetDaysAgo: 5000,
            recordedDaysAgo: 3000,
          }),
        ],
      },
    ),
  pump: null,
});

const prediabetesRisk = record({
  id: 'rw-us-prediabetes-risk-t2d-words',
  title: 'R73.03 "Prediabetes, high risk for type 2 diabetes" and no diabetes code: no type 2 diabetes, no card',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Russell'], family: 'Example-Prediabetes', gender: 'male', age: 55, daysSinceBirthday: 60 },
      {
        t2d: [
          dx(ctx, 'prediabetes', {
            code: codeable([coding('icd10cm', 'R73.03', 'Prediabetes')], 'Prediabetes, high risk for type 2 diabetes'),
            onsetDaysAgo: 900,
            recordedDaysAgo: 900,
          }),
        ],
      },
    ),
  pump: null,
});

const t2dToConfirmCoded = record({
  id: 'rw-fr-dt2-a-confirmer-code-e11',
  title: 'E11.9 coded, text "Diabète de type 2 (à confirmer par le diabétologue)": the code decides, card fires',
  rule: 'diabetes type named in hedged words',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Thierry'], family: 'Codé-Exemple', gender: 'male', age: 60, daysSinceBirthday: 310 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable(
              [coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')],
              'Diabète de type 2 (à confirmer par le diabétologue)',
            ),
            onsetDaysAgo: 3000,
            recordedDaysAgo: 3000,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-dt2-a-confirmer-code-e11', 8.7, STANDARD_EVIDENCE),
});

const t2dQuestionMark = record({
  id: 'rw-fr-dt2-point-interrogation',
  title: 'The only diabetes entry is free text "DT2 ?" under a local code: type 2 unknown, no card',
  rule: 'diabetes type named in hedged words',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Yvette'], family: 'Question-Exemple', gender: 'female', age: 63, daysSinceBirthday: 20 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable([coding('local', 'PB-0113')], 'DT2 ?'),
            onsetDaysAgo: 2000,
            recordedDaysAgo: 2000,
          }),
        ],
      },
    ),
  pump: null,
});

// French and US counterparts of the rules above, so that each holds in both encodings.

const grossesseTerminee = record({
  id: 'rw-fr-grossesse-terminee',
  title: 'DT2 sous basal-bolus, grossesse Z34.9 close (accouchement il y a 20 mois): grossesse passée, carte',
  rule: 'pregnancy on file',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Clémence'], family: 'Post-Partum-Exemple', gender: 'female', age: 37, daysSinceBirthday: 130 },
      {
        extra: [
          dx(ctx, 'grossesse', {
            code: codeable(
              [coding('cim10Smt', 'Z34.9', "Surveillance d'une grossesse normale, sans précision")],
              'Grossesse (accouchement voie basse)',
            ),
            onsetDaysAgo: 870,
            recordedDaysAgo: 860,
            clinicalStatus: 'resolved',
            abatementDaysAgo: 600,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-grossesse-terminee', 8.7, STANDARD_EVIDENCE),
});

const enceinteSansDate = record({
  id: 'rw-fr-enceinte-code-local-sans-date',
  title:
    'Un code local "Enceinte (test urinaire positif)" sans date de début ni de saisie: grossesse inconnue, pas de carte',
  rule: 'pregnancy on file',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Maëlle'], family: 'Test-Exemple', gender: 'female', age: 31, daysSinceBirthday: 200 },
      {
        extra: [
          dx(ctx, 'grossesse', { code: codeable([coding('local', 'OBS-021')], 'Enceinte (test urinaire positif)') }),
        ],
      },
    ),
  pump: null,
});

const pancreatitisDiabetes = record({
  id: 'rw-us-diabetes-due-to-pancreatitis',
  title: 'E11.9 on the problem list and E08.9 "Diabetes due to chronic pancreatitis" active beside it: no card',
  rule: 'diabetes of another type',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Wayne'], family: 'Example-Pancreatitis', gender: 'male', age: 59, daysSinceBirthday: 40 },
      {
        extra: [
          dx(ctx, 'e08', {
            code: codeable(
              [coding('icd10cm', 'E08.9', 'Diabetes mellitus due to underlying condition without complications')],
              'Diabetes due to chronic pancreatitis (alcohol)',
            ),
            onsetDaysAgo: 1200,
            recordedDaysAgo: 1100,
          }),
        ],
      },
    ),
  pump: null,
});

const corticoInduitResolu = record({
  id: 'rw-fr-diabete-cortico-induit-resolu',
  title: 'E13.9 "Diabète cortico-induit (2013)" clos des années avant le DT2 (E11.9): la carte s’affiche',
  rule: 'diabetes of another type',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Roland'], family: 'Cortico-Exemple', gender: 'male', age: 66, daysSinceBirthday: 260 },
      {
        extra: [
          dx(ctx, 'e13', {
            code: codeable(
              [coding('cim10Smt', 'E13.9', 'Autres diabètes sucrés précisés, sans complication')],
              'Diabète cortico-induit (2013)',
            ),
            onsetDaysAgo: 4700,
            recordedDaysAgo: 4700,
            clinicalStatus: 'resolved',
            abatementDaysAgo: 4500,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-diabete-cortico-induit-resolu', 8.7, STANDARD_EVIDENCE),
});

const cfrdProvisional = record({
  id: 'rw-us-cfrd-provisional-beside-e11',
  title: 'E11.9 and a provisional "Cystic fibrosis-related diabetes" (SNOMED 426705001): the type is unknown, no card',
  rule: 'diabetes of another type',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Tyler'], family: 'Example-Cf', gender: 'male', age: 41, daysSinceBirthday: 300 },
      {
        extra: [
          dx(ctx, 'cfrd', {
            code: codeable(
              [coding('snomed', '426705001', 'Diabetes mellitus co-occurrent and due to cystic fibrosis')],
              'CFRD?',
            ),
            onsetDaysAgo: 400,
            recordedDaysAgo: 400,
            verificationStatus: 'provisional',
          }),
        ],
      },
    ),
  pump: null,
});

const prediabeteRisque = record({
  id: 'rw-fr-prediabete-risque-dt2',
  title: 'R73.0 "Prédiabète, risque de DT2" sans code de diabète: pas de diabète de type 2, pas de carte',
  rule: 'diabetes type named in hedged words',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Bernard'], family: 'Prédiabète-Exemple', gender: 'male', age: 57, daysSinceBirthday: 75 },
      {
        t2d: [
          dx(ctx, 'prediabete', {
            code: codeable(
              [coding('cim10Smt', 'R73.0', 'Anomalies de l’épreuve de tolérance au glucose')],
              'Prédiabète, risque de diabète de type 2',
            ),
            onsetDaysAgo: 800,
            recordedDaysAgo: 800,
          }),
        ],
      },
    ),
  pump: null,
});

const t2dWordsCardiovascularRisk = record({
  id: 'rw-us-t2d-words-high-cv-risk',
  title: 'A local problem "Type 2 diabetes mellitus; high cardiovascular risk": the risk names no diabetes, card fires',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Douglas'], family: 'Example-Risk', gender: 'male', age: 62, daysSinceBirthday: 15 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable([coding('local', 'PL-2210')], 'Type 2 diabetes mellitus; high cardiovascular risk'),
            onsetDaysAgo: 3200,
            recordedDaysAgo: 3200,
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-t2d-words-high-cv-risk', 9.1, STANDARD_EVIDENCE),
});

const t2dVsMody = record({
  id: 'rw-us-t2d-vs-mody-pending',
  title: 'The only diabetes entry is a local "Type 2 diabetes vs MODY, genetic testing pending": unknown, no card',
  rule: 'diabetes type named in hedged words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Kelsey'], family: 'Example-Genetics', gender: 'female', age: 29, daysSinceBirthday: 180 },
      {
        t2d: [
          dx(ctx, 't2d', {
            code: codeable([coding('local', 'PL-2211')], 'Type 2 diabetes vs MODY, genetic testing pending'),
            onsetDaysAgo: 700,
            recordedDaysAgo: 700,
          }),
        ],
      },
    ),
  pump: null,
});

export const PUMP_PATIENT_RECORDS: readonly FixturePatient[] = [
  mergeSurvivor,
  deceasedDateTime,
  inactiveMerged,
  deceasedBoolean,
  deceasedUnreadable,
  ladaRefuted,
  ladaBesideT2d,
  ladaFrenchLabel,
  ladaNoStatus,
  atihE1190,
  smtNoDot,
  pmsiType1,
  localDxNoText,
  localDxWithText,
  t1KetoacidosisCode,
  t2KetoacidosisCode,
  complicationLocalCode,
  pregnantNow,
  grossesseEnCours,
  pregnancyLeftOpen,
  pregnancyUndated,
  afterPancreatectomy,
  steroidInducedResolved,
  modyCodedE11,
  prediabetesRisk,
  t2dToConfirmCoded,
  t2dQuestionMark,
  grossesseTerminee,
  enceinteSansDate,
  pancreatitisDiabetes,
  corticoInduitResolu,
  cfrdProvisional,
  prediabeteRisque,
  t2dWordsCardiovascularRisk,
  t2dVsMody,
];
