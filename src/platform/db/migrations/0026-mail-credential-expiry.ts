// A message that carries a credential (a reset, invitation, recovery or guest link, an emailed
// code: mail-message.ts MAIL_TEMPLATES) keeps its body only while that credential works. The
// tables that issue them keep only hashes; a body kept for good undid that for anyone holding a
// copy of the database (a backup taken within an invitation's validity set the invitee's
// password). `credential_expires_at` is when the credential the body carries stops working
// (null: it carries none); the mail sweep deletes bodies past it, found through the partial
// index (only credential messages' bodies are in it). Messages already stored cannot say when
// their credential expires: they are given the longest validity a credential can have, the
// 90 days of SIGNOFF_INVITE_DAYS's maximum, so no link still working loses its body.
import { sql, type Kysely } from 'kysely';

const LONGEST_CREDENTIAL_MS = 90 * 86_400_000;
const CREDENTIAL_TEMPLATES = ['password-reset', 'account-invite', 'two-factor-recovery', 'email-code', 'guest-invite', 'review-reminder'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_bodies').addColumn('credential_expires_at', 'bigint').execute();
  await sql`update mail_bodies set credential_expires_at = (select created_at from mail_outbox where mail_outbox.id = mail_bodies.mail_id) + ${LONGEST_CREDENTIAL_MS}
    where mail_id in (select id from mail_outbox where template in (${sql.join(CREDENTIAL_TEMPLATES)}))`.execute(db);
  await db.schema
    .createIndex('mail_bodies_credential_expires_idx')
    .on('mail_bodies')
    .column('credential_expires_at')
    .where(sql.ref('credential_expires_at'), 'is not', null)
    .execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
