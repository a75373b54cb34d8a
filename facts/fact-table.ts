import type { FactInfo } from '../rules/condition-schema.js';
import type { RuleValue } from '../rules/condition-evaluator.js';
import { ageFact, recordedMaleFact, sexFact } from './age.js';
import { abuseBesideRiskyUse, ALCOHOL_USE_RISK, alcoholFact, auditCFact, riskyUseObserved } from './alcohol.js';
import { EGFR_SETS, egfrFact } from './egfr.js';
import type { FactContext } from './fact-context.js';
import type { Fact } from './fact.js';
import { HBA1C_SETS, hba1cFact, HEMOGLOBINOPATHY_SET } from './hba1c.js';
import { diabeticHba1cDays } from './hba1c-history.js';
import { hfeGenotypeFact, type HfeGenotypeFinding } from './hfe-genotype.js';
import { IMAGING_SET, liverStudies, STEATOSIS_SETS, steatosisImagingFact } from './imaging.js';
import { cirrhosisImagingFact, type CirrhosisImagingFinding } from './imaging-cirrhosis.js';
import { statedTexts, withDoubtingWords, withStatedDisease } from './disease-in-words.js';
import { insulinRegimen, rateDosedInsulin } from './insulin-regimen.js';
import { ISLET_AUTOANTIBODY_SET, isletAutoantibodyFact, type IsletAutoantibodyFinding } from './islet-autoantibody.js';
import { mdiRunInFact } from './mdi-run-in.js';
import {
  GESTATIONAL_DIABETES_SET,
  HCG_QUANTITATIVE_SET,
  PREGNANCY_OBSERVATION_SETS,
  pregnancyObservationFact,
  type PregnancyObservationFinding,
} from './pregnancy-observation.js';
import {
  HBSAG_SET,
  HBV_DNA_SET,
  HCV_ANTIBODY_SET,
  HCV_RNA_SET,
  hbsagFact,
  hbvDnaFact,
  hcvFact,
  type HbvDnaFinding,
} from './viral-hepatitis.js';
import type {
  AgeFinding,
  AlcoholFinding,
  AuditCFinding,
  ConditionFinding,
  EgfrFinding,
  Hba1cFinding,
  ImagingFinding,
  InsulinRegimen,
  MdiRunIn,
  MedicationFinding,
  PatientStatus,
  PumpReferralFinding,
  SerologyFinding,
  Sex,
  TrialReferralsFinding,
} from './patient-facts.js';
import { alcoholicBesideStudies } from './imaging-alcohol.js';
import { diabetesDrugOnFileDays, insulinOnFileDays } from './diabetes-drug-on-file.js';
import { patientStatusFact } from './patient-status.js';
import { checkedAgainstStudies } from './steatosis-condition.js';
import { PUMP_CONDITION_SET, PUMP_PROCEDURE_SET, pumpFact } from './pump-status.js';
import { pumpReferralFact, trialReferralsFact } from './referrals.js';
import type { NameReading } from './rule-facts.js';

/** How rules see one name of a fact: its type and meaning, and how it is read from the fact's value. */
export interface NameView<V> extends NameReading<V>, FactInfo {
  readonly description: string;
}

/** One fact of the table: how it is read from the record, and the names rules see it by. */
export interface FactEntry<V> {
  readonly description: string;
  /** Reads the fact; facts it depends on come from the context, memoised. */
  readonly read: (ctx: FactContext) => Fact<V>;
  /** The names rule files may use, by full name. */
  readonly names: Readonly<Record<string, NameView<V>>>;
}

function entry<V>(e: FactEntry<V>): FactEntry<V> {
  return e;
}

/** A number, or the range when the value is only known within one. */
function valueOrRange(value: number, range: { low?: number; high?: number } | undefined): RuleValue {
  return range ?? value;
}

/**
 * For facts that read no medication record: the order hooks' what-if record keeps them rather
 * than computing them again (FactContext.once). Only the pump, the regimen and the run-in read
 * medications.
 */
const MEDICATION_FREE = { medicationFree: true } as const;

// Readers of the facts other facts depend on, memoised per record.
const readHba1c = (ctx: FactContext) =>
  ctx.once(
    'hba1c',
    () =>
      hba1cFact(
        ctx.observations(),
        ctx.latestUnproven(HBA1C_SETS),
        ctx.now,
        ctx.dq,
        ctx.reports(),
        ctx.condition(HEMOGLOBINOPATHY_SET),
      ),
    MEDICATION_FREE,
  );
