// The item list of someone with many tasks (GET /items, workflows/items.store.ts listItems): it
// walked the organisation's items newest first and looked each up for a task of theirs, so its
// cost grew with every item other people had touched since (17 ms per page in the bench, once
// its decisions had moved 4,000 items nobody in the list reviewed). A task now carries its
// item's `updated_at`, kept in step by every write that moves it, and the page walks the
// reader's own tasks by it, newest first, and stops after the page.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('item_updated_at', 'bigint').execute();
  await sql`update tasks set item_updated_at = (select items.updated_at from items where items.id = tasks.item_id)`.execute(db);
  await db.schema.createIndex('tasks_user_item_updated_idx').on('tasks').columns(['user_id', 'item_updated_at', 'item_id']).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
