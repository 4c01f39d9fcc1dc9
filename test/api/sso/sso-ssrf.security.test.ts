// Attack: SSRF through the SSO issuer. `PUT /admin/sso` with an issuer at a loopback, private
// or link-local address (cloud metadata), with credentials in the URL, or plain http; then the
// public `GET /auth/sso/start` makes the server fetch it (its timing tells open from closed
// ports). Refused at save with a clear 400, and at connect time for an issuer stored before
// (or whose name resolves elsewhere since): the start lands on `idp_unavailable` and nothing is
// contacted. Only 127.0.0.1 is ever contacted by this test (the trap counting connections).
// @see CWE-918; OWASP SSRF Prevention Cheat Sheet
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import type { OrgId } from '../../../src/platform/ids.ts';

// @see docs/security.md#k-reliability-under-concurrency K6
describe.each(DIALECTS)('%s: SSRF through the SSO issuer', (dialect) => {
  let s: TestServer;
  let admin: string;
  let slug: string;
  let orgId: OrgId;
  let trap: Server;
  let trapPort: number;
  let connections = 0;

  beforeAll(async () => {
    trap = createServer((_req, res) => res.end('{}'));
    trap.on('connection', () => {
      connections++;
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapPort = (trap.address() as AddressInfo).port;
    // Port 9 (discard) is allow-listed only to store a configured SSO; the trap's port is not.
    s = await startInProcess(dialect, { env: { SIGNOFF_SSO_ALLOW_HOSTS: '127.0.0.1:9' } });
    ({ slug, orgId } = await setUp(s.client));
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await s?.stop();
    trap.closeAllConnections();
    await new Promise((r) => trap.close(r));
  });

  const put = (issuer: unknown) =>
    s.client.request('PUT', '/api/v1/admin/sso', {
      token: admin,
      body: { enabled: true, issuer, clientId: 'signoff', clientSecret: 'shh', twoFactor: 'local' },
    });

  it('refuses each forbidden issuer at save with 400 invalid_request and a detail on #/issuer', async () => {
    const forms: [string, RegExp][] = [
      [`http://127.0.0.1:${trapPort}`, /https/],
      [`https://127.0.0.1:${trapPort}`, /127\.0\.0\.1 is loopback, private/],
      [`https://localhost:${trapPort}`, /localhost resolves to (127\.0\.0\.1|::1)/],
      [`http://localhost:${trapPort}`, /https/],
      [`https://[::1]:${trapPort}`, /::1 is loopback/],
      ['https://10.20.30.40/', /not public/],
      ['https://192.168.0.1/', /not public/],
      ['https://172.16.5.4/', /not public/],
      ['https://100.64.1.1/', /not public/],
      ['https://169.254.169.254/latest/meta-data/', /not public/],
      ['https://[fd00::1]/', /not public/],
      ['https://[::ffff:127.0.0.1]/', /not public/],
      ['https://0.0.0.0/', /not public/],
      ['https://admin:secret@idp.example.com/', /credentials/],
      ['not a url', /https URL/],
      ['https://idp.example.com/?x=1', /query/],
    ];
    for (const [issuer, detail] of forms) {
      const res = await put(issuer);
      expect(res.status, `${issuer}: ${res.text}`).toBe(400);
      expect(res.body.code).toBe('invalid_request');
      const said = [res.body.detail, ...(res.body.errors ?? []).map((e: { detail: string }) => e.detail)].join(' | ');
      expect(said, issuer).toMatch(detail);
      expect(res.body.errors?.[0]?.pointer, issuer).toMatch(/issuer/);
    }
    expect((await s.client.get('/api/v1/admin/sso', admin)).body.enabled).toBe(false);
    expect(connections).toBe(0);
  });

  it('refuses at connect time an issuer stored before the guard (or resolving elsewhere since): idp_unavailable, nothing contacted', async () => {
    expect((await put('http://127.0.0.1:9')).status).toBe(200);
    const row = await s.signoff.services.db.selectFrom('organizations').select('settings').where('id', '=', orgId).executeTakeFirstOrThrow();
    for (const issuer of [
      `https://127.0.0.1:${trapPort}`,
      `http://127.0.0.1:${trapPort}`,
      `https://localhost:${trapPort}`,
      `https://[::ffff:7f00:1]:${trapPort}`,
    ]) {
      const settings = JSON.parse(row.settings);
      settings.sso.issuer = issuer;
      await s.signoff.services.db
        .updateTable('organizations')
        .set({ settings: JSON.stringify(settings) })
        .where('id', '=', orgId)
        .execute();
      const res = await s.client.get(`/api/v1/auth/sso/start?organization=${slug}`);
      expect(res.status, issuer).toBe(302);
      expect(res.headers.get('location'), issuer).toBe('/login?sso_error=idp_unavailable');
    }
    expect(connections).toBe(0);
  });
});