const readPump = (ctx: FactContext) =>
  ctx.once('pump', () =>
    pumpFact(
      ctx.record,
      ctx.valueSets,
      {
        condition: ctx.condition(PUMP_CONDITION_SET),
        procedure: ctx.procedure(PUMP_PROCEDURE_SET),
        rateDosed: rateDosedInsulin(ctx.medications().uses),
        pumpSupplies: ctx.medications().uses.pumpSupplies,
        pumpPlans: ctx.medications().uses.pumpPlans,
      },
      ctx.dq,
      ctx.now,
    ),
  );
const readInsulin = (ctx: FactContext) =>
  ctx.once('insulin', () => insulinRegimen(ctx.medications().uses, readPump(ctx), ctx.dq));

// Alcohol abuse, which heavy or risky drinking on file leaves to confirm (alcohol.ts).
const ALCOHOL_ABUSE = 'alcohol-abuse';
// Alcoholic liver disease, which a liver study naming alcohol beside a steatosis shows or leaves
// to confirm (imaging-alcohol.ts).
const ALCOHOLIC_LIVER_DISEASE = 'alcoholic-liver-disease';

// The liver studies of a record, read once for the steatosis and the NASH on its problem list.
const studiesOf = new WeakMap<FactContext, ReturnType<typeof liverStudies>>();
function readLiverStudies(ctx: FactContext): ReturnType<typeof liverStudies> {
  let studies = studiesOf.get(ctx);
  if (!studies) {
    studies = liverStudies(ctx.observations(), ctx.reports(), ctx.valueSets, ctx.now, ctx.dq);
    studiesOf.set(ctx, studies);
  }
  return studies;
}

// A steatosis or NASH on the problem list stands only while no liver study as recent says none
// (steatosis-condition.ts).
const readSteatosisCondition = (ctx: FactContext, id: string) =>
  ctx.once(`condition:${id}`, () => checkedAgainstStudies(ctx.condition(id), readLiverStudies(ctx)), MEDICATION_FREE);

// The words of the record's reports and problem notes, read once for every disease they may state.
const statedOf = new WeakMap<FactContext, ReturnType<typeof statedTexts>>();
function readStatedTexts(ctx: FactContext): ReturnType<typeof statedTexts> {
  let texts = statedOf.get(ctx);
  if (!texts) {
    texts = statedTexts(ctx.record);
    statedOf.set(ctx, texts);
  }
  return texts;
}

/** Present when any part is; unknown when none is and the list may be incomplete. */
function presence(list: readonly unknown[], r: InsulinRegimen): boolean | undefined {
  if (list.length > 0) return true;
  return r.incomplete ? undefined : false;
}

/**
 * The table of facts: every fact the rules, criteria and cards may read, each once, with its
 * reader and its names. Adding a fact touches one entry here and its reader. The value-set facts
 * (one per condition, procedure and medication value set) are the families below.
 */
