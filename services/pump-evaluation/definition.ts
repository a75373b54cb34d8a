import { ISLET_AUTOANTIBODY_SET } from '../../facts/islet-autoantibody.js';
import { PREGNANCY_OBSERVATION_SETS } from '../../facts/pregnancy-observation.js';
import type { ValueSetIndex } from '../../rules/value-sets.js';
import {
  LABORATORY_SWEEP,
  observationTemplate,
  PATIENT_TEMPLATES,
  PROCEDURES_TEMPLATE,
  REPORTS_TEMPLATE,
  SERVICE_REQUESTS_TEMPLATE,
} from '../prefetch-queries.js';
import type { CardMessages } from '../message-keys.js';
import type { ServiceDefinition } from '../service.js';
import { HBA1C_PREFETCH_SETS } from '../../facts/hba1c.js';

/**
 * The discovery entry of the pump-evaluation service. Discovery has no language negotiation, so
 * its title and description are in the configured card locale, like the cards the EHR shows
 * beside them.
 */
export function pumpEvaluationDefinition(valueSets: ValueSetIndex, messages: CardMessages): ServiceDefinition {
  return {
    id: 'pump-evaluation',
    hook: 'patient-view',
    title: messages.t('service.pumpEvaluation.title'),
    description: messages.t('service.pumpEvaluation.description'),
    prefetch: {
      ...PATIENT_TEMPLATES,
      hba1c: observationTemplate(valueSets, HBA1C_PREFETCH_SETS, 10),
      pregnancy: observationTemplate(valueSets, [...PREGNANCY_OBSERVATION_SETS], 10),
      isletAutoantibodies: observationTemplate(valueSets, [ISLET_AUTOANTIBODY_SET], 10),
      laboratory: LABORATORY_SWEEP,
      reports: REPORTS_TEMPLATE,
      procedures: PROCEDURES_TEMPLATE,
      devices: 'Device?patient={{context.patientId}}',
      deviceUseStatements: 'DeviceUseStatement?patient={{context.patientId}}',
      deviceRequests: 'DeviceRequest?patient={{context.patientId}}',
      serviceRequests: SERVICE_REQUESTS_TEMPLATE,
    },
  };
}
