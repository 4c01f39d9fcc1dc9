// A password reset ends every session of the account, including one a sign-in with the old
// password was about to open: the password is checked outside any transaction (argon2id takes
// its time), and a reset that commits between that check and the session's transaction must
// refuse the sign-in. Here the test's own connection commits the reset's changes (a new
// password hash and security stamp, every session ended) while the sign-in waits for the
// account's row (on PostgreSQL the sign-in used to open a live session after the reset).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/platform/crypto/password.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, PASSWORD, setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

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

  it('refuses the sign-in with the old password: 401 invalid_credentials, no live session, the refusal audited', async () => {
    const user = await createUser(s.client, admin, { email: 'rhea@acme.test', roles: ['reviewer'] });
    await other.query('begin');
    await other.query("update users set password_hash = $2, security_stamp = 'reset' where id = $1", [user.id, await hashPassword('another long passphrase')]);
    await other.query('update sessions set revoked_at = 1 where user_id = $1 and revoked_at is null', [user.id]);
    const signIn = s.client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD });
    await Promise.race([
      signIn.then((r) => {
        throw new Error(`the sign-in answered ${r.status} before waiting for the account: ${r.text}`);
      }),
      other.signoffWaits(),
    ]);
    await other.query('commit');
    const res = await signIn;
    expect(res.status, res.text).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
    const live = await other.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1 and revoked_at is null', [user.id]);
    expect(live.rows[0]!.n).toBe(0);
    const trail = await s.client.get(`/api/v1/admin/audit?type=login.failed`, admin);
    expect(trail.body.entries.map((e: { data: { reason: string } }) => e.data.reason)).toContain('credentials_changed');
  });
});
