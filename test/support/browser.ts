// Debian's Chromium driven by playwright-core (no bundled browser download), plus the
// screenshot helper of the e2e suite: test-results/screenshots/<name>.png.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_PATH = process.env.SIGNOFF_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A developer machine without Chromium still passes `npm test`, with the browser suite
 * reported as skipped; CI installs Chromium and `.ci/check-report.mjs` fails the run when the
 * browser suite did not run.
 */
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
if (!HAS_CHROMIUM) console.warn(`browser suite skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const EXPECTED_CONSOLE_ERRORS = /^Failed to load resource: the server responded with a status of 401\b/;

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A fresh context (own cookies) and page. Console errors and uncaught exceptions are
 * collected, so a test can assert that the UI ran without them (a CSP violation, for
 * example, is reported as a console error).
 */
export async function openPage(
  browser: Browser,
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 860 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    // Chromium logs every non-2xx fetch; a 401 is the UI's ordinary "nobody is signed in"
    // probe (GET /auth/session) or a refused password, not a fault.
    if (msg.type() === 'error' && !EXPECTED_CONSOLE_ERRORS.test(msg.text())) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: opts.fullPage ?? true, animations: 'disabled' });
  return path;
}
