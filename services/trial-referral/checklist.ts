import { citeAll } from '../evidence-text.js';
import { escapeMarkdown } from '../markdown.js';
import { valueText, type CriterionReport, type FactFinding } from './criterion-report.js';

/**
 * Escapes catalogue text (registry wording, site-written labels) for markdown. It is trusted
 * site data, so only the characters that would turn into markup are escaped, and nothing is cut.
 */
export function catalogueMarkdown(text: string): string {
  return escapeMarkdown(text, Number.POSITIVE_INFINITY);
}

/** One finding as markdown: name, value, evidence not yet cited on the line, and caveat; EHR-derived text escaped. */
function findingMarkdown(f: FactFinding, cited: Set<string>): string {
  const name = catalogueMarkdown(f.name);
  if (f.status === 'unknown') return `${name}: unknown (${escapeMarkdown(f.unknownReason ?? 'no data')})`;
  const value = typeof f.value === 'string' ? escapeMarkdown(f.value) : valueText(f.value);
  const fresh = f.evidence.filter((e) => !cited.has(`${e.resourceType}/${e.id}`));
  for (const e of fresh) cited.add(`${e.resourceType}/${e.id}`);
  const evidence = fresh.length > 0 ? ` — ${citeAll(fresh)}` : '';
  const note = f.note ? ` (${escapeMarkdown(f.note)})` : '';
  return `${name}: ${value}${evidence}${note}`;
}

/** Why a criterion has its status, as markdown: the catalogue's reason to confirm, then what the record says. */
export function reasonMarkdown(r: CriterionReport): string {
  const cited = new Set<string>();
  const findings = r.findings.map((f) => findingMarkdown(f, cited)).join('; ');
  if (!r.confirm) return findings;
  return findings ? `${catalogueMarkdown(r.confirm)} Record: ${findings}` : catalogueMarkdown(r.confirm);
}

/** One checklist line: `- [x] label — why` for settled criteria, `- [ ] label — why` for those to confirm. */
export function checklistLine(r: CriterionReport): string {
  const box = r.outcome.status === 'unknown' ? '[ ]' : '[x]';
  const key = r.outcome.criterion.key ? ' (key criterion)' : '';
  const reason = reasonMarkdown(r);
  return `- ${box} ${catalogueMarkdown(r.label)}${key}${reason ? ` — ${reason}` : ''}`;
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
