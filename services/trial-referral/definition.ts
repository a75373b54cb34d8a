import type { TrialCatalogue } from '../../rules/trial-catalogue.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';
import {
  LABORATORY_SWEEP,
  SOCIAL_HISTORY_SWEEP,
  IMAGING_SWEEP,
  observationTemplate,
  PATIENT_TEMPLATES,
  PROCEDURES_TEMPLATE,
  REPORTS_TEMPLATE,
  RESEARCH_SUBJECTS_TEMPLATE,
  SERVICE_REQUESTS_TEMPLATE,
} from '../prefetch-queries.js';
import type { CardMessages } from '../message-keys.js';
import type { ServiceDefinition } from '../service.js';
import { ISLET_AUTOANTIBODY_SET } from '../../facts/islet-autoantibody.js';
import { PREGNANCY_OBSERVATION_SETS } from '../../facts/pregnancy-observation.js';
import { VIRAL_HEPATITIS_SETS } from '../../facts/viral-hepatitis.js';
import { HBA1C_PREFETCH_SETS } from '../../facts/hba1c.js';
import { ALCOHOL_USE_UNREAD } from '../../facts/alcohol.js';
import { CREATININE_SET } from '../../facts/egfr.js';

/** The id of the trial-referral service in discovery. */
export const TRIAL_REFERRAL_ID = 'trial-referral';

/**
 * The discovery entry of the trial-referral service. Its prefetch asks for what trial criteria
 * read: conditions, HbA1c, eGFR, alcohol measures, liver imaging, hepatitis B and C results,
 * medications and procedures,
 * and the referrals and research-subject records that show a trial already under way;
 * device data too when some criterion reads the `pump` fact. Title and description are in the
 * configured card locale (discovery has no language negotiation).
 */
export function trialReferralDefinition(
  valueSets: ValueSetIndex,
  catalogue: TrialCatalogue,
  messages: CardMessages,
): ServiceDefinition {
  const patient = '{{context.patientId}}';
  const prefetch: Record<string, string> = {
    ...PATIENT_TEMPLATES,
    hba1c: observationTemplate(valueSets, HBA1C_PREFETCH_SETS, 10),
    egfr: observationTemplate(valueSets, ['egfr-mdrd', 'egfr-ckd-epi', 'egfr-other'], 10),
    // Only the newest creatinine matters (one newer than the eGFR caps it: facts/egfr.ts). A key of
    // its own: in the eGFR's query, a run of creatinines could push the eGFRs off the page.
    creatinine: observationTemplate(valueSets, [CREATININE_SET], 1),
    alcohol: observationTemplate(
      valueSets,
      ['drinks-per-day', 'drinks-per-drinking-day', 'audit-c', ALCOHOL_USE_UNREAD, 'alcohol-use-status'],
      10,
    ),
    liverImagingObservations: observationTemplate(valueSets, ['liver-ultrasound', 'liver-imaging-other'], 10),
    // Enough for a course of HCV viral loads and still the HBsAg and antibody behind them.
    viralHepatitis: observationTemplate(valueSets, [...VIRAL_HEPATITIS_SETS], 20),
    pregnancy: observationTemplate(valueSets, [...PREGNANCY_OBSERVATION_SETS], 10),
    isletAutoantibodies: observationTemplate(valueSets, [ISLET_AUTOANTIBODY_SET], 10),
    laboratory: LABORATORY_SWEEP,
    socialHistory: SOCIAL_HISTORY_SWEEP,
    imaging: IMAGING_SWEEP,
    reports: REPORTS_TEMPLATE,
    procedures: PROCEDURES_TEMPLATE,
    serviceRequests: SERVICE_REQUESTS_TEMPLATE,
    researchSubjects: RESEARCH_SUBJECTS_TEMPLATE,
  };
  if ([...catalogue.factNames].some((n) => n === 'pump' || n.startsWith('insulin.'))) {
    prefetch.devices = `Device?patient=${patient}`;
    prefetch.deviceUseStatements = `DeviceUseStatement?patient=${patient}`;
    prefetch.deviceRequests = `DeviceRequest?patient=${patient}`;
  }
  return {
    id: TRIAL_REFERRAL_ID,
    hook: 'patient-view',
    title: messages.t('service.trialReferral.title'),
    description: messages.t('service.trialReferral.description'),
    prefetch,
  };
}
