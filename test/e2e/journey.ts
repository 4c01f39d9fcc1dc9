// Shared steps of the browser suite. Arrangement that is not under test goes through the API
// (bearer token, so no CSRF); what is under test goes through the page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAuthenticator } from '../support/authenticator.ts';
import { openPage } from '../support/browser.ts';
import { startOnChosenPort, type TestServer } from '../support/start-signoff.ts';
import { isUiBuilt } from '../support/ui-build.ts';

/** The UI the server serves is today's (test/support/ui-build.ts builds it before the suite). */
export function assertUiBuilt(): void {
  if (!isUiBuilt()) throw new Error('dist/web is missing or older than web/: run `npx vite build` before the browser tests');
}

/**
 * The browser suite's server: Signoff in the test's own process (createSignoff, as `signoff
 * serve` runs it, without a second Node process to start per spec) on a fresh SQLite data
 * directory, at http://127.0.0.1:<port> with the base URL http://localhost:<port>. Its test
 * OpenID provider runs on 127.0.0.1 over http (SIGNOFF_SSO_ALLOW_HOSTS). `env` adds variables,
 * e.g. SIGNOFF_DEV_MAILBOX=1 for a spec that reads links out of the mailbox page.
 *
 * Its clock follows the real time and moves forward when a test says so (steppingClock): a
 * user typing a fourth authenticator-app code within 30 seconds gets the next step at once
 * (createAuthenticator(secret, { clock: server.clock })) instead of waiting for it.
 */
export async function startSignoffWithUi(env: Record<string, string> = {}): Promise<UiServer> {
  assertUiBuilt();
  const s = await startOnChosenPort('sqlite', (port) => ({
    clock: 'stepping',
    env: { SIGNOFF_PORT: String(port), SIGNOFF_SSO_ALLOW_HOSTS: '127.0.0.1', ...env },
  }));
  return {
    url: s.url,
    dataDir: s.db.dataDir,
    clock: s.clock!,
    signoff: s.signoff,
    logs: () => '(in-process server: SIGNOFF_TEST_LOG=1 logs to stdout)',
    stop: () => s.stop(),
  };
}

type Authenticator = ReturnType<typeof createAuthenticator>;
/** `signoff`: the server itself, to run a periodic job's pass now (the sweeps) after moving the clock. */
export type UiServer = {
  url: string;
  dataDir: string;
  clock: NonNullable<TestServer['clock']>;
  signoff: TestServer['signoff'];
  logs(): string;
  stop(): Promise<void>;
};

export const ADMIN = { organization: 'Acme Pharma', name: 'Ada Lovelace', email: 'ada@acme.test', password: 'correct horse battery staple' };

export type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** First-run setup through the API; returns a bearer-token client for the admin. */
export async function setUpViaApi(url: string): Promise<Api> {
  const res = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 201) throw new Error(`setup answered ${res.status}: ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return async (method, path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
}

/**
 * Signs `user` in through the API and sets up an authenticator app for them (arrangement, not
 * under test): the app gives its codes on the server's clock; with the backup codes it came with.
 */
export async function enrollTotpViaApi(
  server: { url: string; clock?: UiServer['clock'] | undefined },
  user: { email: string; password: string },
): Promise<{ app: Authenticator; backupCodes: string[] }> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${user.email} answered ${login.status}: ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (r.status >= 300) throw new Error(`POST ${path} for ${user.email} answered ${r.status}: ${await r.text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
  const start = await post('/me/factors/totp', {});
  const app = createAuthenticator(start.secret as string, { clock: server.clock });
  const confirmed = await post(`/me/factors/totp/${start.id as string}/confirm`, { code: await app.nextCode() });
  return { app, backupCodes: (confirmed.backupCodes ?? []) as string[] };
}

/**
 * Signs in through the API in the page's browser context (its cookie jar gets the session
 * cookie) and opens the home page: for tests about what comes after the sign-in page. A user
 * with a second factor is left at the second-factor step. `signIn` types into the page.
 */
async function signInViaApi(page: Page, url: string, email: string, password: string, opts: { landOn?: string } = {}): Promise<void> {
  const res = await page.request.post(`${url}/api/v1/auth/login`, { data: { email, password } });
  if (res.status() !== 200) throw new Error(`sign-in of ${email} answered ${res.status()}: ${await res.text()}`);
  await page.goto(`${url}${opts.landOn ?? '/'}`);
}

/** signInViaApi, then waits for the signed-in home page. */
export async function signInHome(page: Page, url: string, email: string, password: string): Promise<void> {
  await signInViaApi(page, url, email, password);
  await waitForHome(page, url);
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits for the signed-in home page (its greeting heading). */
export async function waitForHome(page: Page, url: string): Promise<void> {
  await page.waitForURL(`${url}/`);
  await page.getByRole('heading', { level: 1, name: /^Good (morning|afternoon|evening), / }).waitFor();
}

/** The mailbox page refreshes on demand; mail is delivered by a worker a moment later. */
export async function openMessage(page: Page, subject: RegExp, to: string, timeoutMs = 15_000): Promise<void> {
  const item = page.getByRole('link', { name: subject }).filter({ hasText: to });
  const deadline = Date.now() + timeoutMs;
  while (!(await item.count())) {
    if (Date.now() > deadline) throw new Error(`no message ${subject} to ${to} in the mailbox`);
    await page.waitForTimeout(250);
    await page.getByRole('button', { name: 'Refresh' }).click();
  }
  await item.first().click();
}

/**
 * A new browser context at `viewport` carrying a signed-in state (from `context.storageState()`),
 * opened at `path`; `errors` collects the page's uncaught errors and console errors.
 */
export async function openSignedIn(
  browser: Browser,
  url: string,
  signedIn: Awaited<ReturnType<BrowserContext['storageState']>>,
  viewport: { width: number; height: number },
  path: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', storageState: signedIn });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(`${url}${path}`);
  return { context, page, errors };
}

/** The admin signed in through the sign-in page, as a storage state that openSignedIn gives new contexts. */
export async function adminSignedInState(browser: Browser, url: string): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const { context, page } = await openPage(browser);
  await signIn(page, url, ADMIN.email, ADMIN.password);
  await waitForHome(page, url);
  const state = await context.storageState();
  await context.close();
  return state;
}
