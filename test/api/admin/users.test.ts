// API.md "Administration": users. Admin only; another organisation's users behave as unknown
// (404, docs/architecture.md error model 6); a user created without a password is invited by email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { createSecondOrganization, linkToken, mailAfter } from './admin-fixtures.ts';
import type { UserId } from '../../../src/platform/ids.ts';

const UNKNOWN_USER = 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa';
const UNKNOWN_GROUP = 'grp_aaaaaaaaaaaaaaaaaaaaaaaaaa';

describe.each(DIALECTS)('%s: admin users', (dialect) => {
  let s: TestServer;
  let admin: string;
  let adminId: string;
  let reviewer: string;
  let reviewerId: string;
  let other: Awaited<ReturnType<typeof createSecondOrganization>>;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_DEV_MAILBOX: '1' } }); // reads links through the dev mailbox
    ({ token: admin, userId: adminId } = await setUp(s.client));
    reviewerId = (await createUser(s.client, admin, { email: 'rev@acme.test', roles: ['reviewer'] })).id;
    reviewer = await login(s.client, 'rev@acme.test', PASSWORD);
    other = await createSecondOrganization(s);
  });
  afterAll(() => s.stop());

  const group = async (name: string) => (await s.client.post('/api/v1/admin/groups', { name }, admin)).body.id as string;

  it('creates a user with groups and shows it in the list and by id', async () => {
    const qa = await group('QA');
    const res = await s.client.post(
      '/api/v1/admin/users',
      { email: ' Cleo@ACME.test', name: ' Cleo Client ', password: PASSWORD, userType: 'client', roles: ['reviewer', 'owner'], groups: [qa] },
      admin,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: 'cleo@acme.test',
      name: 'Cleo Client',
      userType: 'client',
      roles: ['reviewer', 'owner'],
      groups: [{ id: qa, name: 'QA' }],
      active: true,
    });
    expect(res.body.id).toMatch(/^usr_[a-z2-7]{26}$/);
    expect(res.body).not.toHaveProperty('passwordHash');
    const list = await s.client.get('/api/v1/admin/users', admin);
    expect(list.status).toBe(200);
    expect(list.body.users).toContainEqual({ ...res.body, invited: false, twoFactor: 'none' }); // the list adds the invitation and 2FA state
    const one = await s.client.get(`/api/v1/admin/users/${res.body.id}`, admin);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(res.body);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);
    await login(s.client, 'cleo@acme.test', PASSWORD);
  });

  it('defaults to a staff reviewer in no group', async () => {
    const res = await s.client.post('/api/v1/admin/users', { email: 'dan@acme.test', name: 'Dan', password: PASSWORD }, admin);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userType: 'staff', roles: ['reviewer'], groups: [] });
  });

  it('changes roles, user type, groups, name and active, and shows the change', async () => {
    const [legal, brand] = [await group('Legal'), await group('Brand')];
    const u = await createUser(s.client, admin, { email: 'eve@acme.test', groups: [legal] });
    const res = await s.client.patch(
      `/api/v1/admin/users/${u.id}`,
      { name: 'Eve Owner', roles: ['owner', 'admin'], userType: 'contractor', groups: [brand] },
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: u.id,
      name: 'Eve Owner',
      roles: ['owner', 'admin'],
      userType: 'contractor',
      groups: [{ id: brand, name: 'Brand' }],
      active: true,
    });
    expect((await s.client.get(`/api/v1/admin/users/${u.id}`, admin)).body).toEqual(res.body);
    const eve = await login(s.client, 'eve@acme.test', PASSWORD);
    expect((await s.client.get('/api/v1/admin/users', eve)).status).toBe(200);

    const off = await s.client.patch(`/api/v1/admin/users/${u.id}`, { active: false }, admin);
    expect(off.body).toMatchObject({ active: false, roles: ['owner', 'admin'] });
    expect((await s.client.get('/api/v1/auth/session', eve)).status).toBe(401);
    const on = await s.client.patch(`/api/v1/admin/users/${u.id}`, { active: true, groups: [] }, admin);
    expect(on.body).toMatchObject({ active: true, groups: [] });
    await login(s.client, 'eve@acme.test', PASSWORD);
  });

  it('refuses an email that already has an account in the organisation with email_taken', async () => {
    await createUser(s.client, admin, { email: 'fay@acme.test' });
    for (const email of ['fay@acme.test', 'FAY@Acme.Test ']) {
      const res = await s.client.post('/api/v1/admin/users', { email, name: 'Fay Again', password: PASSWORD }, admin);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'email_taken', status: 409 });
    }
    const all = (await s.client.get('/api/v1/admin/users', admin)).body.users as { email: string }[];
    expect(all.filter((u) => u.email === 'fay@acme.test')).toHaveLength(1);
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it('creates an email once when several admins add it at the same moment: the others get email_taken, never a 500', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => s.client.post('/api/v1/admin/users', { email: 'gil@acme.test', name: 'Gil' }, admin)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('email_taken');
    const all = (await s.client.get('/api/v1/admin/users', admin)).body.users as { email: string }[];
    expect(all.filter((u) => u.email === 'gil@acme.test')).toHaveLength(1);
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it("applies admins' changes of one user at the same moment one after the other: each audited change starts where the one before ended", async () => {
    const u = await createUser(s.client, admin, { email: 'hal-concurrent@acme.test', name: 'Hal' });
    for (let i = 0; i < 5; i++) {
      const answers = await Promise.all(
        ['Hal A', 'Hal B', 'Hal C'].map((name) => s.client.patch(`/api/v1/admin/users/${u.id}`, { name: `${name} ${i}` }, admin)),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    }
    const changes = (
      await s.signoff.services.db
        .selectFrom('audit_entries')
        .select('data')
        .where('type', '=', 'user.updated')
        .where('target_id', '=', u.id)
        .orderBy('seq')
        .execute()
    ).map((e) => JSON.parse(e.data) as { old: { name?: string }; new: { name?: string } });
    expect(changes).toHaveLength(15);
    changes.slice(1).forEach((c, i) => expect(c.old.name).toBe(changes[i]!.new.name));
    const final = (await s.client.get(`/api/v1/admin/users/${u.id}`, admin)).body.name;
    expect(final).toBe(changes.at(-1)!.new.name);
  });

  it('lets another organisation use the same email', async () => {
    const res = await s.client.post('/api/v1/admin/users', { email: 'rev@acme.test', name: 'Rev Elsewhere', password: PASSWORD }, await other.token());
    expect(res.status).toBe(201);
  });

  it('refuses an admin removing their own admin role or deactivating themselves with cannot_change_own_admin', async () => {
    for (const body of [{ roles: ['owner', 'reviewer'] }, { active: false }, { roles: [] }]) {
      const res = await s.client.patch(`/api/v1/admin/users/${adminId}`, body, admin);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('cannot_change_own_admin');
    }
    const me = await s.client.get(`/api/v1/admin/users/${adminId}`, admin);
    expect(me.body).toMatchObject({ roles: ['admin', 'owner', 'reviewer'], active: true });
    expect((await s.client.patch(`/api/v1/admin/users/${adminId}`, { name: 'Ada Renamed' }, admin)).status).toBe(200);
  });

  it('answers 403 forbidden to a reviewer on every admin route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/admin/users'],
      ['POST', '/api/v1/admin/users', { email: 'x@acme.test', name: 'X', password: PASSWORD }],
      ['GET', `/api/v1/admin/users/${reviewerId}`],
      ['PATCH', `/api/v1/admin/users/${reviewerId}`, { roles: ['admin', 'reviewer'] }],
      ['GET', '/api/v1/admin/groups'],
      ['POST', '/api/v1/admin/groups', { name: 'Sneaky' }],
      ['PATCH', `/api/v1/admin/groups/${UNKNOWN_GROUP}`, { name: 'Sneaky' }],
      ['DELETE', `/api/v1/admin/groups/${UNKNOWN_GROUP}`],
      ['GET', '/api/v1/admin/audit'],
      ['GET', '/api/v1/admin/audit/verify'],
      ['GET', '/api/v1/dev/mailbox'],
    ];
    for (const [method, path, body] of routes) {
      const res = await s.client.request(method, path, { body, token: reviewer });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code, `${method} ${path}`).toBe('forbidden');
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await s.client.get(`/api/v1/admin/users/${reviewerId}`, admin)).body.roles).toEqual(['reviewer']);
    expect((await s.client.get('/api/v1/admin/groups', admin)).body.groups.map((g: { name: string }) => g.name)).not.toContain('Sneaky');
    expect((await s.client.get('/api/v1/admin/users', undefined)).body.code).toBe('unauthenticated');
  });

  it('answers 404 not_found for an unknown user id', async () => {
    const get = await s.client.get(`/api/v1/admin/users/${UNKNOWN_USER}`, admin);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('not_found');
    const patch = await s.client.patch(`/api/v1/admin/users/${UNKNOWN_USER}`, { name: 'Ghost' }, admin);
    expect(patch.status).toBe(404);
    expect(patch.body.code).toBe('not_found');
  });

  it('answers 404 for a user of another organisation, changes nothing and does not list it', async () => {
    const get = await s.client.get(`/api/v1/admin/users/${other.userId}`, admin);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('not_found');
    const patch = await s.client.patch(`/api/v1/admin/users/${other.userId}`, { active: false, roles: ['reviewer'], name: 'Hijacked' }, admin);
    expect(patch.status).toBe(404);
    expect(patch.body.code).toBe('not_found');
    const row = await s.signoff.services.db.selectFrom('users').select(['name', 'active', 'roles']).where('id', '=', other.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Otto Other', active: 1, roles: JSON.stringify(['admin', 'reviewer']) });
    const list = (await s.client.get('/api/v1/admin/users', admin)).body.users as { id: string }[];
    expect(list.map((u) => u.id)).not.toContain(other.userId);
    await other.token();
  });

  it("refuses another organisation's group when creating or changing a user", async () => {
    const created = await s.client.post('/api/v1/admin/users', { email: 'gil@acme.test', name: 'Gil', password: PASSWORD, groups: [other.groupId] }, admin);
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: 'invalid_request', errors: [{ pointer: '#/groups' }] });
    expect((await s.client.post('/api/v1/auth/login', { email: 'gil@acme.test', password: PASSWORD })).status).toBe(401);
    const changed = await s.client.patch(`/api/v1/admin/users/${reviewerId}`, { groups: [other.groupId] }, admin);
    expect(changed.status).toBe(400);
    const members = await s.signoff.services.db.selectFrom('group_members').select('user_id').where('group_id', '=', other.groupId).execute();
    expect(members).toEqual([{ user_id: other.userId }]);
    expect((await s.client.get(`/api/v1/admin/users/${reviewerId}`, admin)).body.groups).toEqual([]);
  });

  it('invites a user created without a password: the emailed link sets a password that signs in', async () => {
    let id = '' as UserId;
    const mail = await mailAfter(s.client, admin, 'hal@acme.test', async () => {
      const res = await s.client.post('/api/v1/admin/users', { email: 'hal@acme.test', name: 'Hal Invited' }, admin);
      expect(res.status).toBe(201);
      id = res.body.id;
    });
    expect(mail.subject).toContain(ADMIN.organization);
    expect(mail.text).toContain('Hal Invited');
    const token = linkToken(mail, s.signoff.config.baseUrl);
    expect(mail.text).toContain(`${s.signoff.config.baseUrl}/reset-password#token=${token}`);
    const tokens = await s.signoff.services.db.selectFrom('password_tokens').select(['token_hash', 'purpose']).where('user_id', '=', id).execute();
    expect(tokens).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), purpose: 'invite' }]);
    expect(tokens[0]!.token_hash).not.toBe(token);

    const newPassword = 'my own chosen passphrase';
    expect((await s.client.post('/api/v1/auth/login', { email: 'hal@acme.test', password: newPassword })).status).toBe(401);
    const set = await s.client.post('/api/v1/auth/password-reset/confirm', { token, password: newPassword });
    expect(set.status).toBe(204);
    const res = await s.client.post('/api/v1/auth/login', { email: 'hal@acme.test', password: newPassword });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id, name: 'Hal Invited', roles: ['reviewer'] });
    expect((await s.client.post('/api/v1/auth/password-reset/confirm', { token, password: 'yet another passphrase' })).body.code).toBe('reset_token_invalid');
  });
});
