import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { listFactNames } from '../facts/fact-names.js';
import { ruleInput } from '../rules/condition-evaluator.js';
import { RulesError } from '../rules/rules-error.js';
import { compileTrials, loadTrialCatalogue } from '../rules/trial-catalogue.js';
import { compileCriterion, decisiveLeaves } from '../rules/trial-criterion.js';
import { completionPassed, retrievalAgeDays, staleDateWarning } from '../rules/trial-dates.js';
import { TrialSchema, type Trial } from '../rules/trial-schema.js';
import { loadValueSets } from '../rules/value-sets.js';

const knownFacts = listFactNames(loadValueSets(DEFAULT_RULES_DIR));
const TRIALS_DIR = join(DEFAULT_RULES_DIR, 'trials');
const catalogue = loadTrialCatalogue(TRIALS_DIR, knownFacts);
const trial = (id: string) => catalogue.trials.find((t) => t.trial.id === id)!.trial;

/** The eligibility lines of the NCT04270656 registry page (https://clinicaltrials.gov/study/NCT04270656), verbatim. */
const NANTES_INCLUSION = [
  'Male / female 35/70 years (including ranges) with T2D 1 year',
  'Benefiting from the indication of use of the free Freestyle glucose meter',
  'Treatment with multi-injection insulin therapy comprising a daily injection of basal insulin (Glargine U100, Glargine U300, Degludec) and at least 2 daily injections of an insulin analogue (lispro, aspart or glulisine) +/- metformin, dipeptidyl peptidase-4 (DPP4) and/or sodium-glucose cotransporter type 2 (SGLT2) at a dose stable for at least 3 months',
  'For women of childbearing age, oestro-progestative pill, IUD, implant',
  '% HbA1c 6.5%',
  'Presence of hepatic steatosis according to the ultrasonography',
  'Absence of chronic alcoholic intoxication',
  'Absence of chronic viral hepatitis or other chronic liver diseases (eg hemochromatosis ...)',
];
const NANTES_EXCLUSION = [
  'Type 1 diabetes',
  'Treatment with anti-diabetics or other than metformin, dipeptidyl peptidase-4 (DPP4) and/or sodium-glucose cotransporter type 2 (SGLT2)',
  'Contraindication to pump treatment',
  'Treatment with basal inulin of Levemir',
  'Contraindication to performing MRI',
  'Chronic alcohol abuse (after alcohol consumption> 20g / day in men and> 10g / day in women) according to the medical examination',
  'Chronic viral hepatitis based on HBV and HCV serology results',
  'Hemochromatosis according to the martial assessment',
  'Other toxic or drug hepatitis',
  'Severe hepatic pathology: hepatic cirrhosis, hepatocellular carcinoma',
  'Severe renal insufficiency (MDRD <30 ml / min)',
  'Severe and progressive cardiovascular pathology',
  'Treatment (permanent or intermittent) with glucocorticoids',
  'Treatment known to improve hepatic steatosis (glitazone, vitamin E, orlistat)',
  'history or bariatric surgery project for the duration of the study',
  'Drug treatment likely to cause hepatic steatosis (amiodarone, carbamazepine, tamoxifen, valproate, clozapine, anti-retroviral drugs) unless the dose has been stable for 3 months',
  'Guardianship, curatorship or safeguard of justice',
];
const APHP_POPULATION =
  'Population involved: Male or female, aged between 16 and 35 years, with recent diagnosis of type 1 diabetes (< 3 months).';

/** The registry lines a trial encodes (site criteria, which the registry does not list, apart). */
const textsOf = (t: Trial, type: 'inclusion' | 'exclusion') =>
  new Set(t.criteria.filter((c) => c.type === type && c.source !== 'site').map((c) => c.text));

