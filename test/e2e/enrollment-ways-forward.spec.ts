import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { setUpViaApi, signIn, signInHome, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

// Issue 12 item 1, the worst case in the browser: admin-controlled enrollment with hard
// enforcement. The user the admin never added is held at "Set up 2FA" and can set it up (the
// policy added them); someone outside every policy who opens Security is told who manages 2FA
// and can notify their administrator: nobody meets a screen with no way forward. At a desktop
// and at a 390 px phone width, neither scrolling sideways.
describe.skipIf(!HAS_CHROMIUM)('admin-controlled enrollment with enforcement: a way forward for everyone', () => {
  let server: UiServer;
  let browser: Browser;
  let api: Api;
  const VIEWPORTS = [
    { name: 'desktop', width: 1366, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ] as const;
  const PASSWORD = 'a second factor for everyone';

  const noSidewaysScroll = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(VIEWPORTS)(
    '$name: a held user nobody added sets 2FA up and gets through to the app',
    async (viewport) => {
      const email = `held-${viewport.name}@acme.test`;
      const user = await api('POST', '/admin/users', { name: `Held ${viewport.name}`, email, password: PASSWORD, userType: 'staff', roles: ['reviewer'] });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
      const saved = await api('PATCH', '/admin/settings', {
        enrollmentMode: 'admin_controlled',
        enforcement: { mode: 'hard', scope: { users: [user.body.id] } },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);

      const { context, page, errors } = await openPage(browser, { viewport });
      await signIn(page, server.url, email, PASSWORD);
      await page.waitForURL(`${server.url}/login/two-factor-setup`);
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `enrollment-admin-controlled-hard-held-${viewport.name}`);

      await page.getByRole('button', { name: /Authenticator app/ }).click();
      const app = createAuthenticator((await page.getByTestId('totp-secret').textContent()) ?? '', { clock: server.clock });
      await page.getByLabel('6-digit code').fill(await app.nextCode());
      await page.getByRole('button', { name: 'Verify and turn on' }).click();
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      await page.getByLabel('I have saved these codes somewhere safe').check();
      await page.getByRole('button', { name: 'Continue to Signoff' }).click();
      await waitForHome(page, server.url);
      expect(errors).toEqual([]);
      await context.close();
    },
    100_000,
  );

  it.each(VIEWPORTS)(
    '$name: someone outside every policy learns who manages 2FA and notifies their administrator',
    async (viewport) => {
      const email = `outside-${viewport.name}@acme.test`;
      const user = await api('POST', '/admin/users', { name: `Olive ${viewport.name}`, email, password: PASSWORD, userType: 'staff', roles: ['reviewer'] });
      expect(user.status).toBe(201);
      expect((await api('PATCH', '/admin/settings', { enrollmentMode: 'admin_controlled' })).status).toBe(200);
      const { context, page, errors } = await openPage(browser, { viewport });
      await signInHome(page, server.url, email, PASSWORD);
      await page.goto(`${server.url}/security`);
      await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
      await page.getByRole('heading', { name: 'Your administrator manages two-factor authentication' }).waitFor();
      const notify = page.getByRole('button', { name: 'Notify my administrator' });
      await notify.waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `enrollment-notify-admin-${viewport.name}`);

      await notify.click();
      await page.getByText('Your administrator was emailed.').waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `enrollment-notify-admin-sent-${viewport.name}`);
      expect(errors).toEqual([]);
      await context.close();
    },
    100_000,
  );
});
