import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signIn, startSignoffWithUi, waitForHome } from './journey.ts';

describe.skipIf(!HAS_CHROMIUM)('first run and sign-in', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('first-run setup creates the admin and lands signed in', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForURL(`${server.url}/setup`);
    await page.getByRole('heading', { name: 'Set up Signoff' }).waitFor();
    await screenshot(page, 'setup');

    await page.getByLabel('Organisation name').fill(ADMIN.organization);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Work email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create organisation' }).click();

    await waitForHome(page, server.url);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Ada');
    await page.getByRole('heading', { name: 'Your tasks' }).waitFor();
    await page.getByText('Approval tasks will appear here').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).waitFor();
    await screenshot(page, 'home');

    // The instance is set up now: /setup no longer offers itself.
    await page.goto(`${server.url}/setup`);
    await waitForHome(page, server.url);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signing out and in with a wrong password shows the error; the right password lands home', async () => {
    // The admin exists: made on the setup page by the test before, or through the API when this test runs alone.
    const status = (await (await fetch(`${server.url}/api/v1/setup/status`)).json()) as { setUp: boolean };
    if (!status.setUp) await setUpViaApi(server.url);
    const { context, page, errors } = await openPage(browser);
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await waitForHome(page, server.url);

    await page.getByRole('button', { name: ADMIN.name }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.getByRole('heading', { name: 'Sign in to Signoff' }).waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
    await screenshot(page, 'login');

    // Signed out for real: a protected page sends us back to the login page.
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(`${server.url}/login?next=%2Fadmin%2Fusers`);

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The email or password is not correct');
    await screenshot(page, 'login-error');

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the protected link pointed.
    await page.waitForURL(`${server.url}/admin/users`);
    await page.getByRole('link', { name: 'Home' }).click();
    await waitForHome(page, server.url);
    expect(errors).toEqual([]);
    await context.close();
  });
});
