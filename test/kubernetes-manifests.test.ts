/**
 * deploy/kubernetes/: the kustomize base (production profile) and its sandbox overlay.
 *
 * No cluster, kubectl or kustomize here: the test renders each profile itself, with the few
 * kustomize features the files use (resources, configMapGenerator, strategic-merge patches,
 * images; any other field fails the test), validates every object against the Kubernetes
 * schemas of `kubernetes-models`, and checks the manifests against the service itself: its
 * config keys (ENV_SCHEMA), its health routes, its issuers-file schema, and, for the nightly
 * screening CronJob, the command it runs (package.json's `screen` script, bin/screen.ts's own
 * argument checks).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob, type ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import { ENV_SCHEMA, loadConfig } from '../config/config.js';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { healthRoutes } from '../hooks/health.js';
import type { AppDeps } from '../hooks/deps.js';
import { loadIssuersFile } from '../hooks/auth/issuers-config.js';
import { PRODUCTION_NODE_OPTIONS, SERVICE_NODE_FLAGS } from '../bin/node-flags.js';
import { checkScreenArguments } from '../bin/screen.js';
import { MAX_SHARDS } from '../screening/shard/shard.js';

const K8S_DIR = join(PROJECT_ROOT, 'deploy', 'kubernetes');
const DOC = readFileSync(join(PROJECT_ROOT, 'docs', 'kubernetes.md'), 'utf8');

/** The planned shutdown of issue 16: SHUTDOWN_DELAY_S (5) + SHUTDOWN_GRACE_S (20). */
const SERVICE_SHUTDOWN_S = 5 + 20;
/** The service's peak RSS target is 250 MB; the production limit stays within 1.5 times that. */
const PRODUCTION_MEMORY_LIMIT_MAX = 384 * 1024 * 1024;

type Obj = Record<string, unknown>;
interface Manifest extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asManifest(v: unknown, where: string): Manifest {
  if (!isObj(v) || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string' || !isObj(v.metadata)) {
    throw new Error(`${where}: not a Kubernetes object (apiVersion, kind, metadata)`);
  }
  if (typeof v.metadata.name !== 'string') throw new Error(`${where}: metadata.name missing`);
  return v as Manifest;
}

