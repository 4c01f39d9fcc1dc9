// A password reset ends every session of the account, including one a sign-in with the old
// password was about to open: the password is checked outside any transaction (argon2id takes
// its time), and a reset that commits between that check and the session's transaction must
// refuse the sign-in. Here the test's own connection commits the reset's changes (a new
// password hash and security stamp, every session ended) while the sign-in waits for the
// account's row (on PostgreSQL the sign-in used to open a live session after the reset). The
// same holds for the sign-in's second step, which opens the session a reset must end.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/platform/crypto/password.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, PASSWORD, setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(DIALECTS.includes('postgres'))('postgres: a password reset while a sign-in is under way', () => {
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
  const early = (what: string) => (r: { status: number; text: string }) => {
    throw new Error(`${what} answered ${r.status} before waiting: ${r.text}`);
  };
  const liveSessions = async (userId: string) =>
    (await other.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1 and revoked_at is null', [userId])).rows[0]!.n;

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
    await Promise.race([finished.then(early('the second step')), other.signoffWaits(1)]);
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
      expect(await liveSessions(user.id)).toBe(0);
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
    await Promise.race([signIn.then(early('the sign-in')), other.signoffWaits()]);
    await other.query('commit');
    const res = await signIn;
    expect(res.status, res.text).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
    expect(await liveSessions(user.id)).toBe(0);
    const trail = await s.client.get(`/api/v1/admin/audit?type=login.failed`, admin);
    expect(trail.body.entries.map((e: { data: { reason: string } }) => e.data.reason)).toContain('credentials_changed');
  });
});
