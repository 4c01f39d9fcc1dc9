import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { enrollTotpViaApi, setUpViaApi, signIn, signInHome, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

// Out-of-office delegation in the browser (issue 13 item 4): Ann, a reviewer of a protected
// step, names Ben as her delegate on the Security page (colleague search, period, note); Ben,
// who has an authenticator app, finds Ann's task marked "On behalf of Ann", approves it with
// his own code, and the history says "Ben Delegate on behalf of Ann Away". Screenshots at
// 1366×900 and 390×844; no page scrolls sideways at 390 px.
describe.skipIf(!HAS_CHROMIUM)('out-of-office delegation', () => {
  let server: UiServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let api: Api;
  const ANN = { name: 'Ann Away', email: 'ann@acme.test', password: 'a fortnight in the mountains' };
  const BEN = { name: 'Ben Delegate', email: 'ben@acme.test', password: 'standing in while she is away' };
  const TITLE = 'Deviation report 2026-114';
  let benApp: ReturnType<typeof createAuthenticator>;
  let itemId = '';
  let annId = '';
  let benId = '';

  const createUser = async (u: { name: string; email: string; password: string }, roles: string[]) => {
    const r = await api('POST', '/admin/users', { ...u, userType: 'staff', roles, groups: [] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  /** Full-page screenshots at the desktop and the phone width; the phone one must not scroll sideways. */
  async function shots(page: Page, name: string) {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, `${name}-1366`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `${name}-390`);
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    annId = await createUser(ANN, ['reviewer']);
    benId = await createUser(BEN, ['reviewer']);
    benApp = (await enrollTotpViaApi(server, BEN)).app;
    const wf = await api('POST', '/workflows', {
      name: 'Deviation review',
      steps: [{ name: 'QA review', reviewers: [{ user: annId }], requireTwoFactor: true }],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(201);
    const item = await api('POST', '/items', {
      workflowId: wf.body.id,
      title: TITLE,
      content: 'Temperature excursion in cold room 2 for 14 minutes; product quarantined.',
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    itemId = item.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Ann names Ben as her delegate on the Security page: search by name, period, note', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, ANN.email, ANN.password);
    await page.goto(`${server.url}/security`);
    const card = page.getByRole('region', { name: 'Out of office' });
    await card.waitFor();
    await card.getByRole('searchbox', { name: 'Delegate' }).fill('Ben');
    await card.getByRole('button', { name: 'Choose Ben Delegate' }).click();
    await card.getByLabel('Note for your delegate').fill('Back on the 14th; the QA queue is yours meanwhile.');
    await card.getByRole('button', { name: 'Save delegation' }).click();
    await card.getByText('Ben Delegate stands in for you now').waitFor();
    await card.getByText('Active', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'End now' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shots(page, 'delegation-security-card');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("Ben finds Ann's task marked on behalf of her, approves it with his own code, and the history says so", async () => {
    // Ann's delegation, set by an admin through the API (setting it on the Security page is the test above).
    const now = server.clock.now();
    const delegation = await api('PUT', `/admin/users/${annId}/delegation`, {
      delegateUserId: benId,
      from: new Date(now - 60_000).toISOString(),
      until: new Date(now + 14 * 86_400_000).toISOString(),
    });
    expect(delegation.status, JSON.stringify(delegation.body)).toBe(200);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signIn(page, server.url, BEN.email, BEN.password);
    await page.waitForURL(`${server.url}/login/second-factor`);
    await page.getByLabel('Authentication code').fill(await benApp.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, server.url);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks', exact: true }).click();
    const task = page.getByRole('row').filter({ hasText: TITLE });
    await task.waitFor();
    expect(await task.textContent()).toContain('On behalf of Ann Away');
    await shots(page, 'delegation-tasks');
    await task.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${server.url}/items/${itemId}`);

    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.getByText('on behalf of Ann Away').waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByLabel('Comment').fill('Excursion assessed; no impact on the batch.');
    await shots(page, 'delegation-decision');
    await panel.getByRole('button', { name: 'Continue' }).click();
    await panel.getByLabel('Code', { exact: true }).fill(await benApp.nextCode());
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Your approval was recorded' }).waitFor();
    const entry = page.getByRole('list', { name: 'History' }).getByRole('listitem').filter({ hasText: 'on behalf of' });
    await entry.getByText('2FA verified', { exact: true }).waitFor();
    expect((await entry.textContent())?.replace(/\s+/g, ' ')).toContain('Ben Delegate on behalf of Ann Away approved');
    await entry.scrollIntoViewIfNeeded();
    await shots(page, 'delegation-history');
    expect(errors).toEqual([]);
    await context.close();
  });
});
