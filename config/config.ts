import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_RULES_DIR, PROJECT_ROOT } from './project-paths.js';
import { join } from 'node:path';
import { LOCALES } from './locale.js';

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1');

const positiveInt = z.coerce.number().int().positive();

/** Where the service serves the eligibility-checklist SMART app's launch page (hooks/eligibility-app.ts). */
export const ELIGIBILITY_APP_LAUNCH_PATH = '/apps/eligibility/launch.html';

/** How long a site's confirmation that a trial recruits counts for, unless SITE_CONFIRMATION_DAYS says otherwise. */
export const DEFAULT_SITE_CONFIRMATION_DAYS = 180;

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb)?$/i, 'expected a size such as 1mb, 512kb or 1048576')
  .transform((v) => {
    const m = /^(\d+)(b|kb|mb)?$/i.exec(v)!;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
  });

/**
 * CORS_ORIGINS: `*` (any origin, the default) or a comma-separated list of exact origins
 * (scheme://host[:port], no path). A value that is not an origin stops start-up, since a typo
 * would otherwise silently lock out every browser client.
 */
const corsOrigins = z.string().transform((v, ctx) => {
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 1 && items[0] === '*') return '*' as const;
  const origins: string[] = [];
  for (const item of items) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      if (/^https?:$/.test(url.protocol) && url.origin === item.replace(/\/$/, '').toLowerCase()) origin = url.origin;
    } catch {
      // Reported below.
    }
    if (origin === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${item.slice(0, 100)}" is not an origin such as https://ehr.example.org (or use * alone)`,
      });
      return z.NEVER;
    }
    origins.push(origin);
  }
  if (origins.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected * or at least one origin' });
    return z.NEVER;
  }
  return origins;
});

/** A whole number of seconds for a server timeout: at least 1, at most 10 minutes. */
const timeoutSeconds = z.coerce.number().int().min(1).max(600);

const urlList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

/**
 * Every environment variable the service reads, with its default.
 * The README's configuration table is checked against this list by a test.
 */
