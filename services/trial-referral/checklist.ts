import { escapeMarkdown } from '../markdown.js';
import { valueText, type CriterionReport, type FactFinding } from './criterion-report.js';

/**
 * Escapes catalogue text (registry wording, site-written labels) for markdown. It is trusted
 * site data, so only the characters that would turn into markup are escaped, and nothing is cut.
 */
export function catalogueMarkdown(text: string): string {
  return escapeMarkdown(text, Number.POSITIVE_INFINITY);
}

/** One finding in plain text, for explanations and the CLI. */
function findingPlain(f: FactFinding): string {
  if (f.status === 'unknown') return `${f.name}: unknown (${f.unknownReason ?? 'no data'})`;
  const evidence = f.evidence.map(
    (e) =>
      `${e.resourceType}/${e.id}${e.date ? ` ${e.date.slice(0, 10)}` : ''}${e.display ? ` "${e.display}"` : ''}${e.confidence === 'low' ? ' [from free text]' : ''}`,
  );
  return `${f.name}: ${valueText(f.value)}${evidence.length ? ` from ${evidence.join(', ')}` : ''}${f.note ? ` (${f.note})` : ''}`;
}

/** Why a criterion has its status, in plain text. */
export function reasonPlain(r: CriterionReport): string {
  const findings = r.findings.map(findingPlain).join('; ');
  if (!r.confirm) return findings || 'no data';
  return findings ? `${r.confirm} Record: ${findings}` : r.confirm;
}
