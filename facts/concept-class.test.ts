import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { loadValueSets } from '../rules/value-sets.js';
import type { ReadConcept } from './coding.js';
import { classifyConcept } from './concept-class.js';

const valueSets = loadValueSets(DEFAULT_RULES_DIR);
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

const concept = (codings: ReadConcept['codings'], text?: string): ReadConcept => ({
  codings,
  ...(text !== undefined ? { text } : {}),
  malformed: false,
});

/** A problem-list entry under the EHR's own code, named by its words alone. */
const problemUnderLocalCode = (text: string) =>
  classifyConcept(
    valueSets,
    concept([{ system: 'http://example.org/local', code: 'X1' }], text),
    'condition',
    'fallback',
  );

// classifyConcept keeps its answers across calls (concept-class.ts): a concept seen before must
// still be classified by its own codes and words, never by a neighbour's.
describe('classifyConcept memoised', () => {
  test.each([
    {
      name: 'a text that spells a coded concept is still only words',
      first: concept([{ system: ICD10, code: 'E11.9', display: '' }]),
      second: concept([], `${ICD10}E11.9`),
    },
    {
      name: 'a text spelling the old key separators is still only words',
      first: concept([{ system: ICD10, code: 'E11.9' }]),
      second: concept([], `\u0001${ICD10}\u0002E11.9\u0002`),
    },
    {
      name: 'the same code under another system is another concept',
      first: concept([{ system: ICD10, code: 'E11.9' }]),
      second: concept([{ system: 'http://example.org/local', code: 'E11.9' }]),
    },
    {
      name: 'a code in the display field is not a code',
      first: concept([{ system: ICD10, code: 'E11.9' }]),
      second: concept([{ system: ICD10, display: 'E11.9' }]),
    },
    {
      name: 'a long text past the memo is still classified by its own codes',
      first: concept([{ system: ICD10, code: 'E11.9' }], 'x'.repeat(3_000)),
      second: concept([{ system: 'http://example.org/local', code: 'E11.9' }], 'x'.repeat(3_000)),
    },
  ])('$name', ({ first, second }) => {
    const a = classifyConcept(valueSets, first, 'condition', 'always');
    expect(a.byCode).toEqual(['t2d']);
    const b = classifyConcept(valueSets, second, 'condition', 'always');
    expect(b.byCode).toEqual([]);
  });

  test('the kind and the use of names are part of what is kept', () => {
    const words = concept([], 'Type 2 diabetes mellitus');
    expect(classifyConcept(valueSets, words, 'condition', 'always').ids).toEqual(['t2d']);
    expect(classifyConcept(valueSets, words, 'condition', 'never').ids).toEqual([]);
    expect(classifyConcept(valueSets, words, 'medication', 'always').ids).toEqual([]);
  });

  test('words given apart from the concept are part of what is kept', () => {
    const coded = concept([{ system: 'http://example.org/local', code: 'X9' }]);
    expect(classifyConcept(valueSets, coded, 'condition', 'always', ['Type 2 diabetes']).ids).toEqual(['t2d']);
    expect(classifyConcept(valueSets, coded, 'condition', 'always').ids).toEqual([]);
    expect(classifyConcept(valueSets, coded, 'condition', 'always', ['Type 2 diabetes', 'NAFLD']).ids).toEqual([
      't2d',
      'steatosis',
    ]);
  });

  test('a second call gives the same answer as the first', () => {
    const c = concept([{ system: ICD10, code: 'K76.0', display: 'Fatty liver' }], 'NAFLD');
    const first = classifyConcept(valueSets, c, 'condition', 'always');
    expect(classifyConcept(valueSets, { ...c, codings: [...c.codings] }, 'condition', 'always')).toEqual(first);
    expect(first.ids).toContain('steatosis');
  });
});

// A bariatric operation is a past or planned event (value set flag pastOrPlanned): words that put
// a diagnosis in the past or the future still name it; a denial or someone else's history does not.
describe('bariatric surgery named in a problem-list text', () => {
  test.each<[string, string, boolean]>([
    ['status post', 'S/P Roux-en-Y gastric bypass (2016)', true],
    ['history of', 'History of gastric bypass', true],
    ['French antécédent', 'ATCD de sleeve gastrectomie (2019)', true],
    ['a band in place', 'Lap band in place', true],
    ['a planned operation', 'Candidate for bariatric surgery, evaluation in progress', true],
    ['French project', 'Projet de chirurgie bariatrique', true],
    ['denied', 'No history of bariatric surgery', false],
    ['French denial', "Pas d'antécédent de chirurgie bariatrique", false],
    ["someone else's", 'Family history: mother had gastric bypass', false],
    ['refused', 'Refuses bariatric surgery', false],
    ['declined', 'Bariatric surgery consult declined', false],
    ['French refusal', 'Refus de chirurgie bariatrique', false],
    ['a contraindication', 'Contre-indication à la chirurgie bariatrique', false],
    ['a compression sleeve is no operation', 'Lymphedema, compression sleeve left arm', false],
    ['French "de sleeve"', 'ATCD de sleeve (2019)', true],
    ['a past diagnosis of another set stays out', 'History of type 2 diabetes', false],
  ])('%s: "%s"', (_name, text, named) => {
    const c = problemUnderLocalCode(text);
    expect(c.ids.includes('bariatric-surgery-status')).toBe(named);
    if (text.startsWith('History of type 2')) expect(c.ids).not.toContain('t2d');
  });
});

