// SQL for e-signature records (append-only: nothing updates or deletes them).
import type { Selectable } from 'kysely';
import { compiledQuery } from '../platform/db/compiled-query.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { ItemId, OrgId } from '../platform/ids.ts';

export type SignatureRow = Selectable<DB['signatures']>;

export async function insertSignature(tx: Tx, row: SignatureRow): Promise<void> {
  await tx.insertInto('signatures').values(row).execute();
}

export const listItemSignatures: (db: Executor, orgId: OrgId, itemId: ItemId) => Promise<SignatureRow[]> = compiledQuery(
  (db: Executor, orgId: OrgId, itemId: ItemId) =>
    db.selectFrom('signatures').selectAll().where('org_id', '=', orgId).where('item_id', '=', itemId).orderBy('signed_at').orderBy('id'),
);

export const findSignature = (db: Executor, orgId: OrgId, id: string): Promise<SignatureRow | undefined> =>
  db.selectFrom('signatures').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
