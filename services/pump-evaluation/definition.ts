import type { ValueSetIndex } from '../../rules/value-sets.js';
import {
  observationTemplate,
  PATIENT_TEMPLATES,
  PROCEDURES_TEMPLATE,
  REPORTS_TEMPLATE,
  SERVICE_REQUESTS_TEMPLATE,
} from '../prefetch-queries.js';
import type { ServiceDefinition } from '../service.js';

/** The discovery entry of the pump-evaluation service. */
export function pumpEvaluationDefinition(valueSets: ValueSetIndex): ServiceDefinition {
  return {
    id: 'pump-evaluation',
    hook: 'patient-view',
    title: 'Insulin pump (CSII) evaluation for type 2 diabetes',
    description:
      'Suggests referral for insulin-pump evaluation when an adult with type 2 diabetes on multiple daily ' +
      'injections has a recent HbA1c at or above 8%, following the OpT2mise trial.',
    prefetch: {
      ...PATIENT_TEMPLATES,
      hba1c: observationTemplate(valueSets, ['hba1c-ngsp', 'hba1c-ifcc'], 10),
      reports: REPORTS_TEMPLATE,
      procedures: PROCEDURES_TEMPLATE,
      devices: 'Device?patient={{context.patientId}}',
      deviceUseStatements: 'DeviceUseStatement?patient={{context.patientId}}',
      serviceRequests: SERVICE_REQUESTS_TEMPLATE,
    },
  };
}
