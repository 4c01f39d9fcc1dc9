// GET /api/v1/auth/session is the UI's first request on every page: the session, its user with
// groups, whether the user is enrolled, the organisation and its settings come in one statement
// (issue 14). The answer stays the same: groups by name, settings and enrollment as just changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { totpCode } from '../../support/authenticator.ts';
import { createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

describe.each(DIALECTS)('%s: session read', (dialect) => {
  let s: TestServer;
  let admin: string;
  let fran: string;
  const groups: Record<string, string> = {};

  beforeAll(async () => {
    // No mail polling: its statements would run during the counted request.
    s = await startInProcess(dialect, { env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    admin = (await setUp(s.client)).token;
    for (const name of ['Zeta', 'Audit', 'Finance']) groups[name] = (await s.client.post('/api/v1/admin/groups', { name }, admin)).body.id;
    await createUser(s.client, admin, { email: 'fran@acme.test', name: 'Fran', groups: [groups.Zeta!, groups.Audit!], userType: 'staff' });
    fran = await login(s.client, 'fran@acme.test', PASSWORD);
  });
  afterAll(() => s.stop());

  /** The SQL statements one request runs. */
  async function statementsOf(request: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const stop = s.signoff.database.onStatement((text) => seen.push(text));
    try {
      await request();
    } finally {
      stop();
    }
    return seen;
  }

  it('reads session, user, groups, enrollment, organisation and settings in one statement', async () => {
    await s.client.get('/api/v1/auth/session', fran);
    const statements = await statementsOf(() => s.client.get('/api/v1/auth/session', fran));
    expect(statements, statements.join('\n')).toHaveLength(1);
  });

  it('answers with the user, their groups ordered by name, and the organisation', async () => {
    const res = await s.client.get('/api/v1/auth/session', fran);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      email: 'fran@acme.test',
      name: 'Fran',
      userType: 'staff',
      active: true,
      groups: [
        { id: groups.Audit, name: 'Audit' },
        { id: groups.Zeta, name: 'Zeta' },
      ],
      organization: { name: expect.any(String), slug: expect.any(String) },
    });
    const none = await s.client.get('/api/v1/auth/session', admin);
    expect(none.body.user.groups).toEqual([]);
  });

  it('shows a settings change at the next request, and holds a user that hard enforcement now covers', async () => {
    expect((await s.client.get('/api/v1/auth/session', fran)).body.trustedDeviceDays).toBe(30);
    expect(
      (
        await s.client.patch(
          '/api/v1/admin/settings',
          { trustedDevices: { enabled: true, days: 7 }, enforcement: { mode: 'hard', scope: { groups: [groups.Zeta] } } },
          admin,
        )
      ).status,
    ).toBe(200);
    const after = await s.client.get('/api/v1/auth/session', fran);
    expect(after.body).toMatchObject({ trustedDeviceDays: 7, enforcement: { mode: 'hard', required: true, enrolled: false } });
    const held = await s.client.get('/api/v1/tasks', fran);
    expect(held.status).toBe(403);
    expect(held.body.code).toBe('two_factor_enrollment_required');
    await s.client.patch('/api/v1/admin/settings', { enforcement: { mode: 'off', scope: {} } }, admin);
    expect((await s.client.get('/api/v1/tasks', fran)).status).toBe(200);
  });

  it('says enrolled from the first request after the user confirms a factor', async () => {
    await createUser(s.client, admin, { email: 'gil@acme.test', name: 'Gil' });
    let gil = await login(s.client, 'gil@acme.test', PASSWORD);
    expect((await s.client.get('/api/v1/auth/session', gil)).body.enforcement.enrolled).toBe(false);
    const start = await s.client.post('/api/v1/me/factors/totp', {}, gil);
    const confirm = await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: totpCode(start.body.secret) }, gil);
    expect(confirm.status, confirm.text).toBe(200);
    gil = confirm.body.token;
    expect((await s.client.get('/api/v1/auth/session', gil)).body.enforcement.enrolled).toBe(true);
  });
});
