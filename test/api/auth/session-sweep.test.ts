// Rows that stopped working are deleted some time after (platform/db/expired-rows.ts, a periodic
// job on every instance). Sessions 30 days after they expired: a row holds a token's hash, an
// address and a user agent, kept no longer than it could help to look into an incident, while the
// audit trail keeps every sign-in for good. Challenges, reset links and spent TOTP steps a day
// after: refused since, nothing reads them again. Each table's statement goes through an index
// of its own (src/platform/db/store-indexes.test.ts), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_SESSIONS } from '../../../src/accounts/sessions.store.ts';
import { sha256Hex } from '../../../src/platform/crypto/digest.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit } from '../two-factor/two-factor-fixtures.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

// @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F13, F14
describe.each(DIALECTS)('%s: the sweep of expired rows', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    await setUp(s.client);
  });
  afterAll(() => s?.stop());

  const db = () => s.signoff.services.db;
  const stored = async (...tokens: string[]) =>
    (await db().selectFrom('sessions').select('token_hash').where('token_hash', 'in', tokens.map(sha256Hex)).execute()).length;
  const auditEntries = async () => (await db().selectFrom('audit_entries').select('id').execute()).length;

  it('deletes the sessions that expired more than 30 days ago, keeps those expired since and the live ones, and leaves the audit trail as it was', async () => {
    const sweep = (batch?: number) => s.signoff.services.accounts.sweepExpired(batch);
    const old = [await login(s.client, ADMIN.email, ADMIN.password), await login(s.client, ADMIN.email, ADMIN.password)];
    s.clock!.advance(EXPIRED_SESSIONS.keptMs);
    const recent = await login(s.client, ADMIN.email, ADMIN.password);
    // The old ones expired (12 hours after they started) a little more than 30 days ago; the recent one a minute ago.
    s.clock!.advance(12 * HOUR + 60_000);
    const live = await login(s.client, ADMIN.email, ADMIN.password);
    const before = await auditEntries();

    expect(await sweep(1)).toBe('more'); // a full batch: the job runs again at once
    expect(await sweep()).toBeGreaterThanOrEqual(1); // the rest (the other old one, the setup's), in one batch
    expect(await sweep()).toBe(0);
    expect(await stored(...old)).toBe(0);
    expect(await stored(recent, live)).toBe(2);
    expect((await s.client.get('/api/v1/auth/session', live)).status).toBe(200);
    expect(await auditEntries()).toBe(before);
  });

  it('deletes challenges and reset links a day after they expired, and keeps the recent ones', async () => {
    const kit = twoFactorKit(s);
    const admin = await login(s.client, ADMIN.email, ADMIN.password);
    const user = await createUser(s.client, admin, { email: 'sweep@acme.test' });
    const count = async (table: 'challenges' | 'password_tokens') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const counts = async () => ({ challenges: await count('challenges'), resets: await count('password_tokens') });
    const requestReset = async () => expect((await s.client.post('/api/v1/auth/password-reset', { email: user.email })).status).toBe(202);

    // Old: an authenticator app confirmed and an email factor added with it (a challenge), a reset link.
    const factor = await kit.enableTotp((await kit.signIn(user.email)).token);
    await kit.addEmailFactor(factor.token, user.email, factor.secret);
    await requestReset();
    const old = await counts();
    expect(old).toEqual({ challenges: expect.any(Number), resets: 1 });
    expect(old.challenges).toBeGreaterThan(0);

    // A day and an hour on (each expired within 30 minutes of being made): a sign-in with the app, a sign-in code, a reset link.
    s.clock!.advance(DAY + HOUR);
    await kit.signInWithTotp(user.email, factor.secret);
    await kit.mailAfter(user.email, 'email-code', async () => {
      const half = await kit.signIn(user.email);
      expect((await s.client.post('/api/v1/auth/second-factor/email-code', {}, half.token)).status).toBe(202);
    });
    await requestReset();
    const recent = await counts();
    const before = await auditEntries();

    for (const sweep of [s.signoff.services.accounts.sweepExpired, s.signoff.services.factors.sweepExpired]) expect(await sweep()).not.toBe('more');
    expect(await counts()).toEqual({ challenges: recent.challenges - old.challenges, resets: 1 });
    expect(await auditEntries()).toBe(before);
  });
});
