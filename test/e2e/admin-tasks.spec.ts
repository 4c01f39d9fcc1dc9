import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { startTestIdp, type TestIdp } from '../api/sso/test-idp.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// Issue 12 item 4: every admin task in the browser. Single sign-on with "Test the connection"
// against the local OpenID Connect provider, the financial-integration switch and the
// organisation's short name, a workflow owner (not an admin) picking people and groups as
// reviewers, and the users list with Invited, the 2FA column and "Resend invitation". At a
// desktop and a 390 px phone width, neither scrolling sideways.
describe.skipIf(!HAS_CHROMIUM)('every admin task in the UI', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  let idp: TestIdp;
  let slug: string;
  const VIEWPORTS = [
    { name: 'desktop', width: 1366, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ] as const;
  const OWNER = { name: 'Olga Owner', email: 'olga@acme.test', password: 'designs the approval paths', userType: 'staff', roles: ['owner'] };
  const REVIEWER = { name: 'Quinn Quality', email: 'quinn@acme.test', password: 'batches get reviewed twice over', userType: 'staff', roles: ['reviewer'] };

  const noSidewaysScroll = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  beforeAll(async () => {
    // Only discovery is tested here (sso.spec.ts signs in through a provider): any redirect address will do.
    idp = await startTestIdp({ redirectUri: 'http://127.0.0.1:9/api/v1/auth/sso/callback' });
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    slug = (await api('GET', '/auth/session')).body.user.organization.slug;
    const group = await api('POST', '/admin/groups', { name: 'Quality assurance' });
    for (const u of [OWNER, REVIEWER]) expect((await api('POST', '/admin/users', { ...u, groups: u === REVIEWER ? [group.body.id] : [] })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.stop();
  });

  async function adminPage(viewport: (typeof VIEWPORTS)[number]) {
    const opened = await openPage(browser, { viewport });
    await signInHome(opened.page, server.url, ADMIN.email, ADMIN.password);
    return opened;
  }

  it.each(VIEWPORTS)(
    '$name: an admin sets up single sign-on, tests the connection, and the secret is never shown back',
    async (viewport) => {
      const { context, page, errors } = await adminPage(viewport);
      await page.goto(`${server.url}/admin/sso`);
      await page.getByRole('heading', { level: 1, name: 'Single sign-on' }).waitFor();
      // What people type at sign-in, and the redirect address to register.
      await page.getByText(slug, { exact: true }).first().waitFor();
      await page.getByText(`${server.url}/api/v1/auth/sso/callback`).waitFor();

      // A refused address first: the SSRF guard's reason, in words.
      await page.getByLabel('Issuer URL').fill('https://169.254.169.254/latest');
      await page.getByRole('button', { name: 'Test the connection' }).click();
      await page.getByRole('alert').filter({ hasText: 'Signoff will not connect to this address' }).waitFor();

      await page.getByLabel('Issuer URL').fill(idp.issuer);
      await page.getByLabel('Client id').fill(idp.clientId);
      await page.getByLabel('Client secret').fill(idp.clientSecret);
      await page.getByRole('radio', { name: 'Skip it when the provider did multi-factor' }).check();
      await page.getByRole('checkbox', { name: 'Offer single sign-on on the sign-in page' }).check();
      await page.getByRole('button', { name: 'Test the connection' }).click();
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `admin-sso-connected-${viewport.name}`);

      await page.getByRole('button', { name: 'Save single sign-on' }).click();
      await page.getByRole('status').filter({ hasText: 'Single sign-on is on.' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Single sign-on' }).waitFor();
      expect(await page.getByLabel('Issuer URL').inputValue()).toBe(idp.issuer);
      expect(await page.getByLabel('Client secret').inputValue()).toBe('');
      expect(await page.getByLabel('Client secret').getAttribute('placeholder')).toBe('Stored: leave empty to keep it');
      expect(await page.getByRole('radio', { name: 'Skip it when the provider did multi-factor' }).isChecked()).toBe(true);
      expect(JSON.stringify((await api('GET', '/admin/sso')).body)).not.toContain(idp.clientSecret);
      await noSidewaysScroll(page);
      await screenshot(page, `admin-sso-saved-${viewport.name}`);
      expect(errors).toEqual([]);
      await context.close();
    },
    100_000,
  );

  it.each(VIEWPORTS)(
    '$name: Settings shows the short name and connects the financial integration, saying what it does',
    async (viewport) => {
      await api('PATCH', '/admin/settings', { financialIntegration: { connected: false }, enforcement: { mode: 'off', scope: {} } });
      const { context, page, errors } = await adminPage(viewport);
      await page.goto(`${server.url}/admin/settings`);
      const org = page.getByRole('region', { name: 'Organisation' });
      await org.getByText(slug, { exact: true }).waitFor();
      const fin = page.getByRole('region', { name: 'Financial integration' });
      await fin.getByText('cannot be turned off').waitFor();
      await fin.getByRole('button', { name: 'Connect the financial integration' }).click();
      await fin.getByRole('status').filter({ hasText: 'Connected: everyone must now use two-factor authentication.' }).waitFor();
      // The policy editor above now shows the lock.
      await page.getByText('Enforcement is mandatory while a financial integration is connected').waitFor();
      expect((await api('GET', '/admin/settings')).body).toMatchObject({ financialIntegration: { connected: true }, enforcement: { mode: 'soft' } });
      await noSidewaysScroll(page);
      await fin.scrollIntoViewIfNeeded();
      await screenshot(page, `admin-settings-financial-${viewport.name}`, { fullPage: false });
      await fin.getByRole('button', { name: 'Disconnect the financial integration' }).click();
      await fin.getByRole('status').filter({ hasText: 'Disconnected' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    },
    100_000,
  );

  it.each(VIEWPORTS)(
    '$name: a workflow owner who is not an admin picks a person and a group as reviewers',
    async (viewport) => {
      const { context, page, errors } = await openPage(browser, { viewport });
      await signInHome(page, server.url, OWNER.email, OWNER.password);
      await page.goto(`${server.url}/workflows/new`);
      await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();
      await page.getByLabel('Workflow name').fill(`Batch release ${viewport.name}`);
      const first = page.getByRole('region', { name: 'Step 1' });
      await first.getByLabel('Step name').fill('QA review');
      await first.getByLabel('Find a user').fill('quin');
      await first.getByRole('button', { name: 'Add Quinn Quality' }).click();
      await first.getByRole('button', { name: 'Remove Quinn Quality' }).waitFor();
      await first.getByRole('button', { name: 'Group', exact: true }).click();
      await first.getByLabel('Group', { exact: true }).selectOption({ label: 'Quality assurance' });
      await first.getByRole('button', { name: 'Add group' }).click();
      await first.getByRole('button', { name: 'Remove Quality assurance' }).waitFor();
      await noSidewaysScroll(page);
      await first.scrollIntoViewIfNeeded();
      await screenshot(page, `owner-reviewer-picker-${viewport.name}`, { fullPage: false });
      await page.getByRole('button', { name: 'Create workflow' }).click();
      await page.getByRole('heading', { level: 1, name: `Batch release ${viewport.name}` }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    },
    100_000,
  );

  it.each(VIEWPORTS)(
    '$name: the users list shows invited users as Invited with a 2FA column, and resends an invitation',
    async (viewport) => {
      const email = `ivy-${viewport.name}@acme.test`;
      expect((await api('POST', '/admin/users', { name: `Ivy ${viewport.name}`, email, userType: 'staff', roles: ['reviewer'] })).status).toBe(201);
      const { context, page, errors } = await adminPage(viewport);
      await nav(page, 'Users');
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await page.getByRole('columnheader', { name: '2FA' }).waitFor({ state: 'attached' });
      const row = page.getByRole('row').filter({ hasText: email });
      await row.getByText('Invited').waitFor();
      expect(await page.getByRole('row').filter({ hasText: REVIEWER.email }).textContent()).toContain('Active');
      await row.getByRole('button', { name: `Resend the invitation to Ivy ${viewport.name}` }).click();
      await page.getByText(`A new invitation was emailed to ${email}. Earlier invitation links no longer work.`).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `admin-users-invited-${viewport.name}`);
      expect(errors).toEqual([]);
      await context.close();
    },
    100_000,
  );
});
