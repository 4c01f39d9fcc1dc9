// Indexes no query reads (issue 14): every row written still wrote an entry into each of them.
// No organisation or user is ever deleted, so the organisation and user indexes of these
// tables served no foreign-key check either; every read names an item (its events, votes,
// rounds), a user's open tasks (tasks_user_open_overdue_idx) or a session's token or user.
// tasks_user_open_idx is that index without `overdue`: each task update wrote both. Without
// table statistics SQLite could also pick an organisation index, which matches every row.
// A protected decision writes about six pages fewer (of 66), counted in the WAL of the bench's
// 2,000 decisions; a sign-in one fewer.
import type { Kysely } from 'kysely';

export const UNREAD_INDEXES = [
  'item_events_org_idx',
  'item_events_actor_idx',
  'votes_org_idx',
  'votes_user_idx',
  'tasks_org_idx',
  'tasks_user_open_idx',
  'item_rounds_org_idx',
  'sessions_org_idx',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of UNREAD_INDEXES) await db.schema.dropIndex(index).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
