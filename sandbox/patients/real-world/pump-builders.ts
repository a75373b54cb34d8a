import type {
  CodeableConcept,
  Condition,
  Device,
  DeviceRequest,
  DeviceUseStatement,
  DiagnosticReport,
  Dosage,
  FhirResource,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Quantity,
  Reference,
  Timing,
} from 'fhir/r4.js';
import {
  birthDateForAge,
  condition,
  dayBefore,
  fixtureContext,
  type ConditionOptions,
  type FixtureContext,
  type MedicationChoice,
} from '../builders.js';
import type { ExpectedPumpCard, FixturePatient } from '../fixture.js';
import { codeable, coding, frenchDrug } from './coding-styles.js';

/*
 * Shared pieces of the real-world pump-card records: French and US patients, problem lists,
 * orders and statements, laboratory results and devices as hospital EHRs write them. Every
 * resource id is `<patientId>-<suffix>` and every date counts back from the fixture's `today`.
 * Names and identifiers are fictitious; CIP13 codes are illustrative (no value set lists CIP13
 * codes, so the service never reads them: French drugs are classified by ATC, then by name).
 */

/** How a record is written. */
export type Style = 'fr' | 'us';

/** The rules of docs/clinical-rules.md the pump-card records exercise. */
export type PumpRule =
  | 'deceased or inactive patient'
  | 'LADA counts as type 1'
  | 'pregnancy on file'
  | 'pump ordered'
  | 'NPH shares a syringe with a bolus'
  | 'diabetes of another type'
  | 'diabetes type named in hedged words'
  | 'diabetes type in an unknown code system'
  | 'type 1 known only by a complication code'
  | 'premixed insulin'
  | 'duplicate records of one drug'
  | 'ended statements and orders'
  | 'sliding scale without the flag'
  | 'regular human insulin'
  | 'MDI run-in'
  | 'French names and accents'
  | 'free-text dosing'
  | 'held or planned insulin'
  | 'pump recorded elsewhere'
  | 'laboratory status and text values'
  | 'HbA1c named by its code, not its words'
  | 'same-time results that disagree'
  | 'insulin code and name that disagree'
  | 'diabetes named in remission'
  | 'palliative care';

const UCUM = 'http://unitsofmeasure.org';
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------------------------

/** The day of the month of the n-th (1-based; 0 = last) Sunday of a month. */
function sunday(year: number, month: number, n: number): number {
  if (n === 0) {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return last.getUTCDate() - last.getUTCDay();
  }
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + (n - 1) * 7;
}

/** Whether a calendar day lies in [start, end) of a year, both given as (month, day). */
function between(day: string, start: [number, number], end: [number, number]): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  return t >= Date.UTC(y, start[0], start[1]) && t < Date.UTC(y, end[0], end[1]);
}

/** Paris: UTC+02:00 from the last Sunday of March to the last Sunday of October, else UTC+01:00. */
export function parisOffset(day: string): string {
  const y = Number(day.slice(0, 4));
  return between(day, [2, sunday(y, 2, 0)], [9, sunday(y, 9, 0)]) ? '+02:00' : '+01:00';
}

/** US Eastern: UTC-04:00 from the second Sunday of March to the first Sunday of November, else UTC-05:00. */
export function easternOffset(day: string): string {
  const y = Number(day.slice(0, 4));
  return between(day, [2, sunday(y, 2, 2)], [10, sunday(y, 10, 1)]) ? '-04:00' : '-05:00';
}

/** A local dateTime `daysAgo` days before today, with the Paris or US Eastern offset of that day. */
export function at(ctx: FixtureContext, style: Style, daysAgo: number, time?: string): string {
  const day = dayBefore(ctx, daysAgo);
  const clock = time ?? (style === 'fr' ? '08:40:00' : '09:15:00');
  return `${day}T${clock}${style === 'fr' ? parisOffset(day) : easternOffset(day)}`;
}

