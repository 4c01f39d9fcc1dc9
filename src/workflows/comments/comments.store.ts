// SQL for item comments: the append-only rows (migration 0015) and who may read an item, for
// resolving @mentions. Nothing here updates or deletes a comment: the database refuses it.
import { sql, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { ItemId, OrgId } from '../../platform/ids.ts';

export type CommentRow = Selectable<DB['item_comments']>;

/**
 * Takes the item's row lock (PostgreSQL) or the write lock (SQLite) without changing the row,
 * so the comments of one item get their `seq` one after the other, across instances.
 */
export async function lockItem(tx: Tx, orgId: OrgId, itemId: ItemId): Promise<void> {
  await tx.updateTable('items').set({ id: sql<string>`id` }).where('org_id', '=', orgId).where('id', '=', itemId).execute();
}

/** Appends a comment after the item's last one; call with the item locked (lockItem). */
export async function insertComment(tx: Tx, row: Omit<CommentRow, 'seq'>): Promise<CommentRow> {
  const last = await tx.selectFrom('item_comments').select(sql<number>`max(seq)`.as('seq')).where('item_id', '=', row.item_id).executeTakeFirst();
  const full = { ...row, seq: Number(last?.seq ?? 0) + 1 };
  await tx.insertInto('item_comments').values(full).execute();
  return full;
}

/** An item's comments, oldest first. */
export const listComments = (db: Executor, orgId: OrgId, itemId: ItemId): Promise<CommentRow[]> =>
  db.selectFrom('item_comments').selectAll().where('org_id', '=', orgId).where('item_id', '=', itemId).orderBy('seq').execute();

/**
 * The active people who can read the item, for @mentions: its submitter, everyone who holds or
 * held a task on it, and the organisation's admins (the same rule as item-view.ts loadVisible).
 */
export function listReaders(db: Executor, orgId: OrgId, item: { id: string; submitter_id: string }) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('org_id', '=', orgId).where('active', '=', 1)
    .where((eb) => eb.or([
      eb('id', '=', item.submitter_id),
      eb('id', 'in', eb.selectFrom('tasks').select('tasks.user_id').where('tasks.item_id', '=', item.id).where('tasks.user_id', 'is not', null).$narrowType<{ user_id: string }>()),
      eb('roles', 'like', '%"admin"%'),
    ]))
    .orderBy('name').orderBy('id').execute();
}