describe('the seed trials in the catalogue', () => {
  test('NCT04270656 encodes every inclusion and exclusion line of its registry page, verbatim', () => {
    const t = trial('NCT04270656');
    expect(textsOf(t, 'inclusion')).toEqual(new Set(NANTES_INCLUSION));
    expect(textsOf(t, 'exclusion')).toEqual(new Set(NANTES_EXCLUSION));
  });

  test('NCT04270656 excludes pump users: a site criterion, as it randomises pump against MDI', () => {
    const c = trial('NCT04270656').criteria.find((x) => x.id === 'pump-user');
    expect(c).toMatchObject({ type: 'exclusion', source: 'site', condition: { fact: 'pump', value: true } });
  });

  test('NCT04270656 registry facts and key criteria are those of the clinical rules', () => {
    const t = trial('NCT04270656');
    expect(t.sponsor).toBe('Nantes University Hospital');
    expect(t.registry).toMatchObject({ status: 'recruiting', endDate: '2023-04-05', lastUpdated: '2021-03-29' });
    expect(t.criteria.filter((c) => c.key).map((c) => c.id)).toEqual([
      't2d',
      'mdi-glargine-degludec',
      'hba1c',
      'steatosis',
    ]);
    expect(t.notes.join(' ')).toMatch(/marked recruiting/);
  });

  test('NCT05153070 encodes its population line and keeps the seed age range with a note on 16-45', () => {
    const t = trial('NCT05153070');
    expect(new Set(t.criteria.filter((c) => !c.manual && c.source !== 'site').map((c) => c.text))).toEqual(
      new Set([APHP_POPULATION]),
    );
    expect(t.criteria.filter((c) => c.key).map((c) => c.id)).toEqual(['t1d-recent', 'age-16-35']);
    // The copy lists no exclusions: one manual criterion keeps the card from reading "0 to confirm".
    expect(t.criteria.filter((c) => c.manual).map((c) => c.id)).toEqual(['study-team-screening']);
    expect(t.sponsor).toContain('AP-HP');
    expect(t.registry).toMatchObject({ status: 'recruiting', startDate: '2022-09-21', completionDate: '2026-07-21' });
    expect(t.registry.contact).toEqual({
      name: 'David Klatzmann, MD, Ph.D',
      phone: '01 42 17 74 61',
      email: 'david.klatzmann@sorbonne-universite.fr',
    });
    expect(t.notes.join(' ')).toMatch(/16 to 45/);
  });
});

describe('registry dates', () => {
  const nantes = () => trial('NCT04270656');
  test.each([
    ['2023-04-04T23:00:00Z', false],
    ['2023-04-05T12:00:00Z', false],
    ['2023-04-06T00:00:00Z', true],
  ])('a completion date of 2023-04-05 has passed at %s: %s', (now, passed) => {
    expect(completionPassed(nantes(), new Date(now)) !== undefined).toBe(passed);
  });

  test('the warning names the record date and the completion date', () => {
    const passed = completionPassed(nantes(), new Date('2026-11-22T10:00:00Z'))!;
    expect(staleDateWarning(passed)).toBe(
      'Registry record dated 2021-03-29 lists completion 2023-04-05 — confirm recruitment with the study team.',
    );
  });

  test('record age counts whole days since retrieval', () => {
    expect(retrievalAgeDays(nantes(), new Date('2027-11-23T08:00:00Z'))).toBe(366);
  });
});

