// A message's bodies and attachments move out of its outbox row (issue 14). SQLite writes a
// row again whole, overflow pages included, whenever any column of it changes: each claim of
// ten messages rewrote ten rendered HTML and text bodies (17–25 ms under the bench's decisions,
// the server's event loop held meanwhile) and each "sent" mark one more, although neither
// touches a body. The outbox row keeps what delivery changes (status, lease, attempts) and
// what it is found by; `mail_bodies` is written once, at enqueue, and only read after.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mail_bodies')
    .addColumn('mail_id', 'text', (c) => c.primaryKey().references('mail_outbox.id'))
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text')
    .execute();
  await sql`insert into mail_bodies (mail_id, text_body, html_body, attachments) select id, text_body, html_body, attachments from mail_outbox`.execute(db);
  for (const column of ['text_body', 'html_body', 'attachments']) await db.schema.alterTable('mail_outbox').dropColumn(column).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
