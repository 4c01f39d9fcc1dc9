import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// axe-core on every page of the app, signed in as an admin and signed out, on a desktop and a
// phone (issue 12, "Tests that must exist"): no serious or critical violation anywhere. Each
// page is its own test, so a failure names the page, the rule and the offending elements.
describe.skipIf(!HAS_CHROMIUM)('accessibility', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  let workflowId = '';
  let itemId = '';
  let guestToken = '';
  const GINA = { name: 'Gina Guest', email: 'gina@client.test' };

  const WIDTHS = [
    { name: 'desktop', viewport: { width: 1366, height: 900 } },
    { name: 'phone', viewport: { width: 390, height: 844 } },
  ] as const;

  beforeAll(async () => {
    server = await startSignoffWithUi({ SIGNOFF_DEV_MAILBOX: '1' });
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const w = await api('POST', '/workflows', {
      name: 'Client artwork approval',
      steps: [{ name: 'Client approval', reviewers: [{ guest: GINA }], threshold: { type: 'any' } }],
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    workflowId = w.body.id;
    const item = await api('POST', '/items', {
      workflowId,
      title: 'Artwork, spring campaign poster',
      description: 'Final proof for print.',
      content: 'Poster, A1, CMYK.',
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    itemId = item.body.id;
    const deadline = Date.now() + 15_000;
    while (!guestToken) {
      const r = await api('GET', '/dev/mailbox');
      for (const m of (r.body?.messages ?? []) as { to: string; text: string }[]) {
        const match = /\/guest\/([A-Za-z0-9_-]{20,100})/.exec(m.text);
        if (m.to.includes(GINA.email) && match) guestToken = match[1]!;
      }
      if (!guestToken && Date.now() > deadline) throw new Error('no guest invitation in the mailbox');
      if (!guestToken) await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('on a phone, the workflow picture scrolls by keyboard and its end node is whole at the end of the scroll', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/items/${itemId}`);
    const picture = page.getByRole('group', { name: /picture$/ }).first();
    await picture.focus();
    expect(await picture.evaluate((el) => el === document.activeElement && el.scrollWidth > el.clientWidth)).toBe(true);
    await page.keyboard.press('ArrowRight');
    // Chromium scrolls smoothly: wait for the scroll the key started, then go to the very end.
    await page.waitForFunction((el) => el!.scrollLeft > 0, await picture.elementHandle());
    const whole = await picture.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      const end = el.querySelector('.flow-terminal-end')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return end.left >= box.left && end.right <= box.right;
    });
    expect(whole).toBe(true);
    await screenshot(page, 'a11y-picture-scrolled-phone', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  describe.each(WIDTHS)('at the $name width', ({ name, viewport }) => {
    let anonymous: Page;
    let signedIn: Page;
    beforeAll(async () => {
      anonymous = (await openPage(browser, { viewport })).page;
      signedIn = (await openPage(browser, { viewport })).page;
      await signInHome(signedIn, server.url, ADMIN.email, ADMIN.password);
    });
    afterAll(async () => {
      await anonymous?.context().close();
      await signedIn?.context().close();
    });

    /** Opens the page, waits for its level-1 heading, and fails listing serious/critical violations. */
    const check = async (page: Page, path: string, heading: string | RegExp) => {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await expectNoSeriousA11yViolations(page, `${path} (${name})`);
    };

    it.each([
      { page: 'sign-in', path: () => '/login', heading: /sign in/i },
      { page: 'forgot password', path: () => '/forgot-password', heading: /password/i },
      { page: 'verify evidence', path: () => '/verify', heading: /verify/i },
      { page: 'guest invitation', path: () => `/guest/${guestToken}`, heading: /./ },
    ])('the signed-out $page page has no serious or critical axe violation', async ({ path, heading }) => {
      await check(anonymous, path(), heading);
    });

    it.each([
      { page: 'home', path: () => '/', heading: /^Good (morning|afternoon|evening), / },
      { page: 'tasks', path: () => '/tasks', heading: 'Tasks' },
      { page: 'items', path: () => '/items', heading: 'Items' },
      { page: 'item', path: () => `/items/${itemId}`, heading: 'Artwork, spring campaign poster' },
      { page: 'new item', path: () => '/items/new', heading: 'New item' },
      { page: 'workflows', path: () => '/workflows', heading: 'Workflows' },
      { page: 'workflow editor', path: () => `/workflows/${workflowId}`, heading: 'Client artwork approval' },
      { page: 'new workflow', path: () => '/workflows/new', heading: 'New workflow' },
      { page: 'admin users', path: () => '/admin/users', heading: 'Users' },
      { page: 'admin groups', path: () => '/admin/groups', heading: 'Groups' },
      { page: 'admin two-factor', path: () => '/admin/two-factor', heading: /two-factor/i },
      { page: 'admin settings', path: () => '/admin/settings', heading: 'Settings' },
      { page: 'admin single sign-on', path: () => '/admin/sso', heading: 'Single sign-on' },
      { page: 'audit trail', path: () => '/admin/audit', heading: 'Audit trail' },
      { page: 'mailbox', path: () => '/admin/mailbox', heading: 'Mailbox' },
      { page: 'security', path: () => '/security', heading: 'Security' },
    ])("the admin's $page page has no serious or critical axe violation", async ({ page, path, heading }) => {
      await check(signedIn, path(), heading);
      if (page === 'workflow editor') await screenshot(signedIn, `a11y-workflow-${name}`);
    });
  });
});
