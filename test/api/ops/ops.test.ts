// Operating Signoff (docs/guide.md §10, §12; API.md "Running it"): health, readiness, metrics,
// the OpenAPI document, security headers, request ids, and 500s that say nothing inside.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

/** The API.md calls implemented so far, as OpenAPI paths with their methods. */
const DOCUMENTED: [string, string][] = [
  ['/api/v1/setup', 'post'],
  ['/api/v1/auth/login', 'post'],
  ['/api/v1/auth/session', 'get'],
  ['/api/v1/auth/logout', 'post'],
  ['/api/v1/admin/users', 'get'],
  ['/api/v1/admin/users', 'post'],
  ['/api/v1/admin/users/{id}', 'get'],
  ['/api/v1/admin/users/{id}', 'patch'],
  ['/api/v1/admin/groups', 'get'],
  ['/api/v1/admin/groups', 'post'],
  ['/api/v1/admin/audit', 'get'],
  ['/api/v1/admin/audit/verify', 'get'],
  ['/api/v1/dev/mailbox', 'get'],
];

const METRICS_TOKEN = 'metrics-token-of-the-ops-test';

describe.each(DIALECTS)('%s: operations', (dialect) => {
  let s: TestServer;
  let admin: string;
  beforeAll(async () => {
    s = await startInProcess(dialect, { env: { SIGNOFF_METRICS_TOKEN: METRICS_TOKEN } });
    ({ token: admin } = await setUp(s.client));
  });
  afterAll(() => s.stop());

  it('answers /healthz and /readyz with 200', async () => {
    const health = await s.client.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await s.client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics with the request counter by route and status', async () => {
    await s.client.get('/api/v1/admin/users', admin);
    await s.client.get('/api/v1/admin/users');
    const res = await s.client.get('/metrics', METRICS_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE signoff_http_requests_total counter');
    expect(res.text).toMatch(/signoff_http_requests_total\{method="GET",route="\/api\/v1\/admin\/users",status="200"\} \d+/);
    expect(res.text).toMatch(/signoff_http_requests_total\{method="GET",route="\/api\/v1\/admin\/users",status="401"\} \d+/);
    expect(res.text).toContain('signoff_http_request_duration_seconds_bucket');
    expect(res.text).not.toContain(admin);
  });

  it('counts the SQL statements the instance runs', async () => {
    const statements = async () => Number(/^signoff_db_statements_total (\d+)$/m.exec((await s.client.get('/metrics', METRICS_TOKEN)).text)?.[1]);
    const before = await statements();
    await s.client.get('/api/v1/admin/users', admin);
    const after = await statements();
    // At least the session with its user and the list (the mail worker may add its own).
    expect(after - before).toBeGreaterThanOrEqual(2);
  });

  it('publishes how many transactions held the SQLite connection while awaiting I/O: none', async () => {
    const res = await s.client.get('/metrics', METRICS_TOKEN);
    expect(res.text).toMatch(/^signoff_db_transactions_held_across_turns 0$/m);
  });

  it('publishes an OpenAPI 3.1 document listing the API.md calls that exist', async () => {
    const res = await s.client.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(res.body.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    for (const [path, method] of DOCUMENTED) expect(res.body.paths?.[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    const login = res.body.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '4XX']));
  });

  it('declares RFC 9457 problem answers with their stable code for every JSON operation of the OpenAPI document', async () => {
    const doc = (await s.client.get('/api/v1/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }> }>
      >;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ what: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(50);
    const undeclared = operations
      .filter(({ op }) => {
        const problem = op.responses['4XX']?.content?.['application/json']?.schema;
        return !op.responses['5XX'] || !['type', 'title', 'status', 'code'].every((f) => problem?.required?.includes(f));
      })
      .map((o) => o.what);
    expect(undeclared).toEqual([]);
  });

  const expectSecurityHeaders = (headers: (name: string) => string | null | undefined, what: string) => {
    const csp = headers('content-security-policy') ?? '';
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("default-src 'self'");
    expect(csp, what).not.toContain('unsafe-inline');
    expect(headers('x-content-type-options'), what).toBe('nosniff');
    expect(headers('x-frame-options'), what).toBe('DENY');
    expect(headers('referrer-policy'), what).toBe('no-referrer');
  };

  it('sets security headers on API answers and problems', async () => {
    const answers = {
      api: await s.client.get('/api/v1/setup/status'),
      problem: await s.client.get('/api/v1/admin/users'),
      notFound: await s.client.get('/api/v1/nowhere'),
      badUrl: await s.client.get('/api/v1/admin/users/%E0%A4%A'),
      openapi: await s.client.get('/api/v1/openapi.json'),
      health: await s.client.get('/healthz'),
    };
    for (const [what, res] of Object.entries(answers)) expectSecurityHeaders((n) => res.headers.get(n), what);
    expect(answers.badUrl.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answers.api.headers.get('cache-control')).toBe('no-store');
    expect(answers.problem.headers.get('cache-control')).toBe('no-store');
  });

  // Over a web root of its own: dist/web is a build output that may be rebuilt meanwhile.
  it('serves the pages and files of the UI to anyone signed out, with security headers', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'signoff-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Signoff</title><script type="module" src="/assets/app-1.js"></script>');
    writeFileSync(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(webRoot, 'assets', 'app-1.js'), 'console.log(1)');
    const app = await buildApp({ services: s.signoff.services, config: { ...s.signoff.config, webRoot }, logger: false });
    try {
      for (const url of ['/', '/login', '/setup', '/reset-password', '/items/itm_x/decide']) {
        const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expect(res.body).toContain('<title>Signoff</title>');
        expectSecurityHeaders((n) => res.headers[n] as string | undefined, url);
      }
      const js = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
      expect(js.statusCode).toBe(200);
      expect(js.headers['cache-control']).toContain('immutable');
      expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).statusCode).toBe(200);
      for (const url of ['/assets/missing.js', '/assets/..%2f..%2findex.html', '/api/v1/nowhere']) {
        const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await app.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });

  it('keeps a well-formed client X-Request-Id and replaces a malicious one', async () => {
    const kept = await s.client.request('GET', '/healthz', { headers: { 'x-request-id': 'trace-123_abc.XYZ' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123_abc.XYZ');
    for (const bad of ['<script>alert(1)</script>', 'a'.repeat(500), '../../etc/passwd', 'short', 'id with spaces', '\u00e9t\u00e9-2026-01-01']) {
      const res = await s.client.request('GET', '/healthz', { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id');
      expect(id, bad).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const none = await s.client.get('/healthz');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await s.client.request('GET', '/api/v1/admin/users', { headers: { 'x-request-id': 'corr-0001-abcd' } });
    expect(problem.headers.get('x-request-id')).toBe('corr-0001-abcd');
  });

  it('answers a database failure with a bare internal_error and the request id, never the driver message', async () => {
    const db = s.signoff.services.db;
    await db.schema.alterTable('groups').renameTo('groups_moved_away').execute();
    try {
      const res = await s.client.request('GET', '/api/v1/admin/groups', { token: admin, headers: { 'x-request-id': 'broken-db-0001' } });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: expect.stringContaining('internal-error'),
        title: expect.any(String),
        status: 500,
        code: 'internal_error',
        requestId: 'broken-db-0001',
      });
      expect(res.text).not.toMatch(/groups|relation|table|sqlite|postgres|SELECT|stack/i);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await db.schema.alterTable('groups_moved_away').renameTo('groups').execute();
    }
    expect((await s.client.get('/api/v1/admin/groups', admin)).status).toBe(200);
  });
});
