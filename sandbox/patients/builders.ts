import type {
  CodeableConcept,
  Coding,
  Condition,
  Device,
  DeviceUseStatement,
  DiagnosticReport,
  Dosage,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Quantity,
  Reference,
} from 'fhir/r4.js';

/** Code system URIs (docs/clinical-rules.md, "Code systems"). */
export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
  timing: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation',
} as const;

/** A coding in one of the systems above. */
export function code(system: keyof typeof SYSTEM, value: string, display?: string): Coding {
  return display === undefined
    ? { system: SYSTEM[system], code: value }
    : { system: SYSTEM[system], code: value, display };
}

/** A CodeableConcept from codings and an optional text. */
export function concept(codings: Coding[], text?: string): CodeableConcept {
  return text === undefined ? { coding: codings } : { coding: codings, text };
}

/** A UCUM quantity. */
export function quantity(value: number, unit: string, ucum = unit): Quantity {
  return { value, unit, system: SYSTEM.ucum, code: ucum };
}

/** One fixture patient's id and clock: resource ids are `<patientId>-<suffix>`, dates count back from `today`. */
export interface FixtureContext {
  readonly patientId: string;
  /** UTC midnight of the fixture's "today". */
  readonly today: Date;
}

/** A context whose `today` is the UTC midnight of the given instant. */
export function fixtureContext(patientId: string, now: Date): FixtureContext {
  return { patientId, today: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) };
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD`, the given number of days before today. */
export function dayBefore(ctx: FixtureContext, daysAgo: number): string {
  return new Date(ctx.today.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

/** A dateTime with a Paris offset, as a French lab system would send it. */
export function dateTimeBefore(ctx: FixtureContext, daysAgo: number, time = '08:40:00'): string {
  return `${dayBefore(ctx, daysAgo)}T${time}+01:00`;
}

/** A birth date giving exactly `years` of age today, the birthday `daysSinceBirthday` (1-360) days ago. */
export function birthDateForAge(ctx: FixtureContext, years: number, daysSinceBirthday: number): string {
  const d = new Date(ctx.today.getTime() - daysSinceBirthday * DAY_MS);
  return new Date(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate())).toISOString().slice(0, 10);
}

function id(ctx: FixtureContext, suffix: string): string {
  return `${ctx.patientId}-${suffix}`;
}

function subject(ctx: FixtureContext): Reference {
  return { reference: `Patient/${ctx.patientId}` };
}

/** The Patient resource. */
export function patient(
  ctx: FixtureContext,
  p: { given: string[]; family: string; gender: Patient['gender']; age: number; daysSinceBirthday: number },
): Patient {
  return {
    resourceType: 'Patient',
    id: ctx.patientId,
    identifier: [{ system: 'http://chu-exemple.fr/fhir/sid/ipp', value: `SYN-${ctx.patientId}` }],
    active: true,
    name: [{ use: 'official', family: p.family, given: p.given }],
    gender: p.gender,
    birthDate: birthDateForAge(ctx, p.age, p.daysSinceBirthday),
    address: [{ city: 'Nantes', postalCode: '44000', country: 'FR' }],
  };
}

/** Options of a Condition; statuses default to an active, confirmed problem-list entry. */
export interface ConditionOptions {
  readonly code: CodeableConcept;
  readonly clinicalStatus?: 'active' | 'recurrence' | 'relapse' | 'inactive' | 'remission' | 'resolved' | null;
  readonly verificationStatus?:
    'unconfirmed' | 'provisional' | 'differential' | 'confirmed' | 'refuted' | 'entered-in-error';
  readonly onsetDaysAgo?: number;
  readonly recordedDaysAgo?: number;
  readonly abatementDaysAgo?: number;
  readonly category?: 'problem-list-item' | 'encounter-diagnosis';
}

/** A Condition; `clinicalStatus: null` leaves the status out (as FHIR requires for entered-in-error). */
export function condition(ctx: FixtureContext, suffix: string, o: ConditionOptions): Condition {
  const c: Condition = {
    resourceType: 'Condition',
    id: id(ctx, suffix),
    verificationStatus: concept([
      {
        system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        code: o.verificationStatus ?? 'confirmed',
      },
    ]),
    category: [
      concept([
        { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: o.category ?? 'problem-list-item' },
      ]),
    ],
    code: o.code,
    subject: subject(ctx),
  };
  if (o.clinicalStatus !== null) {
    c.clinicalStatus = concept([
      { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: o.clinicalStatus ?? 'active' },
    ]);
  }
  if (o.onsetDaysAgo !== undefined) c.onsetDateTime = dayBefore(ctx, o.onsetDaysAgo);
  if (o.abatementDaysAgo !== undefined) c.abatementDateTime = dayBefore(ctx, o.abatementDaysAgo);
  if (o.recordedDaysAgo !== undefined) c.recordedDate = dayBefore(ctx, o.recordedDaysAgo);
  return c;
}

/** Options of an Observation. */
export interface ObservationOptions {
  readonly code: CodeableConcept;
  readonly daysAgo: number;
  readonly category?: 'laboratory' | 'vital-signs' | 'social-history' | 'imaging' | 'survey';
  readonly status?: Observation['status'];
  readonly valueQuantity?: Quantity;
  readonly valueInteger?: number;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly component?: Observation['component'];
}

/** An Observation (lab, vital sign, survey...). */
export function observation(ctx: FixtureContext, suffix: string, o: ObservationOptions): Observation {
  const obs: Observation = {
    resourceType: 'Observation',
    id: id(ctx, suffix),
    status: o.status ?? 'final',
    category: [
      concept([
        { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: o.category ?? 'laboratory' },
      ]),
    ],
    code: o.code,
    subject: subject(ctx),
    effectiveDateTime: dateTimeBefore(ctx, o.daysAgo),
    issued: `${dayBefore(ctx, o.daysAgo)}T14:05:00+01:00`,
  };
  if (o.valueQuantity) obs.valueQuantity = o.valueQuantity;
  if (o.valueInteger !== undefined) obs.valueInteger = o.valueInteger;
  if (o.valueCodeableConcept) obs.valueCodeableConcept = o.valueCodeableConcept;
  if (o.component) obs.component = o.component;
  return obs;
}

/** A HbA1c result: NGSP % (LOINC 4548-4) or IFCC mmol/mol (LOINC 59261-8). */
export function hba1c(
  ctx: FixtureContext,
  suffix: string,
  o: { value: number; unit: '%' | 'mmol/mol'; daysAgo: number; status?: Observation['status'] },
): Observation {
  const loinc =
    o.unit === '%'
      ? code('loinc', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood')
      : code('loinc', '59261-8', 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol');
  return observation(ctx, suffix, {
    code: concept([loinc], 'HbA1c'),
    daysAgo: o.daysAgo,
    status: o.status,
    valueQuantity: quantity(o.value, o.unit),
  });
}

/** A medication given inline or by reference; `contained` Medications travel with the order. */
export type MedicationChoice =
  | { readonly concept: CodeableConcept }
  | { readonly reference: string; readonly display?: string; readonly contained?: Medication };

/** Options of a MedicationRequest; an active order by default. */
export interface MedicationRequestOptions {
  readonly medication: MedicationChoice;
  readonly authoredDaysAgo: number;
  readonly dosage: Dosage[];
  readonly status?: MedicationRequest['status'];
  readonly intent?: MedicationRequest['intent'];
}

function applyMedication<T extends MedicationRequest | MedicationStatement>(resource: T, m: MedicationChoice): T {
  if ('concept' in m) return { ...resource, medicationCodeableConcept: m.concept };
  const ref: Reference =
    m.display === undefined ? { reference: m.reference } : { reference: m.reference, display: m.display };
  return { ...resource, ...(m.contained ? { contained: [m.contained] } : {}), medicationReference: ref };
}

/** A MedicationRequest (an order). */
export function medicationRequest(ctx: FixtureContext, suffix: string, o: MedicationRequestOptions): MedicationRequest {
  const base: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: id(ctx, suffix),
    status: o.status ?? 'active',
    intent: o.intent ?? 'order',
    subject: subject(ctx),
    authoredOn: dateTimeBefore(ctx, o.authoredDaysAgo, '11:15:00'),
    dosageInstruction: o.dosage,
  };
  return applyMedication(base, o.medication);
}

/** A MedicationStatement (patient-reported or reconciled use). */
export function medicationStatement(
  ctx: FixtureContext,
  suffix: string,
  o: { medication: MedicationChoice; startDaysAgo: number; dosage: Dosage[]; status?: MedicationStatement['status'] },
): MedicationStatement {
  const base: MedicationStatement = {
    resourceType: 'MedicationStatement',
    id: id(ctx, suffix),
    status: o.status ?? 'active',
    subject: subject(ctx),
    effectivePeriod: { start: dayBefore(ctx, o.startDaysAgo) },
    dateAsserted: dayBefore(ctx, Math.max(0, o.startDaysAgo - 3)),
    dosage: o.dosage,
  };
  return applyMedication(base, o.medication);
}

function medicationBody(mId: string, o: { code?: CodeableConcept; ingredients?: Coding[] }): Medication {
  const m: Medication = { resourceType: 'Medication', id: mId, status: 'active' };
  if (o.code) m.code = o.code;
  if (o.ingredients) m.ingredient = o.ingredients.map((c) => ({ itemCodeableConcept: concept([c]), isActive: true }));
  return m;
}

/** A stand-alone Medication resource; `ingredients` are ingredient-level codings. */
export function medication(
  ctx: FixtureContext,
  suffix: string,
  o: { code?: CodeableConcept; ingredients?: Coding[] },
): Medication {
  return medicationBody(id(ctx, suffix), o);
}

/** A Medication to contain in an order, referenced as `#<localId>`. */
export function containedMedication(
  localId: string,
  o: { code?: CodeableConcept; ingredients?: Coding[] },
): Medication {
  return medicationBody(localId, o);
}

