import { normaliseText } from '../rules/value-sets.js';
import { conceptWords, readConcept } from './coding.js';
import type { DataQualityLog } from './data-quality.js';
import { known, unknown, type Fact } from './fact.js';
import { daysSince, lastInstant } from './fhir-date.js';
import {
  candidateEvidence,
  candidatesOf,
  OBSERVATION_STATUS,
  pickLatest,
  textOnlyReports,
  type Candidate,
} from './latest.js';
import { classifiedByWords, type ByValueSet } from './observation-index.js';
import type { SerologyFinding } from './patient-facts.js';
import { readPresence, type Presence, type QuantityMeaning } from './presence-result.js';

/** Value set ids of the hepatitis B and C results the trial's exclusion reads. */
export const HBSAG_SET = 'hbsag';
export const HCV_RNA_SET = 'hcv-rna';
export const HCV_ANTIBODY_SET = 'hcv-antibody';
export const HBV_DNA_SET = 'hbv-dna';
export const VIRAL_HEPATITIS_SETS = [HBSAG_SET, HCV_RNA_SET, HCV_ANTIBODY_SET, HBV_DNA_SET] as const;

/** Whether hepatitis B virus DNA was found in the latest HBV DNA result. */
export interface HbvDnaFinding {
  readonly detected: boolean;
  readonly date?: string;
}

// A result named only by words that name an antibody ("Ac anti-HBs", "Anti-HBsAg") is the
// vaccination or past-infection marker, not the antigen: passed over like any other analyte.
const ANTIBODY_WORDS = /\b(?:anti|ac|anticorps|antibody|antibodies|ab|reflex)\b/;

/** Whether a result named only by words names an antibody ("HCV Ab with reflex to RNA"). */
function antibodyByWords(r: Record<string, unknown>): boolean {
  if (!classifiedByWords(r)) return false;
  return conceptWords(readConcept(r.code)).some((w) => ANTIBODY_WORDS.test(normaliseText(w)));
}

/** Whether a result was surely taken after another (a day-only date spans its whole day). */
function after(a: Candidate<Presence>, b: Candidate<Presence>): boolean {
  return a.date !== undefined && b.date !== undefined && a.date.ms > lastInstant(b.date);
}

type Latest = { readonly presence: Presence; readonly candidate: Candidate<Presence> } | string;

/** The latest readable result of some value sets, or why there is none. */
function latestPresence(
  resources: readonly Record<string, unknown>[],
  meaning: QuantityMeaning,
  what: string,
  now: Date,
  dq: DataQualityLog,
  reports: readonly Record<string, unknown>[] = [],
): Latest {
  const read = (r: Record<string, unknown>) => readPresence(r, meaning);
  // A newer report of the test with its result only in text ("Ag HBs : positif" in a conclusion)
  // leaves the latest result unknown rather than letting an older negative decide.
  const latest = pickLatest([
    ...candidatesOf(resources, 'Observation', OBSERVATION_STATUS, read, now, dq),
    ...textOnlyReports<Presence>(reports, now, dq),
  ]);
  if (latest.kind === 'none') return `no ${what} result on file`;
  if (latest.kind === 'unreadable') return latest.reason;
  const readings = latest.latest.flatMap((c) => (c.reading.ok ? [{ c, v: c.reading.value }] : []));
  const first = readings[0];
  if (!first) return `no ${what} result on file`;
  if (readings.some((r) => r.v !== first.v)) return `${what} results at the same time disagree`;
  return { presence: first.v, candidate: first.c };
}

function finding(
  positive: boolean,
  c: Candidate<Presence>,
  now: Date,
  display: string,
  note?: string,
): Fact<SerologyFinding> {
  if (!c.date) return unknown(`${c.label} has no readable date`);
  return known({ positive, date: c.date.text, ageDays: daysSince(c.date, now) }, [candidateEvidence(c, display)], note);
}

/**
 * Hepatitis B surface antigen: the latest qualitative HBsAg result. Positive marks a hepatitis B
 * infection; the trial's exclusion reads it as chronic hepatitis B, as an acute infection in a
 * diabetes clinic is rare and a positive result must not let a candidate through.
 */
