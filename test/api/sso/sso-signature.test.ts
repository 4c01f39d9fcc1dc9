// E-signatures of SSO users (21 CFR 11.200, docs/guide.md §7): instead of the password, the signer
// re-authenticates at the organisation's OpenID Connect provider (prompt=login, max_age=0)
// and signs with the single-use token that comes back; the second factor is still asked.
// Against a real provider (oidc-provider 9 on 127.0.0.1), the redirects driven with fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { ADMIN, login, setUp } from '../../support/fixtures.ts';
import { startOnChosenPort, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from '../workflows/workflow-fixtures.ts';
import { browse, startTestIdp, type TestIdp } from './test-idp.ts';

describe.each(DIALECTS)('%s: e-signature after re-authentication at the identity provider', (dialect) => {
  let s: TestServer;
  let idp: TestIdp;
  let k: ReturnType<typeof workflowKit>;
  let admin: string;
  let signer: Person;
  let submitter: Person;
  let bystander: Person;
  let wf: string;

  beforeAll(async () => {
    // Signoff first, on a port chosen before it starts (its base URL names it), then the provider with its callback.
    s = await startOnChosenPort(dialect, (port) => ({
      clock: 'manual',
      env: { SIGNOFF_PORT: String(port), SIGNOFF_BASE_URL: `http://127.0.0.1:${port}`, SIGNOFF_SSO_ALLOW_HOSTS: '127.0.0.1' },
    }));
    idp = await startTestIdp({ redirectUri: `${s.url}/api/v1/auth/sso/callback` });
    await setUp(s.client);
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    k = workflowKit(s, () => admin);
    const sso = await s.client.request('PUT', '/api/v1/admin/sso', {
      token: admin,
      body: { enabled: true, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, twoFactor: 'local' },
    });
    expect(sso.status, sso.text).toBe(200);
    signer = await k.person('sig', { totp: true });
    bystander = await k.person('bee', { totp: true });
    submitter = await k.person('sam');
    idp.accounts.set('idp-sig', { email: signer.email, email_verified: true, name: 'Sig' });
    idp.accounts.set('idp-bee', { email: bystander.email, email_verified: true, name: 'Bee' });
    wf = await k.workflow([{ reviewers: [{ user: signer.id }, { user: bystander.id }], threshold: { type: 'any' }, requireSignature: true }]);
  });
  afterAll(async () => {
    await s?.stop();
    await idp?.stop();
  });

  /** The signed-in `who` asks to re-authenticate; the provider signs in `account`; the answer's fragment. */
  async function reauthenticate(who: Person, account: string, itemId: string) {
    idp.nextLogin = { accountId: account };
    const jar = new Map([['signoff_session', who.token]]);
    const end = await browse(`${s.url}/api/v1/auth/sso/reauthenticate?returnTo=/items/${itemId}`, jar);
    expect(end.location?.pathname).toBe(`/items/${itemId}`);
    return new URLSearchParams(end.location!.hash.slice(1));
  }

  const sign = (who: Person, itemId: string, reauthToken: string) =>
    k.decide(who.token, itemId, {
      step: 0,
      decision: 'approve',
      secondFactor: { method: 'totp', code: k.freshTotp(who.secret!) },
      signature: { reauthToken, meaning: 'approved' } as never,
    });

  it('signs with a fresh provider re-authentication in place of the password', async () => {
    const item = await k.submit(submitter.token, wf);
    const fragment = await reauthenticate(signer, 'idp-sig', item.id);
    const token = fragment.get('reauth')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const res = await sign(signer, item.id, token);
    expect(res.status, res.text).toBe(201);
    expect(res.body.decision.signature).toMatchObject({ printedName: 'Sig', meaning: 'approved', valid: true });
    const log = await s.client.get('/api/v1/admin/audit?type=sso.reauthenticated', admin);
    expect(log.body.entries[0].data).toMatchObject({ subject: 'idp-sig', purpose: 'signature' });
    expect(typeof log.body.entries[0].data.authTime).toBe('number');
  });

  it('refuses a re-authentication token presented by someone else, or used twice', async () => {
    const one = await k.submit(submitter.token, wf);
    const two = await k.submit(submitter.token, wf);
    const token = (await reauthenticate(signer, 'idp-sig', one.id)).get('reauth')!;
    const stolen = await sign(bystander, one.id, token);
    expect(stolen.status).toBe(403);
    expect(stolen.body.code).toBe('signature_invalid');
    expect((await k.recorded(one.id)).signatures).toBe(0);
    // Spent only by the signature it made: once.
    expect((await sign(signer, one.id, token)).status).toBe(201);
    const again = await sign(signer, two.id, token);
    expect(again.body.code).toBe('signature_invalid');
    expect((await k.recorded(two.id)).signatures).toBe(0);
  });

  it('keeps the re-authentication after a wrong second factor: it is spent only with the signature', async () => {
    const item = await k.submit(submitter.token, wf);
    const token = (await reauthenticate(signer, 'idp-sig', item.id)).get('reauth')!;
    const wrong = await k.decide(signer.token, item.id, {
      step: 0,
      decision: 'approve',
      secondFactor: { method: 'totp', code: k.wrongTotp(signer.secret!) },
      signature: { reauthToken: token, meaning: 'approved' } as never,
    });
    expect(wrong.body.code, wrong.text).toBe('second_factor_invalid');
    expect((await sign(signer, item.id, token)).status).toBe(201);
  });

  it('refuses when the provider authenticates someone other than the signer', async () => {
    const item = await k.submit(submitter.token, wf);
    const fragment = await reauthenticate(signer, 'idp-bee', item.id);
    expect(fragment.get('reauth')).toBeNull();
    expect(fragment.get('reauth_error')).toBe('unknown_user');
  });
});
