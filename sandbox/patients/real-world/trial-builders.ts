import type {
  CodeableConcept,
  Coding,
  Condition,
  DiagnosticReport,
  Dosage,
  FhirResource,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Quantity,
} from 'fhir/r4.js';
import { birthDateForAge, dayBefore, fixtureContext, type FixtureContext } from '../builders.js';
import type { CriterionStatus, ExpectedPumpCard, ExpectedTrial, FixturePatient } from '../fixture.js';
import { codeable, coding, frenchDrug, STYLE_SYSTEM } from './coding-styles.js';

/*
 * Builders for the trial-referral real-world records: the NCT04270656 "full match" (a man of 58
 * with type 2 diabetes for 10 years, Lantus + a rapid analogue three times a day for about two
 * years, metformin for four years, HbA1c 8.4 % a month ago, NAFLD on the problem list and on an
 * abdominal ultrasound, a normal eGFR, one drink a day), written as a French hospital record
 * (CIM-10 under the national URIs, CIP13 + ATC drugs with French names, French reports and
 * dosing text) or a US one (SNOMED CT + ICD-10-CM, RxNorm product codes, English text), with
 * everyday noise: comorbidities, a resolved problem, an entered-in-error entry, routine labs,
 * long-term co-medication and an order stopped years ago. A fixture changes one part.
 *
 * CIP13 codes are illustrative (the 34009 prefix and 13 digits of real ones): the service cannot
 * read CIP13 and must classify French drugs by their ATC coding or name. Names are fictitious.
 */

/** How the record is written. */
export type Style = 'fr' | 'us';

/** A fixture's id, clock and writing style. */
export interface StyledContext extends FixtureContext {
  readonly style: Style;
}

const DAY_MS = 86_400_000;
const UCUM = 'http://unitsofmeasure.org';
const EDQM = STYLE_SYSTEM.edqm;

/** `<patientId>-<suffix>`. */
export function rid(ctx: FixtureContext, suffix: string): string {
  return `${ctx.patientId}-${suffix}`;
}

function subject(ctx: FixtureContext) {
  return { reference: `Patient/${ctx.patientId}` };
}

/** A dateTime the given days before today, with the offset of the style's time zone. */
export function when(ctx: StyledContext, daysAgo: number, time = '09:10:00'): string {
  return `${dayBefore(ctx, daysAgo)}T${time}${ctx.style === 'fr' ? '+01:00' : '-05:00'}`;
}

/** A UCUM quantity with a display unit that may differ from the code (`UI` for `[iU]`). */
export function qty(value: number, unit: string, code = unit): Quantity {
  return { value, unit, system: UCUM, code };
}

// ---------------------------------------------------------------------------------------------
// Patient

/** Options of the Patient resource. */
export interface PatientOptions {
  readonly given: string;
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly age: number;
  /** Days since the last birthday (1-360). */
  readonly daysSinceBirthday?: number;
}

/** The Patient as a French hospital (IPP, INS) or a US health system (MRN) writes it. */
export function patientOf(ctx: StyledContext, o: PatientOptions): Patient {
  const fr = ctx.style === 'fr';
  return {
    resourceType: 'Patient',
    id: ctx.patientId,
    identifier: fr
      ? [
          { system: 'urn:oid:1.2.250.1.71.4.2.1', value: `IPP-${ctx.patientId}`, type: { text: 'IPP' } },
          { system: 'urn:oid:1.2.250.1.213.1.4.8', value: '1' + '6'.repeat(14), type: { text: 'INS-NIR (fictif)' } },
        ]
      : [
          {
            system: 'urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14',
            value: `MRN-${ctx.patientId}`,
            type: { text: 'MRN' },
          },
        ],
    active: true,
    name: [{ use: 'official', family: o.family, given: [o.given] }],
    gender: o.gender,
    birthDate: birthDateForAge(ctx, o.age, o.daysSinceBirthday ?? 150),
    address: fr
      ? [{ line: ['12 rue des Olivettes'], city: 'Nantes', postalCode: '44000', country: 'FR' }]
      : [{ line: ['41 Maple Street'], city: 'Worcester', state: 'MA', postalCode: '01608', country: 'US' }],
    communication: [{ language: codeable([{ system: 'urn:ietf:bcp:47', code: fr ? 'fr-FR' : 'en-US' }]) }],
  };
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** Options of a Condition; an active, confirmed problem-list entry by default. */
export interface ConditionOptions {
  readonly code: CodeableConcept;
  readonly onsetDaysAgo?: number;
  readonly recordedDaysAgo?: number;
  readonly clinicalStatus?: 'active' | 'resolved' | 'inactive' | 'remission';
  readonly verificationStatus?: 'confirmed' | 'entered-in-error' | 'provisional' | 'refuted';
  readonly category?: 'problem-list-item' | 'encounter-diagnosis';
  readonly abatementDaysAgo?: number;
}

/** A Condition as a problem list or an encounter diagnosis holds it. */
export function conditionOf(ctx: StyledContext, suffix: string, o: ConditionOptions): Condition {
  const c: Condition = {
    resourceType: 'Condition',
    id: rid(ctx, suffix),
    verificationStatus: codeable([
      {
        system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        code: o.verificationStatus ?? 'confirmed',
      },
    ]),
    category: [
      codeable([
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-category',
          code: o.category ?? 'problem-list-item',
        },
      ]),
    ],
    code: o.code,
    subject: subject(ctx),
  };
  if (o.verificationStatus !== 'entered-in-error') {
    c.clinicalStatus = codeable([
      { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: o.clinicalStatus ?? 'active' },
    ]);
  }
  if (o.onsetDaysAgo !== undefined) c.onsetDateTime = dayBefore(ctx, o.onsetDaysAgo);
  if (o.abatementDaysAgo !== undefined) c.abatementDateTime = dayBefore(ctx, o.abatementDaysAgo);
  if (o.recordedDaysAgo !== undefined) c.recordedDate = dayBefore(ctx, o.recordedDaysAgo);
  return c;
}