export function hbsagFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
  reports: ByValueSet = new Map(),
): Fact<SerologyFinding> {
  if (unproven) return unknown(unproven);
  const results = (groups.get(HBSAG_SET) ?? []).filter((r) => !antibodyByWords(r));
  const textReports = (reports.get(HBSAG_SET) ?? []).filter((r) => !antibodyByWords(r));
  const latest = latestPresence(results, 'index', 'HBsAg', now, dq, textReports);
  if (typeof latest === 'string') return unknown(latest);
  return finding(latest.presence === 'positive', latest.candidate, now, `HBsAg ${latest.presence}`);
}

/**
 * A current hepatitis C infection. HCV RNA decides when the record has one: detected is a
 * current infection, not detected is none (antibodies stay after a cure). With no RNA result, a
 * negative antibody rules infection out, and a positive one leaves it unknown: past and present
 * infection cannot be told apart without the RNA.
 */
export function hcvFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
  reports: ByValueSet = new Map(),
): Fact<SerologyFinding> {
  if (unproven) return unknown(unproven);
  // A local test named for the antibody with its reflex RNA ("Hepatitis C Antibody with Reflex to
  // HCV RNA, PCR") is the antibody: its words name both tests.
  const notAntibody = (r: Record<string, unknown>) => !antibodyByWords(r);
  const rna = latestPresence(
    (groups.get(HCV_RNA_SET) ?? []).filter(notAntibody),
    'load',
    'HCV RNA',
    now,
    dq,
    (reports.get(HCV_RNA_SET) ?? []).filter(notAntibody),
  );
  const antibody = latestPresence(
    groups.get(HCV_ANTIBODY_SET) ?? [],
    'index',
    'HCV antibody',
    now,
    dq,
    reports.get(HCV_ANTIBODY_SET) ?? [],
  );
  if (typeof rna !== 'string') {
    const detected = rna.presence === 'positive';
    // A positive antibody taken after an RNA not detected may be a new infection: only a new RNA tells.
    if (
      !detected &&
      typeof antibody !== 'string' &&
      antibody.presence === 'positive' &&
      after(antibody.candidate, rna.candidate)
    ) {
      return unknown('HCV antibody positive after the latest HCV RNA: a new infection cannot be ruled out', [
        candidateEvidence(antibody.candidate, 'HCV antibody positive'),
      ]);
    }
    return finding(detected, rna.candidate, now, `HCV RNA ${detected ? 'detected' : 'not detected'}`);
  }
  if (rna !== 'no HCV RNA result on file') return unknown(rna);
  if (typeof antibody === 'string')
    return unknown(antibody === 'no HCV antibody result on file' ? 'no HCV antibody or RNA result on file' : antibody);
  if (antibody.presence === 'positive') {
    return unknown('HCV antibody positive and no HCV RNA on file: a past infection cannot be told from a current one', [
      candidateEvidence(antibody.candidate, 'HCV antibody positive'),
    ]);
  }
  return finding(false, antibody.candidate, now, 'HCV antibody negative');
}

/**
 * Hepatitis B virus DNA in the latest HBV DNA result: detected is a hepatitis B infection,
 * whatever an older HBsAg said. A viral load that is a plain number is detected; one under a limit
 * decides only with words. None on file is "no": an HBV DNA is asked for only when the HBsAg or
 * the history calls for it, and the HBsAg decides the rest.
 */
export function hbvDnaFact(
  groups: ByValueSet,
  unproven: string | undefined,
  now: Date,
  dq: DataQualityLog,
  reports: ByValueSet = new Map(),
): Fact<HbvDnaFinding> {
  if (unproven) return unknown(unproven);
  const latest = latestPresence(
    groups.get(HBV_DNA_SET) ?? [],
    'load',
    'HBV DNA',
    now,
    dq,
    reports.get(HBV_DNA_SET) ?? [],
  );
  if (latest === 'no HBV DNA result on file') return known({ detected: false }, []);
  if (typeof latest === 'string') return unknown(latest);
  const detected = latest.presence === 'positive';
  const c = latest.candidate;
  return known({ detected, ...(c.date ? { date: c.date.text } : {}) }, [
    candidateEvidence(c, `HBV DNA ${detected ? 'detected' : 'not detected'}`),
  ]);
}
