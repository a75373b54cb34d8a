import type { CodeableConcept } from 'fhir/r4.js';
import { RX } from './clinical-codes.js';
import { codeable, coding, frenchDrug } from './real-world/coding-styles.js';
import { cim10, DIAGNOSES, DRUGS, type Style } from './real-world/trial-builders.js';

/*
 * What the generated population (population.ts) is coded with, French (CIM-10 under the national
 * URIs, CIP13 + ATC drugs with French names) or US (SNOMED CT + ICD-10-CM, RxNorm products), on
 * top of the real-world records' DIAGNOSES and DRUGS. CIP13 codes are illustrative, as there.
 */

type Styled = Record<Style, CodeableConcept>;

/** Conditions the real-world builders do not have. */
export const POPULATION_DX = {
  ...DIAGNOSES,
  t1d: {
    fr: codeable(cim10('E10.9', 'Diabète sucré de type 1, sans complication'), 'Diabète de type 1'),
    us: codeable(
      [
        coding('snomed', '46635009', 'Diabetes mellitus type 1'),
        coding('icd10cm', 'E10.9', 'Type 1 diabetes mellitus without complications'),
      ],
      'Type 1 diabetes mellitus',
    ),
  },
  cirrhosis: {
    fr: codeable(cim10('K74.6', 'Cirrhoses du foie, autres et sans précision'), 'Cirrhose hépatique'),
    us: codeable(
      [
        coding('snomed', '19943007', 'Cirrhosis of liver'),
        coding('icd10cm', 'K74.60', 'Unspecified cirrhosis of liver'),
      ],
      'Cirrhosis of liver',
    ),
  },
  alcoholDependence: {
    fr: codeable(
      cim10('F10.2', "Troubles mentaux et du comportement liés à l'utilisation d'alcool : syndrome de dépendance"),
      "Dépendance à l'alcool",
    ),
    us: codeable(
      [
        coding('snomed', '66590003', 'Alcohol dependence'),
        coding('icd10cm', 'F10.20', 'Alcohol dependence, uncomplicated'),
      ],
      'Alcohol use disorder, moderate',
    ),
  },
  copd: {
    fr: codeable(cim10('J44.9', 'Maladie pulmonaire obstructive chronique, sans précision'), 'BPCO'),
    us: codeable(
      [
        coding('snomed', '13645005', 'Chronic obstructive lung disease'),
        coding('icd10cm', 'J44.9', 'Chronic obstructive pulmonary disease, unspecified'),
      ],
      'COPD',
    ),
  },
  osteoarthritis: {
    fr: codeable(cim10('M17.9', 'Gonarthrose, sans précision'), 'Gonarthrose'),
    us: codeable(
      [coding('snomed', '239873007', 'Osteoarthritis of knee'), coding('icd10cm', 'M17.9', 'Osteoarthritis of knee')],
      'Osteoarthritis of knee',
    ),
  },
} satisfies Record<string, Styled>;

/** Drugs the real-world builders do not have. */
export const POPULATION_RX = {
  ...DRUGS,
  tresiba: {
    fr: frenchDrug(
      '3400927520822',
      'A10AE06',
      'TRESIBA 100 unités/ml, solution injectable en stylo prérempli FlexTouch',
    ),
    us: RX.degludecPen,
  },
  apidra: {
    fr: frenchDrug('3400938380446', 'A10AB06', 'APIDRA 100 unités/ml, solution injectable en stylo prérempli SoloStar'),
    us: RX.apidraSoloStar,
  },
  sitagliptin: {
    fr: frenchDrug('3400938454185', 'A10BH01', 'JANUVIA 100 mg, comprimé pelliculé'),
    us: RX.sitagliptin100,
  },
  liraglutide: {
    fr: codeable([coding('atc', 'A10BJ02', 'liraglutide')], 'VICTOZA 6 mg/ml, solution injectable en stylo prérempli'),
    us: codeable([coding('rxnorm', '897122', '3 ML liraglutide 6 MG/ML Pen Injector')], 'Victoza 18 mg/3 mL pen'),
  },
  amlodipine: {
    fr: frenchDrug('3400935966131', 'C08CA01', 'AMLODIPINE BIOGARAN 5 mg, gélule'),
    us: RX.amlodipine5,
  },
} satisfies Record<string, Styled>;
