import fc from 'fast-check';
import { formatPercent, ifccToNgsp } from '../../facts/hba1c.js';
import { jsonPost, type Expectation, type FuzzCase } from './fuzz-case.js';
import { FUZZ_PATIENT, positiveRequest, SERVICE_IDS, type FuzzContext } from './fuzz-context.js';
import { expectedCard, HARMLESS_EDITS, HOSTILE_MUTATIONS, resourcesIn } from './hostile-fhir.js';

type Json = Record<string, unknown>;

const service = fc.constantFrom(...SERVICE_IDS);
const path = (s: string) => `/cds-services/${s}`;
const firesBoth: Pick<Expectation, 'kind' | 'statuses' | 'cards'> = { kind: 'hook', statuses: [200], cards: 'fires' };

/** Keys that have bitten JavaScript services before, and plain random ones. */
const oddKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'x'.repeat(300)),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
);

/** Any JSON value, small. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Values of every JSON type but string (strings are valid for most fields). */
const nonString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(anyJson, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), anyJson, { maxKeys: 3 }),
);

/** The full request, untouched apart from harmless additions: both services must fire. */
function harmless(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      s: service,
      edit: fc.option(fc.constantFrom(...HARMLESS_EDITS), { nil: undefined }),
      seed: fc.integer(),
      extraTop: fc.option(fc.dictionary(oddKey, anyJson, { maxKeys: 4 }), { nil: undefined }),
      extraContext: fc.option(
        fc.dictionary(
          oddKey.filter((k) => k !== 'encounterId'),
          anyJson,
          { maxKeys: 3 },
        ),
        {
          nil: undefined,
        },
      ),
    })
    .map(({ s, edit, seed, extraTop, extraContext }): FuzzCase => {
      const body = positiveRequest(ctx, s);
      let x = seed;
      const rnd = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      edit?.[1](body.prefetch as Json, rnd);
      // Known top-level fields keep their valid values: extras only add.
      const extra = Object.fromEntries(Object.entries(extraTop ?? {}).filter(([k]) => !(k in body)));
      const context = { ...(extraContext ?? {}), ...(body.context as Json) };
      const text = JSON.stringify({ ...extra, ...body, context });
      return {
        category: 'hook: valid patient, harmless extras',
        request: jsonPost(path(s), text),
        expect: { ...firesBoth, ...(s === 'pump-evaluation' ? { summaryIncludes: 'HbA1c 8.9 %' } : {}) },
      };
    });
}

/** The latest HbA1c set to a valid value: each card fires exactly when its threshold is met. */
function hba1cValues(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const ngsp = fc
    .integer({ min: 40, max: 160 })
    .map((v) => ({ value: v / 10, unit: '%', loinc: '4548-4', percent: v / 10 }));
  const ifcc = fc
    .integer({ min: 20, max: 150 })
    .map((v) => ({ value: v, unit: 'mmol/mol', loinc: '59261-8', percent: ifccToNgsp(v) }));
  return fc.record({ s: service, m: fc.oneof(ngsp, ifcc) }).map(({ s, m }): FuzzCase => {
    const body = positiveRequest(ctx, s);
    for (const r of resourcesIn(body.prefetch as Json, (r) => r.id === `${FUZZ_PATIENT}-hba1c`)) {
      r.code = { coding: [{ system: 'http://loinc.org', code: m.loinc }] };
      r.valueQuantity = { value: m.value, unit: m.unit, system: 'http://unitsofmeasure.org', code: m.unit };
    }
    const threshold = s === 'pump-evaluation' ? 8 : 6.5;
    const fires = m.percent >= threshold;
    return {
      category: 'hook: latest HbA1c set to a valid value',
      request: jsonPost(path(s), body),
      expect: {
        kind: 'hook',
        statuses: [200],
        cards: fires ? 'fires' : 'none',
        ...(fires && s === 'pump-evaluation' ? { summaryIncludes: `HbA1c ${formatPercent(m.percent)} %` } : {}),
      },
    };
  });
}

/** Hostile FHIR content in an otherwise positive patient, with the outcome each edit must have. */
function hostile(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc.record({ s: service, m: fc.constantFrom(...HOSTILE_MUTATIONS) }).map(({ s, m }): FuzzCase => {
    const body = positiveRequest(ctx, s);
    m.apply(body.prefetch as Json);
    return {
      category: 'hook: hostile FHIR content',
      request: jsonPost(path(s), body),
      expect: m.status
        ? { kind: 'hook', statuses: [m.status], ...(m.code ? { codes: [m.code] } : {}) }
        : {
            kind: 'hook',
            statuses: [200],
            cards: expectedCard(m, s),
            corruptedIds: m.corrupted,
            ...(m.forbidden ? { forbiddenEvidence: m.forbidden } : {}),
          },
    };
  });
}

