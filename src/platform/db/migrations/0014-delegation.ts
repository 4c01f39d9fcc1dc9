// Out-of-office delegation (issue 13 item 4): one row per user who names a delegate for a
// period; the delegate may decide that user's open tasks while it runs, with their own factors.
// A vote records on whose behalf it was cast (sealed with it), the history entry names that
// person, and one user votes at most once per round whatever the capacity (the unique index
// backs the check made after the item is claimed).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delegations')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('delegate_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('set_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.createIndex('delegations_delegate_idx').on('delegations').columns(['delegate_user_id', 'ends_at']).execute();
  await db.schema.alterTable('votes').addColumn('on_behalf_of', 'text').execute();
  await db.schema.alterTable('item_events').addColumn('on_behalf_of_user_id', 'text').execute();
  await db.schema.alterTable('item_events').addColumn('on_behalf_of_name', 'text').execute();
  await db.schema.alterTable('item_events').addColumn('on_behalf_of_email', 'text').execute();
  await db.schema.createIndex('votes_one_per_user_idx').on('votes').columns(['item_id', 'round', 'user_id']).unique().execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
