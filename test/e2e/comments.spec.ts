import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, openMessage, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// The conversation on an item (issue 13 item 5) in the browser: the submitter asks a question
// and mentions the reviewer through the @-suggestions (keyboard only), a comment carrying
// markup shows as text and runs nothing, the reviewer answers on a phone-sized screen, and the
// mention reaches the reviewer's mailbox with a link that opens the item at the comment.
describe.skipIf(!HAS_CHROMIUM)('item conversation', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  const RITA = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
  const SAM = { name: 'Sam Submitter', email: 'sam@acme.test', password: 'paperwork goes through workflows' };
  const MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> <b>bold?</b>';
  let workflowId = '';
  let samToken = '';

  const login = async (u: { email: string; password: string }) => {
    const r = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: u.password }),
    });
    return ((await r.json()) as { token: string }).token;
  };
  const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
  /** The whole page from the top (where the sticky header belongs), and the Conversation panel alone beside it. */
  const shots = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const path = await screenshot(page, name);
    await conversation(page).screenshot({ path: path.replace(/\.png$/, '-panel.png'), animations: 'disabled' });
  };
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const users: Record<string, string> = {};
    for (const [u, roles] of [
      [RITA, ['reviewer']],
      [SAM, ['owner']],
    ] as const) {
      const r = await api('POST', '/admin/users', { ...u, userType: 'staff', roles, groups: [] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      users[u.email] = r.body.id;
    }
    const wf = await api('POST', '/workflows', { name: 'Label artwork', steps: [{ name: 'QA review', reviewers: [{ user: users[RITA.email] }] }] });
    expect(wf.status).toBe(201);
    workflowId = wf.body.id;
    samToken = await login(SAM);
  });

  /** Sam as the API client: each test submits its own item, so any test runs alone. */
  const asSam = async (method: string, path: string, body: unknown) => {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${samToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    return (await r.json()) as { id: string };
  };
  const newItem = async (lot: string) =>
    (await asSam('POST', '/items', { workflowId, title: `Carton label, lot ${lot}`, content: `Lot ${lot}\nExpiry 2028-01\nStore below 25 °C` })).id;
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the submitter mentions the reviewer through the suggestions, by keyboard, and posts', async () => {
    const itemId = await newItem('24-0117');
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, SAM.email, SAM.password);
    await page.goto(`${server.url}/items/${itemId}`);
    const panel = conversation(page);
    await panel.getByText('No comments yet.').waitFor();
    const box = panel.getByLabel('Your comment');
    await box.focus();
    await page.keyboard.type('Is the expiry right? @Ri');
    const options = panel.getByRole('listbox', { name: 'People you can mention' }).getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual(['Rita Reviewer @rita']);
    expect(await box.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await panel.getByText('1 person to mention: arrow keys to choose').waitFor({ state: 'attached' });
    await panel.screenshot({
      path: (await screenshot(page, 'item-conversation-suggestions', { fullPage: false })).replace(/\.png$/, '-panel.png'),
      animations: 'disabled',
    });
    await page.keyboard.press('Enter');
    await page.keyboard.type('please check against the batch sheet.');
    expect(await box.inputValue()).toBe('Is the expiry right? @rita please check against the batch sheet.');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const list = panel.getByRole('list', { name: 'Comments on version 1' });
    await list.getByText('@rita please check against the batch sheet.').waitFor();
    await expect.poll(() => box.inputValue()).toBe('');
    await panel.getByText('Mentioned: Rita Reviewer').waitFor();

    // Markup in a comment is text: shown as typed, nothing runs, no element is made of it.
    await box.fill(MARKUP);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await list.getByText(MARKUP, { exact: true }).waitFor();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await panel.locator('img, script, b').count()).toBe(0);
    await panel.getByRole('heading', { name: 'Version 1 (current)' }).waitFor();
    await shots(page, 'item-conversation-desktop');
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the mention reaches the reviewer's mailbox with a link to the comment, and the reviewer answers on a phone", async () => {
    // Sam's question, posted through the API (posting it through the page is the test above).
    const itemId = await newItem('24-0118');
    await asSam('POST', `/items/${itemId}/comments`, { text: 'Is the expiry right? @rita please check against the batch sheet.' });

    const admin = await openPage(browser);
    await signInHome(admin.page, server.url, ADMIN.email, ADMIN.password);
    await admin.page.getByRole('link', { name: 'Mailbox' }).first().click();
    await admin.page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    await openMessage(admin.page, /Sam Submitter mentioned you: Carton label, lot 24-0118/, RITA.email);
    const link = admin.page.locator('.message-text a').filter({ hasText: `/items/${itemId}#comment-` });
    await link.waitFor();
    const href = new URL((await link.getAttribute('href')) ?? '');
    expect(await admin.page.locator('.message-text').textContent()).not.toContain('batch sheet');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signInHome(page, server.url, RITA.email, RITA.password);
    await page.goto(`${server.url}${href.pathname}${href.hash}`);
    const target = page.locator(href.hash);
    await target.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(href.hash.slice(1));
    expect(await target.getAttribute('class')).toContain('comment-highlighted');

    const panel = conversation(page);
    await panel.getByLabel('Your comment').fill('Yes: expiry 2028-01 matches the batch sheet. @sam');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const list = panel.getByRole('list', { name: 'Comments on version 1' });
    await list.getByText('Yes: expiry 2028-01 matches the batch sheet. @sam').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);
    expect(await noSidewaysScroll(page)).toBe(true);
    await shots(page, 'item-conversation-mobile');
    expect(errors).toEqual([]);
    await context.close();
  });
});
