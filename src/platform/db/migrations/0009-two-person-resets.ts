// Two-person resets (21 CFR 11.200(a)(3)): in an organisation with e-signature steps, an
// admin's reset of a user's second factors is a request that a second, different admin
// approves or rejects. One pending request per user (a partial unique index would not be
// portable, so `pending_user_id` carries the user id while pending and NULL afterwards: both
// databases let a unique column hold many NULLs).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('two_factor_reset_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('pending_user_id', 'text', (c) => c.unique())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'bigint')
    .execute();
  // A signature's `credentialsReset` looks up the entries about its signer in the 24 hours before it.
  await db.schema.createIndex('audit_entries_target_idx').on('audit_entries').columns(['org_id', 'target_type', 'target_id', 'at']).execute();
  await db.schema.createIndex('two_factor_reset_requests_org_idx').on('two_factor_reset_requests').columns(['org_id', 'requested_at']).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
