// Admin → Single sign-on → "Test the connection" (issue 12 item 4): the issuer goes through the
// same SSRF guard as every sign-in, then its discovery document is fetched from the real local
// provider; each failure names its stage in words an admin can act on, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, createUser, login, PASSWORD, setUp } from '../../support/fixtures.ts';
import { startOnChosenPort, type TestServer } from '../../support/start-signoff.ts';
import { startTestIdp, type TestIdp } from './test-idp.ts';

describe.each(DIALECTS)('%s: testing the SSO connection', (dialect) => {
  let s: TestServer;
  let idp: TestIdp;
  let admin: string;

  beforeAll(async () => {
    // Signoff first, on a port chosen before it starts (its base URL names it), then the provider with its callback.
    s = await startOnChosenPort(dialect, (port) => ({
      env: { SIGNOFF_PORT: String(port), SIGNOFF_BASE_URL: `http://127.0.0.1:${port}`, SIGNOFF_SSO_ALLOW_HOSTS: '127.0.0.1' },
    }));
    idp = await startTestIdp({ redirectUri: `${s.url}/api/v1/auth/sso/callback` });
    await setUp(s.client);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await s?.stop();
    await idp?.stop();
  });

  const test = (body: object | undefined, token = admin) => s.client.post('/api/v1/admin/sso/test', body, token);

  it('says to enter an issuer first when none is given or stored', async () => {
    expect((await test({})).body).toEqual({ ok: false, issuer: null, stage: 'settings', detail: 'Enter the issuer URL of your identity provider first.' });
  });

  it('reaches the local provider and reports its endpoints, storing nothing', async () => {
    const res = await test({ issuer: idp.issuer, clientId: idp.clientId });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ ok: true, issuer: idp.issuer, authorizationEndpoint: `${idp.issuer}/auth`, tokenEndpoint: `${idp.issuer}/token` });
    expect((await s.client.get('/api/v1/admin/sso', admin)).body).toMatchObject({ enabled: false, clientSecretSet: false });
    expect((await s.client.get('/api/v1/admin/sso', admin)).body.issuer).toBeUndefined();
  });

  it('tests the stored issuer when the body names none', async () => {
    const put = await s.client.request('PUT', '/api/v1/admin/sso', {
      token: admin,
      body: { enabled: false, issuer: idp.issuer, clientId: idp.clientId, twoFactor: 'local' },
    });
    expect(put.status, put.text).toBe(200);
    expect((await test(undefined)).body).toMatchObject({ ok: true, issuer: idp.issuer });
  });

  it('refuses internal addresses through the SSRF guard without contacting them (cloud metadata, private, plain http)', async () => {
    for (const issuer of ['https://169.254.169.254/latest', 'https://10.0.0.7', 'https://[::1]:8443', 'http://example.com']) {
      const res = await test({ issuer });
      expect(res.status, issuer).toBe(200);
      expect(res.body, issuer).toMatchObject({ ok: false, issuer, stage: 'address' });
    }
    expect((await test({ issuer: 'not a url' })).body).toMatchObject({ ok: false, stage: 'address', detail: 'The issuer must be an absolute URL' });
  });

  it('says discovery failed when the allowed host does not answer as a provider', async () => {
    const res = await test({ issuer: 'http://127.0.0.1:9/nothing-here' });
    expect(res.body).toMatchObject({ ok: false, stage: 'discovery' });
    expect(res.body.detail).toContain('did not answer with an OpenID Connect discovery document');
  });

  it('is for admins only', async () => {
    await createUser(s.client, admin, { email: 'rita@acme.test', roles: ['owner'] });
    const rita = await login(s.client, 'rita@acme.test', PASSWORD);
    expect((await test({ issuer: idp.issuer }, rita)).status).toBe(403);
  });
});