// A denial before a name denies what follows it, not what came before: the finding named ahead of
// it stays named (a type 1 diabetes must never read as absent because of "pas d'hypoglycémie").
describe('a denial in a problem-list text denies what follows it', () => {
  test.each<[string, string, string, boolean]>([
    ['a type 1 diabetes before "pas d\'"', "Diabète de type 1 pas d'hypoglycémie sévère", 't1d', true],
    ['a type 1 diabetes before "no"', 'Type 1 diabetes no DKA', 't1d', true],
    ['a type 1 diabetes before "aucune"', 'Diabète de type 1 aucune complication', 't1d', true],
    ['a cirrhosis before "pas d\'"', "Cirrhose hépatique Child A pas d'ascite", 'cirrhosis', true],
    ['a pregnancy before "aucune"', 'Grossesse en cours aucune complication', 'pregnancy', true],
    ['a type 2 diabetes before "sans"', 'Diabète de type 2 sans complication', 't2d', true],
    ['a type 2 diabetes before "pas d\'"', "Diabète de type 2 pas d'insuline", 't2d', true],
    ['a denial before the name', "Pas d'antécédent de diabète de type 1", 't1d', false],
    ['"no" before the name', 'No type 1 diabetes', 't1d', false],
    ['"non insulino-dépendant" is a name, not a denial', 'Diabète non insulino-dépendant', 't2d', true],
  ])('%s: "%s"', (_name, text, id, named) => {
    const c = problemUnderLocalCode(text);
    expect(c.ids.includes(id)).toBe(named);
  });
});

// A diabetes type written the way classifications sort it, after a comma: one name, not a
// diabetes of no type and a stray "type 2" (a review of problem lists, 2026-12-06).
describe('a diabetes type after a comma', () => {
  test.each<[string, string, string]>([
    ['US inverted', 'Diabetes mellitus, type 2', 't2d'],
    ["Epic's shorthand", 'DM2 (diabetes mellitus, type 2) (HCC)', 't2d'],
    ['French inverted', 'Diabète sucré, type 1', 't1d'],
    ['Roman numeral', 'Diabetes mellitus, type II, uncontrolled', 't2d'],
    ['the US "DM" shorthand', 'Type 1 DM', 't1d'],
    ['another name of LADA', 'Type 1.5 diabetes', 't1d'],
  ])('%s: "%s"', (_name, text, id) => {
    const c = problemUnderLocalCode(text);
    expect(c.ids).toEqual([id]);
  });

  test.each<[string, string, string]>([
    // The type after a comma belongs to the diabetes that begins the item, not to another kind.
    ['a secondary diabetes', 'Steroid-induced diabetes, type 2', 'diabetes-other-type'],
    ['after a transplant', 'Post-transplant diabetes, type 2', 'diabetes-other-type'],
    // "DM type 1" also names myotonic dystrophy: no diabetes type is read beside it.
    ['myotonic dystrophy in French', 'Dystrophie myotonique de Steinert (DM type 1)', ''],
    ['myotonic dystrophy in English', 'Myotonic dystrophy, DM type 1', ''],
  ])('%s: "%s" is not read as a diabetes type', (_name, text, id) => {
    const c = problemUnderLocalCode(text);
    expect(c.ids).toEqual(id === '' ? [] : [id]);
  });
});

