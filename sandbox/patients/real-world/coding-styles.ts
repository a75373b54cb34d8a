import type { CodeableConcept, Coding } from 'fhir/r4.js';

/**
 * Code systems as French and US EHRs write them: France's CIM-10 under the national terminology
 * server's or ATIH's URI (codes with or without the dot, with ATIH extension digits), drugs by
 * CIP13 product code with an ATC coding and a French name; US records in ICD-10-CM, SNOMED CT and
 * RxNorm product codes. Each URI is one the service knows (rules/code-systems.json) or is meant
 * to be unknown to it.
 */
export const STYLE_SYSTEM = {
  cim10Smt: 'https://smt.esante.gouv.fr/terminologie-cim-10',
  cim10SmtSlash: 'https://smt.esante.gouv.fr/terminologie-cim-10/',
  cim10Atih: 'https://mos.esante.gouv.fr/NOS/TRE_R311-CIM10Atih/FHIR/TRE-R311-CIM10Atih',
  cip13: 'https://smt.esante.gouv.fr/terminologie-bdpm',
  ucd: 'http://data.esante.gouv.fr/ansm/medicament/UCD',
  atc: 'http://www.whocc.no/atc',
  edqm: 'http://standardterms.edqm.eu',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  loinc: 'http://loinc.org',
  /** A hospital's own code list: a system the service cannot read. */
  local: 'http://chu-exemple.fr/fhir/CodeSystem/codes-locaux',
  /** Another system the service does not know. */
  unknown: 'http://example.org/fhir/CodeSystem/unknown',
} as const;

/** A coding in one of the systems above. */
export function coding(system: keyof typeof STYLE_SYSTEM, code: string, display?: string): Coding {
  return display === undefined
    ? { system: STYLE_SYSTEM[system], code }
    : { system: STYLE_SYSTEM[system], code, display };
}

/** A CodeableConcept of codings and an optional text. */
export function codeable(codings: Coding[], text?: string): CodeableConcept {
  return text === undefined ? { coding: codings } : { coding: codings, text };
}

/** A French drug as a French EHR sends it: CIP13 product code, ATC, and the French name. */
export function frenchDrug(cip13: string, atc: string | undefined, name: string): CodeableConcept {
  return codeable([coding('cip13', cip13, name), ...(atc ? [coding('atc', atc)] : [])], name);
}