/** Every YAML document of a file, parsed strictly (a YAML error fails the test). */
function yamlDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${file} document ${i}: ${doc.errors[0]!.message}`);
    return doc.toJS() as unknown;
  });
}

/** The schema of each kind the manifests may hold; any other kind fails validation. */
const SCHEMAS: Record<string, (data: Obj) => { validate(): void }> = {
  'apps/v1/Deployment': (d) => new Deployment(d),
  'v1/Service': (d) => new Service(d),
  'v1/ConfigMap': (d) => new ConfigMap(d),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d),
  'autoscaling/v2/HorizontalPodAutoscaler': (d) => new HorizontalPodAutoscaler(d),
  'batch/v1/CronJob': (d) => new CronJob(d),
};

/** Throws with the schema's messages when the object is not a valid Kubernetes object. */
function validateAgainstSchema(m: Manifest): void {
  const make = SCHEMAS[`${m.apiVersion}/${m.kind}`];
  if (!make) throw new Error(`no schema for ${m.apiVersion} ${m.kind} (add it to SCHEMAS)`);
  make(m).validate();
}

// ---------------------------------------------------------------------------------------------
// Unknown fields. The schemas accept any extra field (as the OpenAPI ones do), so a misspelt
// field would pass them and be dropped or refused by the API server. The models' type
// declarations list each object's fields: every field of a manifest must be one of them.

const MODELS_DIR = join(PROJECT_ROOT, 'node_modules');
const ROOT_TYPES: Record<string, string> = {
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment.d.ts',
  'v1/Service': 'kubernetes-models/v1/Service.d.ts',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap.d.ts',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget.d.ts',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler.d.ts',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob.d.ts',
};

/** The fields of the interface a .d.ts file declares: name → .d.ts of its object type, or null for a leaf. */
const fieldCache = new Map<string, Map<string, string | null> | null>();
function fieldsOf(dts: string): Map<string, string | null> | null {
  if (fieldCache.has(dts)) return fieldCache.get(dts)!;
  const text = readFileSync(dts, 'utf8');
  const body = /^export interface \w+[^{]*\{\n([\s\S]*?)^\}/m.exec(text)?.[1];
  let fields: Map<string, string | null> | null = null;
  if (body !== undefined) {
    const imports = new Map(
      [...text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)].map(([, name, from]) => [
        name!,
        from!.startsWith('.') ? join(dts, '..', `${from}.d.ts`) : join(MODELS_DIR, `${from}.d.ts`),
      ]),
    );
    fields = new Map(
      [...body.matchAll(/^ {4}"([^"]+)"\??: (?:Array<)?(\w*)/gm)].map(([, field, type]) => [
        field!,
        imports.get(type!) ?? null,
      ]),
    );
  }
  fieldCache.set(dts, fields);
  return fields;
}

/** Paths of the fields of `value` that its type does not declare. */
function unknownFields(value: unknown, dts: string | null, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, dts, `${path}[${i}]`));
  const fields = dts ? fieldsOf(dts) : null;
  if (!isObj(value) || !fields) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    fields.has(k) ? unknownFields(v, fields.get(k)!, `${path}.${k}`) : [`${path}.${k}`],
  );
}

/** Throws naming every field of the object that its Kubernetes type does not have. */
function rejectUnknownFields(m: Manifest): void {
  const root = ROOT_TYPES[`${m.apiVersion}/${m.kind}`];
  if (!root) throw new Error(`no type for ${m.apiVersion} ${m.kind} (add it to ROOT_TYPES)`);
  const unknown = unknownFields(m, join(MODELS_DIR, root), m.kind);
  if (unknown.length > 0) throw new Error(`unknown fields: ${unknown.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// A small kustomize: only what deploy/kubernetes uses.

interface Kustomization {
  resources?: string[];
  configMapGenerator?: { name: string; files: string[] }[];
  patches?: { path: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}
const KUSTOMIZATION_FIELDS = ['apiVersion', 'kind', 'resources', 'configMapGenerator', 'patches', 'images'];

function readKustomization(dir: string): Kustomization {
  const [doc, ...rest] = yamlDocuments(join(dir, 'kustomization.yaml'));
  if (!isObj(doc) || rest.length > 0) throw new Error(`${dir}/kustomization.yaml: expected one mapping`);
  const unsupported = Object.keys(doc).filter((k) => !KUSTOMIZATION_FIELDS.includes(k));
  if (unsupported.length > 0) {
    throw new Error(`${dir}/kustomization.yaml uses ${unsupported.join(', ')}: teach this test's renderer first`);
  }
  return doc;
}

/** Lists whose items a strategic merge patch merges by a key (the Kubernetes patchMergeKey). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
};

/** A strategic merge: maps merge, keyed lists merge by key, `$patch: delete` removes, the rest is replaced. */
function strategicMerge(base: unknown, patch: unknown, field = ''): unknown {
  if (isObj(base) && isObj(patch)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? strategicMerge(base[k], v, k) : v;
    }
    return out;
  }
  const key = MERGE_KEYS[field];
  if (Array.isArray(base) && Array.isArray(patch) && key) {
    const out = [...(base as unknown[])];
    for (const item of patch as unknown[]) {
      if (!isObj(item)) throw new Error(`${field}: a patch item is not a mapping`);
      const at = out.findIndex((b) => isObj(b) && b[key] === item[key]);
      if (item.$patch === 'delete') {
        if (at < 0) throw new Error(`${field}: the patch deletes ${String(item[key])}, which the base does not have`);
        out.splice(at, 1);
      } else if (at >= 0) {
        out[at] = strategicMerge(out[at], item);
      } else {
        out.push(item);
      }
    }
    return out;
  }
  return patch;
}

const resourceId = (m: Manifest) => `${m.apiVersion}|${m.kind}|${m.metadata.name}`;

interface Rendered {
  /** The objects `kubectl apply -k` would create (names without the generators' hash suffix). */
  readonly objects: Manifest[];
  /** Source files of every ConfigMap key, for the checks that read them. */
  readonly configMapFiles: Map<string, Map<string, string>>;
}

/** Renders a kustomization directory the way kustomize would, for the features it uses. */
function render(dir: string): Rendered {
  const k = readKustomization(dir);
  let objects: Manifest[] = [];
  const configMapFiles = new Map<string, Map<string, string>>();
  for (const entry of k.resources ?? []) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const sub = render(path);
      objects.push(...sub.objects);
      for (const [name, files] of sub.configMapFiles) configMapFiles.set(name, files);
    } else {
      objects.push(...yamlDocuments(path).map((d, i) => asManifest(d, `${path} document ${i}`)));
    }
  }
  for (const gen of k.configMapGenerator ?? []) {
    const files = new Map(gen.files.map((f) => [posix.basename(f), join(dir, f)]));
    const data = Object.fromEntries([...files].map(([key, file]) => [key, readFileSync(file, 'utf8')]));
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data });
    configMapFiles.set(gen.name, files);
  }
  for (const { path } of k.patches ?? []) {
    for (const [i, doc] of yamlDocuments(join(dir, path)).entries()) {
      const patch = asManifest(doc, `${path} document ${i}`);
      const targets = objects.filter((o) => resourceId(o) === resourceId(patch));
      if (targets.length !== 1) throw new Error(`${path}: ${targets.length} resources match ${resourceId(patch)}`);
      objects =
        patch.$patch === 'delete'
          ? objects.filter((o) => o !== targets[0])
          : objects.map((o) => (o === targets[0] ? (strategicMerge(o, patch) as Manifest) : o));
    }
  }
  for (const image of k.images ?? []) {
    for (const c of objects.flatMap((o) => podSpecsOf(o).flatMap((p) => p.containers))) {
      if (c.image === image.name) c.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  return { objects, configMapFiles };
}

// ---------------------------------------------------------------------------------------------
// Reading the rendered objects.

function podSpec(m: Manifest): IPodSpec {
  const spec = (m as unknown as IDeployment).spec?.template.spec;
  if (!spec) throw new Error(`${m.metadata.name}: no pod spec`);
  return spec;
}

/** The pod specs of an object: a Deployment's, a CronJob's Job's; none for other kinds. */
function podSpecsOf(m: Manifest): IPodSpec[] {
  if (m.kind === 'Deployment') return [podSpec(m)];
  if (m.kind !== 'CronJob') return [];
  const job = (m as unknown as ICronJob).spec?.jobTemplate.spec?.template.spec;
  if (!job) throw new Error(`${m.metadata.name}: no pod spec`);
  return [job];
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0]!;
}

