import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// The audit page for auditors (issue 12 item 9), at 1366×900 and on a 390 px phone: typing
// "login" finds the sign-ins, filters by who and by item title, a range of days in a stated
// time zone, paging through the whole trail ("Older entries" / "Newer entries"), changes shown
// as "field: old → new" with the raw JSON one click away, and the filters in the URL (a link
// opens the same view). No sideways scrolling at 390 px.
describe.skipIf(!HAS_CHROMIUM)('audit page', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  const RITA = { name: 'Rita', email: 'rita@acme.test', password: 'decisions need a second look' };
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

  const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  /** The event type of every row shown. */
  const shownTypes = async (page: Page) => [...new Set(await page.locator('table.table-audit tbody code.event-type').allTextContents())].sort();
  const seqs = async (page: Page) => (await page.locator('table.table-audit tbody td[data-label="#"]').allTextContents()).map(Number);
  const filterForm = (page: Page) => page.getByRole('search', { name: 'Filter audit entries' });

  /** The admin's signed-in cookies, taken once: each test opens its own context with them. */
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

  async function openAudit(viewport: { width: number; height: number }, opts: { timezoneId?: string; path?: string } = {}) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: opts.timezoneId ?? 'UTC', storageState: signedIn });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(`${server.url}${opts.path ?? '/admin/audit'}`);
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.locator('table.table-audit tbody tr').first().waitFor();
    return { context, page, errors };
  }

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const rita = await api('POST', '/admin/users', { ...RITA, userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(rita.status).toBe(201);
    expect((await api('PATCH', `/admin/users/${rita.body.id}`, { name: 'Rita Reviewer' })).status).toBe(200);
    await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: RITA.email, password: 'not her password' }),
    });
    const wf = await api('POST', '/workflows', { name: 'Batch release', steps: [{ name: 'QA review', reviewers: [{ user: rita.body.id }] }] });
    expect(wf.status).toBe(201);
    expect((await api('POST', '/items', { workflowId: wf.body.id, title: 'Batch 42 release record', content: 'Batch 42 passed QC.' })).status).toBe(201);
    expect((await api('POST', '/items', { workflowId: wf.body.id, title: 'Artwork proof', content: 'Carton artwork v3' })).status).toBe(201);
    // Enough entries for three pages of 20 (`limit=20` in the link): group renames.
    const group = await api('POST', '/admin/groups', { name: 'Group 0' });
    for (let i = 1; i <= 40; i++) expect((await api('PATCH', `/admin/groups/${group.body.id}`, { name: `Group ${i}` })).status).toBe(200);
    const { context, page } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    signedIn = await context.storageState();
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('typing "login" finds the sign-ins, successful and refused, and keeps the filter in the URL', async () => {
    const { context, page, errors } = await openAudit({ width: 1366, height: 900 });
    await filterForm(page).getByLabel('What happened').fill('login');
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL(/\/admin\/audit\?q=login$/);
    await page.getByText(/Showing Sign-ins: entries #/).waitFor();
    expect(await shownTypes(page)).toEqual(['login.failed', 'login.succeeded', 'setup.completed']);
    await expect.poll(() => page.getByRole('button', { name: 'Sign-ins' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'audit-login-desktop');
    // Another family is one click: the chips are the choices, not raw type strings.
    await page.getByRole('button', { name: 'Approvals' }).click();
    await page.waitForURL(/q=approval/);
    await page.getByText(/Showing Approvals: entries #/).waitFor();
    expect(await shownTypes(page)).toEqual(['item.submitted', 'workflow.created']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters by who and by words of an item title, and a shared link opens the same view', async () => {
    const { context, page, errors } = await openAudit({ width: 1366, height: 900 });
    await filterForm(page).getByLabel('Item').fill('batch 42');
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText(/Showing about “batch 42”/).waitFor();
    expect(await shownTypes(page)).toEqual(['item.submitted']);
    await expect.poll(() => page.locator('table.table-audit tbody tr').count()).toBe(1);

    // While the new filter's entries load (held here), the old ones stay dimmed and the line
    // says so: it never describes rows by a filter they do not match.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const search = /\/api\/v1\/admin\/audit\?.*actor=/;
    await page.route(search, async (route) => {
      await held;
      await route.continue();
    });
    await filterForm(page).getByLabel('Item').fill('');
    await filterForm(page).getByLabel('Who').fill('rita@acme');
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('Loading the entries…').waitFor();
    expect(await page.getByText(/Showing by “rita@acme”/).count()).toBe(0);
    expect(await page.locator('section[aria-busy="true"]').count()).toBe(1);
    await screenshot(page, 'audit-filter-loading', { fullPage: false });
    release();
    await page.getByText(/Showing by “rita@acme”/).waitFor();
    expect(await shownTypes(page)).toEqual(['login.failed']);
    expect(await page.locator('section[aria-busy="true"]').count()).toBe(0);
    await page.unroute(search);

    const shared = new URL(page.url());
    const other = await openAudit({ width: 1366, height: 900 }, { path: `${shared.pathname}${shared.search}` });
    await other.page.getByText(/Showing by “rita@acme”/).waitFor();
    expect(await filterForm(other.page).getByLabel('Who').inputValue()).toBe('rita@acme');
    expect(await shownTypes(other.page)).toEqual(['login.failed']);
    await other.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters by a range of days in a stated time zone', async () => {
    const { context, page, errors } = await openAudit({ width: 1366, height: 900 });
    await expect.poll(() => filterForm(page).getByRole('group', { name: /Days/ }).textContent()).toContain('UTC');
    await filterForm(page).getByLabel('From').fill(today);
    await filterForm(page).getByLabel('To').fill(today);
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText(new RegExp(`Showing ${today} to ${today} \\(UTC\\): entries #`)).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe(`${today}T00:00:00+00:00`);
    expect((await seqs(page)).length).toBeGreaterThan(40);
    await screenshot(page, 'audit-days-desktop', { fullPage: false });

    await filterForm(page).getByLabel('From').fill(yesterday);
    await filterForm(page).getByLabel('To').fill(yesterday);
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByRole('heading', { name: 'No entries match these filters' }).waitFor();
    // A last day before the first is caught at the field, not sent.
    await filterForm(page).getByLabel('From').fill(today);
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('The last day comes before the first one').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("names the browser's time zone and sends the days with its offset", async () => {
    const berlin = await openAudit({ width: 1366, height: 900 }, { timezoneId: 'Europe/Berlin' });
    await expect.poll(() => filterForm(berlin.page).getByRole('group', { name: /Days/ }).textContent()).toMatch(/Europe\/Berlin, UTC\+0[12]:00/);
    await filterForm(berlin.page).getByLabel('From').fill(today);
    await filterForm(berlin.page).getByRole('button', { name: 'Filter', exact: true }).click();
    await berlin.page.waitForURL(/from=/);
    expect(new URL(berlin.page.url()).searchParams.get('from')).toMatch(new RegExp(`^${today}T00:00:00\\+0[12]:00$`));
    await berlin.page.getByText(/Showing from \d{4}-\d{2}-\d{2} \(UTC\+0[12]:00\)/).waitFor();
    expect(berlin.errors).toEqual([]);
    await berlin.context.close();
  });

  it('pages through the whole trail with Older entries and Newer entries', async () => {
    const { context, page, errors } = await openAudit({ width: 1366, height: 900 }, { path: '/admin/audit?limit=20' });
    const pages = page.getByRole('navigation', { name: 'Audit trail pages', exact: true });
    const first = await seqs(page);
    expect(first).toHaveLength(20);
    const seen = [...first];
    while (await pages.getByRole('link', { name: 'Older entries →' }).count()) {
      const last = seen.at(-1)!;
      await pages.getByRole('link', { name: 'Older entries →' }).click();
      await expect.poll(async () => (await seqs(page))[0]).toBe(last - 1);
      seen.push(...(await seqs(page)));
    }
    expect(seen).toEqual(Array.from({ length: first[0]! }, (_, i) => first[0]! - i)); // every entry down to #1, once
    await screenshot(page, 'audit-oldest-desktop', { fullPage: false });
    const oldest = await seqs(page);
    await pages.getByRole('link', { name: '← Newer entries' }).click();
    await page.waitForURL(/after=/);
    await expect.poll(async () => (await seqs(page)).at(-1)).toBe(oldest[0]! + 1);
    expect(await seqs(page)).toHaveLength(20);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a change as field: old → new, with the exact JSON behind "Raw JSON"', async () => {
    const { context, page, errors } = await openAudit({ width: 1366, height: 900 });
    await page.goto(`${server.url}/admin/audit?q=user.updated`);
    await page.getByText(/Showing “user.updated”/).waitFor();
    const row = page.locator('table.table-audit tbody tr', { has: page.getByText('user.updated', { exact: true }) });
    const change = row.locator('.audit-change');
    expect(await change.locator('dt').textContent()).toBe('name');
    expect(await change.locator('del').textContent()).toBe('Rita');
    expect(await change.locator('ins').textContent()).toBe('Rita Reviewer');
    // Read aloud in order: the field, "from" the old value, "to" the new one.
    expect((await change.innerText()).replace(/\s+/g, ' ')).toBe('name from Rita → to Rita Reviewer');
    await row.getByText('Raw JSON').click();
    expect(JSON.parse((await row.locator('pre').textContent())!)).toEqual({ old: { name: 'Rita' }, new: { name: 'Rita Reviewer' } });
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-diff-desktop', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone: the filters and "login" without sideways scrolling', async () => {
    const { context, page, errors } = await openAudit({ width: 390, height: 844 }, { path: '/admin/audit?limit=20' });
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'audit-phone', { fullPage: false });
    await filterForm(page).getByLabel('What happened').fill('login');
    await filterForm(page).getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText(/Showing Sign-ins: entries #/).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'audit-login-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone: the diff, the raw JSON and paging without sideways scrolling', async () => {
    const { context, page, errors } = await openAudit({ width: 390, height: 844 }, { path: '/admin/audit?q=user.updated' });
    const userRow = page.locator('table.table-audit tbody tr', { has: page.getByText('user.updated', { exact: true }) });
    await userRow.getByText('Raw JSON').click();
    await userRow.scrollIntoViewIfNeeded();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'audit-diff-phone', { fullPage: false });
    await page.goto(`${server.url}/admin/audit?limit=20`);
    await page.getByRole('navigation', { name: 'Audit trail pages', exact: true }).getByRole('link', { name: 'Older entries →' }).click();
    await page.waitForURL(/before=/);
    await page.locator('table.table-audit tbody tr').first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
