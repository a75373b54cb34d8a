import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { DataUnavailableError, FhirFetchError, type PatientDataSource } from '../fhir/data-source.js';
import { listFactNames } from '../facts/fact-names.js';
import { scopeCovers } from '../facts/fact-scope.js';
import { FhirClientSource } from '../fhir/fhir-client-source.js';
import { bundleContents, type BundleContents } from '../pipeline/bundle-file.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { RecordSource } from '../pipeline/record-source.js';
import { RulesError } from '../rules/rules-error.js';
import { loadServices } from '../services/load-services.js';
import type { CardStore } from '../store/card-store.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { openCardStore } from '../store/open-card-store.js';
import { loadFeedbackPolicy } from '../rules/feedback-policy.js';
import { CONSOLE_IO, isEntryPoint, type CliIo } from './entry-point.js';
import { factLines, reportText, type EvaluationReport, type ServiceReport } from './evaluate-report.js';

const USAGE =
  'usage: npm run evaluate -- (--fhir <base-url> | --bundle <file.json>) --patient <id> [--service <id>] [--token <bearer token>] [--json]';

/** Where active suppressions come from: the feedback store. */
export type SuppressionSource = Pick<CardStore, 'activeSuppressions'>;

/** What the CLI reads through; tests inject their own. */
export interface EvaluateDeps {
  readonly dataSource?: PatientDataSource;
  /** The feedback store; when absent, openSuppressionSource decides. */
  readonly suppressions?: SuppressionSource;
  /**
   * Loads the rules folder (default: services/load-services.ts, every run). A process that runs
   * the command many times over one folder (a test of every fixture patient) may load it once.
   */
  readonly loadRules?: typeof loadServices;
}

/** The feedback store as this tool sees it: open, or why suppressions cannot be checked. */
interface OpenedSuppressions {
  readonly source?: SuppressionSource;
  readonly notChecked?: string;
  close(): Promise<void>;
}

/**
 * Opens the store the server uses (DATABASE_URL, or the PGlite DATA_DIR) to read active
 * suppressions. An embedded store that does not exist yet holds no feedback, and one in use
 * by the running service cannot be opened (PGlite allows one process per data directory).
 */
async function openSuppressionSource(config: Config): Promise<OpenedSuppressions> {
  const none = (notChecked: string): OpenedSuppressions => ({ notChecked, close: () => Promise.resolve() });
  if (!config.database.url && !existsSync(config.database.dataDir)) return none('no feedback store exists yet');
  try {
    const store = await openCardStore({
      ...(config.database.url ? { databaseUrl: config.database.url } : { dataDir: config.database.dataDir }),
      policy: loadFeedbackPolicy(config.rulesDir),
      logger: createLogger('silent'),
    });
    return { source: store, close: () => store.close() };
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      return none('the embedded store is in use by the running service; stop it, or use DATABASE_URL');
    }
    return none(`the feedback store could not be opened (${(err as Error).message})`);
  }
}

class UsageError extends Error {}

interface Options {
  /** The FHIR server to read the patient from; or */
  readonly fhir?: string;
  /** a Bundle file holding the patient's record. */
  readonly bundle?: string;
  readonly patient: string;
  readonly service?: string;
  readonly token?: string;
  readonly json: boolean;
}

function parse(argv: readonly string[]): Options {
  let values: { fhir?: string; bundle?: string; patient?: string; service?: string; token?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        fhir: { type: 'string' },
        bundle: { type: 'string' },
        patient: { type: 'string' },
        service: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.fhir !== undefined && values.bundle !== undefined)
    throw new UsageError('give --fhir or --bundle, not both');
  if (values.bundle === undefined && (!values.fhir || !/^https?:\/\/./.test(values.fhir)))
    throw new UsageError('--fhir must be an http(s) FHIR base URL');
  if (!values.patient || !/^[A-Za-z0-9\-.]{1,64}$/.test(values.patient))
    throw new UsageError('--patient must be a FHIR id');
  return {
    ...(values.fhir ? { fhir: values.fhir.replace(/\/+$/, '') } : {}),
    ...(values.bundle ? { bundle: values.bundle } : {}),
    patient: values.patient,
    json: values.json ?? false,
    ...(values.service ? { service: values.service } : {}),
    ...(values.token ? { token: values.token } : {}),
  };
}

