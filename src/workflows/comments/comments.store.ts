// SQL for item comments: the append-only rows (migration 0015), and the item's reviewers ever
// (with its submitter and the admins, the people a comment can @mention). Nothing here updates or deletes a comment: the database refuses it.
import { sql, type Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { ItemId, OrgId, UserId } from '../../platform/ids.ts';

export type CommentRow = Selectable<DB['item_comments']>;

/**
 * Takes the item's row lock (PostgreSQL) or the write lock (SQLite) without changing the row,
 * so the comments of one item get their `seq` one after the other, across instances.
 */
export async function lockItem(tx: Tx, orgId: OrgId, itemId: ItemId): Promise<void> {
  await tx
    .updateTable('items')
    .set({ updated_at: sql<number>`updated_at` })
    .where('org_id', '=', orgId)
    .where('id', '=', itemId)
    .execute();
}

/** Appends a comment after the item's last one; call with the item locked (lockItem). */
export async function insertComment(tx: Tx, row: Omit<CommentRow, 'seq'>): Promise<CommentRow> {
  const last = await tx
    .selectFrom('item_comments')
    .select(sql<number>`max(seq)`.as('seq'))
    .where('item_id', '=', row.item_id)
    .executeTakeFirst();
  const full = { ...row, seq: Number(last?.seq ?? 0) + 1 };
  await tx.insertInto('item_comments').values(full).execute();
  return full;
}

/** An item's comments, oldest first. */
export const listComments = (db: Executor, orgId: OrgId, itemId: ItemId): Promise<CommentRow[]> =>
  db.selectFrom('item_comments').selectAll().where('org_id', '=', orgId).where('item_id', '=', itemId).orderBy('seq').execute();

/** Every user who holds or held a task on the item: its reviewers, ever. */
export async function listReviewerIds(db: Executor, itemId: ItemId): Promise<UserId[]> {
  const rows = await db.selectFrom('tasks').select('user_id').distinct().where('item_id', '=', itemId).where('user_id', 'is not', null).execute();
  return rows.map((r) => r.user_id! as UserId);
}
