// Revise and resubmit (issue 13 item 1): an item keeps every content version it had. Each
// revision is one append-only row (the text or the upload, its SHA-256, the note saying why,
// who and when, and the first round of review it opened), the item carries its current
// revision number, and each history entry the revision it happened at.
import { sql, type Kysely } from 'kysely';
import { appendOnlyStatements } from './0006-append-only.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('item_versions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('content_text', 'text')
    .addColumn('upload_id', 'text', (c) => c.references('uploads.id'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('first_round', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_versions_pk', ['item_id', 'revision'])
    .execute();
  await db.schema.createIndex('item_versions_org_idx').on('item_versions').column('org_id').execute();
  await db.schema.createIndex('item_versions_upload_idx').on('item_versions').column('upload_id').execute();
  await db.schema
    .alterTable('items')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('item_events').addColumn('revision', 'integer').execute();
  // Items submitted before this release: their content is revision 1, opened with round 1.
  await sql`INSERT INTO item_versions (item_id, revision, org_id, content_text, upload_id, content_hash, note, created_by, created_at, first_round)
    SELECT id, 1, org_id, content_text, upload_id, content_hash, NULL, submitter_id, created_at, 1 FROM items`.execute(db);
  await sql`UPDATE item_events SET revision = 1`.execute(db);
  // A version, once written, is never changed: what was reviewed stays what was reviewed.
  for (const statement of appendOnlyStatements(db, 'item_versions')) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
