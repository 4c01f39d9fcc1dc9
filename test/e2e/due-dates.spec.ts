import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { ADMIN, createUser, login, setUp } from '../support/fixtures.ts';
import { startInProcess, type TestServer } from '../support/start-signoff.ts';
import { assertUiBuilt, signInHome } from './journey.ts';

// Due dates in the browser (issue 13 item 3): a reviewer's overdue task shows an "Overdue" badge
// (a word and an icon, not a colour alone) and comes first in the task list, ahead of newer
// tasks; a task due later says "Due in …" with its local time and zone; the item page shows the
// same; the workflow builder shows a step's due date, overdue action and escalation reviewers.
// The server runs in this process on a manual clock kept at the real time, so the browser's
// "in 3 days" and the server's overdue mark agree; the overdue item was submitted "two hours
// ago" by setting the clock back, and the due-date pass is run directly.
describe.skipIf(!HAS_CHROMIUM)('due dates', () => {
  let s: TestServer;
  let browser: Browser;
  const RITA = { email: 'rita@acme.test', name: 'Rita Reviewer', password: 'decisions need a second look' };
  let overdueId = '';
  let workflowId = '';
  const HOUR = 3_600_000;

  beforeAll(async () => {
    assertUiBuilt();
    s = await startInProcess('sqlite', { clock: 'manual' });
    browser = await launchBrowser();
    s.clock!.set(Date.now() - 2 * HOUR);
    let admin = (await setUp(s.client)).token;
    const rita = await createUser(s.client, admin, { ...RITA, roles: ['reviewer'] });
    const erin = await createUser(s.client, admin, { email: 'erin@acme.test', name: 'Erin Escalation', roles: ['reviewer'] });
    const sam = await createUser(s.client, admin, {
      email: 'sam@acme.test',
      name: 'Sam Submitter',
      roles: ['owner'],
      password: 'paperwork goes through workflows',
    });
    const workflow = async (name: string, step: Record<string, unknown>) => {
      const r = await s.client.post('/api/v1/workflows', { name, steps: [{ name: 'QA review', reviewers: [{ user: rita.id }], ...step }] }, admin);
      expect(r.status, r.text).toBe(201);
      return r.body.id as string;
    };
    const submit = async (wf: string, title: string) => {
      const token = await login(s.client, 'sam@acme.test', 'paperwork goes through workflows');
      const r = await s.client.post('/api/v1/items', { workflowId: wf, title, content: `${title}: batch record` }, token);
      expect(r.status, r.text).toBe(201);
      return r.body.id as string;
    };
    // Threshold "any": Rita keeps her task beside Erin's after the escalation (under "all" Erin would stand in for her).
    workflowId = await workflow('Batch release', { threshold: { type: 'any' }, dueInHours: 1, onOverdue: 'escalate', escalateTo: [{ user: erin.id }] });
    overdueId = await submit(workflowId, 'Batch 0412 release');
    // Back to the real time: the first item is now an hour past due; newer tasks are assigned now.
    s.clock!.set(Date.now());
    admin = await login(s.client, ADMIN.email, ADMIN.password);
    await submit(await workflow('Label artwork', { dueInHours: 72 }), 'Label artwork v3');
    s.clock!.advance(1000);
    await submit(await workflow('Supplier letter', {}), 'Supplier letter');
    await s.signoff.services.workflows.dueDates.runOnce();
    expect(sam.id).toBeTruthy();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  for (const [width, height] of [
    [1366, 900],
    [390, 844],
  ] as const) {
    it(`shows the overdue task first with an Overdue badge, and the due time of the others, at ${width} px`, async () => {
      s.clock!.set(Date.now());
      const { page, errors } = await openPage(browser, { viewport: { width, height } });
      await signInHome(page, s.url, RITA.email, RITA.password);
      await page.goto(`${s.url}/tasks`);
      const rows = page.getByRole('row');
      await rows.nth(1).getByRole('link', { name: 'Batch 0412 release' }).waitFor();
      expect(await rows.nth(1).textContent()).toContain('Overdue');
      expect(await rows.nth(1).textContent()).toMatch(/was due (an hour|1 hour|\d+ minutes) ago/);
      expect(await rows.nth(2).textContent()).toContain('Supplier letter');
      expect(await rows.nth(2).textContent()).toContain('No due date');
      expect(await rows.nth(3).textContent()).toMatch(/Due in (3 days|72 hours)/);
      expect(await rows.nth(3).textContent()).toContain('UTC');
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, `due-dates-tasks-${width}`);

      await rows.nth(1).getByRole('link', { name: 'Batch 0412 release' }).click();
      await page.waitForURL(`${s.url}/items/${overdueId}`);
      const due = page.getByTestId('due-state').first();
      await due.waitFor();
      expect(await due.textContent()).toContain('Overdue');
      await page.getByText('is overdue: it passed its due time').first().waitFor();
      // The workflow picture marks the open step overdue too (a word and an icon), with when it was due.
      const current = page.getByTestId('workflow-diagram').locator('li[aria-current="step"]');
      expect(await current.textContent()).toMatch(/Overdue\s*was due (an hour|1 hour|\d+ minutes) ago/);
      expect(await current.getAttribute('class')).toContain('flow-step-overdue');
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, `due-dates-item-${width}`);
      await current.scrollIntoViewIfNeeded();
      await screenshot(page, `due-dates-item-diagram-${width}`, { fullPage: false });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('the workflow builder shows the due date, the overdue action and whom it escalates to', async () => {
    s.clock!.set(Date.now());
    for (const [width, height] of [
      [1366, 900],
      [390, 844],
    ] as const) {
      const { page, errors } = await openPage(browser, { viewport: { width, height } });
      await signInHome(page, s.url, ADMIN.email, ADMIN.password);
      await page.goto(`${s.url}/workflows/${workflowId}`);
      await page.getByLabel('Due within (hours)').waitFor();
      expect(await page.getByLabel('Due within (hours)').inputValue()).toBe('1');
      expect(await page.getByRole('radio', { name: 'Escalate' }).isChecked()).toBe(true);
      await page.getByRole('group', { name: 'Escalate to' }).getByText('Erin Escalation').first().waitFor();
      await page.getByRole('group', { name: 'Escalate to' }).scrollIntoViewIfNeeded();
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, `due-dates-builder-${width}`, { fullPage: false });
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
