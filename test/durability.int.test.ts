import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { SUPPRESSED_EXTENSION } from '../hooks/invoke.js';
import type { Card } from '../services/card-schema.js';
import { compileEntries } from './support/compile-entries.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';

const SERVICE = 'pump-evaluation';
const PATIENT = 'pump-positive-main';
const BUILD_DIR = join(PROJECT_ROOT, 'test-output', `durability-${process.pid}`);
const ENTRY = join(BUILD_DIR, 'out', 'bin', 'server.js');

type RunningServer = ServiceProcess;

/** Compiles the service's entry point (bin/server.ts) to plain JS, so the test runs the real server process. */
function buildServer(): Promise<void> {
  return compileEntries(BUILD_DIR, ['bin/server.ts']);
}

/**
 * Starts the service as `npm start` does (sandbox on: its own FHIR store supplies the
 * patient) on a data directory, on a free port, and waits for the port its banner prints.
 */
function startServer(dataDir: string): Promise<RunningServer> {
  return startServiceProcess(ENTRY, { DATA_DIR: dataDir, SANDBOX: 'on', CDS_AUTH: 'off', LOG_LEVEL: 'warn' });
}

/** A patient-view call with no prefetch: the server reads the patient from its own sandbox /fhir. */
function hookCall(base: string): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    fhirServer: `${base}/fhir`,
    context: { userId: 'Practitioner/durability', patientId: PATIENT },
  };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('durability of acknowledged feedback', () => {
  let dataDir: string;
  const running: RunningServer[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cds-durability-'));
    await buildServer();
  });

  afterAll(async () => {
    for (const s of running) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(BUILD_DIR, { recursive: true, force: true });
  });

  test('feedback answered 200 is there after SIGKILL and restart, and its suppression holds', async () => {
    const first = await startServer(dataDir);
    running.push(first);
    const call = await post(`${first.baseUrl}/cds-services/${SERVICE}`, hookCall(first.baseUrl));
    expect(call.status).toBe(200);
    const pump = (call.body.cards as Card[])[0]!;
    expect(pump.summary).toMatch(/^Consider insulin pump evaluation/);
    const feedback = {
      feedback: [
        {
          card: pump.uuid,
          outcome: 'overridden',
          overrideReason: { reason: pump.overrideReasons![0], userComment: 'prefers pens' },
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    };
    const ack = await post(`${first.baseUrl}/cds-services/${SERVICE}/feedback`, feedback);
    expect(ack).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
    // No clean shutdown: the process dies the moment the 200 arrives.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServer(dataDir);
    running.push(second);
    // The stored item is found: sending it again is a duplicate...
    expect(await post(`${second.baseUrl}/cds-services/${SERVICE}/feedback`, feedback)).toEqual({
      status: 200,
      body: { stored: 0, duplicates: 1 },
    });
    // ...and the card it overrode stays held back for this patient.
    const again = await post(`${second.baseUrl}/cds-services/${SERVICE}`, hookCall(second.baseUrl));
    expect(again.body.cards).toEqual([]);
    expect(again.body.extension).toEqual({
      [SUPPRESSED_EXTENSION]: [
        { key: 'pump-evaluation', reason: pump.overrideReasons![0]!.code, until: expect.any(String) },
      ],
    });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
