import { z } from 'zod';
import { isValidLoincCode } from './loinc-check-digit.js';

const LOINC = 'http://loinc.org';

/** What a value set classifies: the resource field its codes are matched against. */
export const VALUE_SET_KINDS = [
  'condition',
  'observation',
  'medication',
  'device',
  'procedure',
  'route',
  /** What a ServiceRequest asks for (ServiceRequest.code): referrals already on file. */
  'referral',
] as const;

/** A value set kind. */
export type ValueSetKind = (typeof VALUE_SET_KINDS)[number];

/** One code in a value set; `prefix` matches ICD or ATC codes that start with it. */
export const ValueSetConceptSchema = z.strictObject({
  system: z.url(),
  code: z.string().min(1),
  display: z.string().optional(),
  match: z.enum(['exact', 'prefix']).default('exact'),
  verification: z.enum(['V', 'C', 'U']),
  /**
   * The route a product code implies by itself (an ATC H02 code is systemic by definition; an
   * "Oral Tablet" clinical drug is systemic; a "Topical Cream" is local). Only medication concepts.
   */
  route: z.enum(['systemic', 'local']).optional(),
});

/** A value set file under rules/valuesets/. */
export const ValueSetSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case'),
    title: z.string().min(1),
    kind: z.enum(VALUE_SET_KINDS),
    sources: z.array(z.string().min(1)).min(1, 'cite at least one source'),
    notes: z.string().optional(),
    concepts: z.array(ValueSetConceptSchema).min(1),
    /**
     * Names (ingredients, brands, French and English wording) matched as whole words in free
     * text, accents and case folded; a match is lower-confidence evidence.
     */
    names: z.array(z.string().min(2)).optional(),
    /**
     * Words that hold one of the names but name another thing ("stéatose pancréatique",
     * "pancreatic steatosis" for the liver's steatosis). They are matched as names are, longest
     * first, and take their words, so the name inside them does not count; they name no set.
     */
    notNames: z.array(z.string().min(2)).optional(),
    /**
     * Names that, anywhere in a drug's words, make it another treatment than this set's, even
     * where its codes or another name put it here: ritonavir given with nirmatrelvir (Paxlovid)
     * boosts a five-day COVID-19 treatment and is no HIV treatment. Matched as names are.
     */
    notWithNames: z.array(z.string().min(2)).optional(),
    /**
     * A medication of this set counts only when given by this route: a systemic glucocorticoid
     * excludes, a cream or an inhaler does not. The route comes from the product code, the
     * dosage's route, or the dose form in the drug's name; when none tells, the fact is unknown.
     */
    requiresRoute: z.literal('systemic').optional(),
    /**
     * A drug given in courses ("permanent or intermittent glucocorticoids"): an order or statement
     * of it that ended (completed, stopped, its period over) within this many days still counts as
     * a use, so a burst of prednisone last month is on file although no order is active.
     */
    endedCountsForDays: z.number().int().positive().optional(),
    /**
     * A drug whose dose must have stood still for a while (the steatogenic drugs: "unless the dose
     * has been stable for 3 months"): an order or statement of it that ended, or may have ended,
     * within this many days leaves the set to confirm. A stop is a change of dose.
     */
    endedDoubtForDays: z.number().int().positive().optional(),
    /**
     * A drug of this set named in the words of a problem or its notes ("Diabète de type 2 sous
     * Lantus + Trulicity") leaves the set in doubt: it may be prescribed elsewhere, on no order of
     * this record (facts/drugs-in-problem-words.ts).
     */
    problemWordsDoubt: z.literal(true).optional(),
    /**
     * The level of this result at or above which it shows a diabetes by itself (an HbA1c of 6.5 %,
     * the diagnostic threshold of the American Diabetes Association and the WHO): the earliest such
     * result dates the diabetes (fact hba1c.diabeticLevelDays). In the set's own unit (NGSP %).
     */
    diagnosticLevel: z.number().positive().optional(),
    /**
     * How many days past the end of the supply an active order gave (authoredOn plus
     * dispenseRequest.expectedSupplyDuration, once per fill) it still shows the drug is taken.
     * Later, an order never renewed is in doubt: neither counted nor shown absent. A set without
     * it trusts an active order's status alone.
     */
    supplyGraceDays: z.number().int().positive().optional(),
    /**
     * For a set of liver studies that measure fat by FibroScan's controlled attenuation parameter:
     * from `steatosis` dB/m up a CAP shows steatosis, below `none` it shows none, and between the
     * two it decides nothing.
     */
    capCutoffsDbM: z
      .object({ steatosis: z.number().positive(), none: z.number().positive() })
      .refine((c) => c.none <= c.steatosis, { message: 'none must not exceed steatosis' })
      .optional(),
    /**
     * For a set of liver studies that measure fat by MRI's proton density fat fraction (PDFF, %):
     * from `steatosis` % up it shows steatosis, below `none` it shows none, and between the two it
     * decides nothing.
     */
    pdffCutoffsPercent: z
      .object({ steatosis: z.number().positive(), none: z.number().positive() })
      .refine((c) => c.none <= c.steatosis, { message: 'none must not exceed steatosis' })
      .optional(),
    /**
     * For a set of liver studies that measure stiffness (FibroScan, kPa): a stiffness at or above
     * this value does not rule out advanced chronic liver disease, so it leaves cirrhosis to confirm.
     */
    stiffnessRuleOutKpa: z.number().positive().optional(),
    /**
     * For a set of quantitative hCG results, in IU/L: above `pregnant` a level shows a pregnancy,
     * below `negative` none, and between the two it decides nothing.
     */
    hcgCutoffsIuL: z
      .object({ pregnant: z.number().positive(), negative: z.number().positive() })
      .refine((c) => c.negative <= c.pregnant, { message: 'negative must not exceed pregnant' })
      .optional(),
    /**
     * A lifelong condition (type 1 diabetes): a record of it marked inactive, resolved or in
     * remission does not show it is gone, so it leaves the finding unknown rather than absent.
     */
    lifelong: z.literal(true).optional(),
    /**
     * For a lifelong set: the codes and words that put a record of it in remission by its name
     * ("Type 2 diabetes mellitus in remission", ICD-10-CM E11.A). Such a record is read as one
     * marked in remission, whatever its clinicalStatus says: the finding is unknown.
     */
    remission: z
      .strictObject({
        concepts: z.array(ValueSetConceptSchema.omit({ match: true, route: true })),
        words: z.array(z.string().min(2)),
      })
      .optional(),
    /**
     * A disease that does not go away (cirrhosis, hemochromatosis, chronic hepatitis B): a record
     * of it marked inactive, resolved or in remission (an "inactive carrier", a quiet phase) still
     * shows it, so it counts as present, as an operation that happened does (`pastOrPlanned`).
     */
    persistent: z.literal(true).optional(),
    /**
     * A finding that comes and goes (a steatosis regresses with weight loss) known only from a
     * visit's diagnosis (Condition category encounter-diagnosis), which no one keeps current as a
     * problem list is kept: older than this many days (by its recorded date, else its onset), it
     * leaves the finding to confirm. The problem list's own entries keep no such limit.
     */
    visitDiagnosisMaxAgeDays: z.number().int().positive().optional(),
    /**
     * Value sets a record cannot also belong to (type 1 and type 2 diabetes): a record whose codes
     * or words name this set and one of these says nothing certain about either, so it is doubtful
     * for both ("E11.9, Diabète insulinodépendant"; "E10.9, DNID sous insuline").
     */
    excludes: z.array(z.string().min(1)).optional(),
    /**
     * Value sets whose CODES, beside a code of this set in one record, leave the finding unsaid,
     * though their words would not: Epic's "Diabetes mellitus (HCC)" carries SNOMED 73211009
     * (diabetes of no stated type) and E11.9, ICD-10-CM's default for diabetes with no type given.
     * Both sets are in doubt for such a record.
     */
    codesExclude: z.array(z.string().min(1)).optional(),
    /**
     * A finding that is an episode (a pregnancy): a record also in another set ("pre-existing type
     * 1 diabetes in pregnancy") is dated by the episode, so for that other set its onset only
     * shows the disease had begun by then.
     */
    datesEpisode: z.literal(true).optional(),
    /**
     * A disease that does not go away and that any report may state (an endoscopy finding
     * varices, a pathology report a cirrhosis, a consultation note), or a Condition's note: the
     * words of every final report and of every Condition's notes count as a lower-confidence
     * record of it (facts/disease-in-words.ts).
     */
    statedInReports: z.literal(true).optional(),
    /**
     * A disease whose mention in a report or a Condition's note must not go unseen, but whose
     * words alone must not prove it either (type 1 diabetes: a trial recruits on it): a final
     * report's conclusion or a note that names it, affirmed, hedged or in the past ("GAD65
     * antibody POSITIVE, consistent with LADA", "Antécédent de diabète de type 1"), leaves a
     * finding the codes do not show unknown (facts/disease-in-words.ts).
     */
    doubtedInReports: z.literal(true).optional(),
    /**
     * A code of this set in a Condition whose own words deny or doubt the finding ("Pas de
     * stéatose", "Suspected fatty liver", "R/O NAFLD" under K76.0) is in doubt rather than present.
     */
    wordsDoubtCode: z.literal(true).optional(),
    /**
     * A finding asked for as a diffuse one (liver steatosis): words that place it in one part of the
     * organ ("focal", "localisée au segment IV", "zone de stéatose") leave it in doubt when a report
     * or a problem's text names it (facts/finding-text.ts).
     */
    diffuseOnly: z.literal(true).optional(),
    /**
     * A finding that is a past or planned event (bariatric surgery done or to come): words that
     * put a diagnosis in the past or the future ("history of gastric bypass", "ATCD de sleeve",
     * "bypass planned") still name it. Denials, suspicions and someone else's history never do.
     */
    pastOrPlanned: z.literal(true).optional(),
    /**
     * Condition value sets of a disease the code does not name ("Liver disease, unspecified",
     * K76.9): a record in this set whose words name no other set of the kind leaves these sets
     * unknown rather than absent ("HAI type 1" or "CBP sous AUDC" under K76.8 may be an autoimmune
     * hepatitis or a biliary cholangitis).
     */
    leavesOpen: z.array(z.string().min(1)).optional(),
  })
  .superRefine((vs, ctx) => {
    if (vs.leavesOpen && vs.kind !== 'condition') {
      ctx.addIssue({ code: 'custom', path: ['leavesOpen'], message: 'only condition value sets leave others open' });
    }
    if (vs.persistent && vs.kind !== 'condition') {
      ctx.addIssue({ code: 'custom', path: ['persistent'], message: 'only condition value sets are persistent' });
    }
    if (vs.doubtedInReports && (vs.kind !== 'condition' || vs.statedInReports)) {
      ctx.addIssue({
        code: 'custom',
        path: ['doubtedInReports'],
        message: 'only condition value sets not stated in reports are doubted in reports',
      });
    }
    if (vs.remission && !vs.lifelong) {
      ctx.addIssue({ code: 'custom', path: ['remission'], message: 'only lifelong value sets mark a remission' });
    }
    if (vs.lifelong && vs.kind !== 'condition') {
      ctx.addIssue({ code: 'custom', path: ['lifelong'], message: 'only condition value sets are lifelong' });
    }
    if (vs.endedCountsForDays && vs.kind !== 'medication') {
      ctx.addIssue({
        code: 'custom',
        path: ['endedCountsForDays'],
        message: 'only medication value sets have courses',
      });
    }
    if (vs.problemWordsDoubt && vs.kind !== 'medication') {
      ctx.addIssue({ code: 'custom', path: ['problemWordsDoubt'], message: 'only medication value sets name drugs' });
    }
    if (vs.endedDoubtForDays && vs.kind !== 'medication') {
      ctx.addIssue({ code: 'custom', path: ['endedDoubtForDays'], message: 'only medication value sets have courses' });
    }
    if (vs.visitDiagnosisMaxAgeDays && vs.kind !== 'condition') {
      ctx.addIssue({
        code: 'custom',
        path: ['visitDiagnosisMaxAgeDays'],
        message: 'only condition value sets have visit diagnoses',
      });
    }
    if (vs.diagnosticLevel && vs.kind !== 'observation') {
      ctx.addIssue({ code: 'custom', path: ['diagnosticLevel'], message: 'only observation value sets have a level' });
    }
    if (vs.supplyGraceDays && vs.kind !== 'medication') {
      ctx.addIssue({ code: 'custom', path: ['supplyGraceDays'], message: 'only medication value sets have a supply' });
    }
    if (vs.requiresRoute && vs.kind !== 'medication') {
      ctx.addIssue({ code: 'custom', path: ['requiresRoute'], message: 'only medication value sets have a route' });
    }
    for (const [i, c] of vs.concepts.entries()) {
      // A LOINC code with a wrong check digit is a typo that would silently match nothing.
      if (c.system === LOINC && !isValidLoincCode(c.code)) {
        ctx.addIssue({ code: 'custom', path: ['concepts', i, 'code'], message: 'not a LOINC code (check digit)' });
      }
      if (c.route && vs.kind !== 'medication') {
        ctx.addIssue({
          code: 'custom',
          path: ['concepts', i, 'route'],
          message: 'only medication concepts imply a route',
        });
      }
    }
  });

/** A validated value set. */
export type ValueSet = z.infer<typeof ValueSetSchema>;
/** One concept of a value set. */
export type ValueSetConcept = z.infer<typeof ValueSetConceptSchema>;
