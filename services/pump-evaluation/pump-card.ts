import { randomUUID } from 'node:crypto';
import type { Coding } from 'fhir/r4.js';
import type { InsulinProduct, PatientFacts } from '../../fhir/facts/patient-facts.js';
import type { Evidence, Fact } from '../../fhir/facts/types.js';
import type { Card } from '../card-schema.js';
import { citeAll, citeEvidence } from '../evidence-text.js';
import { dayOf } from '../markdown.js';
import { draftReferral } from '../referral-request.js';

/** OpT2mise, the trial behind this card (PubMed 24998009). */
const OPT2MISE_URL = 'https://pubmed.ncbi.nlm.nih.gov/24998009/';
/** ADA Standards of Care in Diabetes 2023, section 7 (Diabetes Technology), which covers pumps in T2D. */
const ADA_TECHNOLOGY_URL =
  'https://diabetesjournals.org/care/article/46/Supplement_1/S111/148041/7-Diabetes-Technology-Standards-of-Care-in';

/** The OpT2mise figures quoted on the card (Reznik et al., Lancet 2014;384:1265-72). */
const OPT2MISE_TEXT = [
  '**Evidence: OpT2mise** (Reznik et al., *Lancet* 2014;384:1265-72). 331 adults with type 2 diabetes poorly',
  'controlled on MDI were randomised to pump or MDI. At 6 months:',
  '- HbA1c 7.9% on the pump vs 8.6% on MDI (difference -0.7 points)',
  '- 55% vs 28% reached an HbA1c below 8%',
  '- daily insulin 97 vs 122 units',
  '- 169 min/day less time above 180 mg/dL, with no difference in hypoglycaemia',
].join('\n');

const REQUIREMENTS_TEXT = [
  '**Before a pump is started**',
  '- a diabetes specialist confirms the indication;',
  '- treatment starts at an initiating centre that provides therapeutic education and a 24/7 on-call service;',
  '- the patient must be able to manage the device.',
].join('\n');

/** Facts the card reads, beside those its rule reads (the service computes both). */
export const PUMP_CARD_FACTS: readonly string[] = ['condition.t2d', 'hba1c.percent', 'insulin.basal', 'age', 'pump'];

/** What the card builder needs beyond the facts. */
export interface PumpCardOptions {
  readonly patientId: string;
  readonly now: Date;
  readonly overrideReasons: readonly Coding[];
  readonly trialRangeLowPercent: number;
  readonly trialRangeHighPercent: number;
}

function known<T>(fact: Fact<T>): { value: T; evidence: readonly Evidence[] } {
  if (!fact.known) throw new Error('pump card built from an unknown fact');
  return fact;
}

function productLine(label: string, products: readonly InsulinProduct[]): string {
  const parts = products.map((p) => {
    const perDay = p.injectionsPerDay !== undefined ? `, ${p.injectionsPerDay}/day` : '';
    return `${p.ingredient.replace('insulin-', 'insulin ')}${perDay}: ${citeEvidence(p.evidence)}`;
  });
  return `- ${label}: ${parts.join('; ')}`;
}

/** The HbA1c as people read it: "8.9%", or "9.0% (75 mmol/mol)" when measured in IFCC units. */
function hba1cText(percent: number, measured: { value: number; unit: string; scale: string }): string {
  const base = `${percent.toFixed(1)}%`;
  return measured.scale === 'IFCC' ? `${base} (${measured.value} mmol/mol)` : base;
}

/**
 * The pump-evaluation card (CLINICAL.md, Card A). Only called when the rule is met, so
 * every fact it reads is known.
 */
export function buildPumpCard(facts: PatientFacts, options: PumpCardOptions): Card {
  const t2d = known(facts.conditions.get('t2d') ?? { known: false, reason: 'absent', evidence: [] });
  const hba1c = known(facts.hba1c);
  const insulin = known(facts.insulin);
  const age = known(facts.age);
  const pump = known(facts.pump);
  const percent = hba1c.value.percent;
  const day = dayOf(hba1c.value.date);
  const hba1cShown = hba1cText(percent, hba1c.value.measured);
  const above = percent > options.trialRangeHighPercent;

  const findings = [
    `- Active type 2 diabetes: ${citeAll(t2d.evidence)}`,
    `- Age ${age.value}`,
    productLine('Basal insulin', insulin.value.basal),
    productLine('Rapid-acting insulin', insulin.value.rapid),
    `- ${insulin.value.rapidInjectionsPerDay} scheduled rapid-acting injections a day (as-needed doses not counted)`,
    `- Latest HbA1c ${hba1cShown} on ${day}: ${citeAll(hba1c.evidence)}`,
    `- No insulin pump on file${pump.evidence.length ? `: ${citeAll(pump.evidence)}` : ''}`,
  ];
  const rangeNote = above
    ? `\n\n**Note:** an HbA1c of ${percent.toFixed(1)}% lies outside the ${options.trialRangeLowPercent.toFixed(1)}-${options.trialRangeHighPercent.toFixed(1)}% range randomised in OpT2mise; the trial does not tell us the benefit at this level.`
    : '';
  const detail = [`**Why this card**\n${findings.join('\n')}${rangeNote}`, OPT2MISE_TEXT, REQUIREMENTS_TEXT].join(
    '\n\n',
  );

  const evidenceRefs = [...t2d.evidence, ...hba1c.evidence].map((e) => `${e.resourceType}/${e.id}`);
  const referral = draftReferral({
    patientId: options.patientId,
    what: 'Referral to endocrinology / insulin-pump initiation centre for insulin pump (CSII) evaluation',
    reasonCodes: [
      { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Type 2 diabetes mellitus' }] },
    ],
    reasonReferences: evidenceRefs,
    note: `Type 2 diabetes on MDI (${insulin.value.rapidInjectionsPerDay} rapid-acting injections a day) with HbA1c ${hba1cShown} on ${day}. Please assess for insulin pump therapy.`,
    authoredOn: options.now,
  });

  return {
    uuid: randomUUID(),
    summary: `Consider insulin pump evaluation: T2D on MDI, HbA1c ${percent.toFixed(1)}% (${day})`,
    indicator: 'info',
    detail,
    source: { label: 'diabetes-cds-hooks: OpT2mise pump criteria', url: OPT2MISE_URL },
    suggestions: [
      {
        label: 'Refer for insulin pump evaluation',
        uuid: randomUUID(),
        isRecommended: true,
        actions: [
          {
            type: 'create',
            description: 'Draft a referral for insulin pump (CSII) evaluation',
            resource: { ...referral },
          },
        ],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: options.overrideReasons.map((r) => ({ system: r.system!, code: r.code!, display: r.display! })),
    links: [
      { label: 'OpT2mise trial (Lancet 2014) on PubMed', url: OPT2MISE_URL, type: 'absolute' },
      { label: 'ADA Standards of Care 2023: Diabetes Technology', url: ADA_TECHNOLOGY_URL, type: 'absolute' },
    ],
  };
}
