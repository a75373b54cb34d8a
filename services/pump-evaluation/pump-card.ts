import { randomUUID } from 'node:crypto';
import type { Coding } from 'fhir/r4.js';
import type { Fact, KnownFact } from '../../facts/fact.js';
import type { Hba1cFinding, InsulinDrug, PatientFacts } from '../../facts/patient-facts.js';
import { COMPARATOR_SYMBOL } from '../../facts/reported-bound.js';
import type { Card } from '../card-schema.js';
import { countText, itemsText, lowConfidence, oldestDay, productNames, recordedNumber } from '../card-text.js';
import type { CardMessages, MessageKey } from '../message-keys.js';
import { escapeMarkdown } from '../markdown.js';
import { draftReferral } from '../referral-request.js';

/** OpT2mise, the trial behind this card (PubMed 24998009): the card's source. */
const OPT2MISE_URL = 'https://pubmed.ncbi.nlm.nih.gov/24998009/';

/** Facts the card reads, beside those its rules read (the service computes both). */
export const PUMP_CARD_FACTS = ['hba1c', 'insulin', 'age', 'pump', 'mdiRunIn'] as const;

/** Value-set facts the card reads by name. */
export const PUMP_CARD_NAMES = ['condition.t2d'] as const;

/** The facts the card may read: a card reading any other does not compile. */
export type PumpCardFacts = PatientFacts<(typeof PUMP_CARD_FACTS)[number], (typeof PUMP_CARD_NAMES)[number]>;

/** A link of the card, its label already in the card's language (from the rule file). */
export interface CardLink {
  readonly label: string;
  readonly url: string;
}

/** The draft orders that would start multiple daily injections. */
export interface Escalation {
  /** Their drugs, as the orders name them. */
  readonly drugs: readonly string[];
  /** `MedicationRequest/<id>` of the drafts: not yet records the referral can cite. */
  readonly drafts: readonly string[];
}

/** What the card builder needs beyond the facts. */
export interface PumpCardOptions {
  readonly patientId: string;
  readonly now: Date;
  readonly messages: CardMessages;
  readonly overrideReasons: readonly Coding[];
  readonly trialRangeLowPercent: number;
  readonly trialRangeHighPercent: number;
  /** Items the rules could not settle and the clinician should confirm (e.g. the MDI duration), in the card's language. */
  readonly toConfirm: readonly string[];
  readonly links: readonly CardLink[];
  /**
   * Set on the order hooks when draft orders would start multiple daily injections: the card asks
   * for an evaluation before adding them, over the same evidence.
   */
  readonly escalation?: Escalation;
}

function known<T>(fact: Fact<T>): KnownFact<T> {
  if (!fact.known) throw new Error('pump card built from an unknown fact');
  return fact;
}

/** "insulin glargine (Lantus SoloStar), 1 injection a day, since 2025-01-10" */
function drugText(m: CardMessages, drug: InsulinDrug): string {
  const key = `drug.${drug.set}` as MessageKey;
  const name = m.t(key);
  const products = productNames(drug.evidence);
  const schedule = drug.asNeeded ? m.t('common.asNeeded') : countText(m, drug.injectionsPerDay);
  const since = drug.start.start !== undefined ? new Date(drug.start.start).toISOString().slice(0, 10) : undefined;
  const parts = [
    products.length > 0 ? `${name} (${products.join(', ')})` : name,
    schedule,
    ...(since ? [m.t('common.since', { date: m.date(since) })] : []),
    ...(drug.fromText ? [m.t('common.scheduleFromText')] : []),
  ];
  return parts.join(', ') + lowConfidence(m, drug.evidence);
}

/** A bound as the laboratory reported it: "> 14.0 %", "> 14.0 % (> 130 mmol/mol)". */
function boundText(m: CardMessages, h: Hba1cFinding, comparator: keyof typeof COMPARATOR_SYMBOL): string {
  const c = COMPARATOR_SYMBOL[comparator];
  if (h.measured.scale === 'IFCC') {
    const percent = m.t('common.percent', { value: m.number(h.percent, 1) });
    return `${c} ${percent} (${c} ${m.t('common.mmolPerMol', { value: recordedNumber(m, h.measured.value) })})`;
  }
  return `${c} ${m.t('common.percent', { value: recordedNumber(m, h.measured.value, 1) })}`;
}

/** The HbA1c as recorded: "7.95 %", "9.0 % (75 mmol/mol)" when measured in IFCC units, "> 14.0 %", or a range. */
function hba1cText(m: CardMessages, h: Hba1cFinding): string {
  const range = h.percentRange;
  // One result reported as a bound: the bound, as written.
  if (h.measured.comparator && range && (range.low === h.percent || range.high === h.percent)) {
    return boundText(m, h, h.measured.comparator);
  }
  if (range?.high === undefined && range?.low !== undefined) {
    return `${range.lowExclusive ? '>' : '≥'} ${m.t('common.percent', { value: m.number(range.low, 1) })}`;
  }
  if (range) {
    return m.t('common.percentRange', {
      low: recordedNumber(m, range.low ?? h.percent, 1),
      high: recordedNumber(m, range.high ?? h.percent, 1),
    });
  }
  if (h.measured.scale === 'IFCC') {
    // Converted from mmol/mol: one decimal, the precision NGSP % is reported with.
    const percent = m.t('common.percent', { value: m.number(h.percent, 1) });
    return `${percent} (${m.t('common.mmolPerMol', { value: recordedNumber(m, h.measured.value) })})`;
  }
  return m.t('common.percent', { value: recordedNumber(m, h.measured.value, 1) });
}

