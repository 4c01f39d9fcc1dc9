// Due dates (issue 13 item 3): a round of a step with `dueInHours` gets its due time when it
// opens. The two reminders and the overdue mark are claimed once each by a conditional UPDATE
// of these columns (… WHERE reminded_half_at IS NULL), so several instances running the due-date
// job at once send each reminder once and apply the overdue action once. `tasks.overdue` copies
// the round's mark so the task list sorts overdue first through one index range scan.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('item_rounds').addColumn('due_at', 'bigint').execute();
  await db.schema.alterTable('item_rounds').addColumn('reminded_half_at', 'bigint').execute();
  await db.schema.alterTable('item_rounds').addColumn('reminded_day_at', 'bigint').execute();
  await db.schema.alterTable('item_rounds').addColumn('overdue_at', 'bigint').execute();
  await db.schema.createIndex('item_rounds_due_idx').on('item_rounds').columns(['closed_at', 'due_at']).execute();
  await db.schema
    .alterTable('tasks')
    .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(sql`0`))
    .execute();
  await db.schema.createIndex('tasks_user_open_overdue_idx').on('tasks').columns(['user_id', 'open', 'overdue', 'assigned_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
