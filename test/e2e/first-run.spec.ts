import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, waitForHome, type Api } from './journey.ts';

// A new admin's first-run checklist on the home page (issue 12 item 8): four steps that tick
// themselves off from the organisation's real state, and a Dismiss button that is remembered.
// Accepting an invitation signs the new user in, and 2FA at sign-in still applies to it.
describe.skipIf(!HAS_CHROMIUM)('first-run checklist', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;

  const checklist = (page: Page) => page.getByRole('region', { name: /^(Get started|All set up)$/ });
  const step = (page: Page, text: string) => checklist(page).getByRole('listitem').filter({ hasText: text });

  beforeAll(async () => {
    // The last test reads an invitation link out of the mailbox: development mode shows it.
    server = await startSignoffWithUi({ SIGNOFF_DEV_MAILBOX: '1' });
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a new admin sees four steps to do, each with a link to where it is done', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await checklist(page).getByText('0 of 4 done').waitFor();
    for (const [text, link] of [
      ['two-factor', 'Set up 2FA'],
      ['Invite', 'Invite people'],
      ['workflow', 'New workflow'],
      ['first item', 'New item'],
    ] as const) {
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
    const user = await api('POST', '/admin/users', {
      name: 'Rita Reviewer',
      email: 'rita@acme.test',
      password: 'decisions need a second look',
      userType: 'staff',
      roles: ['reviewer'],
      groups: [],
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const wf = await api('POST', '/workflows', {
      name: 'Contracts',
      steps: [{ name: 'Legal', reviewers: [{ user: user.body.id }], threshold: { type: 'any' } }],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(201);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
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

  it('an invited user who sets a password under "2FA at sign-in for everyone" is signed in at the 2FA setup, not past it', async () => {
    expect((await api('PATCH', '/admin/settings', { loginTwoFactor: { scope: { everyone: true } } })).status).toBe(200);
    const invited = await api('POST', '/admin/users', { name: 'Ivy Invited', email: 'ivy@acme.test', userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    let link = '';
    const deadline = Date.now() + 15_000;
    while (!link) {
      const messages = ((await api('GET', '/dev/mailbox')).body?.messages ?? []) as { to: string; text: string }[];
      link = /https?:\/\/\S+\/reset-password#\S+/.exec(messages.find((m) => m.to.includes('ivy@acme.test'))?.text ?? '')?.[0] ?? '';
      if (!link && Date.now() > deadline) throw new Error('no invitation to ivy@acme.test');
      if (!link) await new Promise((r) => setTimeout(r, 200));
    }
    const invite = new URL(link);
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}${invite.pathname}${invite.hash}`);
    await page.getByLabel('New password').fill('ivy grows on every wall');
    await page.getByLabel('Repeat the password').fill('ivy grows on every wall');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(`${server.url}/login/two-factor-setup`);
    const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
    expect(session.state).toBe('enrollment_required');
    await page.goto(`${server.url}/tasks`);
    await page.waitForURL(/\/login\/two-factor-setup/);
    await screenshot(page, 'invite-signed-in-at-2fa-setup-mobile', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
    expect((await api('PATCH', '/admin/settings', { loginTwoFactor: { scope: {} } })).status).toBe(200);
  });

  it('Dismiss hides the checklist, and it stays hidden after a reload', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
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
