import { computeFactsBeforeAfter, computePatientFacts } from '../facts/compute-facts.js';
import type { PatientFacts } from '../facts/patient-facts.js';
import type { PatientRecord } from '../fhir/patient-record.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { loadPatientRecord, type LoadStats } from '../fhir/record-loader.js';
import type { ValueSetIndex } from '../rules/value-sets.js';
import type { CdsService, EvaluationInput, Explanation, ProposedCard } from '../services/service.js';
import type { TrialScreening } from '../services/trial-screening.js';
import type { Suppression } from '../store/card-store.js';
import { patientResources } from './bundle-ownership.js';
import { mergedTemplates } from './merged-templates.js';
import type { RecordSource } from './record-source.js';
import { withDraftOrders, withDraftReferrals, type DraftOrders, type WhatIf } from './what-if-record.js';

/** One evaluation: a patient, the services to run, where the record comes from, and when. */
export interface PipelineInput {
  readonly patientId: string;
  readonly services: readonly CdsService[];
  readonly source: RecordSource;
  readonly now: Date;
  /** Also explain every rule and criterion (the evaluate CLI; a hook call does not need it). */
  readonly explain?: boolean;
  /** Also compute every fact, not only the services' (the evaluate CLI, the EHR page's list). */
  readonly allFacts?: boolean;
  /** Also screen every trial of the catalogue (population screening, screening/). */
  readonly screen?: boolean;
  /** The draft orders of an order hook: services of those hooks see the record with and without them. */
  readonly orders?: DraftOrders;
}

/** What the pipeline is given once: the rules data, the site settings, the feedback store. */
export interface PipelinePorts {
  readonly valueSets: ValueSetIndex;
  readonly alcoholGramsPerDrink: number;
  /** Active suppressions of a service's cards for a patient; without it nothing is suppressed. */
  readonly suppressions?: (serviceId: string, patientRef: string, now: Date) => Promise<readonly Suppression[]>;
  /**
   * Every service whose feedback holds back cards of the same key (the same topic: the pump, a
   * trial) on the other hooks; the service's own feedback alone when absent.
   */
  readonly sharedFeedback?: readonly string[];
}

/** A card held back by earlier feedback. */
export interface SuppressedCard {
  readonly key: string;
  readonly reason: string;
  readonly outcome: Suppression['outcome'];
  readonly until: Date;
}

/** How one service came out for the patient. */
export interface ServiceOutcome {
  readonly service: CdsService;
  /** The facts of the service's scope. */
  readonly facts: PatientFacts;
  /** Every card the rules propose, best first. */
  readonly proposed: readonly ProposedCard[];
  /** The proposed cards feedback does not hold back: what the clinician sees. */
  readonly shown: readonly ProposedCard[];
  readonly suppressed: readonly SuppressedCard[];
  readonly explanation?: Explanation;
  /** Every trial of the service's catalogue, when screening asked. */
  readonly screening?: readonly TrialScreening[];
}

/** The outcome of one evaluation. */
export interface PipelineOutcome {
  readonly record: PatientRecord;
  readonly stats: LoadStats;
  readonly services: readonly ServiceOutcome[];
  /** Every fact, when asked for. */
  readonly allFacts?: PatientFacts;
}

const NO_LOAD: LoadStats = { fetchedKeys: [], fhirRounds: 0, truncatedKeys: [], fetchMs: 0 };

/** The record, from a request (prefetch, then the FHIR server) or from resources in hand. */
async function loadRecord(input: PipelineInput): Promise<{ record: PatientRecord; stats: LoadStats }> {
  const { source } = input;
  if (source.kind === 'record') return { record: source.record, stats: NO_LOAD };
  if (source.kind === 'resources') {
    // Resources in hand (a Bundle file) may be several patients' (a multi-patient export): only
    // this patient's are read (pipeline/bundle-ownership.ts). A prefetch holding another patient's
    // resource is refused instead (fhir/prefetch.ts); here the file is not the request, and the
    // other patients are not errors.
    const { own, unowned } = patientResources(source.resources, input.patientId);
    const whole = recordFromResources(input.patientId, own);
    // Part of a record (a page of a search): what it lacks may be anything, so every type is
    // read as cut, its absences and its latest values unproven.
    const record = source.incomplete ? { ...whole, truncated: new Set(whole.loaded) } : whole;
    return { record: unowned.size > 0 ? { ...record, unowned } : record, stats: NO_LOAD };
  }
  return loadPatientRecord({
    patientId: input.patientId,
    templates: mergedTemplates(input.services),
    context: source.context,
    ...(source.prefetch ? { prefetch: source.prefetch } : {}),
    ...(source.access ? { access: source.access } : {}),
    ...(source.dataSource ? { source: source.dataSource } : {}),
  });
}