/** Any one field of any resource replaced by any JSON value: no 5xx, a valid answer. */
function randomField(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc
    .record({ s: service, r: fc.nat(), f: fc.nat(), value: fc.jsonValue({ maxDepth: 4 }) })
    .map(({ s, r, f, value }) => {
      const body = positiveRequest(ctx, s);
      const all = resourcesIn(body.prefetch as Json, () => true);
      const resource = all[r % all.length]!;
      const keys = Object.keys(resource).filter((k) => k !== 'resourceType');
      resource[keys[f % keys.length]!] = value;
      return {
        category: 'hook: one resource field replaced by any JSON',
        request: jsonPost(path(s), body),
        expect: { kind: 'hook' },
      };
    });
}

/** The valid body with its bytes broken. */
function malformedJson(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const broken = fc.oneof(
    fc.record({ cut: fc.nat() }).map(
      ({ cut }) =>
        (text: string) =>
          text.slice(0, cut % text.length),
    ),
    fc.record({ at: fc.nat(), junk: fc.constantFrom('{', '}', ',', '"', ':', '[', 'nul', '\\', '\u0000', ']]]') }).map(
      ({ at, junk }) =>
        (text: string) =>
          text.slice(0, at % text.length) + junk + text.slice(at % text.length),
    ),
    fc.string({ maxLength: 200 }).map((s) => () => `{${s}`),
    fc
      .constantFrom("{'hook': 'patient-view'}", '{hook: 1}', '[1,2', 'NaN', '{"a":1,}', '\uFEFF{"hook":"patient-view"}')
      .map((s) => () => s),
  );
  return fc.record({ s: service, b: broken }).map(({ s, b }): FuzzCase => {
    const text = b(JSON.stringify(positiveRequest(ctx, s)));
    let valid = true;
    try {
      JSON.parse(text.replace(/^\uFEFF/, '')); // body-parser drops a byte-order mark
    } catch {
      valid = false;
    }
    return {
      category: 'hook: malformed JSON',
      request: jsonPost(path(s), text),
      // An edit that leaves valid JSON (junk inside a string, or nothing left) is judged like any request.
      expect:
        valid || text.trim() === '' ? { kind: 'hook' } : { kind: 'hook', statuses: [400], codes: ['malformed-json'] },
    };
  });
}

/** One request field given a value of the wrong type (or an invalid value), with the answer it must get. */
function wrongType(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const fields: readonly { field: string; value: fc.Arbitrary<unknown>; codes: readonly string[] }[] = [
    { field: 'hook', value: nonString, codes: ['invalid-request'] },
    {
      field: 'hook',
      value: fc.string({ maxLength: 40 }).filter((s) => s !== 'patient-view'),
      codes: ['invalid-request', 'hook-mismatch'],
    },
    { field: 'hookInstance', value: fc.oneof(nonString, fc.string({ maxLength: 40 })), codes: ['invalid-request'] },
    {
      field: 'context',
      value: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(anyJson)),
      codes: ['invalid-request'],
    },
    {
      field: 'context.patientId',
      value: fc.oneof(nonString, fc.constantFrom('', 'a b', 'x'.repeat(65), '../Patient', 'Patient/1')),
      codes: ['invalid-request'],
    },
    {
      field: 'context.userId',
      value: fc.oneof(nonString, fc.constant(''), fc.constant('u'.repeat(257))),
      codes: ['invalid-request'],
    },
    {
      field: 'fhirServer',
      value: fc.oneof(nonString, fc.constantFrom('not a url', 'ftp://x.org/fhir', 'javascript:alert(1)')),
      codes: ['invalid-request'],
    },
    {
      field: 'fhirAuthorization',
      value: fc.oneof(fc.integer(), fc.string(), fc.array(anyJson), fc.constant({})),
      codes: ['invalid-request'],
    },
    {
      field: 'prefetch',
      value: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(anyJson)),
      codes: ['invalid-request', 'invalid-prefetch'],
    },
  ];
  return fc.record({ s: service, i: fc.nat({ max: fields.length - 1 }), seed: fc.nat() }).chain(({ s, i }) => {
    const spec = fields[i]!;
    return spec.value.map((value): FuzzCase => {
      const body = positiveRequest(ctx, s);
      if (spec.field === 'fhirAuthorization') body.fhirServer = `${ctx.fhirBase}`;
      const [top, sub] = spec.field.split('.') as [string, string | undefined];
      if (sub) (body[top] as Json)[sub] = value;
      else body[top] = value;
      return {
        category: `hook: wrong type or value for ${spec.field}`,
        request: jsonPost(path(s), body),
        expect: { kind: 'hook', statuses: [400], codes: spec.codes, field: spec.field },
      };
    });
  });
}

