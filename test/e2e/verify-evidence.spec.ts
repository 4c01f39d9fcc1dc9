// The Verify evidence page in Debian Chromium (issue 10): no sign-in; choose an item's evidence
// bundle and the publisher's key set, and every check turns green, or red for a bundle edited
// after signing, with the first failure named. The checks run in the browser (WebCrypto).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import Database from 'better-sqlite3';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

describe.skipIf(!HAS_CHROMIUM)('Verify evidence page', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  const dir = mkdtempSync(join(tmpdir(), 'signoff-verify-'));
  let itemId = '';
  const files = { good: join(dir, 'evidence-good.json'), tampered: join(dir, 'evidence-tampered.json'), jwks: join(dir, 'jwks.json') };

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const rita = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
    expect((await api('POST', '/admin/users', { ...rita, userType: 'staff', roles: ['reviewer'], groups: [] })).status).toBe(201);
    const users = await api('GET', '/admin/users');
    const ritaId = users.body.users.find((u: { email: string }) => u.email === rita.email).id as string;
    const wf = await api('POST', '/workflows', { name: 'Artwork review', steps: [{ name: 'Brand review', reviewers: [{ user: ritaId }] }] });
    expect(wf.status, JSON.stringify(wf.body)).toBe(201);
    const item = await api('POST', '/items', {
      workflowId: wf.body.id,
      title: 'Label artwork, 250 mg tablets (rev. 3)',
      content: 'Front panel and leaflet, revision 3.',
    });
    expect(item.status).toBe(201);
    itemId = item.body.id;
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: rita.email, password: rita.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const decided = await fetch(`${server.url}/api/v1/items/${item.body.id}/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ step: 0, decision: 'approve', comment: 'Colours match the brand book.' }),
    });
    expect(decided.status).toBe(201);

    const bundle = await api('GET', `/items/${item.body.id}/evidence`);
    expect(bundle.status).toBe(200);
    writeFileSync(files.good, JSON.stringify(bundle.body, null, 2));
    // Edited after signing: the history now says the reviewer rejected it.
    const tampered = structuredClone(bundle.body);
    tampered.decisions[0].history.decision = 'reject';
    writeFileSync(files.tampered, JSON.stringify(tampered, null, 2));
    // The publisher's key set, as anyone fetches it.
    writeFileSync(files.jwks, await (await fetch(`${server.url}/.well-known/signoff/jwks.json`)).text());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows every check green for a good bundle checked against the publisher's key set, with no sign-in", async () => {
    const { page, errors } = await openPage(browser, { viewport: { width: 1100, height: 900 } });
    await page.goto(`${server.url}/verify`);
    await page.getByRole('heading', { level: 1, name: 'Verify evidence' }).waitFor();
    await page.getByLabel('Key set (JWKS)').setInputFiles(files.jwks);
    await page.getByLabel('Evidence bundle').setInputFiles(files.good);
    await page.getByText('Verified', { exact: true }).waitFor();
    const checks = page.getByRole('list', { name: 'Checks' }).getByRole('listitem');
    expect(await checks.count()).toBeGreaterThan(8);
    expect(await page.locator('[data-ok="false"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-check="bundle.signature"]').getAttribute('data-ok')).toBe('true');
    await screenshot(page, 'verify-evidence-good');
    expect(errors).toEqual([]);
  });

  it('turns the checks of a tampered bundle red and names the first failure', async () => {
    const { page } = await openPage(browser, { viewport: { width: 1100, height: 900 } });
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Key set (JWKS)').setInputFiles(files.jwks);
    await page.getByLabel('Evidence bundle').setInputFiles(files.tampered);
    await page.getByText('Not verified', { exact: true }).waitFor();
    expect(await page.locator('[data-check="bundle.signature"]').getAttribute('data-ok')).toBe('false');
    expect(await page.locator('[data-check$=":record"][data-ok="false"]').count()).toBe(1);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/signature does not match the document/);
    await screenshot(page, 'verify-evidence-tampered');
  });

  it('without a key set falls back to the key the bundle carries and says it proves integrity only', async () => {
    const { page } = await openPage(browser, { viewport: { width: 1100, height: 900 } });
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Evidence bundle').setInputFiles(files.good);
    await page.getByText(/^Verified$|^Intact \(integrity only\)$/).waitFor();
    // No JWKS route in this build: the page says what it checked against.
    const status = await page.getByRole('status').first().textContent();
    expect(status).toMatch(/integrity only|published key set/);
  });

  it('marks a decision whose history row was edited in the database as Not valid on the item page', async () => {
    // Someone with database access rewrites the history: the approval now reads as a rejection.
    const db = new Database(join(server.dataDir, 'signoff.db'));
    try {
      db.prepare("UPDATE item_events SET decision = 'reject' WHERE item_id = ? AND action = 'decided'").run(itemId);
    } finally {
      db.close();
    }
    const { page } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/items/${itemId}`);
    const note = page.getByRole('note').filter({ hasText: 'no longer matches its sealed record' });
    await note.waitFor();
    expect(await note.count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Evidence (JSON)' }).getAttribute('href')).toBe(`/api/v1/items/${itemId}/evidence`);
    await screenshot(page, 'item-decision-not-valid');
  });
});
