import type { CodeableConcept } from 'fhir/r4.js';
import { code, concept } from './builders.js';

/**
 * Concepts the synthetic patients are coded with, as an EHR would send them: product-level RxNorm
 * codes (SCD/SBD, taken from rules/valuesets), SNOMED CT with ICD-10-CM or WHO ICD-10 beside it.
 */

/** Conditions. */
export const DX = {
  t2dSnomed: concept([code('snomed', '44054006', 'Diabetes mellitus type 2')], 'Type 2 diabetes mellitus'),
  t2dWithHyperglycemia: concept(
    [
      code('snomed', '44054006', 'Diabetes mellitus type 2'),
      code('icd10cm', 'E11.65', 'Type 2 diabetes mellitus with hyperglycemia'),
    ],
    'Type 2 diabetes mellitus with hyperglycemia',
  ),
  t2dIcd10cmOnly: concept(
    [code('icd10cm', 'E11.9', 'Type 2 diabetes mellitus without complications')],
    'Type 2 diabetes mellitus without complications',
  ),
  t2dIcd10Who: concept(
    [code('icd10', 'E11.9', 'Non-insulin-dependent diabetes mellitus without complications')],
    'Diabète de type 2',
  ),
  t2dInsulinTreated: concept(
    [code('snomed', '237599002', 'Insulin treated type 2 diabetes mellitus'), code('icd10cm', 'E11.9')],
    'Insulin-treated type 2 diabetes',
  ),
  t1d: concept(
    [
      code('snomed', '46635009', 'Diabetes mellitus type 1'),
      code('icd10cm', 'E10.9', 'Type 1 diabetes mellitus without complications'),
    ],
    'Type 1 diabetes mellitus',
  ),
  diabetesUnspecified: concept([code('snomed', '73211009', 'Diabetes mellitus')], 'Diabetes mellitus'),
  hypertension: concept(
    [
      code('snomed', '38341003', 'Hypertensive disorder, systemic arterial'),
      code('icd10cm', 'I10', 'Essential (primary) hypertension'),
    ],
    'Hypertension',
  ),
  hyperlipidemia: concept(
    [code('snomed', '55822004', 'Hyperlipidemia'), code('icd10cm', 'E78.5', 'Hyperlipidemia, unspecified')],
    'Hyperlipidemia',
  ),
  obesity: concept(
    [code('snomed', '414916001', 'Obesity'), code('icd10cm', 'E66.9', 'Obesity, unspecified')],
    'Obesity',
  ),
  acuteBronchitis: concept(
    [code('snomed', '10509002', 'Acute bronchitis'), code('icd10cm', 'J20.9', 'Acute bronchitis, unspecified')],
    'Acute bronchitis',
  ),
  steatosis: concept(
    [
      code('snomed', '197321007', 'Steatosis of liver'),
      code('icd10cm', 'K76.0', 'Fatty (change of) liver, not elsewhere classified'),
    ],
    'Hepatic steatosis',
  ),
  insulinPumpInPlace: concept(
    [code('icd10cm', 'Z96.41', 'Presence of insulin pump (external) (internal)')],
    'Insulin pump in place',
  ),
} satisfies Record<string, CodeableConcept>;