const deploymentOf = (r: Rendered) =>
  only(
    r.objects.filter((o) => o.kind === 'Deployment'),
    'Deployment',
  ) as unknown as IDeployment & Manifest;
const containerOf = (r: Rendered): IContainer => only(podSpec(deploymentOf(r)).containers, 'container');
const ofKind = <T>(r: Rendered, kind: string) => r.objects.filter((o) => o.kind === kind) as unknown as T[];

/** The plain env values (name → value) of the container; secret references are left out. */
function plainEnv(c: IContainer): Record<string, string> {
  return Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

/** Bytes of a Kubernetes memory quantity (Ki, Mi, Gi or plain bytes). */
function bytes(q: string | number | undefined): number {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(String(q));
  if (!m) throw new Error(`unreadable memory quantity ${String(q)}`);
  return Number(m[1]) * { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, '': 1 }[m[2] ?? '']!;
}

/** Millicores of a Kubernetes CPU quantity (500m, 1, 0.5). */
function millicores(q: string | number | undefined): number {
  const s = String(q);
  return s.endsWith('m') ? Number(s.slice(0, -1)) : Number(s) * 1000;
}

/** The container port a probe or Service port names (by name or by number). */
function containerPort(c: IContainer, port: string | number | undefined): number | undefined {
  return typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
}

/** The mount holding a path, and its volume. */
function mountOf(r: Rendered, path: string) {
  const c = containerOf(r);
  const mount = (c.volumeMounts ?? []).find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
  const volume = podSpec(deploymentOf(r)).volumes?.find((v) => v.name === mount?.name);
  return { mount, volume };
}

/** GET routes the service's health router serves (hooks/health.ts, mounted at / by hooks/app.ts). */
function healthGetRoutes(): string[] {
  const router = healthRoutes({} as AppDeps) as unknown as {
    stack: { route?: { path: string; methods: Record<string, boolean> } }[];
  };
  return router.stack.flatMap((layer) => (layer.route?.methods.get ? [layer.route.path] : []));
}

// ---------------------------------------------------------------------------------------------

/** The files of a folder (relative paths, sorted), sub-folders included. */
function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesIn(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

const PROFILES = [
  { profile: 'base', dir: 'base' },
  { profile: 'sandbox', dir: 'overlays/sandbox' },
] as const;
type Profile = (typeof PROFILES)[number]['profile'];
const renderedCache = new Map<Profile, Rendered>();
/** The rendered profile, computed in the first test that needs it (so a render error fails named tests). */
function rendered(profile: Profile): Rendered {
  let r = renderedCache.get(profile);
  if (!r) {
    r = render(join(K8S_DIR, PROFILES.find((p) => p.profile === profile)!.dir));
    renderedCache.set(profile, r);
  }
  return r;
}

/** Binds r (the rendered profile), c (its container) and env (its plain env) before the tests of a block. */
function useProfile(profile: Profile) {
  const v = {} as { r: Rendered; c: IContainer; env: Record<string, string> };
  beforeAll(() => {
    v.r = rendered(profile);
    v.c = containerOf(v.r);
    v.env = plainEnv(v.c);
  });
  return v;
}
const YAML_FILES = filesIn(K8S_DIR).filter((f) => /\.ya?ml$/.test(f));

describe('deploy/kubernetes YAML files', () => {
  test('are the base and the sandbox overlay, each with its kustomization', () => {
    expect(YAML_FILES).toContain('base/kustomization.yaml');
    expect(YAML_FILES).toContain('overlays/sandbox/kustomization.yaml');
    expect(filesIn(K8S_DIR).every((f) => f.startsWith('base/') || f.startsWith('overlays/sandbox/'))).toBe(true);
  });

  test.each(YAML_FILES)('%s parses as YAML, each document with its apiVersion and kind', (file) => {
    const docs = yamlDocuments(join(K8S_DIR, file));
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(isObj(doc) && typeof doc.apiVersion === 'string' && typeof doc.kind === 'string').toBe(true);
    }
  });

  test.each(YAML_FILES.filter((f) => f.startsWith('base/') && !f.endsWith('kustomization.yaml')))(
    '%s validates against the Kubernetes schemas as it stands, with no unknown field',
    (file) => {
      for (const [i, doc] of yamlDocuments(join(K8S_DIR, file)).entries()) {
        expect(() => validateAgainstSchema(asManifest(doc, `${file} ${i}`))).not.toThrow();
        expect(() => rejectUnknownFields(asManifest(doc, `${file} ${i}`))).not.toThrow();
      }
    },
  );
});

describe.each(PROFILES)('the $profile profile', ({ profile, dir }) => {
  const v = useProfile(profile);

  test('lists in its kustomization exactly the files of its folder', () => {
    const k = readKustomization(join(K8S_DIR, dir));
    const listed = [
      'kustomization.yaml',
      ...(k.resources ?? []).filter((f) => !statSync(join(K8S_DIR, dir, f)).isDirectory()),
      ...(k.configMapGenerator ?? []).flatMap((g) => g.files),
      ...(k.patches ?? []).map((p) => p.path),
    ].sort();
    expect(listed).toEqual(filesIn(join(K8S_DIR, dir)));
    for (const sub of (k.resources ?? []).filter((f) => statSync(join(K8S_DIR, dir, f)).isDirectory())) {
      expect(existsSync(join(K8S_DIR, dir, sub, 'kustomization.yaml'))).toBe(true);
    }
  });

  test('renders only objects that validate against the Kubernetes schemas, with no unknown field (patches merged)', () => {
    const { r } = v;
    expect(r.objects.length).toBeGreaterThan(0);
    for (const o of r.objects) {
      expect(() => validateAgainstSchema(o)).not.toThrow();
      expect(() => rejectUnknownFields(o)).not.toThrow();
    }
  });

  test('sets only env names that are keys of ENV_SCHEMA (or NODE_OPTIONS), with values the service accepts', () => {
    const { c, env } = v;
    const known = [...Object.keys(ENV_SCHEMA.shape), 'NODE_OPTIONS'];
    for (const e of c.env ?? []) expect(known).toContain(e.name);
    expect(new Set((c.env ?? []).map((e) => e.name)).size).toBe((c.env ?? []).length);
    const fromSecrets = Object.fromEntries(
      (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, 'postgres://u:p@db:5432/cds']),
    );
    expect(() => loadConfig({ ...env, ...fromSecrets })).not.toThrow();
  });

  test('listens on all interfaces, on the container port', () => {
    const { c, env } = v;
    expect(env.HOST).toBe('0.0.0.0');
    const port = Number(env.PORT ?? ENV_SCHEMA.shape.PORT.parse(undefined));
    expect(c.ports?.map((p) => p.containerPort)).toEqual([port]);
    expect(port).toBe(ENV_SCHEMA.shape.PORT.parse(undefined));
  });

  test.each([
    ['startupProbe', '/healthz'],
    ['livenessProbe', '/healthz'],
    ['readinessProbe', '/readyz'],
  ] as const)('%s asks %s, a route the service serves, on its port', (probe, path) => {
    const { c, env } = v;
    const get = c[probe]?.httpGet;
    expect(get?.path).toBe(path);
    expect(healthGetRoutes()).toContain(path);
    expect(containerPort(c, get?.port)).toBe(Number(env.PORT));
  });

  test('gives start-up longer than the service waits for its database (STARTUP_TIMEOUT_S) before a restart', () => {
    const { c, env } = v;
    const { periodSeconds = 10, failureThreshold = 3 } = c.startupProbe ?? {};
    const waitsForDatabase = Number(env.STARTUP_TIMEOUT_S ?? ENV_SCHEMA.shape.STARTUP_TIMEOUT_S.parse(undefined));
    // The service gives up (exit 1, its own clear log line) before the kubelet kills it silently.
    expect(periodSeconds * failureThreshold).toBeGreaterThan(waitsForDatabase + 10);
  });

  test('gives the readiness probe longer than the 2 s /readyz waits for the database', () => {
    const { c } = v;
    expect(c.readinessProbe?.timeoutSeconds).toBeGreaterThan(2);
  });

  test('gives the pod longer to stop than the service takes to drain and shut down', () => {
    const { r } = v;
    expect(podSpec(deploymentOf(r)).terminationGracePeriodSeconds).toBeGreaterThan(SERVICE_SHUTDOWN_S);
  });

  test('runs as the non-root node user, read-only, without privileges, under RuntimeDefault seccomp', () => {
    const { r, c } = v;
    const pod = podSpec(deploymentOf(r)).securityContext;
    expect(pod).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.securityContext?.privileged).toBeUndefined();
    expect(c.securityContext?.capabilities?.add).toBeUndefined();
  });

  test('puts every path the service writes on an emptyDir (the root filesystem is read-only)', () => {
    const { r, c, env } = v;
    const written = ['/tmp'];
    // PGlite lives in DATA_DIR when DATABASE_URL is not set; the sandbox issuer's key always does.
    if (!c.env?.some((e) => e.name === 'DATABASE_URL') || env.SANDBOX === 'on') {
      expect(env.DATA_DIR).toBeDefined();
      written.push(env.DATA_DIR!);
    }
    for (const path of written) {
      const { mount, volume } = mountOf(r, path);
      expect({ path, readOnly: mount?.readOnly ?? false, emptyDir: volume?.emptyDir !== undefined }).toEqual({
        path,
        readOnly: false,
        emptyDir: true,
      });
    }
  });

  test('requests CPU and memory and caps memory', () => {
    const { c } = v;
    const { requests, limits } = c.resources ?? {};
    expect(millicores(requests?.cpu)).toBeGreaterThanOrEqual(250);
    expect(millicores(requests?.cpu)).toBeLessThanOrEqual(500);
    expect(millicores(limits?.cpu)).toBeGreaterThanOrEqual(millicores(requests?.cpu));
    expect(bytes(limits?.memory)).toBeGreaterThanOrEqual(bytes(requests?.memory));
  });

  test('reads the JWT issuers from a ConfigMap mounted read-only, in a file the service accepts', () => {
    const { r, env } = v;
    const file = env.JWT_ISSUERS_FILE!;
    expect(file).toBeDefined();
    const { mount, volume } = mountOf(r, file);
    expect(mount?.readOnly).toBe(true);
    const configMap = volume?.configMap?.name;
    expect(configMap).toBeDefined();
    const key = posix.relative(mount!.mountPath, file);
    const source = r.configMapFiles.get(configMap!)?.get(key);
    expect(source).toBeDefined();
    expect(loadIssuersFile(source!, { publicBaseUrl: env.PUBLIC_BASE_URL! }).length).toBeGreaterThan(0);
  });

  test('mounts only volumes it declares, and every ConfigMap it mounts is one it generates', () => {
    const { r, c } = v;
    const pod = podSpec(deploymentOf(r));
    const volumes = (pod.volumes ?? []).map((v) => v.name);
    for (const m of c.volumeMounts ?? []) expect(volumes).toContain(m.name);
    const configMaps = ofKind<Manifest>(r, 'ConfigMap').map((m) => m.metadata.name);
    for (const v of pod.volumes ?? []) if (v.configMap) expect(configMaps).toContain(v.configMap.name);
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef) expect(configMaps).toContain(e.valueFrom.configMapKeyRef.name);
    }
  });

  test('ships no Secret, and documents each Secret it reads with its key', () => {
    const { r, c } = v;
    expect(r.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) continue;
      expect(ref.optional ?? false).toBe(false);
      expect(DOC).toContain(`create secret generic ${ref.name} --from-literal=${ref.key}=`);
    }
  });

  test('selects its own pods from the Service, the disruption budget and the autoscaler', () => {
    const { r, c, env } = v;
    const d = deploymentOf(r);
    const labels = d.spec?.template.metadata?.labels ?? {};
    expect(Object.keys(d.spec?.selector.matchLabels ?? {}).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(d.spec?.selector.matchLabels ?? {})) expect(labels[k]).toBe(v);
    for (const s of ofKind<IService>(r, 'Service')) {
      for (const [k, v] of Object.entries(s.spec?.selector ?? {})) expect(labels[k]).toBe(v);
      for (const p of s.spec?.ports ?? []) expect(containerPort(c, p.targetPort)).toBe(Number(env.PORT));
    }
    for (const pdb of ofKind<IPodDisruptionBudget>(r, 'PodDisruptionBudget')) {
      for (const [k, v] of Object.entries(pdb.spec?.selector?.matchLabels ?? {})) expect(labels[k]).toBe(v);
    }
    for (const hpa of ofKind<IHorizontalPodAutoscaler>(r, 'HorizontalPodAutoscaler')) {
      expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name });
    }
  });

  test('sets the image in its kustomization (`kustomize edit set image`), not in the Deployment', () => {
    const { c } = v;
    expect(c.image).toMatch(/^[^:]+:[^:]+$/);
    expect(readFileSync(join(K8S_DIR, 'base', 'deployment.yaml'), 'utf8')).toMatch(/image: diabetes-cds-hooks\n/);
  });
});

