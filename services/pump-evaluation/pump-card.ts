import { randomUUID } from 'node:crypto';
import type { Coding } from 'fhir/r4.js';
import type { Fact, KnownFact } from '../../facts/fact.js';
import type { InsulinDrug, PatientFacts } from '../../facts/patient-facts.js';
import type { RuleValue } from '../../rules/condition-evaluator.js';
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

/** Facts the card reads, beside those its rules read (the service computes both). */
export const PUMP_CARD_FACTS = ['hba1c', 'insulin', 'age', 'pump', 'mdiRunIn'] as const;

/** Value-set facts the card reads by name. */
export const PUMP_CARD_NAMES = ['condition.t2d'] as const;

/** The facts the card may read: a card reading any other does not compile. */
export type PumpCardFacts = PatientFacts<(typeof PUMP_CARD_FACTS)[number], (typeof PUMP_CARD_NAMES)[number]>;

/** What the card builder needs beyond the facts. */
export interface PumpCardOptions {
  readonly patientId: string;
  readonly now: Date;
  readonly overrideReasons: readonly Coding[];
  readonly trialRangeLowPercent: number;
  readonly trialRangeHighPercent: number;
  /** Items the rules could not settle and the clinician should confirm (e.g. the MDI duration). */
  readonly toConfirm: readonly string[];
}

function known<T>(fact: Fact<T>): KnownFact<T> {
  if (!fact.known) throw new Error('pump card built from an unknown fact');
  return fact;
}

/** A count as people read it: "3", "2-3", "at least 2". */
function countText(value: RuleValue | undefined): string {
  if (value === undefined) return 'an unknown number of';
  if (typeof value !== 'object') return String(value);
  if (value.low !== undefined && value.high !== undefined) return `${value.low}-${value.high}`;
  return `at least ${value.low ?? 0}`;
}

function productLine(label: string, drugs: readonly InsulinDrug[]): string {
  const parts = drugs.map((d) => {
    const perDay = d.asNeeded ? ', as needed' : `, ${countText(d.injectionsPerDay)}/day`;
    const text = d.fromText ? ' (schedule read from the dosage text)' : '';
    return `${d.set.replace('insulin-', 'insulin ')}${perDay}${text}: ${d.evidence.map((e) => citeEvidence(e)).join('; ')}`;
  });
  return `- ${label}: ${parts.join('; ')}`;
}

/** The HbA1c as people read it: "8.9%", or "9.0% (75 mmol/mol)" when measured in IFCC units. */
function hba1cText(percent: number, measured: { value: number; unit: string; scale: string }): string {
  const base = `${percent.toFixed(1)}%`;
  return measured.scale === 'IFCC' ? `${base} (${measured.value} mmol/mol)` : base;
}

/** The age, or the two ages a partial birth date allows. */
function ageText(age: { youngest: number; oldest: number }): string {
  return age.youngest === age.oldest ? String(age.oldest) : `${age.youngest}-${age.oldest}`;
}

/**
 * The pump-evaluation card (docs/clinical-rules.md, "Insulin pump evaluation card"). Only called when the rule is met, so
 * every fact it reads is known.
 */
export function buildPumpCard(facts: PumpCardFacts, options: PumpCardOptions): Card {
  const t2d = known(facts.named('condition.t2d'));
  const hba1c = known(facts.hba1c);
  const insulin = known(facts.insulin);
  const age = known(facts.age);
  const pump = known(facts.pump);
  const percent = hba1c.value.percent;
  const range = hba1c.value.percentRange;
  const percentShown = range
    ? `${(range.low ?? percent).toFixed(1)}-${(range.high ?? percent).toFixed(1)}`
    : percent.toFixed(1);
  const day = dayOf(hba1c.value.date);
  const hba1cShown = range ? `${percentShown}%` : hba1cText(percent, hba1c.value.measured);
  const above = (range?.low ?? percent) > options.trialRangeHighPercent;

  const prandial = [...insulin.value.rapid, ...insulin.value.humanRegular];
  const runIn = facts.mdiRunIn.known ? facts.mdiRunIn.value : undefined;
  const findings = [
    `- Active type 2 diabetes: ${citeAll(t2d.evidence)}`,
    `- Age ${ageText(age.value)}`,
    productLine('Basal insulin', insulin.value.basal),
    productLine('Prandial insulin', prandial),
    `- ${countText(insulin.value.prandialInjectionsPerDay)} scheduled prandial injections a day (as-needed doses not counted)`,
    ...(runIn && typeof runIn.days === 'number'
      ? [`- On basal-bolus since ${dayOf(runIn.start)}, ${runIn.days} days before this HbA1c`]
      : []),
    `- Latest HbA1c ${hba1cShown} on ${day}: ${citeAll(hba1c.evidence)}${hba1c.note ? ` (${hba1c.note})` : ''}`,
    `- No insulin pump on file${pump.evidence.length ? `: ${citeAll(pump.evidence)}` : ''}`,
  ];
  const confirm = options.toConfirm.length > 0 ? `\n\n**To confirm:** ${options.toConfirm.join(' ')}` : '';
  const rangeNote = above
    ? `\n\n**Note:** an HbA1c of ${percent.toFixed(1)}% lies outside the ${options.trialRangeLowPercent.toFixed(1)}-${options.trialRangeHighPercent.toFixed(1)}% range randomised in OpT2mise; the trial does not tell us the benefit at this level.`
    : '';
  const detail = [
    `**Why this card**\n${findings.join('\n')}${rangeNote}${confirm}`,
    OPT2MISE_TEXT,
    REQUIREMENTS_TEXT,
  ].join('\n\n');

  const evidenceRefs = [...t2d.evidence, ...hba1c.evidence].map((e) => `${e.resourceType}/${e.id}`);
  const referral = draftReferral({
    patientId: options.patientId,
    what: 'Referral to endocrinology / insulin-pump initiation centre for insulin pump (CSII) evaluation',
    reasonCodes: [
      { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Type 2 diabetes mellitus' }] },
    ],
    reasonReferences: evidenceRefs,
    note: `Type 2 diabetes on MDI (${countText(insulin.value.prandialInjectionsPerDay)} prandial injections a day) with HbA1c ${hba1cShown} on ${day}.${options.toConfirm.length > 0 ? ` ${options.toConfirm.join(' ')}` : ''} Please assess for insulin pump therapy.`,
    authoredOn: options.now,
  });

  return {
    uuid: randomUUID(),
    summary: `Consider insulin pump evaluation: T2D on MDI, HbA1c ${percentShown}% (${day})`,
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
