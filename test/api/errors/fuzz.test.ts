// Schema-driven fuzzing (issue 11 item 4; docs/security.md K4: bad input is a 4xx problem, never a
// 500). Reads /api/v1/openapi.json from the running server and walks EVERY route it lists, so
// routes added later are fuzzed without touching this file: path parameters, query parameters
// and JSON bodies drawn from the route's own schemas and then broken (wrong types, control
// characters, huge and hostile strings, out-of-range numbers, arbitrary JSON from fast-check),
// plus malformed bodies and wrong content types; as an admin and anonymously. Any 5xx fails,
// with the request that made it. Seeded (SIGNOFF_FUZZ_SEED to replay another run) and bounded
// (FUZZ_CASES_PER_OPERATION per route and method, per caller). Mail goes to the local mailbox.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

const SEED = Number(process.env.SIGNOFF_FUZZ_SEED ?? 20261205);
const FUZZ_CASES_PER_OPERATION = 12;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
};
type Operation = { path: string; method: (typeof METHODS)[number]; params: { name: string; in: string; schema?: JsonSchema }[]; body?: JsonSchema | undefined };
type Sent = { method: string; url: string; contentType?: string | undefined; body?: string | undefined; as: string };

/** mulberry32: a small seeded PRNG for the choices (fast-check supplies the arbitrary values). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}

const ARBITRARY_JSON = fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed: SEED, numRuns: 200 });
const ARBITRARY_STRINGS = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: SEED + 1, numRuns: 200 });

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  'line\r\nBcc: x@evil.test',
  '\t',
  '💥🧨',
  '\uD800',
  '\uFEFF',
  'ǅ',
  'x'.repeat(5000),
  '../../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://127.0.0.1/x}',
  'inv>x@x.test',
  '<a@evil.test>b',
  'a,b@x.test',
  'fuzz@acme.test',
  'FUZZ@ACME.TEST',
  'ada@acme.test',
  '@',
  'a@',
  '@b',
  '0',
  '-1',
  '1e400',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  'true',
  'null',
  '[]',
  '{}',
  '2026-13-45T99:99:99Z',
  '1970-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa',
  'tsk_aaaaaaaaaaaaaaaaaaaaaaaaaa',
  'OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk6dHNrX2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh',
  'https://127.0.0.1:1/',
  'http://169.254.169.254/',
  'javascript:alert(1)',
];
const HOSTILE_NUMBERS = [0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER, 3.14];

/**
 * The first cases of every route and caller put one hostile value in EVERY string (and number)
 * the schema has, so each parameter meets each of them at least once; the rest are random.
 */
const SYSTEMATIC: { s: string; n: number }[] = [
  { s: 'a\u0000b', n: 1 },
  { s: 'OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk6dHNrX2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh', n: 1 },
  { s: 'inv>x@x.test', n: 1 },
  { s: '<a@evil.test>b', n: 1 },
  { s: '\u001b[31m\u007f', n: 1 },
  { s: 'fuzz', n: 1e308 },
  { s: 'fuzz', n: 2 ** 63 },
];

