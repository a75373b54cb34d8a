import { createHash } from 'node:crypto';
import type { Questionnaire, QuestionnaireItem } from 'fhir/r4.js';
import type { CompiledTrial } from '../rules/trial-catalogue.js';
import type { CardMessages } from './message-keys.js';
import type { TrialTexts } from './trial-referral/trial-texts.js';

/** The code system of the clinician's answers, in the Questionnaire and its QuestionnaireResponses. */
export const ELIGIBILITY_ANSWER_SYSTEM = 'https://github.com/diabetes-cds-hooks/eligibility-answer';

/** The answers a clinician gives to a criterion the record could not settle. */
export const ELIGIBILITY_ANSWERS = ['met', 'not-met', 'not-applicable'] as const;

/**
 * The version of a trial's questionnaire: a digest of what its items say, so that a
 * QuestionnaireResponse names the exact criteria it answered (`questionnaire` is
 * `url|version`, https://hl7.org/fhir/R4/references.html#canonical) and a changed catalogue
 * entry gives a new version rather than silently changing the old one.
 */
function versionOf(items: readonly QuestionnaireItem[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 12);
}

/** What a criterion's answer is called: for an exclusion, "met" means the patient is excluded. */
function answerDisplay(m: CardMessages, type: 'inclusion' | 'exclusion', code: (typeof ELIGIBILITY_ANSWERS)[number]) {
  if (type === 'exclusion' && code === 'met') return m.t('app.status.excluded');
  if (type === 'exclusion' && code === 'not-met') return m.t('app.status.ruledOut');
  return m.t(`app.answer.${code}`);
}

/**
 * The eligibility checklist of one trial as a FHIR Questionnaire (served at `url`), in the
 * configured language: one optional choice item per criterion, linkId the criterion id, since
 * any criterion may be left for the clinician to confirm when a record lacks the data. The
 * eligibility app's QuestionnaireResponse answers the items the record left open.
 */
export function eligibilityQuestionnaire(
  compiled: CompiledTrial,
  texts: TrialTexts,
  m: CardMessages,
  url: string,
): Questionnaire {
  const { trial } = compiled;
  const item: QuestionnaireItem[] = trial.criteria.map((c) => ({
    linkId: c.id,
    prefix: m.t(c.type === 'exclusion' ? 'app.exclusion' : 'app.inclusion'),
    text: texts.label(c),
    type: 'choice',
    required: false,
    answerOption: ELIGIBILITY_ANSWERS.map((code) => ({
      valueCoding: { system: ELIGIBILITY_ANSWER_SYSTEM, code, display: answerDisplay(m, c.type, code) },
    })),
  }));
  return {
    resourceType: 'Questionnaire',
    id: `eligibility-${trial.id}`,
    url,
    version: versionOf(item),
    name: `EligibilityChecklist${trial.id}`,
    title: `${m.t('app.title')}: ${trial.id}, ${texts.shortTitle}`,
    status: 'active',
    subjectType: ['Patient'],
    language: m.locale,
    date: trial.registry.retrievedOn,
    code: [{ system: 'https://clinicaltrials.gov', code: trial.id, display: texts.title }],
    item,
  };
}