/** A CIM-10 coding under the national terminology server's URI (or another French URI). */
export function cim10(
  code: string,
  display: string,
  system: 'cim10Smt' | 'cim10SmtSlash' | 'cim10Atih' = 'cim10Smt',
): Coding[] {
  return [coding(system, code, display)];
}

/** Diagnoses as each style codes them. */
export const DIAGNOSES = {
  t2d: {
    fr: codeable(cim10('E11.9', 'Diabète sucré de type 2, sans complication'), 'Diabète de type 2 insulinorequérant'),
    us: codeable(
      [
        coding('snomed', '44054006', 'Diabetes mellitus type 2'),
        coding('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia'),
      ],
      'Type 2 diabetes mellitus with hyperglycemia',
    ),
  },
  steatosis: {
    fr: codeable(
      cim10('K76.0', 'Dégénérescence graisseuse du foie, non classée ailleurs'),
      'Stéatose hépatique métabolique (NAFLD)',
    ),
    us: codeable(
      [
        coding('snomed', '197315008', 'Non-alcoholic fatty liver'),
        coding('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified'),
      ],
      'NAFLD (nonalcoholic fatty liver disease)',
    ),
  },
  hypertension: {
    fr: codeable(cim10('I10', 'Hypertension essentielle (primitive)'), 'HTA essentielle'),
    us: codeable(
      [
        coding('snomed', '38341003', 'Hypertensive disorder, systemic arterial'),
        coding('icd10cm', 'I10', 'Essential (primary) hypertension'),
      ],
      'Essential hypertension',
    ),
  },
  dyslipidemia: {
    fr: codeable(cim10('E78.5', 'Hyperlipidémie, sans précision'), 'Dyslipidémie mixte'),
    us: codeable(
      [coding('snomed', '55822004', 'Hyperlipidemia'), coding('icd10cm', 'E78.5', 'Hyperlipidemia, unspecified')],
      'Hyperlipidemia',
    ),
  },
  obesity: {
    fr: codeable(cim10('E66.9', 'Obésité, sans précision'), 'Obésité (IMC 33)'),
    us: codeable(
      [coding('snomed', '414916001', 'Obesity'), coding('icd10cm', 'E66.9', 'Obesity, unspecified')],
      'Obesity, BMI 33',
    ),
  },
  sleepApnea: {
    fr: codeable(cim10('G47.3', 'Apnée du sommeil'), "Syndrome d'apnées obstructives du sommeil appareillé"),
    us: codeable(
      [
        coding('snomed', '78275009', 'Obstructive sleep apnea syndrome'),
        coding('icd10cm', 'G47.33', 'Obstructive sleep apnea (adult) (pediatric)'),
      ],
      'Obstructive sleep apnea on CPAP',
    ),
  },
  bronchitis: {
    fr: codeable(cim10('J20.9', 'Bronchite aiguë, sans précision'), 'Bronchite aiguë'),
    us: codeable(
      [coding('snomed', '10509002', 'Acute bronchitis'), coding('icd10cm', 'J20.9', 'Acute bronchitis, unspecified')],
      'Acute bronchitis',
    ),
  },
  /** Coded then withdrawn: a wrong-patient entry, which must never count. */
  t1dInError: {
    fr: codeable(cim10('E10.9', 'Diabète sucré de type 1, sans complication'), 'Diabète de type 1'),
    us: codeable(
      [
        coding('snomed', '46635009', 'Diabetes mellitus type 1'),
        coding('icd10cm', 'E10.9', 'Type 1 diabetes mellitus without complications'),
      ],
      'Type 1 diabetes mellitus',
    ),
  },
} satisfies Record<string, Record<Style, CodeableConcept>>;

// ---------------------------------------------------------------------------------------------
// Observations and reports

/** Options of an Observation. */
export interface ObservationOptions {
  readonly code: CodeableConcept;
  readonly daysAgo: number;
  readonly category?: 'laboratory' | 'vital-signs' | 'social-history' | 'imaging';
  readonly status?: Observation['status'];
  readonly valueQuantity?: Quantity;
  readonly valueString?: string;
  readonly interpretation?: 'H' | 'L' | 'N';
  readonly note?: string;
}

