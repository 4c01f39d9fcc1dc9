// Workflows: versioned definitions, uploads, items, the rounds of review (one per entry into a
// step), tasks (who may act in a round), votes (one per reviewer per round: the unique key is
// K1), e-signature records, the item history, and guest invites with their sessions.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workflows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workflows_org_idx').on('workflows').column('org_id').execute();
  await db.schema.createIndex('workflows_created_by_idx').on('workflows').column('created_by').execute();

  // A version is never changed once written: items keep the one they started with.
  await db.schema
    .createTable('workflow_versions')
    .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_versions_pk', ['workflow_id', 'version'])
    .execute();
  await db.schema.createIndex('workflow_versions_org_idx').on('workflow_versions').column('org_id').execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .execute();
  await db.schema.createIndex('uploads_org_user_idx').on('uploads').columns(['org_id', 'user_id']).execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
    .addColumn('workflow_version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('content_text', 'text')
    .addColumn('upload_id', 'text', (c) => c.references('uploads.id'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('submitter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_step', 'integer')
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('items_org_status_idx').on('items').columns(['org_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('items_submitter_idx').on('items').columns(['submitter_id', 'updated_at']).execute();
  await db.schema.createIndex('items_workflow_idx').on('items').column('workflow_id').execute();
  await db.schema.createIndex('items_upload_idx').on('items').column('upload_id').execute();

  // One row per entry into a step; `reviewers` is the number of tasks opened for it (threshold "all").
  await db.schema
    .createTable('item_rounds')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('reviewers', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('outcome', 'text')
    .addPrimaryKeyConstraint('item_rounds_pk', ['item_id', 'round'])
    .execute();
  await db.schema.createIndex('item_rounds_org_idx').on('item_rounds').column('org_id').execute();

  await db.schema
    .createTable('guest_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('guest_invites_item_idx').on('guest_invites').columns(['item_id', 'round']).execute();
  await db.schema.createIndex('guest_invites_org_idx').on('guest_invites').column('org_id').execute();
  await db.schema.createIndex('guest_invites_invited_by_idx').on('guest_invites').column('invited_by').execute();

  // A guest browser session: its code (HMAC) is valid only for it (docs/security.md I2).
  await db.schema
    .createTable('guest_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invite_id', 'text', (c) => c.notNull().references('guest_invites.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', 'bigint')
    .addColumn('code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_at', 'bigint')
    .execute();
  await db.schema.createIndex('guest_sessions_invite_idx').on('guest_sessions').column('invite_id').execute();
  await db.schema.createIndex('guest_sessions_org_idx').on('guest_sessions').column('org_id').execute();

  // Who may act in a round: a user (groups and roles expanded when the step opens) or a guest
  // invite. `open` is 1 until the reviewer decides or the round closes.
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('reviewer_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('invite_id', 'text', (c) => c.references('guest_invites.id'))
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('tasks_reviewer_uq', ['item_id', 'round', 'reviewer_key'])
    .execute();
  await db.schema.createIndex('tasks_user_open_idx').on('tasks').columns(['user_id', 'open', 'assigned_at', 'id']).execute();
  await db.schema.createIndex('tasks_invite_idx').on('tasks').column('invite_id').execute();
  await db.schema.createIndex('tasks_org_idx').on('tasks').column('org_id').execute();

  // 21 CFR Part 11 §11.50/11.70: printed name, UTC time, meaning, bound to the content hash by
  // `record_mac` (HMAC under the server key over every field), so it cannot be moved.
  await db.schema
    .createTable('signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('printed_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('meaning', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'bigint', (c) => c.notNull())
    .addColumn('record_mac', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signatures_item_idx').on('signatures').column('item_id').execute();
  await db.schema.createIndex('signatures_user_idx').on('signatures').column('user_id').execute();
  await db.schema.createIndex('signatures_org_idx').on('signatures').column('org_id').execute();

  await db.schema
    .createTable('votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('reviewer_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('invite_id', 'text', (c) => c.references('guest_invites.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('method', 'text')
    .addColumn('factor_id', 'text')
    .addColumn('signature_id', 'text', (c) => c.references('signatures.id'))
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('votes_reviewer_uq', ['item_id', 'round', 'reviewer_key'])
    .execute();
  await db.schema.createIndex('votes_org_idx').on('votes').column('org_id').execute();
  await db.schema.createIndex('votes_user_idx').on('votes').column('user_id').execute();
  await db.schema.createIndex('votes_invite_idx').on('votes').column('invite_id').execute();
  await db.schema.createIndex('votes_signature_idx').on('votes').column('signature_id').execute();

  // The item's own history (what the item page shows); the audit trail holds the same events
  // and, besides them, the failures (security log).
  await db.schema
    .createTable('item_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_invite_id', 'text', (c) => c.references('guest_invites.id'))
    .addColumn('actor_name', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('step_index', 'integer')
    .addColumn('decision', 'text')
    .addColumn('comment', 'text')
    .addColumn('method', 'text')
    .addColumn('signature_id', 'text', (c) => c.references('signatures.id'))
    .addUniqueConstraint('item_events_seq_uq', ['item_id', 'seq'])
    .execute();
  await db.schema.createIndex('item_events_org_idx').on('item_events').column('org_id').execute();
  await db.schema.createIndex('item_events_actor_idx').on('item_events').column('actor_user_id').execute();
  await db.schema.createIndex('item_events_invite_idx').on('item_events').column('actor_invite_id').execute();
  await db.schema.createIndex('item_events_signature_idx').on('item_events').column('signature_id').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
