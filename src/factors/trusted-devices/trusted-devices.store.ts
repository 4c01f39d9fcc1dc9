import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../platform/db/connect.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { UserId } from '../../platform/ids.ts';

export type TrustedDeviceRow = Selectable<DB['trusted_devices']>;

export async function insertTrustedDevice(db: Executor, row: Insertable<DB['trusted_devices']>): Promise<void> {
  await db.insertInto('trusted_devices').values(row).execute();
}

export const findTrustedDeviceByHash = (db: Executor, tokenHash: string): Promise<TrustedDeviceRow | undefined> =>
  db.selectFrom('trusted_devices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const listLiveTrustedDevices = (db: Executor, userId: UserId, now: number): Promise<TrustedDeviceRow[]> =>
  db
    .selectFrom('trusted_devices')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();

export async function touchTrustedDevice(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('trusted_devices').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function revokeTrustedDevice(db: Executor, userId: UserId, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('trusted_devices')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function revokeAllTrustedDevices(db: Executor, userId: UserId, now: number): Promise<number> {
  const r = await db.updateTable('trusted_devices').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
