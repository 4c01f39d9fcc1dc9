// A proof counts only if its factor is still active when the proof is spent: a factor an admin
// reset removed, or an attempt limit disabled, between the check of the code and its
// transaction must not let the sign-in through. The check reads the factor before the
// transaction; here a second connection disables the emailed-code factor while the sign-in's
// transaction waits for its row (on PostgreSQL the sign-in used to finish on it regardless).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { emailedCode, twoFactorKit } from './two-factor-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(DIALECTS.includes('postgres'))('postgres: a factor disabled while its proof is spent', () => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let other: pg.Client;
  let admin: string;

  beforeAll(async () => {
    s = await startInProcess('postgres', { clock: 'manual' });
    kit = twoFactorKit(s);
    admin = (await setUp(s.client)).token;
    other = new pg.Client({ connectionString: s.db.env.SIGNOFF_DATABASE_URL });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await s?.stop();
  });

  const signoffWaits = async () =>
    (
      await other.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
      )
    ).rows[0].n > 0;

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
    while (!(await signoffWaits())) await new Promise((resolve) => setTimeout(resolve, 10));
    await other.query('commit');
    const res = await answer;
    expect(res.status, res.text).toBe(403);
    expect(res.body.code).toBe('second_factor_invalid');
    expect((await s.client.get('/api/v1/auth/session', half.token)).body.state).toBe('second_factor_required');
  });
});
