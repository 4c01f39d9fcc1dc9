// Attack: reading /metrics anonymously to learn the traffic by route and status (who signs in,
// how many 401s, which admin pages are used). /metrics answers only the bearer token of
// SIGNOFF_METRICS_TOKEN, or on SIGNOFF_METRICS_PORT bound to loopback; with neither, 404.
// @see OWASP ASVS 5.0.0 V13.4.5 (documentation and monitoring endpoints not exposed), CWE-200
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { createClient } from '../../support/http-client.ts';
import { freePort, startInProcess, type TestServer } from '../../support/start-signoff.ts';

const TOKEN = 'a-metrics-token-of-32-characters';

// @see docs/security.md#k-reliability-under-concurrency K8
describe.each(DIALECTS)('%s: anonymous metrics scraping', (dialect) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });
  const start = async (env: Record<string, string>) => {
    const s = await startInProcess(dialect, { env });
    servers.push(s);
    return s;
  };

  describe('with neither a token nor a metrics port', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await start({});
    });
    it('answers 404 not_found to anyone, with or without a bearer token', async () => {
      for (const token of [undefined, TOKEN]) {
        const res = await s.client.get('/metrics', token);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
        expect(res.text).not.toContain('signoff_http_requests_total');
      }
    });
  });

  describe('with SIGNOFF_METRICS_TOKEN', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await start({ SIGNOFF_METRICS_TOKEN: TOKEN });
    });
    it('refuses a request without the token, or with another one, or with a prefix of it (401)', async () => {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      ]) {
        const res = await s.client.request('GET', '/metrics', { headers });
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.body.code).toBe('unauthenticated');
        expect(res.text).not.toContain('signoff_http_requests_total');
      }
    });
    it('serves the counters to the bearer of the token', async () => {
      const res = await s.client.get('/metrics', TOKEN);
      expect(res.status).toBe(200);
      expect(res.text).toContain('# TYPE signoff_http_requests_total counter');
    });
  });

  describe('with SIGNOFF_METRICS_PORT', () => {
    let s: TestServer;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      s = await start({ SIGNOFF_METRICS_PORT: String(port) });
    });
    it('answers 404 on the public port and serves the counters on 127.0.0.1:<metrics port> only', async () => {
      expect((await s.client.get('/metrics')).status).toBe(404);
      expect(s.signoff.metricsAddress()).toBe(`http://127.0.0.1:${port}`);
      const local = createClient(`http://127.0.0.1:${port}`);
      const res = await local.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('signoff_http_requests_total');
      expect((await local.get('/api/v1/auth/session')).status).toBe(404);
    });
  });
});
