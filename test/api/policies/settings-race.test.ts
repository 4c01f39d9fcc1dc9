// Two admins changing different settings at the same moment: each change starts from what the
// other left, so neither undoes the other (on PostgreSQL both used to start from the same
// document, and the second write silently undid the first while the trail recorded both).
// @see docs/security.md#k-reliability-under-concurrency K9
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { createUser, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { twoFactorKit, type Totp } from '../two-factor/two-factor-fixtures.ts';

describe.each(DIALECTS)('%s: settings changed by two admins at the same moment', (dialect) => {
  let s: TestServer;
  let kit: ReturnType<typeof twoFactorKit>;
  let first: Totp;
  let second: Totp;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    kit = twoFactorKit(s);
    first = await kit.enableTotp((await setUp(s.client)).token);
    await createUser(s.client, first.token, { email: 'second-admin@acme.test', roles: ['admin'] });
    second = await kit.enableTotp((await kit.signIn('second-admin@acme.test')).token);
  });
  afterAll(() => s.stop());

  it('keeps both changes: neither undoes the other', async () => {
    for (let i = 0; i < 5; i++) {
      // One fresh time step, a code of it for each admin.
      const codes = [kit.freshTotp(first.secret), kit.totp(second.secret)];
      const mode = i % 2 === 0 ? 'soft' : 'off';
      const [a, b] = await Promise.all([
        s.client.patch(
          '/api/v1/admin/settings',
          { trustedDevices: { enabled: true, days: 10 + i }, secondFactor: { method: 'totp', code: codes[0] } },
          first.token,
        ),
        s.client.patch('/api/v1/admin/settings', { enforcement: { mode, scope: {} }, secondFactor: { method: 'totp', code: codes[1] } }, second.token),
      ]);
      expect([a.status, b.status], `${a.text} ${b.text}`).toEqual([200, 200]);
      const now = (await s.client.get('/api/v1/admin/settings', first.token)).body;
      expect(now.trustedDevices).toMatchObject({ enabled: true, days: 10 + i });
      expect(now.enforcement.mode).toBe(mode);
    }
  });
});