describe('the base (production profile)', () => {
  const v = useProfile('base');

  test.each([
    ['SANDBOX', 'off'],
    ['CDS_AUTH', 'required'],
  ])('sets %s=%s', (name, value) => {
    const { env } = v;
    expect(env[name]).toBe(value);
  });

  test('runs two replicas, scaled on CPU by an autoscaling/v2 autoscaler from two up', () => {
    const { r } = v;
    expect(deploymentOf(r).spec?.replicas).toBe(2);
    const hpa = only(ofKind<IHorizontalPodAutoscaler & Manifest>(r, 'HorizontalPodAutoscaler'), 'autoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec?.minReplicas).toBe(2);
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(2);
    expect(hpa.spec?.metrics?.map((m) => m.resource?.name)).toEqual(['cpu']);
  });

  test('keeps at least one pod through voluntary disruptions', () => {
    const { r } = v;
    expect(only(ofKind<IPodDisruptionBudget>(r, 'PodDisruptionBudget'), 'budget').spec?.minAvailable).toBe(1);
  });

  test('reads DATABASE_URL from a Secret, shared by every replica', () => {
    const { c } = v;
    const db = c.env?.find((e) => e.name === 'DATABASE_URL');
    expect(db?.value).toBeUndefined();
    expect(db?.valueFrom?.secretKeyRef).toEqual({ name: 'diabetes-cds-hooks-database', key: 'DATABASE_URL' });
  });

  test('caps memory near the 250 MB peak RSS target', () => {
    const { c } = v;
    expect(bytes(c.resources?.limits?.memory)).toBeLessThanOrEqual(PRODUCTION_MEMORY_LIMIT_MAX);
    expect(bytes(c.resources?.requests?.memory)).toBeGreaterThanOrEqual(250 * 1000 * 1000);
  });

  test('runs node with the production heap ceiling the benchmark measures, under the memory limit', () => {
    const { c, env } = v;
    expect(env.NODE_OPTIONS).toBe(PRODUCTION_NODE_OPTIONS);
    const megabytes = (flag: string, flags: readonly string[]) =>
      Number(flags.map((f) => new RegExp(`^--${flag}=(\\d+)$`).exec(f)?.[1]).find((m) => m !== undefined));
    const oldSpace = megabytes('max-old-space-size', PRODUCTION_NODE_OPTIONS.split(' '));
    const semiSpace = megabytes('max-semi-space-size', SERVICE_NODE_FLAGS);
    // V8's young generation is three semi-spaces; the heap's two parts must fit in the pod.
    expect((oldSpace + 3 * semiSpace) * 1024 * 1024).toBeLessThan(bytes(c.resources?.limits?.memory));
  });

  test("uses the image's paths and user: rules under its WORKDIR, uid 1000 for its USER node", () => {
    const { env } = v;
    const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const workdir = [...dockerfile.matchAll(/^WORKDIR (\S+)$/gm)].at(-1)?.[1];
    expect(env.RULES_DIR).toBe(`${workdir}/rules`);
    // The official node images create the `node` user with uid 1000.
    expect(dockerfile).toMatch(/^FROM node:[^\n]*\n(?:.*\n)*?USER node$/m);
    expect(dockerfile).not.toMatch(/^USER (?!node$)/m);
  });

  test('takes its public URL from the configuration, not the default http://HOST:PORT', () => {
    const { env } = v;
    expect(env.PUBLIC_BASE_URL).toMatch(/^https:\/\//);
  });
});

describe('the nightly sharded screening CronJob (base)', () => {
  const v = useProfile('base');
  const cronJobOf = (r: Rendered) => only(ofKind<ICronJob & Manifest>(r, 'CronJob'), 'CronJob');
  const jobOf = (r: Rendered) => cronJobOf(r).spec!.jobTemplate.spec!;
  const screenOf = (r: Rendered): IContainer => only(jobOf(r).template.spec!.containers, 'container');
  const UID = '3f1b7c2a-8d4e-4a5b-9c6d-0e1f2a3b4c5d';
  /** The container's args as its pod gets them: Kubernetes expands `$(NAME)` from the container's env. */
  const argsOf = (c: IContainer, index: number): string[] => {
    const env: Record<string, string> = { ...plainEnv(c), JOB_COMPLETION_INDEX: String(index), JOB_UID: UID };
    return (c.args ?? []).map((a) =>
      a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_, name: string) => {
        if (env[name] === undefined) throw new Error(`$(${name}) is not an env of the container`);
        return env[name];
      }),
    );
  };
  /** The command line after `node <script>`. */
  const screenArgs = (c: IContainer, index: number) => [...(c.command ?? []), ...argsOf(c, index)].slice(2);

  test('is suspended as shipped, runs nightly, one run at a time', () => {
    const cj = cronJobOf(v.r);
    expect(cj.spec?.suspend).toBe(true);
    expect(cj.spec?.schedule).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(cj.spec?.timeZone).toBeDefined();
    expect(cj.spec?.concurrencyPolicy).toBe('Forbid');
  });

  test('runs the file of the `screen` npm script with node, in the image’s WORKDIR', () => {
    const c = screenOf(v.r);
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { screen: string } };
    const script = / node (dist\/bin\/[\w-]+\.js)$/.exec(pkg.scripts.screen)?.[1];
    expect(script).toBe('dist/bin/screen.js');
    expect([...(c.command ?? []), ...(c.args ?? [])].slice(0, 2)).toEqual(['node', script]);
    // dist/ is built from bin/screen.ts in the image (npm run build): the source must be there.
    expect(existsSync(join(PROJECT_ROOT, 'bin', 'screen.ts'))).toBe(true);
    expect(c.workingDir).toBeUndefined();
  });

  test('runs an Indexed Job of one pod per shard, all at once: completions, parallelism and --shard agree', () => {
    const job = jobOf(v.r);
    const c = screenOf(v.r);
    expect(job.completionMode).toBe('Indexed');
    const shards = job.completions!;
    expect(shards).toBeGreaterThan(1);
    expect(shards).toBeLessThanOrEqual(MAX_SHARDS);
    expect(job.parallelism).toBe(shards);
    // Every pod's command line, as bin/screen.ts checks it: shard i of the count, in the Job's run.
    for (let i = 0; i < shards; i++) {
      expect(checkScreenArguments(screenArgs(c, i))).toMatchObject({ shard: { index: i, of: shards }, run: UID });
    }
    expect(() => checkScreenArguments(screenArgs(c, shards))).toThrow(/--shard/);
  });

  test('takes the shard from the completion index and the run id from the Job’s uid', () => {
    const c = screenOf(v.r);
    const field = (name: string) => c.env?.find((e) => e.name === name)?.valueFrom?.fieldRef?.fieldPath;
    expect(field('JOB_COMPLETION_INDEX')).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(field('JOB_UID')).toBe("metadata.labels['batch.kubernetes.io/controller-uid']");
    expect(c.args?.join(' ')).toMatch(/--run \$\(JOB_UID\) --shard \$\(JOB_COMPLETION_INDEX\)\/\d+/);
  });

  test('sets only env names of ENV_SCHEMA (or NODE_OPTIONS and the Job’s own), with values the service accepts', () => {
    const c = screenOf(v.r);
    const known = [...Object.keys(ENV_SCHEMA.shape), 'NODE_OPTIONS', 'JOB_COMPLETION_INDEX', 'JOB_UID'];
    for (const e of c.env ?? []) expect(known).toContain(e.name);
    expect(new Set((c.env ?? []).map((e) => e.name)).size).toBe((c.env ?? []).length);
    const config = loadConfig({ ...plainEnv(c), DATABASE_URL: 'postgres://u:p@db:5432/cds' });
    expect(config.screening.fhirUrl).toMatch(/^https:\/\//);
    // The rules of the service's own pods: a candidate is one for whom their card would fire.
    expect(plainEnv(c).RULES_DIR).toBe(plainEnv(containerOf(v.r)).RULES_DIR);
    expect(plainEnv(c).CARD_LOCALE).toBe(plainEnv(containerOf(v.r)).CARD_LOCALE);
  });

  test('reads DATABASE_URL from the Deployment’s Secret: the shards meet in the service’s PostgreSQL', () => {
    const ref = (cont: IContainer) => cont.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
    expect(ref(screenOf(v.r))).toEqual(ref(containerOf(v.r)));
    expect(ref(screenOf(v.r))).toBeDefined();
  });

  test('runs the Deployment’s image, as the node user, read-only, with /tmp on an emptyDir', () => {
    const c = screenOf(v.r);
    const pod = jobOf(v.r).template.spec!;
    expect(c.image).toBe(containerOf(v.r).image);
    expect(pod.securityContext).toEqual(podSpec(deploymentOf(v.r)).securityContext);
    expect(c.securityContext).toEqual(containerOf(v.r).securityContext);
    expect(pod.automountServiceAccountToken).toBe(false);
    const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(pod.volumes?.find((vol) => vol.name === tmp?.name)?.emptyDir).toBeDefined();
    for (const m of c.volumeMounts ?? []) expect((pod.volumes ?? []).map((vol) => vol.name)).toContain(m.name);
  });

  test('runs a failed shard again, not a bad argument (exit 2), and outlives the command’s own deadline', () => {
    const job = jobOf(v.r);
    const c = screenOf(v.r);
    expect(job.template.spec?.restartPolicy).toBe('Never');
    expect(job.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(job.podFailurePolicy?.rules).toContainEqual({
      action: 'FailIndex',
      onExitCodes: { containerName: c.name, operator: 'In', values: [2] },
    });
    // The command stops at its --deadline and reports its part; the Job must not kill it first.
    const { deadlineMinutes } = checkScreenArguments(screenArgs(c, 0));
    expect(job.activeDeadlineSeconds).toBeGreaterThan(deadlineMinutes * 60);
  });

  test('requests CPU and memory, and keeps its heap under the memory limit', () => {
    const c = screenOf(v.r);
    const { requests, limits } = c.resources ?? {};
    expect(millicores(requests?.cpu)).toBeGreaterThanOrEqual(500);
    expect(bytes(limits?.memory)).toBeGreaterThanOrEqual(bytes(requests?.memory));
    const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(plainEnv(c).NODE_OPTIONS ?? '')?.[1]);
    // The young generation: three semi-spaces of at most 32 MB.
    expect((oldSpace + 3 * 32) * 1024 * 1024).toBeLessThan(bytes(limits?.memory));
  });

  test('is none of the service’s pods: no Service, disruption budget or the Deployment selects them', () => {
    const labels = jobOf(v.r).template.metadata?.labels ?? {};
    const selects = (selector: Record<string, string> | undefined) =>
      Object.entries(selector ?? {}).every(([k, val]) => labels[k] === val);
    expect(selects(deploymentOf(v.r).spec?.selector.matchLabels)).toBe(false);
    for (const svc of ofKind<IService>(v.r, 'Service')) expect(selects(svc.spec?.selector)).toBe(false);
    for (const pdb of ofKind<IPodDisruptionBudget>(v.r, 'PodDisruptionBudget')) {
      expect(selects(pdb.spec?.selector?.matchLabels)).toBe(false);
    }
  });
});

