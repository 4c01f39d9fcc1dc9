// A proof counts only if its factor is still active when the proof is spent: a factor an admin
// reset removed, or an attempt limit disabled, between the check of the code and its
// transaction must not let the sign-in through. The check reads the factor before the
// transaction; here a second connection disables the emailed-code factor while the sign-in's
// transaction waits for its row (on PostgreSQL the sign-in used to finish on it regardless).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { emailedCode, twoFactorKit } from './two-factor-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(DIALECTS.includes('postgres'))('postgres: a factor disabled while its proof is spent', () => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let other: LockingConnection;
  let admin: string;

  beforeAll(async () => {
    s = await startInProcess('postgres', { clock: 'manual' });
    kit = twoFactorKit(s);
    admin = (await setUp(s.client)).token;
    other = await lockingConnection(s);
  });
  afterAll(async () => {
    await other?.end();
    await s?.stop();
  });

  it('refuses the emailed code: the sign-in stays at its second factor', async () => {
    const user = await createUser(s.client, admin, { email: 'emma@acme.test', roles: ['reviewer'] });
    const { secret, token } = await kit.enableTotp((await kit.signIn(user.email)).token);
    await kit.addEmailFactor(token, user.email, secret);

    const half = await kit.signIn(user.email);
    let challengeId = '';
    const mail = await kit.mailAfter(user.email, 'email-code', async () => {
      challengeId = (await s.client.post('/api/v1/auth/second-factor/email-code', {}, half.token)).body.challengeId;
    });
    await other.query('begin');
    await other.query("update factors set status = 'disabled' where user_id = $1 and type = 'email'", [user.id]);
    const answer = kit.finish(half.token, { method: 'email_code', code: emailedCode(mail), challengeId });
    await other.signoffWaits();
    await other.query('commit');
    const res = await answer;
    expect(res.status, res.text).toBe(403);
    expect(res.body.code).toBe('second_factor_invalid');
    expect((await s.client.get('/api/v1/auth/session', half.token)).body.state).toBe('second_factor_required');
  });
});
