// The task list's row (issue 14 item 2): a reviewer's page of open tasks read the item (title,
// workflow, submitter) and the round (due date) of every task through two joins, two look-ups
// by key per task: most of the page's SQL. What it needs of them never changes once the task
// exists: an item keeps its title, submitter and workflow version through every revision, and a
// round's due date is set when it opens. So each task carries a copy, written with it. The
// submitter's name and address still come from the user row (people are renamed).
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('title', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('submitter_id', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('workflow_id', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('workflow_version', 'integer').execute();
  await db.schema.alterTable('tasks').addColumn('due_at', 'bigint').execute();
  await copyIntoTasks(db);
}

/** Fills the copies of the tasks that have none (those written before this migration). */
export async function copyIntoTasks(db: QueryExecutorProvider): Promise<void> {
  await sql`
    update tasks set
      title = (select items.title from items where items.id = tasks.item_id),
      submitter_id = (select items.submitter_id from items where items.id = tasks.item_id),
      workflow_id = (select items.workflow_id from items where items.id = tasks.item_id),
      workflow_version = (select items.workflow_version from items where items.id = tasks.item_id),
      due_at = (select item_rounds.due_at from item_rounds where item_rounds.item_id = tasks.item_id and item_rounds.round = tasks.round)
    where title is null`.execute(db);
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
