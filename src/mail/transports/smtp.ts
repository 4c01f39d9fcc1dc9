// The only importer of nodemailer (docs/architecture.md "one library, one owner"), with
// compose-message.ts, which composes every message from its encoders: SMTP sends those bytes as
// they are and the mailbox stores them, so both transports deliver the same message.
// Loaded with the first mail, not at start (issue 14, idle memory).
import type { Transporter } from 'nodemailer';
import type { composerFor } from './compose-message.ts';
import type { MailTransport } from './mail-transport.ts';

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
  let composer: ReturnType<typeof composerFor> | undefined;
  return {
    name: 'smtp',
    async send(mail) {
      composer ??= (await import('./compose-message.ts')).composerFor(o.from);
      transporter ??= (await nodemailer()).createTransport({
        url: o.url,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        greetingTimeout: GREETING_TIMEOUT_MS,
        socketTimeout: SOCKET_TIMEOUT_MS,
      });
      // A raw message goes out unchanged, to the envelope given (the one recipient, never a header's list).
      await transporter.sendMail({ envelope: { from: composer.sender.address, to: [mail.to] }, raw: composer.compose(mail) });
    },
    close: () => transporter?.close(),
  };
}
