// A request that renews or relies on its session at the moment of consequence (a decision, a
// factor's activation) is refused when that session was ended while it ran: a
// sign-out, a password reset or an admin's reset must leave no live session behind, and no
// decision recorded after it. Here the test's own connection signs the session out as the
// sign-out does (the user's row, then the session) and holds both while the request waits for
// the user's row (on PostgreSQL the request used to go on: the decision was recorded, and a
// new session started after the sign-out).
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

  /** Signs the session of `token` out in the test's own transaction, runs `request` until it waits for the user, then commits. */
  async function endedWhile<T extends { status: number; text: string }>(userId: string, token: string, request: () => Promise<T>): Promise<T> {
    await other.query('begin');
    await other.query('update users set updated_at = updated_at where id = $1', [userId]);
    await other.query('update sessions set revoked_at = 1 where token_hash = $1', [sha256Hex(token)]);
    const answer = request();
    await Promise.race([
      answer.then((r) => {
        throw new Error(`the request answered ${r.status} before waiting for the user: ${r.text}`);
      }),
      other.signoffWaits(),
    ]);
    await other.query('commit');
    return answer;
  }
  const liveSessions = async (userId: string) =>
    (await other.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1 and revoked_at is null', [userId])).rows[0]!.n;

  it.each([
    { via: 'cookie', step: 'protected' },
    { via: 'bearer', step: 'protected' },
    { via: 'bearer', step: 'plain' },
  ] as const)(
    'refuses a decision at a $step step sent with a $via session signed out meanwhile: nothing recorded, no session started',
    async ({ via, step }) => {
      const k = workflowKit(s, () => admin);
      const submitter = await k.person(`sam-${via}-${step}`, { roles: ['owner'] });
      const alice = await k.person(`alice-${via}-${step}`, { totp: true });
      const item = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: alice.id }], requireTwoFactor: step === 'protected' }]));
      const csrf = (await s.client.get('/api/v1/auth/session', alice.token)).body.csrfToken;
      const proof = step === 'protected' ? { secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) } } : {};
      const body = { step: 0, decision: 'approve', ...proof };
      const res = await endedWhile(alice.id, alice.token, () =>
        via === 'cookie'
          ? s.client.request('POST', `/api/v1/items/${item.id}/decisions`, {
              body,
              headers: { cookie: `signoff_session=${alice.token}`, 'x-csrf-token': csrf },
            })
          : s.client.post(`/api/v1/items/${item.id}/decisions`, body, alice.token),
      );
      expect(res.status, res.text).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
      expect(res.headers.getSetCookie().filter((c) => /^signoff_session=[^;]/.test(c))).toEqual([]);
      expect((await k.recorded(item.id)).votes).toBe(0);
      expect(await liveSessions(alice.id)).toBe(0);
    },
  );

  it("refuses a factor's activation with 401: the factor stays pending and no session is started after the sign-out", async () => {
    const kit = twoFactorKit(s);
    const user = await createUser(s.client, admin, { email: 'erin@acme.test', roles: ['reviewer'] });
    const { token } = await kit.signIn(user.email);
    const started = await s.client.post('/api/v1/me/factors/totp', {}, token);
    expect(started.status, started.text).toBe(201);
    const res = await endedWhile(user.id, token, () =>
      s.client.post(`/api/v1/me/factors/totp/${started.body.id}/confirm`, { code: kit.totp(started.body.secret) }, token),
    );
    expect(res.status, res.text).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
    expect((await other.query<{ status: string }>('select status from factors where id = $1', [started.body.id])).rows[0]!.status).toBe('pending');
    expect(await liveSessions(user.id)).toBe(0);
  });
});
