// Comments on an item (issue 13 item 5): a conversation between the submitter, the reviewers
// and admins, threaded by the content version (`revision`) it speaks about. A comment is never
// edited or deleted once posted (corrections are new comments), so the table is append-only in
// the database itself, like the audit trail and the e-signature records (0006-append-only.ts).
// `seq` orders an item's comments; it is taken under the item's row lock (comments.store.ts).
// The author is a member (author_user_id) or a confirmed guest reviewer (author_invite_id, the
// invite they confirmed their email under): exactly one of the two, checked by the database.
import { sql, type Kysely } from 'kysely';
import { appendOnlyStatements } from './0006-append-only.ts';

export const COMMENTS_TABLE = 'item_comments';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable(COMMENTS_TABLE)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_invite_id', 'text', (c) => c.references('guest_invites.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // JSON array of the user ids mentioned (and emailed): readers of the item only.
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('item_comments_seq_uq', ['item_id', 'seq'])
    .addCheckConstraint('item_comments_one_author_ck', sql`(author_user_id is null) <> (author_invite_id is null)`)
    .execute();
  await db.schema.createIndex('item_comments_org_idx').on(COMMENTS_TABLE).column('org_id').execute();
  await db.schema.createIndex('item_comments_author_idx').on(COMMENTS_TABLE).columns(['author_user_id', 'at']).execute();
  await db.schema.createIndex('item_comments_author_invite_idx').on(COMMENTS_TABLE).column('author_invite_id').execute();
  for (const statement of appendOnlyStatements(db, COMMENTS_TABLE)) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
