// Issue 12 item 4, the API under the admin pages: the users list says who is only invited and
// their 2FA state; "Resend invitation" sends a new link that voids the old one, limited and
// audited; the directory lets admins and workflow owners search people and groups by name with
// minimal fields, and nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: invitations, the users list and the directory', (dialect) => {
  let s: TestServer;
  let admin: string;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    await setUp(s.client);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });
  afterAll(() => s.stop());

  const db = () => s.signoff.services.db;
  const invitesTo = async (to: string) =>
    (
      await db()
        .selectFrom('mail_outbox')
        .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
        .select('text_body')
        .where('to_address', '=', to)
        .where('template', '=', 'account-invite')
        .orderBy('created_at')
        .execute()
    ).map((m) => /#token=([A-Za-z0-9_-]+)/.exec(m.text_body)![1]!);
  const usersList = async () =>
    (await s.client.get('/api/v1/admin/users', admin)).body.users as { id: string; email: string; invited: boolean; twoFactor: string }[];
  const resend = (id: string, token = admin) => s.client.post(`/api/v1/admin/users/${id}/invitation`, {}, token);

  it('lists invited users as invited until they set a password, with each user’s 2FA state', async () => {
    const kit = twoFactorKit(s);
    const ivy = (await s.client.post('/api/v1/admin/users', { email: 'ivy@acme.test', name: 'Ivy Invited' }, admin)).body as { id: string };
    const tia = await createUser(s.client, admin, { email: 'tia@acme.test' });
    const pat = await createUser(s.client, admin, { email: 'pat@acme.test' });
    await kit.enableTotp((await kit.signIn(tia.email)).token);
    expect((await s.client.post('/api/v1/admin/two-factor/enrollments', { userIds: [pat.id] }, admin)).status).toBe(201);

    const byEmail = Object.fromEntries((await usersList()).map((u) => [u.email, u]));
    expect(byEmail['ivy@acme.test']).toMatchObject({ invited: true, twoFactor: 'none' });
    expect(byEmail['tia@acme.test']).toMatchObject({ invited: false, twoFactor: 'active' });
    expect(byEmail['pat@acme.test']).toMatchObject({ invited: false, twoFactor: 'pending' });
    expect(byEmail[ADMIN.email]).toMatchObject({ invited: false, twoFactor: 'none' });

    const [token] = await invitesTo('ivy@acme.test');
    expect((await s.client.post('/api/v1/auth/password-reset/confirm', { token, password: 'ivy chose her own passphrase' })).status).toBe(204);
    expect((await usersList()).find((u) => u.id === ivy.id)).toMatchObject({ invited: false });
    expect((await resend(ivy.id)).body.code).toBe('invitation_not_pending');
  });

  it('resends an invitation with a new link that voids the old one, audited', async () => {
    const { id } = (await s.client.post('/api/v1/admin/users', { email: 'rex@acme.test', name: 'Rex Resent' }, admin)).body as { id: string };
    s.clock!.advance(1000); // the two invitations in created_at order (one manual-clock millisecond has no order)
    const res = await resend(id);
    expect(res.status, res.text).toBe(202);
    const [first, second] = await invitesTo('rex@acme.test');
    expect(second).toBeDefined();
    expect((await s.client.post('/api/v1/auth/password-reset/confirm', { token: first, password: 'an old link must not work' })).body.code).toBe(
      'reset_token_invalid',
    );
    expect((await s.client.post('/api/v1/auth/password-reset/confirm', { token: second, password: 'the newest link works fine' })).status).toBe(204);
    const audited = await db()
      .selectFrom('audit_entries')
      .select(['actor_label', 'data'])
      .where('type', '=', 'user.invitation_resent')
      .where('target_id', '=', id)
      .execute();
    expect(audited).toEqual([{ actor_label: ADMIN.email, data: JSON.stringify({ email: 'rex@acme.test' }) }]);
  });

  it('limits resends per invited user (an address cannot be mail-bombed), and the limit ends by itself', async () => {
    const { id } = (await s.client.post('/api/v1/admin/users', { email: 'bo@acme.test', name: 'Bo Bombed' }, admin)).body as { id: string };
    for (let i = 0; i < 3; i++) expect((await resend(id)).status).toBe(202);
    const refused = await resend(id);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    expect(await invitesTo('bo@acme.test')).toHaveLength(4);
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    expect((await resend(id)).status).toBe(202);
  });

  it('refuses resends for unknown ids, deactivated users and non-admins', async () => {
    const { id } = (await s.client.post('/api/v1/admin/users', { email: 'dee@acme.test', name: 'Dee Deactivated' }, admin)).body as { id: string };
    expect((await resend('usr_aaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    const owner = await createUser(s.client, admin, { email: 'olga@acme.test', roles: ['owner'] });
    expect((await resend(id, await login(s.client, owner.email, PASSWORD))).status).toBe(403);
    expect((await s.client.patch(`/api/v1/admin/users/${id}`, { active: false }, admin)).status).toBe(200);
    expect((await resend(id)).body.code).toBe('invitation_not_pending');
  });

  it('lets admins and workflow owners search people and groups by name, with ids, names and emails only', async () => {
    const group = (await s.client.post('/api/v1/admin/groups', { name: 'Quality 100%' }, admin)).body.id as string;
    await s.client.post('/api/v1/admin/groups', { name: 'Marketing' }, admin);
    const quinn = await createUser(s.client, admin, { email: 'quinn@acme.test', name: 'Quinn Quality', roles: ['reviewer'], groups: [group] });
    const owner = await login(s.client, 'olga@acme.test', PASSWORD);
    for (const token of [admin, owner]) {
      const res = await s.client.get('/api/v1/directory?q=QUAL', token);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ people: [{ id: quinn.id, name: 'Quinn Quality', email: 'quinn@acme.test' }], groups: [{ id: group, name: 'Quality 100%' }] });
    }
    // By email too; LIKE wildcards are plain characters; deactivated people are left out.
    expect((await s.client.get('/api/v1/directory?q=quinn%40acme', owner)).body.people).toHaveLength(1);
    expect((await s.client.get('/api/v1/directory?q=%25', owner)).body).toEqual({ people: [], groups: [{ id: group, name: 'Quality 100%' }] });
    expect((await s.client.get('/api/v1/directory?q=_', owner)).body.people).toEqual([]);
    expect((await s.client.get('/api/v1/directory?q=Dee', owner)).body.people).toEqual([]);
    expect((await s.client.get('/api/v1/directory?limit=2', owner)).body.people).toHaveLength(2);
    expect((await s.client.get('/api/v1/directory?limit=501', owner)).status).toBe(400);
  });

  it("folds case beyond ASCII in the directory: 'ñu' finds Ñuño, 'ÉQUIPE' finds équipe", async () => {
    const nuno = await createUser(s.client, admin, { email: 'nuno@acme.test', name: 'Ñuño Peña' });
    const group = (await s.client.post('/api/v1/admin/groups', { name: 'équipe qualité' }, admin)).body.id as string;
    const search = async (q: string) => (await s.client.get(`/api/v1/directory?q=${encodeURIComponent(q)}`, admin)).body;
    expect((await search('ñu')).people).toEqual([{ id: nuno.id, name: 'Ñuño Peña', email: 'nuno@acme.test' }]);
    expect((await search('PEÑA')).people.map((p: { id: string }) => p.id)).toEqual([nuno.id]);
    expect((await search('ÉQUIPE')).groups).toEqual([{ id: group, name: 'équipe qualité' }]);
  });

  it('refuses the directory to reviewers who are neither admins nor owners', async () => {
    const rae = await createUser(s.client, admin, { email: 'rae@acme.test', roles: ['reviewer'] });
    const res = await s.client.get('/api/v1/directory?q=a', await login(s.client, rae.email, PASSWORD));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});
