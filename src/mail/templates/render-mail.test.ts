// Every template, with hostile variables: the HTML part shows them and never interprets them,
// the link reaches both parts, and nothing a caller passes can break out of the Subject header.
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../mail-message.ts';
import { formatDuration } from './format-duration.ts';
import { formatMailTime } from './format-time.ts';
import { applyBrand, LINK_FALLBACK, renderLayout } from './layout.ts';
import { renderMail } from './render-mail.ts';

const site = { siteName: 'Acme <Signoff>', baseUrl: 'https://signoff.example.test' };
const evil = '<img src=x onerror="alert(1)"> & \'q\'';
const link = 'https://signoff.example.test/t?a=1&b=<2>';
/** Where a request came from, as a hostile client could set it (the User-Agent and so the browser's words). */
const source = { device: evil, at: '2026-12-05T09:44:00.000Z', ip: evil };

const messages: MailMessage[] = [
  { orgId: null, to: 'a@example.test', template: 'password-reset', vars: { name: evil, link, expiresMinutes: 30 } },
  { orgId: null, to: 'a@example.test', template: 'account-invite', vars: { name: evil, organization: evil, link, expiresMinutes: 60, invitedBy: evil } },
  { orgId: null, to: 'a@example.test', template: 'security-notice', vars: { name: evil, event: evil, detail: evil } },
  { orgId: null, to: 'a@example.test', template: 'email-code', vars: { name: evil, code: '042917', purpose: evil, expiresMinutes: 10 } },
  { orgId: null, to: 'a@example.test', template: 'enrollment-reminder', vars: { name: evil, mode: 'soft', link } },
  { orgId: null, to: 'a@example.test', template: 'enrollment-reminder', vars: { name: evil, mode: 'hard', link } },
  { orgId: null, to: 'a@example.test', template: 'two-factor-recovery', vars: { name: evil, link, expiresMinutes: 24 * 60 } },
  { orgId: null, to: 'a@example.test', template: 'two-factor-recovery', vars: { name: evil, link, expiresMinutes: 24 * 60, ...source } },
  { orgId: null, to: 'a@example.test', template: 'security-notice', vars: { name: evil, event: evil, detail: evil, ...source } },
  { orgId: null, to: 'a@example.test', template: 'email-code', vars: { name: evil, code: '04291735', purpose: evil, expiresMinutes: 10, guest: true } },
  {
    orgId: null,
    to: 'a@example.test',
    template: 'review-request',
    vars: { name: evil, title: evil, stepName: evil, submittedBy: evil, protectedStep: true, link },
  },
  { orgId: null, to: 'a@example.test', template: 'item-outcome', vars: { name: evil, title: evil, outcome: 'returned', stepName: evil, link } },
  {
    orgId: null,
    to: 'a@example.test',
    template: 'guest-invite',
    vars: { name: evil, invitedBy: evil, organization: evil, title: evil, stepName: evil, link, expiresMinutes: 7 * 1440 },
  },
  {
    orgId: null,
    to: 'a@example.test',
    template: 'audit-checkpoint',
    vars: { organization: evil, seq: 7, headHash: evil, at: evil, kid: evil, filename: 'checkpoint-7.json' },
  },
];

const WORKFLOW_MAIL = new Set(['review-request', 'item-outcome', 'guest-invite']);

describe.each(messages)('template $template', (message) => {
  const out = renderMail(message, site);

  it('escapes every variable and the site name in the html part', () => {
    expect(out.html).not.toContain('<img');
    expect(out.html).not.toContain('<Signoff>');
    expect(out.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;');
    expect(out.html).toContain('Acme &lt;Signoff&gt;');
  });

  it('keeps variables verbatim in the text part and names the site in the subject', () => {
    expect(out.text).toContain(evil);
    // Workflow mail is about an item, named in its subject; the header and footer name the site.
    if (!WORKFLOW_MAIL.has(message.template)) expect(out.subject).toContain('Acme <Signoff>');
  });

  it('is a complete, accessible html document', () => {
    expect(out.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(out.html).toContain('<title>');
    expect(out.html.match(/<h1/g)).toHaveLength(1);
  });
});

describe.each(messages.filter((m) => 'link' in m.vars))('template $template with a link', (message) => {
  const out = renderMail(message, site);

  it('shows the link in both parts', () => {
    expect(out.text).toContain(link);
    expect(out.html).toContain('href="https://signoff.example.test/t?a=1&amp;b=&lt;2&gt;"');
    expect(out.html.split('https://signoff.example.test/t?a=1&amp;b=&lt;2&gt;')).toHaveLength(3);
  });
});

describe('template email-code', () => {
  const out = renderMail(
    { orgId: null, to: 'a@example.test', template: 'email-code', vars: { name: 'Ada', code: '042917', purpose: 'sign in to Acme', expiresMinutes: 10 } },
    site,
  );

  it('shows the code with its leading zero in both parts and keeps it out of the subject', () => {
    expect(out.text).toContain('\n042917\n');
    const code = /<span class="mail-code" style="([^"]*)">042917<\/span>/.exec(out.html);
    expect(code?.[1]).toMatch(/font-family:ui-monospace,[^;]*monospace;font-size:32px;.*letter-spacing:0\.3em/);
    expect(out.subject).not.toContain('042917');
  });

  it('says what the code is for, that it works once and when it expires', () => {
    expect(out.text).toContain('Use this code to sign in to Acme:');
    expect(out.text).toContain('It works once and expires in 10 minutes.');
  });
});

