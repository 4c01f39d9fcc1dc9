import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// Revise and resubmit with reasons, in the browser (issue 13 items 1 and 2): a reviewer rejects
// (the form asks for a reason first), the submitter uploads a new text version with a note from
// the item page, sees both versions and the line diff between them, the reviewer approves the
// new version, and the rejection stays in the history marked as given for revision 1. The cancel
// dialog asks for a reason too.
describe.skipIf(!HAS_CHROMIUM)('revise and resubmit', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  const RITA = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
  const SAM = { name: 'Sam Submitter', email: 'sam@acme.test', password: 'paperwork goes through workflows' };
  const V1 = 'Supplier: Globex\nLot: 42\nDosage: 10 mg\nStorage: below 25 °C\n';
  const V2 = 'Supplier: Globex\nLot: 43\nDosage: 10 mg\nStorage: below 25 °C\nShelf life: 24 months\n';
  let workflowId = '';

  const as = (user: { email: string; password: string }) => async (method: string, path: string, body?: unknown) => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  const asSam = as(SAM);
  const asRita = as(RITA);

  /**
   * Each test's own item, brought through the API to where the test starts (so any test runs
   * alone): submitted; rejected by Rita with a reason; or rejected and revised by Sam.
   */
  const itemAt = async (stage: 'submitted' | 'rejected' | 'revised', title: string) => {
    const item = await asSam('POST', '/items', { workflowId, title, content: V1 });
    expect(item.status).toBe(201);
    const id = item.body.id as string;
    if (stage !== 'submitted') {
      const rejected = await asRita('POST', `/items/${id}/decisions`, { step: 0, decision: 'reject', comment: 'Lot number does not match the label.' });
      expect(rejected.status, JSON.stringify(rejected.body)).toBe(201);
    }
    if (stage === 'revised') {
      const revised = await asSam('POST', `/items/${id}/revisions`, { content: V2, note: 'Corrected the lot number and added the shelf life.' });
      expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    }
    return id;
  };

  /** No page may scroll sideways. */
  const noSideways = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const rita = await api('POST', '/admin/users', { ...RITA, userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(rita.status).toBe(201);
    expect((await api('POST', '/admin/users', { ...SAM, userType: 'staff', roles: ['owner'], groups: [] })).status).toBe(201);
    const wf = await api('POST', '/workflows', { name: 'Batch release', steps: [{ name: 'QA review', reviewers: [{ user: rita.body.id }], onReject: 'end' }] });
    expect(wf.status).toBe(201);
    workflowId = wf.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the reviewer must give a reason to reject, and the rejection is recorded with it', async () => {
    const itemId = await itemAt('submitted', 'Batch record 42');
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, RITA.email, RITA.password);
    await page.goto(`${server.url}/items/${itemId}`);
    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Reject' }).click();
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await panel.getByText('A reason is required to reject: say why.').waitFor();
    await screenshot(page, 'revisions-reason-required');
    await panel.getByLabel('Reason').fill('Lot number does not match the label.');
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByText('Your rejection was recorded.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the submitter uploads a new version with a note, sees both versions and the diff (1366 and 390 px wide)', async () => {
    const itemId = await itemAt('rejected', 'Batch record 42');
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, SAM.email, SAM.password);
    await page.goto(`${server.url}/items/${itemId}`);
    await page.getByRole('button', { name: 'Upload a new version' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload a new version' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Text', exact: true }).inputValue()).toBe(V1);
    await dialog.getByRole('textbox', { name: 'Text', exact: true }).fill(V2);
    await dialog.getByRole('button', { name: 'Upload new version' }).click();
    await dialog.getByText('Say what changed in this version.').waitFor();
    await dialog.getByLabel('What changed').fill('Corrected the lot number and added the shelf life.');
    await screenshot(page, 'revisions-upload-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Upload new version' }).click();
    await page.getByText('Revision 2 uploaded').waitFor();

    const versions = page.getByRole('region', { name: 'Versions' });
    await versions.waitFor();
    expect(await versions.textContent()).toContain('Corrected the lot number and added the shelf life.');
    const diff = versions.getByLabel('Changes from revision 1 to revision 2');
    const text = await diff.textContent();
    expect(text).toContain('removed: Lot: 42');
    expect(text).toContain('added: Lot: 43');
    expect(text).toContain('added: Shelf life: 24 months');
    await versions.scrollIntoViewIfNeeded();
    await screenshot(page, 'revisions-versions-1366');
    await noSideways(page);

    await page.setViewportSize({ width: 390, height: 844 });
    await versions.scrollIntoViewIfNeeded();
    await screenshot(page, 'revisions-versions-390');
    await noSideways(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the reviewer approves the new version; the rejection stays in the history for revision 1', async () => {
    const itemId = await itemAt('revised', 'Batch record 42');
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signInHome(page, server.url, RITA.email, RITA.password);
    await page.goto(`${server.url}/items/${itemId}`);
    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByText('Your approval was recorded.').waitFor();
    const history = page.getByRole('list', { name: 'History' });
    await history.getByText('Given for revision 1, which a newer version superseded: it no longer counts.').waitFor();
    expect(await history.textContent()).toContain('uploaded revision 2');
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'revisions-approved-390');
    await noSideways(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the cancel dialog asks for a reason', async () => {
    const other = await asSam('POST', '/items', { workflowId, title: 'Batch record 44', content: 'Lot: 44' });
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, SAM.email, SAM.password);
    await page.goto(`${server.url}/items/${other.body.id}`);
    await page.getByRole('button', { name: 'Cancel item' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this item?' });
    await dialog.getByRole('button', { name: 'Cancel item' }).click();
    await dialog.getByText('A reason is required to cancel: say why.').waitFor();
    await dialog.getByLabel('Reason').fill('Raised against the wrong batch.');
    await dialog.getByRole('button', { name: 'Cancel item' }).click();
    await page.getByText('Item cancelled').waitFor();
    expect(await page.getByRole('list', { name: 'History' }).textContent()).toContain('Raised against the wrong batch.');
    expect(errors).toEqual([]);
    await context.close();
  });
});
