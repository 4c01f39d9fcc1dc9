// An audited write answers with what it created, read from what is in hand: creating, renaming
// or deleting a group costs the same statements with one group in the organisation as with
// many (it used to reload every group and membership: issue 14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

describe.each(DIALECTS)('%s: group writes cost the same however many groups exist', (dialect) => {
  let s: TestServer;
  let admin: string;
  let ann: { id: string };
  beforeAll(async () => {
    // No mail polling: its statements would run during the counted requests.
    s = await startInProcess(dialect, { env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    ({ token: admin } = await setUp(s.client));
    ann = await createUser(s.client, admin, { email: 'ann@acme.test', name: 'Ann' });
  });
  afterAll(() => s.stop());

  /** The SQL statements one request runs, and its answer. */
  async function counted(request: () => Promise<{ status: number; body: any }>) {
    const seen: string[] = [];
    const stop = s.signoff.database.onStatement((text) => seen.push(text));
    try {
      return { res: await request(), statements: seen };
    } finally {
      stop();
    }
  }
  const create = (name: string) => counted(() => s.client.post('/api/v1/admin/groups', { name, members: [ann.id] }, admin));
  const rename = (id: string, name: string) => counted(() => s.client.patch(`/api/v1/admin/groups/${id}`, { name }, admin));

  it('creates and renames a group in the same statements with 40 other groups as with none, answering with the group', async () => {
    const first = await create('First');
    expect(first.res.status).toBe(201);
    expect(first.res.body).toMatchObject({ name: 'First', members: [{ id: ann.id, name: 'Ann', email: 'ann@acme.test' }] });
    const firstRename = await rename(first.res.body.id, 'First renamed');
    expect(firstRename.res.body).toMatchObject({ id: first.res.body.id, name: 'First renamed', members: [{ id: ann.id }] });

    for (let i = 0; i < 40; i++) expect((await s.client.post('/api/v1/admin/groups', { name: `Filler ${i}`, members: [ann.id] }, admin)).status).toBe(201);

    const later = await create('Later');
    expect(later.res.status).toBe(201);
    // One transaction: the group and its audit entry (self-service enrollment adds nobody by policy).
    expect(later.statements.filter((text) => /^begin/i.test(text))).toHaveLength(1);
    expect(later.statements).toHaveLength(first.statements.length);
    const laterRename = await rename(later.res.body.id, 'Later renamed');
    expect(laterRename.statements).toHaveLength(firstRename.statements.length);
    // And what the answer said is what was stored.
    const listed = (await s.client.get('/api/v1/admin/groups', admin)).body.groups as unknown[];
    expect(listed).toContainEqual({ ...later.res.body, name: 'Later renamed' });
  });
});
