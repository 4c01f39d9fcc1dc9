// A session ended while a request runs (a sign-out, a password reset, an admin's reset) must
// stay ended: no request that was under way opens a successor, and nothing it does at the
// moment of consequence (a decision, a factor's activation) is recorded after the end. Each
// test makes the race deterministic on PostgreSQL: the test's own connection commits the end
// (as the sign-out or the reset does: the user's row, then the sessions) while the request
// waits for a row it holds. On PostgreSQL each of these requests used to go on: a sign-in with
// the old password opened a session after a password reset, a second step's session outlived
// a reset that started while it committed, and decisions and activations were recorded, with
// a new session, after a sign-out.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/platform/crypto/digest.ts';
import { hashPassword } from '../../../src/platform/crypto/password.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, PASSWORD, setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';
import { workflowKit } from '../workflows/workflow-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(DIALECTS.includes('postgres'))('postgres: a session ended while a request is under way', () => {
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
    await other.waitsFor(answer, 'the request');
    await other.query('commit');
    return answer;
  }

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
      expect(await other.liveSessions(alice.id)).toBe(0);
    },
  );

  it("ends the session a cookie's protected decision opened while the sign-out waited: the decision stands, no live session after both", async () => {
    const k = workflowKit(s, () => admin);
    const submitter = await k.person('sam-lineage', { roles: ['owner'] });
    const alice = await k.person('alice-lineage', { totp: true });
    const item = await k.submit(submitter.token, await k.workflow([{ reviewers: [{ user: alice.id }], requireTwoFactor: true }]));
    const headers = { cookie: `signoff_session=${alice.token}`, 'x-csrf-token': (await s.client.get('/api/v1/auth/session', alice.token)).body.csrfToken };
    const body = { step: 0, decision: 'approve', secondFactor: { method: 'totp', code: k.freshTotp(alice.secret!) } };
    // The decision waits for the user's row first, the sign-out (its session read as live) after it.
    await other.holdRow('users', alice.id);
    const decision = s.client.request('POST', `/api/v1/items/${item.id}/decisions`, { body, headers });
    await other.waitsFor(decision, 'the decision');
    const signOut = s.client.request('POST', '/api/v1/auth/logout', { body: {}, headers });
    await other.waitsFor(signOut, 'the sign-out', 2);
    await other.query('commit');
    const [decided, signedOut] = await Promise.all([decision, signOut]);
    expect(decided.status, decided.text).toBe(201);
    expect(decided.headers.getSetCookie().filter((c) => /^signoff_session=[^;]/.test(c))).toHaveLength(1);
    expect(signedOut.status, signedOut.text).toBe(204);
    expect((await k.recorded(item.id)).votes).toBe(1);
    // The old code ended only the session the sign-out was sent with, which the decision had already replaced.
    expect(await other.liveSessions(alice.id)).toBe(0);
    const audited = await other.query<{ data: string }>("select data from audit_entries where type = 'logout.succeeded' and actor_user_id = $1", [alice.id]);
    expect(audited.rows.map((r) => JSON.parse(r.data))).toEqual([{ sessionsEnded: 1 }]);
  });

  it.each(['with a fresh code', 'in the window a verified change opened'] as const)(
    'refuses new backup codes asked for %s by a session signed out meanwhile: 401, the old codes kept',
    async (how) => {
      const kit = twoFactorKit(s);
      const user = await createUser(s.client, admin, { email: `bea-${how === 'with a fresh code' ? 'fresh' : 'window'}@acme.test`, roles: ['reviewer'] });
      const { token, secret } = await kit.enableTotp((await kit.signIn(user.email)).token);
      const proof = { secondFactor: { method: 'totp', code: kit.freshTotp(secret) } };
      if (how !== 'with a fresh code') expect((await s.client.post('/api/v1/me/backup-codes', proof, token)).status).toBe(201);
      const before = await other.query<{ code_hash: string }>('select code_hash from backup_codes where user_id = $1 order by code_hash', [user.id]);
      const res = await endedWhile(user.id, token, () => s.client.post('/api/v1/me/backup-codes', how === 'with a fresh code' ? proof : {}, token));
      expect(res.status, res.text).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
      const after = await other.query<{ code_hash: string }>('select code_hash from backup_codes where user_id = $1 order by code_hash', [user.id]);
      expect(after.rows).toEqual(before.rows);
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
    expect(await other.liveSessions(user.id)).toBe(0);
  });

  it("ends the session a sign-in's second step opened while a password reset ran: no live session after the reset", async () => {
    // The second step replaces the pending session, then waits at its commit (the test holds the
    // organisation's audit head). A reset (a third connection) starts meanwhile; once both are
    // through, no session of the account may be live. Without the user's row lock the reset's
    // "end every session" waited only for the pending session and missed its successor.
    const kit = twoFactorKit(s);
    const user = await createUser(s.client, admin, { email: 'tara@acme.test', roles: ['reviewer'] });
    const { secret } = await kit.enableTotp((await kit.signIn(user.email)).token);
    const half = await kit.signIn(user.email);
    const org = (await other.query<{ org_id: string }>('select org_id from users where id = $1', [user.id])).rows[0]!.org_id;
    await other.query('begin');
    await other.query('select 1 from audit_heads where org_id = $1 for update', [org]);
    const finished = kit.finish(half.token, { method: 'totp', code: kit.freshTotp(secret) });
    await other.waitsFor(finished, 'the second step');
    const reset = new pg.Client({ connectionString: s.db.env.SIGNOFF_DATABASE_URL });
    await reset.connect();
    try {
      await reset.query('begin');
      const resetDone = (async () => {
        await reset.query("update users set security_stamp = 'reset' where id = $1", [user.id]);
        await reset.query('update sessions set revoked_at = 1 where user_id = $1 and revoked_at is null', [user.id]);
        await reset.query('commit');
      })();
      await other.signoffWaits(2);
      await other.query('commit');
      const res = await finished;
      await resetDone;
      expect([200, 401], res.text).toContain(res.status);
      expect(await other.liveSessions(user.id)).toBe(0);
    } finally {
      await reset.end();
    }
  });

  it('refuses the sign-in with the old password: 401 invalid_credentials, no live session, the refusal audited', async () => {
    const user = await createUser(s.client, admin, { email: 'rhea@acme.test', roles: ['reviewer'] });
    await other.query('begin');
    await other.query("update users set password_hash = $2, security_stamp = 'reset' where id = $1", [user.id, await hashPassword('another long passphrase')]);
    await other.query('update sessions set revoked_at = 1 where user_id = $1 and revoked_at is null', [user.id]);
    const signIn = s.client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
    await other.waitsFor(signIn, 'the sign-in');
    await other.query('commit');
    const res = await signIn;
    expect(res.status, res.text).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
    expect(await other.liveSessions(user.id)).toBe(0);
    const trail = await s.client.get(`/api/v1/admin/audit?type=login.failed`, admin);
    expect(trail.body.entries.map((e: { data: { reason: string } }) => e.data.reason)).toContain('credentials_changed');
  });
});
