// One organisation's audit chain written by two `signoff serve` processes on one PostgreSQL at
// once (issue 14 item 3): decisions on different items and other audited writes, spread over
// both instances, overlap (each transaction holds the chain head only in its last step), and
// the chain afterwards has no gap and no fork, each transaction's entries stay together, and
// verify holds on both instances, checkpoint included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, setUp, PASSWORD } from '../support/fixtures.ts';
import { twoInstances } from './two-instances.ts';

type Row = { seq: string; type: string; target_id: string | null; prev_hash: string; hash: string; request_id: string | null };

// @see docs/security.md#j-e-signatures-and-the-audit-trail J7, J6
describe('postgres: one audit chain written from two instances at once', () => {
  const cluster = twoInstances();
  let admin: string;
  let submitter: string;
  let orgId: string;

  beforeAll(async () => {
    await cluster.start();
    ({ token: admin, orgId } = await setUp(cluster.a.client));
    const sam = await createUser(cluster.a.client, admin, { email: 'sam@acme.test', name: 'Sam' });
    submitter = await login(cluster.b.client, sam.email, PASSWORD);
  });
  afterAll(() => cluster.stop());

  it('interleaves concurrent decisions on different items and group writes into one unbroken chain', async () => {
    const reviewers = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const user = await createUser(cluster.a.client, admin, { email: `reviewer${n}@acme.test` });
        return { id: user.id, token: await login(cluster.at(n).client, user.email, PASSWORD) };
      }),
    );
    const wf = await cluster.a.client.post(
      '/api/v1/workflows',
      {
        name: 'Parallel',
        steps: [{ name: 'Review', reviewers: reviewers.map((r) => ({ user: r.id })), threshold: { type: 'any' } }],
      },
      admin,
    );
    expect(wf.status, wf.text).toBe(201);
    const items = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const res = await cluster.at(i).client.post('/api/v1/items', { workflowId: wf.body.id, title: `Item ${i}`, content: `content ${i}` }, submitter);
        expect(res.status, res.text).toBe(201);
        return res.body.id as string;
      }),
    );

    const answers = await Promise.all([
      ...items.map((itemId, i) =>
        cluster.at(i).client.post(`/api/v1/items/${itemId}/decisions`, { step: 0, decision: 'approve', comment: `ok ${i}` }, reviewers[i % 4]!.token),
      ),
      ...Array.from({ length: 8 }, (_, i) => cluster.at(i + 1).client.post('/api/v1/admin/groups', { name: `Group ${i}` }, admin)),
    ]);
    for (const a of answers) expect(a.status, a.text).toBe(201);

    const rows = await cluster.query<Row>('SELECT seq, type, target_id, prev_hash, hash, request_id FROM audit_entries WHERE org_id = $1 ORDER BY seq', [
      orgId,
    ]);
    // No gap, no fork: seqs 1..n, each entry linked to the one before, the head on the last.
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const [head] = await cluster.query<{ seq: string; head_hash: string }>('SELECT seq, head_hash FROM audit_heads WHERE org_id = $1', [orgId]);
    expect([Number(head!.seq), head!.head_hash]).toEqual([rows.length, rows.at(-1)!.hash]);

    // Each decision's entries (one transaction) are adjacent: recorded, step closed, item closed.
    for (const itemId of items) {
      const mine = rows.filter((r) => r.target_id === itemId && ['decision.recorded', 'step.closed', 'item.closed'].includes(r.type));
      expect(mine.map((r) => r.type)).toEqual(['decision.recorded', 'step.closed', 'item.closed']);
      expect(mine.map((r) => Number(r.seq) - Number(mine[0]!.seq))).toEqual([0, 1, 2]);
    }
    expect(rows.filter((r) => r.type === 'group.created')).toHaveLength(8);

    // Verify, and a checkpoint of the head, from both instances.
    const checkpoint = await cluster.b.client.post('/api/v1/admin/audit/checkpoints', {}, admin);
    expect(checkpoint.status, checkpoint.text).toBeLessThan(300);
    for (const instance of [cluster.a, cluster.b]) {
      const verify = await instance.client.get('/api/v1/admin/audit/verify', admin);
      expect(verify.body, verify.text).toMatchObject({ ok: true, entries: rows.length + 1 });
      expect(
        verify.body.checkpoints.map((c: { seq: number; ok: boolean }) => c.ok),
        verify.text,
      ).toContain(true);
      expect(
        verify.body.checkpoints.every((c: { ok: boolean }) => c.ok),
        verify.text,
      ).toBe(true);
    }
  });
});