/** A required field left out; or prefetch (or one key of it) left out, with no fhirServer to read it from. */
function missing(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const required = ['hook', 'hookInstance', 'context', 'context.patientId', 'context.userId'];
  return fc
    .record({ s: service, pick: fc.nat(), withServer: fc.boolean() })
    .map(({ s, pick, withServer }): FuzzCase => {
      const body = positiveRequest(ctx, s);
      const keys = Object.keys(body.prefetch as Json);
      const choices = [
        ...required,
        'prefetch',
        ...keys.map((k) => `prefetch.${k}`),
        'fhirServer (with fhirAuthorization)',
      ];
      const field = choices[pick % choices.length]!;
      if (field.startsWith('fhirServer')) {
        body.fhirAuthorization = {
          access_token: 't',
          token_type: 'Bearer',
          expires_in: 60,
          scope: 'patient/*.read',
          subject: 's',
        };
        return {
          category: 'hook: missing field',
          request: jsonPost(path(s), body),
          expect: { kind: 'hook', statuses: [400], codes: ['invalid-request'], field: 'fhirServer' },
        };
      }
      const [top, sub] = field.split('.') as [string, string | undefined];
      if (sub) delete (body[top] as Json)[sub];
      else delete body[top];
      if (required.includes(field)) {
        return {
          category: 'hook: missing field',
          request: jsonPost(path(s), body),
          expect: { kind: 'hook', statuses: [400], codes: ['invalid-request'], field },
        };
      }
      // Prefetch left out: read from the sandbox FHIR server when one is named, else 412.
      if (withServer) body.fhirServer = ctx.fhirBase;
      return {
        category: `hook: prefetch left out${withServer ? ', read from fhirServer' : ', no fhirServer'}`,
        request: jsonPost(path(s), body),
        expect: withServer ? firesBoth : { kind: 'hook', statuses: [412], codes: ['data-unavailable'] },
      };
    });
}

/** Prefetch values as the spec defines them (null, OperationOutcome) and as it does not (wrong types). */
function prefetchShapes(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  // What "no data" under each key means for the benchmark patient's cards.
  const noData: Record<string, 'fires' | 'none' | 'any'> = {
    patient: 'none',
    conditions: 'none',
    medicationRequests: 'none',
    medicationStatements: 'any',
    hba1c: 'none',
    devices: 'any',
    deviceUseStatements: 'any',
    deviceRequests: 'any',
  };
  const shapes = [
    'key null',
    'key an empty bundle',
    'key an OperationOutcome',
    'key an OperationOutcome + fhirServer',
    'key a resource of the wrong type',
    'key a bundle of the wrong type',
    'key not a resource',
    'key a bundle whose entry is not a list',
    'null',
    'empty',
  ] as const;
  return fc.record({ s: service, k: fc.nat(), shape: fc.constantFrom(...shapes) }).map(({ s, k, shape }): FuzzCase => {
    const body = positiveRequest(ctx, s);
    const prefetch = body.prefetch as Json;
    const keys = Object.keys(prefetch);
    const key = keys[k % keys.length]!;
    const category = `hook: prefetch ${shape}`;
    const bad = (codes: string[]): FuzzCase => ({
      category,
      request: jsonPost(path(s), body),
      expect: { kind: 'hook', statuses: [400], codes },
    });
    switch (shape) {
      case 'null':
      case 'empty':
        body.prefetch = shape === 'null' ? null : {};
        return {
          category,
          request: jsonPost(path(s), body),
          expect: { kind: 'hook', statuses: [412], codes: ['data-unavailable'] },
        };
      case 'key null':
      case 'key an empty bundle': {
        const none = () => (shape === 'key null' ? null : { resourceType: 'Bundle', type: 'searchset', total: 0 });
        prefetch[key] = none();
        // A record with no HbA1c has none among its newest laboratory results either.
        if (key === 'hba1c' && 'laboratory' in prefetch) prefetch.laboratory = none();
        const cards =
          s === 'pump-evaluation' ? (noData[key] ?? 'any') : key === 'hba1c' || key === 'conditions' ? 'none' : 'any';
        return { category, request: jsonPost(path(s), body), expect: { kind: 'hook', statuses: [200], cards } };
      }
      case 'key an OperationOutcome':
      case 'key an OperationOutcome + fhirServer':
        prefetch[key] = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] };
        if (shape === 'key an OperationOutcome') {
          return {
            category,
            request: jsonPost(path(s), body),
            expect: { kind: 'hook', statuses: [412], codes: ['data-unavailable'] },
          };
        }
        body.fhirServer = ctx.fhirBase;
        return { category, request: jsonPost(path(s), body), expect: firesBoth };
      case 'key a resource of the wrong type':
        prefetch[key] = { resourceType: key === 'patient' ? 'Practitioner' : 'Patient', id: FUZZ_PATIENT };
        return bad(['invalid-prefetch']);
      case 'key a bundle of the wrong type':
        prefetch[key] = {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: { resourceType: key === 'patient' ? 'Practitioner' : 'Encounter', id: 'x1' },
              search: { mode: 'match' },
            },
          ],
        };
        return key === 'patient'
          ? {
              category,
              request: jsonPost(path(s), body),
              expect: { kind: 'hook', statuses: [400], codes: ['invalid-prefetch'] },
            }
          : bad(['invalid-prefetch']);
      case 'key not a resource':
        prefetch[key] = { entry: [] };
        return bad(['invalid-request', 'invalid-prefetch']);
      case 'key a bundle whose entry is not a list':
        prefetch[key] = {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: { resource: { resourceType: 'Condition' } },
        };
        return bad(['invalid-prefetch']);
    }
  });
}

