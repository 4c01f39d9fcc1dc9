// The read side of the outbox: claim due messages, hand each to the transport, record the
// outcome. Delivery is at-least-once by construction (a worker can die after the server
// accepted a message and before the row says so); what keeps it to once in practice is the
// lease, the conditional writes in mail.store.ts and the stable Message-ID for receivers.
import type { Clock } from '../platform/clock.ts';
import { retryWhileBusy, type Db } from '../platform/db/connect.ts';
import type { Metrics } from '../platform/metrics.ts';
import { BATCH_SIZE, LEASE_MS, MAX_ATTEMPTS, MAX_BATCHES_PER_PASS, SEND_TIMEOUT_MS, retryDelayMs } from './back-off.ts';
import { describeError } from './describe-error.ts';
import { claimDue, markFailed, markSent, scheduleRetry, type ClaimedMail } from './mail.store.ts';
import type { MailTransport, OutgoingMail } from './transports/mail-transport.ts';

export type MailLog = { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };

export type DeliveryDeps = {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  transport: MailTransport;
  instanceId: string;
  metrics?: Metrics | undefined;
  log: MailLog;
  /** The mailbox page lists what this transport sent: a message keeps its body (one carrying a credential until it expires), instead of losing it once sent. */
  listsSent: boolean;
};

/** Delivers what is due now, batch by batch; returns how many messages the transport accepted. */
export async function deliverDue(deps: DeliveryDeps): Promise<number> {
  return (await deliveryPass(deps)).delivered;
}

/**
 * Up to MAX_BATCHES_PER_PASS batches; `more` when every batch came back full, so messages may
 * still be due (the worker then starts its next pass at once instead of after its interval:
 * a backlog drains at the transport's pace, not at a pass per interval).
 */
export async function deliveryPass(deps: DeliveryDeps): Promise<{ delivered: number; more: boolean }> {
  let delivered = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
    const claimed = await patient(deps, 'claim', () =>
      claimDue(deps.db, deps.dialect, { instanceId: deps.instanceId, now: deps.clock.now(), leaseMs: LEASE_MS, limit: BATCH_SIZE }),
    );
    delivered += await deliverBatch(deps, claimed);
    if (claimed.length < BATCH_SIZE) return { delivered, more: false };
  }
  return { delivered, more: true };
}

/**
 * Sends a claimed batch one message at a time, then records the messages the transport accepted
 * in one statement: one commit per batch instead of one per message. Sent rows must say so, or
 * they go out again when the lease ends; they do in time, since a send starts only when the
 * batch's lease outlives its timeout. A crash before the record sends the batch's accepted
 * messages again, with the same Message-IDs, as a crash right after any one send always could.
 */
async function deliverBatch(deps: DeliveryDeps, claimed: ClaimedMail[]): Promise<number> {
  const sent: string[] = [];
  for (const row of claimed) if (await sendOne(deps, row)) sent.push(row.id);
  if (sent.length === 0) return 0;
  const recorded = new Set(
    await patient(deps, 'mark sent', () =>
      markSent(deps.db, sent, deps.instanceId, { now: deps.clock.now(), transport: deps.transport.name, keepBodies: deps.listsSent }),
    ),
  );
  const lost = sent.filter((id) => !recorded.has(id));
  if (lost.length > 0) deps.log.warn({ mailIds: lost }, 'mail sent after its claim was lost; a receiver may get it twice with the same Message-ID');
  return sent.length;
}

/** True when the transport accepted the message; a failure is recorded (retry or give up). */
async function sendOne(deps: DeliveryDeps, row: ClaimedMail): Promise<boolean> {
  // Never start a send the lease may not outlive (a stalled process): leave the row to expire.
  if (Number(row.claimed_until) - deps.clock.now() < SEND_TIMEOUT_MS) return false;
  // A link or code that no longer works is not sent (the relay was down past its validity).
  if (row.credential_expires_at !== null && Number(row.credential_expires_at) <= deps.clock.now()) {
    await giveUp(deps, row, 'the link or code it carries expired before it could be sent');
    return false;
  }
  try {
    await withTimeout(deps.transport.send(toOutgoing(row)), SEND_TIMEOUT_MS);
  } catch (err) {
    await recordFailure(deps, row, err);
    return false;
  }
  deps.metrics?.mailSent.inc({ transport: deps.transport.name, outcome: 'sent' });
  return true;
}

async function recordFailure(deps: DeliveryDeps, row: ClaimedMail, err: unknown): Promise<void> {
  const error = describeError(err);
  const attempts = Number(row.attempts);
  if (attempts >= MAX_ATTEMPTS) return giveUp(deps, row, error);
  const nextAttemptAt = deps.clock.now() + retryDelayMs(attempts);
  deps.metrics?.mailSent.inc({ transport: deps.transport.name, outcome: 'retry' });
  await patient(deps, 'schedule retry', () => scheduleRetry(deps.db, row.id, deps.instanceId, { nextAttemptAt, error }));
  deps.log.warn({ mailId: row.id, attempts, nextAttemptAt, error }, 'mail delivery failed; will retry');
}

async function giveUp(deps: DeliveryDeps, row: ClaimedMail, error: string): Promise<void> {
  deps.metrics?.mailSent.inc({ transport: deps.transport.name, outcome: 'failed' });
  await patient(deps, 'mark failed', () => markFailed(deps.db, row.id, deps.instanceId, { error }));
  deps.log.error({ mailId: row.id, template: row.template, attempts: Number(row.attempts), error }, 'mail delivery failed permanently; giving up');
}

/**
 * A write of the worker, retried while SQLite is busy (another process holding the write lock
 * past the busy timeout, e.g. a bulk import): contention delays a pass, it never loses one, and
 * never leaves a sent message unrecorded.
 */
function patient<T>(deps: DeliveryDeps, what: string, work: () => Promise<T>): Promise<T> {
  if (deps.dialect !== 'sqlite') return work();
  return retryWhileBusy(work, {
    onBusy: (attempt, err) => deps.log.info({ attempt, what, code: (err as { code?: string }).code }, 'mail worker: database busy, retrying'),
  });
}

// The Date header is the enqueue time: the moment of the event, identical on every retry.
const toOutgoing = (row: ClaimedMail): OutgoingMail => ({
  id: row.id,
  messageId: row.message_id,
  to: row.to_address,
  subject: row.subject,
  text: row.text_body,
  html: row.html_body,
  date: new Date(Number(row.created_at)),
  attachments: row.attachments ? (JSON.parse(row.attachments) as OutgoingMail['attachments']) : undefined,
});

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`transport did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