/** Dosage encodings seen in real orders (docs/clinical-rules.md, "Counting injections"). */
export const dose = {
  /** `frequency` times per `period` `periodUnit` (timing.repeat). */
  repeat(units: number, frequency: number, period: number, periodUnit: 'd' | 'h' | 'wk', text: string): Dosage {
    return {
      text,
      timing: { repeat: { frequency, period, periodUnit } },
      route: concept([code('snomed', '34206005', 'Subcutaneous route')]),
      doseAndRate: [{ doseQuantity: quantity(units, 'U', '[iU]') }],
    };
  },
  /** A timing abbreviation code (BID, TID, QID, QD...) with no repeat structure. */
  timingCode(units: number, abbreviation: string, text: string): Dosage {
    return {
      text,
      timing: { code: concept([{ system: SYSTEM.timing, code: abbreviation, display: abbreviation }]) },
      doseAndRate: [{ doseQuantity: quantity(units, 'U', '[iU]') }],
    };
  },
  /** One entry with one or several `when` codes (ACM, ACD, ACV, HS...). */
  when(units: number, when: NonNullable<NonNullable<Dosage['timing']>['repeat']>['when'], text: string): Dosage {
    return {
      text,
      timing: { repeat: { when } },
      doseAndRate: [{ doseQuantity: quantity(units, 'U', '[iU]') }],
    };
  },
  /** A sliding scale: as needed, no schedule. */
  asNeeded(text: string): Dosage {
    return {
      text,
      asNeededCodeableConcept: concept([code('snomed', '80394007', 'Hyperglycemia')], 'high blood glucose'),
      timing: { repeat: { when: ['ACM', 'ACD', 'ACV'] } },
    };
  },
  /** Continuous subcutaneous infusion: a basal rate in units per hour (a pump). */
  rate(unitsPerHour: number, text: string): Dosage {
    return {
      text,
      doseAndRate: [{ rateQuantity: quantity(unitsPerHour, 'U/h', '[iU]/h') }],
    };
  },
  /** A tablet taken `frequency` times a day. */
  tablets(count: number, frequency: number, text: string): Dosage {
    return {
      text,
      timing: { repeat: { frequency, period: 1, periodUnit: 'd' } },
      route: concept([code('snomed', '26643006', 'Oral route')]),
      doseAndRate: [{ doseQuantity: quantity(count, 'tablet', '{tbl}') }],
    };
  },
};

