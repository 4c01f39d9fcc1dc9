// The composer against two readers: mailparser must read back exactly what was given, and it
// must read the same from our bytes as from nodemailer's own composer (the one Signoff used
// before: the differential check that the lean pass loses nothing a mail client sees).
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { composeMessage, parseSender } from './compose-message.ts';
import type { OutgoingMail } from './mail-transport.ts';

const base: OutgoingMail = {
  id: 'msg_1',
  messageId: '<msg_1@signoff.example>',
  to: 'reviewer@example.com',
  subject: 'Review requested: Quarterly report',
  text: 'Hello,\n\nplease review.\n',
  html: '<p>Hello,</p><p>please review.</p>',
  date: new Date('2026-12-06T10:00:00Z'),
};

const tricky: OutgoingMail = {
  ...base,
  subject: `Décision requise : « Rapport trimestriel » ✓ 🚀 ${'très long sujet '.repeat(8).trimEnd()}`,
  text: `Ligne é\r\nCR only\rLF only\ntrailing spaces   \n${'x'.repeat(1200)}\n.\nFrom the start\n= sign =3D\n`,
  html: `<p>Ünïcödé ✓ &amp; ${'<b>gras</b> '.repeat(200)}</p>\n<p>trailing tab\t</p>`,
};

const FROM = '"Signoff, Ünïcode QA" <signoff@example.com>';
const sender = parseSender(FROM);
const fromOf = (p: ParsedMail) => p.from?.value[0];
const toOf = (p: ParsedMail) => (p.to as AddressObject | undefined)?.value[0];

function nodemailerCompose(mail: OutgoingMail, from: string): Promise<Buffer> {
  return new MailComposer({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  })
    .compile()
    .build();
}

const lines = (raw: Buffer) => raw.toString('latin1').split('\r\n');

describe('composeMessage', () => {
  it.each([
    ['a plain message', base],
    ['unicode, long lines, bare CR and LF line ends, trailing spaces and dot lines', tricky],
  ])('reads back %s exactly as given', async (_, mail) => {
    const parsed = await simpleParser(composeMessage(mail, sender));
    expect(parsed.subject).toBe(mail.subject);
    expect(fromOf(parsed)).toEqual({ name: 'Signoff, Ünïcode QA', address: 'signoff@example.com' });
    expect(toOf(parsed)?.address).toBe(mail.to);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.date?.toISOString()).toBe(mail.date.toISOString());
    expect(parsed.text).toBe(mail.text.replace(/\r\n|\r/g, '\n'));
    expect(parsed.html).toBe(mail.html.replace(/\r\n|\r/g, '\n'));
    expect(parsed.attachments).toEqual([]);
  });

  it('reads back the same subject, addresses, bodies and attachments as nodemailer composes', async () => {
    const mail: OutgoingMail = {
      ...tricky,
      // nodemailer keeps a bare CR as data; ours makes it the line break it was meant as (tested above).
      text: tricky.text.replace(/\r(?!\n)/g, '\n'),
      attachments: [
        { filename: 'checkpoint-org_1-100.json', contentType: 'application/json', content: '{"note":"é ✓"}\n' },
        { filename: 'résumé du contrôle ✓.txt', contentType: 'text/plain', content: 'ligne\n' },
      ],
    };
    const [ours, theirs] = await Promise.all([simpleParser(composeMessage(mail, sender)), nodemailerCompose(mail, FROM).then(simpleParser)]);
    for (const read of [(p: ParsedMail) => p.subject, fromOf, toOf, (p: ParsedMail) => p.text, (p: ParsedMail) => p.html, (p: ParsedMail) => p.date?.getTime()])
      expect(read(ours)).toEqual(read(theirs));
    const files = (p: ParsedMail) => p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('utf8') }));
    expect(files(ours)).toEqual(files(theirs));
    expect(files(ours)).toEqual(mail.attachments);
  });

  it('writes seven-bit lines of at most 78 characters, every one ended by CRLF', () => {
    const raw = composeMessage({ ...tricky, attachments: [{ filename: 'é.json', contentType: 'application/json', content: 'x'.repeat(500) }] }, sender);
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
    expect(raw.toString('latin1')).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    expect(lines(raw).filter((l) => l.length > 78)).toEqual([]);
  });

  it('keeps a line break in the subject inside the subject: no header of its own', async () => {
    const raw = composeMessage({ ...base, subject: 'Hi\r\nBcc: attacker@evil.test\nX-Injected: 1' }, sender);
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.subject).toBe('Hi Bcc: attacker@evil.test X-Injected: 1');
  });

  it.each(['a@example.com, b@evil.test', '"a@evil.test"@example.com', 'a@example.com\r\nBcc: b@evil.test', 'Name <a@example.com>', 'a@'])(
    'refuses to address %j',
    (to) => {
      expect(() => composeMessage({ ...base, to }, sender)).toThrow(/recipient address is not a plain address/);
    },
  );

  it('refuses a sender that is not one plain address', () => {
    expect(() => parseSender('a@example.com, b@example.com')).toThrow(/one address/);
    expect(() => parseSender('Signoff <"x y"@example.com>')).toThrow(/not a plain address/);
    expect(parseSender('"Signoff, QA" <signoff@example.com>').header).toBe('"Signoff, QA" <signoff@example.com>');
    expect(parseSender('signoff@example.com')).toEqual({ address: 'signoff@example.com', header: 'signoff@example.com' });
  });

  it('names an attachment of an unusable media type application/octet-stream, never a header of its own', async () => {
    const raw = composeMessage({ ...base, attachments: [{ filename: 'a.bin', contentType: 'text/plain\r\nX-Injected: 1', content: 'x' }] }, sender);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments[0]!.contentType).toBe('application/octet-stream');
    expect(raw.toString('latin1')).not.toContain('X-Injected');
  });

  it('draws a new boundary for every message', () => {
    const boundary = (raw: Buffer) => /boundary="([^"]+)"/.exec(raw.toString('latin1'))![1];
    expect(boundary(composeMessage(base, sender))).not.toBe(boundary(composeMessage(base, sender)));
  });
});
