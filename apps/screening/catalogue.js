import { t } from './words.js';

/**
 * The trials of the catalogue and their criteria's labels (GET /screening/api/trials), so the page
 * names criteria as the cards do rather than by id.
 */
let trials = [];

export function setTrials(list) {
  trials = list;
}

export const allTrials = () => trials;
export const trialById = (id) => trials.find((x) => x.id === id);

/** A criterion's label in the trial, else its id. */
export function label(trialId, criterionId) {
  return trialById(trialId)?.criteria?.[criterionId]?.label ?? criterionId;
}

/** A run's reason for skipping a patient (screening/screening-report.ts SkipReason), in the page's words. */
function skipText(code) {
  const key = `skip.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/**
 * Why a candidate no longer fits, in the page's words. Runs write the reason in criterion ids
 * (screening/run-recorder.ts: `inclusion hba1c not met; exclusion x met`, `not screened: opted-out`);
 * a reason of another shape is shown as it is.
 */
export function reasonText(trialId, reason) {
  if (!reason) return '';
  return String(reason)
    .split('; ')
    .map((part) => {
      let m = /^inclusion (\S+) not met$/.exec(part);
      if (m) return t('reason.inclusion', { criterion: label(trialId, m[1]) });
      m = /^exclusion (\S+) met$/.exec(part);
      if (m) return t('reason.exclusion', { criterion: label(trialId, m[1]) });
      m = /^not screened: (.+)$/.exec(part);
      if (m) return t('reason.notScreened', { why: skipText(m[1]) });
      if (part.startsWith('record gate closed')) return t('reason.gate');
      if (part === 'the trial is not recruiting') return t('reason.notRecruiting');
      if (part.startsWith('already referred')) return t('reason.referred');
      if (part === 'not in the population screened') return t('reason.notInPopulation');
      if (part === 'no longer fits') return t('reason.other');
      return part;
    })
    .join('; ');
}
