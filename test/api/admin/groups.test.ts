// API.md "Administration": groups and their members. Members and groups of another
// organisation behave as unknown; names are unique per organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { createSecondOrganization } from './admin-fixtures.ts';

const UNKNOWN_GROUP = 'grp_aaaaaaaaaaaaaaaaaaaaaaaaaa';

describe.each(DIALECTS)('%s: admin groups', (dialect) => {
  let s: TestServer;
  let admin: string;
  let ann: { id: string; email: string };
  let bob: { id: string; email: string };
  let other: Awaited<ReturnType<typeof createSecondOrganization>>;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    ({ token: admin } = await setUp(s.client));
    ann = await createUser(s.client, admin, { email: 'ann@acme.test', name: 'Ann' });
    bob = await createUser(s.client, admin, { email: 'bob@acme.test', name: 'Bob' });
    other = await createSecondOrganization(s);
  });
  afterAll(() => s.stop());

  const listGroups = async () => (await s.client.get('/api/v1/admin/groups', admin)).body.groups as { id: string; name: string; members: { id: string }[] }[];
  const memberIds = async (id: string) =>
    (await listGroups())
      .find((g) => g.id === id)
      ?.members.map((m) => m.id)
      .sort();

  it('creates a group with members and lists it', async () => {
    const res = await s.client.post('/api/v1/admin/groups', { name: '  Quality Assurance ', members: [ann.id, bob.id, ann.id] }, admin);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Quality Assurance' });
    expect(res.body.id).toMatch(/^grp_[a-z2-7]{26}$/);
    expect(res.body.members.map((m: { email: string }) => m.email).sort()).toEqual(['ann@acme.test', 'bob@acme.test']);
    expect(await listGroups()).toContainEqual(res.body);
    const annView = await s.client.get(`/api/v1/admin/users/${ann.id}`, admin);
    expect(annView.body.groups).toContainEqual({ id: res.body.id, name: 'Quality Assurance' });
  });

  it('creates a group without members', async () => {
    const res = await s.client.post('/api/v1/admin/groups', { name: 'Empty' }, admin);
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual([]);
  });

  it('renames a group and replaces its members', async () => {
    const g = (await s.client.post('/api/v1/admin/groups', { name: 'Legal', members: [ann.id] }, admin)).body;
    const res = await s.client.patch(`/api/v1/admin/groups/${g.id}`, { name: 'Legal & Compliance', members: [bob.id] }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: g.id, name: 'Legal & Compliance', members: [{ id: bob.id, email: 'bob@acme.test', name: 'Bob' }] });
    expect(await memberIds(g.id)).toEqual([bob.id]);
    const cleared = await s.client.patch(`/api/v1/admin/groups/${g.id}`, { members: [] }, admin);
    expect(cleared.body).toMatchObject({ name: 'Legal & Compliance', members: [] });
  });

  it('refuses a name already used in the organisation with group_name_taken', async () => {
    await s.client.post('/api/v1/admin/groups', { name: 'Brand' }, admin);
    const dup = await s.client.post('/api/v1/admin/groups', { name: ' Brand ' }, admin);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('group_name_taken');
    const g = (await s.client.post('/api/v1/admin/groups', { name: 'Marketing' }, admin)).body;
    const rename = await s.client.patch(`/api/v1/admin/groups/${g.id}`, { name: 'Brand' }, admin);
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('group_name_taken');
    expect((await listGroups()).filter((x) => x.name === 'Brand')).toHaveLength(1);
    expect((await s.client.patch(`/api/v1/admin/groups/${g.id}`, { name: 'Marketing' }, admin)).status).toBe(200);
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it('gives a name to one group when several admins create or rename to it at the same moment: the others get group_name_taken, never a 500', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => s.client.post('/api/v1/admin/groups', { name: 'Finance' }, admin)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('group_name_taken');
    expect((await listGroups()).filter((x) => x.name === 'Finance')).toHaveLength(1);
    const groups = await Promise.all(
      ['Tax', 'Audit', 'Treasury'].map(async (name) => (await s.client.post('/api/v1/admin/groups', { name }, admin)).body.id as string),
    );
    const renames = await Promise.all(groups.map((id) => s.client.patch(`/api/v1/admin/groups/${id}`, { name: 'Controlling' }, admin)));
    expect(renames.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect((await listGroups()).filter((x) => x.name === 'Controlling')).toHaveLength(1);
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it('answers a change to a group deleted at the same moment with 404, 400 or edit_conflict, never a 500, and leaves no member of it', async () => {
    for (let i = 0; i < 10; i++) {
      const g = (await s.client.post('/api/v1/admin/groups', { name: `Short-lived ${i}` }, admin)).body;
      const [removed, changed, added] = await Promise.all([
        s.client.delete(`/api/v1/admin/groups/${g.id}`, admin),
        s.client.patch(`/api/v1/admin/groups/${g.id}`, { members: [ann.id] }, admin),
        s.client.post('/api/v1/admin/users', { email: `short-lived-${i}@acme.test`, name: 'Short', groups: [g.id] }, admin),
      ]);
      expect(removed.status).toBe(204);
      expect([200, 404, 409]).toContain(changed.status);
      expect([201, 400, 409]).toContain(added.status);
      if (changed.status === 409) expect(changed.body.code).toBe('edit_conflict');
      if (added.status === 409) expect(added.body.code).toBe('edit_conflict');
      expect(await memberIds(g.id)).toBeUndefined();
      const annView = await s.client.get(`/api/v1/admin/users/${ann.id}`, admin);
      expect(annView.body.groups.map((x: { id: string }) => x.id)).not.toContain(g.id);
    }
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it('applies the member lists of admins who replace them at the same moment one after the other, never a blend of two lists nor a 500', async () => {
    for (let i = 0; i < 5; i++) {
      const g = (await s.client.post('/api/v1/admin/groups', { name: `Contested ${i}` }, admin)).body;
      const sets = [[ann.id], [bob.id], [ann.id, bob.id]];
      const answers = await Promise.all(sets.map((members) => s.client.patch(`/api/v1/admin/groups/${g.id}`, { members }, admin)));
      for (const a of answers) expect([200, 409]).toContain(a.status);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('edit_conflict');
      // Never a blend of two requests: the members are what one of the successful ones asked for.
      const won = answers.flatMap((a, j) => (a.status === 200 ? [[...sets[j]!].sort()] : []));
      expect(won).toContainEqual(await memberIds(g.id));
    }
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it('deletes a group once when admins delete it at the same moment: one 204, the others 404, one audit entry', async () => {
    for (let i = 0; i < 5; i++) {
      const g = (await s.client.post('/api/v1/admin/groups', { name: `Deleted twice ${i}`, members: [ann.id] }, admin)).body;
      const answers = await Promise.all([1, 2, 3].map(() => s.client.delete(`/api/v1/admin/groups/${g.id}`, admin)));
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(' ')).toEqual([204, 404, 404]);
      const trail = await s.client.get('/api/v1/admin/audit?type=group.deleted&limit=100', admin);
      expect(trail.body.entries.filter((e: { target: { id: string } }) => e.target.id === g.id)).toHaveLength(1);
    }
  });

  it('lets another organisation use the same group name', async () => {
    const res = await s.client.post('/api/v1/admin/groups', { name: 'Quality Assurance' }, await other.token());
    expect(res.status).toBe(201);
  });

  it('refuses members from another organisation and creates or changes nothing', async () => {
    const create = await s.client.post('/api/v1/admin/groups', { name: 'Mixed', members: [ann.id, other.userId] }, admin);
    expect(create.status).toBe(400);
    expect(create.body).toMatchObject({ code: 'invalid_request', errors: [{ pointer: '#/members' }] });
    expect((await listGroups()).map((g) => g.name)).not.toContain('Mixed');

    const g = (await s.client.post('/api/v1/admin/groups', { name: 'Pure', members: [ann.id] }, admin)).body;
    const change = await s.client.patch(`/api/v1/admin/groups/${g.id}`, { name: 'Impure', members: [other.userId] }, admin);
    expect(change.status).toBe(400);
    expect((await listGroups()).find((x) => x.id === g.id)).toMatchObject({ name: 'Pure', members: [{ id: ann.id }] });
    const unknown = await s.client.post('/api/v1/admin/groups', { name: 'Ghosts', members: ['usr_aaaaaaaaaaaaaaaaaaaaaaaaaa'] }, admin);
    expect(unknown.status).toBe(400);
  });

  it('answers 404 for a group of another organisation and leaves it alone', async () => {
    const rename = await s.client.patch(`/api/v1/admin/groups/${other.groupId}`, { name: 'Taken over', members: [ann.id] }, admin);
    expect(rename.status).toBe(404);
    expect(rename.body.code).toBe('not_found');
    const del = await s.client.delete(`/api/v1/admin/groups/${other.groupId}`, admin);
    expect(del.status).toBe(404);
    expect(del.body.code).toBe('not_found');
    const row = await s.signoff.services.db.selectFrom('groups').select(['name', 'org_id']).where('id', '=', other.groupId).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Other QA', org_id: other.orgId });
    const members = await s.signoff.services.db.selectFrom('group_members').select('user_id').where('group_id', '=', other.groupId).execute();
    expect(members).toEqual([{ user_id: other.userId }]);
    expect((await listGroups()).map((g) => g.id)).not.toContain(other.groupId);
  });

  it('answers 404 not_found for an unknown group id', async () => {
    expect((await s.client.patch(`/api/v1/admin/groups/${UNKNOWN_GROUP}`, { name: 'X' }, admin)).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await s.client.delete(`/api/v1/admin/groups/${UNKNOWN_GROUP}`, admin)).body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('deletes a group: it leaves the list and its members keep their accounts', async () => {
    const g = (await s.client.post('/api/v1/admin/groups', { name: 'Temporary', members: [ann.id, bob.id] }, admin)).body;
    const del = await s.client.delete(`/api/v1/admin/groups/${g.id}`, admin);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await listGroups()).map((x) => x.id)).not.toContain(g.id);
    const annView = (await s.client.get(`/api/v1/admin/users/${ann.id}`, admin)).body;
    expect(annView.active).toBe(true);
    expect(annView.groups.map((x: { id: string }) => x.id)).not.toContain(g.id);
    expect(await s.signoff.services.db.selectFrom('group_members').select('user_id').where('group_id', '=', g.id).execute()).toEqual([]);
    expect((await s.client.delete(`/api/v1/admin/groups/${g.id}`, admin)).status).toBe(404);
    expect((await s.client.post('/api/v1/admin/groups', { name: 'Temporary' }, admin)).status).toBe(201);
  });
});
