import type { RequestSpec } from 'autocannon';

/** The request kinds of the soak mix. */
export type SoakKind = 'pump' | 'trial' | 'fhir-path' | 'feedback';

/** Answers per kind, and how many were not 200. */
export type SoakTally = Record<SoakKind, { sent: number; failed: number }> & { feedbackSkipped: number };

/** The standard bodies the mix is built from (full prefetch, and no prefetch with a fhirServer). */
export interface SoakBodies {
  readonly patientId: string;
  readonly pump: string;
  readonly trial: string;
  readonly fhirPath: string;
}

interface IssuedCard {
  uuid: string;
  suggestions?: { uuid: string }[];
}

/** A fresh tally. */
export function emptyTally(): SoakTally {
  return {
    pump: { sent: 0, failed: 0 },
    trial: { sent: 0, failed: 0 },
    'fhir-path': { sent: 0, failed: 0 },
    feedback: { sent: 0, failed: 0 },
    feedbackSkipped: 0,
  };
}

/** Copies of the patient made so far in this process: never reused, so no call meets an earlier feedback. */
let patients = 0;

/**
 * The soak's request sequence, which every autocannon connection loops over: 4 pump and 4
 * trial-referral calls on the prefetch path, each for a new copy of the benchmark patient (so
 * every call issues fresh cards and the audit and feedback tables grow as in production), one
 * FHIR-path call, and one feedback post accepting the last trial card this connection was issued.
 */
export function soakRequests(bodies: SoakBodies, tally: SoakTally): RequestSpec[] {
  const copy = (body: string) => body.replaceAll(bodies.patientId, `soak-${process.pid}-${++patients}`);
  const count = (kind: SoakKind) => (status: number) => {
    tally[kind].sent++;
    if (status !== 200) tally[kind].failed++;
  };
  const call = (kind: 'pump' | 'trial', keep = false): RequestSpec => ({
    method: 'POST',
    path: `/cds-services/${kind === 'pump' ? 'pump-evaluation' : 'trial-referral'}`,
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: copy(kind === 'pump' ? bodies.pump : bodies.trial) }),
    onResponse: (status, body, context) => {
      count(kind)(status);
      if (!keep) return;
      context.card = undefined;
      if (status !== 200) return;
      try {
        context.card = (JSON.parse(body) as { cards: IssuedCard[] }).cards[0];
      } catch {
        context.card = undefined;
      }
    },
  });
  return [
    call('pump'),
    call('trial'),
    call('pump'),
    call('trial'),
    {
      method: 'POST',
      path: '/cds-services/pump-evaluation',
      headers: { 'content-type': 'application/json' },
      body: bodies.fhirPath,
      onResponse: (status) => count('fhir-path')(status),
    },
    call('pump'),
    call('trial'),
    call('pump'),
    call('trial', true),
    {
      method: 'POST',
      path: '/cds-services/trial-referral/feedback',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req, context) => {
        const card = context.card as IssuedCard | undefined;
        if (!card?.suggestions?.[0]) {
          // No card came back (it cannot happen with a fresh copy of the patient): skip, and say so.
          tally.feedbackSkipped++;
          return null;
        }
        const item = {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: card.suggestions[0].uuid }],
          outcomeTimestamp: new Date().toISOString(),
        };
        return { ...req, body: JSON.stringify({ feedback: [item] }) };
      },
      onResponse: (status) => count('feedback')(status),
    },
  ];
}