// A type left open in a coded record's words ("? LADA", "type 1 vs type 2", "r/o LADA") casts
// doubt on the coded type it excludes: the record is certain of neither.
describe('a diabetes type left open beside a coded one', () => {
  const E119 = { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' };
  test.each<[string, string, boolean]>([
    ['a question mark', 'Type 2 DM, now on insulin, ? LADA', true],
    ['an alternative across a comma', 'Diabetes mellitus, type 1 vs type 2 - GAD pending', true],
    ['a suspicion to rule out', 'Type 2 diabetes mellitus - r/o LADA', true],
    ['a French suspicion', 'DT2, suspicion de LADA', true],
    ["a relative's type 1", 'Type 2 diabetes, family history of type 1 diabetes?', false],
    ['a type 1 ruled out', 'Type 2 diabetes (type 1 ruled out)', false],
    ['another question', 'Type 2 diabetes; HTN?', false],
    // A relative in another clause hides no antibody (a review of the session's diff).
    [
      'an antibody beside a relative in another clause',
      'T2DM, GAD65 antibody positive, wife reports weight loss',
      true,
    ],
  ])('%s: "%s"', (_name, text, doubted) => {
    const c = classifyConcept(valueSets, concept([E119], text), 'condition', 'always');
    expect(c.doubtful?.includes('t2d') ?? false).toBe(doubted);
    expect(c.ids.includes('t2d')).toBe(!doubted);
  });
});

// The regression review of the same day: a denial that governs a predicate or ends the clause
// denies what came before it; refusals concern only operations; "vs" across a text, not "?" in
// another clause, leaves the type open.
describe('denials, refusals and questions read no wider than they are written', () => {
  const local = (text: string) => concept([{ system: 'http://example.org/local', code: 'X1' }], text);
  test.each<[string, string, string, boolean]>([
    [
      '"not confirmed" denies the type before it',
      'Type 2 diabetes not confirmed (GAD antibodies positive)',
      't2d',
      false,
    ],
    ['"no longer" denies it too', 'T2DM no longer present, in remission', 't2d', false],
    ['a denial that ends the clause', 'Insulin pump user: no', 'insulin-pump-status', false],
    ['"not a candidate" names no operation', 'Bariatric surgery: not a candidate', 'bariatric-surgery-status', false],
    [
      '"pas d\'indication" names none either',
      "Chirurgie bariatrique : pas d'indication",
      'bariatric-surgery-status',
      false,
    ],
    ['a refusal elsewhere in the text', 'Bariatric surgery - ineligible', 'bariatric-surgery-status', false],
    ['a type 1 diabetes whose bracket refuses a pump', 'Type 1 diabetes (declined insulin pump)', 't1d', true],
    ['"not at goal" is no denial of the type', 'Type 2 diabetes mellitus not at goal', 't2d', true],
    [
      '"absence de critères" denies the type before it',
      'Diabète de type 2 : absence de critères (HGPO normale)',
      't2d',
      false,
    ],
  ])('%s: "%s"', (_name, text, id, named) => {
    expect(classifyConcept(valueSets, local(text), 'condition', 'fallback').ids.includes(id)).toBe(named);
  });

  test.each([
    'Type 2 diabetes (MODY excluded); ? OSA',
    'Type 2 diabetes, GAD negative, not LADA',
    'Type 2 diabetes; HTN vs white coat syndrome',
  ])('a coded type 2 diabetes stays certain: "%s"', (text) => {
    const c = classifyConcept(
      valueSets,
      concept([{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }], text),
      'condition',
      'always',
    );
    expect(c.ids).toContain('t2d');
  });
});

// A disease that does not go away named in words of history ("H/O type 1 diabetes mellitus" under
// Z86.39): the record neither shows it nor rules it out, so it is in doubt. Words saying it ended
// ("guérie", "resolved") and a relative's disease are read as before.
describe('a lasting disease named in the past', () => {
  const Z8639 = { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z86.39' };
  const E119 = { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' };
  test.each<[string, ReadConcept['codings'], string, readonly string[], readonly string[]]>([
    ['a US history code', [Z8639], 'H/O type 1 diabetes mellitus', [], ['t1d']],
    ['a French antecedent', [Z8639], 'Antécédent de diabète de type 1', [], ['t1d']],
    ['"hx" shorthand', [Z8639], 'Hx T1DM since age 12', [], ['t1d']],
    ['"initialement" beside a type 2 code', [E119], 'DT2; initialement diabète de type 1', ['t2d'], ['t1d']],
    ['a history of cirrhosis', [Z8639], 'History of cirrhosis', [], ['cirrhosis']],
    ['a history of gestational diabetes', [Z8639], 'History of gestational diabetes', [], []],
    ["a relative's type 1", [Z8639], 'Family history of type 1 diabetes', [], []],
    ['a denied history', [Z8639], 'No history of type 1 diabetes', [], []],
    ['a hepatitis said cured', [Z8639], 'Hépatite B chronique guérie', [], []],
    // The regression review that night: a pump said stopped is over; a type 1 diabetes never is.
    ['a pump stopped', [Z8639], 'Previous insulin pump (Omnipod) stopped 2019, back on MDI', [], []],
    ['a pump removed, in French', [Z8639], 'ATCD de pompe à insuline retirée en 2018', [], []],
    ['a pump in the past, not said to be over', [Z8639], 'History of insulin pump use', [], ['insulin-pump-status']],
    ['type 1 in the past, something stopped', [Z8639], 'H/O type 1 diabetes, insulin stopped', [], ['t1d']],
    ['a family history in shorthand', [Z8639], 'FHx T1DM', [], []],
    // A review of the session's diff: a restart undoes "stopped", and "stopped" ends no cirrhosis.
    [
      'a pump stopped then restarted',
      [Z8639],
      'Previous insulin pump stopped then restarted 2024',
      [],
      ['insulin-pump-status'],
    ],
    ['a cirrhosis beside a stopped drink', [Z8639], 'History of cirrhosis, alcohol stopped 2019', [], ['cirrhosis']],
  ])('%s: "%s"', (_name, codings, text, ids, doubtful) => {
    const c = classifyConcept(valueSets, concept(codings, text), 'condition', 'always');
    expect(c.ids).toEqual(ids);
    expect(c.doubtful ?? []).toEqual(doubtful);
    expect(c.namedInPast ?? []).toEqual(doubtful);
  });
});
