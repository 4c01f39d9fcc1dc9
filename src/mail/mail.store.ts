// All SQL of the mail outbox. A row is `pending` until a worker has handed it to a transport
// (`sent`) or has given up on it (`failed`). A worker owns a pending row only while it holds
// the lease (`claimed_by`, `claimed_until`); every write after the claim is conditional on
// still holding it, so a worker whose lease ran out cannot overwrite another's outcome. A
// message's bodies live in `mail_bodies`, written once: the row delivery updates stays small.
// Where nothing reads a message after it was handed over (SMTP without the mailbox page), its
// body is deleted then; where the mailbox page lists it, a body carrying a credential is deleted
// once that credential has expired (migration 0026).
import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';

export type OutboxRow = DB['mail_outbox'];
export type MailBody = Omit<DB['mail_bodies'], 'mail_id'>;
/** A claimed message with what is sent. */
export type ClaimedMail = OutboxRow & MailBody;

/** The message and its bodies, together (in the caller's transaction, or in one of their own). */
export async function insertMessage(db: Executor, row: OutboxRow, body: MailBody): Promise<void> {
  const insert = async (tx: Executor) => {
    await messageInserted(tx, row);
    await bodyInserted(tx, { mail_id: row.id, ...body });
  };
  await (db.isTransaction ? insert(db) : db.transaction().execute(insert));
}
const messageInserted = compiledStatement((db: Executor, row: OutboxRow) => db.insertInto('mail_outbox').values(row));
const bodyInserted = compiledStatement((db: Executor, row: DB['mail_bodies']) => db.insertInto('mail_bodies').values(row));

/**
 * Claims up to `limit` due messages for `instanceId` in one statement and counts the attempt.
 * PostgreSQL: the subquery locks the rows it picks with FOR UPDATE SKIP LOCKED, so concurrent
 * claimers on other instances pick disjoint rows instead of queueing; a row committed by a
 * concurrent claimer between snapshot and lock is re-checked against the subquery's WHERE
 * clause when it is locked (READ COMMITTED re-evaluation) and dropped, because its lease is now
 * in the future. SQLite: a single UPDATE … RETURNING runs under the database write lock, which
 * is atomic across connections and processes. Either way the subquery's choice stands, so the
 * update finds its rows by id: with the due conditions repeated beside the ids, both databases
 * walked every pending message by the due index to test it against the chosen ids, one claim
 * costing what the backlog holds (23 ms at 2,000 pending messages in the bench).
 * The attempt is counted here rather than after sending so that a message that crashes the
 * worker still runs out of attempts.
 */
export async function claimDue(
  db: Executor,
  dialect: 'sqlite' | 'postgres',
  c: { instanceId: string; now: number; leaseMs: number; limit: number },
): Promise<ClaimedMail[]> {
  const claimed = await claimStatement(db, dialect, c).execute();
  if (claimed.length === 0) return [];
  const bodies = await db
    .selectFrom('mail_bodies')
    .select(['mail_id', 'text_body', 'html_body', 'attachments', 'credential_expires_at'])
    .where(
      'mail_id',
      'in',
      claimed.map((r) => r.id),
    )
    .execute();
  const byId = new Map(bodies.map(({ mail_id, ...body }) => [mail_id, body]));
  return claimed.map((row) => ({ ...row, ...byId.get(row.id)! }));
}