/** `YYYY-MM-DD`, `daysAgo` days before today (negative: in the future). */
export function day(ctx: FixtureContext, daysAgo: number): string {
  return new Date(ctx.today.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

function rid(ctx: FixtureContext, suffix: string): string {
  return `${ctx.patientId}-${suffix}`;
}

function subject(ctx: FixtureContext): Reference {
  return { reference: `Patient/${ctx.patientId}` };
}

// ---------------------------------------------------------------------------------------------
// Patients
// ---------------------------------------------------------------------------------------------

/** Who the patient is (fictitious). */
export interface Person {
  readonly given: string[];
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly age: number;
  readonly daysSinceBirthday: number;
}

/** A Patient as a French hospital (IPP, Paris address, French) or a US health system (MRN) writes it. */
export function rwPatient(ctx: FixtureContext, style: Style, p: Person, extra: Partial<Patient> = {}): Patient {
  const fr = style === 'fr';
  return {
    resourceType: 'Patient',
    id: ctx.patientId,
    meta: { lastUpdated: at(ctx, style, 3, '17:02:11') },
    identifier: [
      fr
        ? {
            use: 'usual',
            type: codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PI' }], 'IPP'),
            system: 'http://chu-exemple.fr/fhir/sid/ipp',
            value: `IPP-${ctx.patientId}`,
          }
        : {
            use: 'usual',
            type: codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }], 'MRN'),
            system: 'http://hospital.example.org/fhir/sid/mrn',
            value: `MRN-${ctx.patientId}`,
          },
    ],
    active: true,
    name: [{ use: 'official', family: fr ? p.family.toUpperCase() : p.family, given: p.given }],
    gender: p.gender,
    birthDate: birthDateForAge(ctx, p.age, p.daysSinceBirthday),
    address: [
      fr
        ? { use: 'home', line: ["12 rue de l'Exemple"], city: 'Paris', postalCode: '75013', country: 'FRA' }
        : {
            use: 'home',
            line: ['100 Example Street'],
            city: 'Columbus',
            state: 'OH',
            postalCode: '43210',
            country: 'US',
          },
    ],
    communication: [
      {
        language: codeable([{ system: 'urn:ietf:bcp:47', code: fr ? 'fr-FR' : 'en-US' }]),
        preferred: true,
      },
    ],
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

/** Problems as French records code them: CIM-10 on the national terminology server's URI. */
export const FR_DX = {
  t2d: codeable([coding('cim10Smt', 'E11.9', 'Diabète sucré de type 2, sans complication')], 'Diabète de type 2'),
  t2dEyes: codeable(
    [coding('cim10Smt', 'E11.3', 'Diabète sucré de type 2, avec complications oculaires')],
    'Diabète de type 2 avec rétinopathie',
  ),
  t1d: codeable([coding('cim10Smt', 'E10.9', 'Diabète sucré de type 1, sans complication')], 'Diabète de type 1'),
  hta: codeable([coding('cim10Smt', 'I10', 'Hypertension essentielle (primitive)')], 'HTA'),
  dyslipidemie: codeable([coding('cim10Smt', 'E78.5', 'Hyperlipidémie, sans précision')], 'Dyslipidémie'),
  obesite: codeable([coding('cim10Smt', 'E66.9', 'Obésité, sans précision')], 'Obésité'),
  gonarthrose: codeable([coding('cim10Smt', 'M17.9', 'Gonarthrose, sans précision')], 'Gonarthrose'),
  apnees: codeable([coding('cim10Smt', 'G47.3', 'Apnées du sommeil')], 'SAOS appareillé'),
  pneumopathie: codeable([coding('cim10Smt', 'J18.9', 'Pneumopathie, sans précision')], 'Pneumopathie communautaire'),
  fracturePoignet: codeable(
    [coding('cim10Smt', 'S52.5', "Fracture de l'extrémité inférieure du radius")],
    'Fracture du poignet droit',
  ),
} satisfies Record<string, CodeableConcept>;

/** Problems as US records code them: SNOMED CT with ICD-10-CM beside it. */
export const US_DX = {
  t2d: codeable(
    [
      coding('snomed', '44054006', 'Diabetes mellitus type 2'),
      coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia'),
    ],
    'Type 2 diabetes mellitus with hyperglycemia',
  ),
  t2dNeuropathy: codeable(
    [
      coding('snomed', '368581000119106', 'Neuropathy due to type 2 diabetes mellitus'),
      coding('icd10cm', 'E11.40', 'Type 2 diabetes mellitus with diabetic neuropathy, unspecified'),
    ],
    'Type 2 diabetes mellitus with diabetic neuropathy',
  ),
  t2dPlain: codeable(
    [coding('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications')],
    'Type 2 diabetes mellitus without complications',
  ),
  htn: codeable(
    [
      coding('snomed', '38341003', 'Hypertensive disorder, systemic arterial'),
      coding('icd10cm', 'I10', 'Essential (primary) hypertension'),
    ],
    'Essential hypertension',
  ),
  hld: codeable(
    [coding('snomed', '55822004', 'Hyperlipidemia'), coding('icd10cm', 'E78.5', 'Hyperlipidemia, unspecified')],
    'Hyperlipidemia',
  ),
  osa: codeable(
    [coding('snomed', '78275009', 'Obstructive sleep apnea syndrome'), coding('icd10cm', 'G47.33')],
    'Obstructive sleep apnea',
  ),
  gerd: codeable(
    [
      coding('snomed', '235595009', 'Gastroesophageal reflux disease'),
      coding('icd10cm', 'K21.9', 'Gastro-esophageal reflux disease without esophagitis'),
    ],
    'GERD',
  ),
  bronchitis: codeable(
    [coding('snomed', '10509002', 'Acute bronchitis'), coding('icd10cm', 'J20.9', 'Acute bronchitis, unspecified')],
    'Acute bronchitis',
  ),
  cellulitis: codeable(
    [coding('snomed', '128045006', 'Cellulitis'), coding('icd10cm', 'L03.116', 'Cellulitis of left lower limb')],
    'Cellulitis of left lower leg',
  ),
} satisfies Record<string, CodeableConcept>;

/** A problem-list entry (builders.condition), active and confirmed unless told. */
export function dx(ctx: FixtureContext, suffix: string, o: ConditionOptions): Condition {
  return condition(ctx, suffix, o);
}

// ---------------------------------------------------------------------------------------------
// Drugs
// ---------------------------------------------------------------------------------------------

/** French products: CIP13 presentation code, ATC, and the name as the BDPM writes it (CIP13 illustrative). */
export const FR_RX = {
  lantus: frenchDrug(
    '3400936342736',
    'A10AE04',
    'LANTUS 100 unités/ml, solution injectable en stylo prérempli SoloStar',
  ),
  toujeo: frenchDrug('3400930042625', 'A10AE04', 'TOUJEO 300 unités/ml, solution injectable en stylo prérempli'),
  tresiba: frenchDrug(
    '3400927777561',
    'A10AE06',
    'TRESIBA 100 unités/ml, solution injectable en stylo prérempli FlexTouch',
  ),
  insulatard: frenchDrug(
    '3400936108530',
    'A10AC01',
    'INSULATARD FlexPen 100 UI/ml, suspension injectable en stylo prérempli',
  ),
  insulatardFlacon: frenchDrug('3400933296810', 'A10AC01', 'INSULATARD 100 UI/ml, suspension injectable en flacon'),
  novorapid: frenchDrug(
    '3400935981110',
    'A10AB05',
    'NOVORAPID FlexPen 100 unités/ml, solution injectable en stylo prérempli',
  ),
  fiasp: frenchDrug(
    '3400930118931',
    'A10AB05',
    'FIASP 100 unités/ml, solution injectable en stylo prérempli FlexTouch',
  ),
  humalog: frenchDrug('3400935555540', 'A10AB04', 'HUMALOG 100 unités/ml, solution injectable en stylo KwikPen'),
  apidra: frenchDrug(
    '3400936957480',
    'A10AB06',
    'APIDRA 100 unités/ml, solution injectable en stylo prérempli SoloStar',
  ),
  actrapid: frenchDrug('3400933296919', 'A10AB01', 'ACTRAPID 100 UI/ml, solution injectable en flacon'),
  novomix30: frenchDrug(
    '3400935648716',
    'A10AD05',
    'NOVOMIX 30 FlexPen 100 U/ml, suspension injectable en stylo prérempli',
  ),
  ryzodeg: frenchDrug(
    '3400927990021',
    'A10AD06',
    'RYZODEG 100 unités/ml, solution injectable en stylo prérempli FlexTouch',
  ),
  metformine: frenchDrug('3400936185227', 'A10BA02', 'METFORMINE BIOGARAN 1000 mg, comprimé pelliculé sécable'),
  atorvastatine: frenchDrug('3400939438276', 'C10AA05', 'ATORVASTATINE ARROW 20 mg, comprimé pelliculé'),
  ramipril: frenchDrug('3400937748018', 'C09AA05', 'RAMIPRIL ZENTIVA 5 mg, comprimé sécable'),
  amlodipine: frenchDrug('3400936331525', 'C08CA01', 'AMLODIPINE TEVA 5 mg, gélule'),
  kardegic: frenchDrug('3400933484415', 'B01AC06', 'KARDEGIC 75 mg, poudre pour solution buvable en sachet'),
} satisfies Record<string, CodeableConcept>;

/** A French product known only by its CIP13 code and its French name (no ATC coding). */
export function frenchNameOnly(cip13: string, name: string): CodeableConcept {
  return frenchDrug(cip13, undefined, name);
}

/** US products: RxNorm SCD/SBD codes as order entry sends them (codes from rules/valuesets). */
export const US_RX = {
  lantusSoloStar: codeable(
    [coding('rxnorm', '847232', '3 ML insulin glargine 100 UNT/ML Pen Injector [Lantus]')],
    'Lantus SoloStar 100 unit/mL (3 mL) pen',
  ),
  toujeoMax: codeable(
    [coding('rxnorm', '2002420', '3 ML insulin glargine 300 UNT/ML Pen Injector [Toujeo]')],
    'Toujeo Max SoloStar 300 unit/mL pen',
  ),
  semglee: codeable(
    [coding('rxnorm', '2563971', '3 ML insulin glargine-yfgn 100 UNT/ML Pen Injector')],
    'insulin glargine-yfgn (Semglee) 100 unit/mL pen',
  ),
  degludec: codeable(
    [coding('rxnorm', '1670011', '3 ML insulin degludec 100 UNT/ML Pen Injector')],
    'Tresiba FlexTouch U-100',
  ),
  humulinNKwikPen: codeable(
    [coding('rxnorm', '1654862', '3 ML insulin isophane, human 100 UNT/ML Pen Injector')],
    'Humulin N KwikPen',
  ),
  /** A vial, which a syringe can draw from (RxNorm 311026, listed on the Humulin N label). */
  humulinNVial: codeable([coding('rxnorm', '311026')], 'Humulin N U-100 10 mL vial'),
  humalogKwikPen: codeable(
    [coding('rxnorm', '1652640', '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]')],
    'Humalog KwikPen 100 unit/mL',
  ),
  novologFlexPen: codeable(
    [coding('rxnorm', '1653204', '3 ML insulin aspart, human 100 UNT/ML Pen Injector [NovoLog]')],
    'NovoLog FlexPen 100 unit/mL',
  ),
  aspartPen: codeable(
    [coding('rxnorm', '1653202', '3 ML insulin aspart, human 100 UNT/ML Pen Injector')],
    'insulin aspart 100 unit/mL pen',
  ),
  humulinRVial: codeable(
    [coding('rxnorm', '311036', 'insulin, regular, human 100 UNT/ML Injectable Solution [Humulin R]')],
    'Humulin R U-100 10 mL vial',
  ),
  humulin7030KwikPen: codeable(
    [
      coding(
        'rxnorm',
        '847187',
        '3 ML insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Pen Injector',
      ),
    ],
    'Humulin 70/30 KwikPen',
  ),
  metformin: codeable(
    [coding('rxnorm', '861010', 'metformin hydrochloride 850 MG Oral Tablet')],
    'metFORMIN 850 mg tablet',
  ),
  atorvastatin: codeable([coding('rxnorm', '259255', 'atorvastatin 80 MG Oral Tablet')], 'atorvastatin 80 mg tablet'),
  lisinopril: codeable([coding('rxnorm', '314076', 'lisinopril 10 MG Oral Tablet')], 'lisinopril 10 mg tablet'),
  amlodipine: codeable([coding('rxnorm', '197361', 'amlodipine 5 MG Oral Tablet')], 'amlodipine 5 mg tablet'),
  aspirin: codeable([coding('rxnorm', '243670', 'aspirin 81 MG Oral Tablet')], 'aspirin 81 mg EC tablet'),
} satisfies Record<string, CodeableConcept>;

const ROUTE = {
  fr: codeable([coding('edqm', '20066000', 'Voie sous-cutanée')], 'SC'),
  us: codeable([coding('snomed', '34206005', 'Subcutaneous route')], 'Subcutaneous'),
  frOral: codeable([coding('edqm', '20053000', 'Voie orale')], 'Orale'),
  usOral: codeable([coding('snomed', '26643006', 'Oral route')], 'Oral'),
};

/** Insulin units as each side writes them (UCUM [iU]). */
export function insulinUnits(style: Style, value: number): Quantity {
  return { value, unit: style === 'fr' ? 'UI' : 'units', system: UCUM, code: '[iU]' };
}

type When = NonNullable<NonNullable<Timing['repeat']>['when']>;

/** Dosage lines as French e-prescriptions write them. */
export const frDose = {
  /** One dose at each of the given moments (EventTiming), every day. */
  at(units: number, when: When, text: string): Dosage {
    return {
      text,
      timing: { repeat: { frequency: when.length, period: 1, periodUnit: 'd', when } },
      route: ROUTE.fr,
      doseAndRate: [{ doseQuantity: insulinUnits('fr', units) }],
    };
  },
  /** One line per meal (ACM, ACD, ACV), each with its own dose. */
  meals(breakfast: number, lunch: number, dinner: number): Dosage[] {
    return [
      frDose.at(breakfast, ['ACM'], `${breakfast} UI avant le petit-déjeuner`),
      frDose.at(lunch, ['ACD'], `${lunch} UI avant le déjeuner`),
      frDose.at(dinner, ['ACV'], `${dinner} UI avant le dîner`),
    ];
  },
  /** Free text only, as typed in the prescription's comment field: no timing. */
  text(text: string, units?: number): Dosage {
    return {
      text,
      route: ROUTE.fr,
      ...(units !== undefined ? { doseAndRate: [{ doseQuantity: insulinUnits('fr', units) }] } : {}),
    };
  },
  /** Tablets `perDay` times a day. */
  tablets(text: string, perDay: number): Dosage {
    return {
      text,
      timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
      route: ROUTE.frOral,
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'comprimé', system: UCUM, code: '{tbl}' } }],
    };
  },
};

