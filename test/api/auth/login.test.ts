import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

describe.each(DIALECTS)('%s: login, sessions and logout', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    await setUp(s.client);
  });
  afterAll(() => s.stop());

  it('signs in with email and password and reports an active session', async () => {
    const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email.toUpperCase(), password: ADMIN.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'active', methods: [], user: { email: ADMIN.email, roles: ['admin', 'owner', 'reviewer'] } });
    expect(Buffer.from(res.body.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const session = await s.client.get('/api/v1/auth/session', res.body.token);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      state: 'active',
      aal: 1,
      user: { email: ADMIN.email, organization: { name: ADMIN.organization } },
      enforcement: { mode: 'off', required: false, enrolled: false },
    });
  });

  it('answers a wrong password and an unknown email with the same problem', async () => {
    const wrong = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: 'not the password at all' });
    const unknown = await s.client.post('/api/v1/auth/login', { email: 'nobody@acme.test', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('stores only a hash of the session token', async () => {
    const token = await login(s.client, ADMIN.email, ADMIN.password);
    const rows = await s.signoff.services.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('rotates the session at login: the token presented before is dead afterwards', async () => {
    const first = await login(s.client, ADMIN.email, ADMIN.password);
    const res = await s.client.request('POST', '/api/v1/auth/login', { body: { email: ADMIN.email, password: ADMIN.password }, token: first });
    expect(res.status).toBe(200);
    expect(res.body.token).not.toBe(first);
    expect((await s.client.get('/api/v1/auth/session', first)).status).toBe(401);
    expect((await s.client.get('/api/v1/auth/session', res.body.token)).status).toBe(200);
  });

  // @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F4
  it('ends the session at logout', async () => {
    const token = await login(s.client, ADMIN.email, ADMIN.password);
    expect((await s.client.post('/api/v1/auth/logout', {}, token)).status).toBe(204);
    const after = await s.client.get('/api/v1/auth/session', token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  // @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F5
  it('ends a session after 30 idle minutes and after 12 hours whatever the activity', async () => {
    const idle = await login(s.client, ADMIN.email, ADMIN.password);
    s.clock!.advance(29 * 60_000);
    expect((await s.client.get('/api/v1/auth/session', idle)).status).toBe(200);
    s.clock!.advance(29 * 60_000);
    expect((await s.client.get('/api/v1/auth/session', idle)).status).toBe(200);
    s.clock!.advance(31 * 60_000);
    expect((await s.client.get('/api/v1/auth/session', idle)).status).toBe(401);

    const busy = await login(s.client, ADMIN.email, ADMIN.password);
    for (let h = 0; h < 12 * 4; h++) {
      s.clock!.advance(15 * 60_000);
      const res = await s.client.get('/api/v1/auth/session', busy);
      if (h < 12 * 4 - 1) expect(res.status).toBe(200);
      else expect(res.status).toBe(401);
    }
  });

  it('requires the CSRF token for unsafe requests made with the session cookie, not with a bearer token', async () => {
    const res = await s.client.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
    const cookie = cookieFrom(res, 'signoff_session');
    expect(cookie).toBe(res.body.token);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('signoff_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const body = { name: 'QA' };
    const withoutCsrf = await s.client.request('POST', '/api/v1/admin/groups', { body, headers: { cookie: `signoff_session=${cookie}` } });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.code).toBe('csrf_token_invalid');
    const wrongCsrf = await s.client.request('POST', '/api/v1/admin/groups', {
      body,
      headers: { cookie: `signoff_session=${cookie}`, 'x-csrf-token': 'f'.repeat(64) },
    });
    expect(wrongCsrf.status).toBe(403);
    const withCsrf = await s.client.request('POST', '/api/v1/admin/groups', {
      body,
      headers: { cookie: `signoff_session=${cookie}`, 'x-csrf-token': res.body.csrfToken },
    });
    expect(withCsrf.status).toBe(201);
    const bearer = await s.client.post('/api/v1/admin/groups', { name: 'Legal' }, res.body.token);
    expect(bearer.status).toBe(201);
  });

  it('refuses a deactivated user at login and ends their sessions', async () => {
    const adminToken = await login(s.client, ADMIN.email, ADMIN.password);
    const u = await createUser(s.client, adminToken, { email: 'rita@acme.test' });
    const token = await login(s.client, 'rita@acme.test', PASSWORD);
    expect((await s.client.patch(`/api/v1/admin/users/${u.id}`, { active: false }, adminToken)).status).toBe(200);
    expect((await s.client.get('/api/v1/auth/session', token)).status).toBe(401);
    const res = await s.client.post('/api/v1/auth/login', { email: 'rita@acme.test', password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
  });
});
