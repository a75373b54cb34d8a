import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type EvaluateDeps } from '../bin/evaluate.js';
import type { EvaluationReport } from '../bin/evaluate-report.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { TRIAL_FIXTURES } from '../sandbox/patients/trial-patients.js';
import type { Suppression } from '../store/card-store.js';
import { startSandboxServer, type RunningSandbox } from './support/fhir-sandbox-server.js';

const TODAY = new Date(Date.UTC(2026, 10, 22));
const NOW = new Date('2026-11-22T10:00:00Z');
const TOKEN = 'evaluate-cli-secret-token';
// A data directory that does not exist: no feedback store, so the report says suppressions were not checked.
const ENV = { LOG_LEVEL: 'silent', DATA_DIR: join(tmpdir(), `evaluate-cli-no-store-${process.pid}`) };

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandboxServer({ today: TODAY, requireToken: TOKEN });
});
afterAll(async () => {
  await sandbox.close();
});

async function run(args: string[], options: { env?: Record<string, string>; deps?: EvaluateDeps } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...ENV, ...options.env }, now: () => NOW },
    options.deps,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const patientArgs = (id: string) => ['--fhir', sandbox.baseUrl, '--patient', id, '--token', TOKEN];

describe('evaluate CLI: why a card did or did not fire', () => {
  test('text: facts with evidence, every rule and criterion with its reason, and the cards', async () => {
    const { code, out, err } = await run(patientArgs('trial-nafld-full-match'));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/hba1c\.percent\s+8\.4\s+from Observation\/trial-nafld-full-match-hba1c/);
    expect(out).toMatch(/imaging\.steatosis\s+yes\s+from DiagnosticReport\/trial-nafld-full-match-liver-us/);
    expect(out).toContain('SERVICE pump-evaluation');
    expect(out).toContain('SERVICE trial-referral');
    expect(out).toContain('Trial NCT04270656 (insulin pump vs MDI in T2D with fatty liver): fires');
    expect(out).toMatch(
      /\[met\] inclusion \(key\): Type 2 diabetes — Active type 2 diabetes: yes from Condition\/trial-nafld-full-match-t2d/,
    );
    expect(out).toMatch(/\[unknown\] exclusion: Contraindication to pump treatment — A contraindication/);
    expect(out).toContain(
      'Trial NCT05153070 (ciclosporin then low-dose IL-2 in recent type 1 diabetes): does not fire',
    );
    expect(out).toContain('card trial:NCT04270656: shown');
    expect(out).toContain(
      'summary: Possible match, recruitment not confirmed: NCT04270656, insulin pump vs MDI in T2D with fatty liver',
    );
    expect(out).toContain('- Chronic hepatitis B or C (no data on file)');
    expect(out).toContain("**Recruitment not confirmed:** the registry's end date (2023-04-05) has passed");
    expect(out).toContain('card pump-evaluation: shown');
    expect(out).toContain('Suppressions not checked');
    expect(out).not.toContain(TOKEN);
  });

  test('--json prints one document whose statuses are the fixture expectations', async () => {
    const { code, out } = await run([...patientArgs('trial-nafld-no-steatosis-data'), '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as EvaluationReport;
    expect(report.patientId).toBe('trial-nafld-no-steatosis-data');
    expect(report.load.fhirRounds).toBe(1);
    const fact = (name: string) => report.facts.find((f) => f.name === name)!;
    expect(fact('imaging.steatosis')).toMatchObject({ known: false, reason: 'no liver imaging on file' });
    expect(fact('condition.steatosis')).toMatchObject({ known: true, value: false });
    expect(fact('hba1c.percent').evidence[0]).toMatchObject({
      resourceType: 'Observation',
      id: 'trial-nafld-no-steatosis-data-hba1c',
    });
    const trials = report.services.find((s) => s.id === 'trial-referral')!;
    expect(trials.cards).toEqual([]);
    const fixture = TRIAL_FIXTURES.find((f) => f.id === 'trial-nafld-no-steatosis-data')!;
    for (const [trialId, expected] of Object.entries(fixture.expected.trials!)) {
      const section = trials.explanation.sections.find((s) => s.title.startsWith(`Trial ${trialId} `))!;
      expect(Object.fromEntries(section.lines.map((l) => [l.id, l.status]))).toEqual(expected.criteria);
    }
    const pump = report.services.find((s) => s.id === 'pump-evaluation')!;
    expect(pump.cards.map((c) => c.key)).toEqual(['pump-evaluation']);
  });

  test('--service limits the report to one service', async () => {
    const { code, out } = await run([...patientArgs('trial-t1d-recent-22'), '--service', 'trial-referral', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as EvaluationReport;
    expect(report.services.map((s) => s.id)).toEqual(['trial-referral']);
    expect(report.services[0]!.cards.map((c) => c.trialId)).toEqual(['NCT05153070']);
  });

  test('cards held back by feedback are shown as suppressed, with the reason', async () => {
    const until = new Date('2027-02-20T00:00:00Z');
    const suppression: Suppression = {
      cardKey: 'trial:NCT04270656',
      until,
      outcome: 'overridden',
      reason: 'patient-declines',
      feedbackAt: new Date('2026-11-20T09:00:00Z'),
    };
    const seen: unknown[] = [];
    const deps: EvaluateDeps = {
      suppressions: {
        activeSuppressions: (serviceId, patientRef, now) => {
          seen.push([serviceId, patientRef, now.toISOString()]);
          return Promise.resolve(serviceId === 'trial-referral' ? [suppression] : []);
        },
      },
    };
    const text = await run(patientArgs('trial-nafld-full-match'), { deps });
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      'card trial:NCT04270656: SUPPRESSED (feedback overridden: patient-declines, until 2027-02-20T00:00:00.000Z)',
    );
    expect(text.out).toContain('card pump-evaluation: shown');
    expect(text.out).not.toContain('Suppressions not checked');
    expect(seen).toContainEqual(['trial-referral', 'Patient/trial-nafld-full-match', NOW.toISOString()]);
    const json = JSON.parse(
      (await run([...patientArgs('trial-nafld-full-match'), '--json'], { deps })).out,
    ) as EvaluationReport;
    expect(json.services.find((s) => s.id === 'trial-referral')!.suppressed).toEqual([
      { key: 'trial:NCT04270656', reason: 'patient-declines', outcome: 'overridden', until: until.toISOString() },
    ]);
  });
});

describe('evaluate CLI: failures are one clear line and a non-zero exit', () => {
  const noStack = (err: string) => expect(err).not.toMatch(/\n\s+at /);

  test.each([
    ['no arguments', [], /--fhir must be an http\(s\) FHIR base URL/],
    ['a missing patient', ['--fhir', 'http://127.0.0.1:1/fhir'], /--patient must be a FHIR id/],
    ['an unknown option', ['--fhir', 'http://x/fhir', '--patient', 'p', '--verbose'], /Unknown option '--verbose'/],
  ])('%s: usage and exit 2', async (_name, args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain('usage: npm run evaluate');
    expect(out).toBe('');
  });

  test('an unknown service lists the services and exits 2', async () => {
    const { code, err } = await run([...patientArgs('trial-nafld-full-match'), '--service', 'nope']);
    expect(code).toBe(2);
    expect(err).toContain('unknown service "nope"; the services are: pump-evaluation, trial-referral');
  });

  test('a wrong token: unauthorized, exit 1, token never printed', async () => {
    const { code, err, out } = await run([
      '--fhir',
      sandbox.baseUrl,
      '--patient',
      'trial-nafld-full-match',
      '--token',
      'wrong-token-123',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/^evaluate: cannot read the patient from http:\/\/127\.0\.0\.1:\d+\/fhir: unauthorized/);
    expect(`${err}${out}`).not.toContain('wrong-token-123');
    noStack(err);
  });

  test('an unknown patient: not found, exit 1', async () => {
    const { code, err } = await run(patientArgs('no-such-patient'));
    expect(code).toBe(1);
    expect(err).toContain('patient no-such-patient was not found');
    noStack(err);
  });

  test('a FHIR server that is not there: unreachable, exit 1', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const { code, err } = await run(['--fhir', `http://127.0.0.1:${port}/fhir`, '--patient', 'p1']);
    expect(code).toBe(1);
    expect(err).toMatch(/cannot read the patient from http:\/\/127\.0\.0\.1:\d+\/fhir: unreachable/);
    noStack(err);
  });

  test('an invalid trial file: the rules error names file and field, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evaluate-rules-'));
    try {
      cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
      const file = join(dir, 'trials', 'NCT05153070-t1d-ciclosporin-il2.json');
      const trial = JSON.parse(readFileSync(file, 'utf8')) as {
        criteria: { condition?: { all?: { fact: string }[] } }[];
      };
      trial.criteria[0]!.condition!.all![0]!.fact = 'condition.t1';
      writeFileSync(file, JSON.stringify(trial));
      const { code, err } = await run(patientArgs('trial-nafld-full-match'), { env: { RULES_DIR: dir } });
      expect(code).toBe(1);
      expect(err).toContain(
        'NCT05153070-t1d-ciclosporin-il2.json: criteria[0].condition.all[0].fact: unknown fact "condition.t1"',
      );
      noStack(err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
