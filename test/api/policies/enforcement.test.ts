// Policies (docs/guide.md §4): scopes decide who needs 2FA at sign-in and who is held at enrollment,
// the explanation says why, the mandatory lock keeps enforcement on, and changing settings
// asks the admin's own second factor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp, createUser } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { OWN_FACTORS, PUBLIC, SECOND_FACTOR, SESSION, startRecordingRoutes, walkRoutes, type Route } from '../two-factor/route-table.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: policies and enforcement', (dialect) => {
  let s: TestServer;
  let routes: Route[];
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let groupId: string;
  const settings = (patch: object) => s.client.patch('/api/v1/admin/settings', patch, admin);

  beforeAll(async () => {
    ({ s, routes } = await startRecordingRoutes(dialect));
    kit = twoFactorKit(s);
    admin = (await setUp(s.client)).token;
    groupId = (await s.client.post('/api/v1/admin/groups', { name: 'Finance' }, admin)).body.id;
    await createUser(s.client, admin, { email: 'fran@acme.test', groups: [groupId], userType: 'staff', roles: ['reviewer'] });
    await createUser(s.client, admin, { email: 'cody@acme.test', userType: 'client', roles: ['reviewer'] });
  });
  afterAll(() => s.stop());

  it('asks for 2FA at sign-in exactly the users the login scope names (a group here)', async () => {
    expect((await settings({ loginTwoFactor: { scope: { groups: [groupId] } } })).status).toBe(200);
    expect((await kit.signIn('fran@acme.test')).state).toBe('enrollment_required');
    expect((await kit.signIn('cody@acme.test')).state).toBe('active');
    await settings({ loginTwoFactor: { scope: {} } });
    expect((await kit.signIn('fran@acme.test')).state).toBe('active');
  });

  it('explains which policies apply to a user and why', async () => {
    await settings({ loginTwoFactor: { scope: { userTypes: ['client'] } }, enforcement: { mode: 'soft', scope: { groups: [groupId], roles: ['admin'] } } });
    const users = (await s.client.get('/api/v1/admin/users', admin)).body.users as { id: string; email: string }[];
    const cody = users.find((u) => u.email === 'cody@acme.test')!;
    const fran = users.find((u) => u.email === 'fran@acme.test')!;
    expect((await s.client.get(`/api/v1/admin/users/${cody.id}/two-factor`, admin)).body).toMatchObject({
      enrolled: false,
      login: { required: true, inScope: true, reasons: ['user_type:client'] },
      enforcement: { mode: 'soft', required: false, reasons: [] },
    });
    expect((await s.client.get(`/api/v1/admin/users/${fran.id}/two-factor`, admin)).body).toMatchObject({
      login: { required: false, reasons: [] },
      enforcement: { mode: 'soft', required: true, reasons: [`group:${groupId}`] },
    });
    expect((await s.client.get('/api/v1/admin/users/usr_aaaaaaaaaaaaaaaaaaaaaaaaaa/two-factor', admin)).status).toBe(404);
    await settings({ loginTwoFactor: { scope: {} }, enforcement: { mode: 'off', scope: {} } });
  });

  it('reports soft enforcement in the session without refusing anything', async () => {
    await settings({ enforcement: { mode: 'soft', scope: { everyone: true } } });
    const fran = await kit.signIn('fran@acme.test');
    expect(fran.state).toBe('active');
    expect((await s.client.get('/api/v1/auth/session', fran.token)).body.enforcement).toEqual({
      mode: 'soft',
      required: true,
      enrolled: false,
      canEnroll: true,
    });
    expect((await s.client.get('/api/v1/auth/session', fran.token)).status).toBe(200);
    await settings({ enforcement: { mode: 'off', scope: {} } });
  });

  it('holds every route but enrollment, session and logout under hard enforcement, also for a session opened before it began', async () => {
    const before = await kit.signIn('fran@acme.test');
    expect(before.state).toBe('active');
    await settings({ enforcement: { mode: 'hard', scope: { groups: [groupId] } } });
    try {
      const { leaks, called } = await walkRoutes(
        s,
        routes,
        before,
        [...PUBLIC, ...SECOND_FACTOR, ...SESSION, ...OWN_FACTORS],
        'two_factor_enrollment_required',
      );
      expect(called).toBeGreaterThan(20);
      expect(leaks).toEqual([]);
      expect((await kit.signIn('fran@acme.test')).state).toBe('enrollment_required');
      expect((await kit.signIn('cody@acme.test')).state).toBe('active');
      // Enrolling is the way out.
      const totp = await kit.enableTotp(before.token);
      expect((await s.client.get('/api/v1/tasks-that-do-not-exist', totp.token)).status).toBe(404);
      expect((await s.client.get('/api/v1/auth/session', totp.token)).body.enforcement).toEqual({
        mode: 'hard',
        required: true,
        enrolled: true,
        canEnroll: true,
      });
    } finally {
      await settings({ enforcement: { mode: 'off', scope: {} } });
    }
  });

  it('keeps enforcement on for everyone while a financial integration is connected', async () => {
    const refused = await settings({ financialIntegration: { connected: true } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('two_factor_enforcement_locked');
    expect((await settings({ financialIntegration: { connected: true }, enforcement: { mode: 'soft', scope: {} } })).status).toBe(200);
    const off = await settings({ enforcement: { mode: 'off', scope: {} } });
    expect(off.status).toBe(409);
    const cody = (await s.client.get('/api/v1/admin/users', admin)).body.users.find((u: { email: string }) => u.email === 'cody@acme.test');
    expect((await s.client.get(`/api/v1/admin/users/${cody.id}/two-factor`, admin)).body.enforcement).toMatchObject({
      required: true,
      reasons: ['financial_integration'],
      locked: true,
    });
    expect((await settings({ financialIntegration: { connected: false } })).status).toBe(200);
    expect((await settings({ enforcement: { mode: 'off', scope: {} } })).status).toBe(200);
  });

  it('asks an admin who has a factor for a fresh one before settings change, and audits old and new values', async () => {
    const totp = await kit.enableTotp(admin);
    admin = totp.token;
    const bare = await settings({ trustedDevices: { enabled: true, days: 7 } });
    expect(bare.status).toBe(403);
    expect(bare.body.code).toBe('second_factor_required');
    const proven = await s.client.patch(
      '/api/v1/admin/settings',
      { trustedDevices: { enabled: true, days: 7 }, secondFactor: { method: 'totp', code: kit.freshTotp(totp.secret) } },
      admin,
    );
    expect(proven.status, proven.text).toBe(200);
    expect(proven.body.trustedDevices).toEqual({ enabled: true, days: 7 });
    const entry = (await s.client.get('/api/v1/admin/audit?type=settings.changed&limit=1', admin)).body.entries[0];
    expect(entry.data).toEqual({ old: { trustedDevices: { enabled: true, days: 30 } }, new: { trustedDevices: { enabled: true, days: 7 } } });
  });
});
