import type { MedicationRequest } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { NAFLD_FOR_T1D, T1D, t1dRecord, t1dTrial } from './trial-onset-records.js';
import { conditionOf, daysBeforeDate, lantusOrder, record, type StyledContext } from './trial-builders.js';

/*
 * NCT05153070 records from a regression review (2026-12-07): an insulin order with no authoredOn,
 * dated only by its prescription's validity (`dispenseRequest.validityPeriod.start`), was left out
 * of the days a drug for diabetes has been on file, and the card shown beside a type 1 code of last
 * month though the insulin was prescribed 5 months ago. The control: a validity that began after
 * the diagnosis.
 */

/** A Lantus order with no authoredOn, valid from `validDaysAgo` for a year. */
function undatedLantus(ctx: StyledContext, validDaysAgo: number): MedicationRequest {
  const order = lantusOrder(ctx, 'basal-undated');
  delete order.authoredOn;
  const from = daysBeforeDate(ctx, validDaysAgo);
  const until = daysBeforeDate(ctx, validDaysAgo - 365);
  return {
    ...order,
    dispenseRequest: {
      validityPeriod: { start: from.toISOString().slice(0, 10), end: until.toISOString().slice(0, 10) },
    },
  };
}

export const TRIAL_REVIEW_SEVENTEEN_RECORDS: readonly FixturePatient[] = [
  record({
    id: 'rw-us-t1d-new-code-undated-insulin-valid-150-days',
    title:
      'Type 1 diabetes coded 40 days ago; a Lantus order with no authoredOn, its prescription valid from 150 days ago: insulin prescribed 5 months ago, the diabetes is not recent, no NCT05153070 card',
    rule: 'onset of recent type 1 diabetes',
    style: 'us',
    case: 'does-not-fire',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Miles', family: 'Example-Validity', gender: 'male', age: 24 },
        (c) => [conditionOf(c, 't1d', { code: T1D.us, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 40, extra: [undatedLantus(ctx, 150)] },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: {
      fires: false,
      partial: true,
      criteria: { 't1d-recent': 'met', 'insulin-recent': 'not-met', 'age-16-35': 'met' },
    },
  }),
  record({
    id: 'rw-fr-t1d-new-code-undated-insulin-valid-30-days-control',
    title:
      'Témoin : diabète de type 1 codé il y a 40 jours, une ordonnance de Lantus sans date de rédaction, valable depuis 30 jours : l’insuline suit le diagnostic, NCT05153070 proposé',
    rule: 'onset of recent type 1 diabetes',
    style: 'fr',
    case: 'fires',
    resources: (ctx) =>
      t1dRecord(
        ctx,
        { given: 'Hugo', family: 'Exemple-Validite', gender: 'male', age: 22 },
        (c) => [conditionOf(c, 't1d', { code: T1D.fr, onsetDaysAgo: 40, recordedDaysAgo: 40 })],
        { insulinDaysAgo: 40, extra: [undatedLantus(ctx, 30)] },
      ),
    pump: null,
    nafld: NAFLD_FOR_T1D,
    t1d: t1dTrial(true, 'met', ['Condition/rw-fr-t1d-new-code-undated-insulin-valid-30-days-control-t1d']),
  }),
];
