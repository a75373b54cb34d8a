import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import type { Condition } from '../rules/condition-schema.js';
import type { Trial, TrialCriterion } from '../rules/trial-schema.js';
import { seededRandom } from '../sandbox/patients/seeded-random.js';

/*
 * Plausible synthetic trials for the scale benchmark (docs/performance.md, targets: 200 trials, p50 <= 10 ms) and
 * its test: diabetes and liver trials with 10-30 criteria each (about 20) over the real fact names,
 * including manual and "manual unless coded" criteria. Deterministic for a given seed.
 */

type Pick = <T>(list: readonly T[]) => T;

const EXCLUDED_CONDITIONS = [
  'cirrhosis',
  'hcc',
  'chronic-hepatitis-b',
  'chronic-hepatitis-c',
  'ckd-severe',
  'alcohol-abuse',
  'hemochromatosis',
  'toxic-liver-disease',
  'alcoholic-liver-disease',
  'chronic-liver-disease-other',
] as const;
const EXCLUDED_DRUGS = [
  'glp1-agonists',
  'sulfonylureas',
  'glinides',
  'glitazones',
  'systemic-glucocorticoids',
  'vitamin-e',
  'orlistat',
  'amiodarone',
  'valproate',
  'tamoxifen',
  'ciclosporin',
] as const;
const MANUAL = [
  'Pregnancy or breastfeeding',
  'Participation in another interventional study',
  'Unable to give informed consent',
  'Contraindication to MRI',
  'Planned surgery during the study',
  'Life expectancy under 2 years',
] as const;
const STATUSES: readonly Trial['registry']['status'][] = [
  'recruiting',
  'recruiting',
  'recruiting',
  'recruiting',
  'recruiting',
  'not-yet-recruiting',
  'active-not-recruiting',
  'completed',
];

const leaf = (fact: string, operator: string, value: unknown, name?: string): Condition =>
  ({ fact, operator, value, ...(name ? { name } : {}) }) as Condition;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The populations trials recruit from: each adds its own key criteria beside the diabetes type. */
const POPULATIONS: readonly {
  readonly dm: 't1d' | 't2d';
  readonly text: string;
  readonly keys: readonly Condition[];
}[] = [
  {
    dm: 't2d',
    text: 'on basal-bolus insulin',
    keys: [leaf('insulin.basal', 'equal', true), leaf('insulin.rapidInjectionsPerDay', 'greaterThanInclusive', 2)],
  },
  {
    dm: 't2d',
    text: 'with NAFLD',
    keys: [
      {
        any: [
          leaf('condition.steatosis', 'equal', true),
          leaf('condition.nash', 'equal', true),
          leaf('imaging.steatosis', 'equal', true),
        ],
      },
    ],
  },
  { dm: 't2d', text: 'with NASH', keys: [leaf('condition.nash', 'equal', true)] },
  { dm: 't2d', text: 'on metformin', keys: [leaf('medication.metformin', 'equal', true)] },
  { dm: 't2d', text: 'on a GLP-1 agonist', keys: [leaf('medication.glp1-agonists', 'equal', true)] },
  { dm: 't2d', text: 'on an SGLT2 inhibitor', keys: [leaf('medication.sglt2-inhibitors', 'equal', true)] },
  {
    dm: 't2d',
    text: 'with CKD stage 3',
    keys: [leaf('egfr.value', 'lessThan', 60), leaf('egfr.value', 'greaterThanInclusive', 30)],
  },
  { dm: 't2d', text: 'on an insulin pump', keys: [leaf('pump', 'equal', true)] },
  { dm: 't1d', text: 'recently diagnosed', keys: [leaf('condition.t1d.onsetDays', 'lessThan', 180)] },
  { dm: 't1d', text: 'on an insulin pump', keys: [leaf('pump', 'equal', true)] },
  {
    dm: 't1d',
    text: 'on multiple daily injections',
    keys: [leaf('insulin.rapidInjectionsPerDay', 'greaterThanInclusive', 3)],
  },
];