/** The claim of claimDue, as a query (its plan is tested). */
export function claimStatement(db: Executor, dialect: 'sqlite' | 'postgres', c: { instanceId: string; now: number; leaseMs: number; limit: number }) {
  const due = db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', c.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', c.now)]))
    .orderBy('next_attempt_at')
    .limit(c.limit);
  return db
    .updateTable('mail_outbox')
    .set((eb) => ({ claimed_by: c.instanceId, claimed_until: c.now + c.leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll();
}

/** Messages not yet sent nor given up on: due now or waiting for a retry (the backlog gauge). */
export async function countPending(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const claimedBy = (db: Executor, id: string, instanceId: string) =>
  db.updateTable('mail_outbox').where('id', '=', id).where('status', '=', 'pending').where('claimed_by', '=', instanceId);

/**
 * Records in one statement that the transport accepted these messages; the ids recorded (a claim
 * lost meanwhile leaves its id out). Unless `keepBodies` (the mailbox page lists what this
 * transport sent), the bodies of the recorded ones are deleted in the same transaction: nothing
 * reads them after, and a copy of the database must hold neither a link or code that still works
 * nor the text of every notice sent (a message whose claim was lost keeps its body for the
 * instance that holds it now).
 * A message is still pending while this instance's claim is
 * on it: a claim is only taken on a pending message and every write that ends its pending state
 * (this one, scheduleRetry, markFailed) clears the claim in the same statement. So the claim
 * alone is the condition: a `status = 'pending'` beside the ids led both databases' planners to
 * walk the due index through every pending message instead of looking the ids up (SQLite: 240 µs
 * a batch with 3,000 waiting, against 63 µs by id, and growing with the backlog).
 */
export async function markSent(
  db: Executor,
  ids: readonly string[],
  instanceId: string,
  o: { now: number; transport: string; keepBodies: boolean },
): Promise<string[]> {
  const record = async (tx: Executor) => {
    const recorded = (await messagesSent(tx, ids, instanceId, o.now, o.transport)).map((r) => r.id);
    if (!o.keepBodies) await deleteBodies(tx, recorded);
    return recorded;
  };
  // One statement needs no transaction of its own; the record and the delete do.
  return o.keepBodies || db.isTransaction ? record(db) : db.transaction().execute(record);
}
const bodiesDeleted = compiledStatement((db: Executor, ids: readonly string[]) => db.deleteFrom('mail_bodies').where('mail_id', 'in', ids));

/**
 * The ids of up to `limit` messages whose body carries a credential that expired by `now`. A
 * pending message is not among them: the worker that claims it gives it up instead of sending a
 * dead link (deliver-due.ts), and the next sweep takes its body.
 */
export const listExpiredCredentialBodies = async (db: Executor, now: number, limit: number): Promise<string[]> =>
  (await expiredCredentialBodies(db, now, limit)).map((r) => r.mail_id);
/** The statement of listExpiredCredentialBodies (its index is tested: src/platform/db/store-indexes.test.ts). */
export const expiredCredentialBodiesQuery = (db: Executor, now: number, limit: number) =>
  db
    .selectFrom('mail_bodies as b')
    .innerJoin('mail_outbox as o', 'o.id', 'b.mail_id')
    .select('b.mail_id')
    .where('b.credential_expires_at', '<=', now)
    .where('o.status', '<>', 'pending')
    .limit(limit);
const expiredCredentialBodies = compiledQuery(expiredCredentialBodiesQuery);

/** Deletes the bodies of these messages (their outbox rows stay). */
export async function deleteBodies(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await bodiesDeleted(db, ids);
}
const messagesSent = compiledQuery((db: Executor, ids: readonly string[], instanceId: string, now: number, transport: string) =>
  sentStatement(db, ids, instanceId, now, transport),
);
/** The record of markSent, as a query (its plan is tested). */
export const sentStatement = (db: Executor, ids: readonly string[], instanceId: string, now: number, transport: string) =>
  db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: now, transport, claimed_by: null, claimed_until: null })
    .where('id', 'in', ids)
    .where('claimed_by', '=', instanceId)
    .returning('id');

/** Releases the claim and makes the message due again at `nextAttemptAt`. */
export async function scheduleRetry(db: Executor, id: string, instanceId: string, o: { nextAttemptAt: number; error: string }): Promise<boolean> {
  const r = await claimedBy(db, id, instanceId)
    .set({ next_attempt_at: o.nextAttemptAt, last_error: o.error, claimed_by: null, claimed_until: null })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function markFailed(db: Executor, id: string, instanceId: string, o: { error: string }): Promise<boolean> {
  const r = await claimedBy(db, id, instanceId).set({ status: 'failed', last_error: o.error, claimed_by: null, claimed_until: null }).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** `text_body` and `html_body` are null once the credential the message carried expired (its body is gone). */
export type MailboxRow = Pick<OutboxRow, 'id' | 'to_address' | 'template' | 'subject' | 'sent_at'> & { text_body: string | null; html_body: string | null };

/** Sent messages of one organisation, newest first; `transport` narrows to one transport. */
export function listSentForOrg(db: Executor, orgId: string, q: { limit: number; transport?: string | undefined }): Promise<MailboxRow[]> {
  let query = db
    .selectFrom('mail_outbox')
    .leftJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
    .select(['id', 'to_address', 'template', 'subject', 'text_body', 'html_body', 'sent_at'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'sent');
  if (q.transport !== undefined) query = query.where('transport', '=', q.transport);
  return query.orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}
