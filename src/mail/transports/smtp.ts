// The only importer of nodemailer (docs/architecture.md "one library, one owner"). It sends over SMTP and
// also composes the raw RFC 5322 bytes the mailbox transport stores, so both transports
// produce the same message from the same code.
// Loaded with the first mail, not at start (issue 14, idle memory).
import type { Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMail } from './mail-transport.ts';

// Each bound stays well under the worker's per-send budget (SEND_TIMEOUT_MS in back-off.ts),
// so nodemailer gives up on a stuck server before the worker's lease could run out.
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 20_000;
const nodemailer = async () => (await import('nodemailer')).default;

export function createSmtpTransport(o: { url: string; from: string }): MailTransport {
  // One connection per message (no pool): the worker sends a handful at a time, and a fresh
  // connection cannot be a stale one the server already dropped.
  let transporter: Transporter | undefined;
  return {
    name: 'smtp',
    async send(mail) {
      transporter ??= (await nodemailer()).createTransport({
        url: o.url,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        greetingTimeout: GREETING_TIMEOUT_MS,
        socketTimeout: SOCKET_TIMEOUT_MS,
      });
      await transporter.sendMail(toNodemailer(mail, o.from));
    },
    close: () => transporter?.close(),
  };
}

/** The message as RFC 5322 bytes with CRLF line ends, exactly as it would go over SMTP. */
let composer: Transporter | undefined;
export async function composeRawMessage(mail: OutgoingMail, from: string): Promise<Buffer> {
  // Made once: a transporter made per message added ~0.3 ms of CPU to each (~1.1 ms in all).
  composer ??= (await nodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail(toNodemailer(mail, from));
  const raw = info.message;
  if (!Buffer.isBuffer(raw)) throw new TypeError('nodemailer stream transport returned a stream despite buffer: true');
  return raw;
}

function toNodemailer(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    // Content is inline text held on the outbox row, never a path or a URL (refused below).
    ...(mail.attachments?.length
      ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) }
      : {}),
    // Message content never names files or URLs to inline; refuse them should a template ever try.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
