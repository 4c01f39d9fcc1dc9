// Finishing a sign-in with an authenticator code (issue 14): the attempt reserved before the
// code is checked is reset inside the transaction that rotates the session, and the
// organisation's settings are read only when the device is to be trusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../support/authenticator.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { attemptCounterWrites } from '../../support/statements.ts';

describe.each(DIALECTS)('%s: the cost of a sign-in second factor', (dialect) => {
  let s: TestServer;
  let secret: string;
  const email = 'tess@acme.test';

  beforeAll(async () => {
    // No mail polling: its statements would run during the counted request.
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    const { token: admin } = await setUp(s.client);
    await createUser(s.client, admin, { email, name: 'Tess' });
    const tess = await login(s.client, email, PASSWORD);
    const start = await s.client.post('/api/v1/me/factors/totp', {}, tess);
    secret = start.body.secret;
    const confirm = await s.client.post(`/api/v1/me/factors/totp/${start.body.id}/confirm`, { code: totpCode(secret, s.clock!.now()) }, tess);
    expect(confirm.status, confirm.text).toBe(200);
  });
  afterAll(() => s.stop());

  /** Signs in with the password, then sends a fresh code; the statements of that second request. */
  async function secondFactor(body: Record<string, unknown>) {
    s.clock!.advance(30_000);
    const half = await s.client.post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(half.body.state).toBe('second_factor_required');
    const seen: string[] = [];
    const stop = s.signoff.database.onStatement((text) => seen.push(text));
    const res = await s.client.post('/api/v1/auth/second-factor', { method: 'totp', code: totpCode(secret, s.clock!.now()), ...body }, half.body.token);
    stop();
    expect(res.status, res.text).toBe(200);
    return { res, seen };
  }

  const readsSettings = (seen: string[]) => seen.some((text) => /^\s*select "settings" from "organizations"/i.test(text));

  it('rotates the session with the attempt reset inside its transaction and no read of the settings', async () => {
    const { res, seen } = await secondFactor({});
    expect(res.body.deviceToken).toBeUndefined();
    expect(readsSettings(seen), seen.join('\n')).toBe(false);
    const counter = attemptCounterWrites(seen);
    expect(counter.before).toHaveLength(1);
    expect(counter.inside).toHaveLength(1);
    expect(counter.after).toHaveLength(0);
  });

  it('reads the settings to trust the device, and trusts it for their number of days', async () => {
    const { res, seen } = await secondFactor({ trustDevice: true });
    expect(readsSettings(seen)).toBe(true);
    expect(res.body.deviceToken).toEqual(expect.any(String));
    expect(res.headers.get('set-cookie')).toMatch(/signoff_device=[^;]+;.*Max-Age=2592000/);
  });
});
