import { z } from 'zod';
import type { TrialScreening } from '../services/trial-screening.js';

/** A criterion's evidence for a candidate: what the record shows and when. */
const EvidenceSchema = z.object({
  criterion: z.string().describe('The criterion id of the trial catalogue.'),
  text: z.string().describe('What the record shows, with its value and unit ("HbA1c: 8.4 %").'),
  date: z
    .string()
    .optional()
    .describe('The newest clinically relevant day (YYYY-MM-DD) of the resources behind it; absent when undated.'),
});

const PATIENT_REF = z.string().regex(/^Patient\/[A-Za-z0-9\-.]{1,64}$/);

const CandidateSchema = z.object({
  patient: PATIENT_REF,
  met: z.array(z.string()).describe('Criteria the record shows met.'),
  toConfirm: z.array(z.string()).describe('Criteria the record cannot answer: the study team confirms them.'),
  evidence: z.array(EvidenceSchema),
});

const PossibleCandidateSchema = z.object({
  patient: PATIENT_REF,
  missing: z.array(z.string()).min(1).describe('The key criteria the record cannot answer.'),
});

const TrialResultSchema = z.object({
  /** Patients for whom the trial card would fire. */
  candidates: z.array(CandidateSchema).describe('Patients for whom the trial card would fire.'),
  /** Nothing rules them out, but a key criterion is unknown: the data to look for is `missing`. */
  possibleCandidates: z
    .array(PossibleCandidateSchema)
    .describe('Patients no criterion rules out, but with a key criterion unknown.'),
  /** Per criterion, the patients it rules out (an inclusion not met, an exclusion met). */
  notMetCounts: z
    .record(z.string(), z.number().int().nonnegative())
    .describe('Per criterion id, the patients it rules out (an inclusion not met, an exclusion met).'),
  /** Patients the record already shows as referred to the study team or enrolled. */
  alreadyReferred: z
    .number()
    .int()
    .nonnegative()
    .describe('Patients the record already shows as referred to the study team or enrolled.'),
});

/**
 * The output of a screening run (`npm run screen -- --out file.json`); docs/screening.md and
 * docs/screening-report.schema.json describe it. The schema is the one definition of the format:
 * the JSON Schema in docs/ is generated from it, and a test keeps the two equal.
 */
export const ScreeningReportSchema = z.object({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  source: z.object({
    fhir: z.string(),
    /** `bulk-export` ($export), or `search` (patient by patient, when the server has no $export). */
    method: z.enum(['bulk-export', 'search']),
    group: z.string().optional(),
    since: z.string().optional(),
    /** The shard of a sharded run this report covers: `1/3` is shard 1 (from 0) of 3. */
    shard: z
      .string()
      .regex(/^\d{1,2}\/\d{1,2}$/)
      .optional()
      .describe(
        'The shard of a sharded run this report covers ("1/3": shard 1, counting from 0, of 3); the run is the union of its shards\' reports.',
      ),
  }),
  /** False when the run stopped early (an export error, a deadline): such a run retires no one. */
  complete: z.boolean().describe('False when the run stopped early: such a run retires no candidate.'),
  /** The version of the rules and trial catalogue that decided (as in the audit trail). */
  rulesVersion: z.string().describe('The version of the rules and trial catalogue that decided.'),
  patientsScreened: z.number().int().nonnegative(),
  patientsSkipped: z
    .record(z.string(), z.number().int().nonnegative())
    .describe(
      'Patients not screened, by reason: opted-out, record-gate, no-patient-resource, record-unreadable, evaluation-failed.',
    ),
  trials: z.record(z.string(), TrialResultSchema),
  /** What went wrong on the way (the server's error files, failed patients), without patient data. */
  problems: z.array(z.string()).describe('What went wrong on the way, without patient data.'),
});

export type ScreeningReport = z.infer<typeof ScreeningReportSchema>;

