// Signing in with a second factor (API.md "Setup and login", docs/security.md A4, A7, C2, F3):
// two-step TOTP setup, the second_factor_required prompt finished by each method, session
// rotation, replay of a used code at sign-in and at a factor change, and a wrong code.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { emailedCode, twoFactorKit, twoFactorSuite } from './two-factor-fixtures.ts';
import type { UserId } from '../../../src/platform/ids.ts';

describe.each(DIALECTS)('%s: sign-in with a second factor', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let user: { id: string; email: string };
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  // An hour apart, every test starts with fresh per-address budgets; each has its own user.
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    user = await createUser(s.client, admin, { email: `signer${++n}@acme.test` });
  });

  /** The user with an authenticator app, signed out again. */
  async function enrolled() {
    const first = await kit.signIn(user.email);
    const totp = await kit.enableTotp(first.token);
    expect((await s.client.post('/api/v1/auth/logout', {}, totp.token)).status).toBe(204);
    return totp;
  }

  it('sets the authenticator app up in two steps: the first confirmation returns 10 backup codes and rotates the session', async () => {
    const first = await kit.signIn(user.email);
    expect(first.state).toBe('active');
    const start = await s.client.post('/api/v1/me/factors/totp', {}, first.token);
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({ status: 'pending', otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\//) });
    const listed = await s.client.get('/api/v1/me/factors', first.token);
    expect(listed.body.factors).toEqual([expect.objectContaining({ id: start.body.id, type: 'totp', status: 'pending' })]);

    const wrong = await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: kit.wrongTotp(start.body.secret) }, first.token);
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('second_factor_invalid');

    const confirm = await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: kit.totp(start.body.secret) }, first.token);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toMatchObject({ id: start.body.id, status: 'active' });
    expect(confirm.body.backupCodes).toHaveLength(10);
    for (const c of confirm.body.backupCodes) expect(c).toMatch(/^[0-9]{8}$/);
    expect(new Set(confirm.body.backupCodes).size).toBe(10);
    expect(confirm.body.token).not.toBe(first.token);
    expect((await s.client.get('/api/v1/auth/session', first.token)).status).toBe(401);
    const session = await s.client.get('/api/v1/auth/session', confirm.body.token);
    expect(session.body).toMatchObject({ state: 'active', aal: 2 });
    expect((await s.client.get('/api/v1/me/factors', confirm.body.token)).body.backupCodesRemaining).toBe(10);
  });

  it('asks for the second factor after the password and finishes with a TOTP code; the pre-2FA token is dead afterwards (F3)', async () => {
    const { secret } = await enrolled();
    const half = await kit.signIn(user.email);
    expect(half.state).toBe('second_factor_required');
    expect(half.methods).toEqual(expect.arrayContaining(['totp', 'backup_code']));
    expect(half.methods).not.toContain('email_code');
    const waiting = await s.client.get('/api/v1/auth/session', half.token);
    expect(waiting.body).toMatchObject({ state: 'second_factor_required', aal: 1 });

    const done = await kit.finish(half.token, { method: 'totp', code: kit.freshTotp(secret) });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'active', method: 'totp' });
    expect(done.body.token).not.toBe(half.token);
    const old = await s.client.get('/api/v1/auth/session', half.token);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('unauthenticated');
    expect((await s.client.get('/api/v1/me/factors', half.token)).status).toBe(401);
    const active = await s.client.get('/api/v1/auth/session', done.body.token);
    expect(active.body).toMatchObject({ state: 'active', aal: 2 });
    expect((await s.client.get('/api/v1/me/factors', done.body.token)).status).toBe(200);
  });

  it('finishes sign-in with a backup code, which then works no more (C2)', async () => {
    const { backupCodes } = await enrolled();
    const code = backupCodes[3]!;
    const done = await kit.finish((await kit.signIn(user.email)).token, { method: 'backup_code', code: `${code.slice(0, 4)}-${code.slice(4)}` });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'active', method: 'backup_code' });
    expect((await s.client.get('/api/v1/me/factors', done.body.token)).body.backupCodesRemaining).toBe(9);

    const again = await kit.signIn(user.email);
    const replay = await kit.finish(again.token, { method: 'backup_code', code });
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('second_factor_invalid');
    expect((await s.client.get('/api/v1/auth/session', again.token)).body.state).toBe('second_factor_required');
    expect((await kit.notices(user.email, /backup code was used/i)).length).toBe(1);
  });

  // @see docs/security.md#k-reliability-under-concurrency K9
  it('completes a sign-in once when two proofs are sent at the same moment from one pending session: one new session, the other proof unused', async () => {
    const { secret, backupCodes } = await enrolled();
    const half = await kit.signIn(user.email);
    const answers = await Promise.all([
      kit.finish(half.token, { method: 'totp', code: kit.freshTotp(secret) }),
      kit.finish(half.token, { method: 'backup_code', code: backupCodes[0]! }),
    ]);
    expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(' ')).toEqual([200, 401]);
    const won = answers.find((a) => a.status === 200)!;
    expect(answers.find((a) => a.status === 401)!.body.code).toBe('unauthenticated');
    // The loser's proof was not spent: a backup code that lost is still there.
    const left = (await s.client.get('/api/v1/me/factors', won.body.token)).body.backupCodesRemaining;
    expect(left).toBe(won.body.method === 'backup_code' ? 9 : 10);
  });

  it("ends only its own sign-in's sessions at a sign-out: the same user's other sign-in stays live", async () => {
    const { secret } = await enrolled();
    const here = await kit.signInWithTotp(user.email, secret);
    const there = await kit.signInWithTotp(user.email, secret);
    expect((await s.client.post('/api/v1/auth/logout', {}, here.token)).status).toBe(204);
    expect((await s.client.get('/api/v1/auth/session', here.token)).status).toBe(401);
    expect((await s.client.get('/api/v1/auth/session', there.token)).status).toBe(200);
  });

  it('finishes sign-in with an emailed code once the email factor is confirmed', async () => {
    const { secret } = await enrolled();
    const active = await kit.signInWithTotp(user.email, secret);
    await kit.addEmailFactor(active.token, user.email, secret);

    const half = await kit.signIn(user.email);
    expect(half.methods).toContain('email_code');
    let challengeId = '';
    const mail = await kit.mailAfter(user.email, 'email-code', async () => {
      const sent = await s.client.post('/api/v1/auth/second-factor/email-code', {}, half.token);
      expect(sent.status).toBe(202);
      // The answer says which mailbox to look in, masked: the first character and the domain.
      expect(sent.body.sentTo).toBe(`${user.email[0]}•••${user.email.slice(user.email.indexOf('@'))}`);
      challengeId = sent.body.challengeId;
    });
    const code = emailedCode(mail);
    expect(mail.subject).not.toContain(code);
    const done = await kit.finish(half.token, { method: 'email_code', code, challengeId });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'active', method: 'email_code' });

    const other = await kit.signIn(user.email);
    const replay = await kit.finish(other.token, { method: 'email_code', code, challengeId });
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('second_factor_invalid');
  });

  it('refuses a TOTP code the second time it is used at sign-in (replay, A4)', async () => {
    const { secret } = await enrolled();
    const code = kit.freshTotp(secret);
    expect((await kit.finish((await kit.signIn(user.email)).token, { method: 'totp', code })).status).toBe(200);

    const again = await kit.signIn(user.email);
    const replay = await kit.finish(again.token, { method: 'totp', code });
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('second_factor_invalid');
    expect((await s.client.get('/api/v1/auth/session', again.token)).body.state).toBe('second_factor_required');
  });

  it('refuses a TOTP code used at sign-in when it comes back to approve a factor change (A4, F7)', async () => {
    const { secret } = await enrolled();
    const code = kit.freshTotp(secret);
    const done = await kit.finish((await kit.signIn(user.email)).token, { method: 'totp', code });
    expect(done.status).toBe(200);

    const replay = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code } }, done.body.token);
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('second_factor_invalid');
    // Said as it is: the code was right but already spent, so the person waits for the next one.
    expect(replay.body.reason).toBe('code_already_used');
    const fresh = await s.client.post('/api/v1/me/backup-codes', { secondFactor: { method: 'totp', code: kit.freshTotp(secret) } }, done.body.token);
    expect(fresh.status).toBe(201);
    expect(fresh.body.codes).toHaveLength(10);
  });

  it('keeps the session waiting after a wrong code: 403 second_factor_invalid, and the right code still finishes it', async () => {
    const { secret } = await enrolled();
    const half = await kit.signIn(user.email);
    s.clock!.advance(30_000);
    const wrong = await kit.finish(half.token, { method: 'totp', code: kit.wrongTotp(secret) });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('second_factor_invalid');
    expect(wrong.body.reason).toBeUndefined();
    expect(wrong.body.token).toBeUndefined();
    const still = await s.client.get('/api/v1/auth/session', half.token);
    expect(still.body).toMatchObject({ state: 'second_factor_required', aal: 1 });
    expect((await s.client.get('/api/v1/me/factors', half.token)).body.code).toBe('second_factor_required');

    const factor = () =>
      s.signoff.services.db
        .selectFrom('factors')
        .select(['consecutive_failures', 'last_used_at'])
        .where('user_id', '=', user.id as UserId)
        .where('type', '=', 'totp')
        .executeTakeFirstOrThrow();
    expect((await factor()).consecutive_failures).toBe(1);

    const right = await kit.finish(half.token, { method: 'totp', code: kit.totp(secret) });
    expect(right.status).toBe(200);
    // The right code records when the app was used and forgets the wrong one (B3 counts consecutive failures).
    expect(await factor()).toEqual({ consecutive_failures: 0, last_used_at: s.clock!.now() });
    const listed = await s.client.get('/api/v1/me/factors', right.body.token);
    expect(listed.body.factors.find((f: { type: string }) => f.type === 'totp').lastUsedAt).toBe(new Date(s.clock!.now()).toISOString());
  });
});
