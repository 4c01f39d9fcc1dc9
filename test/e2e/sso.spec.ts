// Single sign-on on the login page: a refusal from the callback (`?sso_error=`) is explained in
// words, never as a code; the organisation field asks discovery and offers the organisation's
// button (a plain link to the start endpoint) or says calmly that SSO is not set up.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { setUpViaApi, startSignoffWithUi, type Api } from './journey.ts';

describe.skipIf(!HAS_CHROMIUM)('single sign-on on the login page', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  let slug: string;

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const session = await api('GET', '/auth/session');
    slug = session.body?.user?.organization?.slug;
    if (!slug) throw new Error(`no organisation slug in the session: ${JSON.stringify(session.body)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('explains an sso_error in words, without the code', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/login?sso_error=unknown_user`);
    const alert = page.getByRole('alert');
    await alert.getByText('No Signoff account matches your identity-provider account. Ask your administrator.').waitFor();
    expect(await alert.textContent()).not.toContain('unknown_user');
    await screenshot(page, 'login-sso-error');

    await page.goto(`${server.url}/login?sso_error=invalid_state`);
    await page.getByRole('alert').getByText('The sign-in took too long or was opened in another browser. Try again.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says calmly when the organisation has no SSO, and offers its button when it has', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await page.getByLabel('Organisation').fill(slug);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Single sign-on is not set up for this organisation').waitFor();
    await screenshot(page, 'login-sso-not-set-up');

    // Discovery neither contacts the provider nor unseals the secret, so any loopback issuer will do.
    const put = await api('PUT', '/admin/sso', {
      enabled: true,
      issuer: 'http://127.0.0.1:9/idp',
      clientId: 'signoff',
      clientSecret: 'shh',
      twoFactor: 'local',
      buttonLabel: 'Continue with Acme ID',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    const go = page.getByRole('link', { name: 'Continue with Acme ID' });
    await go.waitFor();
    await screenshot(page, 'login-sso');
    expect(await go.getAttribute('href')).toBe(`/api/v1/auth/sso/start?organization=${slug}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
