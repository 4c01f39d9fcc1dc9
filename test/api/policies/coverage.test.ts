// The 2FA coverage view (GET /api/v1/admin/two-factor/coverage): users in the login or
// enforcement scope counted once, split into enrolled, pending (added by an admin) and not
// enrolled, per user type, with the reminders sent; admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

const DAY_MS = 86_400_000;

describe.each(DIALECTS)('%s: 2FA coverage', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let group: string;
  const coverage = async (token = admin) => {
    const res = await s.client.get('/api/v1/admin/two-factor/coverage', token);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };
  const settings = async (patch: object) => expect((await s.client.patch('/api/v1/admin/settings', patch, admin)).status).toBe(200);

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    kit = twoFactorKit(s);
    admin = (await setUp(s.client)).token;
    group = (await s.client.post('/api/v1/admin/groups', { name: 'Finance' }, admin)).body.id;
  });
  afterAll(() => s.stop());

  it('counts nobody while no policy names anyone', async () => {
    expect(await coverage()).toEqual({
      inScope: 0,
      enrolled: 0,
      pending: 0,
      notEnrolled: 0,
      remindersSent: { last7Days: 0, total: 0 },
      outsideScope: { enrolled: 0, pending: 0 },
      byUserType: [
        { userType: 'staff', inScope: 0, enrolled: 0 },
        { userType: 'client', inScope: 0, enrolled: 0 },
        { userType: 'contractor', inScope: 0, enrolled: 0 },
      ],
      mode: 'off',
      locked: false,
    });
  });

  it('counts the login and enforcement scopes once each, split into enrolled, pending and not enrolled', async () => {
    const fran = await createUser(s.client, admin, { email: 'fran@acme.test', groups: [group], userType: 'staff' });
    await createUser(s.client, admin, { email: 'finn@acme.test', groups: [group], userType: 'staff' });
    const cody = await createUser(s.client, admin, { email: 'cody@acme.test', userType: 'client' });
    await createUser(s.client, admin, { email: 'cleo@acme.test', userType: 'client' });
    await createUser(s.client, admin, { email: 'carl@acme.test', userType: 'contractor' });
    // Fran is in both scopes (counted once), Finn and the clients in one each; Carl in neither.
    await settings({ loginTwoFactor: { scope: { userTypes: ['client'], groups: [group] } }, enforcement: { mode: 'soft', scope: { groups: [group] } } });
    await kit.enableTotp((await kit.signIn(fran.email)).token);
    expect((await s.client.post('/api/v1/admin/two-factor/enrollments', { userIds: [cody.id, fran.id] }, admin)).status).toBe(201);

    expect(await coverage()).toMatchObject({
      inScope: 4,
      enrolled: 1,
      pending: 1,
      notEnrolled: 2,
      mode: 'soft',
      locked: false,
      byUserType: [
        { userType: 'staff', inScope: 2, enrolled: 1 },
        { userType: 'client', inScope: 2, enrolled: 0 },
        { userType: 'contractor', inScope: 0, enrolled: 0 },
      ],
    });
  });

  it('counts the reminders sent in the last seven days and in total', async () => {
    // Soft enforcement names the Finance group: Finn is in scope and not enrolled (Fran is).
    expect(await s.signoff.reminders.runOnce()).toBe(1);
    expect((await coverage()).remindersSent).toEqual({ last7Days: 1, total: 1 });
    s.clock!.advance(8 * DAY_MS);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    expect((await coverage()).remindersSent).toEqual({ last7Days: 0, total: 1 });
    expect(await s.signoff.reminders.runOnce()).toBe(1);
    expect((await coverage()).remindersSent).toEqual({ last7Days: 1, total: 2 });
  });

  it('counts everyone and reports the lock while a financial integration is connected', async () => {
    await settings({ financialIntegration: { connected: true } });
    // The admin, Fran, Finn, Cody, Cleo and Carl: every active user.
    expect(await coverage()).toMatchObject({ inScope: 6, enrolled: 1, pending: 1, notEnrolled: 4, mode: 'soft', locked: true });
    await settings({ financialIntegration: { connected: false } });
  });

  it('answers only admins', async () => {
    const member = await login(s.client, 'carl@acme.test', PASSWORD);
    const res = await s.client.get('/api/v1/admin/two-factor/coverage', member);
    expect(res.status).toBe(403);
    expect((await s.client.get('/api/v1/admin/two-factor/coverage')).status).toBe(401);
  });

  it('counts the people outside every scope who enrolled anyway or were added, so the Active and Pending lists add up', async () => {
    // Carl (a contractor) is in no scope: his authenticator and the admin's added-but-not-set-up
    // are outside the chart, and the lists, which show everyone, count them.
    const carl = (await s.client.get('/api/v1/admin/users', admin)).body.users.find((u: { email: string }) => u.email === 'carl@acme.test');
    const ada = (await s.client.get('/api/v1/admin/users', admin)).body.users.find((u: { email: string }) => u.email === ADMIN.email);
    await kit.enableTotp((await kit.signIn('carl@acme.test')).token);
    expect((await s.client.post('/api/v1/admin/two-factor/enrollments', { userIds: [ada.id] }, admin)).status).toBe(201);
    const c = await coverage();
    expect(c).toMatchObject({ inScope: 4, enrolled: 1, pending: 1, outsideScope: { enrolled: 1, pending: 1 } });
    const lists = (await s.client.get('/api/v1/admin/two-factor/enrollments', admin)).body;
    expect(lists.active.map((e: { userId: string }) => e.userId)).toContain(carl.id);
    expect(lists.active).toHaveLength(c.enrolled + c.outsideScope.enrolled);
    expect(lists.pending).toHaveLength(c.pending + c.outsideScope.pending);
  });

  it('reads the coverage and the enrollment lists in as many statements with more users as with few', async () => {
    // Each user was once looked up on their own (enrolled? in scope?): 0.4 s for each page with 3,000 users.
    const statementsOf = async (path: string) => {
      let n = 0;
      // The page's reads; the mail worker sends the new users' invitations meanwhile.
      const stop = s.signoff.database.onStatement((sql) => {
        if (/^\s*select/i.test(sql) && !/mail_outbox|mail_bodies/.test(sql)) n++;
      });
      const res = await s.client.get(path, admin);
      stop();
      expect(res.status, res.text).toBe(200);
      return n;
    };
    const paths = ['/api/v1/admin/two-factor/coverage', '/api/v1/admin/two-factor/enrollments'];
    const counted = async () => {
      const counts: number[] = [];
      for (const path of paths) counts.push(await statementsOf(path));
      return counts;
    };
    const before = await counted();
    for (const [i, userType] of ['client', 'staff', 'contractor'].entries()) await createUser(s.client, admin, { email: `more-${i}@acme.test`, userType });
    expect(await counted()).toEqual(before);
  });
});
