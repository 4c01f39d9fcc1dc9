import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signIn, startSignoffWithUi, waitForHome, type Api } from './journey.ts';

// A new admin's first-run checklist on the home page (issue 12 item 8): four steps that tick
// themselves off from the organisation's real state, and a Dismiss button that is remembered.
describe.skipIf(!HAS_CHROMIUM)('first-run checklist', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;

  const checklist = (page: Page) => page.getByRole('region', { name: /^(Get started|All set up)$/ });
  const step = (page: Page, text: string) => checklist(page).getByRole('listitem').filter({ hasText: text });

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a new admin sees four steps to do, each with a link to where it is done', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await waitForHome(page, server.url);
    await checklist(page).getByText('0 of 4 done').waitFor();
    for (const [text, link] of [['two-factor', 'Set up 2FA'], ['Invite', 'Invite people'], ['workflow', 'New workflow'], ['first item', 'New item']] as const) {
      expect(await step(page, text).textContent()).toContain('(to do)');
      expect(await step(page, text).getByRole('link', { name: link }).isVisible()).toBe(true);
    }
    await screenshot(page, 'first-run-checklist', { fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'first-run-checklist-mobile', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('steps tick themselves off from real state: a second user, a workflow, an item', async () => {
    const user = await api('POST', '/admin/users', { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look', userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const wf = await api('POST', '/workflows', { name: 'Contracts', steps: [{ name: 'Legal', reviewers: [{ user: user.body.id }], threshold: { type: 'any' } }] });
    expect(wf.status, JSON.stringify(wf.body)).toBe(201);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await waitForHome(page, server.url);
    await checklist(page).getByText('2 of 4 done').waitFor();
    expect(await step(page, 'Invite').textContent()).toContain('(done)');
    expect(await step(page, 'workflow').textContent()).toContain('(done)');
    expect(await step(page, 'Invite').getByRole('link').count()).toBe(0);
    expect(await step(page, 'first item').textContent()).toContain('(to do)');

    expect((await api('POST', '/items', { workflowId: wf.body.id, title: 'NDA', content: 'Mutual NDA.' })).status).toBe(201);
    await page.reload();
    await checklist(page).getByText('3 of 4 done').waitFor();
    expect(await step(page, 'first item').textContent()).toContain('(done)');
    await screenshot(page, 'first-run-checklist-progress', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Dismiss hides the checklist, and it stays hidden after a reload', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signIn(page, server.url, ADMIN.email, ADMIN.password);
    await waitForHome(page, server.url);
    await checklist(page).getByRole('button', { name: 'Dismiss this checklist' }).click();
    expect(await checklist(page).count()).toBe(0);
    await page.reload();
    await waitForHome(page, server.url);
    await page.getByRole('heading', { name: 'Your tasks' }).waitFor();
    expect(await checklist(page).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
