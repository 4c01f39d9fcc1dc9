import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, totpCode } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, enrollTotpViaApi, setUpViaApi, signIn, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

// Two-factor authentication in the browser, in one organisation: Tess sets up an authenticator
// app (codes from oathtool, not from our code); people whose app was set up through the API sign
// in with it, with a backup code, and trust their browser; Pat signs in with a passkey held by
// Chromium's virtual authenticator; the admin revokes someone's 2FA, and an org-wide requirement
// walks a user without it through setup. Each test has its own people, so any test runs alone.
//
// WebAuthn needs a domain as relying party id, so the browser talks to `localhost` (the
// server's default base URL) rather than 127.0.0.1.
describe.skipIf(!HAS_CHROMIUM)('two-factor authentication', () => {
  let server: UiServer;
  let browser: Browser;
  let api: Api;
  let base: string;
  const TESS = { name: 'Tess Totp', email: 'tess@acme.test', password: 'time based one time passwords' };
  const PAT = { name: 'Pat Passkey', email: 'pat@acme.test', password: 'public key credentials please' };
  const NORA = { name: 'Nora Notadded', email: 'nora@acme.test', password: 'nobody added me to anything' };

  /** Chromium reports every refused fetch; the refusals a test provokes on purpose are fine. */
  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !statuses.some((s) => e.startsWith(`Failed to load resource: the server responded with a status of ${s}`)));

  const createUser = async (u: { name: string; email: string; password: string }) => {
    const r = await api('POST', '/admin/users', { ...u, userType: 'staff', roles: ['reviewer'], groups: [] });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  /**
   * A reviewer with an authenticator app and backup codes, set up through the API (arrangement,
   * not under test here): the app gives the codes, on the server's clock.
   */
  const enrolledUser = async (first: string) => {
    const u = { name: `${first} Enrolled`, email: `${first.toLowerCase()}@acme.test`, password: 'time based one time passwords' };
    const id = await createUser(u);
    const { app, backupCodes } = await enrollTotpViaApi(server, u);
    expect(backupCodes).toHaveLength(10);
    return { ...u, id, app, backupCodes };
  };

  const signOut = async (page: Page, name: string) => {
    await page.getByRole('button', { name }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/login`);
  };

  const goToSecurity = async (page: Page) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByText(/Two-factor authentication is (on|off)/).waitFor();
  };

  beforeAll(async () => {
    server = await startSignoffWithUi();
    base = server.url.replace('127.0.0.1', 'localhost');
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    await createUser(TESS);
    await createUser(PAT);
    await createUser(NORA);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a user sets up an authenticator app with the manual key, confirms it, and saves the backup codes', async () => {
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, TESS.email, TESS.password);
    await waitForHome(page, base);
    await goToSecurity(page);
    await page.getByText('Two-factor authentication is off').waitFor();
    await screenshot(page, 'security-page');

    await page.getByRole('region', { name: 'Authenticator app' }).getByRole('button', { name: 'Set up' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up your authenticator app' });
    await dialog.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const shown = (await dialog.getByTestId('totp-secret').textContent()) ?? '';
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/); // grouped in fours
    const tessApp = createAuthenticator(shown, { clock: server.clock });
    // The QR image decodes from the server's SVG (a data: URL, allowed by the CSP).
    expect(await dialog.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshot(page, 'totp-setup', { fullPage: false });

    await dialog.getByLabel('6-digit code').fill(await tessApp.nextCode());
    await dialog.getByRole('button', { name: 'Verify and turn on' }).click();

    const codesDialog = page.getByRole('dialog', { name: 'Your backup codes' });
    await codesDialog.getByText('Save these backup codes now').waitFor();
    const backupCodes = (await codesDialog.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allTextContents()).map((c) =>
      c.replace(/\s/g, ''),
    );
    expect(backupCodes).toHaveLength(10);
    for (const c of backupCodes) expect(c).toMatch(/^\d{8}$/);
    const done = codesDialog.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true); // not before "I have saved them"
    expect(await codesDialog.getByRole('button', { name: 'Close' }).count()).toBe(0);
    await screenshot(page, 'backup-codes', { fullPage: false });

    const [download] = await Promise.all([page.waitForEvent('download'), codesDialog.getByRole('link', { name: 'Download .txt' }).click()]);
    expect(download.suggestedFilename()).toBe('signoff-backup-codes.txt');
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path, 'utf8');
    for (const c of backupCodes) expect(text).toContain(`${c.slice(0, 4)} ${c.slice(4)}`);

    await codesDialog.getByLabel('I have saved these codes somewhere safe').check();
    await done.click();
    await codesDialog.waitFor({ state: 'hidden' });
    await page.getByText('Two-factor authentication is on').waitFor();
    await page.getByRole('region', { name: 'Backup codes' }).getByText('10 of 10 left').waitFor();
    await page.getByRole('region', { name: 'Authenticator app' }).getByRole('button', { name: 'Replace' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signing in asks for the code; a wrong code keeps the code screen with an error; the right one lands home', async () => {
    const tom = await enrolledUser('Tom');
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, tom.email, tom.password);
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    const input = page.getByLabel('Authentication code');
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await input.getAttribute('inputmode')).toBe('numeric');
    await page.getByRole('button', { name: 'Use a backup code' }).waitFor();
    await page.getByRole('button', { name: 'Lost your device?' }).waitFor();
    await screenshot(page, 'login-second-factor');

    // A code valid at no step near now.
    const now = server.clock.now();
    const near = new Set([-30_000, 0, 30_000].map((d) => totpCode(tom.app.secret, now + d)));
    let wrong = 123456;
    while (near.has(String(wrong).padStart(6, '0'))) wrong += 1;
    await input.fill(String(wrong));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText("That code didn't work").waitFor();
    expect(page.url()).toBe(`${base}/login/second-factor`);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await screenshot(page, 'login-wrong-code');

    await page.getByLabel('Authentication code').fill(await tom.app.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, base);
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  });

  it('a backup code signs in once (spaces and dashes allowed), and the count goes down', async () => {
    const bea = await enrolledUser('Bea');
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, bea.email, bea.password);
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByRole('button', { name: 'Use a backup code' }).click();
    const code = bea.backupCodes[0]!;
    await page.getByLabel('Backup code').fill(`${code.slice(0, 4)}-${code.slice(4)}`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, base);
    await goToSecurity(page);
    await page.getByRole('region', { name: 'Backup codes' }).getByText('9 of 10 left').waitFor();

    // The same code a second time is refused.
    await signOut(page, bea.name);
    await signIn(page, base, bea.email, bea.password);
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByRole('button', { name: 'Use a backup code' }).click();
    await page.getByLabel('Backup code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That backup code is not valid or was already used.').waitFor();
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  });

  it('trusting the device skips the prompt next time, until the user stops trusting it', async () => {
    const tim = await enrolledUser('Tim');
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, tim.email, tim.password);
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByLabel('Authentication code').fill(await tim.app.nextCode());
    await page.getByLabel(/Trust this device/).check();
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, base);

    await signOut(page, tim.name);
    await signIn(page, base, tim.email, tim.password);
    await waitForHome(page, base); // no second-factor step

    await goToSecurity(page);
    const devices = page.getByRole('region', { name: 'Trusted devices' });
    await devices.getByText('Chrome on Linux').waitFor();
    await screenshot(page, 'security-page-enrolled');
    await devices.getByRole('button', { name: 'Stop trusting Chrome on Linux' }).click();
    await devices.getByText('No trusted devices').waitFor();

    await signOut(page, tim.name);
    await signIn(page, base, tim.email, tim.password);
    await page.waitForURL(`${base}/login/second-factor`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('new backup codes need a fresh code in the "confirm it\'s you" dialog', async () => {
    const gus = await enrolledUser('Gus');
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, gus.email, gus.password);
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByLabel('Authentication code').fill(await gus.app.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, base);
    await goToSecurity(page);

    await page.getByRole('region', { name: 'Backup codes' }).getByRole('button', { name: 'Generate new codes' }).click();
    const confirm = page.getByRole('dialog', { name: "Confirm it's you" });
    await confirm.getByLabel('Code from your authenticator app').fill(await gus.app.nextCode());
    await screenshot(page, 'step-up-dialog', { fullPage: false });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    const codesDialog = page.getByRole('dialog', { name: 'Your backup codes' });
    await codesDialog.getByText('Save these backup codes now').waitFor();
    const fresh = (await codesDialog.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allTextContents()).map((c) => c.replace(/\s/g, ''));
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => gus.backupCodes.includes(c))).toEqual([]);
    await codesDialog.getByLabel('I have saved these codes somewhere safe').check();
    await codesDialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('region', { name: 'Backup codes' }).getByText('10 of 10 left').waitFor();
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  }, 100_000); // two TOTP codes: up to two 30-second steps

  it('a passkey registered with a virtual authenticator signs in', async () => {
    const { context, page, errors } = await openPage(browser);
    const cdp: CDPSession = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await signIn(page, base, PAT.email, PAT.password);
    await waitForHome(page, base);
    await goToSecurity(page);
    await page.getByRole('region', { name: 'Passkeys and security keys' }).getByRole('button', { name: 'Add a passkey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a passkey' });
    await dialog.getByLabel('Name').fill('Work laptop');
    await dialog.getByRole('button', { name: 'Create passkey' }).click();
    // The first factor comes with backup codes.
    const codesDialog = page.getByRole('dialog', { name: 'Your backup codes' });
    await codesDialog.getByLabel('I have saved these codes somewhere safe').check();
    await codesDialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('region', { name: 'Passkeys and security keys' }).getByText('Work laptop').waitFor();

    await signOut(page, PAT.name);
    await signIn(page, base, PAT.email, PAT.password);
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await waitForHome(page, base);
    // One credential was created, and the sign-in used it (its counter moved past the registration).
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.signCount).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the admin sees Pending / Active / in scope, adds a user, and revokes a user's 2FA", async () => {
    const [ana, rex] = [await enrolledUser('Ana'), await enrolledUser('Rex')];
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, ADMIN.email, ADMIN.password);
    await waitForHome(page, base);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Two-factor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
    const active = page.getByRole('table', { name: 'Active' });
    await active.getByRole('row').filter({ hasText: ana.email }).waitFor();
    await active.getByRole('row').filter({ hasText: rex.email }).waitFor();

    await page.getByRole('button', { name: 'Add users' }).click();
    const add = page.getByRole('dialog', { name: 'Add users to two-factor authentication' });
    await add.getByRole('checkbox', { name: NORA.name }).check();
    await add.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('table', { name: 'Pending' }).getByRole('row').filter({ hasText: NORA.email }).waitFor();
    await screenshot(page, 'admin-two-factor');

    await active.getByRole('button', { name: `Revoke two-factor authentication for ${rex.name}` }).click();
    const revoke = page.getByRole('dialog', { name: `Revoke two-factor authentication for ${rex.name}?` });
    await revoke.getByText('every second factor').waitFor();
    await revoke.getByText('every trusted device').waitFor();
    await screenshot(page, 'admin-revoke-dialog', { fullPage: false });
    await revoke.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText(`Two-factor authentication was revoked for ${rex.name}`).waitFor();
    await active.getByRole('row').filter({ hasText: rex.email }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();

    // Rex signs in with the password alone now.
    const rexBrowser = await openPage(browser);
    await signIn(rexBrowser.page, base, rex.email, rex.password);
    await waitForHome(rexBrowser.page, base);
    expect(rexBrowser.errors).toEqual([]);
    await rexBrowser.context.close();
  });

  it('settings: requiring 2FA for everyone sends a user without one through setup, then into the app', async () => {
    const UMA = { name: 'Uma Unenrolled', email: 'uma@acme.test', password: 'no second factor here yet' };
    await createUser(UMA);
    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, ADMIN.email, ADMIN.password);
    await waitForHome(page, base);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Two-factor settings' }).waitFor();
    await page.getByLabel('Require two-factor authentication at sign-in for everyone').check();
    await page.getByLabel('Trust a device for (days)').fill('14');
    await page.getByRole('button', { name: 'Save two-factor settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Two-factor settings were saved.' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot with the sticky top bar at the top
    await screenshot(page, 'settings');
    const saved = await api('GET', '/admin/settings');
    expect(saved.body.loginTwoFactor.scope.everyone).toBe(true);
    expect(saved.body.trustedDevices).toEqual({ enabled: true, days: 14 });
    expect(errors).toEqual([]);
    await context.close();

    const uma = await openPage(browser);
    await signIn(uma.page, base, UMA.email, UMA.password);
    await uma.page.waitForURL(`${base}/login/two-factor-setup`);
    await uma.page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    await screenshot(uma.page, 'enrollment-required');
    await uma.page.getByRole('button', { name: /Authenticator app/ }).click();
    const secret = (await uma.page.getByTestId('totp-secret').textContent()) ?? '';
    const newApp = createAuthenticator(secret, { clock: server.clock });
    await uma.page.getByLabel('6-digit code').fill(await newApp.nextCode());
    await uma.page.getByRole('button', { name: 'Verify and turn on' }).click();
    await uma.page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    await uma.page.getByLabel('I have saved these codes somewhere safe').check();
    await uma.page.getByRole('button', { name: 'Continue to Signoff' }).click();
    await waitForHome(uma.page, base);
    expect(uma.errors).toEqual([]);
    await uma.context.close();
  });

  it('in admin-controlled mode a user nobody added sees who manages 2FA at once, and can notify their administrator', async () => {
    const patched = await api('PATCH', '/admin/settings', { enrollmentMode: 'admin_controlled', loginTwoFactor: { scope: {} } });
    expect(patched.status).toBe(200);
    // A user of their own, whom nobody added to 2FA (the admin test adds Nora).
    const NELL = { name: 'Nell Notadded', email: 'nell@acme.test', password: 'nobody added me either' };
    await createUser(NELL);

    const { context, page, errors } = await openPage(browser);
    await signIn(page, base, NELL.email, NELL.password);
    await waitForHome(page, base);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    // The session says this user cannot set up (enforcement.canEnroll): no setup buttons that would only be refused.
    await page.getByRole('heading', { name: 'Your administrator manages two-factor authentication' }).waitFor();
    expect(await page.getByRole('region', { name: 'Authenticator app' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Notify my administrator' }).waitFor();
    await screenshot(page, 'not-enabled-for-account');
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  });
});
