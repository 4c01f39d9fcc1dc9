// Indexes on foreign keys that are empty on most rows (a guest's invite, an e-signature, an
// upload) are kept only for the rows that have one (issue 14): they exist so that the database
// finds a parent's children quickly (a swept upload, a foreign-key check), and `col = ?` is
// answered by the partial index as before. A row without one (every member's vote, decision
// event and task) no longer writes an entry into each of them: a protected decision writes
// its rows into eight fewer B-trees.
import { sql, type Kysely } from 'kysely';

const PARTIAL: [index: string, table: string, column: string][] = [
  ['item_events_invite_idx', 'item_events', 'actor_invite_id'],
  ['item_events_signature_idx', 'item_events', 'signature_id'],
  ['votes_invite_idx', 'votes', 'invite_id'],
  ['votes_signature_idx', 'votes', 'signature_id'],
  ['tasks_invite_idx', 'tasks', 'invite_id'],
  ['items_upload_idx', 'items', 'upload_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [index, table, column] of PARTIAL) {
    await db.schema.dropIndex(index).execute();
    await db.schema.createIndex(index).on(table).column(column).where(sql.ref(column), 'is not', null).execute();
  }
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}