/** Sigs as US order entry writes them. */
export const usDose = {
  /** A timing abbreviation (QD, BID, TID...). */
  code(units: number, abbreviation: string, text: string): Dosage {
    return {
      text,
      timing: {
        code: codeable(
          [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation',
              code: abbreviation,
              display: abbreviation,
            },
          ],
          abbreviation,
        ),
      },
      route: ROUTE.us,
      doseAndRate: [{ doseQuantity: insulinUnits('us', units) }],
    };
  },
  /** `frequency` times a day (timing.repeat). */
  daily(units: number, frequency: number, text: string): Dosage {
    return {
      text,
      timing: { repeat: { frequency, period: 1, periodUnit: 'd' } },
      route: ROUTE.us,
      doseAndRate: [{ doseQuantity: insulinUnits('us', units) }],
    };
  },
  /** At the given moments (EventTiming). */
  when(units: number, when: When, text: string): Dosage {
    return {
      text,
      timing: { repeat: { when } },
      route: ROUTE.us,
      doseAndRate: [{ doseQuantity: insulinUnits('us', units) }],
    };
  },
  /** The sig only, no structured timing. */
  sig(text: string, units?: number): Dosage {
    return {
      text,
      route: ROUTE.us,
      ...(units !== undefined ? { doseAndRate: [{ doseQuantity: insulinUnits('us', units) }] } : {}),
    };
  },
  /** Tablets `perDay` times a day. */
  tablets(text: string, perDay: number): Dosage {
    return {
      text,
      timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
      route: ROUTE.usOral,
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet', system: UCUM, code: '{tbl}' } }],
    };
  },
};