async function evaluate(options: Options, config: Config, deps: EvaluateDeps, now: Date): Promise<EvaluationReport> {
  const rules = (deps.loadRules ?? loadServices)(config.rulesDir, {
    locale: config.cardLocale,
    siteConfirmationDays: config.siteConfirmationDays,
  });
  // A chart as patient-view sees it: the order-hook services need draft orders, which this tool
  // does not take, so they run only when named.
  const chartServices = rules.services.filter((s) => s.definition.hook === 'patient-view');
  const services = options.service ? rules.services.filter((s) => s.definition.id === options.service) : chartServices;
  if (services.length === 0) {
    const ids = rules.services.map((s) => s.definition.id).join(', ');
    throw new UsageError(`unknown service "${options.service}"; the services are: ${ids}`);
  }
  const opened: OpenedSuppressions = deps.suppressions
    ? { source: deps.suppressions, close: () => Promise.resolve() }
    : await openSuppressionSource(config);
  const store = opened.source;
  let outcome;
  try {
    outcome = await runPipeline(
      {
        patientId: options.patient,
        services,
        source: options.bundle
          ? { kind: 'resources', ...readBundle(options.bundle) }
          : fhirSource(options, config, deps),
        now,
        explain: true,
        allFacts: true,
      },
      {
        valueSets: rules.valueSets,
        alcoholGramsPerDrink: config.alcoholGramsPerDrink,
        ...(store ? { suppressions: (id, ref, at) => store.activeSuppressions(id, ref, at) } : {}),
      },
    );
  } finally {
    await opened.close();
  }
  const facts = outcome.allFacts!;
  const reports: ServiceReport[] = outcome.services.map((o) => ({
    id: o.service.definition.id,
    title: o.service.definition.title,
    explanation: o.explanation!,
    cards: o.proposed,
    ...(store
      ? {
          suppressed: o.suppressed.map((s) => ({
            key: s.key,
            reason: s.reason,
            outcome: s.outcome,
            until: s.until.toISOString(),
          })),
        }
      : {}),
  }));
  return {
    patientId: options.patient,
    fhirServer: options.bundle ?? options.fhir ?? '',
    asOf: facts.asOf,
    load: outcome.stats,
    dataQuality: facts.dataQuality,
    facts: factLines(facts, listFactNames(rules.valueSets), (name) =>
      chartServices.filter((s) => scopeCovers(s.factScope, name)).map((s) => s.definition.id),
    ),
    services: reports,
    ...(opened.notChecked ? { suppressionsNotChecked: opened.notChecked } : {}),
  };
}

/** The record read from the FHIR server, every query of the chosen services in one round. */
function fhirSource(options: Options, config: Config, deps: EvaluateDeps): RecordSource {
  const dataSource =
    deps.dataSource ??
    new FhirClientSource({
      timeoutMs: config.fhir.timeoutMs,
      maxPages: config.fhir.maxPages,
      logger: createLogger('silent'),
    });
  const base = options.fhir!;
  return {
    kind: 'request',
    context: { patientId: options.patient },
    access: () => ({ baseUrl: base, ...(options.token ? { accessToken: options.token } : {}) }),
    dataSource,
  };
}

/** The resources of a FHIR Bundle file (a patient's record exported from an EHR). */
function readBundle(file: string): BundleContents {
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--bundle ${file} cannot be read as JSON (${(err as Error).message})`);
  }
  const b = bundle as { resourceType?: unknown; entry?: unknown };
  if (b?.resourceType !== 'Bundle' || !Array.isArray(b.entry)) {
    throw new UsageError(`--bundle ${file} is not a FHIR Bundle with entries`);
  }
  return bundleContents(bundle as Record<string, unknown>);
}

/** A failure as one line for the user, with its exit code; never a stack trace or the token. */
function failure(err: unknown, options: Options | undefined): [string, number] {
  if (err instanceof UsageError) return [`${err.message}\n${USAGE}`, 2];
  if (err instanceof ConfigError) return [err.message, 2];
  if (err instanceof RulesError) return [`invalid rules: ${err.message}`, 1];
  if (err instanceof FhirFetchError) {
    const where = options?.fhir ? ` from ${options.fhir}` : '';
    if (err.status === 404) return [`patient ${options?.patient ?? ''} was not found${where} (HTTP 404)`, 1];
    return [`cannot read the patient${where}: ${err.kind}: ${err.message}`, 1];
  }
  if (err instanceof DataUnavailableError) return [`cannot read the patient: ${err.message}`, 1];
  return [`unexpected error: ${(err as Error).message}`, 1];
}

/**
 * Explains, for one patient read from a FHIR server, what every service concludes and why:
 * the facts with their evidence, every rule and trial criterion with its status and reason,
 * and the cards, with those feedback suppresses. Exit codes: 0 done, 1 the rules or the FHIR
 * server failed, 2 bad arguments or configuration.
 */
export async function main(argv: readonly string[], io: CliIo, deps: EvaluateDeps = {}): Promise<number> {
  let options: Options | undefined;
  try {
    options = parse(argv);
    const config = loadConfig(io.env ?? process.env);
    const report = await evaluate(options, config, deps, io.now?.() ?? new Date());
    io.out(options.json ? JSON.stringify(report, null, 2) : reportText(report));
    return 0;
  } catch (err) {
    const [message, code] = failure(err, options);
    io.err(`evaluate: ${message}`);
    return code;
  }
}

if (isEntryPoint(import.meta.url)) {
  void main(process.argv.slice(2), CONSOLE_IO).then((code) => {
    process.exitCode = code;
  });
}
