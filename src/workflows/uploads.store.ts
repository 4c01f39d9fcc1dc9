// SQL for uploaded files (the bytes live on disk under <data dir>/uploads/<id>).
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { OrgId } from '../platform/ids.ts';

export type UploadRow = Selectable<DB['uploads']>;

export async function insertUpload(db: Executor, row: UploadRow): Promise<void> {
  await db.insertInto('uploads').values(row).execute();
}

export const findUpload = (db: Executor, orgId: OrgId, id: string): Promise<UploadRow | undefined> =>
  db.selectFrom('uploads').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();

/** Gives the upload to one item (its uploader's, once): false when it is taken already. */
export async function attachUpload(tx: Tx, orgId: OrgId, id: string, userId: string, itemId: string): Promise<boolean> {
  const r = await tx.updateTable('uploads').set({ item_id: itemId })
    .where('org_id', '=', orgId).where('id', '=', id).where('user_id', '=', userId).where('item_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
