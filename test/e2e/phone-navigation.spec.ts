import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi } from './journey.ts';

// Navigation on a phone (issue 12 item 8): the strip under the top bar shows the current page
// (aria-current, scrolled into view), a Menu button opens every page, and the account menu
// reaches Security and Sign out. On a desktop the column shows everything and no Menu button.
describe.skipIf(!HAS_CHROMIUM)('navigation on a phone and a desktop', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;

  const PHONE = { width: 390, height: 844 };
  const DESKTOP = { width: 1366, height: 900 };

  const signedIn = async (viewport: { width: number; height: number }) => {
    const opened = await openPage(browser, { viewport });
    await signInHome(opened.page, server.url, ADMIN.email, ADMIN.password);
    return opened;
  };
  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  /** Whether the element is wholly inside the viewport's width (not cut off at the right). */
  const wholeInView = async (page: Page, el: ReturnType<Page['locator']>) => {
    const box = await el.boundingBox();
    const width = page.viewportSize()?.width ?? 0;
    return !!box && box.x >= 0 && box.x + box.width <= width;
  };

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    await setUpViaApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('on a phone, the current page is marked and scrolled into view, even the last one of the strip', async () => {
    const { context, page, errors } = await signedIn(PHONE);
    await page.goto(`${server.url}/admin/mailbox`);
    await page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    const current = mainNav(page).locator('[aria-current="page"]');
    expect(await current.textContent()).toBe('Mailbox');
    expect(await wholeInView(page, current)).toBe(true);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'nav-phone-strip', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a phone, Menu opens every page in the viewport; choosing one goes there and closes the menu', async () => {
    const { context, page, errors } = await signedIn(PHONE);
    const menu = mainNav(page).getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await mainNav(page).getByRole('button', { name: 'Close' }).waitFor();
    for (const name of ['Home', 'Tasks', 'Items', 'Workflows', 'Security', 'Users', 'Single sign-on', 'Audit trail', 'Mailbox']) {
      const link = mainNav(page).getByRole('link', { name, exact: true });
      expect(await link.isVisible(), name).toBe(true);
      expect(await wholeInView(page, link), name).toBe(true);
    }
    expect(await mainNav(page).getByText('Administration').isVisible()).toBe(true);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'nav-phone-menu-open', { fullPage: false });

    await mainNav(page).getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    expect(await mainNav(page).getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    expect(await mainNav(page).locator('[aria-current="page"]').textContent()).toBe('Security');

    // Escape closes an open menu too.
    await mainNav(page).getByRole('button', { name: 'Menu' }).click();
    await page.keyboard.press('Escape');
    expect(await mainNav(page).getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each([
    { name: 'phone', viewport: PHONE },
    { name: 'desktop', viewport: DESKTOP },
  ])('on a $name, the account menu reaches Security and signs out', async ({ name, viewport }) => {
    const { context, page, errors } = await signedIn(viewport);
    await page.getByRole('button', { name: ADMIN.name }).click();
    const security = page.locator('.user-menu-panel').getByRole('link', { name: 'Security' });
    await security.waitFor();
    expect(await wholeInView(page, security)).toBe(true);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await screenshot(page, `nav-user-menu-${name}`, { fullPage: false });
    await security.click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByRole('button', { name: ADMIN.name }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a desktop, every page is in the column and there is no Menu button', async () => {
    const { context, page, errors } = await signedIn(DESKTOP);
    expect(await mainNav(page).getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await mainNav(page).getByRole('link', { name: 'Mailbox', exact: true }).isVisible()).toBe(true);
    expect(await mainNav(page).locator('[aria-current="page"]').textContent()).toBe('Home');
    await screenshot(page, 'nav-desktop', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
