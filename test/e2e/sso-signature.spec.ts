// An e-signature without the password, in the browser (21 CFR 11.200, PRODUCT §7): at a step
// that needs an e-signature, a reviewer of an organisation with single sign-on chooses "Sign in
// again at your identity provider" on the confirm screen, goes through a real OpenID Connect
// provider (oidc-provider 9 on 127.0.0.1, which signs in `nextLogin` without forms), and comes
// back to the item with the decision, comment and meaning kept and "Re-authenticated" in place
// of the password; the second factor is still asked. When the provider signs in someone else,
// the page says so, offers the password again, and nothing is recorded. A proof the server no
// longer takes (used or expired), or one spent by an attempt with a wrong code, is dropped and
// the choice is offered again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdp } from '../api/sso/test-idp.ts';
import { createAuthenticator, totpCode } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { enrollTotpViaApi, setUpViaApi, signIn, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

describe.skipIf(!HAS_CHROMIUM)('e-signature after a new sign-in at the identity provider', () => {
  let server: UiServer;
  let idp: TestIdp;
  let browser: Browser;
  let api: Api;
  /** The origin the browser uses: the server's base URL (see beforeAll). */
  let appUrl = '';
  const RITA = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
  const SAM = { name: 'Sam Submitter', email: 'sam@acme.test', password: 'paperwork goes through workflows' };
  const COMMENT = 'Batch record complete; deviations closed.';
  let ritaId = '';
  let ritaApp: ReturnType<typeof createAuthenticator>;
  let ritaBackupCodes: string[] = [];
  let workflowId = '';
  let rita: Awaited<ReturnType<typeof openPage>> | undefined;

  /** Chromium reports every refused fetch; the refusals a test provokes on purpose are fine. */
  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !statuses.some((s) => e.startsWith(`Failed to load resource: the server responded with a status of ${s}`)));

  /** A full-page screenshot from the top (a focused field may have scrolled the page). */
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };

  const submitItem = async (title: string) => {
    const item = await api('POST', '/items', { workflowId, title, content: 'Lot 24-117, 1,200 units. Release for distribution.' });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    return item.body.id as string;
  };

  /** What the server recorded on an item: decisions and signatures in its history. */
  const recorded = async (itemId: string) => {
    const item = await api('GET', `/items/${itemId}`);
    expect(item.status).toBe(200);
    const decided = (item.body.history as Array<{ action: string; signature?: unknown }>).filter((h) => h.action === 'decided');
    return { decisions: decided.length, signatures: decided.filter((h) => h.signature).length };
  };

  /**
   * Rita's browser, signed in by whichever test needs it first (so any test runs alone), with a
   * backup code: that leaves the current 30-second TOTP step for the signature.
   */
  const ritaSignedIn = async () => {
    if (rita) return rita;
    rita = await openPage(browser);
    const { page } = rita;
    await signIn(page, appUrl, RITA.email, RITA.password);
    await page.waitForURL(`${appUrl}/login/second-factor`);
    await page.getByRole('button', { name: 'Use a backup code' }).click();
    await page.getByLabel('Backup code').fill(ritaBackupCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, appUrl);
    return rita;
  };

  /** Approve with a comment, Continue: the confirm screen of the e-signature step. */
  const openConfirm = async (page: Page, itemId: string) => {
    await page.goto(`${appUrl}/items/${itemId}`);
    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.getByText('This step needs your electronic signature').waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByLabel('Comment').fill(COMMENT);
    await panel.getByRole('button', { name: 'Continue' }).click();
    await panel.getByRole('heading', { name: 'Sign your decision' }).waitFor();
    return panel;
  };

  beforeAll(async () => {
    server = await startSignoffWithUi();
    // Without SIGNOFF_BASE_URL the server's base URL, and so the redirect URI it gives the
    // provider, is http://localhost:<port>. The browser uses that origin throughout, so the
    // provider's redirect back lands where the session and state cookies were set.
    appUrl = server.url.replace('//127.0.0.1:', '//localhost:');
    idp = await startTestIdp({ redirectUri: `${appUrl}/api/v1/auth/sso/callback` });
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);

    const sso = await api('PUT', '/admin/sso', {
      enabled: true,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      twoFactor: 'local',
      buttonLabel: 'Continue with Acme ID',
    });
    expect(sso.status, JSON.stringify(sso.body)).toBe(200);

    const created = await api('POST', '/admin/users', { ...RITA, userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ritaId = created.body.id;
    const sam = await api('POST', '/admin/users', { ...SAM, userType: 'staff', roles: ['owner'], groups: [] });
    expect(sam.status, JSON.stringify(sam.body)).toBe(201);
    // The provider knows both by their verified email; Rita is the signer, Sam someone else.
    idp.accounts.set('idp-rita', { email: RITA.email, email_verified: true, name: RITA.name });
    idp.accounts.set('idp-sam', { email: SAM.email, email_verified: true, name: SAM.name });

    // Rita's authenticator app, set up through the API (arrangement, not under test here).
    ({ app: ritaApp, backupCodes: ritaBackupCodes } = await enrollTotpViaApi(server, RITA));

    const wf = await api('POST', '/workflows', {
      name: 'Batch release',
      steps: [{ name: 'QA release', reviewers: [{ user: ritaId }], requireSignature: true }],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(201);
    workflowId = wf.body.id;
  });
  afterAll(async () => {
    await rita?.context.close();
    await browser?.close();
    await server?.stop();
    await idp?.stop();
  });

  it('signs after a new sign-in at the provider: the decision, comment and meaning are kept, the second factor is still asked', async () => {
    const itemId = await submitItem('Batch 24-117 release');
    const { page, errors } = await ritaSignedIn();

    const panel = await openConfirm(page, itemId);
    // The password stays the default; the provider is offered beside it.
    await panel.getByLabel('Password').waitFor();
    const reauthenticate = panel.getByRole('button', { name: 'Sign in again at your identity provider' });
    await reauthenticate.waitFor();
    await panel.getByLabel('Meaning').selectOption('reviewed');
    await shot(page, 'sso-signature-choice');

    idp.nextLogin = { accountId: 'idp-rita' };
    await reauthenticate.click();
    await panel.getByText('Re-authenticated at your identity provider').waitFor();
    // Back on the item, the proof taken out of the address bar and the pending decision out of storage.
    expect(page.url()).toBe(`${appUrl}/items/${itemId}`);
    expect(await page.evaluate(() => window.sessionStorage.length)).toBe(0);
    const summary = panel.getByTestId('decision-summary');
    expect(await summary.textContent()).toContain('You are approving step “QA release”');
    expect(await summary.textContent()).toContain(COMMENT);
    expect(await panel.getByLabel('Meaning').inputValue()).toBe('reviewed');
    expect(await panel.getByLabel('Password').count()).toBe(0);
    expect(await recorded(itemId)).toEqual({ decisions: 0, signatures: 0 });
    await shot(page, 'sso-signature-reauthenticated');

    await panel.getByLabel('Code', { exact: true }).fill(await ritaApp.nextCode());
    await panel.getByLabel('Meaning').selectOption('approved');
    await panel.getByRole('button', { name: 'Confirm decision' }).click();

    await page.getByRole('status').filter({ hasText: 'Signed as “approved” by Rita Reviewer' }).waitFor();
    const entry = page.getByRole('list', { name: 'History' }).getByRole('listitem').filter({ hasText: 'approved at “QA release”' });
    await entry.getByText('e-signed', { exact: true }).waitFor();
    await entry.getByText('2FA verified', { exact: true }).waitFor();
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain(COMMENT);
    expect(text).toContain('approved');
    expect(text).not.toContain('Signature invalid');
    await shot(page, 'sso-signature-recorded');
    expect(await recorded(itemId)).toEqual({ decisions: 1, signatures: 1 });

    const log = await api('GET', '/admin/audit?type=sso.reauthenticated');
    expect(log.status).toBe(200);
    expect(log.body.entries[0].data).toMatchObject({ subject: 'idp-rita', purpose: 'signature' });
    expect(unexpected(errors)).toEqual([]);
  });

  it('says so when the provider signs in another account, offers the password again, and records nothing', async () => {
    const itemId = await submitItem('Batch 24-118 release');
    const { page, errors } = await ritaSignedIn();
    const panel = await openConfirm(page, itemId);
    idp.nextLogin = { accountId: 'idp-sam' };
    await panel.getByRole('button', { name: 'Sign in again at your identity provider' }).click();

    const alert = panel.getByRole('alert').filter({ hasText: 'Your identity provider signed in a different account' });
    await alert.waitFor();
    expect(await alert.textContent()).not.toContain('unknown_user');
    expect(page.url()).toBe(`${appUrl}/items/${itemId}`);
    // The same screen: decision and comment kept, the password field and the provider offered again.
    expect(await panel.getByTestId('decision-summary').textContent()).toContain(COMMENT);
    await panel.getByLabel('Password').waitFor();
    await panel.getByRole('button', { name: 'Sign in again at your identity provider' }).waitFor();
    expect(await panel.getByText('Re-authenticated at your identity provider').count()).toBe(0);
    await shot(page, 'sso-signature-wrong-account');

    // Confirming without the password is refused on the page, before anything is sent.
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await panel.getByText('Enter your password, or sign in again at your identity provider.').waitFor();
    expect(await recorded(itemId)).toEqual({ decisions: 0, signatures: 0 });
    const applied = await api('GET', '/admin/audit?type=signature.applied');
    expect((applied.body.entries as Array<{ data: { itemId: string } }>).filter((e) => e.data.itemId === itemId)).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
  });

  it('drops a proof the server refuses (used or expired) and offers the choice again, but keeps it after a wrong code', async () => {
    const itemId = await submitItem('Batch 24-119 release');
    const { page, errors } = await ritaSignedIn();
    let panel = await openConfirm(page, itemId);

    // The provider's answer stands in for one the server no longer takes: a used or expired token.
    await page.route('**/api/v1/auth/sso/reauthenticate?**', (route) =>
      route.fulfill({ status: 302, headers: { location: `/items/${itemId}#reauth=${'U'.repeat(43)}` } }),
    );
    await panel.getByRole('button', { name: 'Sign in again at your identity provider' }).click();
    await panel.getByText('Re-authenticated at your identity provider').waitFor();
    await page.unroute('**/api/v1/auth/sso/reauthenticate?**');
    // The server checks the proof before the second factor, so any well-formed code will do here.
    await panel.getByLabel('Code', { exact: true }).fill('000000');
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Your sign-in at your identity provider was already used or has expired' }).waitFor();
    expect(await panel.getByText('Re-authenticated at your identity provider').count()).toBe(0);
    await panel.getByLabel('Password').waitFor();
    await panel.getByRole('button', { name: 'Sign in again at your identity provider' }).waitFor();
    expect(await panel.getByText('That password is not right').count()).toBe(0);
    expect(await panel.getByTestId('decision-summary').textContent()).toContain(COMMENT);
    await shot(page, 'sso-signature-proof-refused');

    // A real sign-in, then a wrong code: the proof is only spent with a recorded decision, so it stays.
    idp.nextLogin = { accountId: 'idp-rita' };
    await panel.getByRole('button', { name: 'Sign in again at your identity provider' }).click();
    panel = page.getByRole('region', { name: 'Your decision' });
    await panel.getByText('Re-authenticated at your identity provider').waitFor();
    const now = server.clock.now();
    const near = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => totpCode(ritaApp.secret, now + d)));
    let wrong = 123456;
    while (near.has(String(wrong).padStart(6, '0'))) wrong += 1;
    await panel.getByLabel('Code', { exact: true }).fill(String(wrong));
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await panel.getByText("That code didn't work").waitFor();
    await panel.getByText('Re-authenticated at your identity provider').waitFor();
    expect(await panel.getByLabel('Password').count()).toBe(0);
    await shot(page, 'sso-signature-wrong-code-kept');
    expect(await recorded(itemId)).toEqual({ decisions: 0, signatures: 0 });
    expect(unexpected(errors, 403)).toEqual([]);
  });
});
