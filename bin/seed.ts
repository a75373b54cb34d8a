import { parseArgs } from 'node:util';
import { seedFhirServer, SeedError, seedPatients, waitForFhirServer, type SeedResult } from '../sandbox/seed-loader.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';

const USAGE =
  'usage: npm run seed -- --fhir <base-url> [--token <bearer token>] [--extra <generated patients>] [--population <generated patients>] [--wait <seconds>]';
/** Bounds of --extra and --population: load tests, not a way to fill a disk by a typo. */
const MAX_EXTRA = 5000;
const MAX_POPULATION = 100_000;
/** A population prints one line per this many patients, not one per patient. */
const POPULATION_LINE_EVERY = 1000;

function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function line(r: SeedResult): string {
  return `${r.patientId.padEnd(36)} ${String(r.resources).padStart(3)} resources  created ${r.created}  updated ${r.updated}  unchanged ${r.unchanged}`;
}

/**
 * Loads the synthetic patients into a FHIR R4 server (HAPI included) and prints a line
 * per patient. Returns the exit code: 0 loaded, 1 the server refused or was unreachable,
 * 2 bad arguments. Never prints a stack trace or the token. The fixtures' dates count back
 * from the current UTC day (`io.now`).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: { fhir?: string; token?: string; extra?: string; population?: string; wait?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        fhir: { type: 'string' },
        token: { type: 'string' },
        extra: { type: 'string', default: '0' },
        population: { type: 'string', default: '0' },
        wait: { type: 'string', default: '0' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.err(`seed: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const extra = Number(values.extra);
  const population = Number(values.population);
  const wait = Number(values.wait);
  const whole = (n: number, max: number): boolean => Number.isInteger(n) && n >= 0 && n <= max;
  if (
    !values.fhir ||
    !/^https?:\/\/./.test(values.fhir) ||
    !whole(extra, MAX_EXTRA) ||
    !whole(population, MAX_POPULATION) ||
    !whole(wait, 3600)
  ) {
    io.err(
      `seed: --fhir must be an http(s) FHIR base URL, --extra 0 to ${MAX_EXTRA}, --population 0 to ${MAX_POPULATION} and --wait 0 to 3600\n${USAGE}`,
    );
    return 2;
  }
  const patients = seedPatients(ALL_FIXTURES, utcMidnight(io.now?.() ?? new Date()), extra, population);
  let populationLoaded = 0;
  // A population's patients are counted in a line every thousand: 100,000 lines would bury the rest.
  const report = (r: SeedResult) => {
    if (!r.patientId.startsWith('pop-')) io.out(line(r));
    else if (++populationLoaded % POPULATION_LINE_EVERY === 0 || populationLoaded === population)
      io.out(`population: ${populationLoaded} of ${population} generated patients loaded`);
  };
  try {
    if (wait > 0) {
      io.out(`waiting up to ${wait} s for ${values.fhir}/metadata`);
      await waitForFhirServer(values.fhir, {
        timeoutMs: wait * 1000,
        ...(values.token ? { token: values.token } : {}),
      });
    }
    const results = await seedFhirServer(patients, {
      baseUrl: values.fhir,
      ...(values.token ? { token: values.token } : {}),
      onPatient: report,
    });
    const sum = (k: 'resources' | 'created' | 'updated' | 'unchanged'): number => results.reduce((n, r) => n + r[k], 0);
    io.out(
      `loaded ${results.length} patients (${sum('resources')} resources) into ${values.fhir}: ` +
        `created ${sum('created')}, updated ${sum('updated')}, unchanged ${sum('unchanged')}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof SeedError) {
      io.err(`seed: ${err.message}`);
      return 1;
    }
    io.err(`seed: unexpected error: ${(err as Error).message}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  void main(process.argv.slice(2), CONSOLE_IO).then((code) => {
    process.exitCode = code;
  });
}