function withMedication<T extends MedicationRequest | MedicationStatement>(resource: T, m: MedicationChoice): T {
  if ('concept' in m) return { ...resource, medicationCodeableConcept: m.concept };
  const ref: Reference =
    m.display === undefined ? { reference: m.reference } : { reference: m.reference, display: m.display };
  return { ...resource, ...(m.contained ? { contained: [m.contained] } : {}), medicationReference: ref };
}

/** A drug given inline. */
export function drug(concept: CodeableConcept): MedicationChoice {
  return { concept };
}

/** A stand-alone Medication resource (referenced as `Medication/<id>`). */
export function medicationResource(ctx: FixtureContext, suffix: string, code: CodeableConcept): Medication {
  return { resourceType: 'Medication', id: rid(ctx, suffix), status: 'active', code };
}

/** Options of an order. */
export interface OrderOptions {
  readonly med: MedicationChoice;
  /** Days before today the order was signed; null leaves authoredOn out. */
  readonly authoredDaysAgo: number | null;
  readonly dosage: Dosage[];
  readonly status?: MedicationRequest['status'];
  readonly intent?: MedicationRequest['intent'];
  /** dispenseRequest.validityPeriod in days before today (negative: in the future). */
  readonly validity?: { readonly startDaysAgo: number; readonly endDaysAgo: number };
  readonly note?: string;
}

/** A MedicationRequest as French (ordonnance, prescripteur) or US (outpatient order) systems write it. */
export function order(ctx: FixtureContext, style: Style, suffix: string, o: OrderOptions): MedicationRequest {
  const fr = style === 'fr';
  const base: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: rid(ctx, suffix),
    identifier: [
      {
        system: fr ? 'http://chu-exemple.fr/fhir/sid/ordonnance' : 'http://hospital.example.org/fhir/sid/order',
        value: `${fr ? 'ORD' : 'ORD-US'}-${rid(ctx, suffix)}`,
      },
    ],
    status: o.status ?? 'active',
    intent: o.intent ?? 'order',
    category: [
      codeable([
        {
          system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
          code: fr ? 'community' : 'outpatient',
        },
      ]),
    ],
    subject: subject(ctx),
    ...(o.authoredDaysAgo === null ? {} : { authoredOn: at(ctx, style, o.authoredDaysAgo, '11:20:00') }),
    requester: { display: fr ? 'Dr Claire EXEMPLE (diabétologie)' : 'Jordan Example, MD' },
    courseOfTherapyType: codeable([
      { system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy', code: 'continuous' },
    ]),
    dosageInstruction: o.dosage,
    ...(o.note ? { note: [{ text: o.note }] } : {}),
    ...(o.validity
      ? {
          dispenseRequest: {
            validityPeriod: { start: day(ctx, o.validity.startDaysAgo), end: day(ctx, o.validity.endDaysAgo) },
            ...(fr ? {} : { numberOfRepeatsAllowed: 5 }),
          },
        }
      : {}),
  };
  return withMedication(base, o.med);
}

