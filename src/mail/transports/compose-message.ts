// The RFC 5322 bytes of one Signoff message, composed in one synchronous pass from nodemailer's
// own encoders (quoted-printable, base64, encoded words, header folding and parameters, address
// parsing): the mailbox stores them as .eml and SMTP sends them as they are (smtp.ts), so both
// transports deliver the same message.
//
// Signoff's mail has one shape: a text part and its HTML alternative and, rarely, small text
// attachments (an audit checkpoint's JSON). nodemailer's composer builds that shape as a tree of
// streams: ~1 ms of CPU per message, and composing 2,000 of them took a process from ~90 to
// ~150 MiB resident (glibc keeps the heap its stream chunks churned through; issue 14). Here a
// message is a handful of strings joined once.
//
// Only plain addresses are written: Signoff stores no other kind (docs/security.md D9), and one
// that is not plain is refused here rather than repaired.
import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import * as base64 from 'nodemailer/lib/base64';
import { buildHeaderValue, encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import type { OutgoingMail } from './mail-transport.ts';

/** An address that needs no quoting or angle brackets to be read back as written. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const MEDIA_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/;
const CRLF = '\r\n';

function plainAddress(address: string, what: string): string {
  if (!PLAIN_ADDRESS.test(address)) throw new TypeError(`mail: the ${what} address is not a plain address`);
  return address;
}

/** `SIGNOFF_MAIL_FROM` (`Name <address>` or an address) as its envelope address and its header. */
export function parseSender(from: string): { address: string; header: string } {
  const [first, ...rest] = addressparser(from, { flatten: true });
  if (!first || rest.length > 0) throw new TypeError('mail: the sender must be one address');
  const address = plainAddress(first.address, 'sender');
  return { address, header: first.name ? `${displayName(first.name)} <${address}>` : address };
}

/** A composer for one sender (`SIGNOFF_MAIL_FROM`), parsed once per transport rather than per message. */
export function composerFor(from: string): { sender: { address: string; header: string }; compose(mail: OutgoingMail): Buffer } {
  const sender = parseSender(from);
  return { sender, compose: (mail) => composeMessage(mail, sender) };
}

/** A display name as an atom sequence, a quoted string or an encoded word, as nodemailer writes it. */
function displayName(name: string): string {
  if (/^[\w ']*$/.test(name)) return name;
  return /^[\x20-\x7e]*$/.test(name) ? quoteString(name) : encodeWord(name, 'Q', 52);
}

/** An unstructured header (the subject): one line of text, encoded words where it is not ASCII, folded at 76. */
const textHeader = (key: string, value: string) => foldLines(`${key}: ${encodeWords(value.replace(/[\x00-\x1f\x7f]+/g, ' '), 'Q', 52)}`, 76);

const lineBreaks = (text: string) => text.replace(/\r\n|\r|\n/g, CRLF);

function textPart(mediaType: 'text/plain' | 'text/html', body: string): string {
  return `Content-Type: ${mediaType}; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}` + qp.wrap(qp.encode(lineBreaks(body)), 76);
}

function attachmentPart(a: { filename: string; contentType: string; content: string }): string {
  const mediaType = MEDIA_TYPE.test(a.contentType) ? a.contentType : 'application/octet-stream';
  return (
    `${foldLines(`Content-Type: ${buildHeaderValue({ value: mediaType, params: { name: a.filename } })}`, 76)}${CRLF}` +
    `Content-Transfer-Encoding: base64${CRLF}` +
    `${foldLines(`Content-Disposition: ${buildHeaderValue({ value: 'attachment', params: { filename: a.filename } })}`, 76)}${CRLF}${CRLF}` +
    base64.wrap(base64.encode(Buffer.from(a.content, 'utf8')), 76)
  );
}

/** A multipart body: each part after its delimiter, then the closing delimiter (RFC 2046 §5.1.1). */
const multipart = (boundary: string, parts: string[]) => parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--${CRLF}`;

/** The message as RFC 5322 bytes with CRLF line ends. */
export function composeMessage(mail: OutgoingMail, sender: { header: string }): Buffer {
  // No line of a part can start with `--=_`: quoted-printable writes `=` only before two hex
  // digits or a line break, base64 has no `=` there and no `_`, and part headers start otherwise.
  // Random as well, and short enough for the Content-Type line to stay within 78 characters.
  const id = randomBytes(12).toString('hex');
  const alternative = `=_a_${id}`;
  const body = multipart(alternative, [textPart('text/plain', mail.text), textPart('text/html', mail.html)]);
  const attachments = mail.attachments ?? [];
  const mixed = `=_m_${id}`;
  const [contentType, content] =
    attachments.length === 0
      ? [`multipart/alternative; boundary="${alternative}"`, body]
      : [
          `multipart/mixed; boundary="${mixed}"`,
          multipart(mixed, [`Content-Type: multipart/alternative; boundary="${alternative}"${CRLF}${CRLF}${body}`, ...attachments.map(attachmentPart)]),
        ];
  if (!/^<[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(mail.messageId)) throw new TypeError('mail: the Message-ID is not a msg-id');
  const headers = [
    `From: ${sender.header}`,
    `To: ${plainAddress(mail.to, 'recipient')}`,
    textHeader('Subject', mail.subject),
    `Message-ID: ${mail.messageId}`,
    `Date: ${mail.date.toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ];
  return Buffer.from(`${headers.join(CRLF)}${CRLF}${CRLF}${content}`, 'utf8');
}
