import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// The review page is built around the document (issue 12 item 2): a PDF's pages, an image or
// a text file are drawn inline beside the decision (below it on a phone), after the browser
// checked the bytes' SHA-256 against the item's content hash; other files get a download
// card. And no page scrolls sideways on a 390 px phone.

/** A small valid PDF with `pages` pages, each saying its number (xref offsets computed). */
function pdfWithPages(pages: number): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${4 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let i = 0; i < pages; i++) {
    const text = `BT /F1 36 Tf 72 700 Td (Batch record, page ${i + 1}) Tj ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`);
    objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  }
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe.skipIf(!HAS_CHROMIUM)('the review page, built around the document', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  let adminToken = '';
  const RITA = { name: 'Rita Reviewer', email: 'rita@acme.test', password: 'decisions need a second look' };
  const items: Record<'pdf' | 'image' | 'other' | 'text', string> = { pdf: '', image: '', other: '', text: '' };

  const upload = async (name: string, bytes: Buffer) => {
    const res = await fetch(`${server.url}/api/v1/uploads?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { uploadId: string }).uploadId;
  };

  /** True when the page is wider than the window (the phone would scroll sideways). */
  const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    adminToken = ((await login.json()) as { token: string }).token;
    const rita = await api('POST', '/admin/users', { ...RITA, userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(rita.status).toBe(201);
    const wf = await api('POST', '/workflows', { name: 'Batch release', steps: [{ name: 'QA review', reviewers: [{ user: rita.body.id }] }] });
    expect(wf.status).toBe(201);

    // An image: Chromium's own screenshot of a coloured page, a real PNG.
    const { context, page } = await openPage(browser, { viewport: { width: 320, height: 200 } });
    await page.setContent('<body style="margin:0;background:#1f4e79"><h1 style="color:#fff;font:40px sans-serif;padding:40px">Label v3</h1></body>');
    const png = await page.screenshot();
    await context.close();

    const files = {
      pdf: ['batch-record-24-117-with-a-rather-long-file-name-that-must-wrap-on-phones.pdf', pdfWithPages(2)],
      image: ['label-artwork-v3.png', png],
      other: ['instrument-export.bin', Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
      text: ['release-notes.md', Buffer.from('# Release notes\n\nLot 24-117: 1,200 units, all tests passed.\n')],
    } as const;
    for (const [kind, [name, bytes]] of Object.entries(files) as [keyof typeof items, readonly [string, Buffer]][]) {
      const item = await api('POST', '/items', { workflowId: wf.body.id, title: `Release ${kind}`, uploadId: await upload(name, bytes) });
      expect(item.status, JSON.stringify(item.body)).toBe(201);
      items[kind] = item.body.id;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws a PDF’s pages inline beside the decision, after checking its SHA-256 in the browser', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, RITA.email, RITA.password);
    await page.goto(`${server.url}/items/${items.pdf}`);
    await page.getByRole('img', { name: /page 2 of 2$/ }).waitFor();
    await page.getByText('2 pages.').waitFor();
    await page.getByText(/Checked in your browser: SHA-256/).waitFor();
    // Beside it, not above it: the decision sits to the right of the document, level with it.
    const documentBox = (await page.getByRole('img', { name: /page 1 of 2$/ }).boundingBox())!;
    const decideBox = (await page
      .getByRole('button', { name: /Approve/ })
      .first()
      .boundingBox())!;
    expect(decideBox.x).toBeGreaterThan(documentBox.x + documentBox.width);
    expect(decideBox.y).toBeLessThan(documentBox.y + documentBox.height);
    // The page really drew ink: the canvas is not blank.
    const inked = await page.getByRole('img', { name: /page 1 of 2$/ }).evaluate((c) => {
      const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 3]! > 0) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(100);
    await screenshot(page, 'review-pdf-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 390 px phone shows the document first and the decision under it, without sideways scrolling', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signInHome(page, server.url, RITA.email, RITA.password);
    await page.goto(`${server.url}/items/${items.pdf}`);
    await page.getByRole('img', { name: /page 2 of 2$/ }).waitFor();
    const documentBox = (await page.getByRole('img', { name: /page 1 of 2$/ }).boundingBox())!;
    const decideBox = (await page
      .getByRole('button', { name: /Approve/ })
      .first()
      .boundingBox())!;
    expect(decideBox.y).toBeGreaterThan(documentBox.y);
    expect(documentBox.width).toBeLessThanOrEqual(390);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'review-pdf-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws images and text files inline and offers other files as a download card', async () => {
    const { context, page, errors } = await openPage(browser, { viewport: { width: 1366, height: 900 } });
    await signInHome(page, server.url, RITA.email, RITA.password);
    await page.goto(`${server.url}/items/${items.image}`);
    const image = page.getByRole('img', { name: 'label-artwork-v3.png' });
    await image.waitFor();
    expect(await image.evaluate((c) => (c as HTMLCanvasElement).width)).toBe(320);
    await screenshot(page, 'review-image');
    await page.goto(`${server.url}/items/${items.text}`);
    await page.getByLabel('release-notes.md').getByText('all tests passed').waitFor();
    await page.goto(`${server.url}/items/${items.other}`);
    await page.getByText('This kind of file cannot be shown here').waitFor();
    expect(await page.getByRole('link', { name: 'Download instrument-export.bin' }).getAttribute('download')).toBe('instrument-export.bin');
    // A mistyped link says there is no such item (not the validator's words).
    for (const bad of ['not an id', 'itm_doesnotexist0000000000']) {
      await page.goto(`${server.url}/items/${encodeURIComponent(bad)}`);
      await page.getByText('No such item').waitFor();
      expect(await page.getByText('does not match the schema').count()).toBe(0);
    }
    expect(errors.filter((e) => !/status of (400|404)/.test(e))).toEqual([]);
    await context.close();
  });

  it('no page scrolls sideways at 390 px', async () => {
    const { context, page } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    for (const path of ['/login', '/forgot-password']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await scrollsSideways(page), path).toBe(false);
    }
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    const workflows = await api('GET', '/workflows');
    const paths = [
      '/',
      '/tasks',
      '/items',
      '/items/new',
      `/items/${items.pdf}`,
      `/items/${items.other}`,
      '/workflows',
      '/workflows/new',
      `/workflows/${workflows.body.workflows[0].id}`,
      '/security',
      '/admin/users',
      '/admin/groups',
      '/admin/two-factor',
      '/admin/settings',
      '/admin/audit',
      '/admin/mailbox',
    ];
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      if (await scrollsSideways(page)) {
        wide.push(`${path} (${await page.evaluate(() => document.documentElement.scrollWidth)} px)`);
        await screenshot(page, `phone-too-wide${path.replaceAll('/', '-')}`);
      }
    }
    expect(wide).toEqual([]);
    await context.close();
  });
});
