// Every template, with hostile variables: the HTML part shows them and never interprets them,
// the link reaches both parts, and nothing a caller passes can break out of the Subject header.
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../mail-message.ts';
import { formatDuration } from './format-duration.ts';
import { renderMail } from './render-mail.ts';

const site = { siteName: 'Acme <Signoff>', baseUrl: 'https://signoff.example.test' };
const evil = '<img src=x onerror="alert(1)"> & \'q\'';
const link = 'https://signoff.example.test/t?a=1&b=<2>';

const messages: MailMessage[] = [
  { orgId: null, to: 'a@example.test', template: 'password-reset', vars: { name: evil, link, expiresMinutes: 30 } },
  { orgId: null, to: 'a@example.test', template: 'account-invite', vars: { name: evil, organization: evil, link, expiresMinutes: 60, invitedBy: evil } },
  { orgId: null, to: 'a@example.test', template: 'security-notice', vars: { name: evil, event: evil, detail: evil } },
  { orgId: null, to: 'a@example.test', template: 'email-code', vars: { name: evil, code: '042917', purpose: evil, expiresMinutes: 10 } },
  { orgId: null, to: 'a@example.test', template: 'enrollment-reminder', vars: { name: evil, mode: 'soft', link } },
  { orgId: null, to: 'a@example.test', template: 'enrollment-reminder', vars: { name: evil, mode: 'hard', link } },
  { orgId: null, to: 'a@example.test', template: 'two-factor-recovery', vars: { name: evil, link, expiresMinutes: 24 * 60 } },
];

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
    expect(out.subject).toContain('Acme <Signoff>');
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
  const out = renderMail({ orgId: null, to: 'a@example.test', template: 'email-code', vars: { name: 'Ada', code: '042917', purpose: 'sign in to Acme', expiresMinutes: 10 } }, site);

  it('shows the code with its leading zero in both parts and keeps it out of the subject', () => {
    expect(out.text).toContain('\n042917\n');
    expect(out.html).toContain('<p style="margin:0 0 16px">042917</p>');
    expect(out.subject).not.toContain('042917');
  });

  it('says what the code is for, that it works once and when it expires', () => {
    expect(out.text).toContain('Use this code to sign in to Acme:');
    expect(out.text).toContain('It works once and expires in 10 minutes.');
  });
});

describe('renderMail', () => {
  it('refuses a link that is not http(s)', () => {
    expect(() => renderMail({ orgId: null, to: 'a@example.test', template: 'password-reset', vars: { name: 'A', link: 'javascript:alert(1)', expiresMinutes: 5 } }, site))
      .toThrow(TypeError);
  });

  it('keeps a subject with line breaks in a variable on one line', () => {
    const out = renderMail({ orgId: null, to: 'a@example.test', template: 'security-notice', vars: { name: 'A', event: 'x\r\nBcc: victim@example.test', detail: '' } }, site);
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
