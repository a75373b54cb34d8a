import { ERROR_CODE_SYSTEM, ERROR_REGISTRY, type ErrorCode } from '../../hooks/errors.js';
import { SUPPRESSED_EXTENSION } from '../../hooks/invoke.js';
import { CardsResponseSchema, type Card } from '../../services/card-schema.js';
import type { FuzzAnswer, FuzzCase } from './fuzz-case.js';

type Json = Record<string, unknown>;

/** Text that gives away a stack trace. */
const STACK = /\bat [^\n]*\.(?:js|ts|mjs):\d+|node:internal|\n\s+at /;

function parseJson(a: FuzzAnswer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(a.body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

const contentType = (a: FuzzAnswer) => String(a.headers['content-type'] ?? '');

/** Lines of a card that state what it is built on: the pump card's findings, a trial card's met criteria. */
function evidenceLines(card: Card): string[] {
  const lines = (card.detail ?? '').replace(/\\(.)/g, '$1').split('\n');
  const why = lines.indexOf('**Why this card**');
  if (why >= 0) {
    const end = lines.findIndex((l, i) => i > why && l.startsWith('**'));
    return lines.slice(why + 1, end < 0 ? undefined : end);
  }
  return lines.filter((l) => l.startsWith('- [x]'));
}

function referenced(card: Card): string[] {
  return (card.suggestions ?? []).flatMap((s) =>
    s.actions.flatMap((a) => {
      const refs = (a.resource as Json | undefined)?.reasonReference;
      return Array.isArray(refs) ? refs.map((r) => String((r as Json).reference)) : [];
    }),
  );
}

/** An error answer: an OperationOutcome whose code is in the registry, with the status the registry gives it. */
function checkOperationOutcome(c: FuzzCase, a: FuzzAnswer, body: unknown, problems: string[]): void {
  const oo = body as {
    resourceType?: unknown;
    issue?: { details?: { coding?: { system?: string; code?: string }[] }; expression?: string[] }[];
  };
  if (oo?.resourceType !== 'OperationOutcome' || !Array.isArray(oo.issue) || oo.issue.length === 0) {
    problems.push('error body is not an OperationOutcome with issues');
    return;
  }
  if (c.expect.kind === 'fhir') return; // the sandbox FHIR server's own outcomes carry FHIR issue codes only
  const coding = oo.issue[0]?.details?.coding?.[0];
  const code = coding?.code;
  if (coding?.system !== ERROR_CODE_SYSTEM || !code || !(code in ERROR_REGISTRY)) {
    problems.push(`error without a registry code (${JSON.stringify(coding)})`);
    return;
  }
  if (ERROR_REGISTRY[code as ErrorCode].status !== a.status)
    problems.push(`code ${code} answered with status ${a.status}`);
  if (c.expect.codes && !c.expect.codes.includes(code))
    problems.push(`code ${code}, expected one of ${c.expect.codes.join(', ')}`);
  const field = c.expect.field;
  if (
    field &&
    !oo.issue.some((i) =>
      (i.expression ?? []).some((e) => e === field || e.startsWith(`${field}.`) || e.startsWith(`${field}[`)),
    )
  ) {
    problems.push(`error does not name the field ${field} (${JSON.stringify(oo.issue.map((i) => i.expression))})`);
  }
}

/** A 200 from a CDS service: a valid cards response, with the card the case expects. */
function checkCards(c: FuzzCase, body: unknown, problems: string[]): void {
  const parsed = CardsResponseSchema.safeParse(body);
  if (!parsed.success) {
    problems.push(`not a valid cards response: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    return;
  }
  const { cards, extension } = parsed.data;
  const e = c.expect;
  if (e.cards === 'fires' && cards.length === 0) problems.push('expected the card, got none');
  if (e.cards === 'none' && cards.length > 0)
    problems.push(`expected no card, got: ${cards.map((x) => x.summary).join(' | ')}`);
  if (e.summaryIncludes && cards.length > 0 && !cards.some((x) => x.summary.includes(e.summaryIncludes!))) {
    problems.push(`summary does not say "${e.summaryIncludes}": ${cards[0]!.summary}`);
  }
  if (e.suppressed !== undefined) {
    const held = (extension?.[SUPPRESSED_EXTENSION] as unknown[] | undefined)?.length ?? 0;
    if (e.suppressed !== held > 0)
      problems.push(`expected the card ${e.suppressed ? '' : 'not '}held back by feedback`);
  }
  for (const card of cards) {
    for (const id of e.corruptedIds ?? []) {
      const cited = evidenceLines(card).find((l) => l.includes(`/${id},`) || l.includes(`/${id})`));
      if (cited) problems.push(`card built on invalid data: cites ${id}: ${cited.slice(0, 200)}`);
      if (referenced(card).some((r) => r.endsWith(`/${id}`))) problems.push(`referral cites invalid ${id}`);
    }
    for (const text of e.forbiddenEvidence ?? []) {
      const cited = evidenceLines(card).find((l) => l.includes(text));
      if (cited) problems.push(`card built on invalid data: ${cited.slice(0, 200)}`);
    }
  }
}

/**
 * The oracle: every answer is a 2xx or 4xx with a valid body (cards, an OperationOutcome with a
 * registry code, or what the endpoint serves), never a stack trace, and what the case expects.
 */
export function checkAnswer(c: FuzzCase, a: FuzzAnswer): string[] {
  const problems: string[] = [];
  if (a.status >= 500 || a.status < 200) problems.push(`status ${a.status}`);
  if (c.expect.statuses && !c.expect.statuses.includes(a.status)) {
    problems.push(`status ${a.status}, expected ${c.expect.statuses.join(' or ')}`);
  }
  const text = a.body.toString('utf8');
  if (STACK.test(text)) problems.push('a stack trace in the body');
  if (c.request.method === 'HEAD') return problems;

  if (a.status === 401) {
    if (a.body.length > 0) problems.push('401 with a body');
    if (!String(a.headers['www-authenticate'] ?? '').startsWith('Bearer'))
      problems.push('401 without WWW-Authenticate: Bearer');
    return problems;
  }
  if (c.expect.kind === 'health' && c.request.path.startsWith('/metrics')) {
    if (a.status === 200 && !text.includes('cds_request_duration_seconds'))
      problems.push('/metrics without the service metrics');
    return problems;
  }
  if (c.expect.kind === 'route' && a.status < 300 && !/json/.test(contentType(a))) return problems; // the EHR page and its assets
  const json = parseJson(a);
  if (!json.ok) {
    problems.push(`body is not JSON (${contentType(a)}): ${text.slice(0, 120)}`);
    return problems;
  }
  const body = json.value as Json;
  if (a.status >= 400) {
    checkOperationOutcome(c, a, body, problems);
    return problems;
  }
  switch (c.expect.kind) {
    case 'hook':
      checkCards(c, body, problems);
      break;
    case 'feedback': {
      const f = body as { stored?: unknown; duplicates?: unknown };
      if (typeof f.stored !== 'number' || typeof f.duplicates !== 'number')
        problems.push('feedback answer without stored/duplicates');
      else if (
        c.expect.feedback &&
        (f.stored !== c.expect.feedback.stored || f.duplicates !== c.expect.feedback.duplicates)
      ) {
        problems.push(
          `feedback stored ${f.stored}/duplicates ${f.duplicates}, expected ${JSON.stringify(c.expect.feedback)}`,
        );
      }
      break;
    }
    case 'discovery': {
      const ids = ((body as { services?: { id?: string }[] }).services ?? []).map((s) => s.id);
      if (!ids.includes('pump-evaluation') || !ids.includes('trial-referral'))
        problems.push(`discovery lists ${ids.join(', ')}`);
      break;
    }
    case 'fhir':
      if (typeof body.resourceType !== 'string') problems.push('FHIR answer without resourceType');
      break;
    case 'health':
      if (typeof body.status !== 'string') problems.push('health answer without status');
      break;
    case 'route':
      break;
  }
  return problems;
}
