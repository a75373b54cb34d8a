import type { PatientRecord } from '../fhir/patient-record.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown } from './fact.js';
import { readFhirDate } from './fhir-date.js';
import { asList, asObject } from './json-value.js';
import { resourceId } from './resource-label.js';
import type { Fact } from './fact.js';
import type { AgeFinding, Sex } from './patient-facts.js';

/*
 * FHIR's AdministrativeGender has four codes (https://hl7.org/fhir/R4/valueset-administrative-gender.html).
 * The rules ask for male or female (the trial's alcohol limits differ by sex, its contraception
 * criterion concerns women): "unknown" says the sex is not known, and "other" names neither, so
 * both leave those criteria to confirm rather than pick a threshold.
 */
const SEXES = new Set<string>(['male', 'female']);
const NEITHER = new Set<string>(['other', 'unknown']);

/** Whole years from a birth day to now (UTC); a 29 February birthday falls on 1 March. */
function yearsBetween(year: number, month: number, day: number, now: Date): number {
  const nowMonth = now.getUTCMonth() + 1;
  const beforeBirthday = nowMonth < month || (nowMonth === month && now.getUTCDate() < day);
  return now.getUTCFullYear() - year - (beforeBirthday ? 1 : 0);
}

/**
 * Age in whole years from Patient.birthDate. A birth date of only `YYYY` or `YYYY-MM` gives the
 * youngest and oldest age it allows: age bounds (18+, 35-70) are decided only when both agree.
 */
export function ageFact(record: PatientRecord, now: Date, dq: DataQualityLog): Fact<AgeFinding> {
  const patient = asObject(record.patient);
  if (!patient) return unknown('no Patient resource');
  if (patient.birthDate === undefined) return unknown('Patient.birthDate not recorded');
  const birth = readFhirDate(patient.birthDate);
  if (typeof birth !== 'object' || birth.ms > now.getTime()) {
    dq.add(patient, 'Patient', 'unreadable birthDate');
    return unknown('Patient.birthDate is unreadable');
  }
  const d = new Date(birth.ms);
  const year = d.getUTCFullYear();
  const first = { month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  const last =
    birth.precision === 'year'
      ? { month: 12, day: 31 }
      : birth.precision === 'month'
        ? { month: first.month, day: new Date(Date.UTC(year, first.month, 0)).getUTCDate() }
        : first;
  const oldest = yearsBetween(year, first.month, first.day, now);
  const youngest = yearsBetween(year, last.month, last.day, now);
  if (oldest > 130) {
    dq.add(patient, 'Patient', 'implausible birthDate');
    return unknown('Patient.birthDate is implausible');
  }
  const evidence = [
    {
      resourceType: 'Patient',
      id: resourceId(patient),
      date: birth.text,
      display: 'birth date',
      confidence: 'high' as const,
    },
  ];
  const note = oldest !== youngest ? `birth date is partial: age ${youngest} or ${oldest}` : undefined;
  return known({ youngest, oldest }, evidence, note);
}

// https://hl7.org/fhir/us/core/StructureDefinition-us-core-birthsex.html (valueCode F, M, UNK).
const BIRTH_SEX = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex';

function birthSexFemale(patient: Record<string, unknown>): boolean {
  return (asList(patient.extension) ?? []).some((e) => {
    const ext = asObject(e);
    return ext?.url === BIRTH_SEX && ext.valueCode === 'F';
  });
}

/**
 * Whether Patient.gender says "male". Known whenever there is a Patient: unlike `sex`, a gender
 * that is "other", "unknown" or missing is a plain no. The trials' pregnancy exclusions use it to
 * set aside a man's pregnancy status (which says nothing) without also setting aside a positive
 * pregnancy test or a due date on a record whose gender is not given.
 */
export function recordedMaleFact(record: PatientRecord): Fact<boolean> {
  const patient = asObject(record.patient);
  if (!patient) return unknown('no Patient resource');
  // A man whose US Core birth sex is female may be pregnant: his pregnancy test says something.
  if (patient.gender === 'male' && birthSexFemale(patient)) return unknown('Patient.gender is male, birth sex female');
  return known(patient.gender === 'male', [
    { resourceType: 'Patient', id: resourceId(patient), display: 'gender', confidence: 'high' },
  ]);
}

/** Administrative gender from Patient.gender. */
export function sexFact(record: PatientRecord, dq: DataQualityLog): Fact<Sex> {
  const patient = asObject(record.patient);
  if (!patient) return unknown('no Patient resource');
  const gender = patient.gender;
  if (gender === undefined) return unknown('Patient.gender not recorded');
  const evidence = [
    { resourceType: 'Patient', id: resourceId(patient), display: 'gender', confidence: 'high' } as const,
  ];
  if (typeof gender === 'string' && NEITHER.has(gender)) return unknown(`Patient.gender is "${gender}"`, evidence);
  if (typeof gender !== 'string' || !SEXES.has(gender)) {
    dq.add(patient, 'Patient', 'unreadable gender');
    return unknown('Patient.gender is unreadable');
  }
  return known(gender as Sex, evidence);
}