/** Big strings and arrays just under and just over BODY_LIMIT. */
function enormous(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      s: service,
      over: fc.boolean(),
      slack: fc.integer({ min: 64, max: 4096 }),
      where: fc.constantFrom('extra string', 'extra array', 'context string', 'conditions bundle'),
    })
    .map(({ s, over, slack, where }): FuzzCase => {
      const body = positiveRequest(ctx, s);
      const size = Buffer.byteLength(JSON.stringify(body));
      const room = ctx.bodyLimit - size + (over ? slack : -slack);
      if (where === 'extra string') body['x-padding'] = 'x'.repeat(Math.max(0, room - 20));
      else if (where === 'extra array')
        body['x-padding'] = new Array<number>(Math.max(0, Math.floor((room - 20) / 2))).fill(0);
      else if (where === 'context string')
        (body.context as Json)['x-note'] = 'é'.repeat(Math.max(0, Math.floor((room - 20) / 2)));
      else {
        const entries = ((body.prefetch as Json).conditions as Json).entry as Json[];
        const filler = entries.find((e) => String((e.resource as Json).id).endsWith('-htn'))!;
        const one = Buffer.byteLength(JSON.stringify(filler)) + 1;
        for (let i = 0; i < Math.floor(room / one) + (over ? 1 : 0); i++) {
          const copy = structuredClone(filler);
          (copy.resource as Json).id = `${FUZZ_PATIENT}-htn-copy-${i}`;
          entries.push(copy);
        }
      }
      const bytes = Buffer.from(JSON.stringify(body));
      const tooBig = bytes.length > ctx.bodyLimit;
      return {
        category: `hook: enormous ${where}, ${tooBig ? 'over' : 'under'} the limit`,
        request: { method: 'POST', path: path(s), headers: { 'content-type': 'application/json' }, body: bytes },
        expect: tooBig ? { kind: 'hook', statuses: [413], codes: ['payload-too-large'] } : firesBoth,
      };
    });
}