describe('template review-reminder', () => {
  const vars = { name: 'Gwen', title: 'SOP-12', stepName: 'QA', dueAt: '2026-12-08T14:00:00.000Z', minutesLeft: 1440, link: 'https://signoff.example.test/x' };
  const reminder = (v: typeof vars & { expiresMinutes?: number }) =>
    renderMail({ orgId: null, to: 'g@example.test', template: 'review-reminder', vars: v }, site);

  it('tells a guest their fresh link replaces the old one and when it expires, and a member nothing of the kind', () => {
    expect(reminder({ ...vars, expiresMinutes: 14 * 1440 }).text).toContain('This link replaces the one you had; it expires in 14 days.');
    expect(reminder(vars).text).not.toContain('expires');
  });
});

describe('renderMail', () => {
  it('refuses a link that is not http(s)', () => {
    expect(() =>
      renderMail({ orgId: null, to: 'a@example.test', template: 'password-reset', vars: { name: 'A', link: 'javascript:alert(1)', expiresMinutes: 5 } }, site),
    ).toThrow(TypeError);
  });

  it('keeps a subject with line breaks in a variable on one line', () => {
    const out = renderMail(
      { orgId: null, to: 'a@example.test', template: 'security-notice', vars: { name: 'A', event: 'x\r\nBcc: victim@example.test', detail: '' } },
      site,
    );
    expect(out.subject).not.toMatch(/[\r\n]/);
  });
});

describe('formatDuration', () => {
  it('says link lifetimes the way people do', () => {
    expect(formatDuration(30)).toBe('30 minutes');
    expect(formatDuration(1)).toBe('1 minute');
    expect(formatDuration(180)).toBe('3 hours');
    expect(formatDuration(7 * 1440)).toBe('7 days');
  });
});

/** The lines a reader sees in the html part, in order: block by block, tags stripped, entities decoded. */
function visibleLines(html: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return html
    .slice(html.indexOf('<body'))
    .replace(/<br>/g, '\n')
    .replace(/<\/(p|h1|div)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .map((l) => decode(l).trim())
    .filter(Boolean);
}

describe.each(messages)('branded template $template', (message) => {
  const out = renderMail(message, site, { organization: 'Acme <Corp> & Co' });

  it('names the organisation and the site in the header of both parts, escaped in html', () => {
    expect(out.text.startsWith(`Acme <Corp> & Co\nAcme <Signoff>\n\n`)).toBe(true);
    expect(out.html).toMatch(/<div class="mail-header"[^>]*>\n<p[^>]*>Acme &lt;Corp&gt; &amp; Co<\/p>\n<p[^>]*>Acme &lt;Signoff&gt;<\/p>/);
  });

  it('says in the footer of both parts who sent it, for whom, and to which address', () => {
    const footer = 'This email was sent to a@example.test by Acme <Signoff> (https://signoff.example.test) for Acme <Corp> & Co.';
    expect(out.text.endsWith(`\n-- \n${footer}\n`)).toBe(true);
    expect(visibleLines(out.html).at(-1)).toBe(footer);
  });

  it('keeps the plain-text part in step with the html: the same lines in the same order', () => {
    // The one difference: the text part has no button, so the action's label ends with a colon before the address.
    const html = visibleLines(out.html)
      .filter((l) => l !== LINK_FALLBACK)
      .map((l) => l.replace(/:$/, ''));
    const text = out.text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && l !== '--')
      .map((l) => l.replace(/:$/, ''));
    expect(text).toEqual(html);
  });

  it('links only to absolute addresses of this installation', () => {
    for (const [, href] of out.html.matchAll(/href="([^"]*)"/g)) expect(href!.startsWith(`${site.baseUrl}/`)).toBe(true);
  });
});