/** Drugs: product-level codes first, as order entry sends them. */
export const RX = {
  lantusSoloStar: concept(
    [
      code('rxnorm', '847232', '3 ML insulin glargine 100 UNT/ML Pen Injector [Lantus]'),
      code('atc', 'A10AE04', 'insulin glargine'),
    ],
    'Lantus SoloStar 100 units/mL pen',
  ),
  lantusVial: concept(
    [code('rxnorm', '285018', 'insulin glargine 100 UNT/ML Injectable Solution [Lantus]')],
    'Lantus 10 mL vial',
  ),
  glarginePen: concept(
    [code('rxnorm', '847230', '3 ML insulin glargine 100 UNT/ML Pen Injector')],
    'Insulin glargine 100 U/mL pen',
  ),
  glargineYfgnPen: concept(
    [code('rxnorm', '2563971', '3 ML insulin glargine-yfgn 100 UNT/ML Pen Injector')],
    'Insulin glargine-yfgn 100 U/mL pen',
  ),
  toujeoMax: concept(
    [code('rxnorm', '2002420', '3 ML insulin glargine 300 UNT/ML Pen Injector [Toujeo]')],
    'Toujeo Max SoloStar 300 units/mL',
  ),
  degludecPen: concept(
    [code('rxnorm', '1670011', '3 ML insulin degludec 100 UNT/ML Pen Injector')],
    'Tresiba FlexTouch 100 U/mL',
  ),
  tresibaAtcOnly: concept([code('atc', 'A10AE06', 'insulin degludec')], 'Tresiba FlexTouch (patient-reported)'),
  levemirPen: concept([code('rxnorm', '847239', '3 ML insulin detemir 100 UNT/ML Pen Injector')], 'Levemir FlexPen'),
  humulinNPen: concept(
    [code('rxnorm', '1654862', '3 ML insulin isophane, human 100 UNT/ML Pen Injector')],
    'Humulin N KwikPen',
  ),
  humalogKwikPen: concept(
    [code('rxnorm', '1652640', '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]'), code('atc', 'A10AB04')],
    'Humalog KwikPen 100 units/mL',
  ),
  lisproPen: concept(
    [code('rxnorm', '1652639', '3 ML insulin lispro 100 UNT/ML Pen Injector')],
    'Insulin lispro 100 U/mL pen',
  ),
  novologFlexPen: concept(
    [code('rxnorm', '1653204', '3 ML insulin aspart, human 100 UNT/ML Pen Injector [NovoLog]')],
    'NovoLog FlexPen',
  ),
  aspartPen: concept(
    [code('rxnorm', '1653202', '3 ML insulin aspart, human 100 UNT/ML Pen Injector')],
    'Insulin aspart pen',
  ),
  apidraSoloStar: concept(
    [code('rxnorm', '847259', '3 ML insulin glulisine, human 100 UNT/ML Pen Injector')],
    'Apidra SoloStar',
  ),
  metformin850: concept(
    [code('rxnorm', '861010', 'metformin hydrochloride 850 MG Oral Tablet')],
    'Metformin 850 mg tablet',
  ),
  sitagliptin100: concept([code('rxnorm', '665033', 'sitagliptin 100 MG Oral Tablet')], 'Sitagliptin 100 mg tablet'),
  empagliflozin10: concept(
    [code('rxnorm', '1545658', 'empagliflozin 10 MG Oral Tablet')],
    'Empagliflozin 10 mg tablet',
  ),
  atorvastatin80: concept([code('rxnorm', '259255', 'atorvastatin 80 MG Oral Tablet')], 'Atorvastatin 80 mg tablet'),
  lisinopril10: concept([code('rxnorm', '314076', 'lisinopril 10 MG Oral Tablet')], 'Lisinopril 10 mg tablet'),
  amlodipine5: concept([code('rxnorm', '197361', 'amlodipine 5 MG Oral Tablet')], 'Amlodipine 5 mg tablet'),
  aspirin81: concept([code('rxnorm', '243670', 'aspirin 81 MG Oral Tablet')], 'Aspirin 81 mg'),
} satisfies Record<string, CodeableConcept>;

/** Ingredient-level codings, for Medication.ingredient. */
export const INGREDIENT = {
  aspart: code('rxnorm', '51428', 'insulin aspart, human'),
  glargine: code('rxnorm', '274783', 'insulin glargine'),
};

/** Laboratory and other observation codes (LOINC). */
export const LAB = {
  egfrMdrd: concept(
    [code('loinc', '33914-3', 'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (MDRD)')],
    'eGFR (MDRD)',
  ),
  egfrCkdEpi: concept(
    [
      code(
        'loinc',
        '98979-8',
        'Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI 2021)',
      ),
    ],
    'eGFR (CKD-EPI 2021)',
  ),
  creatinine: concept([code('loinc', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma')], 'Creatinine'),
  glucose: concept([code('loinc', '2345-7', 'Glucose [Mass/volume] in Serum or Plasma')], 'Glucose'),
  ldl: concept(
    [code('loinc', '13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation')],
    'LDL cholesterol',
  ),
  hdl: concept([code('loinc', '2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma')], 'HDL cholesterol'),
  alt: concept(
    [code('loinc', '1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma')],
    'ALT',
  ),
  ast: concept(
    [code('loinc', '1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma')],
    'AST',
  ),
  ggt: concept(
    [code('loinc', '2324-2', 'Gamma glutamyl transferase [Enzymatic activity/volume] in Serum or Plasma')],
    'GGT',
  ),
  uacr: concept([code('loinc', '9318-7', 'Albumin/Creatinine [Mass Ratio] in Urine')], 'Urine albumin/creatinine'),
  bmi: concept([code('loinc', '39156-5', 'Body mass index (BMI) [Ratio]')], 'BMI'),
  weight: concept([code('loinc', '29463-7', 'Body weight')], 'Weight'),
  heartRate: concept([code('loinc', '8867-4', 'Heart rate')], 'Heart rate'),
  bloodPressure: concept(
    [code('loinc', '85354-9', 'Blood pressure panel with all children optional')],
    'Blood pressure',
  ),
  systolic: concept([code('loinc', '8480-6', 'Systolic blood pressure')]),
  diastolic: concept([code('loinc', '8462-4', 'Diastolic blood pressure')]),
  auditC: concept([code('loinc', '75626-2', 'Total score [AUDIT-C]')], 'AUDIT-C score'),
  drinksPerDay: concept([code('loinc', '74013-4', 'Alcoholic drinks per day')], 'Alcoholic drinks per day'),
  liverUltrasound: concept([code('loinc', '28614-6', 'US Liver')], 'Liver ultrasound'),
  hba1cNgsp: concept([code('loinc', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood')], 'HbA1c'),
} satisfies Record<string, CodeableConcept>;

/** Devices. */
export const DEVICE = {
  insulinPump: concept([code('snomed', '69805005', 'Insulin pump, device')], 'Insulin pump'),
};
