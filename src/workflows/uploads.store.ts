// SQL for uploaded files (the bytes live on disk under <data dir>/uploads/<id>).
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { ItemId, OrgId, UserId } from '../platform/ids.ts';

export type UploadRow = Selectable<DB['uploads']>;

export async function insertUpload(db: Executor, row: UploadRow): Promise<void> {
  await db.insertInto('uploads').values(row).execute();
}

export const findUpload = (db: Executor, orgId: OrgId, id: string): Promise<UploadRow | undefined> =>
  db.selectFrom('uploads').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();

/** Gives the upload to one item (its uploader's, once): false when it is taken already. */
export async function attachUpload(tx: Tx, orgId: OrgId, id: string, userId: UserId, itemId: ItemId): Promise<boolean> {
  const r = await tx
    .updateTable('uploads')
    .set({ item_id: itemId })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('item_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A user's uploads not attached to an item and uploaded after `since`: how many, how many bytes. */
export async function sumPendingUploads(db: Executor, orgId: OrgId, userId: UserId, since: number): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('uploads')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('bytes')])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('item_id', 'is', null)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), bytes: Number(row.bytes) };
}

/** Uploads still not attached to an item that were uploaded at or before `before` (oldest first). */
export const listExpiredPendingUploads = (db: Executor, before: number, limit: number): Promise<{ id: string }[]> =>
  db.selectFrom('uploads').select('id').where('item_id', 'is', null).where('created_at', '<=', before).orderBy('created_at').limit(limit).execute();

/** Deletes the upload if it is still not attached to an item (an item taking it meanwhile wins). */
export async function deletePendingUpload(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('uploads').where('id', '=', id).where('item_id', 'is', null).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