describe('the sandbox overlay', () => {
  const v = useProfile('sandbox');

  test('runs one pod with SANDBOX=on and CDS_AUTH=optional', () => {
    const { r, env } = v;
    expect(deploymentOf(r).spec?.replicas).toBe(1);
    expect(env).toMatchObject({ SANDBOX: 'on', CDS_AUTH: 'optional' });
  });

  test('needs no Secret and no PostgreSQL: PGlite in DATA_DIR on an emptyDir', () => {
    const { r, c, env } = v;
    expect((c.env ?? []).filter((e) => e.valueFrom)).toEqual([]);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(mountOf(r, env.DATA_DIR!).volume?.emptyDir).toBeDefined();
  });

  test('has no autoscaler or disruption budget (one PGlite process)', () => {
    const { r } = v;
    expect(r.objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
  });

  test('has no screening CronJob: sharded runs need PostgreSQL', () => {
    const { r } = v;
    expect(ofKind<Manifest>(r, 'CronJob')).toEqual([]);
  });

  test('drops the production heap ceiling: the sandbox FHIR store lives in the heap', () => {
    const { env } = v;
    expect(env.NODE_OPTIONS).toBeUndefined();
  });

  test('keeps the base in production settings: the overlay changes only its own copy', () => {
    expect(plainEnv(containerOf(rendered('base'))).SANDBOX).toBe('off');
  });
});
