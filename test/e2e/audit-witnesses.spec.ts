// Audit witnesses in the browser: an admin names them under Settings (refused inline when an
// address is not one), and an on-demand checkpoint lands in the local mailbox as an .eml whose
// attached checkpoint verifies against the JWKS the server publishes.
import { createPublicKey, verify } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

describe.skipIf(!HAS_CHROMIUM)('audit witnesses', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin names witnesses in Settings; a checkpoint reaches them as a verifiable attachment', async () => {
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/admin/settings`);
    await page.getByRole('heading', { level: 2, name: 'Audit witnesses' }).waitFor();

    const field = page.getByLabel('Witness email addresses');
    await field.fill('auditor@witness.test\nnot an address');
    await page.getByRole('button', { name: 'Save witnesses' }).click();
    await page.getByText('“not an address” is not an email address.').waitFor();
    expect((await api('GET', '/admin/settings')).body.audit).toEqual({ witnesses: [] });

    await field.fill('Auditor@Witness.test\nqa@witness.test');
    await page.getByRole('button', { name: 'Save witnesses' }).click();
    await page.getByRole('status').filter({ hasText: 'Witnesses were saved.' }).waitFor();
    await screenshot(page, 'settings-audit-witnesses');
    expect((await api('GET', '/admin/settings')).body.audit).toEqual({ witnesses: ['auditor@witness.test', 'qa@witness.test'] });
    await page.reload();
    expect(await page.getByLabel('Witness email addresses').inputValue()).toBe('auditor@witness.test\nqa@witness.test');
    expect(errors).toEqual([]);
    await context.close();

    const made = await api('POST', '/admin/audit/checkpoints', {});
    expect(made.status).toBe(201);
    const jwks = (await (await fetch(`${server.url}/.well-known/signoff/jwks.json`)).json()) as { keys: { kid: string; x: string }[] };
    // The mail worker writes each message into <data dir>/mail as an .eml.
    const dir = join(server.dataDir, 'mail');
    let found: Awaited<ReturnType<typeof simpleParser>>[] = [];
    for (let i = 0; i < 100 && found.length < 2; i++) {
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
      found = (await Promise.all(names.map(async (n) => simpleParser(await readFile(join(dir, n)))))).filter((m) => m.attachments.length > 0);
      if (found.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found.map((m) => (m.to as { text: string }).text).sort()).toEqual(['auditor@witness.test', 'qa@witness.test']);
    for (const m of found) {
      const cp = JSON.parse(m.attachments[0]!.content.toString('utf8'));
      expect(cp).toEqual(made.body);
      const { signature, ...rest } = cp;
      const jcs = JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
      const key = jwks.keys.find((k) => k.kid === cp.kid)!;
      expect(
        verify(null, Buffer.from(jcs), createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.x }, format: 'jwk' }), Buffer.from(signature, 'base64url')),
      ).toBe(true);
    }
  }, 100_000);
});
