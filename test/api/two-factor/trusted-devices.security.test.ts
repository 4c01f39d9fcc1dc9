// Trusted devices (docs/security.md G1–G4; authy-devise #58, vaultwarden #7682). A device token skips
// the sign-in prompt of its own user only, never a step-up, and dies with every change that
// could mean the account was taken over.
//
// Revocation triggers, each tested: adding a factor, removing one, regenerating backup codes,
// an admin's 2FA revoke, a 2FA recovery, the user's own revoke, the expiry, the organisation
// turning the feature off, and a change of the user's security stamp (password reset,
// deactivation).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import { cookieFrom } from '../../support/http-client.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { emailedToken, twoFactorKit, twoFactorSuite, type Totp } from './two-factor-fixtures.ts';
import type { UserId } from '../../../src/platform/ids.ts';

describe.each(DIALECTS)('%s: trusted devices', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let user: { id: UserId; email: string };
  let totp: Totp;
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    ({ user, totp } = await enrolledUser());
  });

  async function enrolledUser() {
    const u = await createUser(s.client, admin, { email: `traveller${++n}@acme.test` });
    const t = await kit.enableTotp((await kit.signIn(u.email)).token);
    await s.client.post('/api/v1/auth/logout', {}, t.token);
    return { user: u, totp: t };
  }
  /** Signs in with a TOTP code and trusts this device. */
  async function trust(email = user.email, secret = totp.secret) {
    const half = await kit.signIn(email);
    const res = await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(secret), trustDevice: true }, { 'user-agent': 'Firefox on the test bench' });
    expect(res.status, res.text).toBe(200);
    return { token: res.body.token as string, deviceToken: res.body.deviceToken as string, res };
  }
  const stateWith = async (deviceToken: string, email = user.email) => (await kit.signIn(email, { headers: { 'x-signoff-device': deviceToken } })).state;

  it('returns a device token and sets the signoff_device cookie; the next sign-in with it skips the prompt (G1)', async () => {
    const { deviceToken, res } = await trust();
    expect(Buffer.from(deviceToken, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(cookieFrom(res, 'signoff_device')).toBe(deviceToken);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('signoff_device='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Max-Age=2592000/);
    const stored = await s.signoff.services.db.selectFrom('trusted_devices').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(deviceToken);

    const viaHeader = await kit.signIn(user.email, { headers: { 'x-signoff-device': deviceToken } });
    expect(viaHeader).toMatchObject({ state: 'active', methods: [] });
    expect((await s.client.get('/api/v1/auth/session', viaHeader.token)).body).toMatchObject({ state: 'active', aal: 1 });
    expect((await kit.signIn(user.email, { headers: { cookie: `signoff_device=${deviceToken}` } })).state).toBe('active');
    expect(await stateWith('x'.repeat(43))).toBe('second_factor_required');
    expect((await kit.signIn(user.email)).state).toBe('second_factor_required');
  });

  it('sends a security notice when a device is trusted (G4)', async () => {
    await trust();
    const notices = await kit.notices(user.email, /device was trusted/i);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text_body).toContain('Firefox on the test bench');
  });

  it("does not let user A's device token skip user B's prompt (G1)", async () => {
    const { deviceToken } = await trust();
    const b = await enrolledUser();
    expect(await stateWith(deviceToken, b.user.email)).toBe('second_factor_required');
    expect(await stateWith(deviceToken)).toBe('active');
  });

  it('never skips the fresh second factor a factor change asks for (G2)', async () => {
    const { deviceToken } = await trust();
    const viaDevice = await kit.signIn(user.email, { headers: { 'x-signoff-device': deviceToken } });
    const res = await s.client.post('/api/v1/me/backup-codes', {}, viaDevice.token);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('second_factor_required');
  });

  it('lists trusted devices and revokes one or all of them; another user cannot revoke them (G4)', async () => {
    const first = await trust();
    const second = await trust();
    const list = await s.client.get('/api/v1/me/factors', second.token);
    expect(list.body.trustedDevices).toHaveLength(2);
    expect(list.body.trustedDevices[0]).toMatchObject({ label: 'Firefox on the test bench', expiresAt: expect.any(String) });
    const [newest, oldest] = list.body.trustedDevices as { id: string }[];

    const b = await enrolledUser();
    const bSession = await kit.signInWithTotp(b.user.email, b.totp.secret);
    const foreign = await s.client.delete(`/api/v1/me/trusted-devices/${oldest!.id}`, bSession.token);
    expect(foreign.status).toBe(404);
    expect(await stateWith(first.deviceToken)).toBe('active');

    expect((await s.client.delete(`/api/v1/me/trusted-devices/${oldest!.id}`, second.token)).status).toBe(204);
    expect(await stateWith(first.deviceToken)).toBe('second_factor_required');
    expect(await stateWith(second.deviceToken)).toBe('active');
    expect((await s.client.delete('/api/v1/me/trusted-devices', second.token)).status).toBe(204);
    expect(await stateWith(second.deviceToken)).toBe('second_factor_required');
    expect((await s.client.get('/api/v1/me/factors', second.token)).body.trustedDevices).toEqual([]);
    expect(newest).toBeDefined();
  });

  it('issues no device token while the organisation has trusted devices off, and ignores the ones it issued (G3)', async () => {
    const { deviceToken } = await trust();
    expect((await s.client.patch('/api/v1/admin/settings', { trustedDevices: { enabled: false, days: 30 } }, admin)).status).toBe(200);
    try {
      expect(await stateWith(deviceToken)).toBe('second_factor_required');
      const half = await kit.signIn(user.email);
      const res = await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(totp.secret), trustDevice: true });
      expect(res.status).toBe(200);
      expect(res.body.deviceToken).toBeUndefined();
      expect(cookieFrom(res, 'signoff_device')).toBeUndefined();
    } finally {
      expect((await s.client.patch('/api/v1/admin/settings', { trustedDevices: { enabled: true, days: 30 } }, admin)).status).toBe(200);
    }
    // Turning the feature off revoked them: turning it on again does not bring them back.
    expect(await stateWith(deviceToken)).toBe('second_factor_required');
  });

  it("expires a device after the organisation's number of days (G1)", async () => {
    expect((await s.client.patch('/api/v1/admin/settings', { trustedDevices: { enabled: true, days: 2 } }, admin)).status).toBe(200);
    try {
      const { deviceToken } = await trust();
      s.clock!.advance(2 * 86_400_000 - 60_000);
      expect(await stateWith(deviceToken)).toBe('active');
      s.clock!.advance(120_000);
      expect(await stateWith(deviceToken)).toBe('second_factor_required');
    } finally {
      await s.client.patch('/api/v1/admin/settings', { trustedDevices: { enabled: true, days: 30 } }, await login(s.client, ADMIN.email, ADMIN.password));
    }
  });

  describe('revocation when the account changes (G3)', () => {
    /** Each trigger acts with an active session of the user; the device must need 2FA again. */
    const promptTriggers: [string, (active: { token: string }) => Promise<void>][] = [
      [
        'adding a factor',
        async (active) => {
          await kit.addEmailFactor(active.token, `${user.email.split('@')[0]}.backup@acme.test`, totp.secret);
        },
      ],
      [
        'removing a factor',
        async (active) => {
          const { factorId, token } = await kit.addEmailFactor(active.token, user.email, totp.secret);
          const { deviceToken } = await trust(); // trusted again after the add
          devices.push(deviceToken);
          const res = await s.client.request('DELETE', `/api/v1/me/factors/${factorId}`, {
            body: { secondFactor: { method: 'totp', code: kit.freshTotp(totp.secret) } },
            token,
          });
          expect(res.status, res.text).toBe(204);
        },
      ],
      [
        'regenerating backup codes',
        async (active) => {
          const res = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: kit.freshTotp(totp.secret) } }, active.token);
          expect(res.status, res.text).toBe(201);
        },
      ],
    ];
    let devices: string[] = [];

    it.each(promptTriggers)('asks for the second factor again on a trusted device after %s', async (_name, act) => {
      const { token, deviceToken } = await trust();
      devices = [deviceToken];
      await act({ token });
      for (const d of devices) expect(await stateWith(d)).toBe('second_factor_required');
    });

    /** After these every factor is gone, so sign-in needs no code anyway: the device rows must be revoked. */
    const liveDevices = async () =>
      (await s.signoff.services.db.selectFrom('trusted_devices').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()).length;

    it("revokes the devices when an admin revokes the user's 2FA", async () => {
      await trust();
      expect(await liveDevices()).toBe(1);
      expect((await s.client.delete(`/api/v1/admin/two-factor/enrollments/${user.id}`, admin)).status).toBe(204);
      expect(await liveDevices()).toBe(0);
    });

    it('revokes the devices when the user recovers 2FA by email', async () => {
      await trust();
      const half = await kit.signIn(user.email);
      const mail = await kit.mailAfter(user.email, 'two-factor-recovery', async () =>
        expect((await s.client.post('/api/v1/auth/two-factor-recovery', {}, half.token)).status).toBe(202),
      );
      expect(
        (await s.client.post('/api/v1/auth/two-factor-recovery/confirm', { token: emailedToken(mail, s.signoff.config.baseUrl, 'recover-2fa') })).status,
      ).toBe(204);
      expect(await liveDevices()).toBe(0);
    });

    // @see docs/security.md G3 — src/accounts/password-reset.ts ends sessions but leaves trusted devices.
    it('asks for the second factor again on a trusted device after a password reset', async () => {
      const { deviceToken } = await trust();
      const mail = await kit.mailAfter(user.email, 'password-reset', async () =>
        expect((await s.client.post('/api/v1/auth/password-reset', { email: user.email })).status).toBe(202),
      );
      const reset = await s.client.post('/api/v1/auth/password-reset/confirm', {
        token: emailedToken(mail, s.signoff.config.baseUrl, 'reset-password'),
        password: 'an entirely new passphrase',
      });
      expect(reset.status).toBe(204);
      expect((await kit.signIn(user.email, { password: 'an entirely new passphrase', headers: { 'x-signoff-device': deviceToken } })).state).toBe(
        'second_factor_required',
      );
    });

    // @see docs/security.md G3 — src/accounts/manage-users.ts ends sessions on deactivation but leaves trusted devices.
    it('asks for the second factor again on a trusted device after the user was deactivated and reactivated', async () => {
      const { deviceToken } = await trust();
      expect((await s.client.patch(`/api/v1/admin/users/${user.id}`, { active: false }, admin)).status).toBe(200);
      expect((await s.client.patch(`/api/v1/admin/users/${user.id}`, { active: true }, admin)).status).toBe(200);
      expect(await stateWith(deviceToken)).toBe('second_factor_required');
    });
  });
});
