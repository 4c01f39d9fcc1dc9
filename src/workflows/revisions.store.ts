// SQL for an item's content versions (revise and resubmit, issue 13 item 1): one append-only
// row per revision, and the claim that serialises a revision with decisions and cancellation.
import type { Selectable } from 'kysely';
import { compiledQuery } from '../platform/db/compiled-query.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { ItemId, OrgId } from '../platform/ids.ts';
import { claimed, type ClaimedItem } from './items.store.ts';

export type ItemVersionRow = Selectable<DB['item_versions']>;

export async function insertItemVersion(tx: Tx, row: ItemVersionRow): Promise<void> {
  await tx.insertInto('item_versions').values(row).execute();
}

export const listItemVersions: (db: Executor, itemId: ItemId) => Promise<ItemVersionRow[]> = compiledQuery((db: Executor, itemId: ItemId) =>
  db.selectFrom('item_versions').selectAll().where('item_id', '=', itemId).orderBy('revision'),
);

export const findItemVersion = (db: Executor, orgId: OrgId, itemId: ItemId, revision: number): Promise<ItemVersionRow | undefined> =>
  db.selectFrom('item_versions').selectAll().where('org_id', '=', orgId).where('item_id', '=', itemId).where('revision', '=', revision).executeTakeFirst();

/**
 * Claims the item for a revision as it was read (same round, same status, same revision): the
 * row lock on PostgreSQL and the write lock on SQLite, like `claimOpenItem`, so a revision and
 * a decision (or a cancellation, or another revision) on one item are serialised and the one
 * that comes second sees what the first did. Undefined when the item moved meanwhile.
 */
export async function claimItemForRevision(
  tx: Tx,
  orgId: OrgId,
  id: ItemId,
  seen: { round: number; status: string; revision: number },
  now: number,
): Promise<ClaimedItem | undefined> {
  const r = await tx
    .updateTable('items')
    .set({ updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('round', '=', seen.round)
    .where('status', '=', seen.status)
    .where('revision', '=', seen.revision)
    .executeTakeFirst();
  return claimed(tx, id, now, { numAffectedRows: r.numUpdatedRows });
}

/** The claimed item now carries the new version: its content, hash and revision, in review again at `step` in `round`. */
export async function moveItemToRevision(
  tx: Tx,
  item: ClaimedItem,
  v: { content_text: string | null; upload_id: string | null; content_hash: string; revision: number; current_step: number; round: number },
): Promise<void> {
  await tx
    .updateTable('items')
    .set({ ...v, status: 'in_review', closed_at: null })
    .where('id', '=', item.id)
    .execute();
}
