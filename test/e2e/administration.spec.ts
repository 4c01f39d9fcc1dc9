import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, openMessage, setUpViaApi, signInHome, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

// One organisation, followed through an administrator's first tasks. Each test sets up what it
// needs through the API, so any test runs alone (the invited user of the second is its own).
describe.skipIf(!HAS_CHROMIUM)('administration', () => {
  let server: UiServer;
  let browser: Browser;
  let api: Api;
  const NEW_USER = { name: 'Grace Hopper', email: 'grace@acme.test', password: 'a long and unguessable passphrase' };
  const INVITED = { name: 'Katherine Johnson', email: 'katherine@acme.test', password: 'orbits are computed by hand' };

  beforeAll(async () => {
    // The spec reads invitation links and codes in the mailbox page: development mode shows them.
    server = await startSignoffWithUi({ SIGNOFF_DEV_MAILBOX: '1' });
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const group = await api('POST', '/admin/groups', { name: 'Quality assurance' });
    expect(group.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin creates a user in a group, who then appears in the list', async () => {
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('row').filter({ hasText: ADMIN.email }).waitFor();

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(NEW_USER.name);
    await dialog.getByRole('textbox', { name: 'Email' }).fill(NEW_USER.email);
    await dialog.getByLabel('User type').selectOption('contractor');
    await dialog.getByRole('checkbox', { name: 'Reviewer' }).check();
    await dialog.getByRole('checkbox', { name: 'Quality assurance' }).check();
    await screenshot(page, 'create-user-form', { fullPage: false });
    await dialog.getByRole('button', { name: 'Create and invite' }).click();

    await page.getByRole('status').filter({ hasText: 'Grace Hopper was added' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: NEW_USER.email });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Contractor');
    expect(text).toContain('Reviewer');
    expect(text).toContain('Quality assurance');
    expect(text).toContain('Invited'); // not Active: no password set yet (issue 12 item 4)
    await screenshot(page, 'users-list');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'users-list-mobile');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the new user receives the invitation in the mailbox, opens the link, chooses a password and signs in', async () => {
    // Created without a password through the API, so an invitation is mailed (the form is the test above).
    const created = await api('POST', '/admin/users', { name: INVITED.name, email: INVITED.email, userType: 'contractor', roles: ['reviewer'], groups: [] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const admin = await openPage(browser);
    await signInHome(admin.page, server.url, ADMIN.email, ADMIN.password);
    await admin.page.getByRole('link', { name: 'Mailbox' }).first().click();
    await admin.page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    await openMessage(admin.page, /invit/i, INVITED.email);
    const link = admin.page.locator('.message-text a').filter({ hasText: '/reset-password#token=' });
    await link.waitFor();
    await screenshot(admin.page, 'mailbox');
    const href = (await link.getAttribute('href')) ?? '';
    const invite = new URL(href);
    expect(invite.hash).toContain('invite=1');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // Grace opens the link in her own browser (the emailed base URL may name another host).
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}${invite.pathname}${invite.hash}`);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(page.url()).toBe(`${server.url}/reset-password`); // the token left the address bar
    await page.getByLabel('New password').fill(INVITED.password);
    await page.getByLabel('Repeat the password').fill(INVITED.password);
    await page.getByRole('button', { name: 'Set password' }).click();
    // Accepting the invitation signs her in (issue 12 item 8), audited as an ordinary sign-in.
    await waitForHome(page, server.url);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Katherine');
    const logins = await api('GET', '/admin/audit?type=login.succeeded');
    expect(logins.body.entries.some((e: { actor?: { label?: string } }) => JSON.stringify(e).includes(INVITED.email))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a non-admin does not see admin pages', async () => {
    const created = await api('POST', '/admin/users', {
      email: 'rita@acme.test',
      name: 'Rita Reviewer',
      password: 'careful reading takes time',
      userType: 'client',
      roles: ['reviewer'],
      groups: [],
    });
    expect(created.status).toBe(201);

    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, 'rita@acme.test', 'careful reading takes time');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Home', 'Tasks', 'Items', 'Workflows', 'Security']);
    expect(await page.getByText('Administration').count()).toBe(0);

    for (const path of ['/admin/users', '/admin/groups', '/admin/two-factor', '/admin/settings', '/admin/audit', '/admin/mailbox']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: "You don't have access to this page" }).waitFor();
      expect(await page.getByRole('table').count()).toBe(0);
    }
    await screenshot(page, 'not-allowed');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the audit trail lists events newest first and verifies the chain', async () => {
    // Events of its own to list, whichever tests ran before (alone, setup leaves only three).
    expect((await api('POST', '/admin/groups', { name: 'Regulatory affairs' })).status).toBe(201);
    expect(
      (
        await api('POST', '/admin/users', {
          name: 'Ida Audited',
          email: 'ida@acme.test',
          password: 'every change leaves a trace',
          userType: 'staff',
          roles: ['reviewer'],
          groups: [],
        })
      ).status,
    ).toBe(201);
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.getByRole('table').waitFor();

    const seqs = (await page.locator('table.table-audit tbody td[data-label="#"]').allTextContents()).map(Number);
    expect(seqs.length).toBeGreaterThan(3);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Chain intact' });
    await result.waitFor();
    expect(await result.textContent()).toMatch(/All \d+ entries verified/);
    await screenshot(page, 'audit');

    // An event type typed into "What happened" shows only that type (the families are audit-page.spec's).
    const type = (await page.locator('table.table-audit tbody code.event-type').first().textContent()) ?? '';
    const filters = page.getByRole('search', { name: 'Filter audit entries' });
    await filters.getByLabel('What happened').fill(type);
    await filters.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL(`${server.url}/admin/audit?q=${encodeURIComponent(type)}`);
    await expect.poll(async () => [...new Set(await page.locator('table.table-audit tbody code.event-type').allTextContents())]).toEqual([type]);
    expect(errors).toEqual([]);
    await context.close();
  });

  // @see docs/security.md#d-emailed-codes D10
  it('a reset link that expired shows in the mailbox as expired, its text no longer kept', async () => {
    // Last in this file: it moves the server's clock past the link's 30 minutes.
    expect((await api('POST', '/auth/password-reset', { email: ADMIN.email })).status).toBe(202);
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Mailbox' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    await openMessage(page, /Reset your/, ADMIN.email);
    await page.locator('.message-text a').filter({ hasText: '/reset-password#token=' }).waitFor();

    // Half an hour on, the sign-in has idled out too: the admin signs in again.
    server.clock.advance(30 * 60_000);
    expect(await server.signoff.services.mail.sweepExpiredCredentials()).toBe(1);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Mailbox' }).first().click();
    await openMessage(page, /Reset your/, ADMIN.email);
    const message = page.getByRole('article');
    await message.getByRole('status').filter({ hasText: 'Expired: text not kept' }).waitFor();
    expect(await message.locator('a', { hasText: '/reset-password#token=' }).count()).toBe(0);
    await expect
      .poll(() =>
        page
          .getByRole('link', { name: /Reset your/ })
          .filter({ hasText: 'Expired: text not kept' })
          .count(),
      )
      .toBe(1);
    await screenshot(page, 'mailbox-expired');
    expect(errors).toEqual([]);
    await context.close();
  });
});
