// Attacks on emailed one-time codes (docs/security.md D1–D5, D8, D9), once per dialect. Codes are
// read back from the outbox, as a user reads them from the mail; every use runs the way
// verify-second-factor.ts runs it: check outside any transaction, consume inside one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { createMail, type Mail } from '../../mail/index.ts';
import { manualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { hmacHex } from '../../platform/crypto/digest.ts';
import { connectDatabase, type Database } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import { newId, type ChallengeId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import type { Purpose, VerifyInput } from '../factor.ts';
import { countFactorFailure, deleteFactor, findFactor, insertFactor } from '../factors.store.ts';
import { createEmailCodeMethod } from './email-code.factor.ts';
import { sendEmailCode } from './send-email-code.ts';
import { emailedCode } from './emailed-code.test-support.ts';
import { insertUser } from '../../../test/support/rows.ts';

const MINUTE = 60_000;

describe.each(DIALECTS)('%s: email codes', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let mail: Mail;
  let orgId: OrgId;
  const clock = manualClock(Date.UTC(2026, 3, 1, 9));
  const hmacKey = randomBytes(32);
  const method = createEmailCodeMethod({ hmacKey } as unknown as Parameters<typeof createEmailCodeMethod>[0]); // check() needs the key only
  const deps = () => ({ hmacKey, mail, siteName: 'Acme Signoff' });

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    const config = loadConfig({ ...tdb.env, SIGNOFF_SITE_NAME: 'Acme Signoff', SIGNOFF_BASE_URL: 'https://signoff.example.test' });
    database = connectDatabase(config.database);
    await migrateToLatest(database.db);
    mail = createMail({ db: database.db, dialect, clock, config, instanceId: 'test' });
    orgId = newId<OrgId>('org');
    await database.db.insertInto('organizations').values({ id: orgId, slug: orgId, name: 'Acme', settings: '{}', created_at: 0 }).execute();
  });
  afterAll(async () => {
    await database?.close();
    await tdb?.drop();
  });

  type User = { userId: UserId; factor: { id: FactorId; email: string; name: string } };

  async function newUser(status: 'active' | 'pending' = 'active'): Promise<User> {
    const userId = await insertUser(database.db, orgId);
    const email = `${userId}@example.test`;
    const id = newId<FactorId>('fac');
    await insertFactor(database.db, {
      id,
      org_id: orgId,
      user_id: userId,
      type: 'email',
      status,
      label: email,
      email,
      created_at: 0,
      activated_at: status === 'active' ? 0 : null,
    });
    return { userId, factor: { id, email, name: 'Ada' } };
  }

  /** Sends a code, then finds the mail that carries it (whoever it went to), as its recipient would read it. */
  async function send(user: User, binding: string, purpose: Purpose = 'login'): Promise<{ challengeId: ChallengeId; code: string; to: string }> {
    const challengeId = await database.db
      .transaction()
      .execute((tx) => sendEmailCode(tx, deps(), { orgId, userId: user.userId, purpose, binding }, user.factor, clock.now()));
    const { code, to } = await emailedCode(database.db, hmacKey, challengeId);
    return { challengeId, code, to };
  }

  const input = (user: User, binding: string, challengeId: ChallengeId | undefined, code: string | undefined, purpose: Purpose = 'login'): VerifyInput => ({
    orgId,
    userId: user.userId,
    purpose,
    binding,
    proof: { method: 'email_code', challengeId, code },
  });

  async function use(i: VerifyInput): Promise<boolean> {
    const outcome = await method.check(database.db, i, clock.now());
    if (!outcome.ok) return false;
    return database.db.transaction().execute((tx) => outcome.consume(tx, clock.now()));
  }

  // @see docs/security.md#d-emailed-codes D1
  it('accepts a code 9:59 after it was sent and refuses one at 10:00 and 10:01', async () => {
    const user = await newUser();
    const first = await send(user, 'login:ses_1');
    clock.advance(9 * MINUTE + 59_000);
    expect(await use(input(user, 'login:ses_1', first.challengeId, first.code))).toBe(true);

    const second = await send(user, 'login:ses_2');
    clock.advance(10 * MINUTE);
    expect(await method.check(database.db, input(user, 'login:ses_2', second.challengeId, second.code), clock.now())).toEqual({
      ok: false,
      factorId: undefined,
    });
    clock.advance(MINUTE);
    expect(await use(input(user, 'login:ses_2', second.challengeId, second.code))).toBe(false);
  });

  // @see docs/security.md#d-emailed-codes D1
  it('refuses to spend a code checked in time once it has expired', async () => {
    const user = await newUser();
    const sent = await send(user, 'login:ses_late');
    clock.advance(9 * MINUTE + 59_000);
    const outcome = await method.check(database.db, input(user, 'login:ses_late', sent.challengeId, sent.code), clock.now());
    expect(outcome.ok).toBe(true);
    clock.advance(2_000);
    expect(outcome.ok && (await database.db.transaction().execute((tx) => outcome.consume(tx, clock.now())))).toBe(false);
  });

  // @see docs/security.md#d-emailed-codes D2
  it('accepts a code once', async () => {
    const user = await newUser();
    const sent = await send(user, 'login:ses_once');
    expect(await use(input(user, 'login:ses_once', sent.challengeId, sent.code))).toBe(true);
    expect(await use(input(user, 'login:ses_once', sent.challengeId, sent.code))).toBe(false);
  });

  // @see docs/security.md#d-emailed-codes D2
  it('lets exactly one of 20 concurrent uses of one code through', async () => {
    const user = await newUser();
    const sent = await send(user, 'decision:digest-a', 'decision');
    const results = await Promise.all(Array.from({ length: 20 }, () => use(input(user, 'decision:digest-a', sent.challengeId, sent.code, 'decision'))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  // @see docs/security.md#d-emailed-codes D3
  it('refuses a code sent for decision X when it is used for decision Y, another session or another purpose', async () => {
    const user = await newUser();
    const sent = await send(user, 'decision:digest-x', 'decision');
    expect(await use(input(user, 'decision:digest-y', sent.challengeId, sent.code, 'decision'))).toBe(false);
    expect(await use(input(user, 'login:ses_x', sent.challengeId, sent.code, 'login'))).toBe(false);
    expect(await use(input(user, 'decision:digest-x', sent.challengeId, sent.code, 'signature'))).toBe(false);
    expect(await use(input(user, 'decision:digest-x', sent.challengeId, sent.code, 'decision'))).toBe(true);
  });

  // @see docs/security.md#d-emailed-codes D3
  it("refuses another user's challenge with its right code, and one challenge's code on another challenge", async () => {
    const [ada, bob] = [await newUser(), await newUser()];
    const bobs = await send(bob, 'login:ses_shared');
    expect(await use(input(ada, 'login:ses_shared', bobs.challengeId, bobs.code))).toBe(false);

    const x = await send(ada, 'login:ses_x');
    const y = await send(ada, 'login:ses_y');
    expect(await use(input(ada, 'login:ses_x', x.challengeId, y.code === x.code ? String((Number(x.code) + 1) % 1e6).padStart(6, '0') : y.code))).toBe(false);
    expect(await use(input(bob, 'login:ses_shared', bobs.challengeId, bobs.code))).toBe(true);
  });

  // @see docs/security.md#d-emailed-codes D4
  it('stores only an HMAC of the code: the code is in the mail and nowhere in the challenges table', async () => {
    const user = await newUser();
    const sent = await send(user, 'login:ses_hmac');
    expect(sent.challengeId).not.toContain(sent.code);
    const rows = await database.db.selectFrom('challenges').selectAll().where('user_id', '=', user.userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).toBe(hmacHex(hmacKey, `${sent.challengeId}:${sent.code}`));
    for (const [column, value] of Object.entries(rows[0]!)) expect(`${column}=${String(value)}`).not.toContain(sent.code);
    const mails = await database.db
      .selectFrom('mail_outbox')
      .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
      .select(['subject', 'text_body', 'html_body'])
      .where('to_address', '=', user.factor.email)
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(sent.code);
    expect(mails[0]!.html_body).toContain(sent.code);
    expect(mails[0]!.subject).not.toContain(sent.code);
  });

  // @see docs/security.md#d-emailed-codes D4; docs/security.md#b-attempt-limits-and-lockout B7
  it('refuses a code that is not exactly 6 digits without throwing, and counts it against the factor', async () => {
    const user = await newUser();
    const sent = await send(user, 'login:ses_fmt');
    for (const code of [
      ` ${sent.code}`,
      `${sent.code}0`,
      sent.code.slice(1),
      `${sent.code.slice(0, 3)}-${sent.code.slice(3)}`,
      '１２３４５６',
      undefined,
      'x'.repeat(10_000),
    ]) {
      expect(await method.check(database.db, input(user, 'login:ses_fmt', sent.challengeId, code), clock.now())).toEqual({
        ok: false,
        factorId: user.factor.id,
      });
    }
    expect(await method.check(database.db, input(user, 'login:ses_fmt', 'x'.repeat(10_000) as ChallengeId, sent.code), clock.now())).toEqual({
      ok: false,
      factorId: undefined,
    });
    expect(await use(input(user, 'login:ses_fmt', sent.challengeId, sent.code))).toBe(true);
  });

  // @see docs/security.md#d-emailed-codes D5
  it('voids the previous code when a new one is sent, without resetting the failure count', async () => {
    const user = await newUser();
    const first = await send(user, 'login:ses_resend');
    for (let i = 0; i < 4; i++) await countFactorFailure(database.db, user.factor.id);
    const second = await send(user, 'login:ses_resend');
    expect((await findFactor(database.db, user.userId, user.factor.id))?.consecutive_failures).toBe(4);
    expect(await use(input(user, 'login:ses_resend', first.challengeId, first.code))).toBe(false);
    expect(await use(input(user, 'login:ses_resend', second.challengeId, second.code))).toBe(true);
  });

  // @see docs/security.md#d-emailed-codes D8
  it('verifies nothing for a pending email factor, and sends it no sign-in code', async () => {
    const user = await newUser('pending');
    await expect(send(user, 'login:ses_pending')).rejects.toMatchObject({ code: 'not_found' });
    // A challenge for the pending factor that exists anyway (written by hand) still verifies nothing.
    const challengeId = newId<ChallengeId>('chl');
    await database.db
      .insertInto('challenges')
      .values({
        id: challengeId,
        org_id: orgId,
        user_id: user.userId,
        session_id: null,
        purpose: 'login',
        binding: 'login:ses_pending',
        method: 'email_code',
        factor_id: user.factor.id,
        code_hash: hmacHex(hmacKey, `${challengeId}:123456`),
        webauthn_challenge: null,
        created_at: clock.now(),
        expires_at: clock.now() + MINUTE,
        consumed_at: null,
      })
      .execute();
    expect(await method.check(database.db, input(user, 'login:ses_pending', challengeId, '123456'), clock.now())).toEqual({ ok: false, factorId: undefined });
  });

  // @see docs/security.md#h-enrollment-factor-changes-and-recovery H4 (a removed factor proves nothing, even mid-verification)
  it('refuses to spend a code checked just before its factor was removed', async () => {
    const user = await newUser();
    const sent = await send(user, 'login:ses_removed');
    const outcome = await method.check(database.db, input(user, 'login:ses_removed', sent.challengeId, sent.code), clock.now());
    expect(outcome.ok).toBe(true);
    await deleteFactor(database.db, user.factor.id);
    expect(outcome.ok && (await database.db.transaction().execute((tx) => outcome.consume(tx, clock.now())))).toBe(false);
  });

  // @see docs/security.md#d-emailed-codes D9
  it('sends the code to the stored address only', async () => {
    const user = await newUser();
    const sent = await send(user, 'login:ses_to');
    expect(sent.to).toBe(user.factor.email);
    const before = await database.db.selectFrom('mail_outbox').select('id').execute();
    const redirected = { ...user, factor: { ...user.factor, email: 'attacker@evil.test' } };
    await expect(send(redirected, 'login:ses_to2')).rejects.toThrow(TypeError);
    const [other] = [await newUser()];
    await expect(send({ ...user, factor: other.factor }, 'login:ses_to3')).rejects.toMatchObject({ code: 'not_found' });
    expect(await database.db.selectFrom('mail_outbox').select('id').execute()).toHaveLength(before.length);
  });
});