/** The report's JSON Schema (docs/screening-report.schema.json is this, printed by `npm run screen -- --print-schema`). */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'urn:diabetes-cds-hooks:screening-report:1',
    title: 'diabetes-cds-hooks screening report',
    ...z.toJSONSchema(ScreeningReportSchema),
  };
}
export type ScreenedCandidate = z.infer<typeof CandidateSchema>;
type TrialResult = z.infer<typeof TrialResultSchema>;

/** Why a patient was not screened; the counts go in `patientsSkipped`. */
export type SkipReason =
  'opted-out' | 'no-patient-resource' | 'record-gate' | 'evaluation-failed' | 'record-unreadable';

function candidateOf(patientId: string, s: TrialScreening): ScreenedCandidate {
  const checklist = s.checklist();
  const evidence = checklist.criteria
    .filter((c) => c.status === 'met')
    .flatMap((c) =>
      c.evidence
        .filter((e) => e.text !== undefined)
        .map((e) => {
          const dates = e.sources.flatMap((src) => (src.date ? [src.date] : [])).sort();
          const date = dates[dates.length - 1];
          return { criterion: c.id, text: `${e.name}: ${e.text!}`, ...(date ? { date } : {}) };
        }),
    );
  return {
    patient: `Patient/${patientId}`,
    met: checklist.criteria.filter((c) => c.status === 'met').map((c) => c.id),
    toConfirm: checklist.criteria.filter((c) => c.toConfirm).map((c) => c.id),
    evidence,
  };
}

/** Gathers a run's outcome patient by patient. */
export class ScreeningReportBuilder {
  private readonly trials = new Map<string, TrialResult>();
  private readonly skipped: Record<string, number> = {};
  private screened = 0;
  private readonly problems: string[] = [];

  constructor(
    private readonly head: Pick<ScreeningReport, 'runId' | 'startedAt' | 'source' | 'rulesVersion'>,
    trialIds: readonly string[],
  ) {
    for (const id of trialIds) {
      this.trials.set(id, { candidates: [], possibleCandidates: [], notMetCounts: {}, alreadyReferred: 0 });
    }
  }

  get patientsScreened(): number {
    return this.screened;
  }

  get candidateCount(): number {
    let n = 0;
    for (const t of this.trials.values()) n += t.candidates.length;
    return n;
  }

  skip(reason: SkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  problem(text: string): void {
    if (this.problems.length < 1000) this.problems.push(text);
  }

  /** One patient's trials; a closed record gate counts the patient as skipped. */
  add(patientId: string, screenings: readonly TrialScreening[]): void {
    if (screenings.some((s) => s.gateClosed)) {
      this.skip('record-gate');
      return;
    }
    this.screened++;
    for (const s of screenings) {
      const result = this.trials.get(s.trialId);
      if (!result) continue;
      if (s.candidate) result.candidates.push(candidateOf(patientId, s));
      else if (s.missingKeys.length > 0)
        result.possibleCandidates.push({ patient: `Patient/${patientId}`, missing: [...s.missingKeys] });
      if (s.alreadyReferred) result.alreadyReferred++;
      for (const c of s.criteria) {
        const rulesOut = c.type === 'inclusion' ? c.status === 'not-met' : c.status === 'met';
        if (rulesOut) result.notMetCounts[c.id] = (result.notMetCounts[c.id] ?? 0) + 1;
      }
    }
  }

  finish(finishedAt: Date, complete: boolean): ScreeningReport {
    const byPatient = (a: { patient: string }, b: { patient: string }) =>
      a.patient < b.patient ? -1 : a.patient > b.patient ? 1 : 0;
    const trials: Record<string, TrialResult> = {};
    for (const [id, t] of this.trials) {
      trials[id] = {
        ...t,
        candidates: [...t.candidates].sort(byPatient),
        possibleCandidates: [...t.possibleCandidates].sort(byPatient),
      };
    }
    return {
      ...this.head,
      finishedAt: finishedAt.toISOString(),
      complete,
      patientsScreened: this.screened,
      patientsSkipped: { ...this.skipped },
      trials,
      problems: [...this.problems],
    };
  }
}
