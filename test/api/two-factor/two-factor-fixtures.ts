// Steps shared by the second-factor suites: enable an authenticator app through the API (codes
// from oathtool at the manual clock's time), sign in to the second-factor prompt, finish it,
// and read emailed codes and links straight from the mail outbox (written in the same
// transaction as the action, so it is there when the response is).
import { afterAll, beforeAll, expect } from 'vitest';
import type { Method } from '../../../src/http/contract/methods.ts';
import type { TestDialect } from '../../support/dialects.ts';
import { PASSWORD, setUp } from '../../support/fixtures.ts';
import type { Response } from '../../support/http-client.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { oathtool } from './oathtool.ts';
import type { FactorId } from '../../../src/platform/ids.ts';

export const STEP_MS = 30_000;
export type Proof = { method: Method; code?: string; challengeId?: string };
export type Totp = { token: string; csrfToken: string; factorId: FactorId; secret: string; backupCodes: string[] };
export type OutboxMail = { id: string; to_address: string; subject: string; text_body: string; template: string };

export function twoFactorKit(s: TestServer) {
  const { client } = s;
  const clock = s.clock!;
  const db = s.signoff.services.db;

  /** The authenticator's code now (manual clock). */
  const totp = (secret: string) => oathtool(secret, clock.now());
  /** Moves to the next time step and returns its code: a fresh code, not a replay of the last one. */
  const freshTotp = (secret: string) => {
    clock.advance(STEP_MS);
    return totp(secret);
  };

  async function signIn(email: string, opts: { password?: string; headers?: Record<string, string> } = {}) {
    const res = await client.request('POST', '/api/v1/auth/login', { body: { email, password: opts.password ?? PASSWORD }, headers: opts.headers });
    expect(res.status, res.text).toBe(200);
    return res.body as { token: string; csrfToken: string; state: string; methods: string[] };
  }

  /** Starts and confirms an authenticator app for the session `token`; the session rotates. */
  async function enableTotp(token: string, secondFactor?: Proof): Promise<Totp> {
    const start = await client.post('/api/v1/me/factors/totp', secondFactor ? { secondFactor } : {}, token);
    expect(start.status, start.text).toBe(201);
    const confirm = await client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: totp(start.body.secret) }, token);
    expect(confirm.status, confirm.text).toBe(200);
    return {
      token: confirm.body.token,
      csrfToken: confirm.body.csrfToken,
      factorId: start.body.id,
      secret: start.body.secret,
      backupCodes: confirm.body.backupCodes ?? [],
    };
  }

  const finish = (token: string, proof: Proof & { trustDevice?: boolean }, headers?: Record<string, string>): Promise<Response> =>
    client.request('POST', '/api/v1/auth/second-factor', { body: proof, token, headers });

  /** Signs in with the password and a fresh TOTP code; returns the active session. */
  async function signInWithTotp(email: string, secret: string) {
    const half = await signIn(email);
    expect(half.state).toBe('second_factor_required');
    const done = await finish(half.token, { method: 'totp', code: freshTotp(secret) });
    expect(done.status, done.text).toBe(200);
    return done.body as { token: string; csrfToken: string; deviceToken?: string };
  }

  const outboxIds = async () => new Set((await db.selectFrom('mail_outbox').select('id').execute()).map((r) => r.id));

  /** Runs `action`, then returns the one new outbox message to `to` with `template`. */
  async function mailAfter(
    to: string,
    template: 'email-code' | 'security-notice' | 'password-reset' | 'two-factor-recovery',
    action: () => Promise<unknown>,
  ): Promise<OutboxMail> {
    const before = await outboxIds();
    await action();
    const rows = (
      await db
        .selectFrom('mail_outbox')
        .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
        .select(['id', 'to_address', 'subject', 'text_body', 'template'])
        .where('to_address', '=', to)
        .where('template', '=', template)
        .execute()
    ).filter((r) => !before.has(r.id));
    expect(rows, `new ${template} mail to ${to}`).toHaveLength(1);
    return rows[0]!;
  }

  /** Security notices to `to` whose subject mentions `event`. */
  const notices = async (to: string, event: RegExp) =>
    (
      await db
        .selectFrom('mail_outbox')
        .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
        .select(['subject', 'text_body'])
        .where('to_address', '=', to)
        .where('template', '=', 'security-notice')
        .execute()
    ).filter((m) => event.test(m.subject));

  /** Adds `email` as an email factor (proving the TOTP factor) and confirms it with the mailed code. */
  async function addEmailFactor(token: string, email: string, secret: string) {
    let id = '';
    const mail = await mailAfter(email, 'email-code', async () => {
      const res = await client.post('/api/v1/me/factors/email', { email, secondFactor: { method: 'totp', code: freshTotp(secret) } }, token);
      expect(res.status, res.text).toBe(201);
      id = res.body.id;
    });
    const confirm = await client.post(`/api/v1/me/factors/${id}/confirm`, { code: emailedCode(mail) }, token);
    expect(confirm.status, confirm.text).toBe(200);
    return { factorId: id, token: confirm.body.token as string };
  }

  /** A 6-digit code that is none of the authenticator's codes within the drift window. */
  function wrongTotp(secret: string): string {
    const valid = new Set([-1, 0, 1].map((k) => oathtool(secret, clock.now() + k * STEP_MS)));
    let n = 123456;
    while (valid.has(String(n))) n++;
    return String(n);
  }

  return { client, clock, db, totp, freshTotp, signIn, enableTotp, finish, signInWithTotp, mailAfter, notices, addEmailFactor, wrongTotp };
}

/** The one-time code in an email-code message (a line of its own). */
export function emailedCode(mail: { text_body: string }): string {
  const m = /^\s*([0-9]{6,8})\s*$/m.exec(mail.text_body);
  if (!m) throw new Error(`no code in: ${mail.text_body}`);
  return m[1]!;
}

/** The token of an emailed `<baseUrl>/<page>#token=…` link (page `recover-2fa` or `reset-password`). */
export function emailedToken(mail: { text_body: string }, baseUrl: string, page: 'recover-2fa' | 'reset-password'): string {
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}/${page}#token=([A-Za-z0-9_-]+)`).exec(mail.text_body);
  if (!m) throw new Error(`no ${page} link in: ${mail.text_body}`);
  return m[1]!;
}

/**
 * The usual suite around an in-process server on a manual clock, set up with its first admin:
 * registers the hooks and hands back the server and the kit once they exist.
 */
export function twoFactorSuite(dialect: TestDialect): { readonly s: TestServer; readonly kit: ReturnType<typeof twoFactorKit> } {
  let s: TestServer | undefined;
  let kit: ReturnType<typeof twoFactorKit> | undefined;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    kit = twoFactorKit(s);
    await setUp(s.client);
  });
  afterAll(() => s?.stop());
  return {
    get s() {
      return s!;
    },
    get kit() {
      return kit!;
    },
  };
}