describe('branding', () => {
  it('is applied to any template laid out with renderLayout, without the template asking for it', () => {
    const plain = renderLayout({ siteName: 'Acme Signoff', subject: 'New kind of mail', heading: 'Hello Ada,', paragraphs: ['Something happened.'] });
    expect(plain.text.startsWith('Acme Signoff\n\nHello Ada,')).toBe(true);
    const branded = applyBrand(plain, { organization: 'Acme Corp', recipient: 'ada@example.test', baseUrl: 'https://signoff.example.test' });
    expect(branded.text).toBe(
      'Acme Corp\nAcme Signoff\n\nHello Ada,\n\nSomething happened.\n\n-- \n' +
        'This email was sent to ada@example.test by Acme Signoff (https://signoff.example.test) for Acme Corp.\n',
    );
    expect(branded.html).toContain('Acme Corp');
  });

  it('names the site once when the organisation has the same name', () => {
    const out = renderMail(messages[0]!, site, { organization: 'Acme <Signoff>' });
    expect(out.text.startsWith('Acme <Signoff>\n\nHello')).toBe(true);
  });

  it('keeps an organisation name with a line break out of the subject and on one header line', () => {
    const out = renderMail(messages[1]!, site, { organization: 'Acme\r\nBcc: victim@example.test' });
    expect(out.text.startsWith('Acme Bcc: victim@example.test\nAcme <Signoff>\n')).toBe(true);
  });
});

describe('template account-invite', () => {
  it('names the inviter, not their address, in the subject', () => {
    const out = renderMail(
      {
        orgId: null,
        to: 'b@example.test',
        template: 'account-invite',
        vars: { name: 'Bo', organization: 'Acme Corp', link, expiresMinutes: 60 * 24, invitedBy: 'Ada Lovelace' },
      },
      site,
    );
    expect(out.subject).toBe('Ada Lovelace invited you to Acme Corp on Acme <Signoff>');
  });
});

describe('template security-notice with where it came from', () => {
  const out = renderMail(
    {
      orgId: null,
      to: 'a@example.test',
      template: 'security-notice',
      vars: {
        name: 'Ada',
        event: 'A device was trusted',
        detail: 'Chrome on macOS will skip the sign-in code for 30 days.',
        device: 'Chrome on macOS',
        at: '2026-12-05T09:44:10.000Z',
        ip: '203.0.113.7',
      },
    },
    site,
  );

  it('lists the browser in words, the time with its time zone and the IP address in both parts', () => {
    expect(out.text).toContain('\nBrowser: Chrome on macOS\nWhen: Saturday 5 December 2026 at 09:44 UTC\nIP address: 203.0.113.7\n');
    expect(out.html).toContain(
      '<strong>Browser:</strong> Chrome on macOS</p>' + '<p style="margin:0 0 4px"><strong>When:</strong> Saturday 5 December 2026 at 09:44 UTC</p>',
    );
  });

  it('names the event mid-sentence in the body and as given in the subject', () => {
    expect(out.text).toContain('This is a notice about your Acme <Signoff> account: a device was trusted.');
    expect(out.subject).toBe('Acme <Signoff> security notice: A device was trusted');
  });

  it('still carries no link (a notice that asks for a click is what phishing looks like)', () => {
    expect(out.html).not.toContain('href=');
  });
});

describe('template two-factor-recovery', () => {
  const out = renderMail(
    {
      orgId: null,
      to: 'a@example.test',
      template: 'two-factor-recovery',
      vars: {
        name: 'Ada',
        link: 'https://signoff.example.test/recover-2fa#token=abc',
        expiresMinutes: 24 * 60,
        device: 'Firefox on Windows',
        at: '2026-12-05T09:44:00.000Z',
        ip: '198.51.100.4',
      },
    },
    site,
  );

  it('is written for a link that must be clicked, with a button, not as a notice with nothing to do', () => {
    expect(out.text).not.toContain('nothing to do');
    expect(out.html).toMatch(/<a class="mail-action" href="https:\/\/signoff\.example\.test\/recover-2fa#token=abc"[^>]*>Reset two-factor authentication<\/a>/);
    expect(out.text).toContain('Open the recovery page with the button below and confirm there.');
    expect(out.text).toContain('The link works once and expires in 24 hours. Nothing changes until you confirm on that page.');
  });

  it('says where the request came from and what to do when it was not the reader', () => {
    expect(out.text).toContain('Browser: Firefox on Windows\nWhen: Saturday 5 December 2026 at 09:44 UTC\nIP address: 198.51.100.4');
    expect(out.text).toContain('If you did not ask for this, do not open the link.');
  });
});

describe('formatMailTime', () => {
  it('says the day, the time and that it is UTC', () => {
    expect(formatMailTime('2026-01-01T00:05:59Z')).toBe('Thursday 1 January 2026 at 00:05 UTC');
    expect(formatMailTime(Date.UTC(2026, 11, 31, 23, 59))).toBe('Thursday 31 December 2026 at 23:59 UTC');
    expect(formatMailTime('not a time')).toBe('not a time');
  });
});