export const ENV_SCHEMA = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('TCP port to listen on.'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface to bind; use 0.0.0.0 in a container.'),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Public URL of the service, used as the JWT audience. Default: http://HOST:PORT.'),
  SANDBOX: onOff
    .default(true)
    .describe('Serve the embedded sandbox FHIR store at /fhir, with synthetic patients, and the EHR page at /.'),
  SANDBOX_EXTRA_PATIENTS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(0)
    .describe('Generated patients added to the sandbox store on top of the fixtures (load testing).'),
  BODY_LIMIT: byteSize.default(1024 * 1024).describe('Largest accepted request body (e.g. 1mb, 512kb).'),
  RULES_DIR: z.string().default(DEFAULT_RULES_DIR).describe('Folder holding value sets, rule files and rules/trials/.'),
  FHIR_TIMEOUT_MS: positiveInt.max(60000).default(2000).describe('Deadline for each call to the EHR FHIR server.'),
  FHIR_MAX_PAGES: positiveInt.max(100).default(5).describe('Most search pages followed through `next` links.'),
  FHIR_SERVER_ALLOWLIST: urlList
    .default([])
    .describe('Comma-separated FHIR base URLs the service may call. Sandbox mode adds its own /fhir.'),
  FHIR_ALLOW_HTTP: onOff
    .optional()
    .describe('Allow plain-http FHIR servers. Default: on in sandbox mode, off otherwise.'),
  CDS_AUTH: z
    .enum(['required', 'optional', 'off'])
    .optional()
    .describe('JWT checking of CDS clients. Default: required, or optional in sandbox mode.'),
  JWT_ISSUERS_FILE: z
    .string()
    .optional()
    .describe('JSON file listing trusted issuers, their JWKS and the fhirServer URLs each may send.'),
  JWT_EXTRA_ALGORITHMS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .describe('Comma-separated JWS algorithms accepted besides ES384 and RS384 (none and HS* are always refused).'),
  JWT_CLOCK_SKEW_S: z.coerce.number().int().min(0).max(60).default(60).describe('Allowed clock skew for exp/iat.'),
  JWT_MAX_LIFETIME_S: positiveInt
    .max(3600)
    .default(300)
    .describe(
      'Longest accepted JWT lifetime, exp minus iat, in seconds (5 minutes, as SMART Backend Services); at most 3600.',
    ),
  CORS_ORIGINS: corsOrigins
    .default('*')
    .describe(
      'Origins whose browser pages may call discovery, hooks and feedback: * (any) or a comma-separated list of origins.',
    ),
  HEADERS_TIMEOUT_S: timeoutSeconds
    .default(10)
    .describe('Seconds a client has to send its request headers; then 408 and the connection is closed.'),
  REQUEST_TIMEOUT_S: timeoutSeconds
    .default(30)
    .describe(
      'Seconds a client has to send its whole request (headers and body); then 408. At least HEADERS_TIMEOUT_S.',
    ),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('Serve /metrics on this port (on HOST) instead of PORT, so it can stay off the public network.'),
  SHUTDOWN_DELAY_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(120)
    .default(5)
    .describe(
      'On SIGTERM, seconds the service keeps serving while /readyz answers 503, so the load balancer stops ' +
        'sending it calls before it stops listening.',
    ),
  SHUTDOWN_GRACE_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(20)
    .describe('Then, seconds the calls in flight have to finish before their connections are closed.'),
  KEEP_ALIVE_TIMEOUT_S: timeoutSeconds
    .default(5)
    .describe('Seconds an idle keep-alive connection stays open between requests.'),
  DATABASE_URL: z
    .string()
    .optional()
    .describe('PostgreSQL URL for feedback and audit. Default: embedded PGlite in DATA_DIR.'),
  STARTUP_TIMEOUT_S: timeoutSeconds
    .default(60)
    .describe(
      'Seconds start-up keeps retrying a PostgreSQL server that does not answer yet (DATABASE_URL), ' +
        'logging each try; then the service exits 1.',
    ),
  DATA_DIR: z.string().default(join(PROJECT_ROOT, 'data')).describe('Data directory of the embedded PGlite database.'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe(
      'Redis URL (redis:// or rediss://) for the token ids every replica shares (replay protection). ' +
        'Default: the seen_token table of DATABASE_URL; with neither, each process checks alone.',
    ),
  ALCOHOL_GRAMS_PER_DRINK: z.coerce
    .number()
    .positive()
    .max(30)
    .default(10)
    .describe('Grams of alcohol in one standard drink (10 in France, 14 in the US).'),
  CARD_LOCALE: z
    .enum(LOCALES)
    .default('en')
    .describe('Language of the cards, the referral note and the eligibility app: en or fr.'),
  SITE_CONFIRMATION_DAYS: positiveInt
    .max(3650)
    .default(DEFAULT_SITE_CONFIRMATION_DAYS)
    .describe("Days a site's confirmation that a trial recruits counts for, once the registry's end date has passed."),
  SCREENING_RETENTION_DAYS: positiveInt
    .max(3650)
    .default(365)
    .describe(
      'Days screening runs, candidates not seen since and their events are kept (docs/screening.md); older ones are purged after each run.',
    ),
  SCREENING_MEMORY_MB: z.coerce
    .number()
    .int()
    .min(0)
    .max(65536)
    .default(128)
    .describe(
      'Megabytes of compressed records a screening run holds in memory; past them the oldest go to the database until their patients are evaluated (docs/screening.md, "Memory"). 0 sends every block there.',
    ),
  SCREENING_FHIR_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'FHIR base URL that scheduled and worklist-started screening runs read (docs/screening.md). Default: the sandbox /fhir in sandbox mode; none otherwise (runs only from npm run screen).',
    ),
  SCREENING_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9\-.]{1,64}$/)
    .optional()
    .describe('Group id those runs screen; default every patient.'),
  SCREENING_CLIENT_ID: z
    .string()
    .optional()
    .describe('SMART Backend Services client id those runs authenticate with (with SCREENING_JWKS_FILE).'),
  SCREENING_JWKS_FILE: z
    .string()
    .optional()
    .describe("The backend client's JWK Set file with its private key (RS384 or ES384)."),
  SCREENING_OPT_OUT_FILE: z
    .string()
    .optional()
    .describe("The site's research opt-out list: one Patient/<id> per line; those patients are never screened."),
  SCREENING_CRON: z
    .string()
    .optional()
    .describe(
      'When to run screening by itself, as a cron expression (e.g. "0 2 * * *", 02:00 every night); with several replicas only one runs it.',
    ),
  SCREENING_WEBHOOK_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'Receives counts per trial and a link to the worklist when a run finds new candidates; never patient data.',
    ),
  SCREENING_OIDC_ISSUER: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("The hospital identity provider (OpenID Connect) the worklist's users sign in with."),
  SCREENING_OIDC_CLIENT_ID: z.string().optional().describe("The worklist's client id at that provider."),
  SCREENING_OIDC_CLIENT_SECRET: z
    .string()
    .optional()
    .describe('Its client secret, when the provider registered it as a confidential client (PKCE is used either way).'),
  SCREENING_OIDC_ROLE_CLAIM: z
    .string()
    .default('roles')
    .describe("The ID token claim listing the user's roles or groups."),
  SCREENING_OIDC_ROLE: z.string().default('screening').describe('The role or group that may use the worklist.'),
  SCREENING_SESSION_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      'Secret (at least 32 characters) signing worklist sessions; the same on every replica. Default: random per process (sessions end at restart).',
    ),
  ELIGIBILITY_APP: onOff
    .optional()
    .describe(
      'Serve the eligibility-checklist SMART app at /apps/eligibility/ and link trial cards to it. Default: on in sandbox mode, off otherwise.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),
});

