import { getJson } from './api.js';
import { $, el } from './dom.js';
import { t } from './words.js';

const STAGES = ['screened', 'candidates', 'reviewed', 'contacted', 'consented'];

/** The trial's funnel: each stage's count, drawn as a meter against the population screened. */
export async function showFunnel(trialId) {
  const funnel = await getJson('funnel', { trial: trialId });
  const top = Math.max(1, funnel.screened ?? 0, funnel.candidates);
  $('funnel-steps').replaceChildren(
    ...STAGES.map((stage) => {
      const value = funnel[stage];
      const shown = value === null ? t('funnel.noRun') : String(value);
      return el(
        'li',
        { className: 'funnel-step', 'data-stage': stage, 'data-count': value ?? '' },
        el('span', { className: 'funnel-label', text: t(`funnel.${stage}`) }),
        el('meter', { min: 0, max: top, value: value ?? 0, 'aria-hidden': 'true' }),
        el('span', { className: 'funnel-count', text: shown }),
      );
    }),
  );
  $('funnel-exits').textContent = t('funnel.exits', {
    declined: funnel.byStatus.declined,
    notEligible: funnel.byStatus['not-eligible'],
  });
  return funnel;
}
