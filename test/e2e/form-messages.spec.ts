import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { adminSignedInState, openSignedIn, setUpViaApi, startSignoffWithUi, type Api } from './journey.ts';

// Old validation messages go away when the field is fixed (issue 12 item 6), in every form, by
// one mechanism (web/src/ui/use-field-errors.ts): a message from the server (a 400/409 naming the
// field) or from the page's own check stays only while its field holds the refused value. Fixing
// one field clears its message and leaves the others; the next submit checks again. At 1366×900
// and 390×844.
describe.skipIf(!HAS_CHROMIUM)('field messages clear when the field is fixed', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
  const TAKEN = 'rita@acme.test';

  /** Console errors other than the refusals these tests provoke on purpose. */
  const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|409)\b/.test(e));
  /** The message under the field labelled `label` (an inner locator is matched from the page, so it is built from there). */
  const fieldError = (root: Page | Locator, label: string) =>
    root
      .locator('.field', { has: ('page' in root && typeof root.page === 'function' ? root.page() : (root as Page)).getByLabel(label, { exact: true }) })
      .locator('.field-error');

  const open = (viewport: { width: number; height: number }, path: string) => openSignedIn(browser, server.url, signedIn, viewport, path);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    expect(
      (
        await api('POST', '/admin/users', {
          name: 'Rita Reviewer',
          email: TAKEN,
          password: 'decisions need a second look',
          userType: 'staff',
          roles: ['reviewer'],
          groups: [],
        })
      ).status,
    ).toBe(201);
    signedIn = await adminSignedInState(browser, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('new user: the server refusing a taken email, and the page asking for a name, each clear when their field is fixed (1366 px)', async () => {
    const { context, page, errors } = await open({ width: 1366, height: 900 }, '/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    // The page's own check first: no name, no email.
    await dialog.getByRole('button', { name: 'Create and invite' }).click();
    await fieldError(dialog, 'Name').getByText('Enter the person’s name.').waitFor();
    await fieldError(dialog, 'Email').getByText('Enter an email address').waitFor();
    await dialog.getByLabel('Email', { exact: true }).fill(TAKEN);
    expect(await fieldError(dialog, 'Email').count()).toBe(0);
    expect(await fieldError(dialog, 'Name').textContent()).toBe('Enter the person’s name.'); // the other field's message stays
    await dialog.getByLabel('Name', { exact: true }).fill('Rita Again');
    expect(await fieldError(dialog, 'Name').count()).toBe(0);
    // Then the server's refusal (409 email_taken), beside the email field.
    await dialog.getByRole('button', { name: 'Create and invite' }).click();
    await fieldError(dialog, 'Email').waitFor();
    expect(await dialog.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'form-messages-user-refused-1366', { fullPage: false });
    await dialog.getByLabel('Email', { exact: true }).fill('rita.again@acme.test');
    expect(await fieldError(dialog, 'Email').count()).toBe(0);
    expect(await dialog.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'form-messages-user-fixed-1366', { fullPage: false });
    // Put back, the refused address is refused again: its message is still true.
    await dialog.getByLabel('Email', { exact: true }).fill(TAKEN);
    await fieldError(dialog, 'Email').waitFor();
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('workflow builder: each step field message goes when that field is filled, and the summary with the last one (390 px)', async () => {
    const { context, page, errors } = await open({ width: 390, height: 844 }, '/workflows/new');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    const name = fieldError(page, 'Workflow name');
    const stepName = fieldError(page, 'Step name');
    await name.getByText('Give the workflow a name.').waitFor();
    await stepName.getByText('Give the step a name.').waitFor();
    await page.getByText('Add at least one reviewer.').waitFor();
    await page.getByText('Check the highlighted fields').waitFor();
    await screenshot(page, 'form-messages-builder-refused-390', { fullPage: false });
    await page.getByLabel('Workflow name', { exact: true }).fill('Contract approval');
    expect(await name.count()).toBe(0);
    expect(await stepName.count()).toBe(1);
    await page.getByLabel('Step name', { exact: true }).fill('Legal review');
    expect(await stepName.count()).toBe(0);
    await page.getByText('Add at least one reviewer.').waitFor(); // untouched: still there
    await page.getByText('Check the highlighted fields').waitFor();
    await page.getByLabel('Step name', { exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'form-messages-builder-fixed-390', { fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('two-factor settings: a refused number of days clears when a good one is typed (390 px), and out of office clears "choose a colleague" once one is chosen (1366 px)', async () => {
    const phone = await open({ width: 390, height: 844 }, '/admin/settings');
    const { page } = phone;
    await page.getByLabel('Let users trust a device').check();
    const days = page.getByLabel('Trust a device for (days)', { exact: true });
    await days.fill('0');
    await page.getByRole('button', { name: 'Save two-factor settings' }).click();
    const daysError = fieldError(page, 'Trust a device for (days)');
    await daysError.getByText('Enter a whole number of days from 1 to 365.').waitFor();
    await days.scrollIntoViewIfNeeded();
    await screenshot(page, 'form-messages-settings-refused-390', { fullPage: false });
    await days.fill('30');
    expect(await daysError.count()).toBe(0);
    await screenshot(page, 'form-messages-settings-fixed-390', { fullPage: false });
    expect(unexpected(phone.errors)).toEqual([]);
    await phone.context.close();

    const desk = await open({ width: 1366, height: 900 }, '/security');
    const form = desk.page.getByRole('form', { name: 'Your out-of-office period' });
    await form.getByRole('button', { name: 'Save delegation' }).click();
    const delegateError = fieldError(desk.page, 'Delegate');
    await delegateError.getByText('Choose the colleague who stands in for you.').waitFor();
    await form.getByLabel('Delegate', { exact: true }).fill('Ri');
    expect(await delegateError.count()).toBe(0);
    await form.getByRole('button', { name: 'Choose Rita Reviewer' }).click();
    await form.getByText(TAKEN).waitFor();
    await form.scrollIntoViewIfNeeded();
    await screenshot(desk.page, 'form-messages-delegation-1366', { fullPage: false });
    expect(await desk.page.locator('.delegation-form .field-error').count()).toBe(0);
    expect(unexpected(desk.errors)).toEqual([]);
    await desk.context.close();
  });
});