/** A trial file as free JSON, for tests that break it on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('invalid catalogue files stop loading, naming the file and the field', () => {
  let dir: string;
  const base = (): Json => JSON.parse(readFileSync(join(TRIALS_DIR, 'NCT05153070-t1d-ciclosporin-il2.json'), 'utf8'));
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trials-invalid-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, (t: Json) => unknown, string, string][] = [
    [
      'a missing sponsor',
      (t) => {
        delete t.sponsor;
      },
      'sponsor',
      '',
    ],
    [
      'an id that is not an NCT number',
      (t) => {
        t.id = 'TRIAL-1';
      },
      'id',
      '',
    ],
    [
      'an unknown registry status',
      (t) => {
        t.registry.status = 'open';
      },
      'registry.status',
      '',
    ],
    [
      'a date that is not a calendar date',
      (t) => {
        t.registry.completionDate = '2026-02-30';
      },
      'registry.completionDate',
      '',
    ],
    [
      'a missing retrieval date',
      (t) => {
        delete t.registry.retrievedOn;
      },
      'registry.retrievedOn',
      '',
    ],
    [
      'a malformed contact email',
      (t) => {
        t.registry.contact.email = 'not-an-email';
      },
      'registry.contact.email',
      '',
    ],
    [
      'a summary of 140 characters or more',
      (t) => {
        t.shortTitle = 'x'.repeat(110);
      },
      'shortTitle',
      '',
    ],
    [
      'an unknown fact',
      (t) => {
        t.criteria[0].condition.all[0].fact = 'condition.t3d';
      },
      'criteria[0].condition.all[0].fact',
      'unknown fact',
    ],
    [
      'a number operator on a boolean fact',
      (t) => {
        t.criteria[0].condition.all[0].operator = 'greaterThan';
      },
      'criteria[0].condition.all[0].operator',
      '',
    ],
    [
      'a value of the wrong type',
      (t) => {
        t.criteria[1].condition.all[0].value = '16';
      },
      'criteria[1].condition.all[0].value',
      '',
    ],
    [
      'an unknown operator',
      (t) => {
        t.criteria[1].condition.all[0].operator = 'atLeast';
      },
      'criteria[1].condition.all[0].operator',
      '',
    ],
    [
      'duplicate criterion ids',
      (t) => {
        t.criteria[2].id = 't1d-recent';
      },
      'criteria[2].id',
      'duplicate',
    ],
    [
      'no key criterion',
      (t) => {
        for (const c of t.criteria) delete c.key;
      },
      'criteria',
      'key',
    ],
    [
      'a key exclusion',
      (t) => {
        t.criteria[0].type = 'exclusion';
      },
      'criteria[0].key',
      '',
    ],
    [
      'a key manual criterion',
      (t) => {
        t.criteria[0] = { ...t.criteria[0], condition: undefined, manual: { reason: 'ask' } };
      },
      'criteria[0].key',
      '',
    ],
    [
      'both a condition and manual',
      (t) => {
        t.criteria[2].manual = { reason: 'ask' };
      },
      'criteria[2].condition',
      '',
    ],
    [
      'whenNotMet without a reason',
      (t) => {
        delete t.criteria[2].unknownReason;
      },
      'criteria[2].unknownReason',
      '',
    ],
    [
      'an unknown key',
      (t) => {
        t.criteria[2].keyy = true;
      },
      'criteria[2]',
      '',
    ],
  ];

  test.each(cases)('%s', (_name, mutate, field, message) => {
    const sub = mkdtempSync(join(dir, 'case-'));
    const t = base();
    mutate(t);
    const id = typeof t.id === 'string' ? t.id : 'x';
    writeFileSync(join(sub, `${id}.json`), JSON.stringify(t));
    let error: unknown;
    try {
      loadTrialCatalogue(sub, knownFacts);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RulesError);
    const e = error as RulesError;
    expect(e.file).toContain(`${id}.json`);
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
  });

  test('a file name that does not start with the trial id', () => {
    const sub = mkdtempSync(join(dir, 'name-'));
    writeFileSync(join(sub, 'aphp-trial.json'), JSON.stringify(base()));
    expect(() => loadTrialCatalogue(sub, knownFacts)).toThrow(
      expect.objectContaining({ file: expect.stringContaining('aphp-trial.json'), field: 'id' }),
    );
  });

  test('the same trial in two files', () => {
    const sub = mkdtempSync(join(dir, 'dup-'));
    writeFileSync(join(sub, 'NCT05153070-a.json'), JSON.stringify(base()));
    writeFileSync(join(sub, 'NCT05153070-b.json'), JSON.stringify(base()));
    expect(() => loadTrialCatalogue(sub, knownFacts)).toThrow(
      expect.objectContaining({ file: expect.stringContaining('NCT05153070-b.json'), field: 'id' }),
    );
  });

  test('a file that is not JSON', () => {
    const sub = mkdtempSync(join(dir, 'json-'));
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'NCT05153070.json'), '{ "id": ');
    expect(() => loadTrialCatalogue(sub, knownFacts)).toThrow(RulesError);
  });
});

describe('default age limits (rules/trial-defaults.json)', () => {
  /** Every leaf of a condition, flattened. */
  const leaves = (c: unknown): { fact: string; params?: { maxAgeDays?: number } }[] => {
    const node = c as Record<string, unknown>;
    if (Array.isArray(node.all)) return node.all.flatMap(leaves);
    if (Array.isArray(node.any)) return node.any.flatMap(leaves);
    if (node.not) return leaves(node.not);
    return [node as { fact: string }];
  };
  const shipped = JSON.parse(readFileSync(join(DEFAULT_RULES_DIR, 'trial-defaults.json'), 'utf8')) as {
    maxAgeDays: Record<string, number>;
  };

  const raw = readdirSync(TRIALS_DIR).map(
    (f) => JSON.parse(readFileSync(join(TRIALS_DIR, f), 'utf8')) as { id: string; criteria: { condition?: unknown }[] },
  );
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trial-defaults-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(Object.entries(shipped.maxAgeDays))(
    'a criterion leaf reading %s with no limit of its own gets %i days; one with its own keeps it',
    (fact, days) => {
      let defaulted = 0;
      for (const file of raw) {
        const compiled = trial(file.id).criteria;
        file.criteria.forEach((c, i) => {
          if (!c.condition) return;
          const before = leaves(c.condition);
          const after = leaves(compiled[i]!.condition);
          before.forEach((leaf, j) => {
            if (leaf.fact !== fact) return;
            const own = leaf.params?.maxAgeDays;
            expect(after[j]!.params?.maxAgeDays).toBe(own ?? days);
            if (own === undefined) defaulted++;
          });
        });
      }
      if (fact === 'hba1c.percent' || fact === 'egfr.value') expect(defaulted).toBeGreaterThan(0);
    },
  );

  test.each([
    ['a fact the registry does not know', { 'hba1c.percentage': 183 }, 'maxAgeDays.hba1c.percentage'],
    ['a fact with no date', { age: 365 }, 'maxAgeDays.age'],
  ])('%s stops loading with the field named', (_name, maxAgeDays, field) => {
    const root = mkdtempSync(join(dir, 'defaults-'));
    mkdirSync(join(root, 'trials'));
    writeFileSync(join(root, 'trial-defaults.json'), JSON.stringify({ maxAgeDays }));
    expect(() => loadTrialCatalogue(join(root, 'trials'), knownFacts)).toThrow(
      expect.objectContaining({ file: expect.stringContaining('trial-defaults.json'), field }),
    );
  });

  test('a limit in the file reaches the criteria: 30 days makes a 2-month-old HbA1c unknown', () => {
    const root = mkdtempSync(join(dir, 'defaults-'));
    mkdirSync(join(root, 'trials'));
    writeFileSync(join(root, 'trial-defaults.json'), JSON.stringify({ maxAgeDays: { 'hba1c.percent': 30 } }));
    const nantes = readFileSync(join(TRIALS_DIR, 'NCT04270656-pump-vs-mdi-t2d-nafld.json'), 'utf8');
    writeFileSync(join(root, 'trials', 'NCT04270656.json'), nantes);
    const strict = loadTrialCatalogue(join(root, 'trials'), knownFacts);
    const hba1cLeaves = strict.trials[0]!.trial.criteria.flatMap((c) => (c.condition ? leaves(c.condition) : []));
    const limited = hba1cLeaves.filter((l) => l.fact === 'hba1c.percent');
    expect(limited.length).toBeGreaterThan(0);
    for (const leaf of limited) expect(leaf.params?.maxAgeDays).toBe(30);
  });
});

