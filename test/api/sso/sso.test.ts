// Single sign-on with OpenID Connect against a real provider (oidc-provider 9 on 127.0.0.1):
// the redirect dance driven with fetch, each `sso.twoFactor` mode with and without
// `amr: ["mfa"]` (docs/security.md F10), unknown users refused without an account being created,
// single-use and browser-bound state, the write-only client secret, and step-up that SSO never
// skips (F11: the step-up pipeline has no SSO input at all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { startOnChosenPort, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, type Totp } from '../two-factor/two-factor-fixtures.ts';
import { browse, startTestIdp, type TestIdp } from './test-idp.ts';
import type { OrgId } from '../../../src/platform/ids.ts';

type Mode = 'bypass' | 'require_idp_mfa' | 'local';

describe.each(DIALECTS)('%s: single sign-on (OpenID Connect)', (dialect) => {
  let s: TestServer;
  let idp: TestIdp;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let slug: string;
  let orgId: OrgId;
  let signer: { id: string; email: string };
  let signerTotp: Totp;

  beforeAll(async () => {
    // Signoff first, on a port chosen before it starts (its base URL names it), then the provider with its callback.
    s = await startOnChosenPort(dialect, (port) => ({
      clock: 'manual',
      env: { SIGNOFF_PORT: String(port), SIGNOFF_BASE_URL: `http://127.0.0.1:${port}`, SIGNOFF_SSO_ALLOW_HOSTS: '127.0.0.1' },
    }));
    idp = await startTestIdp({ redirectUri: `${s.url}/api/v1/auth/sso/callback` });
    kit = twoFactorKit(s);
    ({ slug, orgId } = await setUp(s.client));
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    await configure('local');

    signer = await createUser(s.client, admin, { email: 'sam.signer@acme.test' });
    const first = await kit.signIn(signer.email);
    signerTotp = await kit.enableTotp(first.token);
    idp.accounts.set('idp-sam', { email: 'Sam.Signer@acme.test', email_verified: true, name: 'Sam' });
  });
  afterAll(async () => {
    await s?.stop();
    await idp?.stop();
  });

  async function configure(twoFactor: Mode, extra: Record<string, unknown> = {}) {
    const res = await s.client.request('PUT', '/api/v1/admin/sso', {
      token: admin,
      body: { enabled: true, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, twoFactor, ...extra },
    });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  /** The whole dance in a fresh browser: start → IdP login (as `account`, with `amr`) → callback. */
  async function ssoLogin(account: string, amr?: string[]) {
    idp.nextLogin = { accountId: account, ...(amr ? { amr } : {}) };
    const jar = new Map<string, string>();
    const end = await browse(`${s.url}/api/v1/auth/sso/start?organization=${slug}`, jar);
    const callback = end.hops.find((u) => u.pathname === '/api/v1/auth/sso/callback');
    return { location: end.location, token: jar.get('signoff_session'), jar, callback };
  }

  const sessionOf = async (token: string | undefined) => (await s.client.get('/api/v1/auth/session', token)).body as { state: string; aal: number };
  const auditOf = async (type: string) =>
    (await s.client.get(`/api/v1/admin/audit?type=${type}&limit=5`, admin)).body.entries as { data: Record<string, unknown>; actor: { label: string } }[];

  const cases: { mode: Mode; amr: string[] | undefined; state: 'active' | 'second_factor_required'; decision: string }[] = [
    { mode: 'bypass', amr: undefined, state: 'active', decision: 'sso_bypass' },
    { mode: 'bypass', amr: ['mfa'], state: 'active', decision: 'sso_bypass' },
    { mode: 'require_idp_mfa', amr: ['pwd', 'mfa'], state: 'active', decision: 'sso_amr_mfa' },
    { mode: 'require_idp_mfa', amr: ['pwd'], state: 'second_factor_required', decision: 'sso_amr_missing' },
    { mode: 'require_idp_mfa', amr: undefined, state: 'second_factor_required', decision: 'sso_amr_missing' },
    { mode: 'local', amr: ['mfa'], state: 'second_factor_required', decision: 'sso_local' },
    { mode: 'local', amr: undefined, state: 'second_factor_required', decision: 'sso_local' },
  ];

  describe('the second factor of a user with an authenticator app', () => {
    it.each(cases)('$mode with amr $amr: the session starts $state ($decision)', async ({ mode, amr, state, decision }) => {
      await configure(mode);
      const res = await ssoLogin('idp-sam', amr);
      expect(res.location?.pathname).toBe(state === 'active' ? '/' : '/login');
      expect(res.location?.search).toBe('');
      expect(await sessionOf(res.token)).toMatchObject({ state, aal: 1 });

      const [asserted] = await auditOf('sso.authenticated');
      expect(asserted!.data).toMatchObject({ subject: 'idp-sam', twoFactor: mode, decision, next: state, amr: amr ?? [] });
      expect(typeof asserted!.data.authTime === 'number' || mode !== 'require_idp_mfa').toBe(true);
      const [succeeded] = await auditOf('login.succeeded');
      expect(succeeded!.data).toMatchObject({ method: 'sso', next: state });
      expect(succeeded!.actor.label).toBe(signer.email);

      if (state === 'second_factor_required') {
        // The prompt is the usual one, finished with the local factor.
        const done = await kit.finish(res.token!, { method: 'totp', code: kit.freshTotp(signerTotp.secret) });
        expect(done.status, done.text).toBe(200);
        expect(done.body).toMatchObject({ state: 'active', method: 'totp' });
      }
    });
  });

  it('links the IdP subject by verified email once, then signs in by the link', async () => {
    await configure('bypass');
    await ssoLogin('idp-sam');
    const rows = await s.signoff.services.db.selectFrom('sso_identities').selectAll().where('subject', '=', 'idp-sam').execute();
    expect(rows).toEqual([expect.objectContaining({ org_id: orgId, issuer: idp.issuer, user_id: signer.id })]);
    expect(await auditOf('sso.identity_linked')).toHaveLength(1);
  });

  it('opens an active session for a user without a factor, whatever the mode', async () => {
    const plain = await createUser(s.client, admin, { email: 'pat.plain@acme.test' });
    idp.accounts.set('idp-pat', { email: plain.email, email_verified: true });
    await configure('local');
    const res = await ssoLogin('idp-pat');
    expect(res.location?.pathname).toBe('/');
    expect(await sessionOf(res.token)).toMatchObject({ state: 'active' });
  });

  describe('refusals land on the login page with a code and in the audit trail', () => {
    it('refuses an IdP user whose email no active user has, and creates no account', async () => {
      idp.accounts.set('idp-stranger', { email: 'stranger@elsewhere.test', email_verified: true });
      const before = (await s.client.get('/api/v1/admin/users', admin)).body.users.length;
      const res = await ssoLogin('idp-stranger');
      expect(res.location?.pathname + res.location!.search).toBe('/login?sso_error=unknown_user');
      expect(res.token).toBeUndefined();
      expect((await s.client.get('/api/v1/admin/users', admin)).body.users.length).toBe(before);
      const [failed] = await auditOf('login.failed');
      expect(failed!.data).toMatchObject({ method: 'sso', reason: 'unknown_user' });
      expect(failed!.actor.label).toBe('stranger@elsewhere.test');
    });

    it('refuses an unverified email even when it matches a user', async () => {
      const victim = await createUser(s.client, admin, { email: 'vic.victim@acme.test' });
      idp.accounts.set('idp-unverified', { email: victim.email, email_verified: false });
      const res = await ssoLogin('idp-unverified');
      expect(res.location?.search).toBe('?sso_error=unknown_user');
      expect(res.token).toBeUndefined();
    });

    it('refuses a deactivated user', async () => {
      const gone = await createUser(s.client, admin, { email: 'gus.gone@acme.test' });
      idp.accounts.set('idp-gus', { email: gone.email, email_verified: true });
      expect((await s.client.patch(`/api/v1/admin/users/${gone.id}`, { active: false }, admin)).status).toBe(200);
      expect((await ssoLogin('idp-gus')).location?.search).toBe('?sso_error=unknown_user');
    });

    it('refuses a replayed callback (the same state twice)', async () => {
      await configure('bypass');
      const first = await ssoLogin('idp-sam');
      expect(first.location?.pathname).toBe('/');
      const jar = new Map([['signoff_sso', first.callback!.searchParams.get('state')!]]);
      const replay = await browse(first.callback!.href, jar);
      expect(replay.location?.search).toBe('?sso_error=invalid_state');
      expect(jar.get('signoff_session')).toBeUndefined();
      const [failed] = await auditOf('login.failed');
      expect(failed!.data).toMatchObject({ method: 'sso', reason: 'invalid_state' });
    });

    it('refuses a callback with a wrong state', async () => {
      await configure('bypass');
      idp.nextLogin = { accountId: 'idp-sam' };
      const jar = new Map<string, string>();
      const stopped = await browse(`${s.url}/api/v1/auth/sso/start?organization=${slug}`, jar, { stopAt: (u) => u.pathname === '/api/v1/auth/sso/callback' });
      const forged = new URL(stopped.url);
      forged.searchParams.set('state', 'not-the-state-we-issued');
      const res = await browse(forged.href, jar);
      expect(res.location?.search).toBe('?sso_error=invalid_state');
      expect(jar.get('signoff_session')).toBeUndefined();
    });

    it('refuses a callback completed in another browser (login CSRF), and the flow is spent', async () => {
      await configure('bypass');
      idp.nextLogin = { accountId: 'idp-sam' };
      const attacker = new Map<string, string>();
      const stopped = await browse(`${s.url}/api/v1/auth/sso/start?organization=${slug}`, attacker, {
        stopAt: (u) => u.pathname === '/api/v1/auth/sso/callback',
      });
      const victim = new Map<string, string>();
      expect((await browse(stopped.url.href, victim)).location?.search).toBe('?sso_error=invalid_state');
      expect(victim.get('signoff_session')).toBeUndefined();
      expect((await browse(stopped.url.href, attacker)).location?.search).toBe('?sso_error=invalid_state');
    });

    it('refuses to start for an unknown organisation or one without SSO, without a 500', async () => {
      const unknown = await s.client.get('/api/v1/auth/sso/start?organization=no-such-org');
      expect(unknown.status).toBe(302);
      expect(unknown.headers.get('location')).toBe('/login?sso_error=not_configured');
      await configure('bypass', { enabled: false });
      const off = await s.client.get(`/api/v1/auth/sso/start?organization=${slug}`);
      expect(off.headers.get('location')).toBe('/login?sso_error=not_configured');
      await configure('bypass');
    });

    it('answers a callback without parameters with the login page', async () => {
      const res = await s.client.get('/api/v1/auth/sso/callback');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/login?sso_error=invalid_state');
    });
  });

  describe('the client secret', () => {
    it('is write-only: not returned by GET /admin/sso or GET /admin/settings, and not stored in clear', async () => {
      const view = await configure('local', { buttonLabel: 'Sign in with Acme ID' });
      expect(view).toEqual({
        enabled: true,
        issuer: idp.issuer,
        clientId: idp.clientId,
        twoFactor: 'local',
        buttonLabel: 'Sign in with Acme ID',
        clientSecretSet: true,
      });
      const read = await s.client.get('/api/v1/admin/sso', admin);
      expect(read.body).toEqual(view);
      const settings = await s.client.get('/api/v1/admin/settings', admin);
      expect(settings.status).toBe(200);
      expect(settings.text).not.toContain(idp.clientSecret);
      const row = await s.signoff.services.db.selectFrom('organizations').select('settings').where('id', '=', orgId).executeTakeFirstOrThrow();
      expect(row.settings).not.toContain(idp.clientSecret);
      expect(JSON.parse(row.settings).sso.clientSecretSealed).toMatch(/^v1\./);
      const audit = await s.client.get('/api/v1/admin/audit?type=settings.changed&limit=50', admin);
      expect(audit.text).not.toContain(idp.clientSecret);
    });

    it('keeps the stored secret when an update omits it, and refuses to enable SSO without one', async () => {
      const res = await s.client.request('PUT', '/api/v1/admin/sso', {
        token: admin,
        body: { enabled: true, issuer: idp.issuer, clientId: idp.clientId, twoFactor: 'bypass' },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.clientSecretSet).toBe(true);
      expect((await ssoLogin('idp-sam')).location?.pathname).toBe('/');
    });

    it('refuses a plain-http issuer whose host is not in SIGNOFF_SSO_ALLOW_HOSTS', async () => {
      const res = await s.client.request('PUT', '/api/v1/admin/sso', {
        token: admin,
        body: { enabled: true, issuer: 'http://idp.example.com', clientId: 'x', clientSecret: 'y', twoFactor: 'bypass' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    });
  });

  it('never makes step-up skippable: after an SSO bypass login, new backup codes still need a fresh second factor (F11)', async () => {
    await configure('bypass');
    const res = await ssoLogin('idp-sam', ['mfa']);
    expect(await sessionOf(res.token)).toMatchObject({ state: 'active' });
    const refused = await s.client.post('/api/v1/me/backup-codes', {}, res.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('second_factor_required');
    const proved = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: kit.freshTotp(signerTotp.secret) } }, res.token);
    expect(proved.status, proved.text).toBe(201);
  });

  describe('discovery for the login page (public)', () => {
    const discover = async (organization: string) => {
      const res = await s.client.get(`/api/v1/auth/sso/discover?organization=${encodeURIComponent(organization)}`);
      expect(res.status, res.text).toBe(200);
      return res.body;
    };

    it("offers SSO with the organisation's button label, or none when it has no label", async () => {
      await configure('local', { buttonLabel: 'Sign in with Acme ID' });
      expect(await discover(slug)).toEqual({ enabled: true, buttonLabel: 'Sign in with Acme ID' });
      expect(await discover(` ${slug.toUpperCase()} `)).toEqual({ enabled: true, buttonLabel: 'Sign in with Acme ID' });
      await configure('local');
      expect(await discover(slug)).toEqual({ enabled: true, buttonLabel: null });
    });

    it('answers a disabled SSO and an unknown organisation alike, and needs no session', async () => {
      await configure('local', { enabled: false, buttonLabel: 'Sign in with Acme ID' });
      const disabled = await discover(slug);
      const unknown = await discover('no-such-org');
      expect(disabled).toEqual({ enabled: false, buttonLabel: null });
      expect(unknown).toEqual(disabled);
      await configure('local');
    });

    it('refuses a missing organisation with 400, not a 500', async () => {
      const res = await s.client.get('/api/v1/auth/sso/discover');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    });
  });
});
