import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../../platform/db/expired-rows.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { OrgId, UserId } from '../../platform/ids.ts';

export type TrustedDeviceRow = Selectable<DB['trusted_devices']>;

/** A trusted device is deleted 30 days after it expired (revoked or not: its token's hash, its browser's name); the trail keeps its trust and revocation. */
export const EXPIRED_TRUSTED_DEVICES: ExpiredRows = { table: 'trusted_devices', key: ['id'], column: 'expires_at', keptMs: 30 * DAY_MS };

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

/**
 * Every live trusted device of an organisation (docs/security.md G3: turning the feature off
 * kills the devices; turning it on again must not revive them). Served by
 * trusted_devices_org_live_idx (migration 0022).
 */
export const revokeOrgTrustedDevicesQuery = (db: Executor, orgId: OrgId, now: number) =>
  db.updateTable('trusted_devices').set({ revoked_at: now }).where('org_id', '=', orgId).where('revoked_at', 'is', null);

export async function revokeOrgTrustedDevices(db: Executor, orgId: OrgId, now: number): Promise<number> {
  return Number((await revokeOrgTrustedDevicesQuery(db, orgId, now).executeTakeFirst()).numUpdatedRows);
}
