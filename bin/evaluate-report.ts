import type { FactNameInfo } from '../facts/fact-names.js';
import type { PatientFacts } from '../facts/patient-facts.js';
import type { Evidence } from '../facts/fact.js';
import type { RuleValue } from '../rules/condition-evaluator.js';
import { ruleValueText } from '../services/rule-explanation.js';
import type { LoadStats } from '../fhir/record-loader.js';
import type { Card } from '../services/card-schema.js';
import type { Explanation, ProposedCard } from '../services/service.js';

/** One fact as the evaluate CLI reports it. */
export interface FactLine {
  readonly name: string;
  readonly type: FactNameInfo['type'];
  readonly known: boolean;
  readonly value?: RuleValue;
  readonly evidence: readonly Evidence[];
  readonly note?: string;
  /** Why the fact is unknown. */
  readonly reason?: string;
  /** The services whose rules or cards read the fact. */
  readonly usedBy: readonly string[];
}

/** A card held back because feedback suppresses it. */
export interface SuppressedLine {
  readonly key: string;
  readonly reason: string;
  readonly outcome: string;
  readonly until: string;
}

/** One service's answer for the patient: its explanation, its cards and which of them are suppressed. */
export interface ServiceReport {
  readonly id: string;
  readonly title: string;
  readonly explanation: Explanation;
  readonly cards: readonly ProposedCard[];
  /** Undefined when suppressions could not be checked (no feedback store). */
  readonly suppressed?: readonly SuppressedLine[];
}

/** Everything the evaluate CLI prints, as one document. */
export interface EvaluationReport {
  readonly patientId: string;
  readonly fhirServer: string;
  readonly asOf: string;
  readonly load: LoadStats;
  readonly dataQuality: readonly string[];
  readonly facts: readonly FactLine[];
  readonly services: readonly ServiceReport[];
  /** Why suppressions were not checked, when they were not. */
  readonly suppressionsNotChecked?: string;
}

/** Every registered fact name with its value and evidence, or the reason it is unknown. */
export function factLines(
  facts: PatientFacts,
  names: ReadonlyMap<string, FactNameInfo>,
  usedBy: (name: string) => readonly string[] = () => [],
): FactLine[] {
  const { values, evidence, notes, unknownReasons } = facts.rule;
  return [...names].map(([name, info]) => {
    const value = values.get(name);
    const common = { name, type: info.type, evidence: evidence.get(name) ?? [], usedBy: usedBy(name) };
    if (value === undefined) return { ...common, known: false, reason: unknownReasons.get(name) ?? 'not computed' };
    const note = notes.get(name);
    return { ...common, known: true, value, ...(note ? { note } : {}) };
  });
}

function evidenceText(evidence: readonly Evidence[]): string {
  return evidence
    .map(
      (e) =>
        `${e.resourceType}/${e.id}${e.date ? ` ${e.date.slice(0, 10)}` : ''}${e.display ? ` "${e.display}"` : ''}${e.confidence === 'low' ? ' [from free text]' : ''}`,
    )
    .join('; ');
}

function factText(f: FactLine): string {
  if (!f.known) return `  ${f.name.padEnd(44)} unknown: ${f.reason ?? 'no data'}`;
  const value = ruleValueText(f.value);
  const from = f.evidence.length ? `  from ${evidenceText(f.evidence)}` : '';
  return `  ${f.name.padEnd(44)} ${value}${from}${f.note ? `  (${f.note})` : ''}`;
}

const DERIVED_SUFFIX = /\.(onsetDays|startedDays|days)$/;

/** Markdown escapes removed, for a terminal. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

/** The card's markdown for a terminal: every line, unescaped (a card's detail is short). */
function keyLines(card: Card): string[] {
  return (card.detail ?? '')
    .split('\n')
    .map(unescapeMarkdown)
    .filter((l) => l.trim() !== '');
}

function cardText(p: ProposedCard, suppressed: SuppressedLine | undefined): string[] {
  const state = suppressed
    ? `SUPPRESSED (feedback ${suppressed.outcome}: ${suppressed.reason}, until ${suppressed.until})`
    : 'shown';
  const c = p.card;
  return [
    `  card ${p.key}: ${state}`,
    `    summary: ${c.summary}`,
    `    indicator: ${c.indicator}; source: ${c.source.label}${c.source.url ? ` <${c.source.url}>` : ''}`,
    `    matched: ${p.matchedRules.join(', ') || 'none'}`,
    ...(c.suggestions ?? []).map((s) => `    suggestion: ${s.label}`),
    ...keyLines(c).map((l) => `    ${l}`),
  ];
}

/** The report as text for a terminal. */
export function reportText(r: EvaluationReport): string {
  const out: string[] = [];
  out.push(`Patient ${r.patientId} on ${r.fhirServer}, facts as of ${r.asOf}`);
  out.push(
    `Data: ${r.load.fetchedKeys.length} queries in ${r.load.fhirRounds} round(s), ${Math.round(r.load.fetchMs)} ms` +
      `${r.load.truncatedKeys.length ? `; truncated at the page cap: ${r.load.truncatedKeys.join(', ')}` : ''}`,
  );
  for (const line of r.dataQuality) out.push(`Data quality: ${line}`);

  out.push('', 'FACTS');
  const absent = r.facts.filter((f) => f.known && f.value === false && f.evidence.length === 0);
  const absentNames = new Set(absent.map((f) => f.name));
  // Dates of absent findings (`condition.x.onsetDays` when `condition.x` is no) say nothing more.
  const derivedOfAbsent = (f: FactLine) => !f.known && absentNames.has(f.name.replace(DERIVED_SUFFIX, ''));
  for (const f of r.facts) if (!absentNames.has(f.name) && !derivedOfAbsent(f)) out.push(factText(f));
  if (absent.length) out.push(`  no record of: ${absent.map((f) => f.name).join(', ')}`);

  for (const s of r.services) {
    out.push('', `SERVICE ${s.id}: ${s.title}`);
    for (const section of s.explanation.sections) {
      out.push(`  ${section.title}`);
      for (const l of section.lines) out.push(`    [${l.status}] ${l.text} — ${unescapeMarkdown(l.reason)}`);
    }
    if (s.cards.length === 0) out.push('  no card');
    const byKey = new Map((s.suppressed ?? []).map((x) => [x.key, x]));
    for (const p of s.cards) out.push(...cardText(p, byKey.get(p.key)));
  }
  if (r.suppressionsNotChecked) out.push('', `Suppressions not checked: ${r.suppressionsNotChecked}`);
  return out.join('\n');
}