export const FACT_TABLE = {
  patient: entry<PatientStatus>({
    description: "Whether the record is a living patient's current record",
    read: (ctx) =>
      ctx.once(
        'patient',
        () => patientStatusFact(ctx.record, ctx.dq, (uri) => ctx.valueSets.canonical(uri)),
        MEDICATION_FREE,
      ),
    names: {
      'patient.deceased': {
        type: 'boolean',
        description: 'Patient.deceasedBoolean is true or a deceasedDateTime is recorded',
        pick: (v) => v.deceased,
      },
      'patient.active': {
        type: 'boolean',
        description: 'The record is active and not replaced by another (merged)',
        pick: (v) => v.active,
      },
    },
  }),
  age: entry<AgeFinding>({
    description: 'Age in whole years',
    read: (ctx) => ctx.once('age', () => ageFact(ctx.record, ctx.now, ctx.dq), MEDICATION_FREE),
    names: {
      age: {
        type: 'number',
        description: 'Age in whole years from Patient.birthDate (a range when the birth date is partial)',
        pick: (v) => (v.youngest === v.oldest ? v.oldest : { low: v.youngest, high: v.oldest }),
      },
    },
  }),
  sex: entry<Sex>({
    description: 'Administrative gender',
    read: (ctx) => ctx.once('sex', () => sexFact(ctx.record, ctx.dq), MEDICATION_FREE),
    names: {
      sex: {
        type: 'string',
        description: "Administrative gender: 'male' | 'female' | 'other' | 'unknown'",
        pick: (v) => v,
      },
    },
  }),
  recordedMale: entry<boolean>({
    description: 'Whether Patient.gender is male',
    read: (ctx) => ctx.once('recordedMale', () => recordedMaleFact(ctx.record), MEDICATION_FREE),
    names: {
      'sex.recordedMale': {
        type: 'boolean',
        description: 'Patient.gender is "male" (false for female, other, unknown or no gender)',
        pick: (v) => v,
      },
    },
  }),
  hba1c: entry<Hba1cFinding>({
    description: 'The latest usable HbA1c',
    read: readHba1c,
    names: {
      'hba1c.percent': {
        type: 'number',
        description: 'Latest usable HbA1c in NGSP % (IFCC mmol/mol converted); a range when same-time results disagree',
        pick: (v) => valueOrRange(v.percent, v.percentRange),
        ageDays: (v) => v.ageDays,
        dated: true,
      },
      'hba1c.ageDays': {
        type: 'number',
        description: 'Days since the latest HbA1c was taken',
        pick: (v) => v.ageDays,
      },
    },
  }),
  egfr: entry<EgfrFinding>({
    description: 'The latest usable eGFR, of any accepted formula',
    read: (ctx) =>
      ctx.once(
        'egfr',
        () => egfrFact(ctx.observations(), ctx.latestUnproven(EGFR_SETS), ctx.now, ctx.dq),
        MEDICATION_FREE,
      ),
    names: {
      'egfr.value': {
        type: 'number',
        description:
          'Latest eGFR in mL/min/1.73m2 (the newest of MDRD, CKD-EPI and other formulas; a bound as "> 60" is a range)',
        pick: (v) => valueOrRange(v.value, v.range),
        ageDays: (v) => v.ageDays,
        dated: true,
      },
      'egfr.method': {
        type: 'string',
        description: "Formula of the eGFR used: 'MDRD' | 'CKD-EPI' | 'other'",
        pick: (v) => v.method,
        ageDays: (v) => v.ageDays,
        dated: true,
      },
      'egfr.ageDays': { type: 'number', description: 'Days since the eGFR used was taken', pick: (v) => v.ageDays },
    },
  }),
  alcohol: entry<AlcoholFinding>({
    description: 'Alcohol intake from the latest drinks-per-day result',
    read: (ctx) =>
      ctx.once(
        'alcohol',
        () =>
          alcoholFact(
            ctx.observations(),
            ctx.latestUnproven(['drinks-per-day']),
            ctx.settings.alcoholGramsPerDrink,
            ctx.now,
            ctx.dq,
          ),
        MEDICATION_FREE,
      ),
    names: {
      'alcohol.gramsPerDay': {
        type: 'number',
        description: 'Latest drinks per day × grams per standard drink (ALCOHOL_GRAMS_PER_DRINK)',
        pick: (v) => v.gramsPerDay,
        ageDays: (v) => v.ageDays,
        dated: true,
      },
    },
  }),
  auditC: entry<AuditCFinding>({
    description: 'The latest AUDIT-C score',
    read: (ctx) =>
      ctx.once(
        'auditC',
        () => auditCFact(ctx.observations(), ctx.latestUnproven(['audit-c']), ctx.now, ctx.dq),
        MEDICATION_FREE,
      ),
    names: {
      'alcohol.auditC': {
        type: 'number',
        description: 'Latest AUDIT-C total score (0-12), when it is the latest alcohol measure',
        pick: (v) => v.score,
        missing: 'the AUDIT-C score is not the latest alcohol measure',
        ageDays: (v) => v.ageDays,
        dated: true,
      },
      'alcohol.auditCIsLatest': {
        type: 'boolean',
        description:
          'Whether an AUDIT-C score is the latest alcohol measure (as recent as every count of drinks); false with none',
        pick: (v) => v.latest,
      },
    },
  }),
  hbsag: entry<SerologyFinding>({
    description: 'The latest hepatitis B surface antigen (HBsAg) result',
    read: (ctx) =>
      ctx.once(
        'hbsag',
        () => hbsagFact(ctx.observations(), ctx.latestUnproven([HBSAG_SET]), ctx.now, ctx.dq, ctx.reports()),
        MEDICATION_FREE,
      ),
    names: {
      'hbsag.positive': {
        type: 'boolean',
        description: 'The latest qualitative HBsAg result is positive (false when negative)',
        pick: (v) => v.positive,
        ageDays: (v) => v.ageDays,
        dated: true,
      },
    },
  }),
  hbvDna: entry<HbvDnaFinding>({
    description: 'Hepatitis B virus DNA in the latest HBV DNA result',
    read: (ctx) =>
      ctx.once(
        'hbvDna',
        () => hbvDnaFact(ctx.observations(), ctx.latestUnproven([HBV_DNA_SET]), ctx.now, ctx.dq, ctx.reports()),
        MEDICATION_FREE,
      ),
    names: {
      'hbv.dnaDetected': {
        type: 'boolean',
        description: 'HBV DNA detected in the latest HBV DNA result (false when not detected or none is on file)',
        pick: (v) => v.detected,
      },
    },
  }),
  hcv: entry<SerologyFinding>({
    description: 'A current hepatitis C infection, from HCV RNA or a negative HCV antibody',
    read: (ctx) =>
      ctx.once(
        'hcv',
        () =>
          hcvFact(
            ctx.observations(),
            ctx.latestUnproven([HCV_RNA_SET, HCV_ANTIBODY_SET]),
            ctx.now,
            ctx.dq,
            ctx.reports(),
          ),
        MEDICATION_FREE,
      ),
    names: {
      'hcv.viraemia': {
        type: 'boolean',
        description:
          'HCV RNA detected in the latest RNA result (false when not detected, or with no RNA when the latest HCV antibody is negative; unknown after a positive antibody alone)',
        pick: (v) => v.positive,
        ageDays: (v) => v.ageDays,
        dated: true,
      },
    },
  }),
  pregnancyObservation: entry<PregnancyObservationFinding>({
    description: 'A pregnancy by the latest pregnancy status, pregnancy test or estimated delivery date',
    read: (ctx) =>
      ctx.once(
        'pregnancyObservation',
        () =>
          pregnancyObservationFact(
            ctx.observations(),
            ctx.latestUnproven([...PREGNANCY_OBSERVATION_SETS]),
            ctx.now,
            ctx.dq,
            {
              hcgCutoffsIuL: ctx.valueSets.all.get(HCG_QUANTITATIVE_SET)?.hcgCutoffsIuL,
              gestationalDiabetes: ctx.condition(GESTATIONAL_DIABETES_SET),
            },
          ),
        MEDICATION_FREE,
      ),
    names: {
      'pregnancy.observed': {
        type: 'boolean',
        description:
          'Pregnant by the latest pregnancy status (LOINC 82810-3, 11449-6), pregnancy test, hCG level, estimated delivery date or gestational age of the last 300 days, or by a gestational diabetes begun in that time (false when none says so)',
        pick: (v) => v.pregnant,
      },
    },
  }),
  isletAutoantibody: entry<IsletAutoantibodyFinding>({
    description: 'An islet autoantibody (GAD65, IA-2, ZnT8, islet cells) found at any time',
    read: (ctx) =>
      ctx.once(
        'isletAutoantibody',
        () => isletAutoantibodyFact(ctx.observations(), ctx.latestUnproven([ISLET_AUTOANTIBODY_SET]), ctx.now, ctx.dq),
        MEDICATION_FREE,
      ),
    names: {
      'isletAutoantibody.positive': {
        type: 'boolean',
        description:
          'A GAD65, IA-2, ZnT8 or islet cell antibody result positive at any date (false when none is on file or all are negative)',
        pick: (v) => v.positive,
      },
    },
  }),
  hfeGenotype: entry<HfeGenotypeFinding>({
    description: 'HFE genotype results, read by their words: whether one shows C282Y homozygosity',
    read: (ctx) =>
      // No genotype seen is no evidence either way, as before genotypes were read: the problem list
      // decides, and the page cap of the laboratory sweep does not put every patient in doubt.
      ctx.once('hfeGenotype', () => hfeGenotypeFact(ctx.record), MEDICATION_FREE),
    names: {
      'hfe.c282yHomozygous': {
        type: 'boolean',
        description:
          'An HFE genotype result shows C282Y homozygosity (unknown for a compound heterozygote, an H63D homozygote or doubtful words; false for a carrier, no mutation, or no genotype)',
        pick: (v) => v.c282yHomozygous,
      },
    },
  }),
  pump: entry<boolean>({
    description: 'Already on an insulin pump',
    read: readPump,
    names: {
      pump: {
        type: 'boolean',
        description:
          'On an insulin pump: a pump Device or DeviceUseStatement, a pump procedure, ICD-10-CM Z96.41, or insulin dosed as a rate',
        pick: (v) => v,
      },
    },
  }),
  insulin: entry<InsulinRegimen>({
    description: 'The insulin regimen',
    read: readInsulin,
    names: {
      'insulin.basal': {
        type: 'boolean',
        description: 'A current basal insulin (glargine, degludec, detemir, NPH); premixes do not count',
        pick: (v) => presence(v.basal, v),
        missing: 'no basal insulin found, but the insulin list may be incomplete',
      },
      'insulin.rapid': {
        type: 'boolean',
        description: 'A current rapid-acting analogue (lispro, aspart, glulisine); premixes do not count',
        pick: (v) => presence(v.rapid, v),
        missing: 'no rapid-acting analogue found, but the insulin list may be incomplete',
      },
      'insulin.prandial': {
        type: 'boolean',
        description: 'A current prandial insulin: a rapid-acting analogue or regular human insulin',
        pick: (v) => presence([...v.rapid, ...v.humanRegular], v),
        missing: 'no prandial insulin found, but the insulin list may be incomplete',
      },
      'insulin.premix': {
        type: 'boolean',
        description: 'A current premixed insulin or co-formulation (NovoMix, Humalog Mix, Humulin 70/30, Ryzodeg)',
        pick: (v) => presence(v.premix, v),
        missing: 'no premix found, but the insulin list may be incomplete',
      },
      'insulin.rapidInjectionsPerDay': {
        type: 'number',
        description:
          'Scheduled rapid-analogue injections a day, per drug (duplicate records counted once; as-needed and pump boluses not counted)',
        pick: (v) => v.rapidInjectionsPerDay,
        missing: 'the order list is incomplete',
      },
      'insulin.prandialInjectionsPerDay': {
        type: 'number',
        description:
          'Scheduled prandial injections a day (analogues and regular human insulin), per drug; as-needed and pump boluses not counted',
        pick: (v) => v.prandialInjectionsPerDay,
        missing: 'the order list is incomplete',
      },
      'insulin.injectionsPerDay': {
        type: 'number',
        description:
          'Injections a day of the basal-bolus regimen: prandial injections plus basal ones no bolus shares (NPH drawn up with a bolus in one syringe is one injection)',
        pick: (v) => v.injectionsPerDay,
        missing: 'the order list is incomplete',
      },
    },
  }),
  insulinOnFile: entry<number>({
    description: 'How long insulin has been on file at least',
    read: (ctx) => ctx.once('insulinOnFile', () => insulinOnFileDays(ctx.medications().uses, ctx.now)),
    names: {
      'insulin.onFileDays': {
        type: 'number',
        description:
          'Days a current insulin has been on file at least: since the earliest start date of a current insulin order or statement (0 when none is dated or current; unknown when the orders were not all read)',
        pick: (v) => v,
      },
    },
  }),
  diabetesDrugOnFile: entry<number>({
    description: 'How long a drug for diabetes has been on file at least',
    read: (ctx) => ctx.once('diabetesDrugOnFile', () => diabetesDrugOnFileDays(ctx.medications().uses, ctx.now)),
    names: {
      'diabetesDrug.onFileDays': {
        type: 'number',
        description:
          'Days a drug for diabetes (insulin or any other class) has been on file at least: since the earliest start date of a current order or statement, or of one given at home that ran its course (0 when none is dated; unknown when the orders were not all read)',
        pick: (v) => v,
      },
    },
  }),
  diabeticHba1c: entry<number>({
    description: 'How long ago an HbA1c first reached the level that diagnoses diabetes',
    read: (ctx) =>
      ctx.once('diabeticHba1c', () =>
        diabeticHba1cDays(ctx.observations(), ctx.latestUnproven(HBA1C_SETS), ctx.valueSets, ctx.now),
      ),
    names: {
      'hba1c.diabeticLevelDays': {
        type: 'number',
        description:
          "Days since the earliest HbA1c at or above the level that diagnoses diabetes (the hba1c-ngsp value set's diagnosticLevel, 6.5 %); 0 when none reached it; unknown when the results were not all read",
        pick: (v) => v,
      },
    },
  }),
  mdiRunIn: entry<MdiRunIn>({
    description: 'How long basal-bolus had run when the latest HbA1c was taken',
    read: (ctx) => ctx.once('mdiRunIn', () => mdiRunInFact(readInsulin(ctx), readHba1c(ctx))),
    names: {
      'insulin.mdiRunInDays': {
        type: 'number',
        description:
          'Days from the start of the current basal-bolus regimen (its earliest order or statement) to the latest HbA1c',
        pick: (v) => v.days,
      },
    },
  }),
  imagingCirrhosis: entry<CirrhosisImagingFinding>({
    description: 'Cirrhosis seen on any liver study (ultrasound, CT, MRI, elastography report)',
    read: (ctx) =>
      ctx.once(
        'imagingCirrhosis',
        () => cirrhosisImagingFact(ctx.observations(), ctx.reports(), ctx.valueSets, ctx.now, ctx.dq),
        MEDICATION_FREE,
      ),
    names: {
      'imaging.cirrhosis': {
        type: 'boolean',
        description: 'A liver study that affirms cirrhosis, at any date (false when none names it or all deny it)',
        pick: (v) => v.present,
      },
    },
  }),
  imaging: entry<ImagingFinding>({
    description: 'Steatosis on the latest liver or abdominal imaging',
    read: (ctx) =>
      ctx.once(
        'imaging',
        () =>
          steatosisImagingFact(
            ctx.observations(),
            ctx.reports(),
            ctx.latestUnproven([IMAGING_SET], ['Observation', 'DiagnosticReport']),
            ctx.valueSets,
            ctx.now,
            ctx.dq,
          ),
        MEDICATION_FREE,
      ),
    names: {
      'imaging.steatosis': {
        type: 'boolean',
        description:
          'The latest liver or abdominal imaging reports steatosis (codes, or report text as lower confidence)',
        pick: (v) => v.steatosis,
        ageDays: (v) => v.ageDays,
        dated: true,
      },
    },
  }),
  pumpReferral: entry<PumpReferralFinding>({
    description: 'Referrals for an insulin pump (CSII) evaluation already on file',
    read: (ctx) =>
      ctx.once('pumpReferral', () => pumpReferralFact(ctx.record, ctx.valueSets, ctx.now, ctx.dq), MEDICATION_FREE),
    names: {
      'referral.pumpEvaluation.open': {
        type: 'boolean',
        description:
          'An active or on-hold ServiceRequest for an insulin pump (CSII) evaluation or start (value set pump-evaluation-referral)',
        pick: (v) => (v.steps.some((s) => s.kind === 'open') ? true : v.doubt ? undefined : false),
        missingFor: (v) => v.doubt,
      },
      'referral.pumpEvaluation.completed': {
        type: 'boolean',
        description:
          'A completed ServiceRequest for an insulin pump (CSII) evaluation or start on file, however long ago (its age: referral.pumpEvaluation.completed.days)',
        pick: (v) => (v.steps.some((s) => s.kind === 'completed') ? true : v.doubt ? undefined : false),
        missingFor: (v) => v.doubt,
      },
      'referral.pumpEvaluation.completed.days': {
        type: 'number',
        description:
          'Days since the latest completed pump-evaluation ServiceRequest was done (its occurrence, else when it was written)',
        pick: (v) => v.completedDays,
        missingFor: (v) => v.completedWhy,
      },
    },
  }),
  trialReferrals: entry<TrialReferralsFinding>({
    description: 'Referrals to trial study teams, and ResearchSubjects, already on file',
    read: (ctx) =>
      ctx.once('trialReferrals', () => trialReferralsFact(ctx.record, ctx.valueSets, ctx.now, ctx.dq), MEDICATION_FREE),
    names: {
      'referral.trials': {
        type: 'string',
        description:
          'ClinicalTrials.gov ids with a referral to the study team (active, on hold or completed) or a ResearchSubject on file, or "none"; the trial service applies it to each trial',
        pick: (v) => {
          const ids = [...v.byTrial]
            .filter(([, t]) => t.steps.length > 0)
            .map(([id]) => id)
            .sort();
          return ids.length > 0 ? ids.join(', ') : v.doubt ? undefined : 'none';
        },
        missingFor: (v) => v.doubt,
      },
    },
  }),
} as const;

