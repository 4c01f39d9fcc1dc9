// Guessing second-factor codes (docs/security.md B1–B4, B7; RFC 4226 §7.3; NIST SP 800-63B rev 4
// §3.2.2 RL-2). Budgets (src/factors/attempts.ts): per user, 5 free failures, then a wait that
// doubles from 1 s to 15 minutes; per address, 20 free; per authenticator, 100 consecutive
// failures disable it. The manual clock stands still between requests, so a wait only ends when
// a test moves it on.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import type { Response } from '../../support/http-client.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { oathtool } from './oathtool.ts';
import { STEP_MS, twoFactorKit, twoFactorSuite, type Totp } from './two-factor-fixtures.ts';
import type { UserId } from '../../../src/platform/ids.ts';

describe.each(DIALECTS)('%s: guessing second-factor codes', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let user: { id: UserId; email: string };
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  // An hour apart, the per-address budget of 127.0.0.1 is fresh; each test has its own user.
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    user = await createUser(s.client, await login(s.client, ADMIN.email, ADMIN.password), { email: `guessed${++n}@acme.test` });
  });

  async function enrolled(): Promise<Totp> {
    const totp = await kit.enableTotp((await kit.signIn(user.email)).token);
    await s.client.post('/api/v1/auth/logout', {}, totp.token);
    return totp;
  }
  /**
   * A new half-signed-in session for the user, as a password sign-in leaves it, started through
   * the accounts domain: no argon2id, so a guesser who signs in again after every long wait costs
   * the test no password hashing (on a busy machine those hashes made it time out).
   */
  async function halfSignIn(): Promise<{ token: string }> {
    const { db, accounts } = s.signoff.services;
    const { org_id: orgId } = await db.selectFrom('users').select('org_id').where('id', '=', user.id).executeTakeFirstOrThrow();
    return db
      .transaction()
      .execute((tx) => accounts.sessions.start(tx, { orgId, userId: user.id, state: 'second_factor_required', aal: 1, meta: { ip: '127.0.0.1' } }));
  }
  const guess = (token: string, secret: string) => kit.finish(token, { method: 'totp', code: kit.wrongTotp(secret) });
  const retryAfter = (res: Response) => Number(res.headers.get('retry-after'));
  function expectThrottled(res: Response) {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('too_many_attempts');
    expect(retryAfter(res)).toBeGreaterThanOrEqual(1);
  }

  it('stops a brute-force guesser with 429 long before 30 wrong codes, with a Retry-After that grows (B2)', async () => {
    const { secret } = await enrolled();
    let half: { token: string } = await kit.signIn(user.email);
    const evaluated: number[] = [];
    const waits: number[] = [];
    let wrong = 0;
    for (let attempt = 0; attempt < 30; attempt++) {
      let res = await guess(half.token, secret);
      // A half-signed-in session lives 15 minutes: the guesser signs in again, which resets nothing.
      if (res.status === 401) {
        half = await halfSignIn();
        res = await guess(half.token, secret);
      }
      if (res.status === 429) {
        expectThrottled(res);
        waits.push(retryAfter(res));
        s.clock!.advance(retryAfter(res) * 1000);
        continue;
      }
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('second_factor_invalid');
      evaluated.push(attempt);
      wrong++;
    }
    // 5 free guesses, then every guess waits: 30 attempts evaluate only a handful of codes.
    expect(evaluated.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(evaluated[5]).toBe(6);
    expect(wrong).toBeLessThan(20);
    expect(waits.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
  });

  it('counts wrong codes spread over three sessions together: the 6th guess is refused whichever session sends it (B1)', async () => {
    const { secret } = await enrolled();
    const sessions = [await kit.signIn(user.email), await kit.signIn(user.email), await kit.signIn(user.email)];
    for (let i = 0; i < 5; i++) {
      const res = await guess(sessions[i % 3]!.token, secret);
      expect(res.status).toBe(403);
    }
    for (const session of sessions) expectThrottled(await guess(session.token, secret));
    // A brand-new session does not come with a new budget either.
    const fresh = await kit.signIn(user.email);
    expectThrottled(await guess(fresh.token, secret));
  });

  it('refuses a correct code with the same 429 while throttled, without counting it, and accepts it once the wait is over (B4)', async () => {
    const { secret } = await enrolled();
    const half = await kit.signIn(user.email);
    s.clock!.advance(30_000);
    for (let i = 0; i < 5; i++) expect((await guess(half.token, secret)).status).toBe(403);
    const wrong = await guess(half.token, secret);
    const right = await kit.finish(half.token, { method: 'totp', code: kit.totp(secret) });
    expectThrottled(wrong);
    expectThrottled(right);
    expect(right.body).toEqual(wrong.body);
    expect(retryAfter(right)).toBe(retryAfter(wrong));
    // Refusals while waiting add nothing: the wait does not grow.
    for (let i = 0; i < 3; i++) expect(retryAfter(await kit.finish(half.token, { method: 'totp', code: kit.totp(secret) }))).toBe(retryAfter(wrong));
    expect((await s.client.get('/api/v1/auth/session', half.token)).body.state).toBe('second_factor_required');

    s.clock!.advance(retryAfter(wrong) * 1000);
    const done = await kit.finish(half.token, { method: 'totp', code: kit.totp(secret) });
    expect(done.status).toBe(200);
  });

  // @see docs/security.md#c-backup-codes C5
  it('draws on one budget at sign-in, with backup codes and at a factor change (B7)', async () => {
    const { secret } = await enrolled();
    const active = await kit.signInWithTotp(user.email, secret);
    const half = await kit.signIn(user.email);
    const regenerate = (code: string) => s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code } }, active.token);

    expect((await guess(half.token, secret)).status).toBe(403);
    expect((await kit.finish(half.token, { method: 'backup_code', code: '0000-0000' })).status).toBe(403);
    const changeWrong = await regenerate(kit.wrongTotp(secret));
    expect(changeWrong.status).toBe(403);
    expect(changeWrong.body.code).toBe('second_factor_invalid');
    expect((await regenerate(kit.wrongTotp(secret))).status).toBe(403);
    expect((await guess(half.token, secret)).status).toBe(403);

    // The right code (one step ahead: the clock must not move past the 1 s wait) is refused too.
    const ahead = oathtool(secret, s.clock!.now() + STEP_MS);
    const atChange = await regenerate(ahead);
    expectThrottled(atChange);
    expectThrottled(await s.client.post('/api/v1/me/factors/email', { email: user.email, secondFactor: { method: 'totp', code: ahead } }, active.token));
    expectThrottled(await kit.finish(half.token, { method: 'totp', code: ahead }));

    s.clock!.advance(retryAfter(atChange) * 1000);
    expect((await regenerate(ahead)).status).toBe(201);
  });

  it('limits the confirmation of a new authenticator app the same way (B7)', async () => {
    const first = await kit.signIn(user.email);
    const start = await s.client.post('/api/v1/me/factors/totp', {}, first.token);
    const confirm = (code: string) => s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code }, first.token);
    for (let i = 0; i < 5; i++) expect((await confirm(kit.wrongTotp(start.body.secret))).status).toBe(422);
    const refused = await confirm(kit.totp(start.body.secret));
    expectThrottled(refused);
    s.clock!.advance(retryAfter(refused) * 1000);
    expect((await confirm(kit.totp(start.body.secret))).status).toBe(200);
  });

  it('disables the authenticator app after 100 consecutive failures: a correct code is refused afterwards and the audit trail says why (B3)', async () => {
    const { secret, factorId } = await enrolled();
    // The first 90 failures as the factor records them (guessing them over HTTP would take
    // 90 password sign-ins, since the back-off outlives a half-signed-in session); the last
    // ten go through the API, over two sign-ins, so the count is the factor's, not a session's.
    await s.signoff.services.db.updateTable('factors').set({ consecutive_failures: 90 }).where('id', '=', factorId).execute();
    let half = await kit.signIn(user.email);
    let failures = 90;
    while (failures < 100) {
      const res = await guess(half.token, secret);
      if (res.status === 429) {
        s.clock!.advance(retryAfter(res) * 1000);
        continue;
      }
      if (res.status === 401) {
        half = await kit.signIn(user.email);
        continue;
      }
      expect(res.status).toBe(403);
      failures++;
      if (failures === 95) half = await kit.signIn(user.email);
      if (failures === 99) {
        const row = await s.signoff.services.db
          .selectFrom('factors')
          .select(['status', 'consecutive_failures'])
          .where('id', '=', factorId)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'active', consecutive_failures: 99 });
      }
    }
    const row = await s.signoff.services.db
      .selectFrom('factors')
      .select(['status', 'consecutive_failures'])
      .where('id', '=', factorId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disabled', consecutive_failures: 100 });

    // The 101st attempt, with the right code and after every wait: refused.
    s.clock!.advance(16 * 60_000);
    const again = await kit.signIn(user.email);
    expect(again.state).toBe('second_factor_required');
    expect(again.methods).not.toContain('totp');
    const right = await kit.finish(again.token, { method: 'totp', code: kit.freshTotp(secret) });
    expect(right.status).toBe(403);
    expect(right.body.code).toBe('second_factor_invalid');

    const admin = await login(s.client, ADMIN.email, ADMIN.password);
    const audit = await s.client.get('/api/v1/admin/audit?type=factor.disabled', admin);
    expect(audit.status).toBe(200);
    expect(audit.body.entries).toEqual([expect.objectContaining({ type: 'factor.disabled', target: { type: 'factor', id: factorId } })]);
    const enrollments = await s.client.get('/api/v1/admin/two-factor/enrollments', admin);
    expect(enrollments.body.active.map((e: { userId: string }) => e.userId)).not.toContain(user.id);
  });
});
