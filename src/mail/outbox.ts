// The write side of the transactional outbox: a message is rendered and stored with the
// caller's executor, so it commits or rolls back together with the event that caused it
// (docs/architecture.md rule 5: side effects leave a transaction only through the outbox). Nothing here
// touches the network.
import type { Clock } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import { isEmailAddress } from '../platform/email-address.ts';
import { carriesCredential, type CredentialVars, type MailMessage, type MailSite } from './mail-message.ts';
import { insertMessage } from './mail.store.ts';
import { renderMail } from './templates/render-mail.ts';

/** `organizationName`: the name shown in the header of a message sent for an organisation (read in the caller's transaction). */
export type OutboxDeps = { clock: Clock; site: MailSite; organizationName?: ((db: Executor, orgId: string) => Promise<string | undefined>) | undefined };

export async function enqueueMail(tx: Executor, deps: OutboxDeps, message: MailMessage): Promise<{ id: string }> {
  assertSingleAddress(message.to);
  const organization = message.orgId && deps.organizationName ? await deps.organizationName(tx, message.orgId) : undefined;
  const rendered = renderMail(message, deps.site, { organization });
  const id = newId('msg');
  const now = deps.clock.now();
  const body = {
    text_body: rendered.text,
    html_body: rendered.html,
    attachments: message.attachments?.length ? JSON.stringify(message.attachments) : null,
    credential_expires_at: credentialExpiresAt(message, now),
  };
  const row = {
    id,
    org_id: message.orgId,
    to_address: message.to,
    template: message.template,
    subject: rendered.subject,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    claimed_by: null,
    claimed_until: null,
    transport: null,
    message_id: messageIdFor(id, deps.site.baseUrl),
    last_error: null,
    created_at: now,
    sent_at: null,
  };
  await insertMessage(tx, row, body);
  return { id };
}

/**
 * RFC 5322 §3.6.4: `msg-id = "<" id-left "@" id-right ">"`, unique worldwide. The row id holds
 * 128 random bits, and the right side names this installation. It is fixed at enqueue and
 * sent unchanged on every retry, so a receiver that got a message whose acknowledgement was
 * lost can recognise the second copy.
 */
function messageIdFor(id: string, baseUrl: string): string {
  let host = 'localhost';
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '') || host;
  } catch {
    /* keep localhost */
  }
  if (!/^[A-Za-z0-9.-]+$/.test(host)) host = 'localhost';
  return `<${id}@${host}>`;
}

/** When the link or code the message carries stops working: its body is kept no longer (null: it carries none). */
function credentialExpiresAt(message: MailMessage, now: number): number | null {
  if (!carriesCredential(message.template)) return null;
  const minutes = (message.vars as CredentialVars).expiresMinutes;
  return minutes === undefined ? null : now + minutes * 60_000;
}

/** One recipient per row: a list or a line break in `to` is a caller bug (and a header-injection risk). */
function assertSingleAddress(to: string): void {
  if (!isEmailAddress(to)) throw new TypeError('mail recipient must be a single plain email address');
}