/** The HbA1c for the summary: in %, without the mmol/mol the detail adds (summaries stay short). */
function summaryHba1c(m: CardMessages, h: Hba1cFinding): string {
  if (h.percentRange || h.measured.scale !== 'IFCC') return hba1cText(m, h);
  return m.t('common.percent', { value: m.number(h.percent, 1) });
}

/** The age, or the two ages a partial birth date allows. */
function ageText(m: CardMessages, age: { youngest: number; oldest: number }): string {
  return age.youngest === age.oldest
    ? m.t('common.years', { age: age.oldest })
    : m.t('common.yearsRange', { youngest: age.youngest, oldest: age.oldest });
}

/**
 * The pump-evaluation card (docs/clinical-rules.md, "Insulin pump evaluation card"), in the
 * configured language. Only called when the rule is met, so every fact it reads is known.
 */
export function buildPumpCard(facts: PumpCardFacts, options: PumpCardOptions): Card {
  const m = options.messages;
  const t2d = known(facts.named('condition.t2d'));
  const hba1c = known(facts.hba1c);
  const insulin = known(facts.insulin);
  const age = known(facts.age);
  const pump = known(facts.pump);
  const h = hba1c.value;
  const shown = hba1cText(m, h);
  const day = m.date(h.date);
  const above = (h.percentRange?.low ?? h.percent) > options.trialRangeHighPercent;
  const count = countText(m, insulin.value.prandialInjectionsPerDay);

  const prandial = [...insulin.value.rapid, ...insulin.value.humanRegular];
  // Before the injections are added there is no run-in to speak of.
  const runIn = facts.mdiRunIn.known && !options.escalation ? facts.mdiRunIn.value : undefined;
  const t2dSince = oldestDay(t2d.evidence);
  const findings = [
    (t2dSince ? m.t('pump.t2d', { date: m.date(t2dSince) }) : m.t('pump.t2dUndated')) + lowConfidence(m, t2d.evidence),
    m.t('pump.age', { age: ageText(m, age.value) }),
    m.t('pump.basal', {
      drugs: itemsText(
        m,
        insulin.value.basal.map((d) => drugText(m, d)),
      ),
    }),
    m.t('pump.prandial', {
      drugs: itemsText(
        m,
        prandial.map((d) => drugText(m, d)),
      ),
    }),
    m.t('pump.prandialCount', { count }),
    ...(runIn?.start && typeof runIn.days === 'number'
      ? [m.t('pump.runIn', { date: m.date(runIn.start), days: runIn.days })]
      : []),
    m.t('pump.hba1c', { value: shown, date: day }) + lowConfidence(m, hba1c.evidence),
    m.t('pump.noPump') + lowConfidence(m, pump.evidence),
  ];
  const detail = [
    ...(options.escalation
      ? [
          m.t('order.escalationLead', {
            drugs: itemsText(
              m,
              options.escalation.drugs.map((d) => escapeMarkdown(d, 60)),
            ),
          }),
        ]
      : []),
    `**${m.t('pump.whyTitle')}**\n${findings.map((f) => `- ${f}`).join('\n')}`,
    ...(above
      ? [
          m.t('pump.aboveRange', {
            value: shown,
            range: m.t('common.percentRange', {
              low: m.number(options.trialRangeLowPercent, 1),
              high: m.number(options.trialRangeHighPercent, 1),
            }),
          }),
        ]
      : []),
    ...(options.toConfirm.length > 0 ? [m.t('pump.toConfirm', { items: options.toConfirm.join(' ') })] : []),
    m.t('pump.evidence'),
    m.t('pump.requirements'),
  ].join('\n\n');

  // The referral carries the records behind the card, so the specialist sees them in the EHR.
  const drugs = [...insulin.value.basal, ...prandial];
  const drafted = new Set(options.escalation?.drafts ?? []);
  const evidenceRefs = [
    ...new Set(
      [...t2d.evidence, ...hba1c.evidence, ...drugs.flatMap((d) => d.evidence)]
        .map((e) => `${e.resourceType}/${e.id}`)
        .filter((ref) => !drafted.has(ref)),
    ),
  ];
  const referral = draftReferral({
    patientId: options.patientId,
    what: m.t('pump.referralWhat'),
    reasonCodes: [
      { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Type 2 diabetes mellitus' }] },
    ],
    reasonReferences: evidenceRefs,
    note: m.t(options.escalation ? 'order.escalationNote' : 'pump.referralNote', {
      count,
      hba1c: shown,
      date: day,
      confirm: options.toConfirm.length > 0 ? ` ${options.toConfirm.join(' ')}` : '',
      drugs: itemsText(m, options.escalation?.drugs ?? []),
    }),
    authoredOn: options.now,
  });

  return {
    uuid: randomUUID(),
    summary: options.escalation
      ? m.t('order.escalationSummary', { hba1c: summaryHba1c(m, h), date: day })
      : m.t('pump.summary', { hba1c: summaryHba1c(m, h), date: day }),
    indicator: 'info',
    detail,
    source: { label: m.t('pump.source'), url: OPT2MISE_URL },
    suggestions: [
      {
        label: m.t('pump.suggestion'),
        uuid: randomUUID(),
        isRecommended: true,
        actions: [{ type: 'create', description: m.t('pump.action'), resource: { ...referral } }],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: options.overrideReasons.map((r) => ({ system: r.system!, code: r.code!, display: r.display! })),
    links: options.links.map((l) => ({ label: l.label, url: l.url, type: 'absolute' as const })),
  };
}