/** The service configuration, read once from the environment. */
export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof ENV_SCHEMA>) {
  const sandbox = env.SANDBOX;
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, '');
  return {
    port: env.PORT,
    host: env.HOST,
    publicBaseUrl,
    sandbox,
    sandboxExtraPatients: env.SANDBOX_EXTRA_PATIENTS,
    bodyLimitBytes: env.BODY_LIMIT,
    rulesDir: env.RULES_DIR,
    fhir: {
      timeoutMs: env.FHIR_TIMEOUT_MS,
      maxPages: env.FHIR_MAX_PAGES,
      allowlist: env.FHIR_SERVER_ALLOWLIST.map((u) => u.replace(/\/+$/, '')),
      allowHttp: env.FHIR_ALLOW_HTTP ?? sandbox,
    },
    auth: {
      mode: env.CDS_AUTH ?? (sandbox ? 'optional' : 'required'),
      issuersFile: env.JWT_ISSUERS_FILE,
      extraAlgorithms: env.JWT_EXTRA_ALGORITHMS,
      clockSkewSeconds: env.JWT_CLOCK_SKEW_S,
      maxLifetimeSeconds: env.JWT_MAX_LIFETIME_S,
    },
    /** The port of the separate /metrics server (bin/server.ts); undefined: /metrics is served on `port`. */
    metricsPort: env.METRICS_PORT,
    /** Which browser origins may call the CDS endpoints (hooks/cors.ts). */
    cors: { origins: env.CORS_ORIGINS },
    /** Timeouts of the HTTP server against slow or idle clients (hooks/app.ts createHttpServer). */
    http: {
      headersTimeoutMs: env.HEADERS_TIMEOUT_S * 1000,
      requestTimeoutMs: env.REQUEST_TIMEOUT_S * 1000,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_S * 1000,
    },
    /** SIGTERM: keep serving while unready, then let calls in flight finish (bin/server.ts). */
    shutdown: { delayMs: env.SHUTDOWN_DELAY_S * 1000, graceMs: env.SHUTDOWN_GRACE_S * 1000 },
    database: { url: env.DATABASE_URL, dataDir: env.DATA_DIR, startupTimeoutMs: env.STARTUP_TIMEOUT_S * 1000 },
    /** Where replicas share the token ids they accepted (hooks/auth/replay-guard.ts). */
    redisUrl: env.REDIS_URL,
    alcoholGramsPerDrink: env.ALCOHOL_GRAMS_PER_DRINK,
    cardLocale: env.CARD_LOCALE,
    siteConfirmationDays: env.SITE_CONFIRMATION_DAYS,
    screeningRetentionDays: env.SCREENING_RETENTION_DAYS,
    /** Population screening run by the service (docs/screening.md): what it reads, when, whom it tells. */
    screening: {
      fhirUrl: env.SCREENING_FHIR_URL?.replace(/\/+$/, '') ?? (sandbox ? `${publicBaseUrl}/fhir` : undefined),
      group: env.SCREENING_GROUP,
      backendClient:
        env.SCREENING_CLIENT_ID && env.SCREENING_JWKS_FILE
          ? { clientId: env.SCREENING_CLIENT_ID, jwksFile: env.SCREENING_JWKS_FILE }
          : undefined,
      optOutFile: env.SCREENING_OPT_OUT_FILE,
      cron: env.SCREENING_CRON,
      webhookUrl: env.SCREENING_WEBHOOK_URL,
      /** Bytes of compressed records a run holds before it spills to the database. */
      memoryBudgetBytes: env.SCREENING_MEMORY_MB * 1024 * 1024,
      /** The worklist's sign-in: OpenID Connect, or a local sign-in in sandbox mode without one. */
      oidc:
        env.SCREENING_OIDC_ISSUER && env.SCREENING_OIDC_CLIENT_ID
          ? {
              issuer: env.SCREENING_OIDC_ISSUER.replace(/\/+$/, ''),
              clientId: env.SCREENING_OIDC_CLIENT_ID,
              clientSecret: env.SCREENING_OIDC_CLIENT_SECRET,
              roleClaim: env.SCREENING_OIDC_ROLE_CLAIM,
              role: env.SCREENING_OIDC_ROLE,
            }
          : undefined,
      sessionSecret: env.SCREENING_SESSION_SECRET,
    },
    /** The eligibility app's launch URL (its SMART redirect URI too), when the service serves it. */
    eligibilityAppUrl: (env.ELIGIBILITY_APP ?? sandbox) ? `${publicBaseUrl}${ELIGIBILITY_APP_LAUNCH_PATH}` : undefined,
    logLevel: env.LOG_LEVEL,
  };
}

