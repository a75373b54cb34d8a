import { describe, expect, test } from '@jest/globals';
import { DEFAULT_RULES_DIR } from '../../config/project-paths.js';
import { loadMessages } from '../../rules/messages.js';
import type { CriterionReport } from './criterion-report.js';
import { unknownWhy } from './finding-text.js';
import { MESSAGE_KEYS } from '../message-keys.js';

// Why a criterion is to confirm: a newest result that could not be read is not "no data".
const en = loadMessages(DEFAULT_RULES_DIR, 'en', MESSAGE_KEYS);
const fr = loadMessages(DEFAULT_RULES_DIR, 'fr', MESSAGE_KEYS);

function report(unknownReason: string | undefined): CriterionReport {
  const condition = { fact: 'alcohol.gramsPerDay', operator: 'greaterThan', value: 20 };
  return {
    outcome: { leaves: [{ condition, status: 'unknown' }] },
    findings: [
      {
        fact: 'alcohol.gramsPerDay',
        name: 'Alcohol',
        status: 'unknown',
        evidence: [],
        ...(unknownReason ? { unknownReason } : {}),
      },
    ],
  } as unknown as CriterionReport;
}

describe('unknownWhy', () => {
  test.each<[string, string | undefined, string, string]>([
    [
      'an unreadable newest result says it could not be read',
      'latest result Observation of 2026-10-01: unit cannot be converted',
      'the latest result could not be read',
      "le dernier résultat n'a pas pu être lu",
    ],
    [
      'an undated result says it could not be read',
      'Observation of ? has no readable date, so the latest is unknown',
      'the latest result could not be read',
      "le dernier résultat n'a pas pu être lu",
    ],
    [
      'a newer liver study of another kind says it could not be read',
      'latest liver study DiagnosticReport of 2026-06-01 is of another kind (MRI, CT, elastography), which is not read',
      'the latest result could not be read',
      "le dernier résultat n'a pas pu être lu",
    ],
    [
      'a newer liver study of another kind that does not agree with the ultrasound says it could not be read',
      'latest liver study DiagnosticReport of 2026-06-10 is of another kind (MRI, CT, elastography) and does not agree with the ultrasound: it shows no steatosis',
      'the latest result could not be read',
      "le dernier résultat n'a pas pu être lu",
    ],
    [
      'an undated count of drinks beside an AUDIT-C score says it could not be read',
      'a count of drinks has no readable date, so the latest alcohol measure is unknown',
      'the latest result could not be read',
      "le dernier résultat n'a pas pu être lu",
    ],
    [
      'guard: no result on file is still "no data"',
      'no drinks-per-day result on file',
      'no data on file',
      'aucune donnée dans le dossier',
    ],
    ['guard: no reason is still "no data"', undefined, 'no data on file', 'aucune donnée dans le dossier'],
  ])('%s', (_name, reason, english, french) => {
    expect(unknownWhy(en, report(reason))).toBe(english);
    expect(unknownWhy(fr, report(reason))).toBe(french);
  });
});
