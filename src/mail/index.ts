// Mail: a transactional outbox (docs/guide.md §9). Callers enqueue inside their own transaction;
// a worker on every instance delivers with retries over SMTP, or into the local mailbox when
// no SMTP server is configured. A sink: it imports only platform/, callers hand it plain data.
import { join } from 'node:path';
import { iso, type Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { Db, Executor } from '../platform/db/connect.ts';
import type { Metrics } from '../platform/metrics.ts';
import { deliverDue, deliveryPass, type MailLog } from './deliver-due.ts';
import { countPending, deleteBodies, listExpiredCredentialBodies, listSentForOrg } from './mail.store.ts';
import { carriesCredential, type MailMessage } from './mail-message.ts';
import { enqueueMail } from './outbox.ts';
import { createMailboxTransport, removeMailboxFiles } from './transports/mailbox.ts';
import type { MailTransport } from './transports/mail-transport.ts';
import { createSmtpTransport } from './transports/smtp.ts';
import { createWorker } from './worker.ts';

export type { MailAttachment, MailMessage } from './mail-message.ts';
export { carriesCredential } from './mail-message.ts';
export type { MailTransport } from './transports/mail-transport.ts';

/**
 * `redacted`: a credential message to someone else, shown without its body (`text` is the
 * placeholder, `html` empty). `expired`: the link or code it carried has expired and its body is
 * no longer kept (the same placeholder shape).
 */
type MailboxEntry = { id: string; to: string; subject: string; text: string; html: string; at: string; redacted: boolean; expired: boolean };

export type Mail = {
  /** Renders the template and inserts into mail_outbox using the caller's transaction (or db). */
  enqueue(tx: Executor, message: MailMessage): Promise<{ id: string }>;
  /** Claims and delivers due messages once; returns how many were delivered. */
  deliverDue(): Promise<number>;
  /** Polls every config.mailPollMs, first pass at once. */
  startWorker(): void;
  /** Stops polling and waits for an in-flight pass. */
  stopWorker(): Promise<void>;
  /**
   * Messages delivered to the local mailbox for an org (newest first): for GET /api/v1/dev/mailbox.
   * Messages that carry a credential (MAIL_TEMPLATES) and are addressed to anyone but `viewerEmail`
   * come as placeholders, unless SIGNOFF_DEV_MAILBOX=1 (config.mail.devMailbox).
   */
  listMailbox(db: Executor, orgId: string, q: { viewerEmail: string; limit?: number | undefined }): Promise<MailboxEntry[]>;
  /** Deletes one batch of the bodies whose link or code has expired, and their local mailbox files; 'more' when the batch was full. */
  sweepExpiredCredentials(batch?: number): Promise<number | 'more'>;
};

export type MailDeps = {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  config: Pick<Config, 'mail' | 'dataDir' | 'siteName' | 'baseUrl' | 'mailPollMs'>;
  metrics?: Metrics;
  log?: MailLog;
  /** Names this instance's claims; unique per running process. */
  instanceId: string;
  /** Overrides the transport chosen from config (a relay wrapper, or a failing one in tests). */
  transport?: MailTransport;
  /** The organisation's name for the branded header and footer (accounts owns organisations; main.ts wires it). */
  organizationName?: (db: Executor, orgId: string) => Promise<string | undefined>;
};

/** Bodies deleted per statement of the sweep (and per turn of the event loop it takes). */
const SWEEP_BATCH = 500;
const MAILBOX_DEFAULT_LIMIT = 50;
const MAILBOX_MAX_LIMIT = 200;
const silent: MailLog = { info() {}, warn() {}, error() {} };

export function createMail(deps: MailDeps): Mail {
  const { config } = deps;
  const site = { siteName: config.siteName, baseUrl: config.baseUrl };
  const mailboxDir = join(config.dataDir, 'mail');
  const transport =
    deps.transport ??
    (config.mail.transport === 'smtp'
      ? createSmtpTransport({ url: config.mail.smtpUrl, from: config.mail.from })
      : createMailboxTransport({ dir: mailboxDir, from: config.mail.from }));
  // With SMTP and SIGNOFF_DEV_MAILBOX=1 the page shows what went out over SMTP too; otherwise
  // only what the mailbox transport holds.
  const listedTransport = config.mail.transport === 'smtp' && config.mail.devMailbox ? undefined : 'mailbox';
  const delivery = {
    listsSent: listedTransport === undefined || listedTransport === transport.name,
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    transport,
    instanceId: deps.instanceId,
    metrics: deps.metrics,
    log: deps.log ?? silent,
  };
  // The backlog, counted when /metrics is read: what an operator alerts on when the relay is down
  // or the instances deliver more slowly than they enqueue.
  deps.metrics?.gaugeReadOnScrape('signoff_mail_pending', 'Outbox messages not yet delivered nor given up on (due now or waiting for a retry)', () =>
    countPending(deps.db),
  );
  const worker = createWorker({ pollMs: config.mailPollMs, run: () => deliveryPass(delivery), log: delivery.log });

  return {
    enqueue: (tx, message) => enqueueMail(tx, { clock: deps.clock, site, organizationName: deps.organizationName }, message),
    deliverDue: () => deliverDue(delivery),
    startWorker: () => worker.start(),
    stopWorker: () => worker.stop(),
    async listMailbox(db, orgId, { viewerEmail, limit = MAILBOX_DEFAULT_LIMIT }) {
      const n = Number.isFinite(limit) ? Math.min(Math.max(1, Math.trunc(limit)), MAILBOX_MAX_LIMIT) : MAILBOX_DEFAULT_LIMIT;
      const rows = await listSentForOrg(db, orgId, { limit: n, transport: listedTransport });
      const viewer = viewerEmail.trim().toLowerCase();
      return rows.map((r) => {
        const base = { id: r.id, to: r.to_address, subject: r.subject, at: iso(Number(r.sent_at)) };
        const hidden = !config.mail.devMailbox && carriesCredential(r.template) && r.to_address.toLowerCase() !== viewer;
        if (hidden) return { ...base, text: `Credential message for ${r.to_address}, not shown.`, html: '', redacted: true, expired: false };
        if (r.text_body === null || r.html_body === null)
          return { ...base, text: 'Its link or code has expired; its text is no longer kept.', html: '', redacted: false, expired: true };
        return { ...base, text: r.text_body, html: r.html_body, redacted: false, expired: false };
      });
    },
    async sweepExpiredCredentials(batch = SWEEP_BATCH) {
      const ids = await listExpiredCredentialBodies(deps.db, deps.clock.now(), batch);
      // The local mailbox's file of the message first (whichever transport serves now: it may
      // have delivered before a switch to SMTP), then its text in the outbox: should the process
      // stop between the two, the next sweep finds the message again.
      await removeMailboxFiles(mailboxDir, ids);
      await deleteBodies(deps.db, ids);
      return ids.length === batch ? 'more' : ids.length;
    },
  };
}
