// Issue 12 item 1: enrollment mode × enforcement × the financial-integration lock, and nobody
// is ever stranded. For every combination, a user who was there when the settings changed and
// one who joined the scope after: what the session says, whether they may set 2FA up, whether
// the reminder pass asks them, and that they have a way forward (set up, or notify an admin).
// In admin-controlled mode a policy that requires 2FA adds the user (Pending) itself, audited
// as the policy's doing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, type Totp } from '../two-factor/two-factor-fixtures.ts';
import type { OrgId } from '../../../src/platform/ids.ts';

const MODES = ['self_service', 'admin_controlled'] as const;
const ENFORCEMENT = ['off', 'soft', 'hard'] as const;
const LOCK = [false, true] as const;
const BASELINE = {
  enrollmentMode: 'self_service',
  loginTwoFactor: { scope: {} },
  enforcement: { mode: 'off', scope: {} },
  financialIntegration: { connected: false },
};
const CASES = MODES.flatMap((mode) => ENFORCEMENT.flatMap((enforcement) => LOCK.map((lock) => ({ mode, enforcement, lock }))));

describe.each(DIALECTS)('%s: enrollment mode × enforcement × lock', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let adminTotp: Totp;
  let admin: string;
  let n = 0;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    kit = twoFactorKit(s);
    const first = await setUp(s.client);
    // The admin has a factor, so no combination holds them (the lock covers everyone).
    adminTotp = await kit.enableTotp(first.token);
    admin = await adminSignIn();
  });
  afterAll(() => s.stop());

  const db = () => s.signoff.services.db;
  async function adminSignIn() {
    const half = await kit.signIn(ADMIN.email, { password: ADMIN.password });
    const done = await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(adminTotp.secret) });
    expect(done.status, done.text).toBe(200);
    return done.body.token as string;
  }
  const patchSettings = (patch: object) =>
    s.client.patch('/api/v1/admin/settings', { ...patch, secondFactor: { method: 'totp', code: kit.freshTotp(adminTotp.secret) } }, admin);
  const reminders = (to: string) =>
    db().selectFrom('mail_outbox').select('id').where('to_address', '=', to).where('template', '=', 'enrollment-reminder').execute();
  const policyAdds = async (userId: string) =>
    (await db().selectFrom('audit_entries').select(['data', 'actor_label']).where('type', '=', 'two_factor.enrollment_added').execute())
      .map((e) => ({ ...(JSON.parse(e.data) as { userIds: string[]; by?: string; reason?: string }), actor: e.actor_label }))
      .filter((e) => e.userIds.includes(userId));

  it.each(CASES)('$mode, enforcement $enforcement, lock $lock: the session, setup, reminders and a way forward agree', async ({ mode, enforcement, lock }) => {
    expect((await patchSettings(BASELINE)).status).toBe(200);
    const group = (await s.client.post('/api/v1/admin/groups', { name: `Matrix ${++n}` }, admin)).body.id as string;
    const before = await createUser(s.client, admin, { email: `m${n}-before@acme.test`, groups: [group] });
    const patch = { enrollmentMode: mode, enforcement: { mode: enforcement, scope: { groups: [group] } }, financialIntegration: { connected: lock } };
    const res = await patchSettings(patch);
    if (lock && enforcement === 'off') {
      // The lock keeps enforcement on: the change is refused and nothing else changes.
      expect(res.status, res.text).toBe(409);
      expect(res.body.code).toBe('two_factor_enforcement_locked');
      return;
    }
    expect(res.status, res.text).toBe(200);
    const after = await createUser(s.client, admin, { email: `m${n}-after@acme.test`, groups: [group] });
    const required = enforcement !== 'off';

    for (const [who, reason] of [
      [before, 'settings_changed'],
      [after, 'user_changed'],
    ] as const) {
      // Added by the policy exactly where it matters: admin-controlled and required.
      const adds = await policyAdds(who.id);
      // (under the lock the settings change adds every earlier user too, in the same entry)
      if (mode === 'admin_controlled' && required) {
        expect(adds).toHaveLength(1);
        expect(adds[0]).toMatchObject({ by: 'policy', reason, actor: 'signoff policy' });
        expect(adds[0]!.userIds).toContain(who.id);
      } else {
        expect(adds).toEqual([]);
      }

      const signIn = await kit.signIn(who.email);
      expect(signIn.state).toBe(enforcement === 'hard' ? 'enrollment_required' : 'active');
      const canEnroll = mode === 'self_service' || required;
      const session = await s.client.get('/api/v1/auth/session', signIn.token);
      expect(session.body.enforcement).toEqual({ mode: enforcement, required, enrolled: false, canEnroll });

      // The reminder pass asks only those who can act.
      await s.signoff.reminders.runOnce();
      expect(await reminders(who.email)).toHaveLength(required ? 1 : 0);

      // A way forward: set up where allowed, otherwise ask the administrators.
      const start = await s.client.post('/api/v1/me/factors/totp', {}, signIn.token);
      if (canEnroll) {
        expect(start.status, start.text).toBe(201);
        const confirm = await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: kit.totp(start.body.secret) }, signIn.token);
        expect(confirm.status, confirm.text).toBe(200);
        expect((await s.client.get('/api/v1/auth/session', confirm.body.token)).body).toMatchObject({
          state: 'active',
          enforcement: { enrolled: true, canEnroll: true },
        });
      } else {
        expect(start.status).toBe(403);
        expect(start.body.code).toBe('two_factor_not_enabled_for_account');
        const asked = await s.client.post('/api/v1/me/two-factor/notify-admins', {}, signIn.token);
        expect(asked.status, asked.text).toBe(202);
        expect(asked.body).toEqual({ notified: 1 });
      }
    }
    expect((await patchSettings(BASELINE)).status).toBe(200);
  });

  it('adds users whom the login scope requires 2FA of, so sign-in never ends at a setup page that refuses them', async () => {
    const group = (await s.client.post('/api/v1/admin/groups', { name: `Login ${++n}` }, admin)).body.id as string;
    expect((await patchSettings({ enrollmentMode: 'admin_controlled', loginTwoFactor: { scope: { groups: [group] } } })).status).toBe(200);
    const lee = await createUser(s.client, admin, { email: `login${n}@acme.test` });
    // Joins the scope by a group change: the policy adds them then.
    expect((await s.client.patch(`/api/v1/admin/users/${lee.id}`, { groups: [group] }, admin)).status).toBe(200);
    expect(await policyAdds(lee.id)).toEqual([{ userIds: [lee.id], by: 'policy', reason: 'user_changed', actor: 'signoff policy' }]);
    const signIn = await kit.signIn(lee.email);
    expect(signIn.state).toBe('enrollment_required');
    expect((await s.client.post('/api/v1/me/factors/totp', {}, signIn.token)).status).toBe(201);
    expect((await patchSettings({ enrollmentMode: 'self_service', loginTwoFactor: { scope: {} } })).status).toBe(200);
  });

  it('adds the members an admin puts into a scoped group, and nobody when a group is only created', async () => {
    const group = (await s.client.post('/api/v1/admin/groups', { name: `Scoped ${++n}` }, admin)).body.id as string;
    expect((await patchSettings({ enrollmentMode: 'admin_controlled', loginTwoFactor: { scope: { groups: [group] } } })).status).toBe(200);
    const kim = await createUser(s.client, admin, { email: `scoped${n}@acme.test` });
    // A new group is in no scope: creating one with Kim in it changes nothing.
    expect((await s.client.post('/api/v1/admin/groups', { name: `Unscoped ${n}`, members: [kim.id] }, admin)).status).toBe(201);
    expect(await policyAdds(kim.id)).toEqual([]);
    // Joining the scoped group through the group itself adds her.
    expect((await s.client.patch(`/api/v1/admin/groups/${group}`, { members: [kim.id] }, admin)).status).toBe(200);
    expect(await policyAdds(kim.id)).toEqual([{ userIds: [kim.id], by: 'policy', reason: 'user_changed', actor: 'signoff policy' }]);
    expect((await patchSettings({ enrollmentMode: 'self_service', loginTwoFactor: { scope: {} } })).status).toBe(200);
  });

  it('adds a user once when the settings were changed behind its back and sign-ins and session reads race (the safety net)', async () => {
    // A fresh hour: the earlier tests' sign-ins that stopped at a second factor spent most of this
    // address's hourly sign-in budget (sessions idle past 30 minutes end: the admin signs in again).
    s.clock!.advance(61 * 60_000);
    admin = await adminSignIn();
    const rae = await createUser(s.client, admin, { email: `race${++n}@acme.test` });
    // Settings written straight to the database: no settings change ran the adds.
    const orgId = (await s.client.get('/api/v1/auth/session', admin)).body.user.organization.id as OrgId;
    const current = JSON.parse(
      (await db().selectFrom('organizations').select('settings').where('id', '=', orgId).executeTakeFirstOrThrow()).settings ?? '{}',
    ) as Record<string, unknown>;
    await db()
      .updateTable('organizations')
      .set({ settings: JSON.stringify({ ...current, enrollmentMode: 'admin_controlled', enforcement: { mode: 'hard', scope: { users: [rae.id] } } }) })
      .where('id', '=', orgId)
      .execute();
    const signIns = await Promise.all(Array.from({ length: 4 }, () => kit.signIn(rae.email)));
    await Promise.all(signIns.map((x) => s.client.get('/api/v1/auth/session', x.token)));
    const adds = await policyAdds(rae.id);
    expect(adds).toHaveLength(1);
    expect(adds[0]).toMatchObject({ by: 'policy', reason: 'sign_in' });
    expect((await s.client.get('/api/v1/auth/session', signIns[0]!.token)).body.enforcement).toEqual({
      mode: 'hard',
      required: true,
      enrolled: false,
      canEnroll: true,
    });
    expect((await patchSettings({ enrollmentMode: 'self_service', enforcement: { mode: 'off', scope: {} } })).status).toBe(200);
  });

  it('emails every admin when a user asks to be added, and refuses a second request the same day (admins cannot be mail-bombed)', async () => {
    expect((await patchSettings({ enrollmentMode: 'admin_controlled' })).status).toBe(200);
    const second = await createUser(s.client, admin, { email: `boss${++n}@acme.test`, roles: ['admin'] });
    const sam = await createUser(s.client, admin, { email: `sam${n}@acme.test`, name: 'Sam Spade' });
    const token = (await kit.signIn(sam.email)).token;
    const noticesTo = async (to: string) => (await kit.notices(to, /Sam Spade .* asks to be added to two-factor authentication/)).length;
    const [adaBefore, secondBefore] = [await noticesTo(ADMIN.email), await noticesTo(second.email)];

    expect((await s.client.post('/api/v1/me/two-factor/notify-admins', {}, token)).body).toEqual({ notified: 2 });
    expect(await noticesTo(ADMIN.email)).toBe(adaBefore + 1);
    expect(await noticesTo(second.email)).toBe(secondBefore + 1);
    const again = await s.client.post('/api/v1/me/two-factor/notify-admins', {}, token);
    expect(again.status).toBe(429);
    expect(await noticesTo(ADMIN.email)).toBe(adaBefore + 1);
    const audited = await db()
      .selectFrom('audit_entries')
      .select(['target_id', 'data'])
      .where('type', '=', 'two_factor.admins_notified')
      .where('target_id', '=', sam.id)
      .execute();
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!.data)).toMatchObject({ canEnroll: false });

    s.clock!.advance(86_400_000 + 1000);
    const fresh = (await kit.signIn(sam.email)).token;
    expect((await s.client.post('/api/v1/me/two-factor/notify-admins', {}, fresh)).status).toBe(202);
    admin = await adminSignIn();
    expect((await patchSettings({ enrollmentMode: 'self_service' })).status).toBe(200);
  });

  it('costs as many statements to create a user with more enrolled colleagues as with few (who is enrolled is read once)', async () => {
    // Who is enrolled was asked of each required member not yet added, one statement each inside
    // the change's transaction: every user an admin created cost a statement per colleague who
    // set 2FA up while the organisation was self-service.
    const settings = async (enrollmentMode: string) => {
      const res = await patchSettings({ ...BASELINE, enrollmentMode, loginTwoFactor: { scope: { everyone: true } } });
      expect(res.status, res.text).toBe(200);
    };
    async function enrolledColleagues(count: number) {
      await settings('self_service');
      for (let i = 0; i < count; i++) {
        const user = await createUser(s.client, admin, { email: `colleague-${++n}@acme.test` });
        await kit.enableTotp((await kit.signIn(user.email)).token);
      }
      await settings('admin_controlled');
    }
    async function statementsOfCreatingAUser(): Promise<number> {
      // The admin's session records its last use once a minute, and the codes above moved the clock: not in the count.
      expect((await s.client.get('/api/v1/auth/session', admin)).status).toBe(200);
      let count = 0;
      const stop = s.signoff.database.onStatement((sql) => {
        // The mail worker's statements aside, and on SQLite the commit group's BEGIN and COMMIT, shared with whatever else ran in it.
        if (!/mail_outbox|mail_bodies/.test(sql) && !/^\s*(begin|commit)\b/i.test(sql)) count++;
      });
      await createUser(s.client, admin, { email: `new-${++n}@acme.test` });
      stop();
      return count;
    }
    await enrolledColleagues(1);
    const few = await statementsOfCreatingAUser();
    await enrolledColleagues(3);
    expect(await statementsOfCreatingAUser()).toBe(few);
    expect((await patchSettings(BASELINE)).status).toBe(200);
  });
});
