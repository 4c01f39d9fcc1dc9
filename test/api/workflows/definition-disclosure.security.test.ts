// Attack: a reviewer lists every workflow of the organisation and reads each definition to
// harvest who reviews what, with every reviewer's and guest's email address. Now anyone may
// list definitions (names and step counts, to submit an item), but only admins and owners read
// any definition in full; others read only those of workflows they take part in (an item they
// submitted or have a task on), without email addresses, and get 404 for the rest.
// @see docs/security.md J10 (authority checks on every request); OWASP ASVS 5.0.0 8.2.1, 8.2.2
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

// @see docs/security.md#j-e-signatures-and-the-audit-trail J10
describe.each(DIALECTS)('%s: who reads workflow definitions', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let sam: Person;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let w1: string;
  let w2: string;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    sam = await k.person('sam');
    [alice, bob, carol] = [await k.person('alice'), await k.person('bob'), await k.person('carol')];
    w1 = await k.workflow([{ reviewers: [{ user: alice.id }, { guest: { email: 'gus@outside.test', name: 'Gus' } }], threshold: { type: 'any' } }], 'Artwork');
    w2 = await k.workflow([{ reviewers: [{ user: bob.id }] }], 'Contracts');
    await k.submit(sam.token, w1);
  });
  afterAll(() => s?.stop());
  const read = (token: string, id: string) => s.client.get(`/api/v1/workflows/${id}`, token);

  it('a member who takes part in no item of a workflow cannot read its definition (404), only list names', async () => {
    expect((await read(carol.token, w1)).status).toBe(404);
    expect((await read(carol.token, w1)).body.code).toBe('not_found');
    expect((await read(sam.token, w2)).status).toBe(404);
    expect((await read(alice.token, w2)).status).toBe(404);
    const list = await s.client.get('/api/v1/workflows', carol.token);
    expect(list.status).toBe(200);
    expect(list.body.workflows.map((w: { name: string }) => w.name)).toEqual(['Artwork', 'Contracts']);
    expect(list.text).not.toContain('@');
  });

  it('the submitter and a reviewer of an item read its workflow without any email address', async () => {
    for (const who of [sam, alice]) {
      const res = await read(who.token, w1);
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toContain('@');
      expect(res.body.steps[0].reviewers).toEqual([
        { kind: 'user', id: alice.id, label: 'Alice' },
        { kind: 'guest', label: 'Guest reviewer' },
      ]);
    }
  });

  it('admins read every definition in full', async () => {
    const res = await read(admin.token, w1);
    expect(res.body.steps[0].reviewers).toEqual([
      { kind: 'user', id: alice.id, email: alice.email, label: `Alice <${alice.email}>` },
      { kind: 'guest', email: 'gus@outside.test', label: 'Gus' },
    ]);
    expect((await read(admin.token, w2)).status).toBe(200);
  });
});
