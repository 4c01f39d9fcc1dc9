// Password reset by email (docs/guide.md §1, docs/security.md F11/F12, B5): a single-use link that
// expires after 30 minutes, ends every session and never signs anyone in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { countRows, linkToken, mailAfter } from '../admin/admin-fixtures.ts';
import type { UserId } from '../../../src/platform/ids.ts';

const NEW_PASSWORD = 'a brand new passphrase';

describe.each(DIALECTS)('%s: password reset', (dialect) => {
  let s: TestServer;
  let admin: string;
  let n = 0;
  let user: { id: UserId; email: string };
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_DEV_MAILBOX: '1' } }); // reads links through the dev mailbox
    await setUp(s.client);
  });
  afterAll(() => s.stop());
  // Reset requests and failed logins have per-address budgets (5 and 20 an hour): an hour
  // between tests starts each one with a fresh budget. Sessions idle out meanwhile, so the
  // admin (who reads the mailbox) signs in again, and each test gets its own user.
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    user = await createUser(s.client, admin, { email: `user${++n}@acme.test`, name: `User ${n}` });
  });

  const request = (email: string) => s.client.post('/api/v1/auth/password-reset', { email });
  const confirm = (token: string, password = NEW_PASSWORD) => s.client.post('/api/v1/auth/password-reset/confirm', { token, password });
  const signIn = (password: string) => s.client.post('/api/v1/auth/login', { email: user.email, password });
  async function resetToken(asTyped = user.email): Promise<string> {
    const mail = await mailAfter(s.client, admin, user.email, async () => expect((await request(asTyped)).status).toBe(202));
    expect(mail.subject).toMatch(/reset/i);
    return linkToken(mail, s.signoff.config.baseUrl);
  }

  it('emails a link that sets a new password: the new one signs in, the old one does not', async () => {
    const token = await resetToken(` ${user.email.toUpperCase()} `);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await s.signoff.services.db.selectFrom('password_tokens').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    const res = await confirm(token);
    expect(res.status).toBe(204);
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);
    const old = await signIn(PASSWORD);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('invalid_credentials');
  });

  it('accepts a token once', async () => {
    const token = await resetToken();
    expect((await confirm(token)).status).toBe(204);
    const again = await confirm(token, 'a second new passphrase');
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('reset_token_invalid');
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);
    expect((await signIn('a second new passphrase')).status).toBe(401);
  });

  it('refuses one of two concurrent confirmations of the same token', async () => {
    const token = await resetToken();
    const [a, b] = await Promise.all([confirm(token, 'first racing passphrase'), confirm(token, 'second racing passphrase')]);
    expect([a.status, b.status].sort()).toEqual([204, 400]);
    const won = a.status === 204 ? 'first racing passphrase' : 'second racing passphrase';
    expect((await signIn(won)).status).toBe(200);
  });

  it('refuses a token after 30 minutes with reset_token_invalid', async () => {
    const token = await resetToken();
    s.clock!.advance(31 * 60_000);
    const res = await confirm(token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'reset_token_invalid', status: 400 });
    expect((await signIn(PASSWORD)).status).toBe(200);
  });

  it('voids an earlier link when a new one is sent', async () => {
    const first = await resetToken();
    const second = await resetToken();
    expect((await confirm(first)).body.code).toBe('reset_token_invalid');
    expect((await confirm(second)).status).toBe(204);
  });

  it('ends every session of the user and does not sign them in', async () => {
    const sessions = [await login(s.client, user.email, PASSWORD), await login(s.client, user.email, PASSWORD)];
    const token = await resetToken();
    const res = await confirm(token);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.getSetCookie().filter((c) => c.startsWith('signoff_session='))).toEqual([]);
    for (const t of sessions) expect((await s.client.get('/api/v1/auth/session', t)).status).toBe(401);
    const live = await s.signoff.services.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    expect(live).toEqual([]);
    expect((await s.client.get('/api/v1/auth/session', admin)).status).toBe(200);
  });

  it('answers 202 for an unknown email and sends nothing', async () => {
    const before = await countRows(s);
    const unknown = await request('nobody@acme.test');
    const known = await request(user.email);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const after = await countRows(s);
    expect(after.mail_outbox).toBe(before.mail_outbox + 1);
    expect(after.password_tokens).toBe(before.password_tokens + 1);
    const to = await s.signoff.services.db.selectFrom('mail_outbox').select('to_address').where('to_address', '=', 'nobody@acme.test').execute();
    expect(to).toEqual([]);
  });

  it('sends nothing to a deactivated user', async () => {
    await s.client.patch(`/api/v1/admin/users/${user.id}`, { active: false }, admin);
    const before = await countRows(s);
    expect((await request(user.email)).status).toBe(202);
    expect((await countRows(s)).mail_outbox).toBe(before.mail_outbox);
  });

  it('refuses a weak new password with password_too_weak and keeps the token usable', async () => {
    const token = await resetToken();
    for (const weak of ['short', 'password1234', `${user.email.split('@')[0]} is my name`]) {
      const res = await confirm(token, weak);
      expect(res.status, weak).toBe(422);
      expect(res.body.code).toBe('password_too_weak');
    }
    expect((await signIn(PASSWORD)).status).toBe(200);
    expect((await confirm(token)).status).toBe(204);
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);
  });

  it("lifts the account's login back-off", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(`wrong password number ${i}`)).status).toBe(401);
    const blocked = await signIn(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const token = await resetToken();
    expect((await confirm(token)).status).toBe(204);
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);
  });

  it('records the request and the completion in the audit trail', async () => {
    await confirm(await resetToken());
    const entries = (await s.client.get('/api/v1/admin/audit?limit=20', admin)).body.entries as {
      type: string;
      target: { id: string } | null;
      data: Record<string, unknown>;
    }[];
    const mine = entries.filter((e) => e.target?.id === user.id).map((e) => [e.type, e.data]);
    expect(mine).toContainEqual(['password_reset.requested', {}]);
    expect(mine).toContainEqual(['password_reset.completed', { purpose: 'reset', sessionsEnded: 0 }]);
  });
});
