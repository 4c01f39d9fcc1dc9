// Forced browsing past the second factor (docs/security.md F1; WSTG-ATHN-11, MISP #10807,
// better-auth GHSA-xg6x-h9c9-2m83): a session that passed only the password, or that must
// still set 2FA up, calls EVERY route of the app. The routes are not a hand-written list: they
// are collected with an onRoute hook on the very Fastify instance buildApp creates (hooked
// through Fastify's `fastify.initialization` diagnostics channel before any route exists).
// What is hand-written is the short list of exceptions, so a new route that forgets its access
// level, or is marked public by mistake, fails here.
//
// The UI pages (GET /, /security, …) are the static single-page shell, served to anyone by the
// not-found handler: they hold no user data, and everything they show comes from the API,
// which refuses these sessions. That is checked below too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, setUp } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { key, OWN_FACTORS, PUBLIC, SECOND_FACTOR, SESSION, startRecordingRoutes, walkRoutes, type Route } from './route-table.ts';
import { twoFactorKit } from './two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: forced browsing past the second factor (F1)', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let adminToken: string;
  let routes: Route[];

  beforeAll(async () => {
    ({ s, routes } = await startRecordingRoutes(dialect));
    kit = twoFactorKit(s);
    adminToken = (await setUp(s.client)).token;
  });
  afterAll(() => s.stop());

  const walk = (session: { token: string; csrfToken: string }, allowed: RegExp[], code: string) => walkRoutes(s, routes, session, allowed, code);

  it('collects the whole route table from the app buildApp assembled', () => {
    const keys = routes.map(key);
    for (const expected of [
      'POST /api/v1/auth/second-factor',
      'GET /api/v1/admin/users',
      'DELETE /api/v1/me/factors/:id',
      'PATCH /api/v1/admin/settings',
      'GET /api/v1/dev/mailbox',
    ]) {
      expect(keys).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(40);
  });

  it('refuses every route but the second-factor, session, logout and public ones to a session that passed only the password', async () => {
    const u = await createUser(s.client, adminToken, { email: 'mallory-admin@acme.test', roles: ['admin', 'reviewer'] });
    const first = await kit.signIn(u.email);
    const totp = await kit.enableTotp(first.token);
    expect((await s.client.post('/api/v1/auth/logout', {}, totp.token)).status).toBe(204);
    const half = await kit.signIn(u.email);
    expect(half.state).toBe('second_factor_required');

    const { leaks, called } = await walk(half, [...PUBLIC, ...SECOND_FACTOR, ...SESSION], 'second_factor_required');
    expect(called).toBeGreaterThan(30);
    expect(leaks).toEqual([]);
    const refused = await s.client.get('/api/v1/admin/users', half.token);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="insufficient_user_authentication"');

    // What is allowed answers as the half-signed-in state it is.
    const session = await s.client.get('/api/v1/auth/session', half.token);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ state: 'second_factor_required', aal: 1 });
    expect((await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(totp.secret) })).status).toBe(200);
  });

  it('refuses every route but own factors, the second-factor, session, logout and public ones to a session that must enroll first', async () => {
    const patched = await s.client.patch('/api/v1/admin/settings', { loginTwoFactor: { scope: { everyone: true } } }, adminToken);
    expect(patched.status).toBe(200);
    try {
      // The organisation's admin, without a factor: the state, not the role, is what refuses.
      const pending = await kit.signIn(ADMIN.email, { password: ADMIN.password });
      expect(pending.state).toBe('enrollment_required');

      const { leaks, called } = await walk(pending, [...PUBLIC, ...SECOND_FACTOR, ...SESSION, ...OWN_FACTORS], 'two_factor_enrollment_required');
      expect(called).toBeGreaterThan(20);
      expect(leaks).toEqual([]);

      expect((await s.client.get('/api/v1/auth/session', pending.token)).body).toMatchObject({
        state: 'enrollment_required',
        enforcement: { mode: 'off', required: false, enrolled: false },
      });
      expect((await s.client.get('/api/v1/me/factors', pending.token)).status).toBe(200);
      // The second-factor prompt is for a session waiting for a factor, not for this one.
      const prompt = await kit.finish(pending.token, { method: 'totp', code: '123456' });
      expect(prompt.status).toBe(403);
      expect(prompt.body.code).toBe('forbidden');
      // Setting the factor up is the way out: the session rotates into an active one.
      const totp = await kit.enableTotp(pending.token);
      expect((await s.client.get('/api/v1/auth/session', totp.token)).body).toMatchObject({ state: 'active', aal: 2 });
      expect((await s.client.get('/api/v1/admin/users', totp.token)).status).toBe(200);
      expect((await s.client.get('/api/v1/admin/users', pending.token)).status).toBe(401);
    } finally {
      await s.client.patch('/api/v1/admin/settings', { loginTwoFactor: { scope: {} } }, adminToken);
    }
  });

  it('serves the UI pages to a half-signed-in session only as the static shell, with no account data', async () => {
    const u = await createUser(s.client, adminToken, { email: 'page-visitor@acme.test', name: 'Pagey McVisitor' });
    const first = await kit.signIn(u.email);
    const totp = await kit.enableTotp(first.token);
    await s.client.post('/api/v1/auth/logout', {}, totp.token);
    const half = await kit.signIn(u.email);
    for (const page of ['/', '/security', '/admin/users']) {
      const res = await s.client.request('GET', page, { headers: { cookie: `signoff_session=${half.token}`, accept: 'text/html' } });
      const anonymous = await s.client.request('GET', page, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toBe(anonymous.text);
      expect(res.text).not.toContain('Pagey');
      expect(res.text).not.toContain(u.email);
    }
  });
});
