// Submitting an item, opening a step's round and a delegation's checks read the people they name
// (a step's users, groups and roles; the delegator and delegate), never every member of the
// organisation. Each used to load every user and every membership, the first two inside the
// write transaction: with 3,000 members a submission took 23 ms on SQLite (every other write
// waited) and 54 ms on PostgreSQL, 3.5 and 14.5 ms now.
// Measured here as the user and membership rows the request's reads return, which must not grow
// with the organisation.
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgId } from '../../../src/platform/ids.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { insertUser } from '../../support/rows.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

describe.each(DIALECTS)('%s: reads of people name their people', (dialect) => {
  let s: TestServer;
  let admin: string;
  let orgId: OrgId;
  let rita: { id: string; token: string };
  let sam: { id: string; token: string };
  let workflowId: string;
  let others = 0;

  beforeAll(async () => {
    // No mail polling: its statements would run during the counted requests.
    s = await startInProcess(dialect, { env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    ({ token: admin, orgId } = await setUp(s.client));
    const person = async (name: string) => {
      const u = await createUser(s.client, admin, { email: `${name.toLowerCase()}@acme.test`, name });
      return { id: u.id, token: await login(s.client, u.email, PASSWORD) };
    };
    [rita, sam] = [await person('Rita'), await person('Sam')];
    const carl = await person('Carl');
    const group = await s.client.post('/api/v1/admin/groups', { name: 'QA', members: [carl.id] }, admin);
    const wf = await s.client.post(
      '/api/v1/workflows',
      {
        name: 'Three steps',
        steps: [
          { name: 'By name', reviewers: [{ user: rita.id }] },
          { name: 'By group', reviewers: [{ group: group.body.id }] },
          { name: 'By role', reviewers: [{ role: 'admin' }] },
        ],
      },
      admin,
    );
    expect(wf.status, wf.text).toBe(201);
    workflowId = wf.body.id;
  });
  afterAll(() => s.stop());

  /** Members who are named by nothing here, each in a group of their own. */
  async function addOthers(n: number) {
    const db = s.signoff.services.db;
    for (let i = 0; i < n; i++) {
      const id = await insertUser(db, orgId, { name: `Other ${++others}`, email: `other${others}@acme.test` });
      const group = await s.client.post('/api/v1/admin/groups', { name: `Other group ${others}`, members: [id] }, admin);
      expect(group.status, group.text).toBe(201);
    }
  }

  /** The rows of `users` and `group_members` that the request's reads returned (each read run again, as it ran). */
  async function peopleRead(request: () => Promise<{ status: number; text: string }>, status: number) {
    const reads: { sql: string; parameters: readonly unknown[] }[] = [];
    const stop = s.signoff.database.onStatement((sql, parameters) => {
      if (/^\s*select/i.test(sql) && /"(users|group_members)"/.test(sql)) reads.push({ sql, parameters: [...parameters] });
    });
    let res;
    try {
      res = await request();
    } finally {
      stop();
    }
    expect(res.status, res.text).toBe(status);
    let rows = 0;
    for (const r of reads) rows += (await s.signoff.services.db.executeQuery(CompiledQuery.raw(r.sql, [...r.parameters]))).rows.length;
    return rows;
  }

  /** Submits an item, Rita approves its first step (the group's step opens), and the statements' people of each. */
  async function submitAndAdvance() {
    let itemId = '';
    const submit = await peopleRead(async () => {
      const res = await s.client.post('/api/v1/items', { workflowId, title: 'Batch record', content: 'text' }, sam.token);
      itemId = res.body.id;
      return res;
    }, 201);
    const advance = await peopleRead(() => s.client.post(`/api/v1/items/${itemId}/decisions`, { step: 0, decision: 'approve' }, rita.token), 201);
    return { submit, advance };
  }

  it('submitting an item and opening its next step read the people the steps name, however many others the organisation has', async () => {
    const few = await submitAndAdvance();
    await addOthers(12);
    const many = await submitAndAdvance();
    expect(many).toEqual(few);
  });

  it('setting a delegation reads the two people it names', async () => {
    const delegate = () =>
      peopleRead(
        () =>
          s.client.request('PUT', '/api/v1/me/delegation', {
            body: { delegateUserId: sam.id, from: new Date().toISOString(), until: new Date(Date.now() + 86_400_000).toISOString() },
            token: rita.token,
          }),
        200,
      );
    const few = await delegate();
    await addOthers(12);
    expect(await delegate()).toBe(few);
  });

  it("the delegate picker matches any part of a name or email, its case folded beyond ASCII: 'ñu' finds Ñuño", async () => {
    await createUser(s.client, admin, { email: 'nuno@acme.test', name: 'Ñuño Peña' });
    const pick = async (q: string) =>
      (await s.client.get(`/api/v1/me/delegation/candidates?q=${encodeURIComponent(q)}`, rita.token)).body.users.map((u: { name: string }) => u.name);
    expect(await pick('ñu')).toEqual(['Ñuño Peña']);
    expect(await pick('PEÑA')).toEqual(['Ñuño Peña']);
    expect(await pick('SA')).toEqual(['Sam']);
    // Never the one asking.
    expect(await pick('rita')).toEqual([]);
  });
});
