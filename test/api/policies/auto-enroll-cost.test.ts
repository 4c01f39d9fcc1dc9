// In admin-controlled mode a policy adds whom it requires (auto-enroll.ts) whenever a user joins
// a scope, inside the change's transaction. Who is already enrolled is read for the whole
// organisation at once: it was asked of each required member not yet added, one statement each,
// so every user an admin created cost a statement per enrolled colleague (people who set 2FA up
// while the organisation was self-service) while holding the transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, type Totp } from '../two-factor/two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: adds by policy', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let adminTotp: Totp;
  let admin: string;
  let n = 0;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    kit = twoFactorKit(s);
    adminTotp = await kit.enableTotp((await setUp(s.client)).token);
    const half = await kit.signIn(ADMIN.email, { password: ADMIN.password });
    admin = (await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(adminTotp.secret) })).body.token;
  });
  afterAll(() => s?.stop());

  const settings = async (enrollmentMode: 'self_service' | 'admin_controlled') => {
    const patch = { enrollmentMode, loginTwoFactor: { scope: { everyone: true } } };
    const res = await s.client.patch('/api/v1/admin/settings', { ...patch, secondFactor: { method: 'totp', code: kit.freshTotp(adminTotp.secret) } }, admin);
    expect(res.status, res.text).toBe(200);
  };
  /** Users who set up an authenticator while the organisation was self-service. */
  async function enrolledColleagues(count: number) {
    await settings('self_service');
    for (let i = 0; i < count; i++) {
      const user = await createUser(s.client, admin, { email: `colleague-${n++}@acme.test` });
      await kit.enableTotp((await kit.signIn(user.email)).token);
    }
    await settings('admin_controlled');
  }
  /** The statements of an admin creating a user (the mail worker's aside). */
  async function statementsOfCreatingAUser(): Promise<number> {
    // The admin's session records its last use once a minute, and the codes above moved the clock: not in the count.
    expect((await s.client.get('/api/v1/auth/session', admin)).status).toBe(200);
    let count = 0;
    const stop = s.signoff.database.onStatement((sql) => {
      // On SQLite a BEGIN and COMMIT are the commit group's, shared with whatever else ran in it.
      if (!/mail_outbox|mail_bodies/.test(sql) && !/^\s*(begin|commit)\b/i.test(sql)) count++;
    });
    await createUser(s.client, admin, { email: `new-${n++}@acme.test` });
    stop();
    return count;
  }

  it('creating a user costs as many statements with more enrolled colleagues as with few', async () => {
    await enrolledColleagues(1);
    const few = await statementsOfCreatingAUser();
    await enrolledColleagues(3);
    expect(await statementsOfCreatingAUser()).toBe(few);
  });
});
