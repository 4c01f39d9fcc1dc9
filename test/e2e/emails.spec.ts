// Every email template as a mail client would show it (issue 12 item 7): each template's HTML,
// rendered with sample variables and the organisation's branding, is loaded into Chromium at a
// desktop (1366 px) and a phone (390 px) width and screenshotted (test-results/screenshots/
// email-*.png). At 390 px nothing may scroll sideways; the code or the button must be on
// screen; a one-time code copies as its digits alone; what the reader sees is what the
// plain-text part says; and a name carrying `<script>` is shown, never run.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_TEMPLATES, type MailMessage } from '../../src/mail/mail-message.ts';
import { LINK_FALLBACK } from '../../src/mail/templates/layout.ts';
import { renderMail } from '../../src/mail/templates/render-mail.ts';
import { HAS_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser.ts';

const SITE = { siteName: 'Acme Signoff', baseUrl: 'https://signoff.acme.test' };
const BRAND = { organization: 'Acme Pharma' };
const TO = 'grace.hopper@acme.test';
const AT = '2026-12-05T09:44:00.000Z';
const CHROME = 'Chrome on macOS';
const LONG_TITLE = 'Quarterly-supplier-agreement-2026-Q4-final-revised-v7-signed-by-legal.pdf';
const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Mallory';

/** Sample variables for each template, named for the screenshot files; one sample per variant worth seeing. */
const mail = <T extends MailMessage['template']>(template: T, vars: Extract<MailMessage, { template: T }>['vars']) =>
  ({ orgId: null, to: TO, template, vars }) as MailMessage;
const link = (path: string) => `${SITE.baseUrl}${path}`;

/** Sample variables for each template, named for the screenshot files; one sample per variant worth seeing. */
const SAMPLES: { name: string; message: MailMessage }[] = [
  { name: 'password-reset', message: mail('password-reset', { name: 'Grace Hopper', link: link('/reset-password#token=Zm9vYmFy'), expiresMinutes: 30 }) },
  {
    name: 'account-invite',
    message: mail('account-invite', {
      name: 'Grace Hopper',
      organization: 'Acme Pharma',
      link: link('/reset-password#token=Zm9vYmFy&invite=1'),
      expiresMinutes: 7 * 1440,
      invitedBy: 'Ada Lovelace',
    }),
  },
  {
    name: 'security-notice-trusted-device',
    message: mail('security-notice', {
      name: 'Grace Hopper',
      event: 'A device was trusted',
      detail: `${CHROME} will skip the sign-in code for 30 days. If this was not you, revoke it on your Security page and change your password.`,
      device: CHROME,
      at: AT,
      ip: '203.0.113.7',
    }),
  },
  {
    name: 'security-notice',
    message: mail('security-notice', {
      name: 'Grace Hopper',
      event: 'New backup codes were generated',
      detail: 'Your earlier backup codes no longer work. If this was not you, contact your administrator now.',
    }),
  },
  { name: 'email-code', message: mail('email-code', { name: 'Grace Hopper', code: '042917', purpose: 'sign in to Acme Signoff', expiresMinutes: 10 }) },
  {
    name: 'email-code-guest',
    message: mail('email-code', {
      name: 'Pat Partner',
      code: '04291735',
      purpose: `review "${LONG_TITLE}"`,
      expiresMinutes: 10,
      guest: true,
    }),
  },
  { name: 'enrollment-reminder', message: mail('enrollment-reminder', { name: 'Grace Hopper', mode: 'hard', link: link('/security') }) },
  {
    name: 'review-request',
    message: mail('review-request', {
      name: 'Grace Hopper',
      title: LONG_TITLE,
      stepName: 'Legal review',
      submittedBy: 'Ada Lovelace',
      protectedStep: true,
      link: link('/items/itm_01J9Z'),
    }),
  },
  {
    name: 'item-outcome',
    message: mail('item-outcome', {
      name: 'Grace Hopper',
      title: 'Supplier agreement 2026',
      outcome: 'approved',
      stepName: 'Finance sign-off',
      link: link('/items/itm_01J9Z'),
    }),
  },
  {
    name: 'guest-invite',
    message: mail('guest-invite', {
      name: 'Pat Partner',
      invitedBy: 'Ada Lovelace',
      organization: 'Acme Pharma',
      title: 'Supplier agreement 2026',
      stepName: 'Partner review',
      link: link('/guest/invites#token=Zm9vYmFyYmF6cXV4'),
      expiresMinutes: 14 * 1440,
    }),
  },
  {
    name: 'two-factor-recovery',
    message: mail('two-factor-recovery', {
      name: 'Grace Hopper',
      link: link('/recover-2fa#token=c2VjcmV0LXJlY292ZXJ5LXRva2VuLWZvci10ZXN0'),
      expiresMinutes: 24 * 60,
      device: CHROME,
      at: AT,
      ip: '203.0.113.7',
    }),
  },
  {
    name: 'audit-checkpoint',
    message: mail('audit-checkpoint', {
      organization: 'Acme Pharma',
      seq: 1200,
      headHash: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78',
      at: AT,
      kid: 'Wc0T4p2y9fI3uQ5JvV8s1aKxL7mNbR6eHgDzYtPqO0k',
      filename: 'signoff-checkpoint-1200.json',
    }),
  },
  {
    name: 'comment-mention',
    message: mail('comment-mention', {
      name: 'Grace Hopper',
      author: 'Ada Lovelace',
      title: 'Supplier agreement 2026',
      revision: 2,
      link: link('/items/itm_01J9Z'),
    }),
  },
  {
    name: 'delegation-notice',
    message: mail('delegation-notice', {
      kind: 'task',
      name: 'Grace Hopper',
      delegator: 'Ada Lovelace',
      title: LONG_TITLE,
      stepName: 'Legal review',
      link: link('/items/itm_01J9Z'),
    }),
  },
  {
    name: 'review-reminder',
    message: mail('review-reminder', {
      name: 'Grace Hopper',
      title: LONG_TITLE,
      stepName: 'Legal review',
      dueAt: AT,
      minutesLeft: 1440,
      link: link('/items/itm_01J9Z'),
    }),
  },
  {
    name: 'step-overdue',
    message: mail('step-overdue', {
      name: 'Grace Hopper',
      title: LONG_TITLE,
      stepName: 'Legal review',
      dueAt: AT,
      action: 'escalate',
      link: link('/items/itm_01J9Z'),
    }),
  },
];

const VIEWPORTS = [
  { label: '1366', width: 1366, height: 900 },
  { label: '390', width: 390, height: 844 },
] as const;

describe.skipIf(!HAS_CHROMIUM)('emails in a browser', () => {
  let browser: Browser;
  /** One page per width, reused for every mail (a new browser context per mail costs seconds on a busy machine). */
  const pages = new Map<number, { page: Page; errors: string[] }>();
  beforeAll(async () => {
    browser = await launchBrowser();
    for (const viewport of VIEWPORTS) {
      const { page, errors } = await openPage(browser, { viewport });
      pages.set(viewport.width, { page, errors });
    }
  });
  afterAll(async () => {
    for (const { errors } of pages.values()) expect(errors).toEqual([]);
    await browser?.close();
  });

  async function show(html: string, width: 1366 | 390): Promise<Page> {
    const { page } = pages.get(width)!;
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => {
      window.getSelection()?.removeAllRanges();
      window.scrollTo(0, 0);
    });
    return page;
  }

  it('has a sample for every template', () => {
    expect(new Set(SAMPLES.map((s) => s.message.template))).toEqual(new Set(Object.keys(MAIL_TEMPLATES)));
  });

  it.each(SAMPLES)('renders $name at 1366 and 390 px: branded, nothing sideways, its code or button on screen', async ({ name, message }) => {
    const rendered = renderMail(message, SITE, BRAND);
    for (const viewport of VIEWPORTS) {
      const page = await show(rendered.html, viewport.width);
      await screenshot(page, `email-${name}-${viewport.label}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${viewport.label}: scrolls sideways`).toBeLessThanOrEqual(viewport.width);
      expect((await page.locator('.mail-header').innerText()).split(/\n+/)).toEqual(['Acme Pharma', 'Acme Signoff']);
      const target = page.locator('.mail-code, .mail-action');
      if (message.template !== 'security-notice' && message.template !== 'audit-checkpoint') {
        expect(await target.count(), 'a code or a button').toBe(1);
        expect(await target.isVisible()).toBe(true);
        const box = (await target.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${viewport.label}: the code or button is cut off`).toBeLessThanOrEqual(viewport.width);
      }
    }
  });

  it.each(SAMPLES)('shows for $name the same lines in the browser as its plain-text part', async ({ message }) => {
    const rendered = renderMail(message, SITE, BRAND);
    const page = await show(rendered.html, 1366);
    const seen = (await page.locator('body').innerText())
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && l !== LINK_FALLBACK);
    const text = rendered.text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && l !== '--');
    // The text part has no button: the action's label ends with a colon, the address follows.
    expect(text.map((l) => l.replace(/:$/, ''))).toEqual(seen.map((l) => l.replace(/:$/, '')));
  });

  const codeMails = SAMPLES.filter((s) => s.message.template === 'email-code');
  it.each(codeMails)('shows the code of $name large and monospaced; it copies as its digits only, selected with one click', async ({ message }) => {
    const code = (message.vars as { code: string }).code;
    const page = await show(renderMail(message, SITE, BRAND).html, 390);
    const el = page.locator('.mail-code');
    const style = await el.evaluate((node) => {
      const s = getComputedStyle(node);
      return { font: s.fontFamily, size: parseFloat(s.fontSize), spacing: parseFloat(s.letterSpacing) };
    });
    expect(style.font).toMatch(/monospace/);
    expect(style.size).toBeGreaterThanOrEqual(28);
    expect(style.spacing).toBeGreaterThan(0);
    await el.click();
    expect(await page.evaluate(() => window.getSelection()!.toString())).toBe(code);
    await page.evaluate(() => window.getSelection()?.removeAllRanges());
    await el.selectText();
    expect(await page.evaluate(() => window.getSelection()!.toString())).toBe(code);
  });

  it('shows a name carrying <script> and an onerror image as text, and runs neither', async () => {
    const message: MailMessage = {
      orgId: null,
      to: TO,
      template: 'account-invite',
      vars: { name: HOSTILE, organization: HOSTILE, link: `${SITE.baseUrl}/reset-password#token=x`, expiresMinutes: 60, invitedBy: HOSTILE },
    };
    const page = await show(renderMail(message, SITE, { organization: HOSTILE }).html, 390);
    await screenshot(page, 'email-hostile-name-390');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);
    expect(await page.locator('h1').innerText()).toBe(`Hello ${HOSTILE},`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('links only to absolute addresses of this installation', async () => {
    for (const { message } of SAMPLES) {
      const page = await show(renderMail(message, SITE, BRAND).html, 1366);
      for (const href of await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        expect(href!.startsWith(`${SITE.baseUrl}/`), `${message.template}: ${href}`).toBe(true);
      }
    }
  });
});
