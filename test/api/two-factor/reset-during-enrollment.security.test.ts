// An admin's reset removes every second factor, even one being added at that moment: a passkey
// whose registration is under way either commits first and is removed by the reset, or waits
// for it and finds its ceremony ended. Made deterministic with a connection of the test's own
// holding the user's row while both requests reach the database (on PostgreSQL the passkey
// used to commit after the reset had answered 204, and stayed usable with a new session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from '../../support/browser.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { lockingConnection, type LockingConnection } from '../../support/locking-connection.ts';
import type { TestServer } from '../../support/start-signoff.ts';
import { startWithPasskeyDevice, type PasskeyDevice } from '../../support/webauthn.ts';
import { twoFactorKit } from './two-factor-fixtures.ts';

// @see docs/security.md#k-reliability-under-concurrency K9
describe.runIf(HAS_CHROMIUM && DIALECTS.includes('postgres'))('postgres: an admin reset while a passkey is being registered', () => {
  let s: TestServer;
  let started: Awaited<ReturnType<typeof startWithPasskeyDevice>> | undefined;
  let device: PasskeyDevice;
  let other: LockingConnection;
  let admin: string;

  beforeAll(async () => {
    started = await startWithPasskeyDevice('postgres');
    ({ s, device } = started);
    admin = (await setUp(s.client)).token;
    other = await lockingConnection(s);
  });
  afterAll(async () => {
    await other?.end();
    await started?.stop();
  });

  it('leaves the user with no factor and no session, whichever of the two commits first', async () => {
    const user = await createUser(s.client, admin, { email: 'pia@acme.test', roles: ['reviewer'] });
    const { token } = await twoFactorKit(s).signIn(user.email);
    const options = await s.client.post('/api/v1/me/factors/webauthn/options', {}, token);
    expect(options.status, options.text).toBe(201);
    const made = await device.create(options.body.options);
    if (!made.ok) throw new Error(made.error);

    await other.query('begin');
    await other.query('update users set updated_at = updated_at where id = $1', [user.id]);
    const registered = s.client.post('/api/v1/me/factors/webauthn', { challengeId: options.body.challengeId, credential: made.value, label: 'Laptop' }, token);
    await other.waitsFor(registered, 'the registration');
    const reset = s.client.delete(`/api/v1/admin/two-factor/enrollments/${user.id}`, admin);
    // The reset waits for the user too, or (without its lock) finishes while the passkey waits.
    await Promise.race([reset, other.signoffWaits(2)]);
    await other.query('commit');
    const [passkey, revoked] = await Promise.all([registered, reset]);

    expect(revoked.status, revoked.text).toBe(204);
    expect([201, 403], passkey.text).toContain(passkey.status);
    const factors = await s.signoff.services.db.selectFrom('factors').select(['type', 'status']).where('user_id', '=', user.id).execute();
    expect(factors).toEqual([]);
    if (passkey.status === 201) expect((await s.client.get('/api/v1/auth/session', passkey.body.token)).status).toBe(401);
  });
});
