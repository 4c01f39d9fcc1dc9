// Evidence: the deployment's signing-key generations (every instance derives the private key
// of a generation from SIGNOFF_SECRET_KEY; the table records which generations exist, so a
// rotation is seen by every instance and old public keys stay published), and signed audit
// checkpoints: one row per (organisation, seq), append-only like the audit trail (0006).
// The mail outbox learns attachments (a checkpoint is emailed to witnesses as a JSON file).
import type { Kysely } from 'kysely';
import { appendOnlyStatements } from './0006-append-only.ts';

export const CHECKPOINT_TABLE = 'audit_checkpoints';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    .addColumn('generation', 'integer', (c) => c.primaryKey())
    .addColumn('kid', 'text', (c) => c.notNull().unique())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();

  await db.schema
    .createTable(CHECKPOINT_TABLE)
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('organization', 'text', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_checkpoints_pk', ['org_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_checkpoints_org_at_idx').on(CHECKPOINT_TABLE).columns(['org_id', 'at']).execute();
  for (const statement of appendOnlyStatements(db, CHECKPOINT_TABLE)) await statement.execute(db);

  // JSON array of {filename, contentType, content} (content as text: checkpoints are small JSON).
  await db.schema.alterTable('mail_outbox').addColumn('attachments', 'text').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
