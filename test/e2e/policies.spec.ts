import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../support/authenticator.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, enrollTotpViaApi, setUpViaApi, signIn, signInHome, startSignoffWithUi, waitForHome, type Api, type UiServer } from './journey.ts';

// Two-factor policies in the browser, in one organisation: soft enforcement prompts on every
// page load, hard enforcement sends every page to enrollment (and the API refuses the rest), the
// admin edits the whole policy, the financial-integration lock, the coverage view, and why one
// user must use 2FA. Each test first sets the policy it starts from through the API (the one the
// test before it leaves), so any test runs alone.
describe.skipIf(!HAS_CHROMIUM)('two-factor policies', () => {
  let server: UiServer;
  let browser: Browser;
  let api: Api;
  let financeId: string;
  const SAM = { name: 'Sam Client', email: 'sam@client.test', password: 'reminders arrive softly each week', userType: 'client', roles: ['reviewer'] };
  const HILDA = { name: 'Hilda Hardline', email: 'hilda@acme.test', password: 'administrators need factors', userType: 'staff', roles: ['admin'] };
  const HANK = {
    name: 'Hank Contractor',
    email: 'hank@contract.test',
    password: 'outside helpers are held at setup',
    userType: 'contractor',
    roles: ['reviewer'],
  };
  const FIONA = { name: 'Fiona Finance', email: 'fiona@acme.test', password: 'the money team signs off', userType: 'staff', roles: ['reviewer'] };
  const ids: Record<string, string> = {};
  let hildaApp: ReturnType<typeof createAuthenticator> | undefined;
  const PROMPT = 'Your organisation asks you to turn on two-factor authentication';

  /** Chromium reports every refused fetch; the refusals a test provokes on purpose are fine. */
  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !statuses.some((s) => e.startsWith(`Failed to load resource: the server responded with a status of ${s}`)));

  const patchSettings = async (patch: unknown) => {
    const r = await api('PATCH', '/admin/settings', patch);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  /** Hilda's authenticator app: the one she set up at hard enforcement, or one set up through the API. */
  const hildaEnrolled = async () => {
    if (hildaApp) return hildaApp;
    const { app } = await enrollTotpViaApi(server, HILDA);
    hildaApp = app;
    return app;
  };

  /** The policy the editor test saves, with Hilda enrolled: where the tests after it start. */
  const editorSavedPolicy = async () => {
    await hildaEnrolled();
    await patchSettings({
      enrollmentMode: 'admin_controlled',
      loginTwoFactor: { scope: { userTypes: ['contractor'], groups: [financeId] } },
      enforcement: { mode: 'soft', scope: { users: [ids[HILDA.email], ids[FIONA.email]] } },
      stepUpMethods: ['backup_code', 'totp', 'webauthn'],
      trustedDevices: { enabled: true, days: 14 },
      recovery: 'admin',
    });
  };

  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  /** What the page's own cookie session gets from the API (same origin, so the browser's cookie). */
  const fetchInPage = (page: Page, path: string) =>
    page.evaluate(async (p) => {
      const r = await fetch(p, { headers: { accept: 'application/json' } });
      return { status: r.status, body: await r.json() };
    }, `/api/v1${path}`);

  beforeAll(async () => {
    server = await startSignoffWithUi();
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const group = await api('POST', '/admin/groups', { name: 'Finance' });
    expect(group.status).toBe(201);
    financeId = group.body.id;
    for (const u of [SAM, HILDA, HANK, FIONA]) {
      const r = await api('POST', '/admin/users', { ...u, groups: u === FIONA ? [financeId] : [] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[u.email] = r.body.id;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('soft enforcement prompts on every page load; "Skip for now" hides it until the next load', async () => {
    await patchSettings({ enforcement: { mode: 'soft', scope: { userTypes: ['client'] } } });
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, SAM.email, SAM.password);
    const prompt = page.getByRole('region', { name: PROMPT });
    await prompt.waitFor();
    await prompt.getByRole('link', { name: 'Set up now' }).waitFor();
    await screenshot(page, 'soft-enforcement-prompt');

    await prompt.getByRole('button', { name: 'Skip for now' }).click();
    await prompt.waitFor({ state: 'detached' });
    // Moving around inside the app is the same page load: the prompt stays skipped.
    await nav(page, 'Security');
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await nav(page, 'Home');
    await waitForHome(page, server.url);
    expect(await prompt.count()).toBe(0);

    // The skip was kept in memory only: the next page load asks again.
    await page.reload();
    await waitForHome(page, server.url);
    await prompt.waitFor();
    await prompt.getByRole('link', { name: 'Set up now' }).click();
    await page.waitForURL(`${server.url}/security`);
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await prompt.waitFor(); // still asking, without a link to the page it is on
    expect(await prompt.getByRole('link', { name: 'Set up now' }).count()).toBe(0);

    const session = await fetchInPage(page, '/auth/session');
    expect(session.body.enforcement).toEqual({ mode: 'soft', required: true, enrolled: false, canEnroll: true });
    expect(errors).toEqual([]);
    await context.close();

    // Someone out of scope (the admin is staff) is not asked.
    const admin = await openPage(browser);
    await signInHome(admin.page, server.url, ADMIN.email, ADMIN.password);
    expect(await admin.page.getByRole('region', { name: PROMPT }).count()).toBe(0);
    await admin.context.close();
  });

  it('hard enforcement sends every page to enrollment, the API refuses other routes, and enrolling lets the user through', async () => {
    const { context, page, errors } = await openPage(browser);
    // Hilda signs in before the policy exists, so her session is active.
    await signInHome(page, server.url, HILDA.email, HILDA.password);
    // The home page's own reads (the first-run checklist) finish first: one still in flight when
    // the policy lands would be refused and move her to enrollment before the click below.
    await page.waitForLoadState('networkidle');
    await patchSettings({ enforcement: { mode: 'hard', scope: { users: [ids[HILDA.email], ids[HANK.email]] } } });

    // A page that calls the API in the same page load: the 403 takes her to enrollment.
    await nav(page, 'Users');
    await page.waitForURL(`${server.url}/login/two-factor-setup?next=%2Fadmin%2Fusers`);
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();

    // Every page load goes there too, keeping where she wanted to go.
    for (const path of ['/', '/security', '/admin/two-factor', '/admin/settings']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForURL(path === '/' ? `${server.url}/login/two-factor-setup` : `${server.url}/login/two-factor-setup?next=${encodeURIComponent(path)}`);
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    }
    await screenshot(page, 'hard-enforcement-redirect');

    // The API: session and own factors answer, everything else is refused.
    const session = await fetchInPage(page, '/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.enforcement).toEqual({ mode: 'hard', required: true, enrolled: false, canEnroll: true });
    expect((await fetchInPage(page, '/me/factors')).status).toBe(200);
    for (const path of ['/admin/users', '/admin/settings', '/admin/two-factor/enrollments']) {
      const refused = await fetchInPage(page, path);
      expect(refused.status, path).toBe(403);
      expect(refused.body.code, path).toBe('two_factor_enrollment_required');
    }

    // Setting up a factor is the way through, to the page she asked for.
    await page.getByRole('button', { name: /Authenticator app/ }).click();
    hildaApp = createAuthenticator((await page.getByTestId('totp-secret').textContent()) ?? '', { clock: server.clock });
    await page.getByLabel('6-digit code').fill(await hildaApp.nextCode());
    await page.getByRole('button', { name: 'Verify and turn on' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    await page.getByLabel('I have saved these codes somewhere safe').check();
    await page.getByRole('button', { name: 'Continue to Signoff' }).click();
    await page.waitForURL(`${server.url}/admin/settings`);
    await page.getByRole('heading', { level: 2, name: 'Two-factor settings' }).waitFor();
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();

    // Hank signs in after the policy: held from his first request.
    const hank = await openPage(browser);
    await signIn(hank.page, server.url, HANK.email, HANK.password);
    await hank.page.waitForURL(`${server.url}/login/two-factor-setup`);
    await hank.page.goto(`${server.url}/security`);
    await hank.page.waitForURL(`${server.url}/login/two-factor-setup?next=%2Fsecurity`);
    await hank.page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    const refused = await fetchInPage(hank.page, '/admin/settings');
    expect(refused).toMatchObject({ status: 403, body: { code: 'two_factor_enrollment_required' } });
    expect(unexpected(hank.errors, 403)).toEqual([]);
    await hank.context.close();
  }, 100_000);

  it('the policy editor saves every part, and shows what was saved after a reload', async () => {
    // The hard enforcement of Hilda and Hank the test before sets.
    await patchSettings({ enforcement: { mode: 'hard', scope: { users: [ids[HILDA.email], ids[HANK.email]] } } });
    const before = (await api('GET', '/admin/settings')).body;
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await nav(page, 'Settings');
    await page.getByRole('heading', { level: 2, name: 'Two-factor settings' }).waitFor();
    const signInScope = page.getByRole('group', { name: 'Sign-in: who is covered' });
    const enforcementScope = page.getByRole('group', { name: 'Enforcement: who is covered' });

    await page.getByRole('radio', { name: 'Administrators only' }).check();
    await signInScope.getByRole('checkbox', { name: 'Contractor' }).check();
    await signInScope.getByRole('checkbox', { name: 'Finance' }).check();
    await signInScope.getByText('Covers: Contractor users, Finance group').waitFor();

    await page.getByRole('radio', { name: 'Soft: remind' }).check();
    // Hard → soft keeps the named users chosen before; Hank is taken out, Fiona added.
    await enforcementScope.getByRole('button', { name: `Remove ${HANK.name}` }).click();
    await enforcementScope.getByPlaceholder('Find a user by name or email').fill('fiona');
    await enforcementScope.getByRole('button', { name: `Add ${FIONA.name}` }).click();
    await enforcementScope.getByText(FIONA.email).waitFor();

    await page.getByRole('checkbox', { name: 'Email code' }).uncheck();
    await page.getByText('NIST SP 800-63B does not accept email as an out-of-band authenticator').waitFor();
    await page.getByLabel('Trust a device for (days)').fill('14');
    await page.getByRole('radio', { name: 'Only an administrator can reset it' }).check();
    await page.getByRole('status').filter({ hasText: 'You have unsaved changes.' }).waitFor();
    await page.getByRole('button', { name: 'Save two-factor settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Two-factor settings were saved.' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'settings-policy-editor');

    const saved = (await api('GET', '/admin/settings')).body;
    expect(saved.enrollmentMode).toBe('admin_controlled');
    expect(saved.loginTwoFactor).toEqual({ scope: { userTypes: ['contractor'], groups: [financeId] } });
    expect(saved.enforcement).toEqual({ mode: 'soft', scope: { users: [ids[HILDA.email], ids[FIONA.email]] } });
    expect([...saved.stepUpMethods].sort()).toEqual(['backup_code', 'totp', 'webauthn']);
    expect(saved.trustedDevices).toEqual({ enabled: true, days: 14 });
    expect(saved.recovery).toBe('admin');
    // Parts the editor does not own are left alone.
    expect(saved.sso).toEqual(before.sso);
    expect(saved.financialIntegration).toEqual(before.financialIntegration);

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Two-factor settings' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Administrators only' }).isChecked()).toBe(true);
    expect(await signInScope.getByRole('checkbox', { name: 'Contractor' }).isChecked()).toBe(true);
    expect(await signInScope.getByRole('checkbox', { name: 'Finance' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Soft: remind' }).isChecked()).toBe(true);
    await enforcementScope.getByText(FIONA.email).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Email code' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Trust a device for (days)').inputValue()).toBe('14');
    expect(await page.getByRole('radio', { name: 'Only an administrator can reset it' }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin who has a second factor confirms a settings change with it', async () => {
    await editorSavedPolicy();
    const app = await hildaEnrolled();
    const { context, page, errors } = await openPage(browser);
    await signIn(page, server.url, HILDA.email, HILDA.password);
    await page.waitForURL(`${server.url}/login/second-factor`);
    await page.getByLabel('Authentication code').fill(await app.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForHome(page, server.url);
    await nav(page, 'Settings');
    await page.getByRole('radio', { name: 'They can reset it by email' }).check();
    await page.getByRole('button', { name: 'Save two-factor settings' }).click();
    const confirm = page.getByRole('dialog', { name: "Confirm it's you" });
    await confirm.getByText('security settings').waitFor();
    await confirm.getByLabel('Code from your authenticator app').fill(await app.nextCode());
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Two-factor settings were saved.' }).waitFor();
    expect((await api('GET', '/admin/settings')).body.recovery).toBe('email');
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  }, 100_000); // two TOTP codes: up to two 30-second steps

  it('a connected financial integration locks enforcement on: "Off" is disabled and the API refuses it', async () => {
    await editorSavedPolicy();
    await patchSettings({ financialIntegration: { connected: true } });
    const off = await api('PATCH', '/admin/settings', { enforcement: { mode: 'off', scope: {} } });
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('two_factor_enforcement_locked');

    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    // Locked enforcement covers everyone, the admin included: soft, so a skippable prompt.
    await page.getByRole('region', { name: PROMPT }).getByRole('button', { name: 'Skip for now' }).click();
    await nav(page, 'Settings');
    await page.getByText('Enforcement is mandatory while a financial integration is connected').waitFor();
    expect(await page.getByRole('radio', { name: 'Off' }).isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Soft: remind' }).isDisabled()).toBe(false);
    await page.getByRole('group', { name: 'Enforcement: who is covered' }).getByText('Covers: Everyone (required by the financial integration)').waitFor();
    await page.getByRole('heading', { name: 'Enrollment enforcement' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-enforcement-locked', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
    await patchSettings({ financialIntegration: { connected: false } });
  });

  it('the two-factor page shows coverage: the numbers and the charts', async () => {
    await editorSavedPolicy();
    expect((await api('POST', '/admin/two-factor/enrollments', { userIds: [ids[FIONA.email]] })).status).toBe(201);
    const real = await api('GET', '/admin/two-factor/coverage');
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);

    expect(real.status).toBe(200);
    const coverage = real.body;
    // Admin-controlled enrollment (set by the policy editor above): the policy added everyone in scope (issue 12 item 1).
    expect(coverage).toMatchObject({ inScope: 3, enrolled: 1, pending: 2, notEnrolled: 0, mode: 'soft', locked: false });
    await nav(page, 'Two-factor');
    const section = page.getByRole('region', { name: /^Coverage/ });
    const donut = section.getByRole('img', { name: /^In scope of a policy:/ });
    await donut.waitFor();
    expect(await donut.getAttribute('aria-label')).toBe(
      `In scope of a policy: ${coverage.inScope}; of them ${coverage.enrolled} enrolled, ${coverage.pending} pending, ${coverage.notEnrolled} not enrolled`,
    );
    const segments = await donut.locator('[data-segment]').evaluateAll((els) => els.map((e) => e.getAttribute('data-segment')));
    expect(segments).toEqual(['enrolled', 'pending', 'not-enrolled'].filter((_, i) => [coverage.enrolled, coverage.pending, coverage.notEnrolled][i] > 0));
    for (const row of coverage.byUserType) {
      await section
        .getByText(row.inScope > 0 ? `${row.enrolled} of ${row.inScope} enrolled` : 'Nobody in scope')
        .first()
        .waitFor();
    }
    await section.getByText(`${coverage.remindersSent.total} in total`).waitFor();
    await screenshot(page, 'coverage-view');

    // A server without the endpoint gets a kind note, not an error, and the lists still show.
    await page.route('**/api/v1/admin/two-factor/coverage', (route) =>
      route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ status: 404, code: 'not_found', title: 'Not found' }) }),
    );
    await page.reload();
    await page.getByText('Coverage figures are not available yet').waitFor();
    await page.getByRole('table', { name: 'Pending' }).getByRole('row').filter({ hasText: FIONA.email }).waitFor();
    expect(unexpected(errors, 404)).toEqual([]);
    await context.close();
  });

  it('the user edit view explains why 2FA is required for that user', async () => {
    await editorSavedPolicy();
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);
    await nav(page, 'Users');
    await page.getByRole('button', { name: `Edit ${FIONA.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${FIONA.name}` });
    const why = dialog.getByRole('region', { name: 'Why 2FA is required for this user' });
    await why.waitFor();
    await why.getByText('Group: Finance').waitFor(); // sign-in scope, by the group's name
    await why.getByText('Named user').waitFor(); // enforcement scope
    await why.getByText(/Soft enforcement applies/).waitFor();
    await why.getByText('Not enrolled').waitFor();
    await why.scrollIntoViewIfNeeded();
    await screenshot(page, 'user-two-factor-explanation', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: `Edit ${HANK.name}` }).click();
    await page
      .getByRole('dialog', { name: `Edit ${HANK.name}` })
      .getByText('User type: contractor')
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
