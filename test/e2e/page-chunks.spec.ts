import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type UiServer } from './journey.ts';

// Each signed-in page is a chunk of its own (web/src/routes.tsx). A page opened by its address
// (a link in an email, a reload) has its chunk fetched while the session is read, and shows
// as soon as both are in: no "Loading…" placeholder in between, which React would have kept for
// at least 300 ms. A chunk that cannot be fetched says so, instead of a blank page.
describe.skipIf(!HAS_CHROMIUM)('page chunks', () => {
  let server: UiServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    await setUpViaApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fetches the chunk of a page opened by its address while the session is read, and shows the page without a placeholder', async () => {
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    // The session's answer waits until the page's chunk has come, which it can only do if it was
    // asked for before the session answered: without the fetch ahead, the heading never comes.
    let chunkArrived!: () => void;
    const chunk = new Promise<void>((resolve) => (chunkArrived = resolve));
    page.on('requestfinished', (r) => {
      if (/\/assets\/tasks-page-[\w-]+\.js$/.test(r.url())) chunkArrived();
    });
    await page.route('**/api/v1/auth/session', async (route) => {
      await chunk;
      await route.continue();
    });
    // Every "Loading…" placeholder the page ever shows, recorded as it appears.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { placeholders: string[] }).placeholders = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.loading')) if (!seen.includes(el.textContent ?? '')) seen.push(el.textContent ?? '');
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.url}/tasks`);
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    // The boot screen's, before the session is known, and the page's own while its tasks load;
    // never the one that stands for a page whose chunk is still on its way.
    const placeholders = await page.evaluate(() => (window as unknown as { placeholders: string[] }).placeholders);
    expect(placeholders).toContain('Loading Signoff…');
    expect(placeholders).not.toContain('Loading…');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says a page could not be loaded when its chunk cannot be fetched, and shows it once it can', async () => {
    const { context, page } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.route(/\/assets\/workflows-page-[\w-]+\.js$/, (route) => route.abort());
    await page.getByRole('link', { name: 'Workflows' }).first().click();
    await page.getByRole('alert').filter({ hasText: 'This page could not be loaded' }).waitFor();
    await screenshot(page, 'page-chunk-failed');
    await page.unroute(/\/assets\/workflows-page-[\w-]+\.js$/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await context.close();
  });
});