/**
 * Proposed cards split into shown and suppressed; the store is asked only when there is a card.
 * Suppression is per patient and card key (a topic), whichever hook showed the card: a pump card
 * dismissed on patient-view is held back at the order too, and the other way round.
 */
async function applySuppressions(
  service: CdsService,
  proposed: readonly ProposedCard[],
  input: PipelineInput,
  ports: PipelinePorts,
): Promise<{ shown: readonly ProposedCard[]; suppressed: readonly SuppressedCard[] }> {
  if (proposed.length === 0 || !ports.suppressions) return { shown: proposed, suppressed: [] };
  const byKey = new Map<string, Suppression>();
  for (const id of new Set([service.definition.id, ...(ports.sharedFeedback ?? [])])) {
    for (const s of await ports.suppressions(id, `Patient/${input.patientId}`, input.now)) {
      const seen = byKey.get(s.cardKey);
      if (!seen || seen.until < s.until) byKey.set(s.cardKey, s);
    }
  }
  return {
    shown: proposed.filter((p) => !byKey.has(p.key)),
    suppressed: proposed.flatMap((p) => {
      const s = byKey.get(p.key);
      return s ? [{ key: p.key, reason: s.reason, outcome: s.outcome, until: s.until }] : [];
    }),
  };
}

/**
 * What an order-hook service evaluates: the record with the drafts it does not speak of already
 * in force (none on order-sign, the unselected ones on order-select), and as it would be with
 * the rest. A patient-view service sees the record alone.
 */
function evaluationFor(
  service: CdsService,
  record: PatientRecord,
  input: PipelineInput,
  ports: PipelinePorts,
  settings: { now: Date; alcoholGramsPerDrink: number },
): EvaluationInput {
  const options = { ...settings, scope: service.factScope };
  const base = { patientId: input.patientId, now: input.now };
  const { orders } = input;
  if (service.definition.hook === 'patient-view' || !orders)
    return { ...base, facts: computePatientFacts(record, ports.valueSets, options), record };
  const ref = (r: { resourceType: string; id?: string }) => `${r.resourceType}/${r.id ?? ''}`;
  const focused = (r: { resourceType: string; id?: string }) => !orders.focus || orders.focus.has(ref(r));
  let before: PatientRecord;
  let after: WhatIf;
  try {
    const signed = withDraftReferrals(record, orders.resources, input.now);
    before = orders.focus
      ? withDraftOrders(signed, orders.resources, (r) => !focused(r), ports.valueSets, input.now).record
      : signed;
    after = withDraftOrders(before, orders.resources, focused, ports.valueSets, input.now);
  } catch {
    // Drafts that cannot be put in force change nothing that can be told: no card from them.
    return { ...base, facts: computePatientFacts(record, ports.valueSets, options), record };
  }
  // The two records differ only in medications: the second computation shares the rest.
  const facts = computeFactsBeforeAfter(before, after.record, ports.valueSets, options);
  return {
    ...base,
    facts: facts.before,
    record: before,
    orders: { after: facts.after, afterRecord: after.record, drafts: after.drafts },
  };
}

/**
 * The one path from a request to cards, which every entry point takes (the CDS Hooks calls, the
 * evaluate CLI, the EHR page): read the patient's record, compute each service's facts once, run
 * its rules, and hold back the cards earlier feedback suppresses. Errors reading the record
 * (FhirFetchError, DataUnavailableError, InvalidPrefetchError) are thrown for the entry point to
 * answer in its own terms; nothing below the record throws on odd data.
 */
export async function runPipeline(input: PipelineInput, ports: PipelinePorts): Promise<PipelineOutcome> {
  const { record, stats } = await loadRecord(input);
  const settings = { now: input.now, alcoholGramsPerDrink: ports.alcoholGramsPerDrink };
  const services: ServiceOutcome[] = [];
  for (const service of input.services) {
    const evaluation = evaluationFor(service, record, input, ports, settings);
    const { facts } = evaluation;
    const proposed = await service.evaluate(evaluation);
    const { shown, suppressed } = await applySuppressions(service, proposed, input, ports);
    const explanation = input.explain ? await service.explain(evaluation) : undefined;
    const screening = input.screen ? service.screen?.(evaluation) : undefined;
    services.push({
      service,
      facts,
      proposed,
      shown,
      suppressed,
      ...(explanation ? { explanation } : {}),
      ...(screening ? { screening } : {}),
    });
  }
  const allFacts = input.allFacts ? computePatientFacts(record, ports.valueSets, settings) : undefined;
  return { record, stats, services, ...(allFacts ? { allFacts } : {}) };
}
