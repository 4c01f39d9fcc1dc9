// Attack: session fixation by cookie tossing. Over https, a sibling subdomain (or a plain-http
// page on the same host) can set `signoff_session` with Domain= or without Secure, and the
// browser would send it to Signoff. The `__Host-` prefix makes the browser keep the cookie only
// with Secure, Path=/ and no Domain, and Signoff then reads only that name. Over plain http
// (development) the name stays `signoff_session`. Both names: cookie auth and CSRF still work.
// @see RFC 6265bis §4.1.3.2 (__Host- prefix); OWASP Session Management Cheat Sheet (cookie prefixes)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, setUp } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

const cases = [
  { scheme: 'https', baseUrl: 'https://signoff.example.test', name: '__Host-signoff_session', other: 'signoff_session' },
  { scheme: 'http', baseUrl: undefined, name: 'signoff_session', other: '__Host-signoff_session' },
] as const;

// @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F6
describe.each(DIALECTS)('%s: session cookie name', (dialect) => {
  describe.each(cases)('over $scheme', ({ baseUrl, name, other }) => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startInProcess(dialect, { env: baseUrl ? { SIGNOFF_BASE_URL: baseUrl } : {} });
      await setUp(s.client);
    });
    afterAll(() => s?.stop());

    it(`sets ${name} with HttpOnly, SameSite=Lax and Path=/, no Domain${baseUrl ? ', Secure' : ''}`, async () => {
      const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
      expect(res.status).toBe(200);
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
      expect(setCookie, res.headers.getSetCookie().join('\n')).toBeDefined();
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${other}=`))).toBe(false);
      expect(setCookie).toMatch(/; Path=\/(;|$)/);
      expect(setCookie).not.toMatch(/Domain=/i);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      if (baseUrl) expect(setCookie).toMatch(/; Secure/i);
      else expect(setCookie).not.toMatch(/; Secure/i);
    });

    it(`authenticates with ${name} (CSRF token required for writes) and ignores a ${other} cookie`, async () => {
      const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
      const token = cookieFrom(res, name)!;
      expect(token).toBe(res.body.token);
      expect((await s.client.request('GET', '/api/v1/auth/session', { headers: { cookie: `${name}=${token}` } })).status).toBe(200);
      const body = { name: `QA ${name}` };
      const noCsrf = await s.client.request('POST', '/api/v1/admin/groups', { body, headers: { cookie: `${name}=${token}` } });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.code).toBe('csrf_token_invalid');
      const withCsrf = await s.client.request('POST', '/api/v1/admin/groups', {
        body,
        headers: { cookie: `${name}=${token}`, 'x-csrf-token': res.body.csrfToken },
      });
      expect(withCsrf.status, withCsrf.text).toBe(201);
      // The tossed cookie: a valid token under the other name authenticates nothing.
      const tossed = await s.client.request('GET', '/api/v1/auth/session', { headers: { cookie: `${other}=${token}` } });
      expect(tossed.status).toBe(401);
    });

    it(`logout clears ${name}`, async () => {
      const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
      const token = cookieFrom(res, name)!;
      const out = await s.client.request('POST', '/api/v1/auth/logout', {
        body: {},
        headers: { cookie: `${name}=${token}`, 'x-csrf-token': res.body.csrfToken },
      });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().some((c) => c.startsWith(`${name}=;`))).toBe(true);
    });
  });
});