/** An Observation as a laboratory system or a nursing flowsheet sends it. */
export function observationOf(ctx: StyledContext, suffix: string, o: ObservationOptions): Observation {
  const obs: Observation = {
    resourceType: 'Observation',
    id: rid(ctx, suffix),
    status: o.status ?? 'final',
    category: [
      codeable([
        { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: o.category ?? 'laboratory' },
      ]),
    ],
    code: o.code,
    subject: subject(ctx),
    effectiveDateTime: when(ctx, o.daysAgo, '08:05:00'),
    issued: `${dayBefore(ctx, o.daysAgo)}T15:42:00${ctx.style === 'fr' ? '+01:00' : '-05:00'}`,
  };
  if (o.valueQuantity) obs.valueQuantity = o.valueQuantity;
  if (o.valueString !== undefined) obs.valueString = o.valueString;
  if (o.interpretation) {
    obs.interpretation = [
      codeable([
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: o.interpretation },
      ]),
    ];
  }
  if (o.note) obs.note = [{ text: o.note }];
  return obs;
}

/**
 * A laboratory report that carries its results inside it, as French laboratories send results
 * under their local codes. Reports are read whole, so the results are found however they are coded.
 */
export function containedLabReport(
  ctx: StyledContext,
  suffix: string,
  code: CodeableConcept,
  daysAgo: number,
  results: readonly Observation[],
): DiagnosticReport {
  const contained = results.map((r) => {
    const inReport: Observation = { ...r, id: r.id!.slice(ctx.patientId.length + 1) };
    delete inReport.subject; // the report names the patient
    return inReport;
  });
  return {
    resourceType: 'DiagnosticReport',
    id: rid(ctx, suffix),
    status: 'final',
    category: [codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }])],
    code,
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: when(ctx, daysAgo, '08:05:00'),
    contained,
    result: contained.map((c) => ({ reference: `#${c.id}` })),
  };
}