/** Options of a statement (reconciled or patient-reported use). */
export interface StatementOptions {
  readonly med: MedicationChoice;
  readonly dosage: Dosage[];
  readonly status?: MedicationStatement['status'];
  /** effectivePeriod.start in days before today. */
  readonly startDaysAgo?: number;
  /** effectivePeriod.end in days before today. */
  readonly endDaysAgo?: number;
  /** effectivePeriod.start as a local dateTime rather than a date. */
  readonly startAsDateTime?: boolean;
  /** effectiveDateTime (a single instant) in days before today. */
  readonly effectiveDaysAgo?: number;
  /** dateAsserted in days before today; omitted when undefined. */
  readonly assertedDaysAgo?: number;
  readonly note?: string;
}

/** A MedicationStatement as a medication reconciliation writes it. */
export function statement(ctx: FixtureContext, style: Style, suffix: string, o: StatementOptions): MedicationStatement {
  const period =
    o.startDaysAgo === undefined && o.endDaysAgo === undefined
      ? undefined
      : {
          ...(o.startDaysAgo !== undefined
            ? { start: o.startAsDateTime ? at(ctx, style, o.startDaysAgo) : day(ctx, o.startDaysAgo) }
            : {}),
          ...(o.endDaysAgo !== undefined ? { end: day(ctx, o.endDaysAgo) } : {}),
        };
  const base: MedicationStatement = {
    resourceType: 'MedicationStatement',
    id: rid(ctx, suffix),
    status: o.status ?? 'active',
    category: codeable([
      {
        system: 'http://terminology.hl7.org/CodeSystem/medication-statement-category',
        code: style === 'fr' ? 'community' : 'patientspecified',
      },
    ]),
    subject: subject(ctx),
    ...(period ? { effectivePeriod: period } : {}),
    ...(o.effectiveDaysAgo !== undefined ? { effectiveDateTime: day(ctx, o.effectiveDaysAgo) } : {}),
    ...(o.assertedDaysAgo !== undefined ? { dateAsserted: day(ctx, o.assertedDaysAgo) } : {}),
    informationSource: { display: style === 'fr' ? 'Conciliation médicamenteuse (pharmacie)' : 'Patient' },
    dosage: o.dosage,
    ...(o.note ? { note: [{ text: o.note }] } : {}),
  };
  return withMedication(base, o.med);
}

/** A NovoRapid order of a French record dosed only by free text, written `daysAgo` ago. */
export function novorapidSaying(ctx: FixtureContext, text: string, daysAgo = 500): MedicationRequest[] {
  return [
    order(ctx, 'fr', 'rapid', { med: drug(FR_RX.novorapid), authoredDaysAgo: daysAgo, dosage: [frDose.text(text)] }),
  ];
}

/** A Humalog order of a US record dosed only by its sig, written `daysAgo` ago. */
export function humalogSaying(ctx: FixtureContext, sig: string, daysAgo = 450): MedicationRequest[] {
  return [
    order(ctx, 'us', 'rapid', { med: drug(US_RX.humalogKwikPen), authoredDaysAgo: daysAgo, dosage: [usDose.sig(sig)] }),
  ];
}

/** A Humalog order of a US record, `units` before breakfast, lunch and dinner with its sig, written 450 days ago. */
export function humalogAtMeals(ctx: FixtureContext, units: number, sig: string): MedicationRequest[] {
  return [
    order(ctx, 'us', 'rapid', {
      med: drug(US_RX.humalogKwikPen),
      authoredDaysAgo: 450,
      dosage: [usDose.when(units, ['ACM', 'ACD', 'ACV'], sig)],
    }),
  ];
}

