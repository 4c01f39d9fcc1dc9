// SQL for guest invites and guest sessions.
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/connect.ts';
import type { DB } from '../../platform/db/tables.ts';

export type InviteRow = Selectable<DB['guest_invites']>;

export async function insertInvite(tx: Tx, row: InviteRow): Promise<void> {
  await tx.insertInto('guest_invites').values(row).execute();
}

export const findInviteById = (db: Executor, orgId: string, id: string): Promise<InviteRow | undefined> =>
  db.selectFrom('guest_invites').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();

export async function markInviteDecided(tx: Tx, id: string, now: number): Promise<void> {
  await tx.updateTable('guest_invites').set({ decided_at: now }).where('id', '=', id).where('decided_at', 'is', null).execute();
}
