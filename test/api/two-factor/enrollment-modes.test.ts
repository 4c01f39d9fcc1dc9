// Enrollment modes and factor management (docs/guide.md §3; docs/security.md H1, H4, H5, C8). In
// self-service mode an open session is not enough to change factors: adding or removing one
// proves an existing factor (never a backup code), only one's own factors can be touched, and
// cookie requests carry the CSRF token. In admin-controlled mode only users an admin added set
// 2FA up, nobody removes their own factor, and an admin revoke leaves nothing behind.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { PRIVILEGED_WINDOW_MS } from '../../../src/factors/step-up.ts';
import { verifyPassword } from '../../../src/platform/crypto/password.ts';
import { oathtool } from './oathtool.ts';
import { emailedCode, twoFactorKit, twoFactorSuite } from './two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: enrollment modes', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });

  const newUser = () => createUser(s.client, admin, { email: `member${++n}@acme.test` });
  /** A user with an authenticator app and an active session (the one that confirmed it). */
  async function withTotp() {
    const user = await newUser();
    const totp = await kit.enableTotp((await kit.signIn(user.email)).token);
    return { user, totp };
  }
  const removeFactor = (id: string, token: string, secondFactor?: object) =>
    s.client.request('DELETE', `/api/v1/me/factors/${id}`, { token, ...(secondFactor ? { body: { secondFactor } } : {}) });
  const factorsOf = async (token: string) =>
    (await s.client.get('/api/v1/me/factors', token)).body as {
      factors: { id: string; type: string; status: string }[];
      backupCodesRemaining: number;
      trustedDevices: unknown[];
    };

  const enrollments = async () =>
    (await s.client.get('/api/v1/admin/two-factor/enrollments', admin)).body as Record<
      'pending' | 'active' | 'notEnrolledInScope',
      { userId: string; email: string; methods: string[] }[]
    >;
  const ids = (list: { userId: string }[]) => list.map((e) => e.userId);

  describe('self-service', () => {
    it('lists the members an enforcement policy covers and who have no factor as not enrolled in scope, by group and by role, and no one else', async () => {
      const group = await s.client.post('/api/v1/admin/groups', { name: 'Scoped' }, admin);
      expect(group.status).toBe(201);
      const inGroup = await createUser(s.client, admin, { email: `member${++n}@acme.test`, groups: [group.body.id] });
      const owner = await createUser(s.client, admin, { email: `member${++n}@acme.test`, roles: ['owner'] });
      const outside = await newUser();
      const { user: enrolled } = await withTotp();
      const scoped = async (scope: object) =>
        expect((await s.client.patch('/api/v1/admin/settings', { enforcement: { mode: 'soft', scope } }, admin)).status).toBe(200);
      await scoped({ groups: [group.body.id], roles: ['owner'], users: [enrolled.id] });
      const listed = await enrollments();
      // The first admin is an owner too, with no factor yet.
      const firstAdmin = listed.notEnrolledInScope.find((e) => e.email === ADMIN.email)!.userId;
      expect(ids(listed.notEnrolledInScope).sort()).toEqual([inGroup.id, owner.id, firstAdmin].sort());
      expect(ids(listed.active)).toContain(enrolled.id);
      expect(ids(listed.active)).not.toContain(outside.id);
      await scoped({});
      expect((await enrollments()).notEnrolledInScope).toEqual([]);
    });

    it('refuses to add a factor with the session alone: 403 second_factor_required with the methods to prove (H1)', async () => {
      const { user, totp } = await withTotp();
      for (const [path, body] of [
        ['/api/v1/me/factors/email', { email: user.email }],
        ['/api/v1/me/factors/totp', {}],
        ['/api/v1/me/backup-codes', {}],
      ] as const) {
        const res = await s.client.post(path, body, totp.token);
        expect(res.status, path).toBe(403);
        expect(res.body.code).toBe('second_factor_required');
        expect(res.body.methods).toEqual(['totp']);
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_user_authentication"');
      }
      expect((await factorsOf(totp.token)).factors).toHaveLength(1);
    });

    it('refuses a backup code as the proof for adding or removing a factor, and does not spend it (C8)', async () => {
      const { user, totp } = await withTotp();
      const add = await s.client.post(
        '/api/v1/me/factors/email',
        { email: user.email, secondFactor: { method: 'backup_code', code: totp.backupCodes[0] } },
        totp.token,
      );
      expect(add.status).toBe(403);
      expect(add.body.code).toBe('second_factor_invalid');
      const remove = await removeFactor(totp.factorId, totp.token, { method: 'backup_code', code: totp.backupCodes[1] });
      expect(remove.status).toBe(403);
      expect(remove.body.code).toBe('second_factor_invalid');
      const after = await factorsOf(totp.token);
      expect(after.factors).toEqual([expect.objectContaining({ id: totp.factorId, status: 'active' })]);
      expect(after.backupCodesRemaining).toBe(10);
    });

    it('removes a factor only with a fresh second factor, and tells the user (H1, H2)', async () => {
      const { user, totp } = await withTotp();
      const { factorId: emailId, token } = await kit.addEmailFactor(totp.token, user.email, totp.secret);
      // Past the few minutes one verification covers (privileged-session.test.ts).
      s.clock!.advance(PRIVILEGED_WINDOW_MS + 1);
      const bare = await removeFactor(emailId, token);
      expect(bare.status, bare.text).toBe(403);
      expect(bare.body.code).toBe('second_factor_required');
      const wrong = await removeFactor(emailId, token, { method: 'totp', code: kit.wrongTotp(totp.secret) });
      expect(wrong.body.code).toBe('second_factor_invalid');
      expect((await factorsOf(token)).factors.map((f) => f.id)).toContain(emailId);

      expect((await removeFactor(emailId, token, { method: 'totp', code: kit.freshTotp(totp.secret) })).status).toBe(204);
      expect((await factorsOf(token)).factors.map((f) => f.id)).toEqual([totp.factorId]);
      expect(await kit.notices(user.email, /factor was removed/i)).toHaveLength(1);
      expect(await kit.notices(user.email, /factor was added/i)).toHaveLength(2);
    });

    it("answers 404 when user B deletes user A's factor by id, and A's factor stays (H5)", async () => {
      const a = await withTotp();
      const b = await withTotp();
      const res = await removeFactor(a.totp.factorId, b.totp.token, { method: 'totp', code: kit.freshTotp(b.totp.secret) });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect((await factorsOf(a.totp.token)).factors).toEqual([expect.objectContaining({ id: a.totp.factorId, status: 'active' })]);
    });

    it('refuses a cookie-authenticated DELETE without the CSRF token (H5)', async () => {
      const { user, totp } = await withTotp();
      const { factorId, token } = await kit.addEmailFactor(totp.token, user.email, totp.secret);
      const csrfToken = (await s.client.get('/api/v1/auth/session', token)).body.csrfToken;
      const body = { secondFactor: { method: 'totp', code: kit.freshTotp(totp.secret) } };
      const forged = await s.client.request('DELETE', `/api/v1/me/factors/${factorId}`, { body, headers: { cookie: `signoff_session=${token}` } });
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe('csrf_token_invalid');
      expect((await factorsOf(token)).factors.map((f) => f.id)).toContain(factorId);
      const genuine = await s.client.request('DELETE', `/api/v1/me/factors/${factorId}`, {
        body,
        headers: { cookie: `signoff_session=${token}`, 'x-csrf-token': csrfToken },
      });
      expect(genuine.status).toBe(204);
    });

    // Removing the last two factors at the same moment under a policy that requires 2FA: each
    // removal decides "another factor remains" with the other's factor still there, so on
    // PostgreSQL both used to go through and leave the user with none.
    // @see docs/security.md#k-reliability-under-concurrency K9
    it('removes only one of the last two factors removed at once under hard enforcement: the other answers two_factor_required_by_policy', async () => {
      const users = [];
      for (let i = 0; i < 4; i++) users.push(await withTotp());
      const setEnforcement = (enforcement: object) => s.client.patch('/api/v1/admin/settings', { enforcement }, admin);
      expect((await setEnforcement({ mode: 'hard', scope: { users: users.map((u) => u.user.id) } })).status).toBe(200);
      try {
        for (const { user, totp } of users) {
          // Adding the email factor opens the privileged window: both removals need no code.
          const { factorId: emailId, token } = await kit.addEmailFactor(totp.token, user.email, totp.secret);
          const [a, b] = await Promise.all([removeFactor(totp.factorId, token), removeFactor(emailId, token)]);
          expect([a.status, b.status].sort(), `${a.text} ${b.text}`).toEqual([204, 409]);
          expect([a, b].find((r) => r.status === 409)!.body.code).toBe('two_factor_required_by_policy');
          const left = await factorsOf(token);
          expect(left.factors.filter((f) => f.status === 'active')).toHaveLength(1);
          expect(left.backupCodesRemaining).toBe(10);
        }
      } finally {
        expect((await setEnforcement({ mode: 'off', scope: {} })).status).toBe(200);
      }
    });

    // New backup codes asked for while the last factor is removed: the request decided "the user
    // has a factor" before hashing, and stored its codes after the removal had taken the old ones
    // away, leaving backup codes that back up no factor (C8).
    // @see docs/security.md#k-reliability-under-concurrency K9
    it('leaves no backup codes when new ones are asked for while the last factor is removed', async () => {
      for (let i = 0; i < 3; i++) {
        const { user, totp } = await withTotp();
        const { factorId: emailId, token } = await kit.addEmailFactor(totp.token, user.email, totp.secret);
        expect((await removeFactor(emailId, token)).status).toBe(204);
        const [removed, regenerated] = await Promise.all([removeFactor(totp.factorId, token), s.client.post('/api/v1/me/backup-codes', {}, token)]);
        expect(removed.status, removed.text).toBe(204);
        expect([201, 403], regenerated.text).toContain(regenerated.status);
        if (regenerated.status === 403) expect(regenerated.body.code).toBe('second_factor_not_enrolled');
        const left = await factorsOf(token);
        expect(left.factors).toEqual([]);
        expect(left.backupCodesRemaining).toBe(0);
      }
    });

    // Confirming two first factors at the same moment: each decided "no factor yet, so backup
    // codes come with it" before the other committed, so on PostgreSQL both answers showed a set
    // of codes and the second set silently voided the first.
    // @see docs/security.md#k-reliability-under-concurrency K9
    it('activates one factor when the first two are confirmed at the same moment from one session: its answer alone shows backup codes, and they are the ones that work', async () => {
      for (let i = 0; i < 3; i++) {
        const user = await newUser();
        const { token } = await kit.signIn(user.email);
        const totp = await s.client.post('/api/v1/me/factors/totp', {}, token);
        expect(totp.status, totp.text).toBe(201);
        let emailId = '';
        const mail = await kit.mailAfter(user.email, 'email-code', async () => {
          const res = await s.client.post('/api/v1/me/factors/email', { email: user.email }, token);
          expect(res.status, res.text).toBe(201);
          emailId = res.body.id;
        });
        const [a, b] = await Promise.all([
          s.client.post(`/api/v1/me/factors/${totp.body.id}/confirm`, { code: kit.totp(totp.body.secret) }, token),
          s.client.post(`/api/v1/me/factors/${emailId}/confirm`, { code: emailedCode(mail) }, token),
        ]);
        // Each activation renews the session it was sent with: the second finds it replaced and
        // is refused, its factor still pending (both used to succeed and leave two sessions).
        expect([a.status, b.status].sort(), `${a.text} ${b.text}`).toEqual([200, 401]);
        expect([a, b].find((r) => r.status === 401)!.body.code).toBe('unauthenticated');
        const refused = a.status === 401 ? totp.body.id : emailId;
        expect((await kit.db.selectFrom('factors').select('status').where('id', '=', refused).executeTakeFirstOrThrow()).status).toBe('pending');
        const shown = [a, b].filter((r) => r.body.backupCodes !== undefined);
        expect(shown, 'answers with backup codes').toHaveLength(1);
        const stored = await kit.db.selectFrom('backup_codes').select('code_hash').where('user_id', '=', user.id).execute();
        expect(stored).toHaveLength(10);
        const codes = shown[0]!.body.backupCodes as string[];
        expect((await Promise.all(codes.map((c) => verifyPassword(stored[0]!.code_hash, c)))).some(Boolean), 'a shown code matches a stored one').toBe(true);
      }
    });
  });

  describe('admin-controlled', () => {
    beforeAll(async () => {
      s.clock!.advance(61 * 60_000);
      const res = await s.client.patch('/api/v1/admin/settings', { enrollmentMode: 'admin_controlled' }, await login(s.client, ADMIN.email, ADMIN.password));
      expect(res.status).toBe(200);
    });
    const addUser = async (id: string) => expect((await s.client.post('/api/v1/admin/two-factor/enrollments', { userIds: [id] }, admin)).status).toBe(201);
    async function addedWithTotp() {
      const user = await newUser();
      await addUser(user.id);
      return { user, totp: await kit.enableTotp((await kit.signIn(user.email)).token) };
    }

    it('refuses setup to a user no admin added: 403 two_factor_not_enabled_for_account', async () => {
      const user = await newUser();
      const session = await kit.signIn(user.email);
      for (const [path, body] of [
        ['/api/v1/me/factors/totp', {}],
        ['/api/v1/me/factors/email', { email: user.email }],
      ] as const) {
        const res = await s.client.post(path, body, session.token);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('two_factor_not_enabled_for_account');
      }
    });

    it('lists an added user as pending until the setup is confirmed, then as active; the secret is never mailed', async () => {
      const user = await newUser();
      await addUser(user.id);
      expect(ids((await enrollments()).pending)).toContain(user.id);
      const session = await kit.signIn(user.email);
      const start = await s.client.post('/api/v1/me/factors/totp', {}, session.token);
      expect(start.status).toBe(201);
      expect(ids((await enrollments()).pending)).toContain(user.id);
      expect((await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: kit.totp(start.body.secret) }, session.token)).status).toBe(200);
      const after = await enrollments();
      expect(ids(after.pending)).not.toContain(user.id);
      expect(after.active.find((e) => e.userId === user.id)?.methods).toContain('totp');
      const mails = await s.signoff.services.db
        .selectFrom('mail_outbox')
        .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
        .select(['text_body', 'html_body'])
        .where('to_address', '=', user.email)
        .execute();
      for (const m of mails) expect(m.text_body + m.html_body).not.toContain(start.body.secret);
    });

    it('does not let users remove their own factor', async () => {
      const { totp } = await addedWithTotp();
      const res = await removeFactor(totp.factorId, totp.token, { method: 'totp', code: kit.freshTotp(totp.secret) });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect((await factorsOf(totp.token)).factors).toEqual([expect.objectContaining({ id: totp.factorId, status: 'active' })]);
    });

    it('revokes every factor, backup code, trusted device and session on an admin revoke; old codes fail and re-adding gives a new secret (H4)', async () => {
      const { user, totp } = await addedWithTotp();
      const trusted = await kit.finish((await kit.signIn(user.email)).token, { method: 'totp', code: kit.freshTotp(totp.secret), trustDevice: true });
      expect(trusted.body.deviceToken).toBeDefined();

      expect((await s.client.delete(`/api/v1/admin/two-factor/enrollments/${user.id}`, admin)).status).toBe(204);
      expect((await s.client.get('/api/v1/auth/session', trusted.body.token)).status).toBe(401);
      const listed = await enrollments();
      expect([...ids(listed.pending), ...ids(listed.active)]).not.toContain(user.id);
      const again = await kit.signIn(user.email);
      expect(again.state).toBe('active');
      expect(await factorsOf(again.token)).toMatchObject({ factors: [], backupCodesRemaining: 0, trustedDevices: [] });
      expect((await s.client.post('/api/v1/me/factors/totp', {}, again.token)).body.code).toBe('two_factor_not_enabled_for_account');

      await addUser(user.id);
      const restart = await s.client.post('/api/v1/me/factors/totp', {}, again.token);
      expect(restart.status).toBe(201);
      expect(restart.body.secret).not.toBe(totp.secret);
      const old = await s.client.post(
        `/api/v1/me/factors/totp/${restart.body.id}/confirm`,
        { code: oathtool(totp.secret, s.clock!.now() + 30_000) },
        again.token,
      );
      expect(old.status).toBe(422);
      const fresh = await s.client.post(`/api/v1/me/factors/totp/${restart.body.id}/confirm`, { code: kit.totp(restart.body.secret) }, again.token);
      expect(fresh.status).toBe(200);

      await s.client.post('/api/v1/auth/logout', {}, fresh.body.token);
      const half = await kit.signIn(user.email, { headers: { 'x-signoff-device': trusted.body.deviceToken } });
      expect(half.state).toBe('second_factor_required');
      expect((await kit.finish(half.token, { method: 'totp', code: oathtool(totp.secret, s.clock!.now() + 30_000) })).status).toBe(403);
      expect((await kit.finish(half.token, { method: 'backup_code', code: totp.backupCodes[0]! })).status).toBe(403);
    });
  });
});
