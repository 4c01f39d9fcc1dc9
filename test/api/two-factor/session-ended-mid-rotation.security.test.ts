// A request that renews its session (a protected decision, a factor's activation) never starts a
// successor for a session that was ended while it ran: a sign-out, a password reset or an
// admin's reset must leave no live session behind. Here the test's own connection ends the
// session and holds the row while the request's rotation waits for it (on PostgreSQL the
// rotation used to find the session gone and start a new one regardless).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/platform/crypto/digest.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit } from '../workflows/workflow-fixtures.ts';
import { twoFactorKit } from './two-factor-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(DIALECTS.includes('postgres'))('postgres: a session ended while a request renews it', () => {
  let s: TestServer;
  let admin: string;
  let other: LockingConnection;

  beforeAll(async () => {
    s = await startInProcess('postgres', { clock: 'manual' });
    admin = (await setUp(s.client)).token;
    other = await lockingConnection(s);
  });
  afterAll(async () => {
    await other?.end();
    await s?.stop();
  });

  /** Ends the session of `token` in the test's own transaction, runs `request` until it waits for that row, then commits. */
  async function endedWhile<T>(token: string, request: () => Promise<T>): Promise<T> {
    await other.query('begin');
    await other.query('update sessions set revoked_at = 1 where token_hash = $1', [sha256Hex(token)]);
    const answer = request();
    await other.signoffWaits();
    await other.query('commit');
    return answer;
  }
  const liveSessions = async (userId: string) =>
    (await other.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1 and revoked_at is null', [userId])).rows[0]!.n;

  it('records the protected decision, which was authenticated and proved, but starts no session after the sign-out', async () => {
    const k = workflowKit(s, () => admin);
    const submitter = await k.person('sam', { roles: ['owner'] });
    const alice = await k.person('alice', { totp: true });
    const item = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: alice.id }], requireTwoFactor: true }]));
    const csrf = (await s.client.get('/api/v1/auth/session', alice.token)).body.csrfToken;
    const code = k.freshTotp(alice.secret!);
    const res = await endedWhile(alice.token, () =>
      s.client.request('POST', `/api/v1/items/${item.id}/decisions`, {
        body: { step: 0, decision: 'approve', secondFactor: { method: 'totp', code } },
        headers: { cookie: `signoff_session=${alice.token}`, 'x-csrf-token': csrf },
      }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.token).toBeUndefined();
    expect(res.headers.getSetCookie().filter((c) => /^signoff_session=[^;]/.test(c))).toEqual([]);
    expect((await k.recorded(item.id)).votes).toBe(1);
    expect(await liveSessions(alice.id)).toBe(0);
  });

  it("refuses a factor's activation with 401: the factor stays pending and no session is started after the sign-out", async () => {
    const kit = twoFactorKit(s);
    const user = await createUser(s.client, admin, { email: 'erin@acme.test', roles: ['reviewer'] });
    const { token } = await kit.signIn(user.email);
    const started = await s.client.post('/api/v1/me/factors/totp', {}, token);
    expect(started.status, started.text).toBe(201);
    const res = await endedWhile(token, () =>
      s.client.post(`/api/v1/me/factors/totp/${started.body.id}/confirm`, { code: kit.totp(started.body.secret) }, token),
    );
    expect(res.status, res.text).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
    expect((await other.query<{ status: string }>('select status from factors where id = $1', [started.body.id])).rows[0]!.status).toBe('pending');
    expect(await liveSessions(user.id)).toBe(0);
  });
});
