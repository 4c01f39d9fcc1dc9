// A transaction PostgreSQL ends to break a deadlock answers 409 edit_conflict, never a 500, and
// keeps nothing. No request path takes its locks in an order another reverses (docs/security.md
// K9), so the deadlock is made here with a second connection that locks two users in the order
// opposite to a delegation's (which locks both people in id order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(DIALECTS.includes('postgres'))('postgres: a deadlock', () => {
  let s: TestServer;
  let k: ReturnType<typeof workflowKit>;
  let other: LockingConnection;

  beforeAll(async () => {
    s = await startInProcess('postgres', { clock: 'manual' });
    const admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    other = await lockingConnection(s);
  });
  afterAll(async () => {
    await other?.end();
    await s?.stop();
  });

  it('answers the request PostgreSQL ended with 409 edit_conflict and keeps nothing of it', async () => {
    const a: Person = await k.person('ann');
    const b: Person = await k.person('ben');
    const [first, second] = [a.id, b.id].sort();
    const lock = (id: string) => other.query('update users set updated_at = updated_at where id = $1', [id]);
    // This connection waits longest before it looks for a deadlock: Signoff's transaction is the one ended.
    await other.query('begin');
    await other.query("set local deadlock_timeout = '10s'");
    await lock(second!);
    const now = s.clock!.now();
    const answer = s.client.request('PUT', '/api/v1/me/delegation', {
      body: { delegateUserId: b.id, from: new Date(now).toISOString(), until: new Date(now + 86_400_000).toISOString() },
      token: a.token,
    });
    // Signoff holds the first user and waits for the second; taking the first now closes the cycle.
    await other.signoffWaits();
    const closing = lock(first!);
    const res = await answer;
    await closing;
    await other.query('rollback');
    expect(res.status, res.text).toBe(409);
    expect(res.body.code).toBe('edit_conflict');
    expect((await s.client.get('/api/v1/me/delegation', a.token)).body.delegation).toBeNull();
  });
});