/** Inclusion criteria: the diabetes type, the population and an HbA1c band are key; the rest vary. */
function inclusions(pick: Pick, rnd: () => number): TrialCriterion[] {
  const population = pick(POPULATIONS);
  const { dm } = population;
  const lo = pick([18, 25, 30, 40, 50, 60]);
  const hi = lo + pick([10, 15, 20, 30]);
  const a1cLow = pick([6.5, 7, 7.5, 8, 8.5, 9]);
  const a1cHigh = round1(a1cLow + pick([1, 1.5, 2]));
  const out: TrialCriterion[] = [
    {
      id: 'diabetes',
      type: 'inclusion',
      key: true,
      text: `${dm === 't1d' ? 'Type 1' : 'Type 2'} diabetes ${population.text}`,
      condition: { all: [leaf(`condition.${dm}`, 'equal', true, 'Diabetes on file'), ...population.keys] },
    },
    {
      id: 'hba1c',
      type: 'inclusion',
      key: true,
      text: `HbA1c between ${a1cLow}% and ${a1cHigh}%`,
      condition: {
        all: [
          leaf('hba1c.percent', 'greaterThanInclusive', a1cLow, 'Latest HbA1c (%)'),
          leaf('hba1c.percent', 'lessThanInclusive', a1cHigh, 'Latest HbA1c (%)'),
        ],
      },
    },
    {
      id: 'age',
      type: 'inclusion',
      ...(rnd() < 0.5 ? { key: true as const } : {}),
      text: `Age ${lo} to ${hi} years`,
      condition: { all: [leaf('age', 'greaterThanInclusive', lo, 'Age'), leaf('age', 'lessThanInclusive', hi, 'Age')] },
    },
  ];
  if (rnd() < 0.5) {
    out.push({
      id: 'recent-hba1c',
      type: 'inclusion',
      text: 'HbA1c within 6 months',
      condition: leaf('hba1c.ageDays', 'lessThanInclusive', 183),
    });
  }
  if (dm === 't2d' && rnd() < 0.6) {
    const days = pick([180, 365, 730]);
    out.push({
      id: 'duration',
      type: 'inclusion',
      text: `Diabetes for at least ${days} days`,
      condition: {
        all: [leaf('condition.t2d', 'equal', true), leaf('condition.t2d.onsetDays', 'greaterThanInclusive', days)],
      },
    });
  }
  if (rnd() < 0.4) {
    const limit = pick([30, 45, 60]);
    out.push({
      id: 'egfr',
      type: 'inclusion',
      text: `eGFR >= ${limit}`,
      condition: leaf('egfr.value', 'greaterThanInclusive', limit),
    });
  }
  if (rnd() < 0.3) {
    out.push({
      id: 'sex',
      type: 'inclusion',
      text: 'Male',
      condition: leaf('sex', 'equal', 'male'),
      whenNotMet: 'unknown',
      unknownReason: 'Confirm eligibility by sex with the study team.',
    });
  }
  for (const [i, text] of [
    'Able to use a smartphone application',
    'Affiliated to a social security scheme',
  ].entries()) {
    if (rnd() < 0.5)
      out.push({
        id: `manual-inclusion-${i + 1}`,
        type: 'inclusion',
        text,
        manual: { reason: 'Not in structured data: confirm.' },
      });
  }
  return out;
}

