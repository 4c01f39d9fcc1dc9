// The public SSO start costs Signoff a request to the provider and a stored flow, so one client
// address gets 30 starts in ten minutes, then one a minute; another address is not affected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

describe.each(DIALECTS)('%s: SSO start budget per client address', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_TRUST_PROXY: '127.0.0.1' } });
    await setUp(s.client);
  });
  afterAll(() => s?.stop());

  const start = (ip: string) => s.client.request('GET', '/api/v1/auth/sso/start?organization=acme-pharma', { headers: { 'x-forwarded-for': ip } });

  it('answers the 31st start within ten minutes with the login page and too_many_attempts, and not for another address', async () => {
    for (let i = 0; i < 30; i++) expect((await start('198.51.100.9')).headers.get('location')).toBe('/login?sso_error=not_configured');
    expect((await start('198.51.100.9')).headers.get('location')).toBe('/login?sso_error=too_many_attempts');
    expect((await start('198.51.100.10')).headers.get('location')).toBe('/login?sso_error=not_configured');
    const flows = await s.signoff.services.db.selectFrom('sso_flows').select('state').execute();
    expect(flows).toEqual([]);
    s.clock!.advance(10 * 60_000 + 1);
    expect((await start('198.51.100.9')).headers.get('location')).toBe('/login?sso_error=not_configured');
  });
});
