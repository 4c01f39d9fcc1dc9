import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, openMessage, setUpViaApi, signInHome, startSignoffWithUi, type Api, type UiServer } from './journey.ts';

// Two people to use someone else's e-signature (21 CFR 11.200(a)(3)), in the browser, on the
// embedded default (local mailbox, no SIGNOFF_DEV_MAILBOX): the admin sees another user's
// reset link only as a placeholder; an admin's 2FA reset of a signer waits under Reset
// requests until a second admin approves it; the signature the user then makes is marked
// "credentials reset at …, by …" on the item page.
describe.skipIf(!HAS_CHROMIUM)('two-person resets', () => {
  let server: UiServer;
  let browser: Browser;
  let api: Api;
  const VIC = { name: 'Vic Signer', email: 'vic@acme.test', password: 'my signature is mine alone' };
  const BOB = { name: 'Bob Second', email: 'bob@acme.test', password: 'two admins or nothing at all' };
  const SAM = { name: 'Sam Submitter', email: 'sam@acme.test', password: 'paperwork goes through workflows' };
  const WES = { name: 'Wes Signer', email: 'wes@acme.test', password: 'signing again after a reset' };
  let vicId = '';

  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !statuses.some((s) => e.startsWith(`Failed to load resource: the server responded with a status of ${s}`)));
  const bearer = async (u: { email: string; password: string }) => {
    const r = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: u.password }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { token: string }).token;
  };
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  const create = async (u: typeof VIC, roles: string[]) => {
    const r = await api('POST', '/admin/users', { ...u, userType: 'staff', roles });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  /** An item waiting for `signerId`'s e-signature. */
  const itemToSign = async (signerId: string, batch: string) => {
    const wf = await api('POST', '/workflows', {
      name: `Batch release ${batch}`,
      steps: [
        {
          name: 'QA release',
          reviewers: [{ user: signerId }],
          threshold: { type: 'any' },
          requireTwoFactor: false,
          requireSignature: true,
          signatureMeanings: ['approved'],
          onReject: 'end',
        },
      ],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(201);
    const item = await call(await bearer(SAM), 'POST', '/items', { workflowId: wf.body.id, title: `Batch ${batch} release`, content: `Batch record ${batch}` });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    return item.body.id as string;
  };

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    vicId = await create(VIC, ['reviewer']);
    await create(BOB, ['admin']);
    await create(SAM, ['owner']);
    await itemToSign(vicId, '2026-118');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the admin mailbox shows someone else's reset link only as a placeholder", async () => {
    expect(
      (
        await fetch(`${server.url}/api/v1/auth/password-reset`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: VIC.email }),
        })
      ).status,
    ).toBe(202);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1360, height: 900 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Mailbox' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    await openMessage(page, /Reset your/i, VIC.email);
    await page.getByText(`Credential message for ${VIC.email}, not shown`).first().waitFor();
    expect(await page.locator('.message-view').textContent()).not.toContain('/reset-password#token=');
    expect(await page.locator('.message-text').count()).toBe(0);
    await screenshot(page, 'mailbox-credential-placeholder');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an admin's reset of a signer waits under Reset requests; a second admin approves it", async () => {
    const requested = await api('DELETE', `/admin/two-factor/enrollments/${vicId}`);
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1360, height: 900 } });
    await signInHome(page, server.url, BOB.email, BOB.password);
    await page.goto(`${server.url}/admin/two-factor`);
    const section = page.getByRole('region', { name: /Reset requests/ });
    await section.getByText(VIC.email, { exact: true }).waitFor();
    await section.getByText('pending', { exact: true }).waitFor();
    await screenshot(page, 'two-factor-reset-requests');
    await section.getByRole('button', { name: `Approve the reset for ${VIC.name}` }).click();
    await page.getByText(`Two-factor authentication was reset for ${VIC.name}`).waitFor();
    await section.getByText('approved', { exact: true }).waitFor();
    await screenshot(page, 'two-factor-reset-approved');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('the signature the user makes after the reset shows "credentials reset at …, by …" on the item page', async () => {
    // Wes, a signer of his own, has his 2FA reset by the admin and Bob, sets an authenticator up
    // again and signs (through the API: arrangement, not under test here; the reset requests
    // page is the test above).
    const wesId = await create(WES, ['reviewer']);
    const itemId = await itemToSign(wesId, '2026-119');
    const requested = await api('DELETE', `/admin/two-factor/enrollments/${wesId}`);
    expect(requested.status, JSON.stringify(requested.body)).toBe(202);
    const approved = await call(await bearer(BOB), 'POST', `/admin/two-factor/reset-requests/${requested.body.request.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const token = await bearer(WES);
    const start = await call(token, 'POST', '/me/factors/totp');
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    const app = createAuthenticator(start.body.secret as string, { clock: server.clock });
    const confirmed = await call(token, 'POST', `/me/factors/totp/${start.body.id}/confirm`, { code: await app.nextCode() });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const signed = await call(confirmed.body.token as string, 'POST', `/items/${itemId}/decisions`, {
      step: 0,
      decision: 'approve',
      secondFactor: { method: 'totp', code: await app.nextCode() },
      signature: { password: WES.password, meaning: 'approved' },
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.decision.signature.credentialsReset.by.map((p: { label: string }) => p.label)).toEqual([ADMIN.email, BOB.email]);

    const { context, page, errors } = await openPage(browser, { viewport: { width: 1360, height: 900 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/items/${itemId}`);
    const mark = page.getByText(/credentials reset at/);
    await mark.waitFor();
    const text = (await mark.textContent()) ?? '';
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(text).toContain(`${ADMIN.email} and ${BOB.email}`);
    await screenshot(page, 'signature-credentials-reset');
    expect(errors).toEqual([]);
    await context.close();
  });
});