/** A Device of the patient. */
export function device(
  ctx: FixtureContext,
  suffix: string,
  o: { type: CodeableConcept; status: Device['status']; name: string; manufacturer?: string },
): Device {
  return {
    resourceType: 'Device',
    id: id(ctx, suffix),
    status: o.status,
    manufacturer: o.manufacturer,
    deviceName: [{ name: o.name, type: 'user-friendly-name' }],
    type: o.type,
    patient: subject(ctx),
  };
}

/** A DeviceUseStatement pointing at one of the patient's devices. */
export function deviceUseStatement(
  ctx: FixtureContext,
  suffix: string,
  o: { deviceSuffix: string; status: DeviceUseStatement['status']; startDaysAgo: number },
): DeviceUseStatement {
  return {
    resourceType: 'DeviceUseStatement',
    id: id(ctx, suffix),
    status: o.status,
    subject: subject(ctx),
    timingPeriod: { start: dayBefore(ctx, o.startDaysAgo) },
    recordedOn: dayBefore(ctx, o.startDaysAgo),
    device: { reference: `Device/${id(ctx, o.deviceSuffix)}` },
  };
}

/** A Procedure. */
export function procedure(
  ctx: FixtureContext,
  suffix: string,
  o: { code: CodeableConcept; status: Procedure['status']; performedDaysAgo: number },
): Procedure {
  return {
    resourceType: 'Procedure',
    id: id(ctx, suffix),
    status: o.status,
    code: o.code,
    subject: subject(ctx),
    performedDateTime: dayBefore(ctx, o.performedDaysAgo),
  };
}

/** A DiagnosticReport (e.g. a liver ultrasound) with coded conclusions. */
export function diagnosticReport(
  ctx: FixtureContext,
  suffix: string,
  o: { code: CodeableConcept; daysAgo: number; conclusion: string; conclusionCode?: CodeableConcept[] },
): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    id: id(ctx, suffix),
    status: 'final',
    category: [
      concept([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD', display: 'Radiology' }]),
    ],
    code: o.code,
    subject: subject(ctx),
    effectiveDateTime: dateTimeBefore(ctx, o.daysAgo, '10:20:00'),
    issued: `${dayBefore(ctx, o.daysAgo)}T16:00:00+01:00`,
    conclusion: o.conclusion,
    ...(o.conclusionCode ? { conclusionCode: o.conclusionCode } : {}),
  };
}