/** The default US record's Humalog order, 12 units three times a day, written `daysAgo` ago. */
export function humalogTid(ctx: FixtureContext, daysAgo = 450, note?: string): MedicationRequest {
  return order(ctx, 'us', 'rapid', {
    med: drug(US_RX.humalogKwikPen),
    authoredDaysAgo: daysAgo,
    dosage: [usDose.daily(12, 3, 'Inject 12 units under the skin 3 times daily before meals')],
    ...(note !== undefined ? { note } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Laboratory
// ---------------------------------------------------------------------------------------------

const LAB_CATEGORY = codeable([
  { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' },
]);

const HBA1C_LOINC = {
  '4548-4': {
    fr: 'Hémoglobine A1c/hémoglobine totale [Fraction massique] Sang ; Numérique',
    us: 'Hemoglobin A1c/Hemoglobin.total in Blood',
  },
  '17856-6': {
    fr: 'Hémoglobine A1c/hémoglobine totale [Fraction massique] Sang ; Numérique ; CLHP',
    us: 'Hemoglobin A1c/Hemoglobin.total in Blood by HPLC',
  },
  '59261-8': {
    fr: 'Hémoglobine A1c/hémoglobine totale [Fraction molaire] Sang ; Numérique ; IFCC',
    us: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol',
  },
} as const;

/** Options of an HbA1c result. */
export interface Hba1cOptions {
  readonly daysAgo: number;
  /** valueQuantity in % (or mmol/mol with the IFCC LOINC). */
  readonly value?: number;
  /** valueString instead of valueQuantity, as some lab interfaces send it. */
  readonly valueString?: string;
  readonly loinc?: keyof typeof HBA1C_LOINC;
  readonly status?: Observation['status'];
  /** Local time of the sample (default 08:40 in France, 09:15 in the US). */
  readonly time?: string;
  readonly note?: string;
}

/** An HbA1c Observation: LOINC plus the lab's local code in France; reference range and flag in the US. */
export function hba1cResult(ctx: FixtureContext, style: Style, suffix: string, o: Hba1cOptions): Observation {
  const loinc = o.loinc ?? '4548-4';
  const ifcc = loinc === '59261-8';
  const unit = ifcc ? 'mmol/mol' : '%';
  const fr = style === 'fr';
  const codings = [
    coding('loinc', loinc, HBA1C_LOINC[loinc][style]),
    ...(fr ? [coding('local', ifcc ? 'HBA1C-IFCC' : 'HBA1C', ifcc ? 'HbA1c (IFCC)' : 'HbA1c')] : []),
  ];
  const effective = at(ctx, style, o.daysAgo, o.time);
  const obs: Observation = {
    resourceType: 'Observation',
    id: rid(ctx, suffix),
    status: o.status ?? 'final',
    category: [LAB_CATEGORY],
    code: codeable(codings, fr ? 'Hémoglobine glyquée (HbA1c)' : 'Hemoglobin A1C'),
    subject: subject(ctx),
    effectiveDateTime: effective,
    issued: `${effective.slice(0, 10)}T16:05:00${effective.slice(19)}`,
    performer: [{ display: fr ? 'Laboratoire de biochimie, CHU Exemple' : 'Example Health Lab' }],
    referenceRange: [
      {
        ...(ifcc
          ? { low: { value: 20, unit, system: UCUM, code: unit }, high: { value: 42, unit, system: UCUM, code: unit } }
          : {
              low: { value: 4, unit, system: UCUM, code: unit },
              high: { value: fr ? 6 : 5.6, unit, system: UCUM, code: unit },
            }),
      },
    ],
    ...(o.note ? { note: [{ text: o.note }] } : {}),
  };
  if (o.valueString !== undefined) obs.valueString = o.valueString;
  else if (o.value !== undefined) obs.valueQuantity = { value: o.value, unit, system: UCUM, code: unit };
  return obs;
}

/** Options of another laboratory result (noise). */
export interface LabOptions {
  readonly loinc: string;
  readonly display: string;
  readonly text: string;
  readonly value: number;
  readonly unit: string;
  readonly ucum?: string;
  readonly daysAgo: number;
}

/** Any other laboratory result. */
export function labResult(ctx: FixtureContext, style: Style, suffix: string, o: LabOptions): Observation {
  const effective = at(ctx, style, o.daysAgo);
  return {
    resourceType: 'Observation',
    id: rid(ctx, suffix),
    status: 'final',
    category: [LAB_CATEGORY],
    code: codeable([coding('loinc', o.loinc, o.display)], o.text),
    subject: subject(ctx),
    effectiveDateTime: effective,
    issued: `${effective.slice(0, 10)}T16:05:00${effective.slice(19)}`,
    valueQuantity: { value: o.value, unit: o.unit, system: UCUM, code: o.ucum ?? o.unit },
  };
}

/** A laboratory DiagnosticReport carrying its results as contained Observations (`result: #id`). */
export function labReport(
  ctx: FixtureContext,
  style: Style,
  suffix: string,
  o: { daysAgo: number; code: CodeableConcept; contained: Observation[]; conclusion?: string },
): DiagnosticReport {
  const effective = at(ctx, style, o.daysAgo);
  return {
    resourceType: 'DiagnosticReport',
    id: rid(ctx, suffix),
    contained: o.contained,
    status: 'final',
    category: [
      codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }]),
    ],
    code: o.code,
    subject: subject(ctx),
    effectiveDateTime: effective,
    issued: `${effective.slice(0, 10)}T17:30:00${effective.slice(19)}`,
    result: o.contained.map((c) => ({ reference: `#${c.id ?? ''}` })),
    ...(o.conclusion ? { conclusion: o.conclusion } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Devices and procedures
// ---------------------------------------------------------------------------------------------

/** A Device of the patient: a type (coded or not) and/or a name. */
export function rwDevice(
  ctx: FixtureContext,
  suffix: string,
  o: { status: Device['status']; name?: string; type?: CodeableConcept; manufacturer?: string },
): Device {
  return {
    resourceType: 'Device',
    id: rid(ctx, suffix),
    status: o.status,
    ...(o.manufacturer ? { manufacturer: o.manufacturer } : {}),
    ...(o.name ? { deviceName: [{ name: o.name, type: 'user-friendly-name' as const }] } : {}),
    ...(o.type ? { type: o.type } : {}),
    patient: subject(ctx),
  };
}

/** A DeviceUseStatement naming a device by reference (and display). */
export function rwDeviceUse(
  ctx: FixtureContext,
  suffix: string,
  o: {
    status: DeviceUseStatement['status'];
    device: Reference;
    startDaysAgo: number;
    endDaysAgo?: number;
  },
): DeviceUseStatement {
  return {
    resourceType: 'DeviceUseStatement',
    id: rid(ctx, suffix),
    status: o.status,
    subject: subject(ctx),
    timingPeriod: {
      start: day(ctx, o.startDaysAgo),
      ...(o.endDaysAgo !== undefined ? { end: day(ctx, o.endDaysAgo) } : {}),
    },
    recordedOn: day(ctx, o.startDaysAgo),
    device: o.device,
  };
}

/** A DeviceRequest: an order for a device, by code or by reference to a Device. */
export function rwDeviceRequest(
  ctx: FixtureContext,
  suffix: string,
  o: {
    status: DeviceRequest['status'];
    code?: CodeableConcept;
    device?: Reference;
    authoredDaysAgo: number;
    note?: string;
  },
): DeviceRequest {
  return {
    resourceType: 'DeviceRequest',
    id: rid(ctx, suffix),
    status: o.status,
    intent: 'order',
    ...(o.code ? { codeCodeableConcept: o.code } : {}),
    ...(o.device ? { codeReference: o.device } : {}),
    subject: subject(ctx),
    authoredOn: day(ctx, o.authoredDaysAgo),
    ...(o.note ? { note: [{ text: o.note }] } : {}),
  };
}

/** A Procedure. */
export function rwProcedure(
  ctx: FixtureContext,
  suffix: string,
  o: { code: CodeableConcept; status: Procedure['status']; performedDaysAgo: number },
): Procedure {
  return {
    resourceType: 'Procedure',
    id: rid(ctx, suffix),
    status: o.status,
    code: o.code,
    subject: subject(ctx),
    performedDateTime: day(ctx, o.performedDaysAgo),
  };
}

// ---------------------------------------------------------------------------------------------
// Whole records: a positive picture with one part replaced
// ---------------------------------------------------------------------------------------------

/** The parts of a record a fixture may replace; the rest is a patient the card fires for. */
export interface RecordParts {
  readonly patient?: Partial<Patient>;
  readonly t2d?: FhirResource[];
  readonly basal?: FhirResource[];
  readonly rapid?: FhirResource[];
  readonly hba1c?: FhirResource[];
  /** Everyday noise: other problems, drugs and labs (default: the style's usual set). */
  readonly noise?: FhirResource[];
  readonly extra?: FhirResource[];
}

/** French defaults: T2D for 9 years, Lantus at bedtime and NovoRapid at each meal since 500 days, HbA1c 8.7 %. */
export const FR_DEFAULT = {
  t2d: (ctx: FixtureContext): FhirResource[] => [
    dx(ctx, 't2d', { code: FR_DX.t2d, onsetDaysAgo: 3300, recordedDaysAgo: 3290 }),
  ],
  basal: (ctx: FixtureContext): FhirResource[] => [
    order(ctx, 'fr', 'basal', {
      med: drug(FR_RX.lantus),
      authoredDaysAgo: 500,
      dosage: [frDose.at(26, ['HS'], '26 UI au coucher')],
    }),
  ],
  rapid: (ctx: FixtureContext): FhirResource[] => [
    order(ctx, 'fr', 'rapid', { med: drug(FR_RX.novorapid), authoredDaysAgo: 500, dosage: frDose.meals(8, 10, 8) }),
  ],
  hba1c: (ctx: FixtureContext): FhirResource[] => [
    hba1cResult(ctx, 'fr', 'hba1c', { value: 8.7, daysAgo: 25 }),
    hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 74, loinc: '59261-8', daysAgo: 140 }),
  ],
  noise: (ctx: FixtureContext): FhirResource[] => [
    dx(ctx, 'hta', { code: FR_DX.hta, onsetDaysAgo: 2900 }),
    dx(ctx, 'dyslipidemie', { code: FR_DX.dyslipidemie, onsetDaysAgo: 2600 }),
    dx(ctx, 'pneumopathie', {
      code: FR_DX.pneumopathie,
      clinicalStatus: 'resolved',
      onsetDaysAgo: 420,
      abatementDaysAgo: 400,
      category: 'encounter-diagnosis',
    }),
    order(ctx, 'fr', 'metformine', {
      med: drug(FR_RX.metformine),
      authoredDaysAgo: 2400,
      dosage: [frDose.tablets('1 comprimé matin et soir au cours des repas', 2)],
    }),
    order(ctx, 'fr', 'atorvastatine', {
      med: drug(FR_RX.atorvastatine),
      authoredDaysAgo: 2500,
      dosage: [frDose.tablets('1 comprimé le soir', 1)],
    }),
    order(ctx, 'fr', 'ramipril', {
      med: drug(FR_RX.ramipril),
      authoredDaysAgo: 2800,
      dosage: [frDose.tablets('1 comprimé le matin', 1)],
    }),
    labResult(ctx, 'fr', 'creatinine', {
      loinc: '14682-9',
      display: 'Créatinine [Moles/Volume] Sérum/Plasma ; Numérique',
      text: 'Créatinine',
      value: 84,
      unit: 'µmol/L',
      ucum: 'umol/L',
      daysAgo: 25,
    }),
    labResult(ctx, 'fr', 'dfg', {
      loinc: '62238-1',
      display: 'DFG/1,73 m² prédit [Volume/Temps/Surface] Sérum/Plasma ; Numérique ; Créatinine ; CKD-EPI',
      text: 'DFG estimé (CKD-EPI)',
      value: 79,
      unit: 'mL/min/1,73m²',
      ucum: 'mL/min/{1.73_m2}',
      daysAgo: 25,
    }),
    labResult(ctx, 'fr', 'ldl', {
      loinc: '13457-7',
      display: 'Cholestérol LDL [Masse/Volume] Sérum/Plasma ; Numérique ; Calcul',
      text: 'LDL-cholestérol (calculé)',
      value: 0.94,
      unit: 'g/L',
      daysAgo: 25,
    }),
  ],
};

/** US defaults: T2D for 8 years, Lantus at bedtime and Humalog TID since 450 days, HbA1c 9.1 %. */
export const US_DEFAULT = {
  t2d: (ctx: FixtureContext): FhirResource[] => [
    dx(ctx, 't2d', { code: US_DX.t2d, onsetDaysAgo: 2950, recordedDaysAgo: 2950 }),
  ],
  basal: (ctx: FixtureContext): FhirResource[] => [
    order(ctx, 'us', 'basal', {
      med: drug(US_RX.lantusSoloStar),
      authoredDaysAgo: 450,
      dosage: [usDose.when(38, ['HS'], 'Inject 38 units under the skin nightly at bedtime')],
    }),
  ],
  rapid: (ctx: FixtureContext): FhirResource[] => [humalogTid(ctx)],
  hba1c: (ctx: FixtureContext): FhirResource[] => [
    hba1cResult(ctx, 'us', 'hba1c', { value: 9.1, daysAgo: 33 }),
    hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.6, daysAgo: 190 }),
  ],
  noise: (ctx: FixtureContext): FhirResource[] => [
    dx(ctx, 'htn', { code: US_DX.htn, onsetDaysAgo: 3100 }),
    dx(ctx, 'hld', { code: US_DX.hld, onsetDaysAgo: 2700 }),
    dx(ctx, 'osa', { code: US_DX.osa, onsetDaysAgo: 1500 }),
    dx(ctx, 'bronchitis', {
      code: US_DX.bronchitis,
      clinicalStatus: 'resolved',
      onsetDaysAgo: 310,
      abatementDaysAgo: 295,
      category: 'encounter-diagnosis',
    }),
    order(ctx, 'us', 'metformin', {
      med: drug(US_RX.metformin),
      authoredDaysAgo: 2600,
      dosage: [usDose.tablets('Take 1 tablet by mouth 2 times daily with meals', 2)],
    }),
    order(ctx, 'us', 'atorvastatin', {
      med: drug(US_RX.atorvastatin),
      authoredDaysAgo: 2400,
      dosage: [usDose.tablets('Take 1 tablet by mouth nightly', 1)],
    }),
    order(ctx, 'us', 'lisinopril', {
      med: drug(US_RX.lisinopril),
      authoredDaysAgo: 3000,
      dosage: [usDose.tablets('Take 1 tablet by mouth daily', 1)],
    }),
    labResult(ctx, 'us', 'creatinine', {
      loinc: '2160-0',
      display: 'Creatinine [Mass/volume] in Serum or Plasma',
      text: 'Creatinine',
      value: 1.04,
      unit: 'mg/dL',
      daysAgo: 33,
    }),
    labResult(ctx, 'us', 'egfr', {
      loinc: '98979-8',
      display:
        'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by CKD-EPI 2021',
      text: 'eGFR (CKD-EPI 2021)',
      value: 72,
      unit: 'mL/min/1.73m2',
      ucum: 'mL/min/{1.73_m2}',
      daysAgo: 33,
    }),
    labResult(ctx, 'us', 'ldl', {
      loinc: '13457-7',
      display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation',
      text: 'LDL Cholesterol Calc',
      value: 88,
      unit: 'mg/dL',
      daysAgo: 33,
    }),
  ],
};

/** A French record: the default positive with the given parts replaced. */
export function frRecord(ctx: FixtureContext, person: Person, parts: RecordParts = {}): FhirResource[] {
  return [
    rwPatient(ctx, 'fr', person, parts.patient),
    ...(parts.t2d ?? FR_DEFAULT.t2d(ctx)),
    ...(parts.basal ?? FR_DEFAULT.basal(ctx)),
    ...(parts.rapid ?? FR_DEFAULT.rapid(ctx)),
    ...(parts.hba1c ?? FR_DEFAULT.hba1c(ctx)),
    ...(parts.noise ?? FR_DEFAULT.noise(ctx)),
    ...(parts.extra ?? []),
  ];
}

/** A US record: the default positive with the given parts replaced. */
export function usRecord(ctx: FixtureContext, person: Person, parts: RecordParts = {}): FhirResource[] {
  return [
    rwPatient(ctx, 'us', person, parts.patient),
    ...(parts.t2d ?? US_DEFAULT.t2d(ctx)),
    ...(parts.basal ?? US_DEFAULT.basal(ctx)),
    ...(parts.rapid ?? US_DEFAULT.rapid(ctx)),
    ...(parts.hba1c ?? US_DEFAULT.hba1c(ctx)),
    ...(parts.noise ?? US_DEFAULT.noise(ctx)),
    ...(parts.extra ?? []),
  ];
}

// ---------------------------------------------------------------------------------------------
// Fixtures and expectations
// ---------------------------------------------------------------------------------------------

/** The pump card a record must produce: the HbA1c it quotes and the records (by suffix) it cites. */
export function pumpCard(
  patientId: string,
  hba1cPercent: number,
  suffixes: readonly string[],
  more: Omit<ExpectedPumpCard, 'hba1cPercent' | 'evidenceIds'> = {},
): ExpectedPumpCard {
  return { hba1cPercent, evidenceIds: suffixes.map((s) => `${patientId}-${s}`), ...more };
}

/** The four records a default positive cites. */
export const STANDARD_EVIDENCE = ['t2d', 'hba1c', 'basal', 'rapid'] as const;

/** One real-world fixture. */
export interface RecordSpec {
  readonly id: string;
  readonly title: string;
  readonly rule: PumpRule;
  readonly style: Style;
  readonly case: 'fires' | 'does-not-fire' | 'unknown';
  readonly resources: (ctx: FixtureContext) => FhirResource[];
  readonly pump: ExpectedPumpCard | null;
}

/** A FixturePatient from a spec; no trial may fire for these patients (none has steatosis or a new T1D). */
export function record(spec: RecordSpec): FixturePatient {
  return {
    id: spec.id,
    title: spec.title,
    rule: spec.rule,
    style: spec.style,
    case: spec.case,
    resources: (today) => spec.resources(fixtureContext(spec.id, today)),
    expected: { pump: spec.pump },
  };
}