/** Whether croner accepts the expression (the scheduler uses croner too: screening/run-schedule.ts). */
function validCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** Thrown when the environment holds an invalid setting; the message names each bad key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known: Record<string, string> = {};
  for (const key of Object.keys(ENV_SCHEMA.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') known[key] = value;
  }
  const parsed = ENV_SCHEMA.superRefine((env, ctx) => {
    // Node refuses a header deadline later than the whole-request deadline.
    if (env.HEADERS_TIMEOUT_S > env.REQUEST_TIMEOUT_S) {
      ctx.addIssue({
        code: 'custom',
        path: ['HEADERS_TIMEOUT_S'],
        message: `must not exceed REQUEST_TIMEOUT_S (${env.REQUEST_TIMEOUT_S})`,
      });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: `must differ from PORT (${env.PORT})` });
    }
    // Settings that only work in pairs: half of one is a mistake, not a default.
    for (const [a, b] of [
      ['SCREENING_CLIENT_ID', 'SCREENING_JWKS_FILE'],
      ['SCREENING_OIDC_ISSUER', 'SCREENING_OIDC_CLIENT_ID'],
    ] as const) {
      if ((env[a] === undefined) !== (env[b] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [env[a] === undefined ? a : b],
          message: `must be set with ${env[a] === undefined ? b : a}`,
        });
      }
    }
    if (env.SCREENING_CRON !== undefined && !validCron(env.SCREENING_CRON)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SCREENING_CRON'],
        message: 'is not a cron expression (five fields, e.g. "0 2 * * *")',
      });
    }
  }).safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return toConfig(parsed.data);
}

/** A configuration for tests and tools: defaults plus overrides, with the sandbox off unless asked. */
export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ SANDBOX: 'off', CDS_AUTH: 'off', LOG_LEVEL: 'silent', ...env });
}
