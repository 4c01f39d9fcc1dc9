// SQL for revoking every trusted device of an organisation at once (docs/security.md G3: turning the
// feature off kills the devices; turning it on again must not revive them). It belongs beside
// the per-user statements in trusted-devices/trusted-devices.store.ts, where it can move.
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';

export async function revokeOrgTrustedDevices(db: Executor, orgId: OrgId, now: number): Promise<number> {
  const r = await db.updateTable('trusted_devices').set({ revoked_at: now }).where('org_id', '=', orgId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
