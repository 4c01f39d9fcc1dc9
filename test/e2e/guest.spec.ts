import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import type { startSignoff } from '../support/start-signoff.ts';
import { ADMIN, setUpViaApi, signInHome, startSignoffWithUi, type Api } from './journey.ts';

// A guest reviewer in the browser (PRODUCT §6): the invite link alone shows nothing of the
// item; "Send me a code" emails a code to the invited address; a wrong code keeps the code
// screen; the right one shows the item, the guest writes in the conversation (plain text) and
// approves. The owner sees the invite's state and the guest's comment, and revokes another
// invite, whose link then says so.
describe.skipIf(!HAS_CHROMIUM)('guest reviewers', () => {
  let server: Awaited<ReturnType<typeof startSignoff>>;
  let browser: Browser;
  let api: Api;
  const GINA = { name: 'Gina Guest', email: 'gina@client.test' };
  const TITLE = 'Artwork, spring campaign poster';
  const GUEST_NOTE = 'Can the logo move 5 mm up? <b>not bold</b>';
  let workflowId = '';

  const unexpected = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !statuses.some((s) => e.startsWith(`Failed to load resource: the server responded with a status of ${s}`)));

  /** The newest message to `to` whose text matches `pattern`, once the mail worker delivered it. */
  async function mailText(to: string, pattern: RegExp, after: Set<string>): Promise<{ id: string; match: RegExpExecArray }> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const r = await api('GET', '/dev/mailbox');
      for (const m of (r.body?.messages ?? []) as { id: string; to: string; text: string }[]) {
        const match = pattern.exec(m.text);
        if (m.to.includes(to) && !after.has(m.id) && match) return { id: m.id, match };
      }
      if (Date.now() > deadline) throw new Error(`no message to ${to} matching ${pattern}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const mailIds = async () => new Set(((await api('GET', '/dev/mailbox')).body?.messages ?? []).map((m: { id: string }) => m.id) as string[]);

  const submit = async (title: string) => {
    const before = await mailIds();
    const r = await api('POST', '/items', {
      workflowId,
      title,
      description: 'Final proof for print. Check the logo clear space.',
      content: 'Poster, A1, CMYK.\nHeadline: Spring is here.',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { match } = await mailText(GINA.email, /\/guest\/([A-Za-z0-9_-]{20,100})/, before);
    return { id: r.body.id as string, token: match[1]! };
  };

  /** A guest endpoint, called without any sign-in, as the guest's browser calls it. */
  const asGuest = async (token: string, path: string, body: Record<string, unknown>) => {
    const r = await fetch(`${server.url}/api/v1/guest/${token}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    expect(r.status, text).toBeLessThan(300);
    return (text ? JSON.parse(text) : {}) as Record<string, any>;
  };
  /** The guest confirms a code, comments and approves through the API (through the page is the first test). */
  const guestApproves = async (token: string) => {
    const before = await mailIds();
    const asked = await asGuest(token, '/code', {});
    const { match } = await mailText(GINA.email, /^\s*(\d{6,8})\s*$/m, before);
    const { guestSession } = await asGuest(token, '/verify', { guestSession: asked.guestSession, code: match[1]! });
    await asGuest(token, '/comments', { guestSession, text: GUEST_NOTE });
    await asGuest(token, '/decisions', { guestSession, decision: 'approve', comment: 'Logo clear space is fine. Approved for print.' });
  };

  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };

  beforeAll(async () => {
    // The spec reads invitation links and codes in the mailbox page: development mode shows them.
    server = await startSignoffWithUi({ SIGNOFF_DEV_MAILBOX: '1' });
    browser = await launchBrowser();
    api = await setUpViaApi(server.url);
    const w = await api('POST', '/workflows', {
      name: 'Client artwork approval',
      steps: [{ name: 'Client approval', reviewers: [{ guest: GINA }], threshold: { type: 'any' } }],
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    workflowId = w.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the link shows only the site and "Send me a code"; a wrong code stays on the code screen; the right one shows the item; the guest approves', async () => {
    const item = await submit(TITLE);
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/guest/${item.token}`);
    await page.getByRole('heading', { level: 1, name: "Confirm it's you" }).waitFor();
    await page.getByRole('button', { name: 'Send me a code' }).waitFor();
    expect(await page.getByText(TITLE).count()).toBe(0); // nothing of the item before the code
    expect(await page.getByText('Poster, A1').count()).toBe(0);
    await shot(page, 'guest-start');

    const before = await mailIds();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
    const { match } = await mailText(GINA.email, /^\s*(\d{6,8})\s*$/m, before);
    const code = match[1]!;
    await shot(page, 'guest-code');

    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('Code', { exact: true }).fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText("That code didn't work").waitFor();
    await page.getByRole('heading', { level: 1, name: 'Enter your code' }).waitFor();
    expect(await page.getByLabel('Code', { exact: true }).inputValue()).toBe('');
    await shot(page, 'guest-wrong-code');

    // Typing another code clears the message about the refused one, before any submit.
    await page.getByLabel('Code', { exact: true }).fill(code);
    expect(await page.getByText("That code didn't work").count()).toBe(0);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review and decide' }).waitFor();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByText('Headline: Spring is here.').waitFor();
    await page.getByText(`as ${GINA.name}`).waitFor();

    // The conversation: plain text, shown as text (never HTML).
    await page.getByText('No comments yet.').waitFor();
    await page.getByLabel('Your message').fill(GUEST_NOTE);
    await page.getByRole('button', { name: 'Post comment' }).click();
    const posted = page.getByRole('list', { name: 'Conversation so far' }).getByRole('listitem');
    await posted.filter({ hasText: '<b>not bold</b>' }).waitFor();
    expect(await posted.textContent()).toContain(`${GINA.name} (guest)`);
    expect(await page.locator('.comment-text b').count()).toBe(0);
    expect(await page.getByLabel('Your message').inputValue()).toBe('');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'guest-conversation-mobile');
    await page.setViewportSize({ width: 1366, height: 900 });
    await screenshot(page, 'guest-conversation', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByLabel('Comment').fill('Logo clear space is fine. Approved for print.');
    await shot(page, 'guest-review');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'guest-review-mobile');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await page.getByText('Your approval was recorded.').waitFor();
    // The conversation stays open after deciding (the invite is still valid): the earlier
    // comment is there, and a question after the decision has a place.
    await page.getByRole('list', { name: 'Conversation so far' }).getByText('<b>not bold</b>').waitFor();
    await page.getByLabel('Your message').fill('One more thing: print the proof on matte stock, please.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await posted.filter({ hasText: 'matte stock' }).waitFor();
    expect(await page.getByLabel('Your message').inputValue()).toBe('');
    await page.setViewportSize({ width: 1366, height: 900 });
    await shot(page, 'guest-done');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'guest-done-mobile');
    await page.setViewportSize({ width: 1280, height: 860 });

    // Opening the link again in the same browser: the decision is made, the conversation is still there.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    await posted.filter({ hasText: 'matte stock' }).waitFor();
    expect(await posted.count()).toBe(2);
    expect(unexpected(errors, 403)).toEqual([]);
    await context.close();
  });

  it('the owner sees the guest invite and the guest decision; a revoked invite link says so', async () => {
    const decided = await submit(TITLE);
    await guestApproves(decided.token);
    const other = await submit('Artwork, summer banner');
    const { context, page, errors } = await openPage(browser);
    await signInHome(page, server.url, ADMIN.email, ADMIN.password);

    await page.goto(`${server.url}/items/${decided.id}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const invites = page.getByRole('region', { name: 'Guest invites' });
    const row = invites.getByRole('row').filter({ hasText: GINA.email });
    await row.waitFor();
    expect(await row.textContent()).toContain('Decided');
    const entry = page.getByRole('list', { name: 'History' }).getByRole('listitem').filter({ hasText: 'approved at “Client approval”' });
    expect(await entry.textContent()).toContain(`(guest, ${GINA.email})`);
    const note = page.getByRole('list', { name: 'Comments on version 1' }).getByRole('listitem').filter({ hasText: '<b>not bold</b>' });
    expect(await note.textContent()).toContain(`${GINA.name} (guest)`);
    expect(await note.textContent()).toContain(GINA.email);
    await shot(page, 'item-guest-decided');

    await page.goto(`${server.url}/items/${other.id}`);
    await page.getByRole('heading', { level: 1, name: 'Artwork, summer banner' }).waitFor();
    const pending = page.getByRole('region', { name: 'Guest invites' }).getByRole('row').filter({ hasText: GINA.email });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Invited');
    await shot(page, 'item-guest-invites');
    await pending.getByRole('button', { name: `Revoke the invite to ${GINA.email}` }).click();
    await page.getByText(`The invite to ${GINA.email} was revoked`).waitFor();
    await expect.poll(async () => pending.textContent()).toContain('Revoked');
    expect(errors).toEqual([]);
    await context.close();

    const guest = await openPage(browser);
    await guest.page.goto(`${server.url}/guest/${other.token}`);
    await guest.page.getByRole('heading', { level: 1, name: 'This invitation was withdrawn' }).waitFor();
    await shot(guest.page, 'guest-revoked');
    expect(unexpected(guest.errors, 410)).toEqual([]);
    await guest.context.close();
  });
});
