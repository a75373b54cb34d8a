import { randomUUID } from 'node:crypto';
import { loadFeedbackPolicy, overrideReasonsFor } from '../../rules/feedback-policy.js';
import { DEFAULT_RULES_DIR } from '../../config/project-paths.js';
import type { CdsService, ProposedCard } from '../../services/service.js';
import { factScope } from '../../facts/fact-scope.js';

/** The trial the fixed service refers every patient to. */
export const FIXED_TRIAL_ID = 'NCT00000001';

const policy = loadFeedbackPolicy(DEFAULT_RULES_DIR);

function proposed(kind: ProposedCard['kind'], key: string, summary: string, trialId?: string): ProposedCard {
  return {
    key,
    kind,
    ...(trialId ? { trialId } : {}),
    matchedRules: [`${kind}-always`],
    card: {
      uuid: randomUUID(),
      summary,
      indicator: 'info',
      source: { label: 'diabetes-cds-hooks tests' },
      suggestions: [
        { label: 'Refer', uuid: randomUUID(), actions: [{ type: 'create', description: 'Create a referral' }] },
        {
          label: 'Order tests first',
          uuid: randomUUID(),
          actions: [{ type: 'create', description: 'Order an HbA1c' }],
        },
      ],
      selectionBehavior: 'at-most-one',
      overrideReasons: overrideReasonsFor(policy, kind),
    },
  };
}

/**
 * A CDS service for protocol and storage tests: for every patient it proposes one pump
 * evaluation card and one trial referral card, each with two suggestions and fresh uuids.
 * It keeps those tests independent of the clinical rules, which other tests cover.
 */
export function fixedCardService(id = 'test-cards'): CdsService {
  return {
    factScope: factScope([], []),
    definition: {
      id,
      hook: 'patient-view',
      title: 'Test cards',
      description: 'Always proposes a pump evaluation and a trial referral',
      prefetch: { patient: 'Patient/{{context.patientId}}' },
    },
    evaluate: () =>
      Promise.resolve([
        proposed('pump-evaluation', 'pump-evaluation', 'Consider an insulin pump evaluation'),
        proposed(
          'trial-referral',
          `trial:${FIXED_TRIAL_ID}`,
          `Consider referral to trial ${FIXED_TRIAL_ID}`,
          FIXED_TRIAL_ID,
        ),
      ]),
    explain: () => Promise.resolve({ serviceId: id, sections: [] }),
  };
}