describe('criterion semantics', () => {
  const make = (criteria: unknown[], status = 'recruiting') =>
    TrialSchema.parse({
      id: 'NCT00000001',
      title: 'Semantics',
      shortTitle: 'semantics',
      sponsor: 'S',
      site: { name: 'S', contact: { name: 'C' } },
      registry: { status, retrievedOn: '2026-11-01', url: 'https://clinicaltrials.gov/study/NCT00000001' },
      criteria,
    });
  const now = new Date('2026-11-22T00:00:00Z');
  const key = {
    id: 'adult',
    type: 'inclusion',
    key: true,
    text: 'Adult',
    condition: { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
  };
  const cv = {
    id: 'cv',
    type: 'exclusion',
    text: 'Severe cardiovascular disease',
    condition: { fact: 'condition.severe-cardiovascular', operator: 'equal', value: true },
    whenNotMet: 'unknown',
    unknownReason: 'Confirm.',
  };
  const steatogenic = {
    id: 'drug',
    type: 'exclusion',
    text: 'Amiodarone unless stable',
    condition: { fact: 'medication.amiodarone', operator: 'equal', value: true },
    whenMet: 'unknown',
    unknownReason: 'Confirm the dose is stable.',
  };
  const evaluate = (criteria: unknown[], values: [string, number | string | boolean][], status?: string) => {
    const c = compileTrials([{ trial: make(criteria, status), file: 'x.json' }]);
    return {
      all: c.evaluateAll(ruleInput(new Map(values)), now)[0]!,
      matches: c.matches(ruleInput(new Map(values)), now),
    };
  };

  test.each<[string, [string, boolean][], string, boolean]>([
    ['coded positive: met, and the exclusion blocks', [['condition.severe-cardiovascular', true]], 'met', false],
    ['no code: unknown, never not-met', [['condition.severe-cardiovascular', false]], 'unknown', true],
    ['data unknown: unknown', [], 'unknown', true],
  ])('manual unless coded (whenNotMet): %s', (_name, values, status, fires) => {
    const { all, matches } = evaluate([key, cv], [['age', 40], ...values]);
    expect(all.criteria[1]!.status).toBe(status);
    expect(all.fires).toBe(fires);
    expect(matches.length).toBe(fires ? 1 : 0);
  });

  test.each<[string, [string, boolean][], string]>([
    ['on the drug: unknown, to confirm', [['medication.amiodarone', true]], 'unknown'],
    ['not on the drug: not met', [['medication.amiodarone', false]], 'not-met'],
  ])('ruled out but never in (whenMet): %s', (_name, values, status) => {
    const { all } = evaluate([key, steatogenic], [['age', 40], ...values]);
    expect(all.criteria[1]!.status).toBe(status);
    expect(all.fires).toBe(true);
  });

  test('a key criterion left unknown blocks the card; a non-key unknown does not', () => {
    const other = {
      id: 'hba1c',
      type: 'inclusion',
      text: 'HbA1c',
      condition: { fact: 'hba1c.percent', operator: 'greaterThan', value: 7 },
    };
    expect(evaluate([key, other], []).all.blockers).toEqual([
      { kind: 'key-not-met', criterionId: 'adult', unknown: true },
    ]);
    expect(evaluate([key, other], [['age', 30]]).all.fires).toBe(true);
    expect(
      evaluate(
        [key, other],
        [
          ['age', 30],
          ['hba1c.percent', 6],
        ],
      ).all.blockers,
    ).toEqual([{ kind: 'inclusion-not-met', criterionId: 'hba1c' }]);
  });

  test('the leaves cited for a status count those under `not` the other way round', () => {
    const criterion = make([
      key,
      {
        id: 'not-t1d-or-old',
        type: 'inclusion',
        text: 'No type 1 diabetes, or over 60',
        condition: {
          any: [
            { not: { fact: 'condition.t1d', operator: 'equal', value: true } },
            { fact: 'age', operator: 'greaterThan', value: 60 },
          ],
        },
      },
    ]).criteria[1]!;
    const outcome = compileCriterion(criterion).evaluate(
      ruleInput(
        new Map<string, boolean | number>([
          ['condition.t1d', false],
          ['age', 40],
        ]),
      ),
    );
    expect(outcome.status).toBe('met');
    expect(decisiveLeaves(outcome).map((l) => [l.condition.fact, l.status])).toEqual([['condition.t1d', 'not-met']]);
  });

  test('a trial that is not recruiting never fires', () => {
    const { all, matches } = evaluate([key], [['age', 40]], 'active-not-recruiting');
    expect(all.blockers).toEqual([{ kind: 'not-recruiting', status: 'active-not-recruiting' }]);
    expect(matches).toEqual([]);
  });

  test('manual criteria are unknown with their reason and never met', () => {
    const manual = { id: 'consent', type: 'inclusion', text: 'Consent', manual: { reason: 'Ask.' } };
    const { all } = evaluate([key, manual], [['age', 40]]);
    expect(all.criteria[1]!.status).toBe('unknown');
    expect(all.unknown).toBe(1);
    expect(all.met).toBe(1);
  });

  test('cards are ordered by criteria met, then by fewest unknown', () => {
    const trialWith = (id: string, extra: unknown[]) => ({
      trial: { ...make([key, ...extra]), id, shortTitle: id },
      file: `${id}.json`,
    });
    const metCrit = (id: string) => ({
      id,
      type: 'inclusion',
      text: id,
      condition: { fact: 'age', operator: 'lessThan', value: 99 },
    });
    const manual = (id: string) => ({ id, type: 'inclusion', text: id, manual: { reason: 'Ask.' } });
    const c = compileTrials([
      trialWith('NCT00000001', [manual('m1'), manual('m2')]),
      trialWith('NCT00000002', [metCrit('a'), metCrit('b'), manual('m1')]),
      trialWith('NCT00000003', [metCrit('a'), metCrit('b')]),
      trialWith('NCT00000004', [manual('m1')]),
    ]);
    expect(c.matches(ruleInput(new Map([['age', 40]])), now).map((o) => o.trial.id)).toEqual([
      'NCT00000003',
      'NCT00000002',
      'NCT00000004',
      'NCT00000001',
    ]);
  });
});
