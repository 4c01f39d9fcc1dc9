import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, totpCode } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, enrollTotpViaApi, setUpViaApi, signIn, signInHome, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

// Approval workflows in the browser, in one organisation (PRODUCT §5): the
// admin builds a workflow whose first step requires 2FA (Advanced options) and whose second
// needs an e-signature; a workflow owner submits a text item and a file; the reviewer, who has
// an authenticator app (codes from oathtool), opens the task, chooses Approve with a comment,
// reaches the code screen, types a wrong code (stays, error, field cleared), goes Back
// (decision and comment kept), continues, and the right code records the vote with the
// "2FA verified" badge. The workflow and the item carry from one test to the next when the
// tests run together; a test run alone makes what it needs through the API (contractWorkflow,
// msaItem, msaAtFinanceStep), so any test runs alone.
describe.skipIf(!HAS_CHROMIUM)('approval workflows', () => {
  let server: UiServer;
  let browser: Browser;
  let api: Api;
  const RITA = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
  const SAM = { name: 'Sam Submitter', email: 'sam@acme.test', password: 'paperwork goes through workflows' };
  const FIONA = { name: 'Fiona Finance', email: 'fiona@acme.test', password: 'budgets are signed not waved' };
  const NORA = { name: 'Nora Nofactor', email: 'nora@acme.test', password: 'nothing set up here yet' };
  let noraId = '';
  let financeGroupId = '';
  const COMMENT = 'Clause 7 matches the template; liability cap checked.';
  let ritaApp: ReturnType<typeof createAuthenticator>;
  let fionaApp: ReturnType<typeof createAuthenticator>;
  let fionaBackupCodes: string[] = [];
  let itemId = '';
  const MSA = 'Master services agreement, Globex';

  /** Chromium reports every refused fetch; the refusals a test provokes on purpose are fine. */
  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !statuses.some((s) => e.startsWith(`Failed to load resource: the server responded with a status of ${s}`)));

  const createUser = async (u: { name: string; email: string; password: string }, roles: string[], groups: string[] = []) => {
    const r = await api('POST', '/admin/users', { ...u, userType: 'staff', roles, groups });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  /** Element screenshots (the workflow picture) go beside the page screenshots. */
  const shotOf = async (page: Page, testId: string, name: string) => {
    const dir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
    await mkdir(dir, { recursive: true });
    await page
      .getByTestId(testId)
      .first()
      .screenshot({ path: `${dir}${name}.png`, animations: 'disabled' });
  };

  /** A full-page screenshot from the top (a focused field may have scrolled the page). */
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };

  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  /** A bearer token of `u`, with a fresh second factor when `app` is given. */
  const bearer = async (u: { email: string; password: string }, app?: ReturnType<typeof createAuthenticator>) => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: u.password }),
    });
    const { token } = (await login.json()) as { token: string };
    if (!app) return token;
    const done = await fetch(`${server.url}/api/v1/auth/second-factor`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'totp', code: await app.nextCode() }),
    });
    expect(done.status, await done.clone().text()).toBe(200);
    return ((await done.json()) as { token: string }).token;
  };
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The "Contract approval" workflow: the one the first test builds, or the same made through the API. */
  const contractWorkflow = async (): Promise<{ id: string; version: number }> => {
    const found = ((await api('GET', '/workflows')).body.workflows as { id: string; name: string; version: number }[]).find(
      (w) => w.name === 'Contract approval',
    );
    if (found) return found;
    const ritaId = ((await api('GET', '/admin/users')).body.users as { id: string; email: string }[]).find((u) => u.email === RITA.email)!.id;
    const created = await api('POST', '/workflows', {
      name: 'Contract approval',
      steps: [
        { name: 'Legal review', reviewers: [{ user: ritaId }], requireTwoFactor: true, showCommentsToGuests: true },
        {
          name: 'Finance sign-off',
          reviewers: [{ group: financeGroupId }],
          threshold: { type: 'any' },
          onReject: 'previous',
          requireSignature: true,
          signatureMeanings: ['approved', 'reviewed', 'rejected', 'responsible', 'approved for payment'],
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { id: created.body.id, version: 1 };
  };

  /** Sam's MSA at the Legal review: the one the second test submitted, or one submitted through the API. */
  const msaItem = async () => {
    if (itemId) return itemId;
    const item = await call(await bearer(SAM), 'POST', '/items', {
      workflowId: (await contractWorkflow()).id,
      title: MSA,
      description: 'Renewal for 2026, with the new liability cap.',
      content: '1. Services\n2. Fees\n7. Liability: capped at fees paid in the previous 12 months.',
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    itemId = item.body.id;
    return itemId;
  };

  /** The MSA at the Finance sign-off: Rita's approval at the Legal review made through the API if no test made it. */
  const msaAtFinanceStep = async () => {
    const id = await msaItem();
    const item = await api('GET', `/items/${id}`);
    if ((item.body.steps as { status: string }[])[0]!.status === 'open') {
      const approved = await call(await bearer(RITA, ritaApp), 'POST', `/items/${id}/decisions`, {
        step: 0,
        decision: 'approve',
        comment: COMMENT,
        secondFactor: { method: 'totp', code: await ritaApp.nextCode() },
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    }
    return id;
  };

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const group = await api('POST', '/admin/groups', { name: 'Finance' });
    expect(group.status).toBe(201);
    financeGroupId = group.body.id;
    await createUser(RITA, ['reviewer']);
    await createUser(SAM, ['owner']);
    await createUser(FIONA, ['reviewer'], [group.body.id]);
    noraId = await createUser(NORA, ['reviewer']);

    // Authenticator apps for Rita and Fiona, set up through the API (arrangement, not under test here).
    const enableTotp = (u: { email: string; password: string }) => enrollTotpViaApi(server, u);
    ritaApp = (await enableTotp(RITA)).app;
    ({ app: fionaApp, backupCodes: fionaBackupCodes } = await enableTotp(FIONA));
  });
  afterAll(async () => {
    await rita?.context.close();
    await browser?.close();
    await server?.stop();
  });

  it('an admin builds a workflow: two steps, the first requiring 2FA, the second an e-signature, drawn as a picture', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1360, height: 900 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await nav(page, 'Workflows');
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await page.getByRole('link', { name: 'New workflow' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New workflow' }).waitFor();

    await page.getByLabel('Workflow name').fill('Contract approval');
    const first = page.getByRole('region', { name: 'Step 1' });
    await first.getByLabel('Step name').fill('Legal review');
    await first.getByLabel('Find a user').fill('rita');
    await first.getByRole('button', { name: 'Add Rita Reviewer' }).click();
    await first.getByRole('button', { name: 'Remove Rita Reviewer' }).waitFor();
    // 2FA is off until asked for, under Advanced options.
    await first.getByRole('button', { name: 'Advanced options' }).click();
    const twoFactor = first.getByRole('checkbox', { name: 'Require 2FA' });
    expect(await twoFactor.isChecked()).toBe(false);
    await first.getByText('confirms with their second factor').waitFor();
    await twoFactor.check();
    // Guests see no internal comments unless the step says so (off by default).
    const comments = first.getByRole('checkbox', { name: 'Show comments to guests' });
    expect(await comments.isChecked()).toBe(false);
    await comments.check();

    await page.getByRole('button', { name: 'Add step' }).click();
    const second = page.getByRole('region', { name: 'Step 2' });
    await second.getByLabel('Step name').fill('Finance sign-off');
    await second.getByRole('button', { name: 'Group', exact: true }).click();
    await second.getByLabel('Group', { exact: true }).selectOption({ label: 'Finance' });
    await second.getByRole('button', { name: 'Add group' }).click();
    await second.getByRole('radio', { name: 'Any one reviewer' }).check();
    await second.getByRole('radio', { name: 'Send back to the previous step' }).check();
    await second.getByRole('button', { name: 'Advanced options' }).click();
    await second.getByRole('checkbox', { name: 'Require e-signature' }).check();
    // The default meanings (21 CFR 11.50), editable.
    const meanings = second.getByRole('group', { name: 'Signature meanings' }).getByRole('textbox');
    expect(await meanings.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      'approved',
      'reviewed',
      'rejected',
      'responsible',
    ]);

    // The picture follows the form: both steps, their reviewers, and the markers.
    const picture = page.getByRole('list', { name: 'Workflow steps' });
    const boxes = picture.getByRole('listitem').filter({ hasText: /^Step \d/ });
    await expect.poll(() => boxes.count()).toBe(2);
    const legal = boxes.filter({ hasText: 'Legal review' });
    expect(await legal.textContent()).toContain('Rita Reviewer');
    expect(await legal.textContent()).toContain('2FA');
    const finance = boxes.filter({ hasText: 'Finance sign-off' });
    expect(await finance.textContent()).toContain('Finance');
    expect(await finance.textContent()).toContain('e-signature');
    expect(await finance.textContent()).toContain('Any one approves');
    await shot(page, 'workflow-builder');
    await shotOf(page, 'workflow-diagram', 'workflow-builder-picture');

    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.waitForURL(/\/workflows\/wfl_[a-z2-7]+\?saved=1$/);
    await page.getByText('Saved as version 1').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Contract approval' }).waitFor();
    await page.getByText('Version 1', { exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Step 1' }).getByRole('checkbox', { name: 'Show comments to guests' }).isChecked()).toBe(true);
    expect(await page.getByRole('region', { name: 'Step 2' }).getByRole('checkbox', { name: 'Show comments to guests' }).isChecked()).toBe(false);

    // Saving again makes version 2 (items already submitted would keep version 1).
    const signing = page.getByRole('region', { name: 'Step 2' });
    await signing.getByRole('button', { name: 'Add meaning' }).click();
    await signing.getByRole('group', { name: 'Signature meanings' }).getByRole('textbox').last().fill('approved for payment');
    await page.getByText('Saving creates version 2').waitFor();
    await page.getByRole('button', { name: 'Save new version' }).click();
    await page.getByText('Saved as version 2').waitFor();
    await page.getByText('Version 2', { exact: true }).waitFor();
    await shot(page, 'workflow-saved');
    await nav(page, 'Workflows');
    const row = page.getByRole('row').filter({ hasText: 'Contract approval' });
    await row.waitFor();
    expect(await row.textContent()).toContain('2FA on 1 step');
    await shot(page, 'workflows-list');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a workflow owner submits a text item and sees where it stands; a file upload shows its progress and SHA-256', async () => {
    const workflow = await contractWorkflow();
    const label = `Contract approval (version ${workflow.version})`;
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, SAM.email, SAM.password);
    await nav(page, 'Items');
    await page.getByRole('link', { name: 'New item' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New item' }).waitFor();
    await page.getByLabel('Workflow').selectOption({ label });
    await page.getByRole('list', { name: 'Steps of Contract approval' }).waitFor();
    await page.getByLabel('Title').fill('Master services agreement, Globex');
    await page.getByLabel('Description').fill('Renewal for 2026, with the new liability cap.');
    await page.getByLabel('Text', { exact: true }).fill('1. Services\n2. Fees\n7. Liability: capped at fees paid in the previous 12 months.');
    await shot(page, 'new-item');
    await page.getByRole('button', { name: 'Submit for review' }).click();

    await page.waitForURL(/\/items\/itm_[a-z2-7]+$/);
    itemId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: 'Master services agreement, Globex' }).waitFor();
    const current = page.getByRole('list', { name: 'Steps of Contract approval' }).locator('[aria-current="step"]');
    expect(await current.textContent()).toContain('Legal review');
    expect(await page.getByTestId('content-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('list', { name: 'History' }).getByText('submitted the item').waitFor();
    expect(await page.getByRole('heading', { name: 'Your decision' }).count()).toBe(0); // the submitter does not decide
    await shot(page, 'item-submitted');

    // A file: uploaded when chosen, with a progress bar, then named by its upload id.
    await nav(page, 'Items');
    await page.getByRole('link', { name: 'New item' }).first().click();
    await page.getByLabel('Workflow').selectOption({ label });
    await page.getByLabel('Title').fill('Signed scan, Globex MSA');
    await page.getByRole('radio', { name: 'Upload a file' }).check();
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'globex-msa.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n' + 'x'.repeat(200_000)) });
    await page.getByText(/Uploaded globex-msa\.pdf \(19\d\.\d KB|Uploaded globex-msa\.pdf/).waitFor();
    await shot(page, 'new-item-file');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signed scan, Globex MSA' }).waitFor();
    await page.getByRole('link', { name: 'Download globex-msa.pdf' }).waitFor();
    await nav(page, 'Items');
    await page.getByRole('row').filter({ hasText: 'Signed scan, Globex MSA' }).waitFor();
    await shot(page, 'items-list');
    expect(errors).toEqual([]);
    await context.close();
  });

  // The reviewer's browser is kept from one test to the next: each test waits for at most one
  // new TOTP step (a code is accepted once per 30-second step). Whichever test needs it first
  // signs her in.
  let rita: Awaited<ReturnType<typeof openPage>> | undefined;
  const ritaSignedIn = async () => {
    if (rita) return rita;
    rita = await openPage(browser);
    const { page } = rita;
    await signIn(page, server.url, RITA.email, RITA.password);
    await page.waitForURL(`${server.url}/login/second-factor`);
    await page.getByLabel('Authentication code').fill(await ritaApp.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, server.url);
    return rita;
  };

  it('the reviewer signs in with her authenticator app and finds the task, marked 2FA', async () => {
    const itemUrl = `${server.url}/items/${await msaItem()}`;
    // Her sign-in is this test's subject: a browser left signed in by another test starts over.
    await rita?.context.close();
    rita = undefined;
    const { page, errors } = await ritaSignedIn();
    await page.getByRole('region', { name: 'Your tasks' }).getByRole('link', { name: 'Master services agreement, Globex' }).waitFor();

    await nav(page, 'Tasks');
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    const task = page.getByRole('row').filter({ hasText: 'Master services agreement, Globex' });
    expect(await task.textContent()).toContain('Legal review');
    expect(await task.textContent()).toContain('2FA');
    await shot(page, 'tasks');
    await task.getByRole('link', { name: 'Master services agreement, Globex' }).click();
    expect(page.url()).toBe(itemUrl);
    expect(errors).toEqual([]);
  });

  it('the reviewer approves at the protected step: code screen, a wrong code, Back, the right code, "2FA verified"', async () => {
    const itemUrl = `${server.url}/items/${await msaItem()}`;
    const { context, page, errors } = await ritaSignedIn();
    if (page.url() !== itemUrl) await page.goto(itemUrl);

    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.waitFor();
    await panel.getByText('This step requires 2FA').waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    expect(await panel.getByRole('button', { name: 'Approve' }).getAttribute('aria-pressed')).toBe('true');
    await panel.getByLabel('Comment').fill(COMMENT);
    await shot(page, 'decision-choice');
    await panel.getByRole('button', { name: 'Continue' }).click();

    // The code screen keeps the decision and the comment in view.
    const summary = panel.getByTestId('decision-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('You are approving step “Legal review”');
    expect(await summary.textContent()).toContain(COMMENT);
    const code = panel.getByLabel('Code', { exact: true });
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await shot(page, 'decision-code-screen');

    // A code valid at no step near now.
    const now = server.clock.now();
    const near = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => totpCode(ritaApp.secret, now + d)));
    let wrong = 123456;
    while (near.has(String(wrong).padStart(6, '0'))) wrong += 1;
    await code.fill(String(wrong));
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await panel.getByText("That code didn't work").waitFor();
    expect(await panel.getByLabel('Code', { exact: true }).inputValue()).toBe('');
    // The cursor is back in the cleared field, ready for the next code (not on the page body).
    await expect.poll(() => panel.getByLabel('Code', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.textContent()).toContain(COMMENT); // still on the code screen
    await page.getByRole('list', { name: 'History' }).waitFor();
    expect(await page.getByRole('list', { name: 'History' }).getByText('2FA verified').count()).toBe(0); // nothing recorded
    await shot(page, 'decision-wrong-code');

    await panel.getByRole('button', { name: 'Back', exact: true }).click();
    expect(await panel.getByRole('button', { name: 'Approve' }).getAttribute('aria-pressed')).toBe('true');
    expect(await panel.getByLabel('Comment').inputValue()).toBe(COMMENT);
    await shot(page, 'decision-back');
    await panel.getByRole('button', { name: 'Continue' }).click();

    await panel.getByLabel('Code', { exact: true }).fill(await ritaApp.nextCode());
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Your approval was recorded' }).waitFor();
    const entry = page.getByRole('list', { name: 'History' }).getByRole('listitem').filter({ hasText: 'approved at “Legal review”' });
    await entry.getByText('2FA verified', { exact: true }).waitFor();
    expect(await entry.textContent()).toContain('with authenticator app');
    expect(await entry.textContent()).toContain(COMMENT);
    // The item moved on to the e-signature step.
    const current = page.getByRole('list', { name: 'Steps of Contract approval' }).locator('[aria-current="step"]');
    expect(await current.textContent()).toContain('Finance sign-off');
    expect(await page.getByRole('region', { name: 'Your decision' }).count()).toBe(0);
    await shot(page, 'decision-recorded');
    await shotOf(page, 'workflow-diagram', 'item-progress-picture');
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  });

  it('a reviewer signs at the e-signature step: meaning, password and code; the history shows "e-signed" with the manifestation', async () => {
    const itemUrl = `${server.url}/items/${await msaAtFinanceStep()}`;
    const { context, page, errors } = await openPage(browser);
    // A backup code at sign-in leaves this 30-second TOTP step for the signature.
    await signIn(page, server.url, FIONA.email, FIONA.password);
    await page.waitForURL(`${server.url}/login/second-factor`);
    await page.getByRole('button', { name: 'Use a backup code' }).click();
    await page.getByLabel('Backup code').fill(fionaBackupCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, server.url);
    await page.goto(itemUrl);

    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.getByText('This step needs your electronic signature').waitFor();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByRole('button', { name: 'Continue' }).click();
    await panel.getByRole('heading', { name: 'Sign your decision' }).waitFor();
    await panel.getByText(`Signing as ${FIONA.name}`).waitFor();
    await panel.getByText('legally binding equivalent of your handwritten signature').waitFor();
    const meaning = panel.getByLabel('Meaning');
    expect(await meaning.inputValue()).toBe('approved');
    expect(await meaning.locator('option').allTextContents()).toEqual(['approved', 'reviewed', 'rejected', 'responsible', 'approved for payment']);
    await meaning.selectOption('responsible');
    await panel.getByLabel('Password').fill(FIONA.password);
    await panel.getByLabel('Code', { exact: true }).fill(await fionaApp.nextCode());
    await shot(page, 'signature-screen');
    await panel.getByRole('button', { name: 'Confirm decision' }).click();

    await page.getByRole('status').filter({ hasText: 'Signed as “responsible” by Fiona Finance' }).waitFor();
    const entry = page.getByRole('list', { name: 'History' }).getByRole('listitem').filter({ hasText: 'approved at “Finance sign-off”' });
    await entry.getByText('e-signed', { exact: true }).waitFor();
    await entry.getByText('2FA verified', { exact: true }).waitFor();
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('Fiona Finance');
    expect(text).toContain('responsible');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(text).not.toContain('Signature invalid');
    await page.getByRole('heading', { level: 1, name: 'Master services agreement, Globex' }).waitFor();
    await page.getByText('Approved', { exact: true }).first().waitFor();
    await shot(page, 'signature-recorded');
    const report = await page.request.get(server.url + ((await page.getByRole('link', { name: 'Signature report (PDF)' }).getAttribute('href')) ?? ''));
    expect(report.status()).toBe(200);
    expect((await report.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a reviewer without a second factor is sent to set one up and comes back to the same item to decide (self-service)', async () => {
    const w = await api('POST', '/workflows', { name: 'Quick check', steps: [{ name: 'Check', reviewers: [{ user: noraId }], requireTwoFactor: true }] });
    expect(w.status).toBe(201);
    const item = await api('POST', '/items', { workflowId: w.body.id, title: 'Supplier change, Initech', content: 'New supplier bank details.' });
    expect(item.status).toBe(201);

    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, NORA.email, NORA.password);
    await page.goto(`${server.url}/items/${item.body.id}`);
    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.getByText('This step needs your second factor').waitFor();
    expect(await panel.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await shot(page, 'decision-no-factor-self-service');
    await panel.getByRole('link', { name: 'Set up a second factor' }).click();

    await page.getByRole('region', { name: 'Authenticator app' }).getByRole('button', { name: 'Set up' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up your authenticator app' });
    const noraApp = createAuthenticator((await dialog.getByTestId('totp-secret').textContent()) ?? '', { clock: server.clock });
    await dialog.getByLabel('6-digit code').fill(await noraApp.nextCode());
    await dialog.getByRole('button', { name: 'Verify and turn on' }).click();
    const codesDialog = page.getByRole('dialog', { name: 'Your backup codes' });
    await codesDialog.getByLabel('I have saved these codes somewhere safe').check();
    await codesDialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'Back to your decision' }).click();

    await page.waitForURL(`${server.url}/items/${item.body.id}`);
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByRole('button', { name: 'Continue' }).click();
    // A later step's code than the one used to set the app up (that step cannot be used again).
    await panel.getByLabel('Code', { exact: true }).fill(await noraApp.nextCode());
    await panel.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByText('Your approval was recorded.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('where only administrators manage 2FA, a reviewer without a factor is told to contact an admin, and cannot decide', async () => {
    expect((await api('PATCH', '/admin/settings', { enrollmentMode: 'admin_controlled' })).status).toBe(200);
    const oscar = await createUser({ name: 'Oscar Offline', email: 'oscar@acme.test', password: 'nobody added me to anything' }, ['reviewer']);
    const w = await api('POST', '/workflows', { name: 'Quick check 2', steps: [{ name: 'Check', reviewers: [{ user: oscar }], requireTwoFactor: true }] });
    const item = await api('POST', '/items', { workflowId: w.body.id, title: 'Supplier change, Hooli', content: 'New supplier bank details.' });
    expect(item.status).toBe(201);

    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, 'oscar@acme.test', 'nobody added me to anything');
    await page.goto(`${server.url}/items/${item.body.id}`);
    const panel = page.getByRole('region', { name: 'Your decision' });
    await panel.getByText('You need a second factor to decide on this step.').waitFor();
    await panel.getByText('Contact your administrator.').waitFor();
    expect(await panel.getByRole('link', { name: 'Set up a second factor' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await shot(page, 'decision-no-factor');
    expect(errors).toEqual([]);
    await context.close();
  });
});
