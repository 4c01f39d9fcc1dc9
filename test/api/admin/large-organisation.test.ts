// An organisation of more users than one statement can bind values (32,766 on SQLite, 65,535 on
// PostgreSQL): its users' groups were read with every user id in the statement, so listing its
// users, building its members (the 2FA coverage chart, settings, enrollment) failed with a 500
// on SQLite past 32,766 users. The audit trail's search by actor bound the id of every user its
// text names: a text naming them all failed the same way. Both bind the ids as one value now
// (platform/db/one-of.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type GroupId, type OrgId, type UserId } from '../../../src/platform/ids.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

/** More than SQLite binds in one statement. */
const USERS = 33_000;
const BATCH = 500;

describe.each(DIALECTS)('%s: an organisation of more users than a statement binds values', (dialect) => {
  let s: TestServer;
  let admin: string;
  let inGroup: UserId;
  let groupId: GroupId;

  beforeAll(async () => {
    s = await startInProcess(dialect, { env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    let orgId: OrgId;
    ({ token: admin, orgId } = await setUp(s.client));
    const db = s.signoff.services.db;
    for (let b = 0; b < USERS / BATCH; b++) {
      const rows = Array.from({ length: BATCH }, (_, i) => ({
        id: newId<UserId>('usr'),
        org_id: orgId,
        email: `user${b * BATCH + i}@acme.test`,
        name: `User ${b * BATCH + i}`,
        user_type: 'staff',
        roles: '[]',
        password_hash: null,
        active: 1,
        created_at: 0,
        updated_at: 0,
      }));
      await db.insertInto('users').values(rows).execute();
      if (b === 0) inGroup = rows[7]!.id;
    }
    const group = await s.client.post('/api/v1/admin/groups', { name: 'QA', members: [inGroup] }, admin);
    expect(group.status, group.text).toBe(201);
    groupId = group.body.id;
  });
  afterAll(() => s.stop());

  it('lists every user with their groups, and charts their 2FA coverage', async () => {
    const users = await s.client.get('/api/v1/admin/users', admin);
    expect(users.status, users.text.slice(0, 300)).toBe(200);
    expect(users.body.users).toHaveLength(USERS + 1);
    const grouped = users.body.users.filter((u: { groups: unknown[] }) => u.groups.length > 0);
    expect(grouped).toEqual([expect.objectContaining({ id: inGroup, groups: [{ id: groupId, name: 'QA' }] })]);
    const coverage = await s.client.get('/api/v1/admin/two-factor/coverage', admin);
    expect(coverage.status, coverage.text.slice(0, 300)).toBe(200);
  });

  it("searches and exports the audit trail by a text that names every user (each user's id was bound in the statement)", async () => {
    const search = await s.client.get('/api/v1/admin/audit?actor=acme.test&type=group.created', admin);
    expect(search.status, search.text.slice(0, 300)).toBe(200);
    expect(search.body.entries).toEqual([expect.objectContaining({ type: 'group.created', target: expect.objectContaining({ id: groupId }) })]);
    const exported = await s.client.get('/api/v1/admin/audit/export?actor=acme.test&type=group.created', admin);
    expect(exported.status, exported.text.slice(0, 300)).toBe(200);
    expect(exported.body.entries.map((e: { type: string }) => e.type)).toEqual(['group.created']);
    // Only the users the text names: user 7's entries are none of the admin's.
    const nobody = await s.client.get(`/api/v1/admin/audit?actor=user7@&type=group.created`, admin);
    expect(nobody.body.entries).toEqual([]);
  });
});