/** Exclusion criteria: coded conditions and drugs, alcohol, a pump, manual lines. */
function exclusions(pick: Pick, rnd: () => number): TrialCriterion[] {
  const out: TrialCriterion[] = [];
  for (const id of EXCLUDED_CONDITIONS) {
    if (rnd() < 0.5)
      out.push({
        id: `no-${id}`,
        type: 'exclusion',
        text: `History of ${id}`,
        condition: leaf(`condition.${id}`, 'equal', true),
      });
  }
  for (const id of EXCLUDED_DRUGS) {
    if (rnd() < 0.4)
      out.push({
        id: `no-${id}`,
        type: 'exclusion',
        text: `Treatment with ${id}`,
        condition: leaf(`medication.${id}`, 'equal', true),
      });
  }
  if (rnd() < 0.5) {
    const grams = pick([20, 30, 40]);
    out.push({
      id: 'alcohol',
      type: 'exclusion',
      text: `Alcohol above ${grams} g/day`,
      condition: {
        any: [leaf('alcohol.gramsPerDay', 'greaterThan', grams), leaf('alcohol.auditC', 'greaterThanInclusive', 8)],
      },
    });
  }
  if (rnd() < 0.3)
    out.push({
      id: 'pump',
      type: 'exclusion',
      text: 'Already on an insulin pump',
      condition: leaf('pump', 'equal', true),
    });
  if (rnd() < 0.3) {
    out.push({
      id: 'bariatric',
      type: 'exclusion',
      text: 'Bariatric surgery',
      condition: leaf('procedure.bariatric-surgery', 'equal', true),
      whenNotMet: 'unknown',
      unknownReason: 'Confirm no planned bariatric surgery.',
    });
  }
  if (rnd() < 0.3) {
    out.push({
      id: 'recent-steroids',
      type: 'exclusion',
      text: 'Glucocorticoids started in the last 3 months',
      condition: {
        all: [
          leaf('medication.systemic-glucocorticoids', 'equal', true),
          leaf('medication.systemic-glucocorticoids.startedDays', 'lessThan', 90),
        ],
      },
    });
  }
  const manual = MANUAL.filter(() => rnd() < 0.5);
  for (const [i, text] of manual.entries())
    out.push({
      id: `manual-${i + 1}`,
      type: 'exclusion',
      text,
      manual: { reason: 'Not in structured data: confirm.' },
    });
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` synthetic trials, ids NCT9xxxxxxx, valid against the trial schema. */
export function generateSyntheticTrials(count: number, seed = 20261122): Trial[] {
  const rnd = seededRandom(seed);
  const pick: Pick = (list) => list[Math.floor(rnd() * list.length)]!;
  return Array.from({ length: count }, (_, i): Trial => {
    const id = `NCT9${String(i + 1).padStart(7, '0')}`;
    const year = pick([2025, 2026, 2027, 2028, 2029]);
    return {
      id,
      title: `Synthetic diabetes trial ${i + 1} for the scale benchmark`,
      shortTitle: `synthetic diabetes trial ${i + 1}`,
      sponsor: pick(['CHU de Nantes', 'AP-HP', 'Hospices Civils de Lyon', 'CHU de Bordeaux']),
      site: {
        name: 'Synthetic site',
        contact: { name: 'Synthetic study team', phone: '00 00 00 00 00', email: 'study@example.org' },
      },
      registry: {
        status: pick(STATUSES),
        completionDate: `${year}-${pad(1 + Math.floor(rnd() * 12))}-15`,
        retrievedOn: `2026-${pad(1 + Math.floor(rnd() * 11))}-01`,
        url: `https://clinicaltrials.gov/study/${id}`,
      },
      notes: ['Generated by bench/synthetic-trials.ts; not a real trial.'],
      criteria: [...inclusions(pick, rnd), ...exclusions(pick, rnd)],
    };
  });
}

/**
 * A copy of the rules folder whose catalogue also holds `count` synthetic trials, for a server
 * started with RULES_DIR pointing at it. Returns the folder.
 */
export function writeSyntheticRulesDir(target: string, count: number, seed?: number): string {
  cpSync(DEFAULT_RULES_DIR, target, { recursive: true });
  const trials = join(target, 'trials');
  mkdirSync(trials, { recursive: true });
  for (const t of generateSyntheticTrials(count, seed))
    writeFileSync(join(trials, `${t.id}.json`), `${JSON.stringify(t, null, 2)}\n`);
  return target;
}