/** Deeply nested arrays or objects, in an extra field (ignored) or inside a resource. */
function deepNesting(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      s: service,
      depth: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1000, max: 80_000 })),
      where: fc.constantFrom('extra', 'extension', 'valueQuantity'),
      arrays: fc.boolean(),
    })
    .map(({ s, depth, where, arrays }): FuzzCase => {
      const body = positiveRequest(ctx, s);
      const marker = '"__deep__"';
      const open = arrays ? '['.repeat(depth) : '{"a":'.repeat(depth);
      const close = arrays ? ']'.repeat(depth) : '}'.repeat(depth);
      if (where === 'extra') body['x-deep'] = '__deep__';
      else {
        // The HbA1c comes in two keys (hba1c, laboratory): the EHR would send the same bytes in both.
        for (const hba1c of resourcesIn(body.prefetch as Json, (r) => r.id === `${FUZZ_PATIENT}-hba1c`)) {
          if (where === 'extension') hba1c.extension = [{ url: 'http://example.org/deep', valueString: '__deep__' }];
          else hba1c.valueQuantity = '__deep__';
        }
      }
      const text = JSON.stringify(body).replaceAll(marker, `${open}1${close}`);
      const bytes = Buffer.from(text);
      const tooBig = bytes.length > ctx.bodyLimit;
      const cards = where === 'valueQuantity' ? 'none' : 'fires';
      return {
        category: `hook: nesting depth ${depth >= 1000 ? '1000+' : '<200'} in ${where}${tooBig ? ', over the limit' : ''}`,
        request: { method: 'POST', path: path(s), headers: { 'content-type': 'application/json' }, body: bytes },
        expect: tooBig
          ? { kind: 'hook', statuses: [413], codes: ['payload-too-large'] }
          : {
              kind: 'hook',
              statuses: [200],
              cards,
              ...(where === 'valueQuantity' ? { corruptedIds: [`${FUZZ_PATIENT}-hba1c`] } : {}),
            },
      };
    });
}

/** Bytes that are not UTF-8, inside strings (replaced by U+FFFD when decoded) or between tokens. */
function invalidUtf8(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const bad = fc.constantFrom(
    [0xc3, 0x28],
    [0xff],
    [0xfe, 0xfe],
    [0xed, 0xa0, 0x80],
    [0xf0, 0x28, 0x8c, 0x28],
    [0xc0, 0xaf],
    [0xe2, 0x82],
  );
  return fc
    .record({
      s: service,
      bytes: bad,
      where: fc.constantFrom('extra', 'userId', 'hook', 'patientId', 'between tokens', 'hba1c unit'),
    })
    .map(({ s, bytes, where }): FuzzCase => {
      const body = positiveRequest(ctx, s);
      const mark = '@@BAD@@';
      if (where === 'extra') body['x-text'] = `a${mark}b`;
      else if (where === 'userId') (body.context as Json).userId = `Practitioner/${mark}`;
      else if (where === 'hook') body.hook = `patient-view${mark}`;
      else if (where === 'patientId') (body.context as Json).patientId = `${FUZZ_PATIENT}${mark}`;
      else if (where === 'hba1c unit') {
        for (const r of resourcesIn(body.prefetch as Json, (r) => r.id === `${FUZZ_PATIENT}-hba1c`))
          (r.valueQuantity as Json).unit = `%${mark}`;
      }
      let text = JSON.stringify(body);
      if (where === 'between tokens') text = text.replace('"hook":', `"hook":${mark}`);
      // Every mark gets the bad bytes: the HbA1c comes in two keys (hba1c, laboratory).
      const parts = text.split(mark).map((part) => Buffer.from(part));
      const raw = Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from(bytes), part])));
      const expect: Expectation =
        where === 'extra' || where === 'userId'
          ? firesBoth
          : where === 'hba1c unit'
            ? { kind: 'hook', statuses: [200], cards: 'any' }
            : where === 'between tokens'
              ? { kind: 'hook', statuses: [400], codes: ['malformed-json'] }
              : {
                  kind: 'hook',
                  statuses: [400],
                  codes: where === 'hook' ? ['invalid-request', 'hook-mismatch'] : ['invalid-request'],
                };
      return {
        category: `hook: invalid UTF-8 in ${where}`,
        request: { method: 'POST', path: path(s), headers: { 'content-type': 'application/json' }, body: raw },
        expect,
      };
    });
}

/** Content types: JSON ones are served, anything else is 415. */
function contentTypes(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const served = [
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/fhir+json',
    'application/json;charset=UTF-8',
  ];
  const refused = [
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/json',
    'application/jsonx',
    'json',
    '*/*',
    'application/json; charset=latin1',
  ];
  // RFC 8259 allows only UTF-8; a UTF-16 label makes the UTF-8 bytes unreadable.
  const misread = ['application/json; charset=utf-16'];
  const printable = fc
    .string({ minLength: 1, maxLength: 30 })
    .filter((t) => /^[\x21-\x7e][\x20-\x7e]*$/.test(t) && t.trim() === t && !/json/i.test(t));
  return fc
    .record({ s: service, type: fc.oneof(fc.constantFrom(...served, ...refused, ...misread, '(none)'), printable) })
    .map(({ s, type }): FuzzCase => {
      const body = Buffer.from(JSON.stringify(positiveRequest(ctx, s)));
      const headers: Record<string, string> = type === '(none)' ? {} : { 'content-type': type };
      const expect: Expectation = served.includes(type)
        ? firesBoth
        : misread.includes(type)
          ? { kind: 'hook', statuses: [400, 415], codes: ['malformed-json', 'unsupported-media-type'] }
          : { kind: 'hook', statuses: [415], codes: ['unsupported-media-type'] };
      return {
        category: `hook: content type ${served.includes(type) ? 'JSON' : 'not JSON'}`,
        request: { method: 'POST', path: path(s), headers, body },
        expect,
      };
    });
}

