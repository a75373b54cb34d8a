import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SITE_CONFIRMATION_DAYS } from '../config/config.js';
import { ruleInput } from '../rules/condition-evaluator.js';
import { compileTrials } from '../rules/trial-catalogue.js';
import { recruitmentOf, STATUS_RULES, studyContact, type Recruitment } from '../rules/trial-recruitment.js';
import { REGISTRY_STATUSES, TrialSchema, type RegistryStatus, type Trial } from '../rules/trial-schema.js';

/** docs/clinical-rules.md, "Recruitment status": the registry's word, kept apart from the site's. */
const NOW = new Date('2026-11-22T10:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString().slice(0, 10);

type SiteCase = 'fresh' | 'stale' | 'absent' | 'future' | 'false';
const SITES: Record<SiteCase, { recruiting?: boolean; confirmedOn?: string }> = {
  fresh: { recruiting: true, confirmedOn: daysAgo(30) },
  stale: { recruiting: true, confirmedOn: daysAgo(DEFAULT_SITE_CONFIRMATION_DAYS + 1) },
  absent: {},
  future: { recruiting: true, confirmedOn: daysAgo(-10) },
  false: { recruiting: false, confirmedOn: daysAgo(30) },
};

function trialWith(status: RegistryStatus, site: SiteCase, endPassed: boolean, extra: Record<string, unknown> = {}) {
  return TrialSchema.parse({
    id: 'NCT00000001',
    title: 'Recruitment',
    shortTitle: 'recruitment',
    sponsor: 'S',
    site: { name: 'Site', ...SITES[site] },
    registry: {
      status,
      completionDate: endPassed ? daysAgo(1) : daysAgo(-1),
      retrievedOn: daysAgo(400),
      url: 'https://clinicaltrials.gov/study/NCT00000001',
      ...extra,
    },
    criteria: [
      {
        id: 'adult',
        type: 'inclusion',
        key: true,
        text: 'Adult',
        condition: { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
      },
    ],
  });
}

/** What a recruitment comes to, in short: its status, and the blocker or what is unconfirmed. */
function shape(r: Recruitment): string {
  switch (r.status) {
    case 'not-recruiting':
      return `not-recruiting:${r.blocker.kind}`;
    case 'unconfirmed':
      return `unconfirmed${r.endDatePassed ? ':end-passed' : ''}${r.registryStatus ? ':registry-unknown' : ''}`;
    default:
      return r.status;
  }
}

/** The expected outcome of every registry status, for each site confirmation and end date. */
function expected(status: RegistryStatus, site: SiteCase, endPassed: boolean): string {
  const rule = STATUS_RULES[status];
  if (rule === 'closed') return 'not-recruiting:registry-closed';
  if (site === 'false') return 'not-recruiting:site-not-recruiting';
  if (site === 'fresh') return 'confirmed';
  if (rule === 'site-confirmed-only') return 'not-recruiting:not-recruiting';
  if (rule === 'unverified') return `unconfirmed${endPassed ? ':end-passed' : ''}:registry-unknown`;
  return endPassed ? 'unconfirmed:end-passed' : 'registry';
}

const cases = REGISTRY_STATUSES.flatMap((status) =>
  (Object.keys(SITES) as SiteCase[]).flatMap((site) =>
    [false, true].map((endPassed) => [status, site, endPassed, expected(status, site, endPassed)] as const),
  ),
);

describe('recruitmentOf: every registry status × site confirmation × end date', () => {
  test('the table covers every status, and the statuses the issue names never recruit', () => {
    expect(cases).toHaveLength(REGISTRY_STATUSES.length * 5 * 2);
    for (const s of ['completed', 'terminated', 'withdrawn'] as const) expect(STATUS_RULES[s]).toBe('closed');
    expect(STATUS_RULES.recruiting).toBe('open');
  });

  test.each(cases)('registry %s, site confirmation %s, end date passed %s: %s', (status, site, endPassed, want) => {
    const r = recruitmentOf(trialWith(status, site, endPassed), NOW);
    expect(shape(r)).toBe(want);
    expect(r.reason.length).toBeGreaterThan(10);
  });

  test('a site confirmation counts for exactly SITE_CONFIRMATION_DAYS, then no longer', () => {
    const at = (days: number, window?: number) => {
      const t = trialWith('recruiting', 'absent', true);
      const trial: Trial = { ...t, site: { ...t.site, recruiting: true, confirmedOn: daysAgo(days) } };
      return recruitmentOf(trial, NOW, window).status;
    };
    expect(at(DEFAULT_SITE_CONFIRMATION_DAYS)).toBe('confirmed');
    expect(at(DEFAULT_SITE_CONFIRMATION_DAYS + 1)).toBe('unconfirmed');
    expect(at(0)).toBe('confirmed');
    expect(at(45, 30)).toBe('unconfirmed');
    expect(at(45, 60)).toBe('confirmed');
  });

  test('the end date is the earliest of primary completion, end and completion dates', () => {
    const t = trialWith('recruiting', 'absent', false, { primaryCompletionDate: daysAgo(5) });
    const r = recruitmentOf(t, NOW);
    expect(r).toMatchObject({ status: 'unconfirmed', endDatePassed: daysAgo(5) });
  });

  test('an unconfirmed recruitment names the last confirmation when there is one', () => {
    const r = recruitmentOf(trialWith('recruiting', 'stale', true), NOW);
    expect(r).toMatchObject({ status: 'unconfirmed', lastConfirmation: SITES.stale.confirmedOn });
    expect(r.reason).toContain(`last site confirmation ${SITES.stale.confirmedOn}`);
    const future = recruitmentOf(trialWith('recruiting', 'future', true), NOW);
    expect(future.reason).toContain('after today');
  });

  test('a recruiting registry with no dates at all is the registry\u2019s word', () => {
    const t = trialWith('recruiting', 'absent', false);
    const registry = { ...t.registry };
    delete registry.completionDate;
    expect(recruitmentOf({ ...t, registry }, NOW).status).toBe('registry');
  });
});

describe('recruitment in the catalogue', () => {
  const input = ruleInput(new Map([['age', 40]]));
  const outcomeOf = (trial: Trial, siteConfirmationDays?: number) => {
    const c = compileTrials(
      [{ trial, file: 'x.json' }],
      siteConfirmationDays === undefined ? {} : { siteConfirmationDays },
    );
    return { all: c.evaluateAll(input, NOW)[0]!, matches: c.matches(input, NOW) };
  };

  test.each(cases)(
    'registry %s, site %s, end passed %s: the card fires unless not recruiting',
    (s, site, end, want) => {
      const { all, matches } = outcomeOf(trialWith(s, site, end));
      const fires = !want.startsWith('not-recruiting');
      expect(all.fires).toBe(fires);
      expect(matches).toHaveLength(fires ? 1 : 0);
      if (fires) expect(matches[0]!.recruitment.status).toBe(want.split(':')[0]);
      else expect(all.blockers[0]).toMatchObject({ kind: want.split(':')[1] });
    },
  );

  test('the catalogue applies its SITE_CONFIRMATION_DAYS', () => {
    const t = trialWith('active-not-recruiting', 'fresh', false);
    expect(outcomeOf(t).all.recruitment.status).toBe('confirmed');
    expect(outcomeOf(t, 10).all.recruitment.status).toBe('not-recruiting');
  });
});

describe('studyContact', () => {
  test('the site contact first, else the registry central contact, else none', () => {
    const t = trialWith('recruiting', 'absent', false, { contact: { name: 'Central' } });
    expect(studyContact(t)).toEqual({ name: 'Central' });
    expect(studyContact({ ...t, site: { ...t.site, contact: { name: 'Site team' } } })).toEqual({ name: 'Site team' });
    const registry = { ...t.registry };
    delete registry.contact;
    expect(studyContact({ ...t, registry })).toBeUndefined();
  });
});
