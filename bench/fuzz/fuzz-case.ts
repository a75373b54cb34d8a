/** A request the fuzzer sends, bytes and all. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** Whether the card under test must be in the answer, must not be, or either. */
export type CardExpectation = 'fires' | 'none' | 'any';

/** What the answer to a case must be, beyond the rules every answer obeys (no 5xx, valid body). */
export interface Expectation {
  /** Which endpoint family answers: decides what a valid body is. */
  readonly kind: 'hook' | 'feedback' | 'fhir' | 'health' | 'discovery' | 'route';
  /** The statuses allowed; any 2xx/4xx when absent. */
  readonly statuses?: readonly number[];
  /** The error codes allowed when the answer is an error. */
  readonly codes?: readonly string[];
  /** A field an error must name (OperationOutcome.issue.expression). */
  readonly field?: string;
  /** For a 200 from a CDS service: the benchmark patient's card for that service. */
  readonly cards?: CardExpectation;
  /** Text the card summary must contain when it fires (e.g. the HbA1c quoted). */
  readonly summaryIncludes?: string;
  /** For a 200 from a CDS service: the card is held back by earlier feedback (response extension). */
  readonly suppressed?: boolean;
  /** For a 200 from feedback: how many items were stored and how many were duplicates. */
  readonly feedback?: { readonly stored: number; readonly duplicates: number };
  /** Resources made invalid by the case: no card may cite them as evidence. */
  readonly corruptedIds?: readonly string[];
  /** Evidence text no card may show (e.g. an age read from a corrupted birth date). */
  readonly forbiddenEvidence?: readonly string[];
}

/** One generated case: its category (for the counts), the request, what must come back. */
export interface FuzzCase {
  readonly category: string;
  readonly request: FuzzRequest;
  readonly expect: Expectation;
  /** A follow-up request built from this answer (feedback on the cards just issued). */
  readonly then?: (answer: FuzzAnswer) => FuzzCase | undefined;
}

/** An answer read in full. */
export interface FuzzAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly ms: number;
}

/** A JSON POST. */
export function jsonPost(path: string, body: unknown, headers: Record<string, string> = {}): FuzzRequest {
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}
