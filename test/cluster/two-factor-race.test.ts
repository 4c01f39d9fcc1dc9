// Single use across instances (docs/security.md A5, C3): two `signoff serve` processes on one
// PostgreSQL database; one user half-signed-in 20 times (10 sessions on each instance); the
// same valid code sent by all 20 sessions at once. Exactly one sign-in may finish. The others
// are refused as a used code (403 second_factor_invalid) or by the attempt budget (429), which
// reserves every attempt in the database before it is evaluated.
// The processes run on the wall clock, so oathtool gets Date.now(): the race uses the code of
// the step after the one the setup confirmed, which stays inside the ±1 step window whenever
// the burst lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, setUp, PASSWORD } from '../support/fixtures.ts';
import type { Response } from '../support/http-client.ts';
import { oathtool } from '../api/two-factor/oathtool.ts';
import { emailedCode } from '../api/two-factor/two-factor-fixtures.ts';
import { fromAddress, twoInstances } from './two-instances.ts';

const SESSIONS_PER_INSTANCE = 10;

describe('postgres: one second-factor code raced across two instances', () => {
  const cluster = twoInstances();
  let admin: string;
  let n = 0;

  beforeAll(async () => {
    // Behind one proxy at 127.0.0.1, so each race comes from its own client address.
    await cluster.start({ SIGNOFF_TRUST_PROXY: '127.0.0.1' });
    admin = (await setUp(cluster.a.client)).token;
  });
  afterAll(() => cluster.stop());

  /** A user with an authenticator app (set up on A) and 20 half-signed-in sessions, 10 on each instance. */
  async function halfSignedIn(ip: string) {
    const user = await createUser(cluster.a.client, admin, { email: `racer${++n}@acme.test` });
    const first = await fromAddress(cluster.a.client, ip, 'POST', '/api/v1/auth/login', { email: user.email, password: PASSWORD });
    const start = await fromAddress(cluster.a.client, ip, 'POST', '/api/v1/me/factors/totp', {}, first.body.token);
    expect(start.status, start.text).toBe(201);
    const confirmedAt = Date.now();
    const confirm = await fromAddress(
      cluster.a.client,
      ip,
      'POST',
      `/api/v1/me/factors/totp/${start.body.id}/confirm`,
      { code: oathtool(start.body.secret, confirmedAt) },
      first.body.token,
    );
    expect(confirm.status, confirm.text).toBe(200);
    expect((await fromAddress(cluster.a.client, ip, 'POST', '/api/v1/auth/logout', {}, confirm.body.token)).status).toBe(204);
    const sessions: { token: string; on: 'A' | 'B'; send(body: object): Promise<Response> }[] = [];
    for (let i = 0; i < 2 * SESSIONS_PER_INSTANCE; i++) {
      const inst = cluster.at(i);
      const res = await fromAddress(inst.client, ip, 'POST', '/api/v1/auth/login', { email: user.email, password: PASSWORD });
      expect(res.body.state).toBe('second_factor_required');
      const token = res.body.token as string;
      sessions.push({ token, on: inst.name, send: (body) => fromAddress(inst.client, ip, 'POST', '/api/v1/auth/second-factor', body, token) });
    }
    return { user, secret: start.body.secret as string, backupCodes: confirm.body.backupCodes as string[], confirmedAt, sessions };
  }

  /** All 20 at once; exactly one 200, every other answer a refusal that carries no session. */
  async function race(sessions: Awaited<ReturnType<typeof halfSignedIn>>['sessions'], proof: object) {
    const answers = await Promise.all(sessions.map((s) => s.send(proof)));
    const winners = answers.filter((r) => r.status === 200);
    expect(winners, answers.map((r) => `${r.status} ${r.body?.code}`).join(', ')).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) {
      expect([403, 429]).toContain(r.status);
      expect(['second_factor_invalid', 'too_many_attempts']).toContain(r.body.code);
      expect(r.body.token).toBeUndefined();
    }
    expect(sessions.filter((s) => s.on === 'A')).toHaveLength(SESSIONS_PER_INSTANCE);
    return winners[0]!;
  }

  it('accepts one TOTP code sent by 20 sessions on two instances at the same moment exactly once (A5)', async () => {
    const { user, secret, confirmedAt, sessions } = await halfSignedIn('203.0.113.10');
    const code = oathtool(secret, confirmedAt + 30_000);
    const winner = await race(sessions, { method: 'totp', code });
    expect(winner.body).toMatchObject({ state: 'active', method: 'totp' });

    // The race's step is the factor's last spent one (the confirmation's was the one before).
    const factor = await cluster.query<{ step: string }>(
      "SELECT last_used_step AS step FROM factors WHERE user_id = $1 AND type = 'totp' AND status = 'active'",
      [user.id],
    );
    expect(factor.map((f) => Number(f.step))).toEqual([Math.floor((confirmedAt + 30_000) / 30_000)]);
    const active = await cluster.query<{ n: string }>("SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND state = 'active' AND revoked_at IS NULL", [
      user.id,
    ]);
    expect(Number(active[0]!.n)).toBe(1);
  });

  it('accepts one backup code sent by 20 sessions on two instances at the same moment exactly once (C3)', async () => {
    const { user, backupCodes, sessions } = await halfSignedIn('203.0.113.11');
    const winner = await race(sessions, { method: 'backup_code', code: backupCodes[0] });
    expect(winner.body).toMatchObject({ state: 'active', method: 'backup_code' });

    const used = await cluster.query<{ n: string }>('SELECT count(*) AS n FROM backup_codes WHERE user_id = $1 AND used_at IS NOT NULL', [user.id]);
    expect(Number(used[0]!.n)).toBe(1);
    const factors = await cluster.b.client.get('/api/v1/me/factors', winner.body.token);
    expect(factors.body.backupCodesRemaining).toBe(9);
  });

  it('accepts one emailed code sent 20 times by one session over two instances exactly once (D2)', async () => {
    const ip = '203.0.113.12';
    const user = await createUser(cluster.a.client, admin, { email: `mailer${++n}@acme.test` });
    const mailedTo = async (to: string) =>
      (
        await cluster.query<{ text_body: string }>(
          "SELECT text_body FROM mail_outbox JOIN mail_bodies ON mail_id = id WHERE to_address = $1 AND template = 'email-code' ORDER BY created_at DESC LIMIT 1",
          [to],
        )
      )[0]!;
    const first = await fromAddress(cluster.a.client, ip, 'POST', '/api/v1/auth/login', { email: user.email, password: PASSWORD });
    const start = await fromAddress(cluster.a.client, ip, 'POST', '/api/v1/me/factors/email', { email: user.email }, first.body.token);
    expect(start.status, start.text).toBe(201);
    const confirm = await fromAddress(
      cluster.a.client,
      ip,
      'POST',
      `/api/v1/me/factors/${start.body.id}/confirm`,
      { code: emailedCode(await mailedTo(user.email)) },
      first.body.token,
    );
    expect(confirm.status, confirm.text).toBe(200);
    await fromAddress(cluster.a.client, ip, 'POST', '/api/v1/auth/logout', {}, confirm.body.token);

    const half = await fromAddress(cluster.b.client, ip, 'POST', '/api/v1/auth/login', { email: user.email, password: PASSWORD });
    expect(half.body.state).toBe('second_factor_required');
    const opened = await fromAddress(cluster.b.client, ip, 'POST', '/api/v1/auth/second-factor/email-code', {}, half.body.token);
    expect(opened.status, opened.text).toBe(202);
    const proof = { method: 'email_code', challengeId: opened.body.challengeId, code: emailedCode(await mailedTo(user.email)) };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fromAddress(cluster.at(i).client, ip, 'POST', '/api/v1/auth/second-factor', proof, half.body.token)),
    );
    const winners = answers.filter((r) => r.status === 200);
    expect(winners, answers.map((r) => `${r.status} ${r.body?.code}`).join(', ')).toHaveLength(1);
    // The rest: the code was used, the budget said wait, or the session had already rotated away.
    for (const r of answers.filter((x) => x.status !== 200)) expect(['second_factor_invalid', 'too_many_attempts', 'unauthenticated']).toContain(r.body.code);
    const consumed = await cluster.query<{ n: string }>('SELECT count(*) AS n FROM challenges WHERE id = $1 AND consumed_at IS NOT NULL', [
      opened.body.challengeId,
    ]);
    expect(Number(consumed[0]!.n)).toBe(1);
  });
});
