// Sessions are deleted 30 days after they expired (accounts/sessions.ts, a periodic job on every
// instance): a row holds a token's hash, an address and a user agent, kept no longer than it
// could help to look into an incident, while the audit trail keeps every sign-in for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_SESSIONS_KEPT_MS } from '../../../src/accounts/sessions.ts';
import { sha256Hex } from '../../../src/platform/crypto/digest.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

const HOUR = 60 * 60_000;

// @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F13
describe.each(DIALECTS)('%s: the session sweep', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    await setUp(s.client);
  });
  afterAll(() => s?.stop());

  const db = () => s.signoff.services.db;
  const stored = async (...tokens: string[]) =>
    (await db().selectFrom('sessions').select('token_hash').where('token_hash', 'in', tokens.map(sha256Hex)).execute()).length;
  const signIns = async () => (await db().selectFrom('audit_entries').select('id').where('type', '=', 'login.succeeded').execute()).length;

  it('deletes the sessions that expired more than 30 days ago, keeps those expired since and the live ones, and leaves the audit trail as it was', async () => {
    const sweep = (batch?: number) => s.signoff.services.accounts.sessions.sweepExpired(batch);
    const old = [await login(s.client, ADMIN.email, ADMIN.password), await login(s.client, ADMIN.email, ADMIN.password)];
    s.clock!.advance(EXPIRED_SESSIONS_KEPT_MS);
    const recent = await login(s.client, ADMIN.email, ADMIN.password);
    // The old ones expired (12 hours after they started) a little more than 30 days ago; the recent one a minute ago.
    s.clock!.advance(12 * HOUR + 60_000);
    const live = await login(s.client, ADMIN.email, ADMIN.password);
    const before = await signIns();

    expect(await sweep(1)).toBe('more'); // a full batch: the job runs again at once
    expect(await sweep()).toBeGreaterThanOrEqual(1); // the rest (the other old one, the setup's), in one batch
    expect(await sweep()).toBe(0);
    expect(await stored(...old)).toBe(0);
    expect(await stored(recent, live)).toBe(2);
    expect((await s.client.get('/api/v1/auth/session', live)).status).toBe(200);
    expect(await signIns()).toBe(before);
  });
});
