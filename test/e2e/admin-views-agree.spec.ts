import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { adminSignedInState, openSignedIn, enrollTotpViaApi, setUpViaApi, startSignoffWithUi, type Api } from './journey.ts';

// Admin pages whose numbers and downloads agree with what they show (issue 12 item 6 and 9):
// - Two-factor: the coverage chart counts people in scope of a policy, the Active list shows
//   everyone with 2FA; with a user enrolled outside every scope the page says so in words and
//   numbers ("Enrolled in scope 0", "1 person uses 2FA anyway", Active 1 "everyone"), instead of
//   "Enrolled 0" beside an Active list of one.
// - Audit trail: the Export links carry every filter of the search shown (words, who, item,
//   days), and the download holds exactly the matching entries.
// At 1366×900 and 390×844, no sideways scrolling.
describe.skipIf(!HAS_CHROMIUM)('admin views agree with their numbers and downloads', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
  const RITA = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
  const FINN = { name: 'Finn Finance', email: 'finn@acme.test', password: 'ledgers balance nicely' };

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  const open = (viewport: { width: number; height: number }, path: string) => openSignedIn(browser, server.url, signedIn, viewport, path);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const finance = await api('POST', '/admin/groups', { name: 'Finance' });
    expect((await api('POST', '/admin/users', { ...RITA, userType: 'staff', roles: ['reviewer'], groups: [] })).status).toBe(201);
    expect((await api('POST', '/admin/users', { ...FINN, userType: 'staff', roles: ['reviewer'], groups: [finance.body.id] })).status).toBe(201);
    // Only Finance is in scope (soft enforcement); Rita, outside it, sets up an authenticator anyway.
    expect((await api('PATCH', '/admin/settings', { enforcement: { mode: 'soft', scope: { groups: [finance.body.id] } } })).status).toBe(200);
    await enrollTotpViaApi(server, RITA);
    // A refused sign-in of Finn's and one of Rita's: sign-ins by two people for the audit filters.
    for (const email of [FINN.email, RITA.email]) {
      await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'not the password' }),
      });
    }
    signedIn = await adminSignedInState(browser, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [width, height] of [
    [1366, 900],
    [390, 844],
  ] as const) {
    it(`two-factor: the chart counts people in scope, the Active list everyone, and a user enrolled outside the scope is counted as such (${width} px)`, async () => {
      const { context, page, errors } = await open({ width, height }, '/admin/two-factor');
      const coverage = page.locator('.coverage');
      await coverage.waitFor();
      const stat = (name: RegExp) => coverage.locator('.stat', { has: page.locator('dt', { hasText: name }) }).locator('.stat-value');
      expect(await stat(/^In scope of a policy$/).textContent()).toBe('1');
      expect(await stat(/^Enrolled in scope$/).textContent()).toBe('0');
      expect(await stat(/^Not enrolled in scope$/).textContent()).toBe('1');
      const outside = page.getByTestId('coverage-outside-scope');
      expect(await outside.textContent()).toContain('1 person uses 2FA anyway');
      expect(await outside.textContent()).toContain('the lists below show everyone');
      expect(await page.getByRole('img', { name: /^In scope of a policy: 1; of them 0 enrolled, 0 pending, 1 not enrolled/ }).count()).toBe(1);

      const active = page.locator('section', { has: page.getByRole('heading', { name: /^Active/ }) });
      expect(await active.getByRole('heading', { name: /^Active/ }).textContent()).toContain('1 with 2FA, everyone');
      expect(await active.textContent()).toContain("Everyone with at least one working second factor, in a policy's scope or not");
      await active.getByText(RITA.email).waitFor();
      const notEnrolled = page.locator('section', { has: page.getByRole('heading', { name: /^In scope, not enrolled/ }) });
      await notEnrolled.getByText(FINN.email).waitFor();
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, `two-factor-coverage-outside-scope-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('audit: the export links carry every filter of the search shown, and the download holds exactly its entries (1366 and 390 px)', async () => {
    const { context, page, errors } = await open({ width: 1366, height: 900 }, `/admin/audit?q=login&actor=${encodeURIComponent('rita@')}`);
    await page.getByText(/Showing Sign-ins, by “rita@”: entries #/).waitFor();
    const shown = (await page.locator('table.table-audit tbody td[data-label="#"]').allTextContents()).map(Number);
    expect(shown.length).toBeGreaterThan(1);

    const json = page.getByRole('link', { name: 'Export JSON' });
    const href = new URL((await json.getAttribute('href'))!, server.url);
    expect(Object.fromEntries(href.searchParams)).toEqual({ format: 'json', q: 'login', actor: 'rita@' });
    expect(new URL((await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'))!, server.url).searchParams.get('actor')).toBe('rita@');
    expect(await json.getAttribute('title')).toContain('Sign-ins, by “rita@”');
    // The download, as the link fetches it with the session cookie: the same entries, oldest first, Rita's sign-ins only.
    const doc = (await (await context.request.get(href.toString())).json()) as {
      filter: Record<string, string>;
      entries: { seq: number; type: string; actor: { label: string } }[];
    };
    expect(doc.filter).toEqual({ q: 'login', actor: 'rita@' });
    expect(doc.entries.map((e) => e.seq)).toEqual([...shown].reverse());
    expect(doc.entries.every((e) => e.actor.label === RITA.email && e.type.startsWith('login.'))).toBe(true);
    expect(new Set(doc.entries.map((e) => e.type))).toEqual(new Set(['login.succeeded', 'login.failed']));
    await screenshot(page, 'audit-export-filters-1366', { fullPage: false });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Export CSV' }).scrollIntoViewIfNeeded();
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'audit-export-filters-390', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