/** LOINC concepts, with the wording each style's laboratory uses. */
export const LOINC = {
  hba1c: {
    fr: codeable(
      [coding('loinc', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood')],
      'Hémoglobine glyquée (HbA1c)',
    ),
    us: codeable([coding('loinc', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood')], 'Hemoglobin A1c'),
  },
  egfrMdrd: {
    fr: codeable(
      [coding('loinc', '33914-3', 'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (MDRD)')],
      'DFG estimé (MDRD)',
    ),
    us: codeable(
      [coding('loinc', '33914-3', 'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (MDRD)')],
      'eGFR (MDRD)',
    ),
  },
  egfrCkdEpi: {
    fr: codeable(
      [
        coding(
          'loinc',
          '62238-1',
          'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI)',
        ),
      ],
      'DFG estimé selon CKD-EPI',
    ),
    us: codeable(
      [
        coding(
          'loinc',
          '98979-8',
          'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI 2021)',
        ),
      ],
      'eGFR CKD-EPI 2021',
    ),
  },
  creatinine: {
    fr: codeable([coding('loinc', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma')], 'Créatininémie'),
    us: codeable([coding('loinc', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma')], 'Creatinine'),
  },
  alt: {
    fr: codeable([coding('loinc', '1742-6', 'Alanine aminotransferase')], 'ALAT (TGP)'),
    us: codeable([coding('loinc', '1742-6', 'Alanine aminotransferase')], 'ALT'),
  },
  ggt: {
    fr: codeable([coding('loinc', '2324-2', 'Gamma glutamyl transferase')], 'Gamma GT'),
    us: codeable([coding('loinc', '2324-2', 'Gamma glutamyl transferase')], 'GGT'),
  },
  bmi: {
    fr: codeable([coding('loinc', '39156-5', 'Body mass index (BMI) [Ratio]')], 'IMC'),
    us: codeable([coding('loinc', '39156-5', 'Body mass index (BMI) [Ratio]')], 'BMI'),
  },
  drinks: {
    fr: codeable([coding('loinc', '74013-4', 'Alcoholic drinks per day')], "Consommation d'alcool (verres standard/j)"),
    us: codeable([coding('loinc', '74013-4', 'Alcoholic drinks per day')], 'Alcoholic drinks per day'),
  },
  usAbdomen: {
    fr: codeable([coding('loinc', '24558-9', 'US Abdomen')], 'Échographie abdominale'),
    us: codeable([coding('loinc', '24558-9', 'US Abdomen')], 'US ABDOMEN COMPLETE'),
  },
} satisfies Record<string, Record<Style, CodeableConcept>>;

/** A HbA1c result in NGSP % (French labs print "8,4 %"). */
export function hba1cOf(ctx: StyledContext, suffix: string, percent: number, daysAgo: number): Observation {
  return observationOf(ctx, suffix, {
    code: LOINC.hba1c[ctx.style],
    daysAgo,
    valueQuantity: qty(percent, '%'),
    interpretation: percent >= 6.5 ? 'H' : 'N',
  });
}

/** An eGFR result of the given formula. */
export function egfrOf(
  ctx: StyledContext,
  suffix: string,
  o: { method: 'MDRD' | 'CKD-EPI'; value: number; daysAgo: number; comparator?: '>' | '<' },
): Observation {
  const q: Quantity = {
    ...qty(o.value, 'mL/min/1.73m2', 'mL/min/{1.73_m2}'),
    ...(o.comparator ? { comparator: o.comparator } : {}),
  };
  return observationOf(ctx, suffix, {
    code: o.method === 'MDRD' ? LOINC.egfrMdrd[ctx.style] : LOINC.egfrCkdEpi[ctx.style],
    daysAgo: o.daysAgo,
    valueQuantity: q,
    interpretation: o.value < 60 ? 'L' : 'N',
  });
}

/** A creatinine result (noise next to every eGFR). */
export function creatinineOf(ctx: StyledContext, suffix: string, daysAgo: number, value: number): Observation {
  return observationOf(ctx, suffix, {
    code: LOINC.creatinine[ctx.style],
    daysAgo,
    valueQuantity: ctx.style === 'fr' ? qty(value, 'µmol/L', 'umol/L') : qty(Math.round(value / 8.84) / 10, 'mg/dL'),
  });
}

/** Drinks per day, from the social history. */
export function drinksOf(ctx: StyledContext, suffix: string, drinks: number, daysAgo: number): Observation {
  return observationOf(ctx, suffix, {
    code: LOINC.drinks[ctx.style],
    category: 'social-history',
    daysAgo,
    valueQuantity: qty(drinks, ctx.style === 'fr' ? 'verre(s)/j' : 'drinks/day', '{drinks}/d'),
  });
}

/** Options of an imaging report. */
export interface ReportOptions {
  readonly code?: CodeableConcept;
  readonly daysAgo: number;
  readonly conclusion?: string;
  readonly conclusionCode?: CodeableConcept[];
  readonly status?: DiagnosticReport['status'];
}

/** A radiology DiagnosticReport (an abdominal ultrasound by default). */
export function imagingReport(ctx: StyledContext, suffix: string, o: ReportOptions): DiagnosticReport {
  const fr = ctx.style === 'fr';
  const r: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: rid(ctx, suffix),
    status: o.status ?? 'final',
    category: [
      codeable([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD', display: 'Radiology' }]),
    ],
    code: o.code ?? LOINC.usAbdomen[ctx.style],
    subject: subject(ctx),
    effectiveDateTime: when(ctx, o.daysAgo, '10:30:00'),
    issued: `${dayBefore(ctx, o.daysAgo)}T17:12:00${fr ? '+01:00' : '-05:00'}`,
    performer: [{ display: fr ? "Service d'imagerie médicale, CHU (fictif)" : 'Radiology Associates (fictitious)' }],
  };
  if (o.conclusion !== undefined) r.conclusion = o.conclusion;
  if (o.conclusionCode) r.conclusionCode = o.conclusionCode;
  return r;
}

/** The base record's abdominal ultrasound, concluding steatosis in words. */
export const STEATOSIS_CONCLUSION: Record<Style, string> = {
  fr: 'Foie hyperéchogène, stéatose hépatique modérée. Vésicule biliaire alithiasique. Pas de dilatation des voies biliaires. Reins de taille normale.',
  us: 'Diffusely increased hepatic echogenicity consistent with moderate hepatic steatosis. Gallbladder unremarkable. No biliary ductal dilatation.',
};

// ---------------------------------------------------------------------------------------------
// Medications

/** A drug as each style's order entry codes it. */
export const DRUGS = {
  lantus: {
    fr: frenchDrug('3400936285392', 'A10AE04', 'LANTUS 100 unités/ml, solution injectable en stylo prérempli SoloStar'),
    us: codeable(
      [coding('rxnorm', '847232', '3 ML insulin glargine 100 UNT/ML Pen Injector [Lantus]')],
      'Lantus SoloStar 100 unit/mL (3 mL) pen',
    ),
  },
  humalog: {
    fr: frenchDrug('3400936416741', 'A10AB04', 'HUMALOG 100 unités/ml, solution injectable en stylo prérempli KwikPen'),
    us: codeable(
      [coding('rxnorm', '1652640', '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]')],
      'HumaLOG KwikPen 100 unit/mL',
    ),
  },
  novorapid: {
    fr: frenchDrug('3400935697165', 'A10AB05', 'NOVORAPID FLEXPEN 100 U/ml, solution injectable en stylo prérempli'),
    us: codeable(
      [coding('rxnorm', '1653204', '3 ML insulin aspart, human 100 UNT/ML Pen Injector [NovoLog]')],
      'NovoLOG FlexPen 100 unit/mL',
    ),
  },
  metformin: {
    fr: frenchDrug('3400936558885', 'A10BA02', 'METFORMINE BIOGARAN 1000 mg, comprimé pelliculé sécable'),
    us: codeable(
      [coding('rxnorm', '861004', 'metformin hydrochloride 1000 MG Oral Tablet')],
      'metFORMIN 1,000 mg tablet',
    ),
  },
  empagliflozin: {
    fr: frenchDrug('3400930015629', 'A10BK03', 'JARDIANCE 10 mg, comprimé pelliculé'),
    us: codeable([coding('rxnorm', '1545658', 'empagliflozin 10 MG Oral Tablet')], 'Jardiance 10 mg tablet'),
  },
  statin: {
    fr: frenchDrug('3400939473581', 'C10AA05', 'ATORVASTATINE ARROW 20 mg, comprimé pelliculé'),
    us: codeable([coding('rxnorm', '259255', 'atorvastatin 80 MG Oral Tablet')], 'atorvastatin 80 mg tablet'),
  },
  aceInhibitor: {
    fr: frenchDrug('3400936704121', 'C09AA05', 'RAMIPRIL ZENTIVA 5 mg, comprimé sécable'),
    us: codeable([coding('rxnorm', '314076', 'lisinopril 10 MG Oral Tablet')], 'lisinopril 10 mg tablet'),
  },
  aspirin: {
    fr: frenchDrug('3400933553197', 'B01AC06', 'KARDEGIC 75 mg, poudre pour solution buvable en sachet-dose'),
    us: codeable([coding('rxnorm', '243670', 'aspirin 81 MG Oral Tablet')], 'aspirin 81 mg EC tablet'),
  },
  /** A sulfonylurea stopped when insulin began: noise that must not count. */
  oldSulfonylurea: {
    fr: frenchDrug('3400935935045', 'A10BB09', 'DIAMICRON 60 mg, comprimé sécable à libération modifiée'),
    us: codeable([coding('rxnorm', '310490', 'glipizide 5 MG Oral Tablet')], 'glipiZIDE 5 mg tablet'),
  },
} satisfies Record<string, Record<Style, CodeableConcept>>;

const SUBCUTANEOUS = {
  fr: codeable([coding('edqm', '20066000', 'Voie sous-cutanée')]),
  us: codeable([coding('snomed', '34206005', 'Subcutaneous route')]),
};
const ORAL = {
  fr: codeable([{ system: EDQM, code: '20053000', display: 'Voie orale' }]),
  us: codeable([coding('snomed', '26643006', 'Oral route')]),
};

/** Insulin units as each style writes them. */
function units(ctx: StyledContext, n: number): Quantity {
  return qty(n, ctx.style === 'fr' ? 'UI' : 'Units', '[iU]');
}

/** An injection schedule by meal or bedtime codes, with the dosing text of the style. */
export function injectionDose(
  ctx: StyledContext,
  n: number,
  moments: ('ACM' | 'ACD' | 'ACV' | 'HS' | 'CM' | 'CV')[],
  text: string,
): Dosage {
  return {
    text,
    timing: { repeat: { when: moments } },
    route: SUBCUTANEOUS[ctx.style],
    doseAndRate: [{ doseQuantity: units(ctx, n) }],
  };
}

/** An injection schedule by a timing abbreviation (BID, TID, QD...), US order-entry style. */
export function injectionByCode(ctx: StyledContext, n: number, abbreviation: string, text: string): Dosage {
  return {
    text,
    timing: {
      code: codeable([
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation',
          code: abbreviation,
          display: abbreviation,
        },
      ]),
    },
    route: SUBCUTANEOUS[ctx.style],
    doseAndRate: [{ doseQuantity: units(ctx, n) }],
  };
}

/** Tablets taken `perDay` times a day. */
export function tabletDose(ctx: StyledContext, count: number, perDay: number, text: string, route = true): Dosage {
  return {
    text,
    timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
    ...(route ? { route: ORAL[ctx.style] } : {}),
    doseAndRate: [{ doseQuantity: qty(count, ctx.style === 'fr' ? 'comprimé(s)' : 'tablet(s)', '{tbl}') }],
  };
}

/** Where an order's drug is: inline, contained, or a separate Medication resource. */
export type DrugRef =
  | { readonly concept: CodeableConcept }
  | { readonly medicationId: string; readonly display?: string }
  | { readonly contained: Medication };

function applyDrug<T extends MedicationRequest | MedicationStatement>(r: T, drug: DrugRef): T {
  if ('concept' in drug) return { ...r, medicationCodeableConcept: drug.concept };
  if ('contained' in drug) {
    return {
      ...r,
      contained: [drug.contained],
      medicationReference: { reference: `#${drug.contained.id ?? 'med'}` },
    };
  }
  return {
    ...r,
    medicationReference: {
      reference: `Medication/${drug.medicationId}`,
      ...(drug.display ? { display: drug.display } : {}),
    },
  };
}

/** Options of an order. */
export interface OrderOptions {
  readonly drug: DrugRef;
  readonly authoredDaysAgo: number;
  readonly dosage: Dosage[];
  readonly status?: MedicationRequest['status'];
  readonly note?: string;
}

/** A MedicationRequest: an active outpatient order by default. */
export function orderOf(ctx: StyledContext, suffix: string, o: OrderOptions): MedicationRequest {
  const r: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: rid(ctx, suffix),
    status: o.status ?? 'active',
    intent: 'order',
    category: [
      codeable([
        {
          system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
          code: 'community',
          display: ctx.style === 'fr' ? 'Ordonnance de ville' : 'Community',
        },
      ]),
    ],
    subject: subject(ctx),
    authoredOn: when(ctx, o.authoredDaysAgo, '11:20:00'),
    requester: { display: ctx.style === 'fr' ? 'Dr Martin (diabétologie, fictif)' : 'Dr. Miller, MD (fictitious)' },
    dosageInstruction: o.dosage,
    ...(o.note ? { note: [{ text: o.note }] } : {}),
  };
  return applyDrug(r, o.drug);
}

/** Options of a statement; `startDaysAgo` undefined leaves the statement undated. */
export interface StatementOptions {
  readonly drug: DrugRef;
  readonly startDaysAgo?: number;
  readonly endDaysAgo?: number;
  readonly dosage: Dosage[];
  readonly status?: MedicationStatement['status'];
  /** Days before today the statement was taken; defaults to 3 days after the start, or 10 days ago. */
  readonly assertedDaysAgo?: number | null;
}

/** A MedicationStatement: reconciled or patient-reported use. */
export function statementOf(ctx: StyledContext, suffix: string, o: StatementOptions): MedicationStatement {
  const r: MedicationStatement = {
    resourceType: 'MedicationStatement',
    id: rid(ctx, suffix),
    status: o.status ?? 'active',
    subject: subject(ctx),
    informationSource: { display: ctx.style === 'fr' ? 'Patient (conciliation médicamenteuse)' : 'Patient-reported' },
    dosage: o.dosage,
  };
  if (o.startDaysAgo !== undefined) {
    r.effectivePeriod = {
      start: dayBefore(ctx, o.startDaysAgo),
      ...(o.endDaysAgo !== undefined ? { end: dayBefore(ctx, o.endDaysAgo) } : {}),
    };
  }
  const asserted =
    o.assertedDaysAgo === null
      ? undefined
      : (o.assertedDaysAgo ?? (o.startDaysAgo !== undefined ? Math.max(0, o.startDaysAgo - 3) : undefined));
  if (asserted !== undefined) r.dateAsserted = dayBefore(ctx, asserted);
  return applyDrug(r, o.drug);
}

/** A stand-alone Medication resource, as French hospital systems send their drug catalogue. */
export function medicationOf(ctx: StyledContext, suffix: string, code: CodeableConcept): Medication {
  return { resourceType: 'Medication', id: rid(ctx, suffix), status: 'active', code };
}

/** The base record's basal insulin order (Lantus at bedtime, for about two years). */
export function lantusOrder(ctx: StyledContext, suffix = 'basal', authoredDaysAgo = 700): MedicationRequest {
  return orderOf(ctx, suffix, {
    drug: { concept: DRUGS.lantus[ctx.style] },
    authoredDaysAgo,
    dosage: [
      ctx.style === 'fr'
        ? injectionDose(ctx, 32, ['HS'], '32 UI le soir au coucher')
        : injectionByCode(ctx, 32, 'QD', 'Inject 32 Units under the skin once daily at bedtime'),
    ],
  });
}

/** A rapid-analogue order three times a day before meals. */
export function rapidOrder(
  ctx: StyledContext,
  drug: CodeableConcept,
  suffix = 'rapid',
  authoredDaysAgo = 700,
): MedicationRequest {
  return orderOf(ctx, suffix, {
    drug: { concept: drug },
    authoredDaysAgo,
    dosage: [
      ctx.style === 'fr'
        ? injectionDose(ctx, 8, ['ACM', 'ACD', 'ACV'], '8 UI matin, midi et soir, 15 min avant les repas')
        : injectionByCode(ctx, 8, 'TID', 'Inject 8 Units under the skin 3 times daily before meals'),
    ],
  });
}

/** The metformin dosage of the base record: 1000 mg twice a day. */
export function metforminDose(ctx: StyledContext, tablets = 1): Dosage {
  return ctx.style === 'fr'
    ? tabletDose(ctx, tablets, 2, `${tablets} comprimé${tablets > 1 ? 's' : ''} matin et soir au cours des repas`)
    : tabletDose(ctx, tablets, 2, `Take ${tablets} tablet${tablets > 1 ? 's' : ''} by mouth 2 times daily with meals`);
}

// ---------------------------------------------------------------------------------------------
// The full-match record

/** The parts of the full-match record, each replaceable or removable by a fixture. */
export type Part =
  | 't2d'
  | 'comorbidities'
  | 'steatosis'
  | 'liver-us'
  | 'hba1c'
  | 'egfr'
  | 'drinks'
  | 'basal'
  | 'rapid'
  | 'metformin'
  | 'co-medication'
  | 'routine-labs';

/** What a fixture changes in the full match. */
export interface FullMatchOptions extends Partial<PatientOptions> {
  readonly style: Style;
  /** The latest HbA1c in % (default 8.4, a month ago). */
  readonly hba1c?: number;
  /** Edits the Patient resource (deceased, links...). */
  readonly patient?: (p: Patient, ctx: StyledContext) => Patient;
  /** Parts to leave out. */
  readonly without?: readonly Part[];
  /** Parts to write differently. */
  readonly replace?: { readonly [K in Part]?: (ctx: StyledContext) => FhirResource[] };
  /** Resources to add. */
  readonly extra?: (ctx: StyledContext) => FhirResource[];
}

function defaultParts(ctx: StyledContext, hba1c: number): Record<Part, FhirResource[]> {
  const s = ctx.style;
  const fr = s === 'fr';
  return {
    t2d: [conditionOf(ctx, 't2d', { code: DIAGNOSES.t2d[s], onsetDaysAgo: 3650, recordedDaysAgo: 3600 })],
    comorbidities: [
      conditionOf(ctx, 'htn', { code: DIAGNOSES.hypertension[s], onsetDaysAgo: 2900 }),
      conditionOf(ctx, 'dyslipidemia', { code: DIAGNOSES.dyslipidemia[s], onsetDaysAgo: 2500 }),
      conditionOf(ctx, 'obesity', { code: DIAGNOSES.obesity[s], recordedDaysAgo: 1800 }),
      conditionOf(ctx, 'osa', { code: DIAGNOSES.sleepApnea[s], onsetDaysAgo: 1200 }),
      conditionOf(ctx, 'bronchitis', {
        code: DIAGNOSES.bronchitis[s],
        onsetDaysAgo: 400,
        abatementDaysAgo: 380,
        clinicalStatus: 'resolved',
        category: 'encounter-diagnosis',
      }),
      conditionOf(ctx, 'wrong-entry', {
        code: DIAGNOSES.t1dInError[s],
        recordedDaysAgo: 900,
        verificationStatus: 'entered-in-error',
      }),
    ],
    steatosis: [conditionOf(ctx, 'steatosis', { code: DIAGNOSES.steatosis[s], onsetDaysAgo: 420 })],
    'liver-us': [imagingReport(ctx, 'liver-us', { daysAgo: 425, conclusion: STEATOSIS_CONCLUSION[s] })],
    hba1c: [hba1cOf(ctx, 'hba1c', hba1c, 30), hba1cOf(ctx, 'hba1c-prev', 8.1, 125)],
    egfr: [egfrOf(ctx, 'egfr', { method: 'CKD-EPI', value: 84, daysAgo: 30 }), creatinineOf(ctx, 'creat', 30, 82)],
    drinks: [drinksOf(ctx, 'drinks', 1, 90)],
    basal: [lantusOrder(ctx)],
    rapid: [rapidOrder(ctx, DRUGS.humalog[s])],
    metformin: [
      orderOf(ctx, 'metformin', {
        drug: { concept: DRUGS.metformin[s] },
        authoredDaysAgo: 1500,
        dosage: [metforminDose(ctx)],
      }),
    ],
    'co-medication': [
      orderOf(ctx, 'statin', {
        drug: { concept: DRUGS.statin[s] },
        authoredDaysAgo: 2400,
        dosage: [tabletDose(ctx, 1, 1, fr ? '1 comprimé le soir' : 'Take 1 tablet by mouth nightly')],
      }),
      orderOf(ctx, 'ace-inhibitor', {
        drug: { concept: DRUGS.aceInhibitor[s] },
        authoredDaysAgo: 2800,
        dosage: [tabletDose(ctx, 1, 1, fr ? '1 comprimé le matin' : 'Take 1 tablet by mouth daily')],
      }),
      statementOf(ctx, 'aspirin', {
        drug: { concept: DRUGS.aspirin[s] },
        startDaysAgo: 2000,
        dosage: [tabletDose(ctx, 1, 1, fr ? '1 sachet par jour à midi' : '1 tablet daily')],
      }),
      orderOf(ctx, 'old-sulfonylurea', {
        drug: { concept: DRUGS.oldSulfonylurea[s] },
        authoredDaysAgo: 2600,
        status: 'stopped',
        dosage: [tabletDose(ctx, 1, 1, fr ? '1 comprimé le matin' : 'Take 1 tablet by mouth daily before breakfast')],
        note: fr ? "Arrêté à l'instauration de l'insuline" : 'Discontinued when insulin was started',
      }),
    ],
    'routine-labs': [
      observationOf(ctx, 'alt', {
        code: LOINC.alt[s],
        daysAgo: 30,
        valueQuantity: qty(52, 'U/L'),
        interpretation: 'H',
      }),
      observationOf(ctx, 'ggt', {
        code: LOINC.ggt[s],
        daysAgo: 30,
        valueQuantity: qty(71, 'U/L'),
        interpretation: 'H',
      }),
      observationOf(ctx, 'bmi', {
        code: LOINC.bmi[s],
        category: 'vital-signs',
        daysAgo: 30,
        valueQuantity: qty(33.1, 'kg/m2', 'kg/m2'),
      }),
    ],
  };
}

const PART_ORDER: readonly Part[] = [
  't2d',
  'comorbidities',
  'steatosis',
  'liver-us',
  'hba1c',
  'egfr',
  'drinks',
  'basal',
  'rapid',
  'metformin',
  'co-medication',
  'routine-labs',
];

/** The full-match man of 58 (or whoever `o` says), with the fixture's changes. */
export function fullMatchRecord(ctx: StyledContext, o: FullMatchOptions): FhirResource[] {
  const defaults: PatientOptions =
    o.style === 'fr'
      ? { given: 'Patrick', family: 'Essai-Réel', gender: 'male', age: 58 }
      : { given: 'Robert', family: 'Realworld', gender: 'male', age: 58 };
  const base = patientOf(ctx, {
    given: o.given ?? defaults.given,
    family: o.family ?? defaults.family,
    gender: o.gender ?? defaults.gender,
    age: o.age ?? defaults.age,
    daysSinceBirthday: o.daysSinceBirthday ?? defaults.daysSinceBirthday,
  });
  const parts = defaultParts(ctx, o.hba1c ?? 8.4);
  const out: FhirResource[] = [o.patient ? o.patient(base, ctx) : base];
  for (const part of PART_ORDER) {
    if (o.without?.includes(part)) continue;
    const replaced = o.replace?.[part];
    out.push(...(replaced ? replaced(ctx) : parts[part]));
  }
  return [...out, ...(o.extra?.(ctx) ?? [])];
}

// ---------------------------------------------------------------------------------------------
// Fixtures and expectations

/** A fixture's context for a day. */
export function styled(id: string, style: Style, today: Date): StyledContext {
  return { ...fixtureContext(id, today), style };
}

/** The rules these records exercise (the brief's names). */
export type TrialRule =
  | 'onset of recent type 1 diabetes'
  | 'pump user excluded from NCT04270656'
  | 'age limit on trial laboratory values'
  | 'newest eGFR of any formula'
  | 'alcohol measures of every kind'
  | 'liver studies other than ultrasound'
  | 'glucocorticoid route'
  | 'steatosis in ultrasound reports'
  | 'GLP-1 in a fixed-ratio product'
  | 'stable background doses'
  | 'French codes on trial criteria'
  | 'chronic liver disease in a broad code'
  | 'hepatitis B and C serology'
  | 'a liver disease that does not go away, marked ended'
  | 'bariatric surgery in words'
  | 'steatosis in words'
  | 'analogue-only MDI for NCT04270656'
  | 'deceased or merged patient on a trial'
  | 'pregnancy on a trial'
  | 'medication beyond the value sets'
  | 'steatogenic drugs'
  | 'pump-evaluation referral already on file'
  | 'trial referral or research subject already on file'
  | 'cirrhosis or carcinoma in a liver study'
  | 'the question put to a liver study'
  | 'an exclusion named in problem-list words';

/** One real-world record: how it is written and what both services must say. */
export interface RecordSpec {
  readonly id: string;
  readonly title: string;
  readonly rule: TrialRule;
  readonly style: Style;
  readonly case: 'fires' | 'does-not-fire' | 'unknown';
  readonly resources: (ctx: StyledContext) => FhirResource[];
  readonly pump: ExpectedPumpCard | null;
  readonly nafld: ExpectedTrial;
  readonly t1d?: ExpectedTrial;
}

/** A FixturePatient from a spec. */
export function record(spec: RecordSpec): FixturePatient {
  return {
    id: spec.id,
    title: spec.title,
    rule: spec.rule,
    style: spec.style,
    case: spec.case,
    resources: (today) => spec.resources(styled(spec.id, spec.style, today)),
    expected: {
      pump: spec.pump,
      trials: { NCT04270656: spec.nafld, NCT05153070: spec.t1d ?? T1D_TRIAL_FOR_ADULT },
    },
  };
}

/** A full-match fixture: the full match with `o`'s changes. */
export function fullMatch(spec: Omit<RecordSpec, 'resources'> & { readonly record?: Omit<FullMatchOptions, 'style'> }) {
  const { record: o, ...rest } = spec;
  return record({ ...rest, resources: (ctx) => fullMatchRecord(ctx, { style: spec.style, ...o }) });
}

type Statuses = Readonly<Record<string, CriterionStatus>>;

/** The key criteria of NCT04270656 (T2D, MDI, HbA1c, steatosis), met in the full match. */
export const NAFLD_KEYS_MET: Statuses = {
  t2d: 'met',
  'mdi-glargine-degludec': 'met',
  hba1c: 'met',
  steatosis: 'met',
};

/** NCT04270656, checked on the key criteria and the listed ones (`changes` override the keys). */
export function nafldTrial(
  fires: boolean,
  changes: Statuses = {},
  explanationIncludes?: readonly string[],
): ExpectedTrial {
  return {
    fires,
    partial: true,
    criteria: { ...NAFLD_KEYS_MET, ...changes },
    ...(explanationIncludes ? { explanationIncludes } : {}),
  };
}

/** NCT05153070 for an adult over 35 with type 2 diabetes: neither key criterion holds. */
export const T1D_TRIAL_FOR_ADULT: ExpectedTrial = {
  fires: false,
  partial: true,
  criteria: { 't1d-recent': 'not-met', 'age-16-35': 'not-met' },
};

/** The pump card of a full-match record, citing its T2D, HbA1c, basal and rapid records. */
export function pumpCardOf(id: string, hba1cPercent = 8.4, rapid = 'rapid', basal = 'basal'): ExpectedPumpCard {
  return { hba1cPercent, evidenceIds: [`${id}-t2d`, `${id}-hba1c`, `${id}-${basal}`, `${id}-${rapid}`] };
}

/** Days in whole milliseconds (for computed onset strings). */
export function daysBeforeDate(ctx: FixtureContext, daysAgo: number): Date {
  return new Date(ctx.today.getTime() - daysAgo * DAY_MS);
}
