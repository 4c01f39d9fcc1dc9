// One verification covers a session's further factor and settings changes for five minutes
// (a short-lived privileged session, GitHub's "sudo mode"; issue 12 item 5), and no more: the
// window never outlives its five minutes, never passes to another session, is never opened by
// a backup code, and survives only the rotation that activating a factor makes.
// @see docs/security.md H1 (factor changes need a fresh factor), C8 (backup codes never change factors)
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRIVILEGED_WINDOW_MS } from '../../../src/factors/step-up.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, twoFactorSuite } from './two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: privileged session after a factor change', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let admin: string;
  let n = 0;
  const suite = twoFactorSuite(dialect);
  beforeAll(() => {
    ({ s, kit } = suite);
  });
  beforeEach(async () => {
    s.clock!.advance(61 * 60_000);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });

  async function withTotp() {
    const user = await createUser(s.client, admin, { email: `sudo${++n}@acme.test` });
    const totp = await kit.enableTotp((await kit.signIn(user.email)).token);
    return { user, totp };
  }
  const newBackupCodes = (token: string, secondFactor?: object) => s.client.post('/api/v1/me/backup-codes', secondFactor ? { secondFactor } : {}, token);
  const removeFactor = (id: string, token: string) => s.client.request('DELETE', `/api/v1/me/factors/${id}`, { token });

  it('a verified change lets the same session make further changes without a code for five minutes, then asks again', async () => {
    const { totp } = await withTotp();
    s.clock!.advance(PRIVILEGED_WINDOW_MS + 1); // the setup's own window is over
    expect((await newBackupCodes(totp.token)).body.code).toBe('second_factor_required');
    expect((await newBackupCodes(totp.token, { method: 'totp', code: kit.freshTotp(totp.secret) })).status).toBe(201);
    s.clock!.advance(60_000);
    expect((await newBackupCodes(totp.token)).status).toBe(201);
    // A change made inside the window does not extend it.
    s.clock!.advance(PRIVILEGED_WINDOW_MS - 60_000 + 1);
    const after = await newBackupCodes(totp.token);
    expect(after.status, after.text).toBe(403);
    expect(after.body.code).toBe('second_factor_required');
  });

  it('another session of the same user gets no window from this one', async () => {
    const { user, totp } = await withTotp();
    expect((await newBackupCodes(totp.token, { method: 'totp', code: kit.freshTotp(totp.secret) })).status).toBe(201);
    const other = await kit.signInWithTotp(user.email, totp.secret);
    const res = await newBackupCodes(other.token);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('second_factor_required');
  });

  it('a backup code does not open the window (C8)', async () => {
    const { totp } = await withTotp();
    s.clock!.advance(PRIVILEGED_WINDOW_MS + 1);
    const refused = await newBackupCodes(totp.token, { method: 'backup_code', code: totp.backupCodes[0] });
    expect(refused.status).toBe(403);
    expect((await newBackupCodes(totp.token)).body.code).toBe('second_factor_required');
  });

  it('adding a factor keeps the window in the rotated session, so the old factor can be removed at once; the old token is dead', async () => {
    const { user, totp } = await withTotp();
    s.clock!.advance(PRIVILEGED_WINDOW_MS + 1);
    const { factorId: emailId, token } = await kit.addEmailFactor(totp.token, user.email, totp.secret);
    expect((await s.client.get('/api/v1/auth/session', totp.token)).status).toBe(401);
    const removed = await removeFactor(emailId, token);
    expect(removed.status, removed.text).toBe(204);
  });
});