/** How a value-set family's names read its facts: `condition.t2d`, `condition.t2d.onsetDays`... */
export interface FamilyName<V> extends NameReading<V> {
  readonly suffix: string;
  readonly type: FactInfo['type'];
  readonly description: (title: string) => string;
  /** Only read when the finding is present; otherwise unknown with this reason. */
  readonly whenAbsent?: string;
}

function family<V>(names: readonly FamilyName<V>[]): readonly FamilyName<V>[] {
  return names;
}

/** The value-set facts: one per value set of the kind, each with these names. */
export const FACT_FAMILIES = {
  condition: {
    kind: 'condition',
    read: (ctx: FactContext, id: string): Fact<ConditionFinding> =>
      STEATOSIS_SETS.has(id)
        ? readSteatosisCondition(ctx, id)
        : id === ALCOHOL_ABUSE
          ? abuseBesideRiskyUse(
              ctx.condition(id),
              ctx.condition(ALCOHOL_USE_RISK),
              ctx.once('riskyUseObserved', () => riskyUseObserved(ctx.record, ctx.valueSets), MEDICATION_FREE),
            )
          : id === ALCOHOLIC_LIVER_DISEASE
            ? ctx.once(
                `condition:${id}`,
                () => alcoholicBesideStudies(ctx.condition(id), readLiverStudies(ctx)),
                MEDICATION_FREE,
              )
            : ctx.valueSets.all.get(id)?.statedInReports
              ? ctx.once(
                  `condition:${id}`,
                  () => withStatedDisease(ctx.condition(id), readStatedTexts(ctx), ctx.valueSets, id),
                  MEDICATION_FREE,
                )
              : ctx.valueSets.all.get(id)?.doubtedInReports
                ? ctx.once(
                    `condition:${id}`,
                    () => withDoubtingWords(ctx.condition(id), readStatedTexts(ctx), ctx.valueSets, id),
                    MEDICATION_FREE,
                  )
                : ctx.condition(id),
    names: family<ConditionFinding>([
      { suffix: '', type: 'boolean', description: (t) => `Active condition: ${t}`, pick: (v) => v.present },
      {
        suffix: 'onsetDays',
        type: 'number',
        description: (t) =>
          `Days since the earliest onset of ${t} (onset fields; a recorded date only bounds it from below)`,
        pick: (v) => v.days,
        missing: 'no readable onset or recorded date on any matching record',
        whenAbsent: 'condition not on file',
      },
    ]),
  },
  procedure: {
    kind: 'procedure',
    read: (ctx: FactContext, id: string): Fact<ConditionFinding> => ctx.procedure(id),
    names: family<ConditionFinding>([
      {
        suffix: '',
        type: 'boolean',
        description: (t) => `Completed or in-progress procedure: ${t}`,
        pick: (v) => v.present,
      },
      {
        suffix: 'days',
        type: 'number',
        description: (t) => `Days since the earliest ${t}`,
        pick: (v) => v.days,
        missing: 'no readable date on any matching record',
        whenAbsent: 'procedure not on file',
      },
    ]),
  },
  medication: {
    kind: 'medication',
    read: (ctx: FactContext, id: string): Fact<MedicationFinding> => ctx.medication(id),
    names: family<MedicationFinding>([
      { suffix: '', type: 'boolean', description: (t) => `Current order or statement: ${t}`, pick: (v) => v.active },
      {
        suffix: 'startedDays',
        type: 'number',
        description: (t) => `Days since the earliest current start of ${t}`,
        pick: (v) => v.startedDays,
        missing: 'no readable start on the current records',
        whenAbsent: 'medication not current',
      },
      {
        suffix: 'stableDays',
        type: 'number',
        description: (t) => `Days ${t} has been on an unchanged dose (since the latest record that changed it)`,
        pick: (v) => v.stableDays,
        missing: 'dose history unreadable',
        whenAbsent: 'medication not current',
      },
    ]),
  },
} as const;

/** A value-set family: condition, procedure or medication. */
export type FactFamily = keyof typeof FACT_FAMILIES;
