import type { CodeableConcept, FhirResource } from 'fhir/r4.js';
import {
  condition,
  dose,
  fixtureContext,
  hba1c,
  medicationRequest,
  observation,
  patient,
  quantity,
  type FixtureContext,
} from '../patients/builders.js';
import { DX, LAB, RX } from '../patients/clinical-codes.js';
import { seededRandom } from '../patients/seeded-random.js';

/** A generated patient: its id and resources (no expected cards: it is load, not a test case). */
export interface GeneratedPatient {
  readonly id: string;
  readonly resources: FhirResource[];
}

const GIVEN = ['Alix', 'Camille', 'Dominique', 'Claude', 'Sacha', 'Morgan', 'Lou', 'Charlie', 'Andréa', 'Noa'];
const FAMILY = ['Synthétique', 'Exemple', 'Fictif', 'Essai', 'Modèle', 'Témoin'];
const BASAL = [RX.lantusSoloStar, RX.glarginePen, RX.degludecPen, RX.levemirPen, RX.toujeoMax];
const RAPID = [RX.humalogKwikPen, RX.novologFlexPen, RX.aspartPen, RX.lisproPen, RX.apidraSoloStar];
const ORAL = [RX.metformin850, RX.sitagliptin100, RX.empagliflozin10];
const OTHER_RX = [RX.atorvastatin80, RX.lisinopril10, RX.amlodipine5, RX.aspirin81];

/** Builds one patient of about 40 resources: problems, an HbA1c series, routine labs and vitals, treatment. */
function generatePatient(ctx: FixtureContext, random: () => number): FhirResource[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (lo: number, hi: number, digits = 0): number => Number((lo + random() * (hi - lo)).toFixed(digits));
  const out: FhirResource[] = [
    patient(ctx, {
      given: [pick(GIVEN)],
      family: pick(FAMILY),
      gender: random() < 0.5 ? 'female' : 'male',
      age: between(19, 88),
      daysSinceBirthday: between(1, 360),
    }),
  ];
  const diabetic = random() < 0.75;
  const problems: [string, CodeableConcept, number][] = [
    ['htn', DX.hypertension, 0.6],
    ['lipid', DX.hyperlipidemia, 0.5],
    ['obesity', DX.obesity, 0.4],
    ['nafld', DX.steatosis, 0.2],
    ['bronchitis', DX.acuteBronchitis, 0.3],
  ];
  if (diabetic) out.push(condition(ctx, 't2d', { code: DX.t2dWithHyperglycemia, onsetDaysAgo: between(400, 6000) }));
  for (const [suffix, code, p] of problems) {
    if (random() < p) out.push(condition(ctx, suffix, { code, onsetDaysAgo: between(30, 4000) }));
  }
  const base = diabetic ? between(6.2, 10.5, 1) : between(4.8, 6.1, 1);
  for (let i = 0; i < 8; i++) {
    out.push(
      hba1c(ctx, `hba1c-${i}`, {
        value: Number((base + between(-0.6, 0.6, 1)).toFixed(1)),
        unit: '%',
        daysAgo: 20 + i * 91,
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    const daysAgo = 25 + i * 180;
    out.push(
      observation(ctx, `egfr-${i}`, {
        code: LAB.egfrCkdEpi,
        daysAgo,
        valueQuantity: quantity(between(35, 110), 'mL/min/1.73m2', 'mL/min/{1.73_m2}'),
      }),
      observation(ctx, `creat-${i}`, {
        code: LAB.creatinine,
        daysAgo,
        valueQuantity: quantity(between(0.6, 1.6, 2), 'mg/dL'),
      }),
      observation(ctx, `ldl-${i}`, { code: LAB.ldl, daysAgo, valueQuantity: quantity(between(60, 190), 'mg/dL') }),
      observation(ctx, `alt-${i}`, { code: LAB.alt, daysAgo, valueQuantity: quantity(between(12, 80), 'U/L') }),
    );
  }
  for (let i = 0; i < 5; i++) {
    const daysAgo = 10 + i * 120;
    out.push(
      observation(ctx, `bmi-${i}`, {
        code: LAB.bmi,
        category: 'vital-signs',
        daysAgo,
        valueQuantity: quantity(between(21, 41, 1), 'kg/m2', 'kg/m2'),
      }),
      observation(ctx, `weight-${i}`, {
        code: LAB.weight,
        category: 'vital-signs',
        daysAgo,
        valueQuantity: quantity(between(55, 125, 1), 'kg'),
      }),
    );
  }
  if (diabetic) {
    out.push(
      medicationRequest(ctx, 'oral', {
        medication: { concept: pick(ORAL) },
        authoredDaysAgo: between(100, 900),
        dosage: [{ text: '1 tablet twice a day', timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } } }],
      }),
    );
    if (random() < 0.6) {
      out.push(
        medicationRequest(ctx, 'basal', {
          medication: { concept: pick(BASAL) },
          authoredDaysAgo: between(100, 900),
          dosage: [dose.repeat(between(10, 50), 1, 1, 'd', 'once a day at bedtime')],
        }),
      );
      if (random() < 0.6) {
        out.push(
          medicationRequest(ctx, 'rapid', {
            medication: { concept: pick(RAPID) },
            authoredDaysAgo: between(100, 900),
            dosage: [dose.repeat(between(4, 14), 3, 1, 'd', 'three times a day with meals')],
          }),
        );
      }
    }
  }
  for (const [i, rx] of OTHER_RX.entries()) {
    if (random() < 0.5) {
      out.push(
        medicationRequest(ctx, `rx-${i}`, {
          medication: { concept: rx },
          authoredDaysAgo: between(30, 1500),
          dosage: [{ text: '1 tablet a day', timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
        }),
      );
    }
  }
  return out;
}

/**
 * Plausible random patients for load and scale tests, the same for the same seed and day:
 * ids `gen-0001`… (never purely numeric, which HAPI refuses as client ids).
 */
export function generatePatients(count: number, today: Date, seed = 20240501): GeneratedPatient[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const id = `gen-${String(i + 1).padStart(4, '0')}`;
    return { id, resources: generatePatient(fixtureContext(id, today), random) };
  });
}
