// 2FA recovery and the paths around the second factor (docs/security.md H3, F11; docs/guide.md §2). With
// `recovery: email` a sign-in waiting for its second factor can ask for a link at the account's
// address; the link removes every factor, device and session, and signs nobody in. With
// `recovery: admin` only an admin resets. A password reset never gets past the second factor.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { emailedToken, twoFactorKit, twoFactorSuite, type Totp } from './two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: two-factor recovery', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let user: { id: string; email: string };
  let totp: Totp;
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  // An hour apart: fresh per-address budgets for reset requests; each test has its own user.
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    user = await createUser(s.client, admin, { email: `forgetful${++n}@acme.test` });
    totp = await kit.enableTotp((await kit.signIn(user.email)).token);
  });
  const settings = (patch: object) => s.client.patch('/api/v1/admin/settings', patch, admin);
  const requestRecovery = (token: string) => s.client.request('POST', '/api/v1/auth/two-factor-recovery', { token });
  const confirm = (token: string) => s.client.post('/api/v1/auth/two-factor-recovery/confirm', { token });
  async function recoveryLink(): Promise<string> {
    const half = await kit.signIn(user.email);
    expect(half.state).toBe('second_factor_required');
    const mail = await kit.mailAfter(user.email, 'two-factor-recovery', async () => expect((await requestRecovery(half.token)).status).toBe(202));
    expect(mail.subject).toMatch(/recover/i);
    return emailedToken(mail, s.signoff.config.baseUrl, 'recover-2fa');
  }

  it('emails a link to a sign-in waiting for its second factor; the link removes every factor and session and signs nobody in (H3)', async () => {
    const otherDevice = totp.token;
    const half = await kit.signIn(user.email);
    const mail = await kit.mailAfter(user.email, 'two-factor-recovery', async () => expect((await requestRecovery(half.token)).status).toBe(202));
    const token = emailedToken(mail, s.signoff.config.baseUrl, 'recover-2fa');
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect((await s.client.get('/api/v1/auth/session', half.token)).body.state).toBe('second_factor_required');

    const used = await confirm(token);
    expect(used.status).toBe(204);
    expect(used.text).toBe('');
    expect(cookieFrom(used, 'signoff_session')).toBeUndefined();
    for (const t of [half.token, otherDevice]) expect((await s.client.get('/api/v1/auth/session', t)).status).toBe(401);
    const again = await confirm(token);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('reset_token_invalid');

    // Signing in again is the user's own step: password, and no second factor left to ask for.
    const fresh = await kit.signIn(user.email);
    expect(fresh.state).toBe('active');
    expect((await s.client.get('/api/v1/me/factors', fresh.token)).body).toMatchObject({ factors: [], backupCodesRemaining: 0, trustedDevices: [] });
    expect(await kit.notices(user.email, /second factors were removed/i)).toHaveLength(1);
    const audit = await s.client.get('/api/v1/admin/audit?type=two_factor.recovered', admin);
    expect(audit.body.entries).toEqual([expect.objectContaining({ target: { type: 'user', id: user.id } })]);
  });

  it('sends a recovered user back to setting 2FA up where a policy requires it', async () => {
    const token = await recoveryLink();
    expect((await settings({ loginTwoFactor: { scope: { everyone: true } } })).status).toBe(200);
    try {
      expect((await confirm(token)).status).toBe(204);
      expect((await kit.signIn(user.email)).state).toBe('enrollment_required');
    } finally {
      expect((await settings({ loginTwoFactor: { scope: {} } })).status).toBe(200);
    }
  });

  it('refuses email recovery when the organisation leaves recovery to admins, also for a link sent before the switch', async () => {
    const earlier = await recoveryLink();
    expect((await settings({ recovery: 'admin' })).status).toBe(200);
    try {
      const half = await kit.signIn(user.email);
      const before = (await s.signoff.services.db.selectFrom('mail_outbox').select('id').where('to_address', '=', user.email).execute()).length;
      const res = await requestRecovery(half.token);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect((await s.signoff.services.db.selectFrom('mail_outbox').select('id').where('to_address', '=', user.email).execute()).length).toBe(before);
      expect((await confirm(earlier)).body.code).toBe('reset_token_invalid');
      expect((await kit.signIn(user.email)).state).toBe('second_factor_required');
    } finally {
      expect((await settings({ recovery: 'email' })).status).toBe(200);
    }
  });

  it('offers recovery only to a sign-in waiting for its second factor', async () => {
    const res = await requestRecovery(totp.token);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('does not let a password reset bypass the second factor (F11)', async () => {
    const mail = await kit.mailAfter(user.email, 'password-reset', async () =>
      expect((await s.client.post('/api/v1/auth/password-reset', { email: user.email })).status).toBe(202),
    );
    const reset = await s.client.post('/api/v1/auth/password-reset/confirm', {
      token: emailedToken(mail, s.signoff.config.baseUrl, 'reset-password'),
      password: 'a fresh and long passphrase',
    });
    expect(reset.status).toBe(204);
    expect(cookieFrom(reset, 'signoff_session')).toBeUndefined();
    expect((await s.client.get('/api/v1/auth/session', totp.token)).status).toBe(401);

    const after = await kit.signIn(user.email, { password: 'a fresh and long passphrase' });
    expect(after.state).toBe('second_factor_required');
    expect((await s.client.get('/api/v1/me/factors', after.token)).body.code).toBe('second_factor_required');
    expect((await kit.finish(after.token, { method: 'totp', code: kit.freshTotp(totp.secret) })).status).toBe(200);
  });
});