function generator(seed: number, known: { ids: string[] }, forced?: { s: string; n: number }) {
  const r = prng(seed);
  const str = (schema?: JsonSchema): string => {
    if (forced) return forced.s;
    const roll = r.next();
    if (roll < 0.3) return r.pick(HOSTILE_STRINGS);
    if (roll < 0.45) return r.pick(ARBITRARY_STRINGS);
    if (roll < 0.6) return r.pick(known.ids);
    if (schema?.format === 'email' || r.chance(0.2)) return `fuzz${Math.floor(r.next() * 1e6)}@acme.test`;
    return `fuzz ${Math.floor(r.next() * 1e6)}`;
  };
  const wild = (): unknown => r.pick<unknown>([...ARBITRARY_JSON.slice(0, 40), r.pick(HOSTILE_STRINGS), r.pick(HOSTILE_NUMBERS), null, true, [], {}]);

  /** A value shaped by `schema` most of the time, broken some of the time, at every depth. */
  function value(schema: JsonSchema | undefined, depth = 0): unknown {
    if (forced && !schema) return forced.s;
    if (!schema || depth > 5 || (!forced && r.chance(0.12))) return wild();
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives?.length) return value(r.pick(alternatives), depth + 1);
    if (schema.allOf?.length) return value(Object.assign({}, ...schema.allOf), depth + 1);
    if (schema.enum?.length) return r.chance(forced ? 1 : 0.9) ? r.pick(schema.enum) : str();
    if (schema.const !== undefined) return schema.const;
    const type = Array.isArray(schema.type) ? r.pick(schema.type) : (schema.type ?? (schema.properties ? 'object' : undefined));
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        // Systematic cases send the required properties only, so the hostile value is what fails.
        for (const [k, s] of Object.entries(schema.properties ?? {}))
          if (schema.required?.includes(k) ? forced || r.chance(0.95) : !forced && r.chance(0.5)) out[k] = value(s, depth + 1);
        if (!forced && r.chance(0.05)) out[r.pick(HOSTILE_STRINGS)] = wild();
        return out;
      }
      case 'array':
        return Array.from({ length: forced ? 1 : r.pick([0, 1, 2, 3, 60]) }, () => value(schema.items, depth + 1));
      case 'string':
        return str(schema);
      case 'integer':
      case 'number':
        return forced ? forced.n : r.chance(0.5) ? r.pick(HOSTILE_NUMBERS) : Math.floor(r.next() * 100);
      case 'boolean':
        return r.chance(0.5);
      case 'null':
        return null;
      default:
        return wild();
    }
  }
  const param = (schema?: JsonSchema): string => {
    const v = value(schema);
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  };
  return { r, value, param };
}

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) goes out as its raw UTF-8 bytes. */
function encodeParam(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return Array.from(Buffer.from(v, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

function operationsOf(doc: {
  paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      ops.push({ path, method, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  // Routes that can take the admin's own session or settings away run last, so the rest are fuzzed with it.
  const late = (p: string) => (/logout|settings|sso|two-factor|factors|step-up|recovery/.test(p) ? 1 : 0);
  return ops.sort((a, b) => late(a.path) - late(b.path) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

// @see docs/security.md#k-reliability-under-concurrency K4
describe.each(DIALECTS)('%s: schema-driven fuzzing of every route', (dialect) => {
  let s: TestServer;
  let admin: string;
  const known = { ids: [] as string[] };

  beforeAll(async () => {
    // Each request comes from its own X-Forwarded-For address, so the per-address sign-in
    // limits that the fuzzing trips do not keep the admin from signing in again.
    s = await startInProcess(dialect, { env: { SIGNOFF_TRUST_PROXY: '127.0.0.1' } });
    const setup = await setUp(s.client);
    admin = setup.token;
    known.ids.push(setup.userId, setup.orgId);
    const group = await s.client.post('/api/v1/admin/groups', { name: 'Fuzzers' }, admin);
    if (group.status === 201) known.ids.push(group.body.id);
  });
  afterAll(() => s?.stop());

  it('answers every malformed request with a 4xx (or a success), never a 5xx', { timeout: 300_000 }, async () => {
    const doc = (await s.client.get('/api/v1/openapi.json')).body;
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let sent = 0;
    let clientNumber = 0;

    const send = async (req: Sent) => {
      sent++;
      const headers: Record<string, string> = { 'x-forwarded-for': `10.${(clientNumber >> 16) & 255}.${(clientNumber >> 8) & 255}.${clientNumber++ & 255}` };
      if (req.as === 'admin') headers.authorization = `Bearer ${admin}`;
      if (req.contentType) headers['content-type'] = req.contentType;
      const res = await fetch(s.url + req.url, { method: req.method, headers, ...(req.body === undefined ? {} : { body: req.body }), redirect: 'manual' });
      const text = await res.text();
      if (res.status >= 500)
        failures.push(`${res.status} ${req.as} ${req.method} ${req.url} ${req.contentType ?? ''} ${(req.body ?? '').slice(0, 300)} → ${text.slice(0, 200)}`);
    };
    const keepAdminSignedIn = async () => {
      if ((await s.client.get('/api/v1/auth/session', admin)).status === 401) admin = await login(s.client, ADMIN.email, ADMIN.password);
    };

    for (const [n, op] of ops.entries()) {
      for (const as of ['admin', 'anonymous']) {
        for (let i = 0; i < FUZZ_CASES_PER_OPERATION; i++) {
          const g = generator(SEED + n * 100 + i, known, SYSTEMATIC[i]);
          const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
            const p = op.params.find((x) => x.in === 'path' && x.name === name);
            return !SYSTEMATIC[i] && g.r.chance(0.1) ? g.r.pick(['%00', '%2e%2e', '%2F', '%E0%A4%A', 'x'.repeat(300)]) : encodeParam(g.param(p?.schema));
          });
          const query: string[] = [];
          for (const p of op.params.filter((x) => x.in === 'query'))
            if (SYSTEMATIC[i] || g.r.chance(0.7)) query.push(`${p.name}=${encodeParam(g.param(p.schema))}`);
          if (g.r.chance(0.1)) query.push(`${g.r.pick(['before', 'limit', 'organization', 'x'])}=${encodeParam(g.param())}`);
          const url = `${path}${query.length ? `?${query.join('&')}` : ''}`;
          const method = op.method.toUpperCase();
          if (op.method === 'get' || op.method === 'delete') {
            await send({ method, url, as });
            continue;
          }
          const roll = SYSTEMATIC[i] ? 0 : g.r.next();
          if (roll < 0.7) await send({ method, url, as, contentType: 'application/json', body: JSON.stringify(g.value(op.body)) ?? 'null' });
          else if (roll < 0.8)
            await send({
              method,
              url,
              as,
              contentType: 'application/json',
              body: g.r.pick([
                '{"a":',
                '',
                'nul',
                '[1,2',
                '\u0000',
                '{"__proto__":{"admin":true}}',
                '{"constructor":{"prototype":{"x":1}}}',
                `${'['.repeat(5000)}${']'.repeat(5000)}`,
                JSON.stringify({ x: 'y'.repeat(70 * 1024) }),
              ]),
            });
          else
            await send({
              method,
              url,
              as,
              contentType: g.r.pick([
                'text/plain',
                'application/x-www-form-urlencoded',
                'multipart/form-data; boundary=x',
                'application/xml',
                'application/json; charset=utf-16',
                'application/octet-stream',
                '',
              ]),
              body: g.r.pick(['a=1&b=2', '<x/>', '--x\r\n\r\n--x--', JSON.stringify(g.value(op.body)) ?? '', '\u0000\u0001']),
            });
        }
        if (as === 'admin') await keepAdminSignedIn();
      }
    }
    expect(sent).toBeGreaterThan(ops.length * FUZZ_CASES_PER_OPERATION);
    expect(failures, `seed ${SEED}, ${sent} requests`).toEqual([]);
  });
});