/** fhirServer values: the service's own sandbox works, anything off the allowlist is refused when needed. */
function fhirServers(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const refused = fc.oneof(
    fc.webUrl().filter((u) => !u.startsWith(ctx.baseUrl)),
    fc.constantFrom(
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:22/fhir',
      'https://user:pw@example.org/fhir',
      'http://localhost:1/fhir',
    ),
  );
  return fc.record({ s: service, url: refused, needed: fc.boolean() }).map(({ s, url, needed }): FuzzCase => {
    const body = positiveRequest(ctx, s);
    body.fhirServer = url;
    // With the prefetch complete the fhirServer is never used, so it cannot matter.
    if (needed) delete (body.prefetch as Json).hba1c;
    return {
      category: `hook: fhirServer off the allowlist, ${needed ? 'needed' : 'not needed'}`,
      request: jsonPost(path(s), body),
      expect: needed
        ? { kind: 'hook', statuses: [400, 403], codes: ['fhir-server-not-allowed', 'invalid-request'] }
        : firesBoth,
    };
  });
}

/** Authorization headers that are not a valid JWT: a bare 401, whatever they hold. */
function badTokens(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  const token = fc.oneof(
    fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
    fc.constantFrom(
      'Bearer',
      'Basic dXNlcjpwdw==',
      'Bearer a.b.c',
      'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.',
      'bearer ' + 'x'.repeat(5000),
    ),
    fc
      .tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 80 }), fc.base64String({ maxLength: 40 }))
      .map((p) => `Bearer ${p.join('.')}`),
  );
  return fc
    .record({ s: service, auth: token.filter((t) => /^[\x20-\x7e]*$/.test(t) && t.trim() === t && t.length > 0) })
    .map(({ s, auth }): FuzzCase => ({
      category: 'hook: an Authorization header that is not a valid JWT',
      request: jsonPost(path(s), positiveRequest(ctx, s), { authorization: auth }),
      expect: { kind: 'hook', statuses: [401] },
    }));
}

/** Unknown service ids and wrong methods on the service URLs. */
function wrongEndpoints(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    fc
      .string({ minLength: 1, maxLength: 80 })
      .filter((id) => !(SERVICE_IDS as readonly string[]).includes(id))
      .map((id): FuzzCase => ({
        category: 'hook: unknown service',
        request: jsonPost(`/cds-services/${encodeURIComponent(id)}`, positiveRequest(ctx, 'pump-evaluation')),
        expect: { kind: 'hook', statuses: [404, 405], codes: ['unknown-service', 'not-found', 'method-not-allowed'] },
      })),
    fc
      .record({ s: service, method: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH') })
      .map(({ s, method }): FuzzCase => ({
        category: 'hook: wrong method',
        request: { method, path: path(s), headers: {} },
        expect: { kind: 'hook', statuses: [405], codes: ['method-not-allowed'] },
      })),
  );
}

/** Every hook-call generator, weighted. */
export function hookCases(ctx: FuzzContext): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { arbitrary: harmless(ctx), weight: 6 },
    { arbitrary: hba1cValues(ctx), weight: 8 },
    { arbitrary: hostile(ctx), weight: 16 },
    { arbitrary: randomField(ctx), weight: 10 },
    { arbitrary: malformedJson(ctx), weight: 6 },
    { arbitrary: wrongType(ctx), weight: 8 },
    { arbitrary: missing(ctx), weight: 6 },
    { arbitrary: prefetchShapes(ctx), weight: 8 },
    { arbitrary: enormous(ctx), weight: 3 },
    { arbitrary: deepNesting(ctx), weight: 4 },
    { arbitrary: invalidUtf8(ctx), weight: 4 },
    { arbitrary: contentTypes(ctx), weight: 4 },
    { arbitrary: fhirServers(ctx), weight: 3 },
    { arbitrary: badTokens(ctx), weight: 3 },
    { arbitrary: wrongEndpoints(ctx), weight: 2 },
  );
}
