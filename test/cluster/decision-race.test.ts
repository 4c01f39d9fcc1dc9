// One vote per reviewer per step, and a threshold counted once, across instances (docs/security.md
// K1, K2, F7): two `signoff serve` processes on one PostgreSQL database take bursts of the same
// decision. The processes run on the wall clock, so TOTP codes come from oathtool at Date.now()
// (the step after the confirmation's, inside the ±1 step window whenever the burst lands).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, setUp, PASSWORD } from '../support/fixtures.ts';
import { oathtool } from '../api/two-factor/oathtool.ts';
import { fromAddress, twoInstances } from './two-instances.ts';

describe('postgres: decisions raced across two instances', () => {
  const cluster = twoInstances();
  let admin: string;
  let submitter: string;
  let n = 0;

  beforeAll(async () => {
    // Behind one proxy at 127.0.0.1: the code race comes from its own client address, so the
    // refused codes do not spend the address budget the other tests sign in from.
    await cluster.start({ SIGNOFF_TRUST_PROXY: '127.0.0.1' });
    admin = (await setUp(cluster.a.client)).token;
    const sam = await createUser(cluster.a.client, admin, { email: 'sam@acme.test', name: 'Sam' });
    submitter = await login(cluster.a.client, sam.email, PASSWORD);
  });
  afterAll(() => cluster.stop());

  async function reviewer(withTotp: boolean) {
    const user = await createUser(cluster.a.client, admin, { email: `reviewer${++n}@acme.test` });
    const token = await login(cluster.a.client, user.email, PASSWORD);
    if (!withTotp) return { id: user.id, token, secret: '', confirmedAt: 0 };
    const start = await cluster.a.client.post('/api/v1/me/factors/totp', {}, token);
    const confirmedAt = Date.now();
    const confirm = await cluster.a.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: oathtool(start.body.secret, confirmedAt) }, token);
    expect(confirm.status, confirm.text).toBe(200);
    return { id: user.id, token: confirm.body.token as string, secret: start.body.secret as string, confirmedAt };
  }

  async function itemFor(steps: object[]) {
    const wf = await cluster.a.client.post('/api/v1/workflows', { name: `Race ${++n}`, steps }, admin);
    expect(wf.status, wf.text).toBe(201);
    const item = await cluster.b.client.post('/api/v1/items', { workflowId: wf.body.id, title: `Race item ${n}`, content: `content ${n}` }, submitter);
    expect(item.status, item.text).toBe(201);
    return item.body.id as string;
  }

  const votes = async (itemId: string) => Number((await cluster.query<{ n: string }>('SELECT count(*) AS n FROM votes WHERE item_id = $1', [itemId]))[0]!.n);

  it('records one vote when 20 protected decisions with one TOTP code arrive at once (K1, F7)', async () => {
    const r = await reviewer(true);
    const itemId = await itemFor([{ name: 'QA', reviewers: [{ user: r.id }], requireTwoFactor: true }]);
    const code = oathtool(r.secret, r.confirmedAt + 30_000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fromAddress(
          cluster.at(i).client,
          '203.0.113.20',
          'POST',
          `/api/v1/items/${itemId}/decisions`,
          { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } },
          r.token,
        ),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created, answers.map((a) => `${a.status} ${a.body?.code}`).join(', ')).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201))
      expect(['second_factor_invalid', 'already_decided', 'step_closed', 'too_many_attempts']).toContain(a.body.code);
    expect(await votes(itemId)).toBe(1);
    const item = await cluster.a.client.get(`/api/v1/items/${itemId}`, submitter);
    expect(item.body.status).toBe('approved');
  });

  it('records one vote when one reviewer sends 20 decisions at once on an unprotected step (K1)', async () => {
    const r = await reviewer(false);
    const other = await reviewer(false);
    const itemId = await itemFor([{ name: 'Review', reviewers: [{ user: r.id }, { user: other.id }] }]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        cluster.at(i).client.post(`/api/v1/items/${itemId}/decisions`, { step: 0, decision: 'approve', comment: `attempt ${i}` }, r.token),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) expect(a.body.code).toBe('already_decided');
    expect(await votes(itemId)).toBe(1);
  });

  it('closes a step once when the deciding votes of different reviewers arrive together (K2)', async () => {
    const reviewers = await Promise.all(Array.from({ length: 6 }, () => reviewer(false)));
    const next = await reviewer(false);
    const itemId = await itemFor([
      { name: 'Panel', reviewers: reviewers.map((r) => ({ user: r.id })), threshold: { type: 'count', n: 2 } },
      { name: 'Final', reviewers: [{ user: next.id }] },
    ]);
    const answers = await Promise.all(
      reviewers.map((r, i) => cluster.at(i).client.post(`/api/v1/items/${itemId}/decisions`, { step: 0, decision: 'approve' }, r.token)),
    );
    // Two approvals close the step; later votes find it closed. Exactly one next round opens.
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    for (const a of answers.filter((x) => x.status !== 201)) expect(a.body.code).toBe('step_closed');
    const closed = await cluster.query<{ n: string }>("SELECT count(*) AS n FROM audit_entries WHERE type = 'step.closed' AND target_id = $1", [itemId]);
    expect(Number(closed[0]!.n)).toBe(1);
    const rounds = await cluster.query<{ round: number; step_index: number }>('SELECT round, step_index FROM item_rounds WHERE item_id = $1 ORDER BY round', [
      itemId,
    ]);
    expect(rounds.map((r) => r.step_index)).toEqual([0, 1]);
    const tasks = await cluster.a.client.get('/api/v1/tasks', next.token);
    expect(tasks.body.tasks.filter((t: { itemId: string }) => t.itemId === itemId)).toHaveLength(1);
    const verify = await cluster.b.client.get('/api/v1/admin/audit/verify', admin);
    expect(verify.body.ok).toBe(true);
  });
});
